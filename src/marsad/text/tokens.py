"""Tokens with offsets into the original text, and a conservative clitic analysis.

Tokenisation runs on the *original* text so that every token's ``start``/``end`` is exact; each token
carries its normalised form for matching. Words keep their diacritics and tatweel inside the original
span (they are combining marks or letters of the word), numbers keep their separators (3.5, 1,000,
٣٫٥), and every other non-space character is a punctuation token of its own, except runs of dots
(``...``) and the ellipsis which stay one token.

Clitics. Arabic attaches conjunctions (و ف), prepositions (ب ل ك), the future particle (س), the
article (ال, لل after ل) and object/possessive pronouns to words. Matching needs to see through them,
but names must not be broken: لبنان, بيروت, وليد, فلسطين, كوريا begin with letters that look like
clitics. So the analysis here offers *candidates*, whole word first, and the default stem strips only
what is unambiguous (a clitic chain ending in the article, e.g. وبال-, لل-). Components with a lexicon
(the gazetteer) try the other candidates and accept one only when the lexicon knows the remainder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import _CACHE as _NORM_CACHE
from marsad.text.normalize import normalize

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_LETTERS = rf"[^\W\d_{_MARKS}]"
_WORD = rf"[A-Za-z][A-Za-z0-9]*|(?:{_LETTERS}|[{_MARKS}])(?:{_LETTERS}|[{_MARKS}])*"
_NUMBER = r"\d+(?:[.,٫٬]\d+)*"
TOKEN_RE = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>{_WORD})|(?P<dots>\.{{2,}}|…)|(?P<punct>\S)")

WORD, NUM, PUNCT = "word", "num", "punct"


@dataclass(slots=True)
class Token:
    """A token: ``[start, end)`` in the original text, its normalised form and its kind."""

    start: int
    end: int
    text: str
    norm: str
    kind: str  # word | num | punct

    @property
    def is_word(self) -> bool:
        return self.kind == WORD


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens whose offsets slice the original text exactly."""
    tokens: list[Token] = []
    append = tokens.append
    cached = _NORM_CACHE.get  # normalize()'s own cache, read here without a call per token
    for m in TOKEN_RE.finditer(text):
        surface = m.group()
        norm = cached(surface)
        if norm is None:
            norm = normalize(surface)
        kind = m.lastgroup
        if kind == "word":
            if norm:  # a stray diacritic or tatweel on its own is not a word
                append(Token(m.start(), m.end(), surface, norm, WORD))
        elif kind == "num":
            append(Token(m.start(), m.end(), surface, norm, NUM))
        else:
            append(Token(m.start(), m.end(), surface, norm, PUNCT))
    return tokens


# --- clitics -------------------------------------------------------------------------------------

# Proclitic chains in normalised form, longest first. Conjunction (و/ف), then preposition (ب/ل/ك),
# then the article. ``لل`` is ل + ال with the alef dropped.
_ARTICLE_CHAINS = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_PLAIN_CHAINS = ("وب", "فب", "ول", "فل", "وك", "فك", "وس", "فس", "و", "ف", "ب", "ل", "ك")
_ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك", "ي")

MIN_STEM = 2


def conservative_stem(norm: str) -> tuple[str, str]:
    """Strip only unambiguous proclitics; return ``(prefix, stem)``.

    A clitic chain ending in the article (وال، بال، لل ...) is stripped down to the article, which
    stays on the stem (``وبالحكومة`` -> ``و ب`` + ``الحكومه``), provided at least three letters follow
    the article so that words like والي and والد stay whole. Nothing else is stripped: whether و in
    وليد is a conjunction needs a lexicon.
    """
    for chain in _ARTICLE_CHAINS:
        if chain == "ال":
            break
        if norm.startswith(chain):
            rest = norm[len(chain) :]
            if len(rest) >= 3:
                if chain.endswith("لل"):
                    return chain[:-1], "ال" + rest
                return chain[:-2], "ال" + rest
            break
    return "", norm


@lru_cache(maxsize=262144)
def proclitic_splits(norm: str) -> tuple[tuple[str, str], ...]:
    """Every ``(prefix, rest)`` split of proclitics, whole word first, longer prefixes later.

    ``rest`` keeps the article when the chain had one (``لل`` yields ``ال``-forms), and a variant
    without the article is also offered, because gazetteer names are stored both ways. Cached: the
    same words recur in every article.
    """
    return tuple(_proclitic_splits(norm))


def _proclitic_splits(norm: str) -> Iterator[tuple[str, str]]:
    yield "", norm
    seen = {norm}
    for chain in _ARTICLE_CHAINS:
        if norm.startswith(chain) and len(norm) - len(chain) >= MIN_STEM:
            rest = norm[len(chain) :]
            pre = chain[:-1] if chain.endswith("لل") else chain[:-2]
            with_article = "ال" + rest
            if pre and with_article not in seen:
                seen.add(with_article)
                yield pre, with_article
            if rest not in seen:
                seen.add(rest)
                yield chain, rest
    for chain in _PLAIN_CHAINS:
        if norm.startswith(chain) and len(norm) - len(chain) >= MIN_STEM + 1:
            rest = norm[len(chain) :]
            if rest not in seen:
                seen.add(rest)
                yield chain, rest


def enclitic_splits(norm: str) -> Iterator[tuple[str, str]]:
    """Every ``(stem, suffix)`` split of a pronoun suffix, whole word first.

    A stem ending in ت after stripping is also offered with ه (ta marbuta written open before a
    suffix: دعوته -> دعوه + ...; قيادتها -> قياده + ها).
    """
    yield norm, ""
    for suf in _ENCLITICS:
        if norm.endswith(suf) and len(norm) - len(suf) >= MIN_STEM + 1:
            stem = norm[: -len(suf)]
            yield stem, suf
            if stem.endswith("ت"):
                yield stem[:-1] + "ه", suf


def strip_article(norm: str) -> str:
    """``ال``-less form of a normalised word (used for name keys)."""
    if norm.startswith("ال") and len(norm) > 4:
        return norm[2:]
    return norm
