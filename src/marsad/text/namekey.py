"""Keys that let spelling variants of a name meet, and a typo-tolerant index over them.

Foreign names reach Arabic through several transliteration habits: "g" is written ج (Egypt's
newsrooms), غ (the Levant and Gulf) or ك; "t" is ت or ط; "s" is س or ص; long vowels are written or
left out (بوتين / بوتن); the article comes and goes. :func:`name_key` folds all of that, so
كيم جونج أون and كيم جونغ أون, بيونج يانج and بيونغ يانغ share one key. A key is deliberately lossy:
it is a way to find *candidates*, and the linker decides among them.

:class:`FuzzyIndex` adds one-edit tolerance for longer words (الوزعيم -> الزعيم) with a symmetric
deletion index: each stored key is also indexed under every single-character deletion, so a query
needs only its own deletions, not a scan of the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from marsad.text.normalize import normalize

V = TypeVar("V")

# consonant classes: everything in a class folds to its first letter
_CLASSES = ("كجغقگ", "تط", "سصث", "زذظ", "دض", "هحة")
_FOLD = {ch: cls[0] for cls in _CLASSES for ch in cls}
_VOWELS = set("اويىءآأإ")


def _key_word(word: str) -> str:
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    if not word:
        return word
    out: list[str] = [_FOLD.get(word[0], word[0])]
    for ch in word[1:]:
        if ch in _VOWELS:
            continue  # long vowels and hamza seats inside a word come and go
        f = _FOLD.get(ch, ch)
        if f != out[-1]:  # doubled consonants (shadda written out) collapse
            out.append(f)
    return "".join(out)


def name_key(text: str) -> str:
    """The transliteration key of a (possibly multi-word) name; ``""`` for nothing usable.

    Latin letters are kept (lower-cased) so mixed names still key consistently.
    """
    words = [w for w in _split_words(normalize(text)) if w]
    return " ".join(k for k in (_key_word(w) for w in words) if k)


def _split_words(norm: str) -> list[str]:
    cleaned = "".join(ch if (ch.isalnum()) else " " for ch in norm)
    return cleaned.split()


def deletions(key: str) -> set[str]:
    """Every string obtained by deleting exactly one character of ``key``."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class FuzzyIndex(Generic[V]):
    """Exact and one-edit lookup of string keys.

    ``min_len`` is the shortest key (in characters, spaces excluded) that may be matched with an edit:
    short words differ by one letter too often to tolerate typos in them.
    """

    def __init__(self, min_len: int = 5) -> None:
        self.min_len = min_len
        self._exact: dict[str, list[V]] = {}
        self._deleted: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._exact)

    def add(self, key: str, value: V) -> None:
        bucket = self._exact.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)
        if len(key.replace(" ", "")) >= self.min_len:
            for d in deletions(key):
                self._deleted.setdefault(d, set()).add(key)

    def update(self, items: Iterable[tuple[str, V]]) -> None:
        for k, v in items:
            self.add(k, v)

    def exact(self, key: str) -> list[V]:
        return self._exact.get(key, [])

    def fuzzy(self, key: str) -> list[tuple[str, V]]:
        """Values whose key is within one edit (insertion, deletion or substitution) of ``key``.

        Exact matches are not repeated here; call :meth:`exact` first.
        """
        if len(key.replace(" ", "")) < self.min_len:
            return []
        found: set[str] = set()
        # query is the stored key with one extra char (insertion typo): delete from the query
        for d in deletions(key):
            if d in self._exact:
                found.add(d)
            # substitution: both lose the same position
            found.update(self._deleted.get(d, ()))
        # query lacks one char of a stored key (deletion typo)
        found.update(self._deleted.get(key, ()))
        found.discard(key)
        return [(k, v) for k in sorted(found) for v in self._exact[k] if _one_edit(k, key)]


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are exactly one insertion, deletion or substitution apart."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if la > lb:
        a, b = b, a
    # b is a with one insertion
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]
