"""Search queries and snippets, independent of the database.

The index holds *keys*, not surface words (see :mod:`marsad.cluster.terms`): a ``body`` column of
search keys (article and unambiguous clitics stripped, spelling normalised) and an ``alt`` column of
loose keys (any leading و ف ب ل ك also stripped). A query is keyed the same way, so ``أوكرانيا``
finds ``اوكرانيا``, ``وأوكرانيا`` and ``لأوكرانيا``; ranking prefers the exact-key columns.

Query syntax: words are ANDed; ``"..."`` is a phrase; ``OR`` between two terms; a leading ``-``
excludes a term. Latin words (English names) are searched in the names column as well.

Snippets are cut from the ORIGINAL text: the words whose keys match a query key are found with
their offsets and the densest window around them is shown, matches marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.cluster.terms import loose_key, search_key, word_tokens
from marsad.text.normalize import normalize

_QUERY_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(slots=True)
class Term:
    keys: list[str]  # search keys (one per word; several for a phrase)
    loose: list[str]
    latin: bool = False
    negated: bool = False
    or_prev: bool = False


@dataclass(slots=True)
class Query:
    terms: list[Term] = field(default_factory=list)

    def match_keys(self) -> tuple[set[str], set[str]]:
        """Keys that mark a word as a hit in a snippet (positive terms only)."""
        strict: set[str] = set()
        loose: set[str] = set()
        for t in self.terms:
            if not t.negated:
                strict.update(t.keys)
                loose.update(t.loose)
        return strict, loose


def _words(text: str) -> list[str]:
    return [n for _, _, n in word_tokens(text)]


def parse_query(text: str) -> Query:
    """Parse a user query (see the module docstring). Punctuation-only words are dropped."""
    q = Query()
    pending_or = False
    for m in _QUERY_RE.finditer(text):
        neg, phrase, word = m.group(1), m.group(2), m.group(3)
        if word is not None:
            if word == "OR":
                pending_or = bool(q.terms)
                continue
            if word.startswith("-") and len(word) > 1:
                neg, word = "-", word[1:]
            norms = _words(word)
        else:
            norms = _words(phrase or "")
        if not norms:
            continue
        if word is not None and len(norms) > 1:
            # a word with inner punctuation (ابو-ظبي, U.S.) is a phrase of its parts
            pass
        latin = all(n.isascii() for n in norms)
        q.terms.append(
            Term(
                keys=[search_key(n) for n in norms],
                loose=[loose_key(n) for n in norms],
                latin=latin,
                negated=bool(neg),
                or_prev=pending_or,
            )
        )
        pending_or = False
    return q


def _fts_string(keys: list[str]) -> str:
    return '"' + " ".join(k.replace('"', "") for k in keys) + '"'


def fts_expression(q: Query) -> str:
    """The FTS5 MATCH expression of a parsed query over columns title, body, alt, names."""
    parts: list[tuple[str, Term]] = []
    for t in q.terms:
        strict = _fts_string(t.keys)
        if t.latin:
            expr = "{title body names} : " + strict
        else:
            expr = "({title body names} : " + strict + " OR alt : " + _fts_string(t.loose) + ")"
        parts.append((expr, t))
    positives = [(e, t) for e, t in parts if not t.negated]
    if not positives:
        raise ValueError("the query has no term to look for (only exclusions)")
    out = ""
    for e, t in positives:
        if not out:
            out = e
        elif t.or_prev:
            out = f"({out} OR {e})"
        else:
            out = f"{out} AND {e}"
    for e, t in parts:
        if t.negated:
            out = f"({out}) NOT {e}"
    return out


def index_fields(title: str | None, keys: list[str], loose: list[str], names: str) -> dict[str, str]:
    """The text of each index column for one document."""
    tkeys = [search_key(n) for n in _words(title or "")]
    tloose = [loose_key(n) for n in _words(title or "")]
    name_words = _words(names)
    name_keys = sorted({search_key(n) for n in name_words} | {loose_key(n) for n in name_words})
    return {
        "title": " ".join(tkeys),
        "body": " ".join(keys),
        "alt": " ".join(tloose + loose),
        "names": normalize(names) + " " + " ".join(name_keys),
    }


def highlight(text: str, q: Query, width: int = 28, mark: tuple[str, str] = ("**", "**")) -> tuple[str, list[tuple[int, int]]]:
    """A snippet of ``text`` around the densest cluster of query matches, with the matches marked.

    Returns the snippet and the ``[start, end)`` offsets (into ``text``) of every match in it.
    """
    strict, loose = q.match_keys()
    toks = word_tokens(text)
    hits = [i for i, (_, _, n) in enumerate(toks) if search_key(n) in strict or loose_key(n) in loose]
    if not toks:
        return "", []
    if hits and len(toks) > width:
        best_start, best_count = hits[0], 0
        j = 0
        for i, h in enumerate(hits):
            while hits[j] < h - width + 1:
                j += 1
            if i - j + 1 > best_count:
                best_count, best_start = i - j + 1, hits[j]
        first = max(0, best_start - 4)
    else:
        first = 0
    last = min(len(toks), first + width)
    s0, s1 = toks[first][0], toks[last - 1][1]
    spans = [(toks[i][0], toks[i][1]) for i in hits if first <= i < last]
    out, pos = [], s0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(mark[0] + text[a:b] + mark[1])
        pos = b
    out.append(text[pos:s1])
    snippet = " ".join("".join(out).split())
    if first > 0:
        snippet = "… " + snippet
    if last < len(toks):
        snippet = snippet + " …"
    return snippet, spans
