"""The knowledge base as loaded at run time: entities, an index of their Arabic names, and lookups.

Three indexes over names, from strict to loose, because the linker trusts them differently:

* ``forms`` -- the normalised surface form (token norms joined by spaces): the gazetteer's index;
* ``keys`` -- the transliteration key (:func:`marsad.text.namekey.name_key`): spelling variants meet;
* ``fuzzy`` -- one edit away from a stored form, for typos in longer names.

The gazetteer (:meth:`KnowledgeBase.match_tokens`) walks the tokens once: at each word it looks up the
word and its proclitic splits (whole word first) in a dict keyed by the first token of every name, then
checks the few candidate names that start there, longest first. That is linear in the text length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.kb.model import KBEntity
from marsad.text.namekey import FuzzyIndex, name_key
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD, Token, proclitic_splits, tokenize

# how a name points at an entity -> how much the linker trusts it (higher wins ties)
# entity families whose names are matched exactly only: tens of thousands of package-sourced places
# and generated ministry names, where one edit mostly lands on another real word
NO_TYPOS = ("place:gn:", "place:awc:", "org:ministry:", "person:awc:")
# entity families imported wholesale from packages: their names are only trusted as written
PACKAGE_SOURCED = ("place:gn:", "place:awc:", "person:awc:")
HOW_RANK = {"full": 5, "acronym": 4, "metonym": 4, "capital": 2, "demonym": 3, "short": 1, "title": 0}


@dataclass(frozen=True, slots=True)
class NameRef:
    entity_id: str
    how: str
    weight: float = 1.0


@dataclass(slots=True)
class GazetteerMatch:
    """A name found in the text: tokens ``[tok_start, tok_end)``, the characters it covers (the
    proclitic of the first token excluded), the stored form and what it may refer to."""

    tok_start: int
    tok_end: int
    start: int
    end: int
    form: str
    prefix: str
    refs: tuple[NameRef, ...]


def form_of(text: str) -> str:
    """The stored form of a name: normalised word tokens joined by single spaces."""
    return " ".join(t.norm for t in tokenize(text) if t.kind == WORD or t.kind == "num")


class KnowledgeBase:
    """Entities and name indexes; build with :func:`marsad.kb.build.build`, load with :func:`marsad.kb.load`."""

    def __init__(self, version: str = "") -> None:
        self.version = version
        self.entities: dict[str, KBEntity] = {}
        self.forms: dict[str, list[NameRef]] = {}
        self.keys: dict[str, list[NameRef]] = {}
        self.titles: list[dict] = []
        self._first: dict = {}
        self._heads: dict[str, tuple[tuple[str, str, dict], ...]] = {}
        self._fuzzy: FuzzyIndex[str] | None = None
        self._last_match: tuple[Sequence[Token], list[GazetteerMatch]] | None = None

    # --- building -------------------------------------------------------------------------------

    def add_entity(self, ent: KBEntity) -> None:
        old = self.entities.get(ent.id)
        if old is not None:  # later sources add names and fill gaps, never overwrite facts
            for f in ("country", "actor_code", "wikidata", "lat", "lon", "admin1", "geonames_id", "population", "gender"):
                if getattr(old, f) is None and getattr(ent, f) is not None:
                    setattr(old, f, getattr(ent, f))
            old.aliases.extend(a for a in ent.aliases if a not in old.aliases)
            return
        self.entities[ent.id] = ent

    def add_name(self, form_text: str, ref: NameRef) -> None:
        form = form_of(form_text)
        if not form:
            return
        bucket = self.forms.setdefault(form, [])
        if ref not in bucket:
            bucket.append(ref)
        key = name_key(form)
        if key:
            kb = self.keys.setdefault(key, [])
            if ref not in kb:
                kb.append(ref)

    def finish(self) -> None:
        """Build the token trie the gazetteer walks; called after all sources are added.

        The trie is nested dicts keyed by normalised tokens; the key ``"\\x00"`` (never a token) holds the
        stored form of a name that ends at that node.
        """
        trie: dict = {}
        for form in self.forms:
            node = trie
            for part in form.split(" "):
                node = node.setdefault(part, {})
            node["\x00"] = form
        self._first = trie
        self._heads = {}

    def __getstate__(self) -> dict:
        return {
            "version": self.version,
            "entities": self.entities,
            "forms": self.forms,
            "keys": self.keys,
            "titles": self.titles,
            "first": self._first,
        }

    def __setstate__(self, state: dict) -> None:
        self.version = state["version"]
        self.entities = state["entities"]
        self.forms = state["forms"]
        self.keys = state["keys"]
        self.titles = state["titles"]
        self._first = state["first"]
        self._heads = {}
        self._fuzzy = None
        self._last_match = None

    # --- lookups --------------------------------------------------------------------------------

    def get(self, entity_id: str | None) -> KBEntity | None:
        return self.entities.get(entity_id) if entity_id else None

    def by_form(self, text: str) -> list[NameRef]:
        return self.forms.get(form_of(text), [])

    def by_key(self, text: str) -> list[NameRef]:
        key = name_key(text)
        return self.keys.get(key, []) if key else []

    @property
    def fuzzy(self) -> FuzzyIndex[str]:
        """One-edit index over stored forms of five letters or more (built on first use)."""
        if self._fuzzy is None:
            idx: FuzzyIndex[str] = FuzzyIndex(min_len=5)
            for form, refs in self.forms.items():
                if any(HOW_RANK.get(r.how, 0) >= 3 and not r.entity_id.startswith(NO_TYPOS)
                       for r in refs):
                    idx.add(form, form)
            self._fuzzy = idx
        return self._fuzzy

    def lookup(self, text: str) -> list[tuple[KBEntity, str, str]]:
        """Everything ``text`` may name, with the index that found it (``form``/``key``/``fuzzy``)
        and the kind of name (``how``); strongest first. For ``marsad kb lookup`` and the linker."""
        out: list[tuple[KBEntity, str, str]] = []
        seen: set[str] = set()
        norm = form_of(text)
        candidates: list[tuple[str, list[NameRef]]] = [("form", self.forms.get(norm, []))]
        first, _, rest = norm.partition(" ")
        for pre, stem in proclitic_splits(first):
            if pre:
                candidates.append((f"form after clitic {pre}", self.forms.get(f"{stem} {rest}".strip(), [])))
        candidates.append(("key", self.by_key(text)))
        for via, refs in candidates:
            for r in sorted(refs, key=lambda r: -HOW_RANK.get(r.how, 0)):
                if r.entity_id not in seen and r.entity_id in self.entities:
                    seen.add(r.entity_id)
                    out.append((self.entities[r.entity_id], r.how, via))
        if not out:
            for form, _ in self.fuzzy.fuzzy(norm):
                for r in self.forms.get(form, []):
                    if r.entity_id not in seen and r.entity_id in self.entities:
                        seen.add(r.entity_id)
                        out.append((self.entities[r.entity_id], r.how, f"fuzzy ({form})"))
        return out

    def match_tokens(self, tokens: Sequence[Token]) -> list[GazetteerMatch]:
        """Every longest, non-overlapping name occurrence in ``tokens`` (left to right).

        The result for the last token list is kept, so components that run one after the other on
        the same document (entities, then places) match it once.
        """
        last = self._last_match
        if last is not None and last[0] is tokens:
            return last[1]
        matches = self._match_tokens(tokens)
        self._last_match = (tokens, matches)
        return matches

    def _split_ok(self, pre: str, head: str, form: str) -> bool:
        """Whether a clitic split may reach a name: taking the article off (الليل -> ليل) or a
        clitic off a short word (لجان -> جان) reaches package-sourced place names far more often by
        accident than by design, so those splits count only for curated names."""
        if not pre or (not pre.endswith("ال") and len(head) > 3):
            return True
        return any(not r.entity_id.startswith(PACKAGE_SOURCED) for r in self.forms.get(form, ()))

    def _heads_for(self, norm: str) -> tuple[tuple[str, str, dict], ...]:
        """The proclitic splits ``(prefix, head, trie node)`` of a word whose head starts a name,
        whole word first."""
        first_index = self._first
        return tuple(
            (pre, head, node) for pre, head in proclitic_splits(norm) if (node := first_index.get(head)) is not None
        )

    def _match_tokens(self, tokens: Sequence[Token]) -> list[GazetteerMatch]:
        matches: list[GazetteerMatch] = []
        n = len(tokens)
        forms = self.forms
        norms = [t.norm for t in tokens]
        # the name-starting splits of every distinct word, memoised across documents (the same words
        # recur in every article): only the few tokens that may start a name are visited
        memo = self._heads
        if len(memo) >= 200_000:
            memo.clear()
        for w in set(norms).difference(memo):
            memo[w] = self._heads_for(w)
        nxt = 0
        for i in [i for i, w in enumerate(norms) if memo[w]]:
            if i < nxt:
                continue  # inside the previous match
            tok = tokens[i]
            if tok.kind != WORD:
                continue
            best: tuple[int, str, str] | None = None  # (end token, form, prefix)
            for pre, head, node in memo[norms[i]]:
                k = i + 1
                while node is not None:
                    form = node.get("\x00")
                    if form is not None and (best is None or k > best[0]) and self._split_ok(pre, head, form):
                        best = (k, form, pre)
                    if k >= n:
                        break
                    node = node.get(norms[k])
                    k += 1
            if best is None:
                continue
            end, form, pre = best
            cut = _prefix_chars(tok.text, pre)
            if normalize(tok.text[cut:]) != form.split(" ", 1)[0]:
                cut = 0  # ل + ال written لل: the article is not in the text, keep the whole word
            start_char = tok.start + cut
            matches.append(
                GazetteerMatch(i, end, start_char, tokens[end - 1].end, form, pre, tuple(forms[form]))
            )
            nxt = end
        return matches


def _prefix_chars(surface: str, prefix_norm: str) -> int:
    """Characters of ``surface`` taken by a proclitic whose normalised form is ``prefix_norm``
    (diacritics on the clitic letters are skipped along with them)."""
    if not prefix_norm:
        return 0
    want = len(prefix_norm)
    seen = 0
    for i, ch in enumerate(surface):
        if normalize(ch):
            if seen == want:
                return i
            seen += 1
    return len(surface)
