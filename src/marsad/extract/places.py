"""Places: geocoding the location entities, disambiguation by context, and where an event happened.

The ``places`` component runs after ``entities``. It reads the document's entities whose referent is a
place (type LOC, or linked to a knowledge-base place: countries, regions, cities, features) and

1. **re-decides** each one with context. The candidates are every knowledge-base place the mention's
   surface form names (``KnowledgeBase.forms``), for every way of splitting proclitics off its first
   word (وبكين is و + بكين, Beijing, not وب + كين, Keene), and the name with the cue word before it
   when that is a stored name (منطقة مكة المكرمة, the region; جنوب لبنان, South Lebanon: +6, the most
   specific reading; a direction joins the mention, a kind noun stays out of it as in ``entities``).
   Transliteration-key and fuzzy hits are not used: they join unrelated towns. Each candidate is
   scored per mention and the scores of an entity's mentions are summed (one sense per discourse):

   * **prominence**: population on a log scale (1.5 per power of ten, at most 10.5); a country 13, a
     first-level region 8, a feature 7 (they have no population); a town of under 50,000 outside the
     Arabic-speaking countries, Iran, Turkey and Israel that no curated list names loses 2 (GeoNames
     gives such towns Arabic names that are ordinary words: صمت Summit, كين Keene);
   * a **nisba right after the name** (كورسك الروسية، طرابلس اللبنانية; demonyms in the knowledge
     base): +12 when it is the candidate's country, -6 when it is another country's;
   * the candidate's country **named or implied in the same sentence** (+4) or **in the article**
     (up to +3, by its share of the article's country mentions): countries' names, demonyms, the
     countries of linked people and organisations, and places that name one place only (an uncertain
     place is what context decides, not context itself);
   * a **place already in the document** (another entity linked to it): +2.5, so a bare كورسك after
     منطقة كورسك stays the region;
   * a **cue word** before the name: مدينة/بلدة/قرية/مخيم favour cities (+3, others -2),
     محافظة/ولاية/مقاطعة/منطقة/إقليم regions (+3, cities -1), جبل/نهر/بحر/مضيق features (+2). A
     mention after a kind noun is **anchored** to candidates of that kind (منطقة الرياض is the region
     even where الرياض alone is the city), and a mention whose own reading is anchored, or is in
     another country by a clear margin (طرابلس اللبنانية beside طرابلس الليبية), is split off;
   * the name's **weight** in the knowledge base (x3: 0.5 for names that are also words, 0.8 for a
     region that shares its city's name), a curated entry (+1), a capital (+0.5), a longer proclitic
     split (-0.5 per letter) and the entities component's first choice (+0.5, ties only).

   When the winner differs from the entity's link, the document entity is updated (name, kb_id,
   country, kind, actor code), or merged into the entity already linked to the winner. A mention whose
   form is also a nisba adjective used as one (المدينة الهندية، أوراق مالية: a word other than a
   preposition before it) is not a place: it is dropped, and an entity left without mentions removed.
   A country entity mentioned by its capital's name only (the entities component falls back on the
   country when the city needs support) has that mention moved to the capital city entity -- the
   place named, which can still stand for its government -- when the city is not also a word and is
   large (300,000) or governed by a preposition or place noun or its country is in the article; a
   capital that is also a word (كابل، مسقط، سيول) moves only with a cue or its country in the sentence.
   Otherwise the mention stays a metonym of the country and yields no Place.

2. **recovers** place names the entities component left out for lack of support, when the context
   here supplies it:

   * a **feminine nisba** of the candidate's country right after the name (بكورسك الروسية). Place names
     are feminine in Arabic; a masculine nisba (العين الإماراتي، بورتو البرتغالي) marks a club or team;
   * a **cue** before it: a city or region noun, also plural (مدينة، مناطق كورسك، أحياء الفلوجة), an
     airport, port or crossing (مطار عدن), a direction (جنوب لبنان، ضواحي دمشق), or a feature noun
     when the candidate is a feature (جبل ...). Names that are also words or personal names (صور، عدن،
     النصر) need a singular city or region noun (مدينة صور) or the nisba;
   * otherwise a name that is not a word (the knowledge base's ambiguity marks, a nisba, a person's or
     organisation's name, a title, a function word after clitics such as وإن, or one of
     :data:`COMMON_WORDS`), has three letters or more (three only for a curated name or a city of 300,000,
     a million after a conjunction unless a place precedes: رام الله وغزة), is not read through an
     article it cannot take
     (السلالة is not ال + Salalah) or with nunation (درعًا), and is **prominent** (see
     :func:`_prominent`): after a preposition, the proclitics ب/ل or a place noun in construct (في،
     إلى، على، نحو، سكان، شوارع، اجتياح ...), or without any of these when curated, of a million
     inhabitants, or in an Arabic-speaking country (Iran, Turkey, Israel) the article names. A less prominent name needs a locative
     preposition and its country in the article. Regions named without a cue need their country in
     the article.

   A recovered mention joins the entity already linked to the same place, or becomes a new entity.

3. **writes** one :class:`~marsad.doc.Place` per distinct referent, with its mentions copied from the
   entity, in order of first mention. Precision is ``country``, ``region`` (first-level divisions),
   ``city`` (populated places) or ``feature`` (seas, straits, crossings, mountains, areas); ``kind`` is
   GeoNames' feature code when known (user imports), else the knowledge-base kind; ``admin1`` is the
   English name of the first-level region. A place entity the knowledge base cannot geocode gets no
   Place (a place without coordinates cannot be mapped).

:func:`where_for_span` answers "where did this clause's event happen" (see its docstring for the rule).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.doc import Document, Entity, Mention, Place
from marsad.kb import KnowledgeBase
from marsad.kb import load as load_kb
from marsad.kb.base import GazetteerMatch, NameRef, form_of
from marsad.kb.model import KBEntity
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD, Token, proclitic_splits, tokenize

PRECISION = {"country": "country", "region": "region", "city": "city", "feature": "feature"}
SPECIFICITY = {"feature": 3, "city": 3, "region": 2, "country": 1}
PROMINENCE = {"country": 13.0, "region": 8.0, "feature": 7.0, "city": 5.0}

# where GeoNames' Arabic names are the names people use (elsewhere many are translated words)
ARABIC_CONTEXT = frozenset(
    ["DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "ESH", "ISR", "IRN", "TUR"]
)


def _norms(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


# cue words before a name, by the kind of place they announce
CITY_CUES = _norms((
    "مدينة", "مدينتي", "بلدة", "بلدتي", "قرية", "قريتي", "العاصمة", "عاصمة", "مخيم", "بلدية", "ضاحية",
))
CITY_PLURAL_CUES = _norms(("مدن", "بلدات", "قرى", "مخيمات", "حي", "أحياء", "ضواحي"))
REGION_CUES = _norms((
    "محافظة", "محافظتي", "ولاية", "ولايتي", "مقاطعة", "مقاطعتي", "منطقة", "منطقتي", "إقليم",
    "ريف", "إمارة",
))
REGION_PLURAL_CUES = _norms(("محافظات", "ولايات", "مقاطعات", "مناطق", "أقاليم", "أرياف"))
FEATURE_CUES = _norms((
    "جبل", "جبال", "نهر", "بحر", "مضيق", "خليج", "بحيرة", "صحراء", "سهل", "هضبة", "جزيرة", "جزر", "شبه",
    "سد", "حقل", "حقول",
))
FACILITY_CUES = _norms(("مطار", "ميناء", "معبر", "مرفأ"))
DIRECTIONS = _norms((
    "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي", "أطراف", "ضواحي", "مشارف",
    "شمالا", "جنوبا", "شرقا", "غربا",
))
# words that may stand between a locative preposition and a name but announce no place by themselves
LOCATIVE_NOUNS = _norms(("محيط", "أنحاء", "حدود", "داخل", "خارج", "قلب", "عمق", "تخوم", "مختلف", "عموم"))
STRONG_CUES = CITY_CUES | REGION_CUES
CUES = CITY_CUES | CITY_PLURAL_CUES | REGION_CUES | REGION_PLURAL_CUES | FACILITY_CUES | DIRECTIONS
ALL_CUES = CUES | FEATURE_CUES
# prepositions that put what follows at a location (ب is also a proclitic: بكورسك، بمدينة)
LOCATIVE_PREPS = _norms(("في", "فى", "قرب", "داخل", "عند", "قبالة", "حول", "بالقرب", "القرب", "وسط"))
_BRIDGE = _norms(("من",))
# prepositions before a nisba-like word: then it is a noun (في السورية is rare, but not an adjective)
_PREPOSITIONS = _norms(("في", "من", "إلى", "الى", "على", "عن", "مع", "بين", "حتى", "منذ", "نحو"))

# function words: a one-word name that is one of these, or a clitic plus one of these (وان = و + أن/إن),
# is read as the function word unless a cue or a nisba says otherwise
FUNCTION_WORDS = _norms((
    "أن", "إن", "أنّ", "إنّ", "من", "في", "ما", "لا", "لم", "لن", "هو", "هي", "هم", "عن", "على", "إلى", "مع",
    "قد", "كان", "كل", "بعد", "قبل", "بين", "حيث", "منذ", "أو", "أي", "إذا", "ثم", "لكن", "غير", "عند", "لدى",
    "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "كما", "أيضا", "حتى", "نحو", "ضد", "دون", "عبر",
    "له", "لها", "لهم", "به", "بها", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "إنه", "أنه", "إنها", "أنها",
    "يوم", "عام", "شهر", "أمس", "اليوم",
))

# words a place name follows as its governor: prepositions of place and direction, and nouns in
# construct with a place (سكان الرقة، شوارع طرابلس، اجتياح رفح)
GOVERNING_WORDS = _norms((
    "في", "فى", "إلى", "الى", "من", "على", "نحو", "باتجاه", "تجاه", "قرب", "داخل", "حول", "عند", "قبالة",
    "وسط", "سكان", "أهالي", "أبناء", "شوارع", "سواحل", "ساحل", "مدخل", "مداخل", "طريق", "أسواق", "سوق",
    "اجتياح", "حصار", "تحرير", "إعمار", "محيط", "أطراف", "ضواحي", "مشارف", "زار", "زيارة", "بلدية",
))
# frequent words that are also the Arabic names of towns in GeoNames (إطار Atar, النساء Nassau, دولة
# Dhule ...), beyond the places source's ambiguity list: never a place without a cue or a nisba
COMMON_WORDS = _norms((
    "إطار", "جامعة", "الجامعة", "الجديد", "الجديدة", "النساء", "نساء", "دولة", "الدولة", "كبيرا", "كبير",
    "أراد", "السلطات", "المالية", "مالية", "العلم", "علم", "القارة", "دورا", "حصار", "طراز", "آلام",
    "الآلام", "العبور", "خالص", "محلات", "المنشأة", "منشأة", "القصور", "قصور", "الفأس", "زواره", "الديرة",
    "سلمية", "أصيلة", "الخبر", "خبر", "مركز", "المركز", "الوطن", "السلام", "الأمن", "العمل", "العالم",
    "الحياة", "الشعب", "الحكومة", "القرار", "الجيش", "الصحة", "الإعلام", "التعليم", "المدارس", "الأسواق",
    "التل", "تل", "الصف", "صف", "الطرف", "طرف", "الكلس", "الحجاج", "حجاج", "فرقة", "الفرقة", "البيان",
    "بيان", "الخميس", "عنه", "عنها", "داخله", "داخلها", "سلطات", "ربك", "الحزم",
))

_TANWEEN = re.compile("[\u064b-\u064d]")

NISBA_BONUS, NISBA_PENALTY = 12.0, -6.0


@dataclass(slots=True)
class _Cand:
    ent: KBEntity
    weight: float


@dataclass(slots=True)
class _Ctx:
    """What the document says about countries, computed once per document."""

    doc_countries: Counter = field(default_factory=Counter)
    total: float = 0.0
    sentence_countries: list[set[str]] = field(default_factory=list)
    sentence_of_tok: list[int] = field(default_factory=list)
    in_doc: dict[str, str] = field(default_factory=dict)  # kb id -> document entity id
    metonyms: set[tuple[int, int]] = field(default_factory=set)  # capital spans standing for a country
    place_toks: set[int] = field(default_factory=set)  # last tokens of place mentions
    next_id: int = 1

    def share(self, iso: str | None) -> float:
        if not iso or not self.total:
            return 0.0
        return self.doc_countries.get(iso, 0) / self.total

    def sentence(self, tok: int) -> set[str]:
        if not self.sentence_countries or tok >= len(self.sentence_of_tok):
            return set()
        return self.sentence_countries[self.sentence_of_tok[tok]]


@dataclass(slots=True)
class _Evidence:
    """The context of one mention."""

    nisba: str | None
    feminine: bool
    cue: str | None
    sentence: set[str]


class PlaceResolver:
    """The ``places`` pipeline component (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_kb()
        self._cand_cache: dict[str, tuple[_Cand, ...]] = {}
        self._title_words: frozenset[str] | None = None

    # --- the component --------------------------------------------------------------------------

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            doc.places = []
            return
        gaz = self.kb.match_tokens(toks)
        tok_at = _token_index(toks)
        ctx = self._context(doc, toks, gaz, tok_at)
        self._recover(doc, toks, gaz, tok_at, ctx)
        ctx = self._context(doc, toks, gaz, tok_at)  # recovered places are context too
        self._redecide(doc, toks, tok_at, ctx)
        doc.places = self._places(doc, ctx.metonyms)

    # --- context --------------------------------------------------------------------------------

    def _context(self, doc: Document, toks: Sequence[Token], gaz: list[GazetteerMatch], tok_at) -> _Ctx:
        ctx = _Ctx()
        n = len(toks)
        sent_of = [0] * n
        for k, s in enumerate(doc.sentences):
            a, b = s.tok_start, min(s.tok_end, n)
            if b > a:
                sent_of[a:b] = [k] * (b - a)
        ctx.sentence_of_tok = sent_of
        ctx.sentence_countries = [set() for _ in range(max(1, len(doc.sentences)))]
        for m in gaz:
            isos = {r.entity_id[8:] for r in m.refs if r.entity_id.startswith("country:") and r.how in (
                "demonym", "full")}
            if len(isos) == 1:  # a form several countries share says nothing
                iso = next(iter(isos))
                ctx.doc_countries[iso] += 1
                ctx.sentence_countries[sent_of[m.tok_start]].add(iso)
        for e in doc.entities:
            if e.kb_id:
                ctx.in_doc.setdefault(e.kb_id, e.id)
            if not e.country or e.kind == "country":
                continue  # countries were counted from the gazetteer above
            if self._is_place_entity(e) and not self._certain(e):
                continue  # an uncertain place is what context decides, not context itself
            for mn in e.mentions:
                ctx.doc_countries[e.country] += 0.5
                i = tok_at(mn.start)
                if i is not None:
                    ctx.sentence_countries[sent_of[i]].add(e.country)
        ctx.total = float(sum(ctx.doc_countries.values()))
        ctx.next_id = _next_entity_number(doc)
        return ctx

    def _evidence(self, toks: Sequence[Token], i: int, j: int, ctx: _Ctx) -> _Evidence:
        """Context of a name on tokens ``[i, j]``."""
        nisba, feminine = self._nisba_after(toks, j + 1)
        return _Evidence(nisba, feminine, _cue_before(toks, i), ctx.sentence(i))

    # --- candidates and scores ------------------------------------------------------------------

    def candidates(self, text: str) -> tuple[_Cand, ...]:
        """Every knowledge-base place the form of ``text`` names (no clitic splitting)."""
        norm = form_of(text)
        return self._form_cands(norm)

    def _form_cands(self, norm: str) -> tuple[_Cand, ...]:
        hit = self._cand_cache.get(norm)
        if hit is not None:
            return hit
        best: dict[str, _Cand] = {}
        for r in self.kb.forms.get(norm, ()):
            if r.how not in ("full", "short"):
                continue
            ent = self.kb.entities.get(r.entity_id)
            if ent is None or ent.type != "LOC" or ent.lat is None or ent.lon is None:
                continue
            old = best.get(ent.id)
            if old is None or r.weight > old.weight:
                best[ent.id] = _Cand(ent, r.weight)
        out = tuple(best.values())
        if len(self._cand_cache) > 100_000:
            self._cand_cache.clear()
        self._cand_cache[norm] = out
        return out

    def _variants(self, doc: Document, toks: Sequence[Token], i: int, j: int) -> list[tuple[int, str, tuple, bool]]:
        """``(start char, prefix, candidates, with cue)`` for every proclitic split of token ``i`` whose
        remainder, with tokens ``i+1..j``, is a stored place name, and for the name with the cue word
        before it (a stored name that includes its cue, e.g. جنوب لبنان, wins: +6)."""
        tok = toks[i]
        rest = [t.norm for t in toks[i + 1 : j + 1]]
        out = []
        for pre, stem in proclitic_splits(tok.norm):
            cands = self._form_cands(" ".join([stem, *rest]))
            if not cands:
                continue
            cut = _prefix_chars(tok.text, pre)
            if pre and normalize(tok.text[cut:]) != stem:
                cut = 0  # ل + ال written لل: the article is not in the text, keep the whole word
            out.append((tok.start + cut, pre, cands, False))
        if i > 0 and toks[i - 1].kind == WORD:
            # منطقة مكة المكرمة، جنوب لبنان: a name that begins with the cue word. A kind noun stays out of
            # the mention (the entities' convention); a direction is part of the name (South Lebanon)
            names = " ".join([tok.norm, *rest])
            prev = toks[i - 1]
            for pre, stem in proclitic_splits(prev.norm):
                if pre.endswith(("ال", "لل")) or stem not in ALL_CUES:
                    continue
                cands = self._form_cands(f"{stem} {names}")
                if cands:
                    start = prev.start + _prefix_chars(prev.text, pre) if stem in DIRECTIONS else tok.start
                    out.append((start, "", cands, True))
                break
        return out

    def _score(self, c: _Cand, ev: _Evidence, ctx: _Ctx, own_entity: str | None, current: str | None) -> float:
        ent = c.ent
        kind = ent.kind or "city"
        s = 3.0 * c.weight
        if ent.population and kind != "country":
            s += min(10.5, 1.5 * math.log10(ent.population + 1))
        else:
            s += PROMINENCE.get(kind, 5.0)
        if _curated(ent):
            s += 1.0
        elif kind == "city" and (ent.population or 0) < 50_000 and ent.country not in ARABIC_CONTEXT:
            s -= 2.0
        if ent.extra.get("capital_of"):
            s += 0.5
        iso = ent.country
        if ev.nisba is not None:
            s += NISBA_BONUS if iso == ev.nisba else NISBA_PENALTY
        if iso and iso in ev.sentence:
            s += 4.0
        if iso and ctx.doc_countries.get(iso):
            s += 3.0 * ctx.share(iso)
        other = ctx.in_doc.get(ent.id)
        if other is not None and other != own_entity:
            s += 2.5
        if ev.cue is not None:
            s += _cue_fit(ev.cue, ent)
        if current == ent.id:
            s += 0.5
        return s

    # --- 1. re-deciding the entities' places ----------------------------------------------------

    def _redecide(self, doc: Document, toks: Sequence[Token], tok_at, ctx: _Ctx) -> None:
        by_kb = {e.kb_id: e for e in doc.entities if e.kb_id}
        for e in list(doc.entities):
            if e not in doc.entities or not self._is_place_entity(e):
                continue
            kb_ent = self.kb.get(e.kb_id)
            is_country = kb_ent is not None and kb_ent.kind == "country"
            totals: dict[str, float] = {}
            ents: dict[str, KBEntity] = {}
            per_mention: dict[int, dict[str, tuple[float, int]]] = {}  # mention -> cand -> (score, start)
            keep: list[Mention] = []
            moved: list[tuple[Mention, _Cand, int]] = []
            anchored: set[int] = set()
            for mn in e.mentions:
                i, j = tok_at(mn.start), tok_at(mn.end - 1)
                if i is None or j is None:
                    keep.append(mn)
                    continue
                if self._adjective(toks, i, j):
                    continue  # المدينة الهندية: a nisba, not a place
                variants = self._variants(doc, toks, i, j)
                ev = self._evidence(toks, i, j, ctx)
                if is_country and self._metonym(toks, i, j, e.kb_id):
                    # بيونغ يانغ for North Korea: the entities component fell back on the country because the
                    # city needed support. The capital is the place named (the lead's convention: a capital
                    # city entity can stand for its government). A capital whose name is also a word (كابل،
                    # مسقط، سيول) moves only with a cue, or with its country in the sentence.
                    iso = kb_ent.country if kb_ent is not None else None
                    cities = [(start, pre, c) for start, pre, cands, _ in variants for c in cands
                              if c.ent.kind != "country" and c.ent.extra.get("capital_of") == iso
                              and not (pre and len(toks[i].norm) - len(pre) <= 3)]
                    best_city = max(cities, key=lambda x: self._score(x[2], ev, ctx, None, None)) if cities else None
                    if best_city is not None and not self._followed_by_place(toks, j):
                        city = best_city[2]
                        governed = (ev.cue is not None or _locative_before(toks, i)
                                    or _governed_by(toks, i, GOVERNING_WORDS) or best_city[1].endswith(("ب", "ل")))
                        known = (city.ent.population or 0) >= 300_000 or bool(ctx.doc_countries.get(city.ent.country))
                        if (ev.cue in STRONG_CUES or city.ent.country in ev.sentence
                                or (not _word_like(city) and (known or governed))):
                            moved.append((mn, city, best_city[0]))
                            continue
                    keep.append(mn)
                    ctx.metonyms.add((mn.start, mn.end))
                    continue
                keep.append(mn)
                here: dict[str, tuple[float, int]] = {}
                kind = _cue_kind(ev.cue)
                if any(ext for *_, ext in variants):
                    anchored.add(id(mn))  # the name with its cue word is the most specific reading
                    kind = None
                elif kind is not None and any(c.ent.kind == kind for _, _, cands, _ in variants for c in cands):
                    anchored.add(id(mn))  # منطقة الرياض is the region, مدينة الرياض the city
                else:
                    kind = None
                for start, pre, cands, ext in variants:
                    for c in cands:
                        if kind is not None and c.ent.kind != kind:
                            continue
                        sc = self._score(c, ev, ctx, e.id, e.kb_id) - 0.5 * len(pre) + (6.0 if ext else 0.0)
                        if sc > here.get(c.ent.id, (-math.inf, 0))[0]:
                            here[c.ent.id] = (sc, start)
                            ents[c.ent.id] = c.ent
                per_mention[id(mn)] = here
                for cid, (sc, _) in here.items():
                    totals[cid] = totals.get(cid, 0.0) + sc
            for mn, c, start in moved:
                self._attach(doc, by_kb, ctx, c.ent, Mention(start, mn.end, doc.text[start : mn.end]),
                             "places: capital named as a place")
            if len(keep) < len(e.mentions):
                e.mentions[:] = keep
                if not keep:
                    doc.entities.remove(e)
                    if e.kb_id and by_kb.get(e.kb_id) is e:
                        del by_kb[e.kb_id]
                    continue
            if not totals:
                continue
            win = max(totals, key=lambda cid: (totals[cid], cid == e.kb_id))
            split: list[tuple[Mention, KBEntity]] = []
            for mn in list(e.mentions):
                here = per_mention.get(id(mn))
                if not here:
                    continue
                own = max(here, key=lambda cid: here[cid][0])
                if own != win and (id(mn) in anchored or (
                        ents[own].country != ents[win].country
                        and here[own][0] - here.get(win, (-math.inf, 0))[0] > 4.0)):
                    start = here[own][1]
                    if start != mn.start:
                        mn = Mention(start, mn.end, doc.text[start : mn.end])
                    split.append((mn, ents[own]))  # طرابلس اللبنانية beside طرابلس الليبية
                    e.mentions.remove(next(x for x in e.mentions if x.end == mn.end))
                    continue
                s = here.get(win, (None, None))[1]  # the clitic split that names the winner
                if s is not None and s != mn.start and s < mn.end:
                    mn.start, mn.text = s, doc.text[s : mn.end]
            for mn, ent in split:
                self._attach(doc, by_kb, ctx, ent, mn, "places: context")
            if not e.mentions:
                doc.entities.remove(e)
                if e.kb_id and by_kb.get(e.kb_id) is e:
                    del by_kb[e.kb_id]
                continue
            if win == e.kb_id:
                continue
            target = by_kb.get(win)
            if target is not None and target is not e:
                _merge_mentions(target, e.mentions)
                doc.entities.remove(e)
                if e.kb_id and by_kb.get(e.kb_id) is e:
                    del by_kb[e.kb_id]
                continue
            if e.kb_id and by_kb.get(e.kb_id) is e:
                del by_kb[e.kb_id]
            _relink(e, ents[win], "places: context")
            by_kb[win] = e
            ctx.in_doc[win] = e.id

    def _attach(self, doc: Document, by_kb: dict, ctx: _Ctx, ent: KBEntity, mention: Mention, how: str) -> None:
        """Add ``mention`` to the document entity linked to ``ent``, creating it if needed."""
        target = by_kb.get(ent.id)
        if target is None:
            target = _new_entity(f"e{ctx.next_id}", ent, how)
            ctx.next_id += 1
            doc.entities.append(target)
            by_kb[ent.id] = target
            ctx.in_doc[ent.id] = target.id
        _merge_mentions(target, [mention])

    def _metonym(self, toks: Sequence[Token], i: int, j: int, kb_id: str | None) -> bool:
        """Whether the mention names the country ``kb_id`` only as its capital (or another metonym)."""
        rest = [t.norm for t in toks[i + 1 : j + 1]]
        hows = {
            r.how
            for _, stem in proclitic_splits(toks[i].norm)
            for r in self.kb.forms.get(" ".join([stem, *rest]), ())
            if r.entity_id == kb_id
        }
        return bool(hows) and hows <= {"capital", "metonym"}

    def _certain(self, e: Entity) -> bool:
        """Whether every mention of a place entity names one place only."""
        return all(len(self.candidates(mn.text)) <= 1 for mn in e.mentions)

    def _is_place_entity(self, e: Entity) -> bool:
        if e.kb_id:
            ent = self.kb.entities.get(e.kb_id)
            return ent is not None and ent.type == "LOC"
        return e.type == "LOC"

    def _is_demonym(self, norm: str) -> bool:
        return any(r.how == "demonym" for r in self.kb.forms.get(norm, ()))

    def _adjective(self, toks: Sequence[Token], i: int, j: int) -> bool:
        """A one-word name that is also a nisba, right after a word other than a preposition, is the
        adjective (المدينة الهندية، مدينة هندية)."""
        if i != j or i == 0 or not self._is_demonym(toks[i].norm):
            return False
        prev = toks[i - 1]
        return prev.kind == WORD and not any(stem in _PREPOSITIONS for _, stem in proclitic_splits(prev.norm))

    def _nisba_after(self, toks: Sequence[Token], j: int) -> tuple[str | None, bool]:
        """The country of a nisba starting at token ``j`` (الروسية، الكوري الشمالي) and whether it is
        feminine; ``(None, False)`` if there is none."""
        if j >= len(toks) or toks[j].kind != WORD:
            return None, False
        forms = self.kb.forms
        for width in (2, 1):
            if j + width > len(toks) or any(t.kind != WORD for t in toks[j : j + width]):
                continue
            refs = forms.get(" ".join(t.norm for t in toks[j : j + width]))
            if not refs:
                continue
            isos = {r.entity_id[8:] for r in refs if r.how == "demonym" and r.entity_id.startswith("country:")}
            if len(isos) == 1:
                return next(iter(isos)), toks[j + width - 1].norm.endswith("يه")
        return None, False

    def _followed_by_place(self, toks: Sequence[Token], j: int) -> bool:
        """Whether a town or region name (not a country) starts right after token ``j``."""
        k = j + 1
        if k >= len(toks) or toks[k].kind != WORD or toks[k].norm in DIRECTIONS:
            return False  # الجنينة غرب دارفور: a direction starts an apposition, not a construct
        for width in (1, 2, 3):
            if k + width > len(toks):
                break
            for c in self._form_cands(" ".join(t.norm for t in toks[k : k + width])):
                if c.ent.kind != "country" and not _word_like(c):
                    return True
        return False

    def _is_title_word(self, norm: str) -> bool:
        """الزعيم، الرئيس ...: a one-word title of the knowledge base, with clitics set aside."""
        if self._title_words is None:
            self._title_words = frozenset(
                normalize(str(t.get("ar", ""))).strip() for t in self.kb.titles if " " not in str(t.get("ar", "")).strip()
            )
        return any(stem in self._title_words for _, stem in proclitic_splits(norm))

    def _names_non_place(self, refs: Sequence[NameRef]) -> bool:
        """Whether the form is also a nisba or the full or short name of a person or organisation."""
        for r in refs:
            if r.how == "demonym":
                return True
            if r.how in ("full", "short"):
                ent = self.kb.entities.get(r.entity_id)
                if ent is not None and ent.type != "LOC":
                    return True
        return False

    # --- 2. recovering unsupported names --------------------------------------------------------

    def _recover(self, doc: Document, toks: Sequence[Token], gaz: list[GazetteerMatch], tok_at, ctx: _Ctx) -> None:
        covered = [False] * len(toks)
        for e in doc.entities:
            for mn in e.mentions:
                i, j = tok_at(mn.start), tok_at(mn.end - 1)
                if i is not None and j is not None:
                    for k in range(i, j + 1):
                        covered[k] = True
        by_kb = {e.kb_id: e for e in doc.entities if e.kb_id}
        ctx.place_toks = set()
        for e in doc.entities:
            if self._is_place_entity(e):
                for mn in e.mentions:
                    k = tok_at(mn.end - 1)
                    if k is not None:
                        ctx.place_toks.add(k)
        for m in gaz:
            i, j = m.tok_start, m.tok_end - 1
            if any(covered[k] for k in range(i, j + 1)):
                continue
            if any(r.how in ("demonym", "title") for r in m.refs):
                continue
            if i == j and (_is_cue_word(toks[i].norm) or self._is_title_word(toks[i].norm)):
                continue  # مدينة، المدينة: the cue itself, not Medina
            function_word = i == j and _is_function_word(toks[i].norm)
            variants = self._variants(doc, toks, i, j)
            if not variants:
                continue
            ev = self._evidence(toks, i, j, ctx)
            best: tuple[float, int, str, _Cand, bool] | None = None
            for start, pre, cands, ext in variants:
                for c in cands:
                    sc = self._score(c, ev, ctx, None, None) - 0.5 * len(pre) + (6.0 if ext else 0.0)
                    if best is None or sc > best[0]:
                        best = (sc, start, pre, c, ext)
            if best is None:
                continue
            _, start, pre, c, ext = best
            how = "places: name with its cue" if ext else self._recovery_rule(toks, i, j, pre, c, ev, ctx, m.refs)
            if function_word and how != "places: nisba":
                continue  # وإن is و + إن, not Van
            if how is None:
                continue
            mention = Mention(start, toks[j].end, doc.text[start : toks[j].end])
            for k in range(i, j + 1):
                covered[k] = True
            ctx.place_toks.add(j)
            self._attach(doc, by_kb, ctx, c.ent, mention, how)

    def _recovery_rule(
        self, toks: Sequence[Token], i: int, j: int, pre: str, c: _Cand, ev: _Evidence, ctx: _Ctx,
        refs: Sequence[NameRef],
    ) -> str | None:
        """Which rule recovers this name (see the module docstring), or ``None``."""
        ent = c.ent
        word_like = _word_like(c) or self._names_non_place(refs)
        if ev.nisba is not None and ev.feminine and ent.country == ev.nisba:
            return "places: nisba"
        if self._followed_by_place(toks, j):
            return None  # سيول جدة: a noun in construct with the place after it
        cue = ev.cue
        if cue is not None:
            if cue in FEATURE_CUES and ent.kind != "feature":
                return None
            if word_like and cue not in STRONG_CUES:
                return None
            return "places: cue"
        if word_like or not ent.country:
            return None
        stem = toks[i].norm[len(pre):]
        if _is_common_word(toks[i].norm):
            return None
        pop = ent.population or 0
        in_article = bool(ctx.doc_countries.get(ent.country)) or ent.country in ev.sentence
        letters = len(stem.replace(" ", ""))
        # a conjunction right after another place coordinates two places (رام الله وغزة)
        conjunction = pre.endswith(("و", "ف")) and (i - 1) not in ctx.place_toks
        if letters <= 2 or (letters == 3 and pop < (1_000_000 if conjunction else 300_000) and not (
                _curated(ent) and not conjunction)):
            return None  # وإن is not Van, ورقة is not و + Raqqa: short names are mostly words
        if pre.endswith(("ال", "لل")):
            return None  # السلالة is not ال + Salalah: a name without the article does not take one
        if _TANWEEN.search(toks[i].text):
            return None  # درعًا: a word with nunation is an indefinite noun, not a name
        if ent.country not in ARABIC_CONTEXT and (stem.startswith("ال") or pre.endswith("ال")):
            return None  # an ال-name outside the Arabic-speaking world is a translated word
        if ent.kind in ("region", "feature") and not in_article:
            return None  # a region named without a cue: only in an article about its country
        if pre.endswith("ب") and not _locative_before(toks, i) and ent.country not in ARABIC_CONTEXT and (
                pop < 1_000_000):
            # بنيس is a surname before it is ب + Nice: the proclitic alone vouches only for names of the
            # Arabic-speaking world and for very large cities
            return None
        governed = (
            _locative_before(toks, i) or pre.endswith(("ب", "ل"))
            or _governed_by(toks, i, GOVERNING_WORDS)
        )
        if ent.extra.get("capital_of") and (pop >= 300_000 or governed or in_article):
            return "places: capital"  # استضافت جوبا (as for a capital the entities linked to its country)
        if _prominent(ent, stem, pre):
            if governed:
                return "places: prominent name after a preposition or a place noun"
            if _curated(ent) or pop >= 1_000_000 or (in_article and ent.country in ARABIC_CONTEXT):
                return "places: prominent name"
            return None
        if in_article and governed and (ent.country in ARABIC_CONTEXT or pop >= 50_000):
            return "places: locative + country in article"
        return None

    # --- 3. places ------------------------------------------------------------------------------

    def _places(self, doc: Document, metonyms: set[tuple[int, int]]) -> list[Place]:
        out: list[tuple[int, Place]] = []
        for e in doc.entities:
            if not e.kb_id or not e.mentions:
                continue
            ent = self.kb.entities.get(e.kb_id)
            if ent is None or ent.type != "LOC" or ent.lat is None or ent.lon is None:
                continue
            mentions = [m for m in e.mentions if (m.start, m.end) not in metonyms]
            if mentions:
                out.append((mentions[0].start, self.place_of(ent, e, mentions)))
        out.sort(key=lambda x: x[0])
        return [p for _, p in out]

    def place_of(self, ent: KBEntity, e: Entity | None = None, mentions: list[Mention] | None = None) -> Place:
        """The Place record of a knowledge-base place (with the mentions of document entity ``e``)."""
        if mentions is None:
            mentions = e.mentions if e is not None else []
        kind = ent.kind or "city"
        return Place(
            name=ent.name,
            country=ent.country,
            admin1=self._admin1_name(ent),
            lat=ent.lat,
            lon=ent.lon,
            geonames_id=ent.geonames_id,
            precision=PRECISION.get(kind, "feature"),
            kind=ent.extra.get("fcode") or kind,
            kb_id=ent.id,
            entity=e.id if e is not None else None,
            mentions=[Mention(m.start, m.end, m.text) for m in sorted(mentions, key=lambda m: m.start)],
        )

    def _admin1_name(self, ent: KBEntity) -> str | None:
        if ent.kind == "region":
            return ent.name
        if not ent.admin1:
            return None
        reg = self.kb.entities.get(ent.admin1)
        return reg.name if reg is not None else None


# --- where an event happened ---------------------------------------------------------------------


def where_for_span(doc: Document, start: int, end: int) -> Place | None:
    """The place where the event of the clause ``[start, end)`` happened, or ``None``.

    Rule: among the places (``doc.places``) with a mention inside the span, take those mentioned in a
    **locative** position -- after في/فى, after the proclitic ب (بكورسك، بمدينة حلب), or after قرب،
    بالقرب من، داخل، عند، قبالة، حول، وسط -- with cue nouns (منطقة، مدينة، بلدة، محافظة، مناطق ...),
    directions (شمال، جنوب شرق، ضواحي، أطراف ...) and words like أنحاء، محيط، حدود allowed in between:
    في منطقة كورسك، في جنوب شرق تركيا، بمدينة الرقة. A place not in such a position is an actor
    (بيونغ يانغ تعلن), a target (قصفت روسيا أوكرانيا), a destination or an origin (إلى موسكو، من كييف),
    and is not the event's location, with one exception: a sub-national place introduced by a cue noun
    or a direction (قصف مدينة حلب، استهدف جنوب لبنان) is where that action took place, and counts when
    no locative place is found. Among the candidates the most specific wins (city or feature, then
    region, then country: في مدينة حلب شمال سوريا -> Aleppo), and among equals the first in the clause.
    """
    if not doc.places:
        return None
    toks = doc.tokens or tokenize(doc.text)
    starts = [t.start for t in toks]
    tok_at = _token_index(toks, starts)
    floor = bisect.bisect_left(starts, start)
    best: tuple[int, int, int, Place] | None = None  # (tier, -specificity, position): smallest wins
    for place in doc.places:
        for mn in place.mentions:
            if mn.start < start or mn.end > end:
                continue
            i = tok_at(mn.start)
            if i is None:
                continue
            tok = toks[i]
            prefix = normalize(doc.text[tok.start : mn.start])
            if prefix.endswith("ب") or _locative_before(toks, i, floor=floor):
                tier = 0
            elif place.precision != "country" and _cue_before(toks, i) is not None and i - 1 >= floor:
                tier = 1
            else:
                continue
            key = (tier, -SPECIFICITY.get(place.precision or "", 0), mn.start, place)
            if best is None or key[:3] < best[:3]:
                best = key
    return best[3] if best is not None else None


# --- helpers -------------------------------------------------------------------------------------


def _token_index(toks: Sequence[Token], starts: list[int] | None = None):
    """A function: character offset -> index of the token that contains it (or ``None``);
    ``starts`` is the tokens' start offsets when the caller has them."""
    if starts is None:
        starts = [t.start for t in toks]

    def at(pos: int) -> int | None:
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and toks[k].start <= pos < toks[k].end:
            return k
        return None

    return at


def _prefix_chars(surface: str, prefix_norm: str) -> int:
    """Characters of ``surface`` taken by a proclitic whose normalised form is ``prefix_norm``."""
    if not prefix_norm:
        return 0
    want, seen = len(prefix_norm), 0
    for k, ch in enumerate(surface):
        if normalize(ch):
            if seen == want:
                return k
            seen += 1
    return len(surface)


def _cue_stems(norm: str) -> list[str]:
    """The word's stems with proclitics set aside, but never the article: a cue is an indefinite noun
    in construct (مدينة حلب، جنوب لبنان), and الجنوبي after a name is an adjective, not a cue."""
    return [stem for pre, stem in proclitic_splits(norm) if not pre.endswith(("ال", "لل"))]


def _cue_before(toks: Sequence[Token], i: int) -> str | None:
    """The cue word (normalised, clitics set aside) right before token ``i``, looking past one
    bridge word (بالقرب من ...), or ``None``."""
    j = i - 1
    for _ in range(2):
        if j < 0 or toks[j].kind != WORD:
            return None
        stems = _cue_stems(toks[j].norm)
        hit = next((s for s in stems if s in ALL_CUES), None)
        if hit is not None:
            return hit
        if not any(s in _BRIDGE for s in stems):
            return None
        j -= 1
    return None


def _locative_before(toks: Sequence[Token], i: int, floor: int = 0) -> bool:
    """Whether a locative preposition governs the name starting at token ``i``: walk back over cue
    nouns, directions and bridge words (at most four) to في/قرب/داخل ... or a word with proclitic ب."""
    j = i - 1
    steps = 0
    while j >= floor and steps < 5:
        tok = toks[j]
        if tok.kind != WORD:
            return False
        splits = list(proclitic_splits(tok.norm))
        if any(stem in LOCATIVE_PREPS for _pre, stem in splits):
            return True
        cue = next(
            ((pre, stem) for pre, stem in splits if stem in ALL_CUES or stem in LOCATIVE_NOUNS or stem in _BRIDGE),
            None,
        )
        if cue is None:
            return False
        if cue[0].endswith("ب") or cue[0].endswith("بال"):
            return True  # بمدينة، بمنطقة، وبشمال
        j -= 1
        steps += 1
    return False


def _governed_by(toks: Sequence[Token], i: int, words: frozenset[str]) -> bool:
    """Whether the word before token ``i`` (clitics set aside) is one of ``words``."""
    if i == 0 or toks[i - 1].kind != WORD:
        return False
    return any(stem in words for _, stem in proclitic_splits(toks[i - 1].norm))


def _is_common_word(norm: str) -> bool:
    return any(stem in COMMON_WORDS for _, stem in proclitic_splits(norm))


def _is_function_word(norm: str) -> bool:
    """وإن، فمن، بما ...: a function word, alone or after one or two one-letter clitics."""
    if norm in FUNCTION_WORDS:
        return True
    for k in (1, 2):
        if len(norm) > k and all(ch in "وفبلكس" for ch in norm[:k]) and norm[k:] in FUNCTION_WORDS:
            return True
    return False


def _is_cue_word(norm: str) -> bool:
    for _, stem in proclitic_splits(norm):
        if stem in ALL_CUES or (stem.startswith("ال") and stem[2:] in ALL_CUES):
            return True
    return False


def _prominent(ent: KBEntity, stem: str, pre: str) -> bool:
    """A name that counts without context (it is not a word, see the caller): a region or feature
    (curated), a curated town, a town of 15,000 in the Arabic-speaking world, Iran, Turkey or Israel
    (50,000 for a name with the article, which may be a word the lists missed), or elsewhere a city of
    100,000 with a name of four letters or more, or of 20,000 with six letters or more (short foreign
    names in Arabic letters are often words: كين، صمت، راي)."""
    if ent.kind in ("region", "feature", "country") or _curated(ent):
        return True
    pop = ent.population or 0
    letters = len(stem.replace(" ", ""))
    if ent.country in ARABIC_CONTEXT:
        definite = stem.startswith("ال") or pre.endswith("ال")
        return pop >= (50_000 if definite else 15_000)
    return (pop >= 100_000 and letters >= 4) or (pop >= 20_000 and letters >= 6)


def _curated(ent: KBEntity) -> bool:
    return str(ent.extra.get("source", "")).startswith("marsad:") or bool(ent.extra.get("curated_id"))


def _word_like(c: _Cand) -> bool:
    """A name that is also a common word or personal name (the knowledge base marks them)."""
    return c.weight <= 0.5 or bool(c.ent.extra.get("ambiguous"))


def _cue_kind(cue: str | None) -> str | None:
    """The kind of place a cue noun announces (directions and facilities announce none)."""
    if cue is None:
        return None
    if cue in CITY_CUES or cue in CITY_PLURAL_CUES:
        return "city"
    if cue in REGION_CUES or cue in REGION_PLURAL_CUES:
        return "region"
    if cue in FEATURE_CUES:
        return "feature"
    return None


def _cue_fit(cue: str, ent: KBEntity) -> float:
    kind = ent.kind or ""
    if cue in CITY_CUES or cue in CITY_PLURAL_CUES or cue in FACILITY_CUES:
        return 3.0 if kind == "city" else -2.0
    if cue in REGION_CUES or cue in REGION_PLURAL_CUES:
        return 3.0 if kind == "region" else (-1.0 if kind == "city" else 0.0)
    if cue in FEATURE_CUES:
        return 2.0 if kind == "feature" else 0.0
    return 0.0


def _relink(e: Entity, ent: KBEntity, how: str) -> None:
    e.name = ent.name
    e.kb_id = ent.id
    e.country = ent.country
    e.kind = ent.kind or e.kind
    e.actor_code = ent.actor_code
    e.wikidata = ent.wikidata
    e.aliases = list(ent.aliases)
    e.how = how


def _merge_mentions(e: Entity, mentions: Iterable[Mention]) -> None:
    have = {(m.start, m.end) for m in e.mentions}
    for m in mentions:
        if (m.start, m.end) not in have:
            e.mentions.append(m)
            have.add((m.start, m.end))
    e.mentions.sort(key=lambda m: m.start)


def _next_entity_number(doc: Document) -> int:
    n = 0
    for e in doc.entities:
        if e.id.startswith("e") and e.id[1:].isdigit():
            n = max(n, int(e.id[1:]))
    return n + 1


def _new_entity(eid: str, ent: KBEntity, how: str) -> Entity:
    return Entity(
        id=eid, name=ent.name, type="LOC", kind=ent.kind or None, country=ent.country,
        actor_code=ent.actor_code, wikidata=ent.wikidata, kb_id=ent.id, aliases=list(ent.aliases), how=how,
    )


def make_component() -> PlaceResolver:
    return PlaceResolver()
