"""Reported speech: who said what, direct and indirect, with cues and relay chains.

The cue lexicon (``data/quotes/cues.tsv`` and ``nominal.tsv``) lists speech verbs in every form news
uses, continuation verbs, participles and nominal cues; ``subject.tsv`` lists the words that shape a
verb's subject (roles, ranks, adverbs, prepositions, news outlets, generic subjects). The component
works sentence by sentence over tokens (the sentence splitter keeps a quotation that runs over several
sentences of one line inside one sentence; a quotation that runs over several paragraphs is followed
here):

1. **Cue** -- a speech verb (with its conjunction: وقال، فأكدت), a relay (نقلت X عن Y قوله), a statement
   reference (وجاء في البيان) or a participle (مضيفا، لافتة إلى أن). Not cues: a word inside a quotation,
   a word right after a preposition (على قدر), the verb of an "according to" phrase (حسبما نقلت),
   the writer's aside (ويذكر أن), an impersonal تبين أن with no subject, and a speech verb in a
   relative clause that only describes its head noun (المنطقة التي تقول موسكو إنها حررتها: the verb has
   a subject of its own or does not agree with the relative pronoun, and a pronoun points back to the
   noun; see ``_characterises``).
2. **Complement** -- the complementiser (إن، أن، بأن، إلى أن ...; not one governed by the word before
   it: بعد أن، ضرورة أن، حيث إن), a colon (not inside brackets or after a list opener: كل من:), a
   quotation right after the verb or the speaker's name, or the verb's preposition followed by a
   quotation (دعا الطرفين إلى «...»، متهمة الجيش بـ"..."، طالبت «بالتحرك»). A cue spelt like a
   preposition (بين) takes only a complementiser within a few words.
3. **Speaker** -- read from the words between the verb and its complement:

   * the subject is the first noun phrase after the verb, past adverbs (اليوم، مساء الاثنين) and
     prepositional phrases (للصحفيين، في بيان، لـ«رويترز»، لـ«الشرق الأوسط»: a quoted name after a
     preposition is its object, whatever the tagger found inside it); an entity there is the speaker (VSO);
   * a role noun (المتحدث باسم، مسؤول في، وزير خارجية) stands for the organisation or country after
     it, and a person named in apposition (المتحدث باسم الكرملين دميتري بيسكوف) is preferred; a role
     before a city or region (رئيس بلدية موسكو) names nobody we know;
   * any other noun phrase is a subject we cannot link (لجان المقاومة، مصدر مطلع): the speaker stays
     unresolved and is not inherited;
   * with no subject at all (or a pronoun: معاليه), the entity right before the verb (SVO: حماس قالت،
     وكانت الأمم المتحدة قد حذرت، ... التي قالت, when the relative pronoun agrees with it: not
     "وفد من باكستان، الذي قال"), the subject of the sentence's main verb for a verb
     inside the sentence (ويشن الحوثيون هجمات على سفن يقولون إنها ...), or else the latest speaker of the same or the previous paragraph whose
     grammatical gender agrees with the verb (وأضافت -> feminine; an organisation's gender is the one
     its verbs showed earlier in the document). An unresolved latest speaker is inherited as
     unresolved: never a guess;
   * a participle (مضيفا، لافتة إلى أن) has the speaker of its sentence's main verb; a statement
     reference (وجاء في البيان) the author of the latest statement (في بيان).
4. **Content** -- after the complement to the end of the clause: the sentence end, or a comma followed
   by a participle, a new speech verb with its own complement (، ونفت أن) or a source phrase (، حسبما
   أوردت); a cue inside a relative clause (التي قالت إن ...،) ends at its comma. A participle after
   an actor's quote is a quote of its own (قال إن ...، مضيفا أن ...); after a news medium's report
   (ذكرت الوكالة أن ...، لافتة إلى أن ...) it extends that report's quote (see ``_continues_report``);
   a participle that does not agree with the speaker before it is someone else's (unresolved). When the
   content is one quotation (« » “ ” " ” “ „ “), the quote is *direct* and its text is what is inside
   the marks; a colon cue is direct too. A quotation with no cue before or after it is not speech
   (names of operations, books, slogans, scare quotes around a word).
5. **Relay** -- ``via``: the subject of نقل in a relay (named or not: ونقلت وكالة إعلام روسية عن
   الكرملين قوله; with عنه قوله the speaker is the one the pronoun refers back to), the author after "صادر عن" in "في بيان صادر عن X", or X in a trailing "وفق ما أفادت
   X" / "حسبما أوردت X"; a sentence with no speech verb whose clause ends in "بحسب X" is attributed to X.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.doc import Document, Entity, Quote, SpanRef, Speaker, Via
from marsad.text.normalize import normalize
from marsad.text.tokens import PUNCT, WORD, Token, proclitic_splits

COMPLEMENTISERS = {normalize(w) for w in (
    "إن", "أن", "إنه", "أنه", "إنها", "أنها", "إنهم", "أنهم", "إنهما", "أنهما", "إنني", "أنني", "إننا", "أننا",
    "بأن", "بأنه", "بأنها", "بأنهم", "إنّ", "أنّ", "إنهن", "أنهن",
)}
OPEN_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"', "”": "“"}
CLOSE_MARKS = {"»", "”", "“", '"'}
QUOTE_MARKS = set(OPEN_QUOTES) | CLOSE_MARKS
CLAUSE_END = {".", "؟", "?", "!", "؛", "…"}
COMMAS = {"،", ",", "؛"}
CLAUSE_END_OR_COMMA = CLAUSE_END | COMMAS
MAX_CUE_WINDOW = 14  # words between a cue verb and its complement (a name counts as one word)
MAX_RELAY_WINDOW = 18  # a relay names two parties: نقلت X عن Y قوله
MIN_QUOTE_WORDS = 2  # after a bare complementiser (إن الهدنة هشة); one word after إنه، أنها ...
MIN_CLAUSE_WORDS = 3  # before "، بحسب X"
MAX_QUOTE_LINES = 4  # a quotation may run over this many lines (paragraphs) at most
RELATIVES = {normalize(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي")}
# the gender a pronoun-dropped verb takes when the relative's head noun is its subject
RELATIVE_GENDER = {normalize(w): g for w, g in (
    ("الذي", "m"), ("التي", "f"), ("الذين", "p"), ("اللذان", "p"), ("اللتان", "p"), ("اللواتي", "p"), ("اللاتي", "p"))}
TIME_HEADS = {normalize(w) for w in (
    "الوقت", "اليوم", "الحين", "اللحظة", "الساعة", "الأسبوع", "الشهر", "العام", "السنة", "الليلة", "الفترة",
    "الأثناء", "الوقت نفسه")}
RESUMPTIVE_PPS = {normalize(w) for w in (
    "عنه", "عنها", "عنهم", "عنهما", "منه", "منها", "منهم", "عليه", "عليها", "عليهم", "إليه", "إليها", "إليهم",
    "له", "لها", "لهم", "به", "بها", "بهم", "بشأنه", "بشأنها", "بشأنهم")}
# verbs whose first noun phrase is whom they tell (أبلغ الوفد أن): in a relative clause it is no subject
ADDRESSEE_VERBS = {normalize(w) for w in ("أبلغ", "أخبر", "أعلم", "حدث", "ناشد", "طمأن", "حذر", "دعا", "طالب")}
# words ending in a root ه that is no pronoun
ROOT_HA = {normalize(w) for w in (
    "هذه", "وهذه", "فهذه", "وجه", "اتجاه", "تجاه", "شبه", "مياه", "انتباه", "إله", "فقه", "نزيه", "كره", "توجيه",
    "تنبيه", "تشويه", "ترفيه", "تمويه", "تشبيه", "تنويه", "مكروه", "مشبوه")}
ADVERBIAL_RESUMPTIVES = {normalize(w) for w in ("فيه", "فيها", "فيهم", "خلاله", "خلالها", "عندها", "حينها")}
LIST_INTRO = {normalize(w) for w in (
    "من", "التالي", "التالية", "الآتي", "الآتية", "يلي", "كالتالي", "كالآتي", "وهي", "وهم", "هي", "هم", "منها",
    "ومنها", "أبرزها", "بينها", "مثل", "وهما", "هما")}  # وواصل كل من: فلان وفلان
IMPERSONAL = {normalize(w) for w in ("تبين", "يتبين", "اتضح")}  # تبين للأطباء أن: "it turned out", no speaker
SOURCE_MA = {normalize(w) for w in ("حسبما", "ما", "مثلما", "وفقما", "طبقما")}  # وفق ما نقلت، حسبما أوردت
SOURCE_WORDS = {normalize(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة")}
RELAY_VERB = normalize("نقل")
PRONOUN_GENDER = {"ه": "m", "ها": "f", "هم": "p", "هما": "p", "هن": "p"}
RELAY_SPLIT = {RELAY_VERB: normalize("عن"), normalize("نسب"): normalize("إلى")}  # نقلت X عن Y، نسبت X إلى Y
# words after which أن starts a clause of their own, not the complement of a speech verb
GOVERNORS = {normalize(w) for w in (
    "بعد", "قبل", "منذ", "حتى", "دون", "بدون", "بدل", "بدلا", "لأجل", "أجل", "بمجرد", "ضرورة", "بضرورة", "يجب",
    "ينبغي", "يمكن", "يمكنه", "يمكنها", "يستطيع", "تستطيع", "يريد", "تريد", "يرفض", "ترفض", "رغم", "برغم", "مع",
    "إلا", "لولا", "أي", "كما", "مثلما", "مجرد", "احتمال", "إمكانية", "بإمكان", "عوضا", "شأن", "فرض", "يعني",
    "حيث", "إذ", "عن", "فضلا", "سيما", "خصوصا", "لأجل", "كي", "لكي",
)}
LOCAL_KINDS = {"city", "region", "feature", "admin1", "admin2", "district", "place"}


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # say | cont | part
    gender: str  # m | f | p | "" (neutral)
    prep: str  # normalised particle before أن, or ""
    lemma: str = ""  # normalised perfect masculine form (نقل for relays)
    perfect: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Cue]
    sources: tuple[tuple[str, ...], ...]  # "according to" phrases, normalised token tuples
    statements: tuple[tuple[str, ...], ...]
    media: tuple[tuple[str, ...], ...]
    relay_words: frozenset[str]
    editorial: tuple[tuple[str, ...], ...]
    roles: tuple[tuple[str, ...], ...]
    ranks: tuple[tuple[str, ...], ...]
    adverbs: frozenset[str]
    pronouns: frozenset[str]
    preps: frozenset[str]
    outlets: frozenset[str]
    generic: frozenset[str]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("marsad") / "data" / "quotes" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _with_article(words: set[str]) -> set[str]:
    out = set()
    for w in words:
        out.add(w)
        if w.startswith("ال") and len(w) > 4:
            out.add(w[2:])
        elif not w.startswith("ال"):
            out.add("ال" + w)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon with every derived form, normalised (loaded once)."""
    verbs: dict[str, Cue] = {}

    def add(form: str, kind: str, gender: str, prep: str, lemma: str, perfect: bool) -> None:
        key = normalize(form)
        if key and key not in verbs:
            verbs[key] = Cue(kind, gender, prep, lemma, perfect)

    for row in _rows("cues.tsv"):
        row += [""] * (5 - len(row))
        kind, perf, imperf, prep, extra = (c.strip() for c in row[:5])
        prep_n = normalize(prep)
        lemma = normalize(perf)
        imperf_forms = {normalize(imperf), normalize(imperf + "ون")} if imperf else set()
        for form_g in (extra.split("|") if extra else []):
            form, _, g = form_g.partition(":")
            is_imperf = normalize(form)[:1] in ("ي", "ت") and normalize(form) not in (lemma + "ت", lemma + "وا")
            add(form, kind, g, prep_n, lemma, kind != "part" and not is_imperf and form not in imperf_forms)
        if " " in perf or kind == "part":
            add(perf, kind, "m", prep_n, lemma, False)
            continue
        add(perf, kind, "m", prep_n, lemma, True)
        add(perf + "ت", kind, "f", prep_n, lemma, True)
        add(perf + "وا", kind, "p", prep_n, lemma, True)
        add(perf + "ا", kind, "p", prep_n, lemma, True)
        if imperf:
            add(imperf, kind, "m", prep_n, lemma, False)
            if imperf.startswith("ي"):
                add("ت" + imperf[1:], kind, "f", prep_n, lemma, False)
            add(imperf + "ون", kind, "p", prep_n, lemma, False)
    groups: dict[str, list[tuple[str, ...]]] = {
        "source": [], "statement": [], "medium": [], "relay": [], "editorial": []}
    for kind, phrase in _rows("nominal.tsv"):
        groups[kind.strip()].append(tuple(normalize(phrase).split()))
    for g in groups.values():
        g.sort(key=len, reverse=True)
    subj: dict[str, set[str]] = {
        "role": set(), "rank": set(), "adverb": set(), "prep": set(), "pronoun": set(), "outlet": set(),
        "generic": set()}
    for kind, word in _rows("subject.tsv"):
        subj[kind.strip()].add(normalize(word.strip()))
    subj["role"] |= _title_words()
    roles = sorted({tuple(w.split()) for w in _with_article(subj["role"])}, key=len, reverse=True)
    ranks = sorted({tuple(w.split()) for w in subj["rank"]}, key=len, reverse=True)
    return Lexicon(
        verbs=verbs,
        sources=tuple(groups["source"]),
        statements=tuple(groups["statement"]),
        media=tuple(groups["medium"]),
        relay_words=frozenset(w[0] for w in groups["relay"]),
        editorial=tuple(groups["editorial"]),
        roles=tuple(roles),
        ranks=tuple(ranks),
        adverbs=frozenset(subj["adverb"]),
        pronouns=frozenset(subj["pronoun"]),
        preps=frozenset(subj["prep"]),
        outlets=frozenset(_with_article(subj["outlet"])),
        generic=frozenset(subj["generic"]),
    )


def _title_words() -> set[str]:
    """First words of the knowledge base's titles (الرئيس، المتحدث، الوزير ...)."""
    from marsad.kb import load as load_kb

    try:
        titles = load_kb().titles
    except Exception:  # pragma: no cover - the KB ships with the package
        return set()
    return {normalize(t["ar"]).split(" ")[0] for t in titles if t.get("ar")}


@dataclass(slots=True)
class _EntMention:
    entity: Entity
    start: int
    end: int
    text: str
    tok_start: int
    tok_end: int
    pp: bool  # written with a preposition clitic (للصحفيين، لـ«رويترز»، بالكرملين)


@dataclass(slots=True)
class _Subject:
    status: str  # ent | unknown | none
    mention: _EntMention | None = None
    span: tuple[int, int] | None = None  # token range of an unknown subject


@dataclass(slots=True)
class _Found:
    quote: Quote
    speaker: _EntMention | None
    gender: str
    statement: bool
    next_tok: int
    explicit: bool  # the speaker was the verb's own subject
    medium: bool = False  # the speaker is a news medium (its report, not an actor's statement)


class _Ctx:
    """Per-document state shared by the steps (what needs a pass over every token is computed once,
    the rest on demand)."""

    __slots__ = ("by_start", "by_tok", "doc", "newlines", "quoted", "sent_ends", "starts", "text", "timex",
                 "toks")

    def __init__(self, doc: Document, mentions: list[_EntMention], starts: list[int]) -> None:
        self.doc = doc
        self.text = text = doc.text
        self.toks = toks = doc.tokens
        self.starts = starts
        self.by_start: dict[int, _EntMention] = {}
        self.by_tok: dict[int, _EntMention] = {}
        for m in mentions:
            self.by_start.setdefault(m.tok_start, m)
            for i in range(m.tok_start, m.tok_end):
                self.by_tok.setdefault(i, m)
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self.sent_ends = [s.tok_end for s in doc.sentences]
        self.quoted = bytearray(len(toks))  # tokens inside a pair of quotation marks, marks excluded
        marks = [bisect.bisect_left(starts, m.start()) for m in _MARK.finditer(text)]
        if marks:
            _mark_quoted(toks, marks, self.sent_ends, self.quoted)
        self.timex = bytearray(len(toks))  # tokens inside time expressions (when ``times`` ran first)
        for x in doc.times or ():
            for i in range(bisect.bisect_left(starts, x.start), bisect.bisect_left(starts, x.end)):
                self.timex[i] = 1

    def line(self, i: int) -> int:
        """The line (paragraph) of token ``i``."""
        return bisect.bisect_left(self.newlines, self.toks[i].start)

    def sent_end(self, i: int) -> int:
        """The end (exclusive token index) of the sentence holding token ``i``."""
        k = bisect.bisect_right(self.sent_ends, i)
        return self.sent_ends[k] if k < len(self.sent_ends) else len(self.toks)


_NEWLINE = re.compile("\n")
_MARK = re.compile('[«»“”„"]')


def _mark_quoted(toks: list[Token], marks: list[int], sent_ends: list[int], flags: bytearray) -> None:
    """Flag the tokens between paired quotation marks of one sentence."""
    n = len(marks)
    a = 0
    while a < n:
        i = marks[a]
        opener = toks[i].text
        close = OPEN_QUOTES.get(opener)
        if close is None:
            a += 1
            continue
        k = bisect.bisect_right(sent_ends, i)
        end = sent_ends[k] if k < len(sent_ends) else len(toks)
        depth = 0
        b = a + 1
        while b < n and marks[b] < end:
            tk = toks[marks[b]].text
            if tk == opener and opener != close:
                depth += 1
            elif tk == close:
                if depth:
                    depth -= 1
                else:
                    for m in range(i + 1, marks[b]):
                        flags[m] = 1
                    break
            b += 1
        a = b + 1 if b < n and marks[b] < end else a + 1


class QuoteExtractor:
    """The ``quotes`` pipeline component."""

    def __init__(self) -> None:
        self.lex = lexicon()
        # first word -> phrases starting with it (longest first), one index per phrase list
        self._roles = _first_word_index(self.lex.roles)
        self._ranks = _first_word_index(self.lex.ranks)
        self._media = _first_word_index(self.lex.media)
        self._sources = _first_word_index(self.lex.sources)
        self._statements = _first_word_index(self.lex.statements)
        self._editorial = _first_word_index(self.lex.editorial)
        self._statement_words = {w for ph in self.lex.statements for w in (ph[0], "و" + ph[0], "ف" + ph[0])}
        self._verbs: dict[str, tuple[Cue, str] | None] = {}  # memo of _verb by normalised form

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            return
        starts = [t.start for t in toks]
        ctx = _Ctx(doc, self._mentions(doc, starts), starts)
        history: list[tuple[int, _EntMention | None, str]] = []  # (paragraph, speaker, gender) in order
        seen_gender: dict[str, str] = {}  # entity id -> gender its verbs showed
        statement_author: list[_EntMention | None] = [None]
        quotes: list[Quote] = []
        covered = 0
        for sent in doc.sentences:
            if sent.tok_end <= covered:
                continue
            s0 = max(sent.tok_start, covered)
            paragraph = ctx.line(s0)
            found = self._sentence(ctx, s0, sent.tok_end, history, paragraph, statement_author, seen_gender)
            for f in found:
                quotes.append(f.quote)
                history.append((paragraph, f.speaker, f.gender))
                if f.statement:
                    statement_author[0] = f.speaker  # an unresolved author must not lend the last one
                covered = max(covered, f.next_tok)
        doc.quotes = quotes

    # --- per sentence ---------------------------------------------------------------------------

    def _sentence(self, ctx: _Ctx, s0, s1, history, paragraph, statement_author, seen_gender) -> list[_Found]:
        toks = ctx.toks
        out: list[_Found] = []
        i = s0
        while i < s1:
            tok = toks[i]
            if tok.kind != WORD or ctx.quoted[i]:
                i += 1
                continue
            stmt = self._phrase_at(toks, i, s1, self._statements) if tok.norm in self._statement_words else 0
            if stmt:
                k = i + stmt
                if k < s1 and toks[k].norm in COMPLEMENTISERS:
                    k += 1
                content = self._content(ctx, k, s1, allow_bare=True)
                if content:
                    speaker = statement_author[0]
                    end = toks[i + stmt - 1].end
                    cue = SpanRef(tok.start, end, ctx.text[tok.start : end])
                    q = self._quote(ctx, content, speaker, cue, None)
                    out.append(_Found(q, speaker, "", True, content[3], False))
                    i = content[3]
                    continue
            hit = self._verb(tok)
            if hit is not None and (self._editorial_at(toks, i, s1) or (i > s0 and self._is_prep(toks[i - 1]))):
                hit = None  # ويذكر، أن: the writer's aside; على قدر: a noun after a preposition, not a verb
            if hit is None or (i > s0 and toks[i - 1].norm in SOURCE_MA):
                i += 1  # حسبما نقلت «وام»: the verb of an "according to" phrase, not a cue of its own
                continue
            res = self._from_cue(ctx, i, s0, s1, hit[0], hit[1], history, paragraph, out, seen_gender)
            if res is None:
                i += 1
                continue
            if hit[0].kind == "part" and out and self._continues_report(ctx, out[-1], i, hit[0]):
                _extend(ctx, out[-1], res)  # ذكرت الوكالة أن ...، لافتة إلى أن ...: one report
                i = max(res.next_tok, i + 1)
                continue
            out.append(res)
            if res.speaker is not None and res.explicit and res.gender in ("m", "f"):
                seen_gender.setdefault(res.speaker.entity.id, res.gender)
            i = max(res.next_tok, i + 1)
        if not out:
            f = self._according_to(ctx, s0, s1)
            if f is not None:
                out.append(f)
        return out

    def _from_cue(self, ctx: _Ctx, i, s0, s1, cue: Cue, conj: str, history, paragraph, earlier, seen_gender):
        toks = ctx.toks
        lex = self.lex
        j = i + 1
        words = 0
        complement_at = None
        comp_tok = None  # the complementiser or preposition token that ends the cue span
        colon = False
        quoted_only = False
        relay_word_at = None
        paren = 0
        # a cue spelt like a preposition (بين: between / بيّن: made clear) takes only أن/إن
        homograph = toks[i].norm in self.lex.preps or toks[i].norm[1:] in self.lex.preps
        window = MAX_RELAY_WINDOW if cue.lemma in RELAY_SPLIT else (4 if homograph else MAX_CUE_WINDOW)
        # walk to the complement
        while j < s1 and words <= window:
            t = toks[j]
            if t.kind == PUNCT:
                if t.text == ":":
                    if paren or homograph or (j > i + 1 and toks[j - 1].norm in LIST_INTRO):
                        break  # a colon inside brackets or after "كل من": a list or a title, not speech
                    if j + 1 < s1 and toks[j + 1].norm in COMPLEMENTISERS:
                        complement_at = j + 2  # وأضاف: إن ... -- indirect speech after all
                        comp_tok = j + 1
                        break
                    colon = True
                    complement_at = j + 1
                    break
                if t.text == "(":
                    paren += 1
                elif t.text == ")" and paren:
                    paren -= 1
                if t.text in OPEN_QUOTES and not homograph:
                    prev = toks[j - 1] if j > s0 else None
                    if words == 0 or (prev is not None and (prev.text in ("،", ",", ":") or prev.norm in lex.relay_words)):
                        if self._quotation_ends_clause(ctx, j, s1):
                            complement_at = j
                            break
                    elif prev is not None and cue.prep and prev.kind == WORD and prev.norm == cue.prep:
                        complement_at = j  # دعا الطرفين إلى «...»
                        comp_tok = j - 1
                        quoted_only = True
                        break
                    elif cue.prep in ("ب", "ل") and words > 0 and j + 1 < s1 and toks[j + 1].norm.startswith(
                        cue.prep + ("ال" if cue.prep == "ب" else "ل")
                    ):
                        complement_at = j  # طالبت الدول «بالتحرك العاجل»: the particle inside the marks
                        quoted_only = True
                        break
                    elif prev is not None and j - 1 in ctx.by_tok and ctx.by_tok[j - 1].tok_end == j and (
                        self._quotation_ends_clause(ctx, j, s1) and self._quotation_words(ctx, j, s1) >= MIN_QUOTE_WORDS
                    ):
                        complement_at = j  # وقال باخ «...»: a quotation right after the speaker's name
                        break
                    close = self._close_of(ctx, j, s1)
                    if close is not None:  # a quoted name inside the cue: صادر عن «الكرملين»
                        words += 1
                        j = close + 1
                        continue
                if t.text in CLAUSE_END or (homograph and t.text in COMMAS):
                    break
                j += 1
                continue
            if t.norm in COMPLEMENTISERS:  # before names: a complementiser is never one, whatever the tagger says
                if toks[j - 1].norm in GOVERNORS:
                    j += 1  # بعد أن، ضرورة أن، يجب أن: this أن belongs to a clause of its own
                    continue
                complement_at = j + 1
                comp_tok = j
                break
            m = ctx.by_start.get(j)
            if m is not None:
                words += 1
                j = m.tok_end
                continue
            words += 1
            if cue.prep and t.norm == cue.prep and j + 1 < s1 and toks[j + 1].norm in COMPLEMENTISERS:
                complement_at = j + 2
                comp_tok = j + 1
                break
            if cue.prep and t.norm.startswith(cue.prep) and any(
                p == cue.prep and h in COMPLEMENTISERS for p, h in proclitic_splits(t.norm)
            ):
                complement_at = j + 1  # بأن written as one word after a ب-verb
                comp_tok = j
                break
            if t.norm in lex.relay_words:
                relay_word_at = j
            elif words > 1 and self._verb(t) is not None and self._verb(t)[0].kind != "part":
                break  # another verb: the clause moved on without a complement
            j += 1
        if complement_at is None:
            # «...»، قال X  -- a quotation right before the cue
            return self._quote_before(ctx, i, s0, s1, cue, history, paragraph, seen_gender)
        pronoun = comp_tok is not None and toks[comp_tok].norm in COMPLEMENTISERS and toks[comp_tok].norm not in (
            "ان", "بان")
        # a speech verb inside a relative clause (الأمم المتحدة، التي قالت إن ...، أرسلت) ends at its comma
        k = i - 1 if i - 1 >= s0 and toks[i - 1].norm not in ("قد", "لقد") else i - 2
        embedded = k >= s0 and toks[k].norm in RELATIVES
        content = self._content(ctx, complement_at, s1, allow_bare=colon or comp_tok is None or quoted_only or pronoun,
                                quoted_only=quoted_only, embedded=embedded)
        if content is None:
            return None
        # the words between the verb and its complement (the colon, the quotation mark, the particle)
        mid_end = complement_at - 1 if colon else (comp_tok if comp_tok is not None else complement_at)
        if cue.prep and mid_end > i + 1 and toks[mid_end - 1].norm == cue.prep:
            mid_end -= 1  # أشار إلى أن: the particle is not part of the subject
        if embedded and self._characterises(
            ctx, k, i, mid_end, cue, complement_at if comp_tok is None else comp_tok, content[3]):
            return None  # المنطقة التي تقول موسكو إنها حررتها: a description of the noun, not a statement
        speaker, via, explicit, is_statement = self._speaker(
            ctx, i, s0, s1, mid_end, cue, conj, relay_word_at, history, paragraph, earlier, seen_gender
        )
        if not explicit and toks[i].norm[len(conj):] in IMPERSONAL:
            return None  # تبين أن with no subject of its own: "it turned out", not speech
        cue_span = SpanRef(toks[i].start, toks[i].end, toks[i].text)
        direct = content[2] or colon
        q = self._quote(ctx, content, speaker, cue_span, via, direct=direct)
        self._trailing_source(ctx, content[3], ctx.sent_end(content[3] - 1), q)
        gender = cue.gender if cue.gender in ("m", "f", "p") and (explicit or speaker is None) else ""
        if speaker is not None and not explicit:
            gender = _gender(speaker.entity, seen_gender)
        medium = speaker.entity.kind == "media" if speaker is not None else (
            explicit and cue.kind != "part" and self._outlet_subject(ctx, i + 1, mid_end))
        return _Found(q, speaker, gender, is_statement, content[3], explicit, medium)

    def _continues_report(self, ctx: _Ctx, prev: _Found, i: int, cue: Cue) -> bool:
        """Does the participle at ``i`` continue ``prev``, a news medium's report in the same sentence
        (ذكرت الوكالة أن ...، لافتة إلى أن ...)?

        An actor's participle clause is a statement of its own (قال إن ...، مضيفا أن ... / متهمة
        الجيش بـ...: a further claim, often a further act -- an accusation, a demand -- that analysts
        code separately), and stays a quote of its own. A news medium is not an actor making
        statements: what follows "ذكرت الوكالة" or "أشارت الصحيفة" is the medium's account of the
        news, and the participle after it (لافتة إلى أن، مشيرة إلى أن، مضيفة أن) is the writer going on
        summarising the same report. It extends that report's quote instead of starting a new one.
        Only directly after the report's content (nothing but punctuation in between), only when
        the report's speaker is a medium (an entity of kind ``media`` or an unlinked subject headed
        by an outlet noun, ``outlet`` in ``subject.tsv``: صحيفة، وكالة، قناة ...) and only when the
        participle agrees with it: after "ذكرت الوكالة"، "مضيفا" is someone else (the agency's source)."""
        if not prev.medium or prev.statement or prev.next_tok > i or _clash(cue.gender, prev.gender):
            return False
        return all(ctx.toks[k].kind == PUNCT for k in range(prev.next_tok, i))

    def _outlet_subject(self, ctx: _Ctx, a: int, b: int) -> bool:
        """Is the unlinked subject in tokens ``[a, b)`` headed by an outlet noun (صحيفة محلية)?"""
        subj = self._np_subject(ctx, a, b)
        return subj.status == "unknown" and subj.span is not None and self._is_outlet(ctx.toks[subj.span[0]])

    def _is_outlet(self, t: Token) -> bool:
        """A news outlet or platform noun (صحيفة، وكالة، موقع، منصة), clitics aside."""
        return t.kind == WORD and any(stem in self.lex.outlets for _, stem in proclitic_splits(t.norm))

    def _characterises(self, ctx: _Ctx, rel: int, i: int, b: int, cue: Cue, c0: int, c1: int) -> bool:
        """Is the speech verb at ``i``, right after the relative pronoun at ``rel``, part of a clause
        that only describes the relative's head noun (not a statement of its own)? ``[i + 1, b)`` are
        the words between the verb and its complement, ``[c0, c1)`` the complement and the content.

        In "منطقة كورسك التي تقول موسكو إنها حررتها" the head noun (the region) is what the reported
        speech is about, not who speaks: the clause says which region is meant, and what Moscow says is
        only the description. Such a clause is not reported as a quote. Two things mark it:

        * the head noun is not the verb's subject: the verb does not agree with the relative pronoun
          (الاتفاق الذي قالت إنه ...، المذبحة التي يقولون إنه ...: a dropped subject would agree), or it
          has a subject of its own -- a named entity (التي تقول موسكو)، a role or an outlet (التي قال
          الحاكم، الذي تقول الصحيفة) or a generic "some people" (``generic`` in subject.tsv). Any other
          noun phrase after the verb is more likely its object (التي نقلت هذا المشهد)، and so is any
          noun phrase after a verb that names whom it tells (الذي أبلغ صحيفة «بيلد» أن ...);
        * and the clause points back to the head noun with a pronoun (the عائد an Arabic relative
          clause needs when the head is not its subject): on the complementiser (إنها، أنه), in the
          content (حررتها، بإمكانها) or on a preposition before the subject (قالت عنه ميركل).

        A relative clause whose subject is its head noun speaks for it (الأمم المتحدة، التي قالت إن ...)
        and stays a quote, as does one by the head noun's spokesman or board about something else (التي
        قال متحدثها إن الموظفين بخير: no pronoun in the content points back), and a temporal or local
        relative (في الوقت الذي أعلن فيه X أن ...: the time of a real statement).
        """
        toks = ctx.toks
        a = i + 1
        if a < b and toks[a].norm in ADVERBIAL_RESUMPTIVES:
            return False  # الذي أعلن فيه: when or where the statement was made
        h = rel - 1
        if h >= 0 and toks[h].kind == WORD and any(stem in TIME_HEADS for _, stem in proclitic_splits(toks[h].norm)):
            return False  # في الوقت الذي أعلن ...
        resumed = any(toks[k].norm in RESUMPTIVE_PPS for k in range(a, b)) or any(
            _has_pronoun_suffix(toks[k]) for k in range(c0, c1))
        if not resumed:
            return False
        if _disagrees(toks[rel].norm, cue.gender):
            return True
        if cue.lemma in ADDRESSEE_VERBS:
            return False  # الذي أبلغ صحيفة X أن: the noun phrase is whom he told
        subj = self._np_subject(ctx, a, b)
        if subj.status == "ent":
            return True
        if subj.status == "unknown" and subj.span is not None:
            j = subj.span[0]
            if self._phrase_at(toks, j, b, self._roles):
                return True
            return toks[j].kind == WORD and any(
                pre in ("", "و", "ف") and (stem in self.lex.outlets or stem in self.lex.generic)
                for pre, stem in proclitic_splits(toks[j].norm))
        return False

    # --- speaker ----------------------------------------------------------------------------------

    def _speaker(self, ctx: _Ctx, i, s0, s1, mid_end, cue: Cue, conj, relay_word_at, history, paragraph,
                 earlier, seen_gender):
        """``(speaker, via, explicit, is_statement)`` from the words between the cue and its complement."""
        toks = ctx.toks
        a, b = i + 1, mid_end
        via: Via | None = None
        is_statement = False
        for k in range(a, b):
            n = self._phrase_at(toks, k, b, self._media)
            if n and "بيان" in toks[k + n - 1].norm:
                is_statement = True
            elif toks[k].norm == "عن" and k > a and toks[k - 1].norm in SOURCE_WORDS:
                m = self._mention_after(ctx, k + 1, b)  # "في بيان صادر عن X": X relays
                if m is not None and via is None:
                    via = Via(m.entity.id, m.entity.name, m.start, m.end, m.text)
        if cue.kind == "part":
            return self._participle_speaker(ctx, i, s0, earlier, cue), via, False, is_statement
        # relays: نقلت X عن Y قوله
        split = None
        if cue.lemma in RELAY_SPLIT or relay_word_at is not None:
            word = RELAY_SPLIT.get(cue.lemma, "عن")
            for k in range(a, b):
                n = toks[k].norm
                if ctx.quoted[k] or (k > a and toks[k - 1].norm in SOURCE_WORDS):
                    continue
                if n == word:
                    split = k
                    break
                if n.startswith(word) and n[len(word):] in PRONOUN_GENDER:
                    # ونقل التلفزيون عنه قوله: the speaker is the one the pronoun refers back to
                    via = self._relayer(ctx, a, k) or via
                    pron = Cue("say", PRONOUN_GENDER[n[len(word):]], "")
                    return self._inherit(pron, history, paragraph, earlier, seen_gender), via, False, is_statement
        if split is not None:
            end_b = relay_word_at if relay_word_at is not None and relay_word_at > split else b
            via = self._relayer(ctx, a, split) or via
            said = self._np_subject(ctx, split + 1, end_b)
            # the verb agrees with the relay, not with the speaker: no gender is learnt here
            return (said.mention if said.status == "ent" else None), via, False, is_statement
        subj = self._np_subject(ctx, a, b)
        if subj.status == "ent":
            return subj.mention, via, True, is_statement
        if subj.status == "unknown":
            return None, via, True, is_statement
        if cue.kind == "say" and not conj:
            m = self._subject_before(ctx, i, s0)
            if m is not None:
                return m, via, True, is_statement
        if i > s0 + 1:
            m = self._sentence_subject(ctx, s0, i, cue, seen_gender)
            if m is not None:
                return m, via, False, is_statement
        return self._inherit(cue, history, paragraph, earlier, seen_gender), via, False, is_statement

    def _relayer(self, ctx: _Ctx, a: int, b: int) -> Via | None:
        """Who relays (the subject of نقل): an entity, or the words naming it when we cannot link them
        (وكالة إعلام روسية)."""
        relayer = self._np_subject(ctx, a, b)
        if relayer.status == "ent" and relayer.mention is not None:
            m = relayer.mention
            return Via(m.entity.id, m.entity.name, m.start, m.end, m.text)
        if relayer.status == "unknown" and relayer.span is not None:
            s, e = ctx.toks[relayer.span[0]].start, ctx.toks[relayer.span[1] - 1].end
            return Via(None, None, s, e, ctx.text[s:e])
        return None

    def _np_subject(self, ctx: _Ctx, a: int, b: int) -> _Subject:
        """The subject noun phrase in tokens ``[a, b)``: an entity, an unknown phrase, or none."""
        toks = ctx.toks
        j = a
        while j < b:
            t = toks[j]
            if t.kind == PUNCT:
                j += 1
                continue
            m = ctx.by_start.get(j)
            if m is not None:
                if m.pp:
                    j = m.tok_end  # للأمم المتحدة، لـ«رويترز»: an object, not the subject
                    continue
                return _Subject("ent", m)
            n = self._phrase_at(toks, j, b, self._media)
            if n:
                j = self._skip_pp(ctx, j + n, b)
                continue
            if self._is_prep(t):
                j = self._skip_pp(ctx, j + 1, b)
                continue
            if self._pp_word(t):
                j += 1
                continue
            if ctx.timex[j] or self._is_adverb(t):
                j += 1
                continue
            if t.norm in self.lex.pronouns:
                return _Subject("none")  # أوضح معاليه أن: the one spoken of before
            n = self._phrase_at(toks, j, b, self._roles)
            if n:
                return self._role_chain(ctx, j, j + n, b)
            hit = self._verb(t)
            if hit is not None and hit[0].kind == "part":
                j += 1  # وتابع قائلا إن
                continue
            k = j
            while k < b and toks[k].kind != PUNCT and k not in ctx.by_start and not self._is_prep(toks[k]):
                k += 1
            return _Subject("unknown", None, (j, max(k, j + 1)))
        return _Subject("none")

    def _role_chain(self, ctx: _Ctx, j0: int, j: int, b: int) -> _Subject:
        """A role noun at ``j0`` (its words end at ``j``): the organisation it speaks for, or the
        person named after it."""
        toks = ctx.toks
        steps = 0
        while j < b and steps < 8:
            t = toks[j]
            if t.kind == PUNCT:
                if t.text in CLAUSE_END or t.text == ":":
                    break
                j += 1
                continue
            if self._to_outlet(t):
                break  # قال المصدر لوكالة «فرانس برس»: the outlet he spoke to, not the one he speaks for
            m = ctx.by_start.get(j)
            if m is not None:
                best = self._appose(ctx, m, b)
                if best is m and _is_local(m.entity):
                    return _Subject("unknown", None, (j0, m.tok_end))  # رئيس بلدية موسكو
                return _Subject("ent", best)
            if self._is_prep(t):
                nxt = ctx.by_start.get(j + 1)
                if t.norm == "في" and nxt is not None and nxt.entity.type == "ORG":
                    j += 1  # مسؤول في وزارة الدفاع
                    continue
                break
            if self._phrase_at(toks, j, b, self._media) or self._verb(t) is not None:
                break
            j += 1
            steps += 1
        return _Subject("unknown", None, (j0, max(j, j0 + 1)))

    def _to_outlet(self, t: Token) -> bool:
        """An outlet noun with the preposition ل (لوكالة، للصحيفة، ولقناة): whom someone spoke to."""
        return t.kind == WORD and any(
            pre.endswith("ل") and stem in self.lex.outlets for pre, stem in proclitic_splits(t.norm))

    def _appose(self, ctx: _Ctx, m: _EntMention, b: int) -> _EntMention:
        """After a role: a person named in apposition to its organisation or place (المتحدث باسم الكرملين
        دميتري بيسكوف، حاكم إقليم دارفور مني أركو مناوي، المتحدث باسم الجيش العميد ...) is the speaker."""
        if m.entity.type == "PER":
            return m
        toks = ctx.toks
        k = m.tok_end
        steps = 0
        while k < b and steps < 5:
            t = toks[k]
            if t.kind == PUNCT:
                if t.text in ("،", ",", "(", ")", "«", "»", '"', "“", "”", "-"):
                    k += 1
                    continue
                break
            m2 = ctx.by_start.get(k)
            if m2 is not None:
                if m2.entity.id == m.entity.id:  # the acronym: وكالة السودان للأنباء (سونا)
                    k = m2.tok_end
                    continue
                if m2.entity.type == "PER" and not m2.pp:
                    return m2
                break
            n = self._phrase_at(toks, k, b, self._ranks)
            if not n:
                break
            k += n
            steps += 1
        return m

    def _skip_pp(self, ctx: _Ctx, j: int, b: int) -> int:
        """Past the object of a preposition starting at ``j``."""
        toks = ctx.toks
        if j < b and toks[j].kind == PUNCT and toks[j].text in OPEN_QUOTES:
            close = self._close_of(ctx, j, b)
            if close is not None:
                return close + 1  # لـ«الشرق الأوسط»: the quoted name is the object, whatever the tagger found in it
        while j < b and toks[j].kind == PUNCT and toks[j].text in OPEN_QUOTES:
            j += 1
        m = ctx.by_start.get(j)
        if m is not None:
            j = m.tok_end
            while j < b and toks[j].kind == PUNCT and toks[j].text in CLOSE_MARKS:
                j += 1
            return j
        start = j
        while j < b:
            t = toks[j]
            if t.kind == PUNCT and t.text in OPEN_QUOTES and j > start and self._is_outlet(toks[j - 1]):
                close = self._close_of(ctx, j, b)
                if close is not None:
                    return close + 1  # على موقع «تويتر»، مع صحيفة «لوموند»: the outlet's name ends the object
                break
            if t.kind == PUNCT or j in ctx.by_start or self._is_prep(t):
                break
            if self._phrase_at(toks, j, b, self._roles):
                break
            j += 1
        return j

    def _participle_speaker(self, ctx: _Ctx, i, s0, earlier: list[_Found], cue: Cue) -> _EntMention | None:
        """A participle continues its sentence's main verb: the speaker of the sentence's latest
        quote, or the subject after the sentence's first verb (وغادر بوتين القاعة مؤكدا أن). A
        participle that does not agree with that speaker (وأوضحت الصحيفة أن ...، معتبرا أن) belongs to
        someone else named inside the quote: unresolved, not a guess."""
        if earlier:
            return None if _clash(cue.gender, earlier[-1].gender) else earlier[-1].speaker
        subj = self._main_subject(ctx, s0, i)
        return subj.mention if subj.status == "ent" else None

    def _main_subject(self, ctx: _Ctx, s0, i) -> _Subject:
        """The subject of a sentence's main clause: a name or role opening it (SVO), or the phrase after
        its first word, taken as the verb (VSO)."""
        toks = ctx.toks
        k = s0
        while k < i and toks[k].kind != WORD:
            k += 1
        if k >= i or self._is_prep(toks[k]) or self._pp_word(toks[k]):
            return _Subject("none")
        m = ctx.by_start.get(k)
        if m is not None:
            return _Subject("none") if m.pp else _Subject("ent", m)
        n = self._phrase_at(toks, k, i, self._roles)
        if n:
            return self._role_chain(ctx, k, k + n, i)
        return self._np_subject(ctx, k + 1, i)

    def _sentence_subject(self, ctx: _Ctx, s0, i, cue: Cue, seen_gender) -> _EntMention | None:
        """A pro-drop verb inside a sentence (هجمات على سفن يقولون إنها ...) refers back to the subject
        of the sentence's first verb, when that subject agrees with it."""
        subj = self._main_subject(ctx, s0, i)
        if subj.status != "ent" or subj.mention is None:
            return None
        g = _gender(subj.mention.entity, seen_gender)
        if cue.gender == "p" or not cue.gender or g in (cue.gender, ""):
            return subj.mention
        return None

    def _subject_before(self, ctx: _Ctx, i, s0) -> _EntMention | None:
        """SVO: an entity right before the verb (حماس قالت), also past قد (وكانت الأمم المتحدة قد
        حذرت) or a relative pronoun (الأمم المتحدة، التي قالت)."""
        toks = ctx.toks
        j = i - 1
        if j >= s0 and toks[j].norm in ("قد", "لقد"):
            j -= 1
        relative = ""
        if j >= s0 and toks[j].norm in RELATIVES:
            relative = toks[j].norm
            j -= 1
            while j >= s0 and toks[j].kind == PUNCT and toks[j].text in ("،", ","):
                j -= 1
        if j >= s0 and j in ctx.by_tok:
            m = ctx.by_tok[j]
            if m.tok_end == j + 1 and not m.pp and _relative_agrees(relative, m.entity):
                return m
        return None

    def _inherit(self, cue: Cue, history, paragraph, earlier: list[_Found], seen_gender) -> _EntMention | None:
        """The latest speaker of this or the previous paragraph whose gender agrees with the verb;
        when that latest speaker is unresolved, the quote stays unresolved."""
        recent = [(m, g) for p, m, g in history if p >= paragraph - 1]
        recent += [(f.speaker, f.gender) for f in earlier]
        for m, g in reversed(recent):
            if m is None:
                if not cue.gender or cue.gender == "p" or g in (cue.gender, "", "p"):
                    return None
                continue
            if not cue.gender or cue.gender == "p" or _gender(m.entity, seen_gender) in (cue.gender, ""):
                return m
        return None

    # --- pieces ---------------------------------------------------------------------------------

    def _verb(self, tok: Token) -> tuple[Cue, str] | None:
        norm = tok.norm
        try:
            return self._verbs[norm]
        except KeyError:
            pass
        verbs = self.lex.verbs
        hit = None
        for pre, stem in proclitic_splits(norm):
            if pre in ("", "و", "ف") and stem in verbs:
                hit = verbs[stem], pre
                break
        if len(self._verbs) < 200_000:
            self._verbs[norm] = hit
        return hit

    def _editorial_at(self, toks, i, s1) -> bool:
        """(و)يذكر أن, also with a comma before أن: an aside of the writer."""
        for _, head in proclitic_splits(toks[i].norm):
            for ph in self._editorial.get(head, ()):
                k, ok = i + 1, True
                for w in ph[1:]:
                    while k < s1 and toks[k].kind == PUNCT and toks[k].text in COMMAS:
                        k += 1
                    if k >= s1 or toks[k].norm != w:
                        ok = False
                        break
                    k += 1
                if ok:
                    return True
        return False

    def _is_prep(self, t: Token) -> bool:
        if t.kind != WORD:
            return False
        n = t.norm
        return n in self.lex.preps or (n[:1] in ("و", "ف") and n[1:] in self.lex.preps)

    def _pp_word(self, t: Token) -> bool:
        """A word carrying a preposition clitic and the article (للصحفيين، بالقول، وللصحفيين)."""
        n = t.norm
        if n.startswith(("و", "ف")) and len(n) > 4:
            n = n[1:]
        return t.kind == WORD and n.startswith(("لل", "بال", "كال")) and len(n) > 4

    def _is_adverb(self, t: Token) -> bool:
        n = t.norm
        if n in self.lex.adverbs:
            return True
        # an indefinite accusative (مجددا، رسميا، قائلا): a circumstance, not a subject
        return t.kind == WORD and len(n) >= 5 and n.endswith("ا") and not n.startswith("ال")

    def _phrase_at(self, toks, i, s1, index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Length in tokens of the longest phrase of ``index`` starting at token ``i`` (0 if none)."""
        if i >= s1 or toks[i].kind != WORD:
            return 0
        for _, head in proclitic_splits(toks[i].norm):
            for ph in index.get(head, ()):
                n = len(ph)
                if i + n <= s1 and all(toks[i + k].norm == ph[k] for k in range(1, n - 1)) and (
                    n == 1 or toks[i + n - 1].norm == ph[-1] or _clitic_of(ph[-1], toks[i + n - 1].norm)
                ):
                    return n
        return 0

    def _mention_after(self, ctx: _Ctx, k, b) -> _EntMention | None:
        toks = ctx.toks
        while k < b and toks[k].kind == PUNCT and toks[k].text in OPEN_QUOTES:
            k += 1
        return ctx.by_start.get(k) if k < b else None

    def _close_of(self, ctx: _Ctx, j, s1) -> int | None:
        """The token closing the quotation opened at ``j`` in the same sentence."""
        toks = ctx.toks
        opener = toks[j].text
        close = OPEN_QUOTES[opener]
        depth = 0
        for m in range(j + 1, s1):
            t = toks[m].text
            if t == opener and opener != close:
                depth += 1
            elif t == close:
                if depth:
                    depth -= 1
                    continue
                return m
        return None

    def _quotation_words(self, ctx: _Ctx, j, s1) -> int:
        close = self._close_of(ctx, j, s1)
        return sum(1 for t in ctx.toks[j + 1 : close if close is not None else s1] if t.kind == WORD)

    def _quotation_ends_clause(self, ctx: _Ctx, j, s1) -> bool:
        """Does the quotation opened at ``j`` make the whole clause (or run past the sentence)?"""
        close = self._close_of(ctx, j, s1)
        if close is None:
            return True
        after = close + 1
        return after >= s1 or ctx.toks[after].text in CLAUSE_END or ctx.toks[after].text in COMMAS

    def _content(self, ctx: _Ctx, k, s1, allow_bare: bool, quoted_only: bool = False, embedded: bool = False):
        """``(start, end, direct, next_token)`` of a quote's content starting at token ``k``."""
        toks = ctx.toks
        if k >= s1:
            return None
        first = toks[k]
        if first.kind == PUNCT and first.text in OPEN_QUOTES:
            close = self._close_of(ctx, k, s1)
            if close is None:
                close = self._close_beyond(ctx, k, s1)
                if close is not None:
                    return (toks[k + 1].start, toks[close - 1].end, True, close + 1)
            if close is not None:
                after = close + 1
                clause_ends = after >= s1 or toks[after].text in CLAUSE_END or toks[after].text in COMMAS
                if clause_ends and close - k - 1 >= 1:
                    return (toks[k + 1].start, toks[close - 1].end, True, after)
            elif k + 1 < s1:
                # an unclosed quotation: what follows the mark, to the end of the sentence
                inner = self._content(ctx, k + 1, s1, allow_bare=True)
                if inner is not None:
                    return (inner[0], inner[1], True, inner[3])
            if quoted_only:
                return None
        elif quoted_only:
            return None
        end = k
        m = k
        while m < s1:
            t = toks[m]
            if t.kind == PUNCT and t.text in CLAUSE_END:
                break
            if t.kind == PUNCT and t.text in ("،", ",") and m + 1 < s1 and (
                embedded or self._clause_break(toks, m + 1, s1)
            ):
                break
            end = m + 1
            m += 1
        while end > k and toks[end - 1].kind == PUNCT and toks[end - 1].text not in "»”\")“":
            end -= 1
        words = sum(1 for t in toks[k:end] if t.kind == WORD)
        if words < (1 if allow_bare else MIN_QUOTE_WORDS):
            return None
        start_c = toks[k].start
        end_c = toks[end - 1].end
        if end_c <= start_c:
            return None
        return (start_c, end_c, False, end)

    def _clause_break(self, toks, m, s1) -> bool:
        """After a comma: a participle (، لافتة إلى أن), a new perfect speech verb with its conjunction
        (، ونفت) or a source phrase (، حسبما أوردت) starts a new clause."""
        hit = self._verb(toks[m])
        if hit is not None:
            cue, conj = hit
            if cue.kind == "part":
                return True
            if conj and (cue.perfect or cue.kind == "cont"):
                # ، وأكد أن / ، وأضاف: -- but not ، وزاد عدد الجرحى: the verb must take a complement
                for k in range(m + 1, min(s1, m + 8)):
                    t = toks[k]
                    if t.text in CLAUSE_END or t.text in COMMAS:
                        break
                    if t.norm in COMPLEMENTISERS or t.text == ":" or (
                        cue.prep and t.norm == cue.prep and k + 1 < s1 and toks[k + 1].norm in COMPLEMENTISERS
                    ):
                        return True
            return False
        return bool(self._phrase_at(toks, m, s1, self._sources))

    def _close_beyond(self, ctx: _Ctx, k, s1) -> int | None:
        """A quotation that runs over several paragraphs: its closing mark within the next few lines.
        A paragraph may reopen it with the same mark (the convention for long quotations); the closing
        mark must end a clause (a line end, a comma or a full stop after it), and no other quotation may
        come in between."""
        toks = ctx.toks
        opener = toks[k].text
        close = OPEN_QUOTES[opener]
        last = ctx.line(k) + MAX_QUOTE_LINES - 1  # the quotation's last possible line ends at this newline
        limit = ctx.newlines[last] if last < len(ctx.newlines) else len(ctx.text)
        depth = 0
        n = len(toks)
        m = s1
        while m < n and toks[m].start < limit:
            t = toks[m]
            if t.kind == PUNCT and t.text in QUOTE_MARKS:
                line_start = ctx.line(m - 1) != ctx.line(m)
                if t.text == opener and line_start:
                    m += 1  # the quotation reopened on a new paragraph
                    continue
                if t.text == close and not depth:
                    after = m + 1
                    if after >= n or ctx.line(after) != ctx.line(m) or toks[after].text in CLAUSE_END_OR_COMMA:
                        return m
                    return None
                if t.text == opener and opener != close:
                    depth += 1
                elif t.text == close and depth:
                    depth -= 1
                else:
                    return None  # another quotation: the first one was never closed
            m += 1
        return None

    def _quote(self, ctx: _Ctx, content, speaker: _EntMention | None, cue: SpanRef | None, via,
               direct=None) -> Quote:
        start, end, is_direct, _ = content
        sp = Speaker()
        if speaker is not None:
            ent = _as_actor(ctx.doc, speaker.entity)
            sp = Speaker(ent.id, ent.name, speaker.start, speaker.end, speaker.text)
        q = Quote(speaker=sp, text=ctx.text[start:end], start=start, end=end,
                  direct=is_direct if direct is None else direct, cue=cue)
        if isinstance(via, Via):
            q.via = via
        elif via is not None:
            q.via = Via(via.entity.id, via.entity.name, via.start, via.end, via.text)
        return q

    def _quote_before(self, ctx: _Ctx, i, s0, s1, cue: Cue, history, paragraph, seen_gender):
        """«...»، قال X : a quotation opening the sentence and ending right before the cue."""
        if cue.kind == "part":
            return None
        toks = ctx.toks
        j = i - 1
        while j >= s0 and toks[j].kind == PUNCT and toks[j].text in ("،", ",", "-"):
            j -= 1
        if j < s0 or toks[j].text not in CLOSE_MARKS:
            return None
        close = toks[j].text
        k = s0
        while k < j and toks[k].kind == PUNCT and toks[k].text not in OPEN_QUOTES:
            k += 1
        if k >= j - 1 or toks[k].text not in OPEN_QUOTES or OPEN_QUOTES[toks[k].text] != close:
            return None
        if self._close_of(ctx, k, s1) != j:
            return None
        subj = self._np_subject(ctx, i + 1, s1)
        speaker = subj.mention if subj.status == "ent" else None
        explicit = subj.status != "none"
        if subj.status == "none":
            speaker = self._inherit(cue, history, paragraph, [], seen_gender)
        nxt = speaker.tok_end if speaker is not None and subj.status == "ent" else i + 1
        content = (toks[k + 1].start, toks[j - 1].end, True, nxt)
        cue_span = SpanRef(toks[i].start, toks[i].end, toks[i].text)
        q = self._quote(ctx, content, speaker, cue_span, None)
        gender = cue.gender if cue.gender in ("m", "f", "p") else ""
        return _Found(q, speaker, gender, False, nxt, explicit)

    def _trailing_source(self, ctx: _Ctx, k, s1, q: Quote) -> None:
        """"، وفق ما أفادت X" / "، حسبما أوردت صحيفة X" after a quote names its relay."""
        toks = ctx.toks
        m = k
        while m < s1 and toks[m].kind == PUNCT and toks[m].text in ("،", ",", "»", "”", '"'):
            m += 1
        n = self._phrase_at(toks, m, s1, self._sources)
        if not n:
            return
        for j in range(m + n, min(s1, m + n + 6)):
            if j in ctx.by_tok:
                ent = ctx.by_tok[j]
                if q.via is None and (q.speaker.entity is None or q.speaker.entity != ent.entity.id):
                    q.via = Via(ent.entity.id, ent.entity.name, ent.start, ent.end, ent.text)
                return

    def _according_to(self, ctx: _Ctx, s0, s1) -> _Found | None:
        """A sentence with no speech verb whose clause ends in "بحسب X": X said it."""
        toks = ctx.toks
        for m in range(s0 + 3, s1):
            if toks[m - 1].text not in ("،", ","):
                continue
            n = self._phrase_at(toks, m, s1, self._sources)
            if not n:
                continue
            for j in range(m + n - 1, min(s1, m + n + 5)):
                sp = ctx.by_tok.get(j)
                if sp is None or (j == m + n - 1 and sp.tok_start != j):
                    continue
                end = m - 1
                words = sum(1 for t in toks[s0:end] if t.kind == WORD)
                if words < MIN_CLAUSE_WORDS:
                    return None
                content = (toks[s0].start, toks[end - 1].end, False, s1)
                a, z = toks[m].start, min(toks[m + n - 1].end, sp.start) if j == m + n - 1 else toks[m + n - 1].end
                cue = SpanRef(a, z, ctx.text[a:z])
                return _Found(self._quote(ctx, content, sp, cue, None), sp, "", False, s1, True)
            return None
        return None

    def _mentions(self, doc: Document, starts: list[int]) -> list[_EntMention]:
        out = []
        toks = doc.tokens
        for e in doc.entities:
            for m in e.mentions:
                ts = bisect.bisect_right(starts, m.start) - 1
                te = bisect.bisect_left(starts, m.end)
                if ts < 0:
                    continue
                out.append(_EntMention(e, m.start, m.end, m.text, ts, max(te, ts + 1),
                                       _has_prep_clitic(doc.text, toks[ts], m.start)))
        out.sort(key=lambda m: m.start)
        return out


def _extend(ctx: _Ctx, prev: _Found, more: _Found) -> None:
    """Extend ``prev``'s quote over ``more``'s content (the participle and its particle fall inside).
    The quotation marks of either part are kept, and the joined quote is indirect."""
    q, r = prev.quote, more.quote
    text = ctx.text
    start, end = q.start, r.end
    if q.direct and start > 0 and text[start - 1] in OPEN_QUOTES:
        start -= 1
    if r.direct and end < len(text) and text[end] in CLOSE_MARKS:
        end += 1
    q.start, q.end, q.text, q.direct = start, end, text[start:end], False
    if q.via is None and r.via is not None:
        q.via = r.via
    prev.next_tok = max(prev.next_tok, more.next_tok)


def _relative_agrees(relative: str, ent: Entity) -> bool:
    """Does a relative pronoun agree with the entity before it? الذي takes a masculine head (not a
    country: ... وباكستان، الذي قال is about someone else), التي a feminine one or a thing (not a man)."""
    rel = RELATIVE_GENDER.get(relative)
    if rel == "m":
        return _gender(ent) != "f"
    if rel == "f":
        return ent.type != "PER" or _gender(ent) != "m"
    return True


def _has_pronoun_suffix(t: Token) -> bool:
    """Does a word carry a pronoun suffix (إنها، حررتها، قواته، بإمكانهم)? Read from the written form,
    where a ta marbuta (ة) is still told apart from the pronoun ه."""
    if t.kind != WORD or len(t.text) < 3 or t.text.startswith("ال") or t.norm in ROOT_HA:
        return False
    w = t.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
    return w.endswith(("ه", "ها", "هم", "هما", "هن"))


def _clash(a: str, b: str) -> bool:
    """Two known singular genders that differ (a plural agrees with either: قال مسؤولون ...، مضيفين)."""
    return a in ("m", "f") and b in ("m", "f") and a != b


def _disagrees(relative: str, verb_gender: str) -> bool:
    """Does a verb right after a relative pronoun fail to agree with it (so that the relative's head
    noun cannot be the verb's dropped subject)? الذي قالت، التي قال، الذين قال."""
    rel = RELATIVE_GENDER.get(relative)
    if not rel or verb_gender not in ("m", "f", "p"):
        return False
    return rel != verb_gender


def _has_prep_clitic(text: str, tok: Token, start: int) -> bool:
    """Is the mention written with a preposition clitic (ل، ب، ك) on its first word?"""
    if start > tok.start:
        prefix = normalize(text[tok.start : start])
        return any(c in prefix for c in "لبك")
    return tok.norm.startswith(("لل", "ولل", "فلل"))


def _clitic_of(particle: str, word: str) -> bool:
    """A one-letter preposition written on the next word: وفقا لـ + وزارة -> وفقا لوزارة."""
    return len(particle) == 1 and len(word) > 2 and word.startswith(particle)


def _is_local(ent: Entity) -> bool:
    return ent.type == "LOC" and ent.kind != "country"


def _as_actor(doc: Document, ent: Entity) -> Entity:
    """A capital used as a speaker (وأشارت بيونغ يانغ) speaks for its country: the country's entity
    in this document when there is one."""
    if ent.kind != "city" or not ent.kb_id:
        return ent
    from marsad.kb import load as load_kb

    kb_ent = load_kb().get(ent.kb_id)
    iso = kb_ent.extra.get("capital_of") if kb_ent is not None else None
    if not iso:
        return ent
    return next((e for e in doc.entities if e.kb_id == f"country:{iso}"), ent)


@lru_cache(maxsize=16)
def _first_word_index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases:  # already longest first
        index.setdefault(ph[0], []).append(ph)
    return {k: tuple(v) for k, v in index.items()}


def _gender(ent: Entity, seen: dict[str, str] | None = None) -> str:
    """Grammatical gender of an entity as a subject: what its verbs showed earlier in the document,
    else people by the KB, countries feminine, other names by their first word's ending (ta marbuta)."""
    if seen and ent.id in seen:
        return seen[ent.id]
    if ent.type == "PER":
        return _person_gender(ent.kb_id)
    if ent.kind == "country":
        return "f"
    if ent.mentions:
        first = normalize(ent.mentions[0].text).split(" ")[0]
        return "f" if first.endswith("ه") else "m"
    return ""


@lru_cache(maxsize=4096)
def _person_gender(kb_id: str | None) -> str:
    from marsad.kb import load as load_kb

    kb_ent = load_kb().get(kb_id)
    return kb_ent.gender if kb_ent is not None and kb_ent.gender else "m"


def make_component() -> QuoteExtractor:
    return QuoteExtractor()
