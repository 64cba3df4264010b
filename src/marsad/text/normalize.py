"""Arabic normalisation for matching.

Normalised text is only ever used to *compare* strings. Every span that leaves marsad points into the
original text, so the offset-preserving variant returns, for each normalised character, the index of the
original character it came from.

What is folded, and why:

* diacritics (harakat, shadda, sukun, dagger alef) and tatweel -- optional in running text;
* alef forms أ إ آ ٱ -> ا, and ؤ ئ -> ء -- hamza seats are written inconsistently (المسؤولية / المسئولية);
* alef maqsura ى -> ي and ta marbuta ة -> ه -- both are swapped freely in news copy;
* Arabic-Indic and Persian digits -> ASCII digits; Arabic decimal/thousands separators -> . and ,;
* every quotation mark (« » “ ” „ ‹ › " ' ‘ ’) -> ``"``;
* zero-width and bidi control characters are dropped; odd spaces become a plain space;
* Arabic presentation forms (ligatures such as ﻻ) are decomposed with NFKC;
* Latin letters are lower-cased.
"""

from __future__ import annotations

import re
import unicodedata

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, maddah/hamza marks
    + ["\u0670", "\u0640"]  # dagger alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)

_REPLACE = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "ء",
    "ئ": "ء",
    "ى": "ي",
    "ی": "ي",  # Persian yeh
    "ے": "ي",
    "ک": "ك",  # Persian keheh
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "٫": ".",
    "٬": ",",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "‹": '"',
    "›": '"',
    "'": '"',
    "‘": '"',
    "’": '"',
    "‚": '"',
    "\u00a0": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
}
for _c in range(0x2000, 0x200B):
    _REPLACE[chr(_c)] = " "
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian

_TABLE: dict[int, str | None] = {ord(c): None for c in _DELETE}
_TABLE.update({ord(k): v for k, v in _REPLACE.items()})

# Characters that need NFKC before the table applies (presentation forms, full-width forms).
_NFKC_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF00, 0xFFEF))


def _needs_nfkc(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _NFKC_RANGES)


_NFKC_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _NFKC_RANGES) + "]")


def _has_nfkc(text: str) -> bool:
    return not text.isascii() and _NFKC_RE.search(text) is not None


# normalised forms of short strings (words, tokens): the same few thousand recur in every article
_CACHE: dict[str, str] = {}
_CACHE_MAX_LEN = 40
_CACHE_SIZE = 200_000


def normalize(text: str) -> str:
    """Normalise ``text`` for matching (see the module docstring). Offsets are not kept."""
    if len(text) > _CACHE_MAX_LEN:
        return _normalize(text)
    out = _CACHE.get(text)
    if out is None:
        out = _normalize(text)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = out
    return out


def _normalize(text: str) -> str:
    if _has_nfkc(text):
        text = "".join(unicodedata.normalize("NFKC", ch) if _needs_nfkc(ch) else ch for ch in text)
    return text.translate(_TABLE).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map every normalised character back to the original.

    Returns ``(norm, offsets)`` where ``offsets[i]`` is the index in ``text`` of the character that
    produced ``norm[i]``; ``offsets`` has one extra final element, ``len(text)``, so that a normalised
    span ``[a, b)`` maps back to the original span ``[offsets[a], offsets[b-1] + 1)`` or, for an empty
    span at the end, ``len(text)``. Use :func:`to_original_span` rather than indexing by hand.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if _needs_nfkc(ch):
            piece = unicodedata.normalize("NFKC", ch).translate(_TABLE).lower()
        else:
            mapped = _TABLE.get(ord(ch), ch)
            if mapped is None:
                continue
            piece = mapped.lower()
        for p in piece:
            out.append(p)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def to_original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a span of the normalised string back to ``[start, end)`` in the original text.

    Deleted characters (diacritics, tatweel) inside the span are covered; those after its last kept
    character are not.
    """
    if end <= start:
        pos = offsets[start] if start < len(offsets) else offsets[-1]
        return pos, pos
    return offsets[start], offsets[end - 1] + 1


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic block(s), excluding digits, punctuation and marks."""
    o = ord(ch)
    return (0x0621 <= o <= 0x064A) or (0x0671 <= o <= 0x06D3) or o in (0x06D5, 0x06FA, 0x06FB, 0x06FC)


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic letters (0.0 when there are no letters)."""
    letters = 0
    arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if is_arabic_letter(ch):
                arabic += 1
    return arabic / letters if letters else 0.0
