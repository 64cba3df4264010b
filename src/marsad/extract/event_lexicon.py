"""The Arabic event trigger lexicon and a fast trigger matcher.

The lexicon (``marsad/data/events/lexicon.tsv``; its header documents the format) maps Arabic trigger
patterns to CAMEO codes. This module expands each line into normalised token sequences, indexes them
by their first word and finds triggers in a list of tokens:

>>> [(m.cameo, m.start_tok, m.end_tok) for m in find_triggers("وأدانت الخارجية الهجوم".split())]
[('111', 0, 1), ('190', 2, 3)]

Matching sees through clitics, because Arabic attaches them to words:

* on every word: the conjunctions و ف and attached object/possessive pronouns (ه ها هم هما هن كم
  كما نا), with ta marbuta restored before a pronoun (زيارته -> زياره);
* on verbal nouns and on every word after the first: also the prepositions ب ل ك, the article (ال,
  لل) and the accusative alef (هجوما -> هجوم);
* on a verb in the first position: also the future prefix س before an imperfect (سيزور); the match
  then has ``future=True``. Lexicon lines can list future forms themselves when the future changes the
  code (سيقدم -> 033 intent to provide aid rather than 07x provide aid).

A pattern may contain gaps (``*``): Arabic news puts the subject between the verb and its
complement (أعرب وزير الخارجية الفرنسي عن قلقه), so ``أعرب * عن قلق`` allows up to eight tokens
between (a title and a full name: أجرى ولي العهد السعودي الأمير محمد بن سلمان اتصالا). Gaps never cross sentence punctuation (. ! ? ؟ ؛ ; :).

At every token the best pattern starting there wins: more matched words first, then the line's
priority, then fewer stripped clitics. Tokens matched by an accepted trigger cannot start or be part
of another trigger, so دعا إلى وقف إطلاق النار yields one appeal (0256), not also a ceasefire (0871).
Whether a nominal trigger (a verbal noun: قصف، اعتقال، زيارة) codes an event is left to the event
extractor (it needs an attached actor); such matches have ``nominal=True``. A line can also say how
the words around the trigger fill the roles (``role``: ``participle``, ``passive``, ``reverse``; see
the lexicon header), and a match says whether its first word was read as an imperfect verb form
(``imperfect=True``: تقصف، يواصل) -- the extractor treats "X says Y *is* attacking us" as an
accusation, unlike a report of a past attack.

Speed: the work per token is one dictionary look-up of its (memoised) analyses; candidate patterns
are only tried on tokens that can start one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.extract import cameo
from marsad.text.normalize import normalize

__all__ = [
    "DEFAULT_GAP",
    "Lexicon",
    "LexiconError",
    "LexiconLine",
    "TriggerMatch",
    "find_triggers",
    "load_lexicon",
    "verb_forms",
]

DEFAULT_GAP = 8
_NOT_WINDOW = 3
_MAX_VARIANTS = 256

# Analysis flags: which clitics were stripped to reach a form.
CONJ, PREP, ART, FUT, SUF, TAN = 1, 2, 4, 8, 16, 32
_FIRST_VERBAL = CONJ | FUT | SUF
_FIRST_NOMINAL = CONJ | PREP | ART | SUF | TAN
_LATER = CONJ | PREP | ART | SUF | TAN

_ENCLITICS = ("هما", "كما", "هم", "هن", "كم", "ها", "نا", "ه")
# Words whose initial و is a root letter and whose rest would read as a trigger (وزارة is not
# "and he visited him").
_NO_CONJ = ("وزار",)
_BOUNDARY = frozenset({".", "!", "?", "؟", "؛", ";", ":", "...", "…"})
# A gap does not run past a complementizer either: what follows أن/إن is a clause of its own (أكد كيري
# أن إيران ... دعمها is not أكد ... دعمه).
_GAP_STOP = frozenset({"أن", "إن", "ان", "أنه", "إنه", "انه", "أنها", "إنها", "انها", "أنهم", "إنهم", "بأن", "بان"})
# ما and غير are left out: in news they are far more often "what" and "other than".
_NEGATORS = frozenset(normalize(w) for w in ("لم", "لن", "لا", "ليس", "لسنا", "عدم", "دون", "بدون"))
# Quotation marks and brackets inside a pattern are stepped over: دعا إلى "وقف القتال".
_TRANSPARENT = frozenset({'"', "«", "»", "“", "”", "(", ")", "'"})


_COMMENT_RE = re.compile(r"\s#")
# Line options that say how the words around the trigger fill the roles (see the lexicon header).
_ROLES = ("participle", "passive", "reverse")


class LexiconError(ValueError):
    """A malformed lexicon line; the message names the line."""


@dataclass(frozen=True, slots=True)
class LexiconLine:
    """One line of the lexicon file as written (before expansion)."""

    line: int
    cameo: str
    pattern: str
    nominal: bool
    target_preps: tuple[str, ...]
    direct_object: bool
    priority: int
    gap: int
    exclude_next: frozenset[str]
    comment: str
    role: str = ""


@dataclass(slots=True)
class TriggerMatch:
    """A trigger found in a token list.

    ``start_tok``/``end_tok`` are a half-open token range ``[start_tok, end_tok)`` covering the whole
    match, gaps included; ``tokens`` lists the indices of the tokens that matched pattern words (the
    evidence), ``head`` the first of them. ``target_preps`` are the normalised prepositions that
    introduce the patient (ب، على، ضد، الي، مع، ل ...) and ``direct_object`` says whether the patient
    may be a plain object. ``negated`` is set when a negator (لم، لن، لا، عدم ...) directly precedes
    the head; ``future`` when the head carried the future prefix س; ``verb`` when the head was read
    as a verb form given by the lexicon as perfect/imperfect, ``imperfect`` when as an imperfect one. ``role`` is the line's role option ("", participle, passive,
    reverse).
    """

    start_tok: int
    end_tok: int
    tokens: tuple[int, ...]
    pattern: str
    line: int
    cameo: str
    label: str
    root: str
    plover: str | None
    quad_class: int
    goldstein: float
    nominal: bool
    target_preps: tuple[str, ...]
    direct_object: bool
    priority: int
    negated: bool = False
    future: bool = False
    role: str = ""
    imperfect: bool = False
    verb: bool = False

    @property
    def head(self) -> int:
        return self.tokens[0]


# --- verb paradigms -------------------------------------------------------------------------------


def verb_forms(perfect: str, imperfect: str) -> list[str]:
    """Third-person (and 1st plural imperfect) forms of a verb from its 3ms perfect and imperfect.

    ``verb_forms("أدان", "يدين")`` gives أدان أدانت أدانوا أدانا أدانتا and يدين تدين ندين يدينون
    يدينان تدينان يدينوا. Final-weak verbs (دعا/يدعو، ألغى/يلغي، تلقى/يتلقى) drop the weak letter
    where Arabic does (دعت، دعوا، يدعون، يتلقون). Either argument may be empty.
    """
    out: list[str] = []
    p = perfect.strip()
    if p:
        if p[-1] in "اى":
            stem = p[:-1]
            out += [p, stem + "ت", stem + "وا", stem + ("وا" if p[-1] == "ا" else "يا"), stem + "تا"]
        else:
            out += [p, p + "ت", p + "وا", p + "ا", p + "تا"]
    i = imperfect.strip()
    if i:
        if not i.startswith("ي"):
            raise ValueError(f"imperfect must start with ي: {imperfect!r}")
        stem = i[1:]
        if stem and stem[-1] in "وىي":
            base = stem[:-1]
            dual = base + ("و" if stem[-1] == "و" else "ي")
            out += [
                "ي" + stem,
                "ت" + stem,
                "ن" + stem,
                "ي" + base + "ون",
                "ي" + dual + "ان",
                "ت" + dual + "ان",
                "ي" + base + "وا",
            ]
        else:
            out += [
                "ي" + stem,
                "ت" + stem,
                "ن" + stem,
                "ي" + stem + "ون",
                "ي" + stem + "ان",
                "ت" + stem + "ان",
                "ي" + stem + "وا",
            ]
    return out


# --- compiled patterns ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    words: frozenset[str]  # empty for a gap
    optional: bool = False
    gap: int = -1  # >= 0 for a gap slot
    is_gap: bool = False


@dataclass(frozen=True, slots=True)
class _Pattern:
    entry: LexiconLine
    slots: tuple[_Slot, ...]
    code: cameo.CameoCode
    required: tuple[frozenset[str], ...]  # word sets of the obligatory slots after the first


def _norm_word(w: str, where: str) -> str:
    n = normalize(w.strip())
    if not n or any(ch.isspace() for ch in n):
        raise LexiconError(f"{where}: bad word {w!r}")
    return n


def _parse_slot(
    text: str, gap: int, where: str, imperfect: set[str] | None = None, verbs: set[str] | None = None
) -> tuple[bool, set[str], list[list[str]], int]:
    """Parse one slot: returns (optional, single words, multiword alternatives, gap or -1). The forms
    of verbs given as perfect/imperfect are added to ``verbs``, the imperfect ones to ``imperfect``."""
    if text.startswith("*"):
        n = text[1:]
        if n and not n.isdigit():
            raise LexiconError(f"{where}: bad gap {text!r}")
        return False, set(), [], int(n) if n else gap
    optional = text.endswith("?")
    if optional:
        text = text[:-1]
    words: set[str] = set()
    multi: list[list[str]] = []
    excluded: set[str] = set()
    for alt in text.split("|"):
        alt = alt.strip()
        if not alt:
            raise LexiconError(f"{where}: empty alternative in {text!r}")
        if alt.startswith("-"):
            excluded.add(_norm_word(alt[1:], where))
        elif "/" in alt:
            perf, _, imperf = alt.partition("/")
            try:
                forms = verb_forms(perf, imperf)
            except ValueError as e:
                raise LexiconError(f"{where}: {e}") from None
            words.update(_norm_word(f, where) for f in forms)
            if imperfect is not None and imperf:
                imperfect.update(_norm_word(f, where) for f in verb_forms("", imperf))
            if verbs is not None:
                verbs.update(_norm_word(f, where) for f in forms)
        elif "_" in alt:
            multi.append([_norm_word(w, where) for w in alt.split("_") if w])
        else:
            words.add(_norm_word(alt, where))
    words -= excluded
    if not words and not multi:
        raise LexiconError(f"{where}: slot {text!r} has no forms")
    return optional, words, multi, -1


def _expand(
    entry: LexiconLine, where: str, imperfect: set[str] | None = None, verbs: set[str] | None = None
) -> list[tuple[_Slot, ...]]:
    """All slot sequences of a line (one per combination of multiword alternatives)."""
    per_slot: list[list[tuple[_Slot, ...]]] = []
    for i, raw in enumerate(entry.pattern.split()):
        first = i == 0
        optional, words, multi, gap = _parse_slot(raw, entry.gap, where, imperfect if first else None,
                                                  verbs if first else None)
        if gap >= 0:
            if i == 0:
                raise LexiconError(f"{where}: a pattern cannot start with a gap")
            per_slot.append([(_Slot(frozenset(), gap=gap, is_gap=True),)])
            continue
        if i == 0 and optional:
            raise LexiconError(f"{where}: the first word cannot be optional")
        choices: list[tuple[_Slot, ...]] = []
        if words:
            choices.append((_Slot(frozenset(words), optional),))
        for seq in multi:
            if optional:
                raise LexiconError(f"{where}: multiword alternatives cannot be optional")
            choices.append(tuple(_Slot(frozenset({w})) for w in seq))
        per_slot.append(choices)
    variants = [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*per_slot)]
    if len(variants) > _MAX_VARIANTS:
        raise LexiconError(f"{where}: expands to {len(variants)} variants (max {_MAX_VARIANTS})")
    for v in variants:
        if v[-1].is_gap:
            raise LexiconError(f"{where}: a pattern cannot end with a gap")
    return variants


def _parse_line(raw: str, lineno: int, source: str) -> LexiconLine | None:
    where = f"{source}:{lineno}"
    if raw.lstrip().startswith("#") or not raw.strip():
        return None
    m = _COMMENT_RE.search(raw)
    text, comment = (raw[: m.start()], raw[m.end() :]) if m else (raw, "")
    cols = [c.strip() for c in text.split("\t") if c.strip()]
    if len(cols) < 2:
        raise LexiconError(f"{where}: expected CODE<TAB>PATTERN[<TAB>OPTIONS]")
    code, pattern = cols[0], " ".join(cols[1].split())
    if not cameo.is_valid(code):
        raise LexiconError(f"{where}: unknown CAMEO code {code!r}")
    nominal = False
    preps: list[str] = []
    direct = False
    prio = 0
    gap = DEFAULT_GAP
    exclude: set[str] = set()
    role = ""
    for opt in " ".join(cols[2:]).split():
        key, eq, val = opt.partition("=")
        if key == "nominal" and not eq:
            nominal = True
        elif key == "prep" and val:
            for p in val.split(","):
                if p == "obj":
                    direct = True
                elif p:
                    preps.append(_norm_word(p, where))
        elif key == "prio" and val.lstrip("-").isdigit():
            prio = int(val)
        elif key == "gap" and val.isdigit():
            gap = int(val)
        elif key == "not" and val:
            exclude.update(_norm_word(w, where) for w in val.split(",") if w)
        elif key in _ROLES and not eq:
            role = key
        else:
            raise LexiconError(f"{where}: unknown option {opt!r}")
    return LexiconLine(
        line=lineno,
        cameo=code,
        pattern=pattern,
        nominal=nominal,
        target_preps=tuple(preps),
        direct_object=direct,
        priority=prio,
        gap=gap,
        exclude_next=frozenset(exclude),
        comment=comment.strip(),
        role=role,
    )


# --- the lexicon ----------------------------------------------------------------------------------


class Lexicon:
    """A compiled trigger lexicon. Build with :func:`load_lexicon` (cached) or from text."""

    def __init__(self, text: str, source: str = "<lexicon>") -> None:
        self.source = source
        self.lines: list[LexiconLine] = []
        self._patterns: list[_Pattern] = []
        keep: set[str] = set()
        imperfect: set[str] = set()
        verbs: set[str] = set()
        for lineno, raw in enumerate(text.splitlines(), 1):
            if raw.startswith("keep\t"):
                body = _COMMENT_RE.split(raw, maxsplit=1)[0]
                keep.update(_norm_word(w, f"{source}:{lineno}") for w in body[5:].strip().split("|") if w)
                continue
            entry = _parse_line(raw.rstrip("\r"), lineno, source)
            if entry is None:
                continue
            self.lines.append(entry)
            code = cameo.lookup(entry.cameo)
            for slots in _expand(entry, f"{source}:{lineno}", imperfect, verbs):
                required = tuple(sl.words for sl in slots[1:] if not sl.is_gap and not sl.optional)
                self._patterns.append(_Pattern(entry, slots, code, required))
        self._first: dict[str, list[_Pattern]] = {}
        vocab: set[str] = set()
        for pat in self._patterns:
            for w in pat.slots[0].words:
                self._first.setdefault(w, []).append(pat)
            for s in pat.slots:
                vocab.update(s.words)
        self.vocab = frozenset(vocab)
        self.keep = frozenset(keep)
        self.imperfect = frozenset(imperfect)  # first words read as imperfect verbs (يقصف، تدين)
        self.verbs = frozenset(verbs)  # first words that are verb forms (perfect or imperfect)
        self._memo: dict[str, tuple[tuple[str, int, int], ...]] = {}

    @classmethod
    def from_path(cls, path: str | Path) -> Lexicon:
        p = Path(path)
        return cls(p.read_text(encoding="utf-8"), source=p.name)

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def n_variants(self) -> int:
        """Number of compiled token sequences (a line with multiword alternatives gives several)."""
        return len(self._patterns)

    # -- token analysis --

    def analyses(self, token: str) -> tuple[tuple[str, int, int], ...]:
        """Readings of ``token`` that are lexicon words: ``(form, flags, n_stripped)``, fewest first."""
        return self._entry(token)[0]

    def _entry(self, token: str) -> tuple[tuple[tuple[str, int, int], ...], tuple]:
        """Memoised ``(readings, start candidates)`` of a token; candidates are ``(pattern, flags, cost, form)``."""
        hit = self._memo.get(token)
        if hit is None:
            if len(self._memo) > 500_000:
                self._memo.clear()
            ana = self._analyse(token)
            starts = []
            for form, flags, cost in ana:
                for pat in self._first.get(form, ()):
                    allowed = _FIRST_NOMINAL if pat.entry.nominal else _FIRST_VERBAL
                    if not flags & ~allowed:
                        starts.append((pat, flags, cost, form))
            hit = (ana, tuple(starts))
            self._memo[token] = hit
        return hit

    def _analyse(self, token: str) -> tuple[tuple[str, int, int], ...]:
        vocab = self.vocab
        keep = self.keep
        t = normalize(token)
        found: dict[str, tuple[int, int]] = {}

        def add(form: str, flags: int) -> None:
            if form in vocab:
                cost = bin(flags).count("1")
                old = found.get(form)
                if old is None or cost < old[1]:
                    found[form] = (flags, cost)

        if t in keep:
            return ((t, 0, 0),) if t in vocab else ()
        stems: list[tuple[str, int]] = [(t, 0)]
        if len(t) >= 3 and t[0] in "وف" and not t.startswith(_NO_CONJ):
            stems.append((t[1:], CONJ))
        for s, f in list(stems):
            if s.startswith("لل") and len(s) > 4:
                stems.append((s[2:], f | PREP | ART))
                stems.append(("ال" + s[2:], f | PREP))  # للحوار -> الحوار (patterns spell the article)
            if (s.startswith("بال") or s.startswith("كال")) and len(s) > 4:
                stems.append((s[3:], f | PREP | ART))
            if s.startswith("ال") and len(s) > 4:
                stems.append((s[2:], f | ART))
            if len(s) > 3 and s[0] in "بلك":
                stems.append((s[1:], f | PREP))
            if len(s) > 3 and s[0] == "س" and s[1] in "يتنا":
                stems.append((s[1:], f | FUT))
        for s, f in stems:
            add(s, f)
            if s in keep:
                continue
            if len(s) >= 4 and s.endswith("ا"):
                add(s[:-1], f | TAN)
            for suf in _ENCLITICS:
                if s.endswith(suf) and len(s) - len(suf) >= 2:
                    base = s[: -len(suf)]
                    add(base, f | SUF)
                    if base.endswith("ت"):
                        add(base[:-1] + "ه", f | SUF)
                    elif base.endswith("و"):
                        add(base + "ا", f | SUF)
        return tuple(sorted(((w, fl, c) for w, (fl, c) in found.items()), key=lambda x: x[2]))

    # -- matching --

    def entries(self, tokens: list[str]) -> list[tuple]:
        """The memoised analysis of every token (for :meth:`find`'s ``entries``, e.g. a document's
        tokens analysed once and sliced per sentence)."""
        get = self._memo.get
        entries = [get(t) for t in tokens]
        if None in entries:  # words not seen before
            for i, e in enumerate(entries):
                if e is None:
                    entries[i] = self._entry(tokens[i])
        return entries

    @staticmethod
    def start_positions(entries: list[tuple]) -> list[int]:
        """Indices of the tokens (given by their :meth:`entries`) a trigger may start at: :meth:`find`
        finds nothing in a token list without one."""
        return [i for i, e in enumerate(entries) if e[1]]

    def find(self, tokens: list[str], entries: list[tuple] | None = None) -> list[TriggerMatch]:
        """Triggers in ``tokens`` (normalised or raw token strings), left to right. ``entries``, when
        given, is :meth:`entries` of ``tokens``."""
        n = len(tokens)
        if entries is None:
            entries = self.entries(tokens)
        starts_at = [i for i, e in enumerate(entries) if e[1]]
        if not starts_at:
            return []
        ana = [e[0] for e in entries]
        # Every reading in the token list: a pattern whose obligatory words are not all present
        # somewhere cannot match, which saves most attempts (built when a pattern first asks).
        present: set[str] | None = None
        consumed = bytearray(n)
        out: list[TriggerMatch] = []
        for i in starts_at:
            if consumed[i]:
                continue
            best: tuple | None = None
            for pat, flags, cost, form in entries[i][1]:
                req = pat.required
                if req:
                    if present is None:
                        present = {r[0] for a in ana for r in a}
                    if req[0].isdisjoint(present):
                        continue
                    if len(req) > 1 and any(w.isdisjoint(present) for w in req[1:]):
                        continue
                entry = pat.entry
                if entry.exclude_next and self._excluded(entry.exclude_next, tokens, i, n):
                    continue
                rest = self._extend(pat.slots, 1, i + 1, ana, tokens, consumed, n)
                if rest is None:
                    continue
                lits, rcost, toks, end = rest
                key = (1 + lits, entry.priority, -(cost + rcost), not entry.nominal, -entry.line)
                if best is None or key > best[0]:
                    best = (key, pat, (i, *toks), end, bool(flags & FUT), form)
            if best is None:
                continue
            _, pat, toks, end, future, form = best
            for t in toks:
                consumed[t] = 1
            entry, code = pat.entry, pat.code
            negated = i > 0 and normalize(tokens[i - 1]) in _NEGATORS
            out.append(
                TriggerMatch(
                    start_tok=i,
                    end_tok=end,
                    tokens=toks,
                    pattern=entry.pattern,
                    line=entry.line,
                    cameo=entry.cameo,
                    label=code.label,
                    root=code.root,
                    plover=code.plover,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    nominal=entry.nominal,
                    target_preps=entry.target_preps,
                    direct_object=entry.direct_object,
                    priority=entry.priority,
                    negated=negated,
                    future=future,
                    role=entry.role,
                    imperfect=future or (form in self.imperfect and not entry.nominal),
                    verb=form in self.verbs and not entry.nominal,
                )
            )
        return out

    @staticmethod
    def _excluded(words: frozenset[str], tokens: list[str], i: int, n: int) -> bool:
        """True when one of ``words`` is among the few tokens after the head (``not=``)."""
        return any(normalize(tokens[j]) in words for j in range(i + 1, min(n, i + 1 + _NOT_WINDOW)))

    def _match_word(self, slot: _Slot, analyses: tuple[tuple[str, int, int], ...]) -> int:
        """Stripping cost of the cheapest reading of a token that fills ``slot``, or -1."""
        for form, flags, cost in analyses:
            if form in slot.words and not flags & ~_LATER:
                return cost
        return -1

    def _extend(self, slots, si, pos, ana, tokens, consumed, n):
        """Best completion of ``slots[si:]`` from token ``pos``: (words, cost, token indices, end)."""
        if si == len(slots):
            return 0, 0, (), pos
        slot = slots[si]
        if slot.is_gap:
            # the completion matching most words (then stripping least) over every gap width: an
            # optional word after the gap must not be skipped because a wider gap also fits
            best = None
            for k in range(slot.gap + 1):
                p = pos + k
                if p > n:
                    break
                if k and (tokens[p - 1] in _BOUNDARY or tokens[p - 1] in _GAP_STOP):
                    break
                res = self._extend(slots, si + 1, p, ana, tokens, consumed, n)
                if res is not None and (best is None or (res[0], -res[1]) > (best[0], -best[1])):
                    best = res
            return best
        best = None
        while pos < n and tokens[pos] in _TRANSPARENT:
            pos += 1
        if pos < n and not consumed[pos]:
            c = self._match_word(slot, ana[pos])
            if c >= 0:
                res = self._extend(slots, si + 1, pos + 1, ana, tokens, consumed, n)
                if res is not None:
                    best = (res[0] + 1, res[1] + c, (pos, *res[2]), res[3])
        if slot.optional:
            res = self._extend(slots, si + 1, pos, ana, tokens, consumed, n)
            if res is not None and (best is None or (res[0], -res[1]) > (best[0], -best[1])):
                best = res
        return best


@cache
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon at ``path``, or the packaged ``data/events/lexicon.tsv`` (cached)."""
    if path is not None:
        return Lexicon.from_path(path)
    res = resources.files("marsad").joinpath("data", "events", "lexicon.tsv")
    return Lexicon(res.read_text(encoding="utf-8"), source="lexicon.tsv")


def find_triggers(tokens_norm: list[str], lexicon: Lexicon | None = None) -> list[TriggerMatch]:
    """Event triggers in a sentence's tokens (see the module docstring)."""
    return (lexicon or load_lexicon()).find(tokens_norm)
