"""Sentence splitting for Arabic news.

Boundaries: ``.`` ``؟`` ``?`` ``!`` ``؛`` ``…`` and runs of dots, and every line break (headlines and
paragraphs in news copy are separate lines). Two things hold a boundary back:

* inside an open quotation (« » or “ ” or a straight ``"`` pair), terminal punctuation does not end the
  sentence, so a quote that runs over several sentences stays in one sentence with its cue; a line break
  still ends it, because an unclosed quote must not swallow the rest of the article;
* a dot after a single letter (د. for doctor, initials) or between digits is not a boundary.

A headline line without terminal punctuation is a sentence of its own, as is ``..`` inside a headline
("... أوكرانيا.. وأمريكا ...").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from marsad.text.tokens import PUNCT, Token

_TERMINAL = {".", "؟", "?", "!", "؛", "…"}
_OPEN = {"«": "»", "“": "”", "„": "“"}
_CLOSE = {"»", "”"}
_TRAILING = {"»", "”", '"', ")", "]"}


@dataclass(slots=True)
class Sentence:
    """A sentence: ``[start, end)`` in the original text and its token range ``[tok_start, tok_end)``."""

    start: int
    end: int
    tok_start: int
    tok_end: int


def split_sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """Split into sentences; every token belongs to exactly one sentence."""
    sentences: list[Sentence] = []
    n = len(tokens)
    if not n:
        return sentences
    first = 0
    depth = 0
    straight_open = False
    breaks = _line_breaks(text, tokens)

    def close(last: int) -> None:
        nonlocal first
        if last >= first:
            sentences.append(Sentence(tokens[first].start, tokens[last].end, first, last + 1))
        first = last + 1

    # only punctuation and the tokens before a line break can open, close or end anything: words and
    # numbers elsewhere are passed over
    visit = sorted(breaks.union([k for k, t in enumerate(tokens) if t.kind == PUNCT]))
    nxt = 0  # the first token not yet taken into a sentence by the trailing-marks loop below
    for i in visit:
        if i < nxt:
            continue
        tok = tokens[i]
        if tok.kind == PUNCT:
            ch = tok.text
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
                if not depth and i and tokens[i - 1].text in _TERMINAL and tokens[i - 1].end == tok.start:
                    close(i)  # «... انتهى.» ends the sentence after the closing mark
                    continue
            elif ch == '"':
                straight_open = not straight_open
        if i in breaks:
            depth = 0
            straight_open = False
            close(i)
        elif (
            not depth
            and not straight_open
            and tok.kind == PUNCT
            and (tok.text in _TERMINAL or tok.text.startswith(".."))
            and not (tok.text == "." and _is_abbreviation(tokens, i))
        ):
            # closing quotes/brackets right after the terminal mark belong to this sentence
            while (
                i + 1 < n
                and tokens[i + 1].kind == PUNCT
                and tokens[i + 1].text in _TRAILING
                and i not in breaks
            ):
                i += 1
            close(i)
            nxt = i + 1
    if first < n:
        close(n - 1)
    return sentences


def _is_abbreviation(tokens: list[Token], i: int) -> bool:
    prev = tokens[i - 1] if i else None
    if prev is None or prev.end != tokens[i].start:
        return False
    return prev.kind == "word" and len(prev.norm) == 1


def _line_breaks(text: str, tokens: list[Token]) -> set[int]:
    """Indices ``i`` of the tokens followed by a line break before token ``i + 1`` (the
    :func:`_newline_after` of every token at once: the few line breaks are looked up, not every gap)."""
    out: set[int] = set()
    if "\n" not in text:
        return out
    ends = [t.end for t in tokens]
    last = len(tokens) - 1
    pos = text.find("\n")
    while pos >= 0:
        i = bisect.bisect_right(ends, pos) - 1  # the last token ending at or before the break
        if 0 <= i < last and tokens[i + 1].start > pos:
            out.add(i)
        pos = text.find("\n", pos + 1)
    return out


def _newline_after(text: str, tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and "\n" in text[tokens[i].end : tokens[i + 1].start]
