"""Events: who did what to whom, coded in CAMEO and PLOVER, with mode, date, location and casualties.

Per sentence, the trigger lexicon (:mod:`marsad.extract.event_lexicon`) finds the actions; for each
trigger the clause around it is searched for the actors, using the entities already in the document:

* **source (agent)** -- the entity right after a verb trigger, before any preposition (VSO: ووجه
  الرئيس الروسي فلاديمير بوتين ... شكره), else the entity right before the trigger in the clause (SVO:
  موسكو قد تقدم ...), else, for a verbal noun with a possessive (بقتالهم، دعمها) or a verb with no
  subject of its own, the subject carried over from earlier in the sentence, else -- inside a quotation
  -- the quote's speaker. A number right after the verb means a passive with counted victims (قتل
  ثلاثة جنود أتراك): the victims are the target and the source stays empty unless the sentence
  attributes the act (ينسب إلى، تبنى).
* **target (patient)** -- the first entity after a target preposition of the trigger (ضد، على، إلى،
  ل، مع، ب ...), or, for triggers that take a direct object, the first entity after the trigger (and
  after the source) that no other preposition governs.
* actor codes are CAMEO-style (:mod:`marsad.extract.actors`): a country alone, or country + role.

Coding decisions made here rather than in the lexicon, because they need the clause:

* plain statements (010 "make statement") are quotes, not events;
* concern aimed at another actor (أعرب عن قلقه إزاء ...) is criticism (111); with no target it stays a
  pessimistic comment (012);
* "X raised Y's concern" (أثار قلق Y) is coded with Y as the source and X as the target;
* mode: ``negated`` (لم، لن، لا، ليس، عدم ... before the trigger), ``hypothetical`` (قد، إذا، إن، لو، في حال،
  يمكن ...), ``future`` (س-، سوف، يعتزم، من المقرر ...), ``historical`` (dated more than a week before
  publication). Material cooperation that is only intended or conditional is coded with CAMEO's
  intent codes (072 -> 0332), and intended violence as a threat (19x -> 138).

An event keeps its evidence: the clause span, the trigger span and the actors' mention spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.doc import Actor, Casualties, Document, Entity, Event, Location, SpanRef
from marsad.extract import cameo as cameo_codes
from marsad.extract.actors import actor_for
from marsad.extract.event_lexicon import TriggerMatch, load_lexicon
from marsad.text.normalize import normalize
from marsad.text.tokens import PUNCT, WORD, Token, enclitic_splits, proclitic_splits

PREPOSITIONS = {normalize(w) for w in ("ضد", "على", "إلى", "الى", "مع", "في", "من", "عن", "لدى", "بين", "نحو", "عبر", "حول", "تجاه", "إزاء", "حيال", "بشأن", "لصالح", "بحق")}
CLITIC_PREPS = ("ل", "ب", "ك")
TARGET_PREPS_DEFAULT = {normalize(w) for w in ("ضد", "على", "إلى", "ل", "ب", "إزاء", "حيال", "بحق", "تجاه")}
TARGET_WINDOW = 10  # tokens after the trigger in which its patient is looked for
GENITIVE_FIRST_ROOTS = {"10", "11", "12", "13"}
ALWAYS_TARGET_PREPS = {normalize(w) for w in ("ل", "ضد", "إلى")}
FORCES = {normalize(w) for w in ("جنود", "قوات", "عناصر", "مقاتلو", "مقاتلي", "جيش", "طائرات", "صواريخ", "مسيرات",
                                 "مدفعية", "وحدات", "سفن", "بوارج", "قاذفات")}
LOCATIVE = {normalize(w) for w in ("في", "قرب", "داخل", "عند", "قبالة", "وسط")}
NEGATORS = {normalize(w) for w in ("لم", "لن", "لا", "ليس", "ليست", "عدم", "دون", "بدون", "غير", "ما")}
HYPOTHETICAL = {normalize(w) for w in ("قد", "إذا", "اذا", "لو", "حال", "يمكن", "بإمكان", "ربما", "لربما")}
FUTURE = {normalize(w) for w in ("سوف", "يعتزم", "تعتزم", "ينوي", "تنوي", "يعتزمون", "المقرر", "المزمع", "سيتم", "يخطط", "تخطط", "يسعى", "تسعى")}
NUMBER_WORDS = {
    normalize(k): v
    for k, v in {
        "واحد": 1, "واحدا": 1, "شخص": 1, "اثنان": 2, "اثنين": 2, "شخصين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4,
        "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9,
        "تسع": 9, "عشرة": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "أربعين": 40, "خمسين": 50,
        "مئة": 100, "مائة": 100, "مئات": None, "عشرات": None, "آلاف": None, "ألف": 1000,
    }.items()
}
KILL_CUES = {normalize(w) for w in ("قتل", "مقتل", "مصرع", "استشهاد", "استشهد", "قتلى", "قتيلا", "قتيل", "لقي", "سقوط", "وفاة", "شهيدا", "شهداء")}
INJURE_CUES = {normalize(w) for w in ("إصابة", "اصابة", "أصيب", "اصيب", "جرح", "جريحا", "جرحى", "مصابا", "مصابين", "إصابات")}
ARREST_CUES = {normalize(w) for w in ("اعتقال", "اعتقل", "توقيف", "احتجاز", "القبض", "معتقلا", "اعتقلت")}
REVERSED_PATTERNS = ("اثار", "يثير")  # أثار قلق X: X is the one concerned

# intent codes for material cooperation that is only announced or conditional
INTENT = {"06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314", "07": "033", "070": "033",
          "071": "0331", "072": "0332", "073": "0333", "074": "0334", "075": "033", "04": "036", "05": "030",
          "057": "030", "08": "035", "081": "035", "083": "034", "086": "035", "087": "035"}
THREAT = {"18": "138", "19": "138", "20": "1385", "17": "137", "16": "131", "163": "1312", "15": "138"}


@dataclass(slots=True)
class _M:
    entity: Entity
    start: int
    end: int
    tok_start: int
    tok_end: int


class EventExtractor:
    """The ``events`` pipeline component."""

    def __init__(self) -> None:
        self.lexicon = load_lexicon()

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            doc.events = []
            return
        starts = [t.start for t in toks]
        mentions = _mentions(doc, starts)
        by_tok: dict[int, _M] = {}
        for m in mentions:
            if _is_dateline(doc.text, toks, m):
                continue  # "الخرطوم - قتل ..." names where the report was filed, not an actor
            for i in range(m.tok_start, m.tok_end):
                by_tok.setdefault(i, m)
        quote_at = _quote_speakers(doc)
        events: list[Event] = []
        seen: dict[tuple, Event] = {}
        for sent in doc.sentences:
            s0, s1 = sent.tok_start, sent.tok_end
            words = [t.text for t in toks[s0:s1]]
            triggers = self.lexicon.find(words)
            carried: _M | None = None  # the subject carried over inside the sentence
            scope_end = -1  # triggers inside an appeal or demand are its content, not events
            for k, trig in enumerate(triggers):
                if trig.start_tok < scope_end:
                    continue
                bound = s0 + triggers[k + 1].start_tok if k + 1 < len(triggers) else s1
                if trig.root in ("02", "10"):
                    scope_end = _scope_end(toks, s0, s1, trig.end_tok)
                ev, subject = self._event(doc, toks, s0, s1, trig, by_tok, quote_at, carried, bound)
                if subject is not None:
                    carried = subject
                if ev is None:
                    continue
                key = (ev.source.country or ev.source.code, ev.target.country or ev.target.code, ev.cameo, ev.date)
                if key in seen:
                    first = seen[key]  # the same event told again (headline and body): coded once
                    if _location_rank(doc, ev) < _location_rank(doc, first):
                        first.location = ev.location
                    continue
                seen[key] = ev
                events.append(ev)
        doc.events = events

    # --- one trigger ----------------------------------------------------------------------------

    def _event(self, doc, toks, s0, s1, trig: TriggerMatch, by_tok, quote_at, carried, bound=None):
        code = trig.cameo
        if code == "010" or code.startswith("010"):
            return None, None  # plain statements are quotes
        head = s0 + trig.head
        t_start, t_end = s0 + trig.start_tok, s0 + trig.end_tok
        clause_start, clause_end = _clause(toks, s0, s1, t_start, t_end)
        patient_end = min(clause_end, bound) if bound is not None and bound >= t_end else clause_end
        reversed_roles = any(toks[s0 + i].norm.endswith(REVERSED_PATTERNS) for i in trig.tokens[:1])

        # --- source ---
        source: _M | None = None
        passive_victims = False
        if not trig.nominal and _possessor_subject(toks, s0, head, by_tok) is None:
            source, passive_victims = self._after_verb(toks, t_start, t_end, clause_end, by_tok, head,
                                                       {s0 + i for i in trig.tokens})
        if source is None and not passive_victims and trig.nominal:
            source = _nearest_before(toks, s0, t_start, by_tok)  # بقتالهم: the possessor named last
        if source is None and not passive_victims:
            source = _before(toks, clause_start, t_start, by_tok)
        if source is None and not passive_victims:
            source = _possessor_subject(toks, s0, head, by_tok)  # جنودها ساعدوا: her soldiers helped
        speaker = quote_at(toks[head].start)
        if source is None and not passive_victims:
            source = carried or speaker or _sentence_subject(toks, s0, t_start, by_tok)
        # --- target ---
        preps = (set(trig.target_preps) | ALWAYS_TARGET_PREPS) if trig.target_preps else TARGET_PREPS_DEFAULT
        target = None
        if trig.root in GENITIVE_FIRST_ROOTS:
            # يجب وقف النشر العسكري الكوري الشمالي إلى روسيا: whose action is demanded or criticised
            target = self._genitive(doc, toks, t_end, patient_end, by_tok, source)
        elif passive_victims:
            # أسقطت عشرات المسيرات الأوكرانية: the counted victims' nisba names whose they were
            target = self._genitive(doc, toks, head + 1, patient_end, by_tok, source, width=4)
        target = target or self._target(toks, t_start, t_end, patient_end, by_tok, preps,
                                         trig.direct_object or passive_victims, source)
        if source is not None and source.entity.kind == "media" and trig.root >= "06":
            source = None  # a channel that reports an attack is not its author
        if target is None:
            target = self._demonym_target(doc, toks, t_end, clause_end, source)
        if reversed_roles:
            source, target = self._reverse(toks, s0, trig, clause_start, clause_end, by_tok, carried)
        if source is not None and target is not None and source.entity.id == target.entity.id:
            target = None
        src_actor = self._actor(doc, source)
        tgt_actor = self._actor(doc, target)
        # an event is a dyad: both sides, except a passive report of counted victims
        if not tgt_actor.code or (not src_actor.code and not passive_victims):
            return None, source
        if src_actor.country and src_actor.country == tgt_actor.country and src_actor.code == tgt_actor.code:
            return None, source

        # --- mode and code ---
        mode = self._mode(toks, clause_start, head, trig)
        if code.startswith("012") and tgt_actor.code:
            code = "111"  # concern aimed at another actor's conduct is criticism
        if mode in ("future", "hypothetical"):
            code = _intent(code)
        info = cameo_codes.lookup(code)
        # --- evidence span ---
        parts = [toks[t_start].start, toks[t_end - 1].end]
        for m in (source, target):
            if m is not None and clause_start <= m.tok_start < clause_end:
                parts += [m.start, m.end]
        start, end = min(parts), max(parts)
        trigger_span = SpanRef(toks[head].start, toks[s0 + trig.tokens[-1]].end,
                               doc.text[toks[head].start : toks[s0 + trig.tokens[-1]].end])
        ev = Event(
            source=src_actor, target=tgt_actor, cameo=info.code if info.exact else code, plover=info.plover or "",
            quad_class=info.quad_class, goldstein=info.goldstein, text=doc.text[start:end], start=start, end=end,
            mode=mode, trigger=trigger_span,
        )
        self._date(doc, ev, toks, clause_start, clause_end)
        self._location(doc, ev, toks, clause_start, clause_end)
        if info.root in ("17", "18", "19", "20"):
            ev.casualties = _casualties(toks, clause_start, clause_end)
        if ev.mode is None and ev.date and doc.published:
            from marsad.extract.times import is_past

            if is_past(ev.date, doc.published, min_days=7):
                ev.mode = "historical"
        if source is not None:
            ev.sources = [src_actor]
        if target is not None:
            ev.targets = [tgt_actor]
        return ev, source

    # --- actors ---------------------------------------------------------------------------------

    def _after_verb(self, toks, t_start, t_end, clause_end, by_tok, head, trigger_toks=frozenset()):
        """VSO subject: the first entity after the verb that no preposition governs. A number right
        after the verb reads as a passive with counted victims."""
        j = head + 1
        if j < clause_end and (toks[j].kind == "num" or toks[j].norm in NUMBER_WORDS):
            return None, True
        limit = min(clause_end, max(t_end, head + 1) + 6)
        title_org: _M | None = None  # الأمين العام للأمم المتحدة أنطونيو غوتيريش: the PP belongs to the title
        in_title = False
        while j < limit:
            t = toks[j]
            if (t.kind == WORD and j not in trigger_toks and (j == head + 1 or in_title) and _title_word(t)
                    and _clitic_prep(t) is None):
                in_title = True  # a title right after the verb is the subject's
                limit = min(clause_end, max(limit, j + 7))
                j += 1
                continue
            if t.kind == PUNCT and t.text not in ("،", ","):
                if t.text in ("«", "»", '"'):
                    j += 1
                    continue
                break
            m = by_tok.get(j)
            if m is not None:
                if _governed(toks, m.tok_start, m.start, by_tok):
                    if in_title and title_org is None:
                        title_org = m  # the body the titled person speaks or acts for
                        j = m.tok_end
                        continue
                    return title_org, False
                return m, False
            if t.kind == WORD and (t.norm in PREPOSITIONS or _clitic_prep(t) is not None) and not in_title:
                return None, False  # a prepositional phrase comes after the subject, never before it
            j += 1
        return title_org, False

    def _target(self, toks, t_start, t_end, clause_end, by_tok, preps, direct_object, source) -> _M | None:
        clause_end = min(clause_end, t_end + TARGET_WINDOW)
        j = t_start
        first_free: _M | None = None
        while j < clause_end:
            m = by_tok.get(j)
            if m is not None and m.tok_start == j:
                if source is None or m.entity.id != source.entity.id:
                    prep = _governing_prep(toks, j, m.start, by_tok)
                    if prep is not None and (prep in preps or (prep in CLITIC_PREPS and prep in preps)):
                        return m
                    if prep is None and first_free is None and j >= t_end:
                        first_free = m
                j = m.tok_end
                continue
            j += 1
        return first_free if direct_object else None

    def _genitive(self, doc, toks, t_end, clause_end, by_tok, source, width: int = 3) -> _M | None:
        """An actor attached to the trigger's object without a preposition, within ``width`` words."""
        end = min(clause_end, t_end + width)
        for j in range(t_end, end):
            m = by_tok.get(j)
            if m is not None and m.tok_start == j:
                if _governed(toks, j, m.start, by_tok) or (source is not None and m.entity.id == source.entity.id):
                    return None
                return m
            if toks[j].kind != WORD or toks[j].norm in PREPOSITIONS or _clitic_prep(toks[j]) is not None:
                return None
        return self._demonym_target(doc, toks, t_end, end, source)

    def _demonym_target(self, doc, toks, a, b, source) -> _M | None:
        """A nisba naming the patient when no entity does (وقف النشر العسكري الكوري الشمالي)."""
        from marsad.kb import load as load_kb

        kb = load_kb()
        for j in range(a, b):
            for width in (2, 1):
                if j + width > b or any(toks[k].kind != WORD for k in range(j, j + width)):
                    continue
                form = " ".join(toks[k].norm for k in range(j, j + width))
                refs = [r for r in kb.forms.get(form, ()) if r.how == "demonym"]
                if not refs:
                    continue
                country = kb.get(refs[0].entity_id)
                if country is None:
                    continue
                ent = next((e for e in doc.entities if e.kb_id == country.id), None) or Entity(
                    id="", name=country.name, type="LOC", kind="country", country=country.country,
                    actor_code=country.actor_code, kb_id=country.id,
                )
                m = _M(ent, toks[j].start, toks[j + width - 1].end, j, j + width)
                if source is None or _country_of(m) != _country_of(source):
                    return m
        return None

    def _reverse(self, toks, s0, trig, clause_start, clause_end, by_tok, carried):
        """أثار [ما فعله X] قلق Y: Y (after the concern word) is the source, X the target."""
        j = s0 + trig.tokens[-1] + 1
        concerned = None
        while j < clause_end:
            if j in by_tok:
                concerned = by_tok[j]
                break
            j += 1
        cause = _before(toks, clause_start, s0 + trig.head, by_tok) or carried
        return concerned, cause

    def _actor(self, doc: Document, m: _M | None) -> Actor:
        if m is None:
            return Actor()
        return actor_for(doc, m.entity, m.start, m.end)

    # --- mode, date, location -------------------------------------------------------------------

    def _mode(self, toks, clause_start, head, trig: TriggerMatch) -> str | None:
        window = [toks[k] for k in range(max(clause_start, head - 4), head) if toks[k].kind == WORD]
        norms = [t.norm for t in window]
        if trig.negated or any(n in NEGATORS for n in norms[-2:]):
            return "negated"
        if any(stem in HYPOTHETICAL for n in norms for _, stem in proclitic_splits(n)):
            return "hypothetical"
        head_norm = toks[head].norm
        future_prefix = any(pre.endswith("س") for pre, _ in proclitic_splits(head_norm) if pre)
        if trig.future or future_prefix or any(n in FUTURE for n in norms):
            return "future"
        return None

    def _date(self, doc, ev: Event, toks, clause_start, clause_end) -> None:
        try:
            from marsad.extract.times import date_for_span
        except ImportError:  # pragma: no cover - times is part of every build
            return
        t = date_for_span(doc, toks[clause_start].start, toks[clause_end - 1].end)
        if t is not None and t.value:
            ev.date, ev.date_precision = t.value, t.precision
        elif doc.published:
            ev.date, ev.date_precision = doc.published, "day"

    def _location(self, doc, ev: Event, toks, clause_start, clause_end) -> None:
        try:
            from marsad.extract.places import where_for_span
        except ImportError:
            return
        place = where_for_span(doc, toks[clause_start].start, toks[clause_end - 1].end)
        if place is None:
            return
        mention = place.mentions[0] if place.mentions else None
        ev.location = Location(
            name=place.name, country=place.country, lat=place.lat, lon=place.lon,
            place=doc.places.index(place) if place in doc.places else None,
            start=mention.start if mention else None, end=mention.end if mention else None,
        )


# --- helpers -------------------------------------------------------------------------------------


def _mentions(doc: Document, starts: list[int]) -> list[_M]:
    out = []
    for e in doc.entities:
        for m in e.mentions:
            ts = bisect.bisect_right(starts, m.start) - 1
            te = bisect.bisect_left(starts, m.end)
            if ts >= 0:
                out.append(_M(e, m.start, m.end, ts, max(te, ts + 1)))
    out.sort(key=lambda m: m.start)
    return out


def _quote_speakers(doc: Document):
    """A function from a character offset to the speaker (as a mention) of the quote around it."""
    spans = []
    for q in doc.quotes:
        ent = doc.entity(q.speaker.entity)
        if ent is not None:
            spans.append((q.start, q.end, _M(ent, q.speaker.start or q.start, q.speaker.end or q.start, -1, -1)))

    def at(offset: int) -> _M | None:
        for s, e, m in spans:
            if s <= offset < e:
                return m
        return None

    return at


def _clause(toks: list[Token], s0: int, s1: int, t_start: int, t_end: int) -> tuple[int, int]:
    """The clause around a trigger: from the previous ``،``/``؛``/``:`` (or the sentence start) to the
    next one after the trigger, or the sentence end."""
    a = t_start
    while a > s0 and not (toks[a - 1].kind == PUNCT and toks[a - 1].text in ("؛", ":", ";")):
        a -= 1
    b = t_end
    while b < s1 and not (toks[b].kind == PUNCT and toks[b].text in ("؛", ".", "؟", "!", ";", ":")):
        b += 1
    return a, max(b, t_end)


def _before(toks, clause_start, t_start, by_tok) -> _M | None:
    """The entity just before the trigger in the clause (SVO), skipping modal and negation words."""
    j = t_start - 1
    skipped = 0
    while j >= clause_start and skipped <= 3:
        m = by_tok.get(j)
        if m is not None:
            if _governed(toks, m.tok_start, m.start, by_tok):
                return None
            return m
        t = toks[j]
        if t.kind == PUNCT and t.text not in ("«", "»", '"'):
            return None
        if t.kind == WORD:
            skipped += 1
        j -= 1
    return None


def _is_dateline(text: str, toks: list[Token], m: _M) -> bool:
    """A place at the start of a line followed by a dash or comma: the dateline of a report."""
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start : m.start].strip(" \t(") != "" or m.entity.type != "LOC":
        return False
    nxt = toks[m.tok_end] if m.tok_end < len(toks) else None
    return nxt is not None and nxt.kind == PUNCT and nxt.text in ("-", "–", "—", "،", ",", ":", "(")


def _scope_end(toks: list[Token], s0: int, s1: int, rel_end: int) -> int:
    """Relative token index where an appeal's complement ends: the next clause break or sentence end."""
    j = s0 + rel_end
    while j < s1 and not (toks[j].kind == PUNCT and toks[j].text in (".", "؛", ";", "؟", "!")):
        j += 1
    return j - s0


def _country_of(m: _M) -> str | None:
    return m.entity.country


def _location_rank(doc: Document, ev: Event) -> int:
    """Smaller is more specific: city or feature, region, country, unknown."""
    loc = ev.location
    if loc is None or loc.place is None or loc.place >= len(doc.places):
        return 9
    return {"city": 0, "feature": 1, "region": 2, "country": 3}.get(doc.places[loc.place].precision or "", 4)


def _nearest_before(toks, s0, t_start, by_tok) -> _M | None:
    for j in range(t_start - 1, s0 - 1, -1):
        if j in by_tok:
            return by_tok[j]
    return None


def _possessor_subject(toks, s0, head, by_tok) -> _M | None:
    """SVO with a possessed subject right before the verb (جنودها ساعدوا، قواته قصفت): the possessor,
    i.e. the entity named last before it, is the actor."""
    j = head - 1
    if j < s0 or toks[j].kind != WORD:
        return None
    if not any(stem in FORCES for stem, suf in enclitic_splits(toks[j].norm) if suf):
        return None
    return _nearest_before(toks, s0, j, by_tok)


def _sentence_subject(toks, s0, t_start, by_tok) -> _M | None:
    """The first entity of the sentence that no preposition governs: the subject a later verb with no
    subject of its own most likely shares (دخلت كوريا الشمالية ...، حيث أعلنت ...)."""
    j = s0
    while j < t_start:
        m = by_tok.get(j)
        if m is not None and m.tok_start == j:
            if not _governed(toks, j, m.start, by_tok):
                return m
            j = m.tok_end
            continue
        j += 1
    return None


def _governing_prep(toks, tok_index: int, mention_start: int, by_tok=None) -> str | None:
    """The preposition governing a mention: a clitic ل/ب/ك on its own first word (لروسيا، للقوات), or
    a preposition before it with at most one word between them -- a cue noun or the verbal noun whose
    genitive the mention is (في منطقة كورسك، بمنطقة كورسك، إزاء تدخل كوريا الشمالية)."""
    tok = toks[tok_index]
    if mention_start > tok.start:
        pre = normalize(tok.text[: mention_start - tok.start])
        if pre and pre[-1] in CLITIC_PREPS:
            return pre[-1]
    elif tok.norm.startswith("لل"):
        return "ل"
    between = 0
    j = tok_index - 1
    own = by_tok.get(tok_index) if by_tok else None
    while j >= 0 and between <= 4:
        if by_tok and j in by_tok and by_tok[j] is not own:
            return None  # another name stands between: whatever governs it does not govern this one
        if between >= 2 and not _title_word(toks[j + 1]) and not _adjective(toks[j + 1]):
            break  # beyond one word, only titles and their adjectives (للزعيم الكوري الشمالي كيم)
        t = toks[j]
        if t.kind != WORD:
            if t.text in ("«", "»", '"'):
                j -= 1
                continue
            return None
        if t.norm in PREPOSITIONS:
            if between == 1 and toks[j + 1].norm == "جانب":
                return "الي جانب"  # إلى جانب روسيا: an ally, not a patient
            return t.norm
        p = _clitic_prep(t)
        if p is not None:
            return p  # بمنطقة كورسك، لدعم الجيش، للزعيم الكوري الشمالي كيم
        between += 1
        j -= 1
    return None


def _clitic_prep(t: Token) -> str | None:
    """ل/ب/ك attached to a word (the article chain لل counts as ل)."""
    if t.kind != WORD:
        return None
    if t.norm.startswith("لل") and len(t.norm) > 4:
        return "ل"
    for pre, stem in proclitic_splits(t.norm):
        if pre and not pre.endswith("ال") and pre[-1] in CLITIC_PREPS and len(stem) >= 3:
            return pre[-1]
    return None


def _title_word(t: Token) -> bool:
    return any(stem in _title_words() for _, stem in proclitic_splits(t.norm))


def _adjective(t: Token) -> bool:
    """A definite adjective such as a nisba (الكوري، الشمالي) -- a word with the article."""
    return t.norm.startswith("ال") and len(t.norm) > 3


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    from marsad.kb import load as load_kb

    words = set()
    for t in load_kb().titles:
        first = normalize(str(t.get("ar", ""))).split()
        if first:
            words.add(first[0])
            if first[0].startswith("ال"):
                words.add(first[0][2:])
    return frozenset(words)


def _governed(toks, tok_index: int, mention_start: int, by_tok=None) -> bool:
    return _governing_prep(toks, tok_index, mention_start, by_tok) is not None


def _intent(code: str) -> str:
    for k in (code, code[:3], code[:2]):
        if k in INTENT:
            return INTENT[k]
    for k in (code[:3], code[:2]):
        if k in THREAT:
            return THREAT[k]
    return code


_NUM_RE = re.compile(r"^\d+$")


def _number(tok: Token) -> int | None:
    if tok.kind == "num" and _NUM_RE.match(tok.norm):
        return int(tok.norm)
    for _, stem in proclitic_splits(tok.norm):
        if stem in NUMBER_WORDS:
            return NUMBER_WORDS[stem]
    return None


def _casualties(toks: list[Token], a: int, b: int) -> Casualties | None:
    """Killed, injured and arrested counts stated in the clause (digits or number words)."""
    found = Casualties()
    for i in range(a, b):
        t = toks[i]
        if t.kind != WORD:
            continue
        stems = {stem for _, stem in proclitic_splits(t.norm)}
        kind = None
        if stems & KILL_CUES:
            kind = "killed"
        elif stems & INJURE_CUES:
            kind = "injured"
        elif stems & ARREST_CUES:
            kind = "arrested"
        if kind is None or getattr(found, kind) is not None:
            continue
        # "قتل 12 شخصا" / "مقتل ثلاثة جنود" (number after) or "12 قتيلا" (number before)
        n = None
        for j in range(i + 1, min(b, i + 3)):
            n = _number(toks[j])
            if n is not None:
                break
        if n is None and i > a:
            n = _number(toks[i - 1])
        if n is None and kind == "injured" and i + 1 < b and toks[i + 1].norm in ("اخر", "اخري"):
            n = 1
        if n is not None:
            setattr(found, kind, n)
    if found.killed is None and found.injured is None and found.arrested is None:
        return None
    return found


def make_component() -> EventExtractor:
    return EventExtractor()
