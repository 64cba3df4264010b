"""Reported speech: who said what, direct and indirect, with cues and relay chains.

The cue lexicon (``data/quotes/cues.tsv`` and ``nominal.tsv``) lists speech verbs in every form news
uses, continuation verbs, participles and nominal cues. The component works sentence by sentence over
tokens (the sentence splitter keeps a quotation that runs over several sentences inside one sentence):

1. **Cue** -- a speech verb (with its conjunction: وقال، فأكدت), a relay (نقلت X عن Y قوله), a statement
   reference (وجاء في البيان) or a participle (مضيفا، لافتة إلى أن).
2. **Speaker** -- for a verb, the first entity between the cue and its complement (VSO: وقال المتحدث
   باسم الكرملين دميتري بيسكوف إن -> the person, preferred over the organisation in the title), or the
   entity just before the verb in the same clause (SVO); for a relay, the entity after عن; a
   continuation verb or participle with no subject of its own inherits the latest speaker of the same
   or the previous paragraph whose grammatical gender agrees with the verb (وأضافت -> feminine); a
   statement reference inherits the author of the latest statement (في بيان). No speaker found means an
   unresolved speaker, never a guess.
3. **Content** -- after the complementiser (إن، أن، بأن، إلى أن ...) or a colon, to the end of the
   clause: the sentence end, or a comma followed by a new cue (، لافتة إلى أن) or a source phrase
   (، حسبما أوردت). When the content is one quotation (« » “ ” "), the quote is *direct* and its text
   is what is inside the marks; a colon cue is direct too. A quotation with no cue before or after it
   is not speech (names of operations, scare quotes around a word).
4. **Relay** -- ``via``: the subject of نقل in a relay, the author after "صادر عن" in "في بيان صادر عن X",
   or X in a trailing "وفق ما أفادت X" / "حسبما أوردت X"; a sentence with no speech verb whose clause
   ends in "بحسب X" is attributed to X.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.doc import Document, Entity, Quote, SpanRef, Speaker, Via
from marsad.text.normalize import normalize
from marsad.text.tokens import PUNCT, WORD, Token, proclitic_splits

COMPLEMENTISERS = {normalize(w) for w in (
    "إن", "أن", "إنه", "أنه", "إنها", "أنها", "إنهم", "أنهم", "إنهما", "أنهما", "إنني", "أنني", "إننا", "أننا",
    "بأن", "بأنه", "بأنها", "بأنهم", "إنّ", "أنّ",
)}
OPEN_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"', "”": "“"}
CLAUSE_END = {".", "؟", "?", "!", "؛", "…"}
MAX_CUE_WINDOW = 9  # words between a cue verb and its complement
MIN_QUOTE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # say | cont | part
    gender: str  # m | f | p | "" (neutral)
    prep: str  # normalised particle before أن, or ""


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Cue]
    sources: tuple[tuple[str, ...], ...]  # "according to" phrases, normalised token tuples
    statements: tuple[tuple[str, ...], ...]
    media: tuple[tuple[str, ...], ...]
    relay_words: frozenset[str]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("marsad") / "data" / "quotes" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon with every derived form, normalised (loaded once)."""
    verbs: dict[str, Cue] = {}

    def add(form: str, kind: str, gender: str, prep: str) -> None:
        key = normalize(form)
        if key and key not in verbs:
            verbs[key] = Cue(kind, gender, prep)

    for row in _rows("cues.tsv"):
        row += [""] * (5 - len(row))
        kind, perf, imperf, prep, extra = (c.strip() for c in row[:5])
        prep_n = normalize(prep)
        for form_g in (extra.split("|") if extra else []):
            form, _, g = form_g.partition(":")
            add(form, kind, g, prep_n)
        if " " in perf or kind == "part":
            add(perf, kind, "m", prep_n)
            continue
        add(perf, kind, "m", prep_n)
        add(perf + "ت", kind, "f", prep_n)
        add(perf + "وا", kind, "p", prep_n)
        add(perf + "ا", kind, "p", prep_n)
        if imperf:
            add(imperf, kind, "m", prep_n)
            if imperf.startswith("ي"):
                add("ت" + imperf[1:], kind, "f", prep_n)
            add(imperf + "ون", kind, "p", prep_n)
    groups: dict[str, list[tuple[str, ...]]] = {"source": [], "statement": [], "medium": [], "relay": []}
    for kind, phrase in _rows("nominal.tsv"):
        groups[kind.strip()].append(tuple(normalize(phrase).split()))
    for g in groups.values():
        g.sort(key=len, reverse=True)
    return Lexicon(
        verbs=verbs,
        sources=tuple(groups["source"]),
        statements=tuple(groups["statement"]),
        media=tuple(groups["medium"]),
        relay_words=frozenset(w[0] for w in groups["relay"]),
    )


@dataclass(slots=True)
class _EntMention:
    entity: Entity
    start: int
    end: int
    text: str
    tok_start: int
    tok_end: int


class QuoteExtractor:
    """The ``quotes`` pipeline component."""

    def __init__(self) -> None:
        self.lex = lexicon()

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            return
        starts = [t.start for t in toks]
        mentions = self._mentions(doc, starts)
        by_tok: dict[int, _EntMention] = {}
        for m in mentions:
            for i in range(m.tok_start, m.tok_end):
                by_tok.setdefault(i, m)
        history: list[tuple[int, _EntMention]] = []  # (paragraph, speaker) in text order
        statement_author: _EntMention | None = None
        quotes: list[Quote] = []
        paragraph = 0
        prev_end = 0
        for sent in doc.sentences:
            if "\n\n" in doc.text[prev_end : sent.start] or (prev_end and "\n" in doc.text[prev_end : sent.start]):
                paragraph += 1
            prev_end = sent.end
            found = self._sentence(doc, toks, sent.tok_start, sent.tok_end, by_tok, history, paragraph,
                                   statement_author)
            for q, speaker_m, is_statement in found:
                quotes.append(q)
                if speaker_m is not None:
                    history.append((paragraph, speaker_m))
                if is_statement:
                    statement_author = speaker_m  # an unresolved author must not lend the last one
        doc.quotes = quotes

    # --- per sentence ---------------------------------------------------------------------------

    def _sentence(self, doc, toks, s0, s1, by_tok, history, paragraph, statement_author):
        out: list[tuple[Quote, _EntMention | None, bool]] = []
        i = s0
        covered_until = s0
        while i < s1:
            tok = toks[i]
            if tok.kind != WORD or i < covered_until:
                i += 1
                continue
            stmt = self._phrase_at(toks, i, s1, self.lex.statements)
            if stmt:
                content = self._content(doc, toks, i + stmt, s1, allow_bare=True)
                if content:
                    speaker = statement_author
                    q = self._quote(doc, toks, content, speaker, SpanRef(tok.start, toks[i + stmt - 1].end,
                                    doc.text[tok.start : toks[i + stmt - 1].end]), None)
                    out.append((q, speaker, True))
                    covered_until = content[3]
                    i = content[3]
                    continue
            cue = self._verb(tok)
            if cue is None:
                i += 1
                continue
            res = self._from_cue(doc, toks, i, s0, s1, cue, by_tok, history, paragraph, out)
            if res is None:
                i += 1
                continue
            q, speaker, is_statement, next_i = res
            out.append((q, speaker, is_statement))
            covered_until = next_i
            i = next_i
        if not out:
            q = self._according_to(doc, toks, s0, s1, by_tok)
            if q is not None:
                out.append(q)
        return out

    def _from_cue(self, doc, toks, i, s0, s1, cue: Cue, by_tok, history, paragraph, earlier):
        lex = self.lex
        text = doc.text
        j = i + 1
        words = 0
        speaker: _EntMention | None = None
        via: _EntMention | None = None
        via_text_span: tuple[int, int] | None = None
        relay_target: _EntMention | None = None
        is_statement = False
        complement_at = None
        colon = False
        quote_open = None
        # walk to the complement, collecting the subject and relay parts
        while j < s1 and words <= MAX_CUE_WINDOW:
            t = toks[j]
            if t.kind == PUNCT:
                if t.text == ":":
                    colon = True
                    complement_at = j + 1
                    break
                if t.text in OPEN_QUOTES and t.text not in ("»",):
                    prev = toks[j - 1].text if j > s0 else ""
                    if words == 0 or prev in ("،", ",", ":"):
                        quote_open = j
                        complement_at = j
                        break
                if t.text in CLAUSE_END:
                    break
                j += 1
                continue
            words += 1
            heads = {stem for _, stem in proclitic_splits(t.norm)}
            if t.norm in COMPLEMENTISERS or (cue.prep and t.norm == cue.prep and j + 1 < s1
                                            and toks[j + 1].norm in COMPLEMENTISERS):
                complement_at = j + 1 if t.norm in COMPLEMENTISERS else j + 2
                break
            if cue.prep and any(h in COMPLEMENTISERS for h in heads) and t.norm.startswith(cue.prep):
                complement_at = j + 1  # بأن written as one word after a ب-verb
                break
            if t.norm in lex.relay_words and relay_target is not None:
                # نقلت X عن Y قوله: Y speaks, X relays
                speaker, via = relay_target, speaker
                j += 1
                continue
            after = j + 1
            while after < s1 and toks[after].kind == PUNCT and toks[after].text in OPEN_QUOTES:
                after += 1  # صادر عن «الكرملين»
            if t.norm == "عن" and after < s1 and after in by_tok:
                m = by_tok[after]
                # "في بيان صادر عن X" -> X relays; "نقلت ... عن X قوله" -> X speaks (decided at قوله)
                if j > 0 and toks[j - 1].norm in ("صادر", "الصادر", "صادره", "الصادره"):
                    via = m
                    via_text_span = (m.start, m.end)
                else:
                    relay_target = m
                j = m.tok_end
                while j < s1 and toks[j].text in ("»", "”", '"'):
                    j += 1
                words += m.tok_end - m.tok_start - 1
                continue
            med = self._phrase_at(toks, j, s1, lex.media)
            if med:
                is_statement = is_statement or "بيان" in toks[j + med - 1].norm
                j += med
                continue
            m = by_tok.get(j)
            if m is not None:
                if speaker is None or (m.entity.type == "PER" and speaker.entity.type != "PER"
                                       and relay_target is None):
                    speaker = m
                j = m.tok_end
                words += m.tok_end - m.tok_start - 1
                continue
            if self._verb(t) is not None and words > 1:
                break  # another verb: the clause moved on without a complement
            j += 1
        if complement_at is None:
            # «...»، قال X  -- a quotation right before the cue
            return self._quote_before(doc, toks, i, s0, s1, cue, by_tok, history, paragraph)
        if speaker is None and cue.kind != "part":
            speaker = self._subject_before(toks, i, s0, by_tok)
        if speaker is None and relay_target is not None:
            speaker = relay_target
        if speaker is None:
            speaker = self._inherit(cue, history, paragraph, earlier)
        content = self._content(doc, toks, complement_at, s1, allow_bare=colon or quote_open is not None)
        if content is None:
            return None
        cue_end = toks[complement_at - 1].end if not colon and quote_open is None else toks[i].end
        if toks[complement_at - 1].norm in COMPLEMENTISERS or colon:
            cue_end = toks[i].end
        cue_span = SpanRef(toks[i].start, cue_end, text[toks[i].start : cue_end])
        direct = content[2] or colon
        q = self._quote(doc, toks, content, speaker, cue_span, via, direct=direct)
        if via is not None and via_text_span is not None and q.via is None:
            q.via = Via(via.entity.id, via.entity.name, via.start, via.end, via.text)
        self._trailing_source(doc, toks, content[3], s1, by_tok, q)
        return q, speaker, is_statement, content[3]

    # --- pieces ---------------------------------------------------------------------------------

    def _verb(self, tok: Token) -> Cue | None:
        verbs = self.lex.verbs
        for pre, stem in proclitic_splits(tok.norm):
            if pre in ("", "و", "ف") and stem in verbs:
                return verbs[stem]
        return None

    def _phrase_at(self, toks, i, s1, phrases) -> int:
        """Length in tokens of the longest phrase of ``phrases`` starting at token ``i`` (0 if none)."""
        if i >= s1:
            return 0
        index = _first_word_index(phrases)
        for _, head in proclitic_splits(toks[i].norm):
            for ph in index.get(head, ()):
                n = len(ph)
                if i + n <= s1 and all(toks[i + k].norm == ph[k] for k in range(1, n)):
                    return n
        return 0

    def _content(self, doc, toks, k, s1, allow_bare: bool):
        """``(start, end, direct, next_token)`` of a quote's content starting at token ``k``."""
        if k >= s1:
            return None
        text = doc.text
        first = toks[k]
        if first.kind == PUNCT and first.text in OPEN_QUOTES:
            close = OPEN_QUOTES[first.text]
            depth = 0
            for m in range(k + 1, s1):
                t = toks[m]
                if t.text == first.text and first.text != close:
                    depth += 1
                elif t.text == close:
                    if depth:
                        depth -= 1
                        continue
                    # one quotation is the whole content when the clause ends right after it
                    after = m + 1
                    clause_ends = after >= s1 or toks[after].text in CLAUSE_END or toks[after].text in ("،", ",")
                    if clause_ends and m - k - 1 >= 1:
                        return (toks[k + 1].start, toks[m - 1].end, True, after)
                    break
        end = k
        m = k
        while m < s1:
            t = toks[m]
            if t.kind == PUNCT and t.text in CLAUSE_END:
                break
            if t.kind == PUNCT and t.text in ("،", ",") and m + 1 < s1:
                nxt = toks[m + 1]
                if (self._verb(nxt) is not None and self._verb(nxt).kind in ("part", "cont")) or self._phrase_at(
                    toks, m + 1, s1, self.lex.sources
                ):
                    break
            end = m + 1
            m += 1
        while end > k and toks[end - 1].kind == PUNCT and toks[end - 1].text not in "»”\")":
            end -= 1
        words = sum(1 for t in toks[k:end] if t.kind == WORD)
        if words < (1 if allow_bare else MIN_QUOTE_WORDS):
            return None
        start_c = toks[k].start
        end_c = toks[end - 1].end
        if end_c <= start_c:
            return None
        _ = text
        return (start_c, end_c, False, end)

    def _quote(self, doc, toks, content, speaker: _EntMention | None, cue: SpanRef | None, via, direct=None) -> Quote:
        start, end, is_direct, _ = content
        sp = Speaker()
        if speaker is not None:
            ent = _as_actor(doc, speaker.entity)
            sp = Speaker(ent.id, ent.name, speaker.start, speaker.end, speaker.text)
        q = Quote(speaker=sp, text=doc.text[start:end], start=start, end=end,
                  direct=is_direct if direct is None else direct, cue=cue)
        if via is not None:
            q.via = Via(via.entity.id, via.entity.name, via.start, via.end, via.text)
        return q

    def _subject_before(self, toks, i, s0, by_tok) -> _EntMention | None:
        """SVO: an entity right before the verb (allowing a comma or nothing between them)."""
        j = i - 1
        while j >= s0 and toks[j].kind == PUNCT and toks[j].text in ("،", ","):
            j -= 1
        if j >= s0 and j in by_tok:
            m = by_tok[j]
            if m.tok_end == j + 1:
                return m
        return None

    def _inherit(self, cue: Cue, history, paragraph, earlier) -> _EntMention | None:
        recent = [m for _, m in ((p, m) for p, m in history if p >= paragraph - 1)]
        recent += [s for _, s, _ in earlier if s is not None]
        for m in reversed(recent):
            if not cue.gender or cue.gender == "p" or _gender(m.entity) in (cue.gender, ""):
                return m
        return None

    def _quote_before(self, doc, toks, i, s0, s1, cue, by_tok, history, paragraph):
        """«...»، قال X : a quotation that ends right before the cue (and its comma)."""
        j = i - 1
        while j >= s0 and toks[j].kind == PUNCT and toks[j].text in ("،", ",", "-"):
            j -= 1
        if j < s0 or toks[j].text not in ("»", "”", '"'):
            return None
        close = toks[j].text
        opener = {"»": "«", "”": "“", '"': '"'}[close]
        k = j - 1
        while k >= s0 and toks[k].text != opener:
            k -= 1
        if k < s0 or j - k < 2:
            return None
        speaker = None
        m = i + 1
        while m < s1 and m - i <= 6:
            if m in by_tok:
                speaker = by_tok[m]
                break
            m += 1
        if speaker is None:
            speaker = self._inherit(cue, history, paragraph, [])
        content = (toks[k + 1].start, toks[j - 1].end, True, max(i + 1, speaker.tok_end if speaker else i + 1))
        cue_span = SpanRef(toks[i].start, toks[i].end, toks[i].text)
        return self._quote(doc, toks, content, speaker, cue_span, None), speaker, False, content[3]

    def _trailing_source(self, doc, toks, k, s1, by_tok, q: Quote) -> None:
        """"، وفق ما أفادت X" / "، حسبما أوردت صحيفة X" after a quote names its relay."""
        m = k
        while m < s1 and toks[m].kind == PUNCT and toks[m].text in ("،", ","):
            m += 1
        n = self._phrase_at(toks, m, s1, self.lex.sources)
        if not n:
            return
        for j in range(m + n, min(s1, m + n + 6)):
            if j in by_tok:
                ent = by_tok[j]
                if q.via is None and (q.speaker.entity is None or q.speaker.entity != ent.entity.id):
                    q.via = Via(ent.entity.id, ent.entity.name, ent.start, ent.end, ent.text)
                return

    def _according_to(self, doc, toks, s0, s1, by_tok):
        """A sentence with no speech verb whose clause ends in "بحسب X": X said it."""
        for m in range(s0 + 3, s1):
            if toks[m - 1].text not in ("،", ","):
                continue
            n = self._phrase_at(toks, m, s1, self.lex.sources)
            if not n:
                continue
            for j in range(m + n, min(s1, m + n + 5)):
                if j in by_tok:
                    sp = by_tok[j]
                    end = m - 1
                    words = sum(1 for t in toks[s0:end] if t.kind == WORD)
                    if words < MIN_QUOTE_WORDS:
                        return None
                    content = (toks[s0].start, toks[end - 1].end, False, s1)
                    cue = SpanRef(toks[m].start, toks[m + n - 1].end, doc.text[toks[m].start : toks[m + n - 1].end])
                    return self._quote(doc, toks, content, sp, cue, None), sp, False
            return None
        return None

    def _mentions(self, doc: Document, starts: list[int]) -> list[_EntMention]:
        out = []
        for e in doc.entities:
            for m in e.mentions:
                ts = bisect.bisect_right(starts, m.start) - 1
                te = bisect.bisect_left(starts, m.end)
                if ts < 0:
                    continue
                out.append(_EntMention(e, m.start, m.end, m.text, ts, max(te, ts + 1)))
        out.sort(key=lambda m: m.start)
        return out


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


def _gender(ent: Entity) -> str:
    """Grammatical gender of an entity as a subject: people by the KB, countries feminine, other
    names by their first word's ending (ta marbuta)."""
    if ent.type == "PER":
        from marsad.kb import load as load_kb

        kb_ent = load_kb().get(ent.kb_id)
        return (kb_ent.gender if kb_ent is not None and kb_ent.gender else "m")
    if ent.kind == "country":
        return "f"
    if ent.mentions:
        first = normalize(ent.mentions[0].text).split(" ")[0]
        return "f" if first.endswith("ه") else "m"
    return ""


def make_component() -> QuoteExtractor:
    return QuoteExtractor()
