"""Entity recognition, linking and in-document coreference.

Recognition combines two sources, with one precedence rule:

1. the **gazetteer** (the knowledge base's names, matched over normalised tokens with clitics set
   aside) finds the names marsad knows;
2. the **CRF tagger** (trained on ANERcorp) finds names it does not know.

*Precedence:* a gazetteer match is kept, unless a CRF span strictly contains it and is longer (the CRF
span then becomes the mention and is linked with the gazetteer's candidates as fall-back); a CRF span
that overlaps no gazetteer match becomes a mention of its own. Gazetteer names that are also common
words or personal names (marked ambiguous, or small single-word places) need support: the CRF must
tag them too, or a cue word (مدينة، بلدة، محافظة ...) must precede them. Demonyms (الروسي) and titles
(الرئيس) are not mentions by themselves; they feed the rules below.

Linking: gazetteer candidates are ranked by the kind of name (full > acronym/metonym > demonym >
capital > short), by whether their country is already in the document, and by population for places;
CRF spans are looked up by exact form, then by transliteration key, then with one edit. What stays
unlinked becomes a document-local entity with a romanised English name.

Coreference inside the document:

* a short name (بوتين) joins the full-name entity already in the document, or links on its own when it
  is unambiguous in the knowledge base and the CRF agrees it is a name;
* a title with a nisba and no name after it (الرئيس الروسي، الزعيم الكوري الشمالي) resolves to the office
  holder on the publication date when exactly one person fits; titles are matched with one-edit
  tolerance, so the typo الوزعيم still reads as الزعيم;
* a head noun with a nisba (الجيش الروسي، القوات الأوكرانية، الحكومة السورية) becomes that country's
  institution (MIL, GOV, COP ...) with a CAMEO-style actor code;
* a definite head noun (الوكالة، الصحيفة، الوزارة، الحركة ...) refers back to the latest entity it heads.

Mentions linked to the same knowledge-base entity form one document entity; unlinked ones are grouped
by their transliteration key.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.doc import Document, Entity, Mention
from marsad.extract.ner_features import KBGazetteer, kb_match_type
from marsad.kb import KnowledgeBase
from marsad.kb import load as load_kb
from marsad.kb.base import HOW_RANK, PACKAGE_SOURCED, GazetteerMatch, NameRef
from marsad.kb.model import KBEntity
from marsad.text.namekey import FuzzyIndex, name_key
from marsad.text.normalize import normalize
from marsad.text.tokens import WORD, Token, proclitic_splits

log = logging.getLogger(__name__)

CRF_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}

# words that make a following place name certain
PLACE_CUES = {normalize(w) for w in (
    "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "منطقة", "إقليم", "مخيم", "العاصمة", "مقاطعة", "حي", "ضاحية",
    "شمال", "جنوب", "شرق", "غرب", "وسط", "مدينتي", "ريف", "قضاء", "ناحية", "مناطق", "مدن", "بلدات", "قرى",
    "محافظات", "ضواحي", "أطراف", "عاصمة", "ميناء", "مطار",
)}

# head nouns that, followed by a nisba, name a country's institution: role code and English pattern
INSTITUTION_HEADS: dict[str, tuple[str, str, str]] = {
    # normalised head -> (CAMEO role, kind, English name pattern)
    "الجيش": ("MIL", "mil", "Armed Forces of {}"),
    "جيش": ("MIL", "mil", "Armed Forces of {}"),
    "القوات": ("MIL", "mil", "Armed Forces of {}"),
    "قوات": ("MIL", "mil", "Armed Forces of {}"),
    "القوات المسلحه": ("MIL", "mil", "Armed Forces of {}"),
    "الجنود": ("MIL", "mil", "Armed Forces of {}"),
    "جنود": ("MIL", "mil", "Armed Forces of {}"),
    "البحريه": ("MIL", "mil", "Navy of {}"),
    "سلاح الجو": ("MIL", "mil", "Air Force of {}"),
    "الدفاعات الجويه": ("MIL", "mil", "Air Defence of {}"),
    "الحكومه": ("GOV", "gov", "Government of {}"),
    "السلطات": ("GOV", "gov", "Government of {}"),
    "الرئاسه": ("GOV", "gov", "Presidency of {}"),
    "الديبلوماسيه": ("GOV", "gov", "Government of {}"),
    "الدبلوماسيه": ("GOV", "gov", "Government of {}"),
    "الشرطه": ("COP", "police", "Police of {}"),
    "الامن": ("COP", "police", "Security forces of {}"),
    "قوات الامن": ("COP", "police", "Security forces of {}"),
    "البرلمان": ("LEG", "parliament", "Parliament of {}"),
    "المعارضه": ("OPP", "opposition", "Opposition of {}"),
    "القضاء": ("JUD", "court", "Judiciary of {}"),
    "المخابرات": ("SPY", "intel", "Intelligence services of {}"),
    "الاستخبارات": ("SPY", "intel", "Intelligence services of {}"),
    "وكاله الانباء": ("MED", "media", "News agency of {}"),
    "وكاله الانباء الرسميه": ("MED", "media", "News agency of {}"),
    "الاعلام الرسمي": ("MED", "media", "State media of {}"),
    "التلفزيون الرسمي": ("MED", "media", "State television of {}"),
}

# definite head nouns that refer back to the latest entity they head, and the kinds they may take
ANAPHORA: dict[str, tuple[str, ...]] = {
    "الوكاله": ("media",),
    "الصحيفه": ("media",),
    "الجريده": ("media",),
    "القناه": ("media",),
    "الوزاره": ("gov", "ministry"),
    "الحركه": ("rebel", "party", "movement"),
    "الجماعه": ("rebel", "party", "movement"),
    "التنظيم": ("rebel", "party", "movement"),
    "الحزب": ("party", "rebel"),
    "المنظمه": ("ngo", "igo"),
    "الحلف": ("igo",),
}

# title kinds that accept these person roles (roles as written in the people file)
HEAD_OF_STATE_ROLES = {
    "president", "king", "emir", "sultan", "supreme leader", "head of state", "chairman of the state affairs commission",
    "president of the state affairs commission", "chairman of the presidential leadership council",
    "chairman of the sovereignty council", "president of the presidential council",
}

ROMANIZE_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(slots=True)
class _Mention:
    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    type: str | None = None
    kb: KBEntity | None = None
    how: str | None = None  # which rule linked it
    local_key: str | None = None
    country: str | None = None  # for unlinked mentions: a nisba/title told us the country
    actor_role: str | None = None
    kind: str | None = None
    name_en: str | None = None
    synthetic: KBEntity | None = None
    refs: tuple[NameRef, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def _romanizer():
    """arabic-name-romanizer with its name dictionary and spelling rules but without its neural
    model: the model costs ~30 ms a name (too slow for a corpus), the dictionary about 1 ms.

    One spelling per word (``max_per_unit=1``): with its default of 5 the romanizer ranks every
    combination of spellings, 5**n for an n-word span -- a 14-word span the tagger took for a
    name cost 15 s and 1.2 GiB during a SaudiNewsNet ingest. On 6,000 mention texts from that run
    the best-ranked result was the same either way."""
    from arabic_name_romanizer import Transliterator

    return Transliterator(auto_load_model=False, max_per_unit=1)


@lru_cache(maxsize=65536)
def romanize(text: str) -> str:
    """Best-effort English form of an Arabic name (cached per process)."""
    try:
        out = _romanizer().transliterate(text)
        return out if isinstance(out, str) and out else text
    except Exception:  # the romaniser is a nicety: never let it fail an article
        return text


class EntityRecognizer:
    """The ``entities`` pipeline component (see the module docstring for the rules)."""

    def __init__(self, kb: KnowledgeBase | None = None, tagger=None, use_crf: bool = True) -> None:
        self.kb = kb or load_kb()
        self.tagger = tagger
        if tagger is None and use_crf:
            self.tagger = _load_tagger()
        self._titles_first: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
        self._title_fuzzy: FuzzyIndex[str] = FuzzyIndex(min_len=5)
        self._title_heads_memo: dict[str, tuple[str, ...]] = {}
        self._anaphor_seen: set[str] = set()
        self._anaphor_heads: dict[str, str] = {}
        for t in self.kb.titles:
            form = " ".join(normalize(w) for w in str(t.get("ar", "")).split())
            if not form:
                continue
            parts = form.split(" ")
            self._titles_first.setdefault(parts[0], []).append((tuple(parts[1:]), t))
            if len(parts) == 1:
                self._title_fuzzy.add(parts[0], parts[0])
        for cands in self._titles_first.values():
            cands.sort(key=lambda c: -len(c[0]))
        self._state_media = self._index_state_media()

    # --- the component --------------------------------------------------------------------------

    def __call__(self, doc: Document) -> None:
        toks = doc.tokens
        if not toks:
            return
        gaz = self.kb.match_tokens(toks)
        crf = self._crf_spans(doc, gaz)
        titles = self._title_spans(toks)
        demonyms = {m.tok_start: m for m in gaz if _only(m.refs, "demonym")}
        mentions = self._combine(doc, toks, gaz, crf, titles)
        self._institutions(doc, toks, demonyms, mentions)
        self._titles_coref(doc, toks, titles, demonyms, mentions)
        self._link_short_names(mentions, crf)
        mentions.sort(key=lambda m: m.start)
        self._anaphora(toks, mentions)
        doc.entities = self._group(doc, mentions)

    # --- recognition ----------------------------------------------------------------------------

    def _crf_spans(self, doc: Document, gaz: Sequence[GazetteerMatch] = ()) -> list[tuple[int, int, str]]:
        if self.tagger is None:
            return []
        spans: list[tuple[int, int, str]] = []
        toks = doc.tokens
        sents: list[list[int]] = []
        for s in doc.sentences:
            idx = [i for i in range(s.tok_start, s.tok_end) if toks[i].kind != "punct" or toks[i].text in "-."]
            if idx:
                sents.append(idx)
        # one call for the whole document: the tagger works on all sentences at once
        tagged = self.tagger.tag_many([[toks[i].text for i in idx] for idx in sents],
                                      kb_hints=self._kb_hints(sents, gaz))
        for idx, tags in zip(sents, tagged, strict=True):
            cur: list | None = None
            for i, tag in zip(idx, tags, strict=True):
                if tag == "O" or "-" not in tag:
                    if cur:
                        spans.append(tuple(cur))  # type: ignore[arg-type]
                    cur = None
                    continue
                bio, typ = tag.split("-", 1)
                typ = CRF_TYPES.get(typ, "MISC")
                if bio == "B" or cur is None or cur[2] != typ or i != cur[1]:
                    if cur:
                        spans.append(tuple(cur))  # type: ignore[arg-type]
                    cur = [i, i + 1, typ]
                else:
                    cur[1] = i + 1
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
        return spans

    def _kb_hints(self, sents: list[list[int]], gaz: Sequence[GazetteerMatch]) -> list[dict[int, list[str]]] | None:
        """The tagger's knowledge-base hints (``K-B-TYPE``/``K-I-TYPE``) from the document's matches:
        per sentence, ``{position: hints}`` for the few tokens that have some; ``None`` when the
        model was not trained with them."""
        if not isinstance(getattr(self.tagger, "gazetteer", None), KBGazetteer):
            return None
        hints: list[dict[int, list[str]]] = [{} for _ in sents]
        firsts = [idx[0] for idx in sents]
        for m in gaz:
            typ = kb_match_type(self.kb, m)
            if typ is None:
                continue
            first = True
            for i in range(m.tok_start, m.tok_end):
                k = bisect_right(firsts, i) - 1
                if k < 0:
                    continue
                idx = sents[k]
                j = bisect_left(idx, i)
                if j < len(idx) and idx[j] == i:
                    hints[k].setdefault(j, []).append(("K-B-" if first else "K-I-") + typ)
                    first = False
        return hints

    def _title_spans(self, toks: Sequence[Token]) -> list[tuple[int, int, dict]]:
        """Titles (الرئيس، وزير الخارجية، المتحدث باسم ...), longest first, with one-edit tolerance on
        single-word titles."""
        out: list[tuple[int, int, dict]] = []
        n = len(toks)
        norms = tuple([t.norm for t in toks])
        memo = self._title_heads_memo
        if len(memo) >= 131072:
            memo.clear()
        for w in set(norms).difference(memo):
            memo[w] = self._title_heads(w)
        nxt = 0
        for i in [i for i, w in enumerate(norms) if memo[w]]:  # the few words that may start a title
            if i < nxt:
                continue  # inside the previous title
            if toks[i].kind != WORD:
                continue
            heads = memo[norms[i]]
            best: tuple[int, dict] | None = None
            for head in heads:
                for rest, t in self._titles_first.get(head, ()):
                    end = i + 1 + len(rest)
                    if end <= n and (best is None or end > best[0]) and norms[i + 1 : end] == rest:
                        best = (end, t)
                        break
            if best:
                out.append((i, best[0], best[1]))
                nxt = best[0]
        return out

    def _title_heads(self, norm: str) -> tuple[str, ...]:
        """Forms of a word that may start a title: the word and its clitic splits, or, when none is a
        title word, the title words one edit away (الوزعيم -> الزعيم)."""
        heads = tuple(h for _, h in proclitic_splits(norm) if h in self._titles_first)
        if heads or len(norm) < 5:
            return heads
        return tuple(k for k, _ in self._title_fuzzy.fuzzy(norm))

    def _combine(
        self,
        doc: Document,
        toks: Sequence[Token],
        gaz: list[GazetteerMatch],
        crf: list[tuple[int, int, str]],
        titles: list[tuple[int, int, dict]],
    ) -> list[_Mention]:
        text = doc.text
        doc_countries = {
            r.entity_id[8:] for m in gaz for r in m.refs if r.entity_id.startswith("country:")
        }
        title_toks = {i for s, e, _ in titles for i in range(s, e)}
        title_ends = {e - 1 for _, e, _ in titles}
        mentions: list[_Mention] = []
        crf_used: set[int] = set()
        # CRF spans come sentence by sentence, in order and disjoint: then the spans a match overlaps
        # are a run found by bisection (any other list is scanned whole)
        ordered = all(c[0] < c[1] for c in crf) and all(crf[k][1] <= crf[k + 1][0] for k in range(len(crf) - 1))
        crf_starts = [c[0] for c in crf]
        crf_ends = [c[1] for c in crf]
        for m in gaz:
            if _only(m.refs, "demonym") or _only(m.refs, "title"):
                continue
            if m.tok_start in title_toks and m.tok_end - m.tok_start == 1:
                continue  # a title word that is also a name (e.g. الأمير) is read as a title
            # the CRF spans that overlap the match (found by bisection when the spans are in order)
            near = range(bisect_right(crf_ends, m.tok_start), bisect_left(crf_starts, m.tok_end)) if ordered \
                else range(len(crf))
            # a CRF span that strictly contains the match and is longer takes over the mention
            container = next(
                (
                    (k, crf[k])
                    for k in near
                    if crf[k][0] <= m.tok_start and m.tok_end <= crf[k][1]
                    and (crf[k][1] - crf[k][0]) > (m.tok_end - m.tok_start)
                    and not _only_particles(toks, crf[k][0], m.tok_start, m.tok_end, crf[k][1])
                ),
                None,
            )
            if container is not None:
                k, (cs, ce, ctype) = container
                crf_used.add(k)
                span_text = text[toks[cs].start : toks[ce - 1].end]
                ent, how = self._link_text(span_text, ctype, doc_countries)
                if ent is None:
                    ent, how = self._choose(m.refs, doc_countries, ctype)
                    if ent is not None and ent.type != ctype:
                        ent, how = None, None
                start = toks[cs].start + _clitic_cut(toks[cs], self.kb)
                mentions.append(_Mention(cs, ce, start, toks[ce - 1].end, text[start : toks[ce - 1].end], ctype,
                                         ent, how, refs=m.refs))
                continue
            overlapping = [k for k in near if crf[k][0] < m.tok_end and m.tok_start < crf[k][1]]
            crf_used.update(overlapping)
            # a name that needs support gets it from a CRF span of the same kind, or a cue word
            crf_loc = any(crf[k][2] == "LOC" for k in overlapping)
            cue = _cue_before(toks, m.tok_start)
            ent, how = self._choose(m.refs, doc_countries, None, match=m, cue=cue, crf_loc=crf_loc)
            if ent is None:
                continue
            if how == "short":
                mentions.append(_Mention(m.tok_start, m.tok_end, m.start, m.end, text[m.start : m.end], ent.type,
                                         None, "short", refs=m.refs))
                continue
            ts, start = m.tok_start, m.start
            if m.tok_end - ts >= 2 and ent.type == "LOC" and _is_cue(toks[ts]):
                # منطقة كورسك: the cue word tells the kind; the name itself is what follows
                ts, start = ts + 1, toks[ts + 1].start
            mentions.append(_Mention(ts, m.tok_end, start, m.end, text[start : m.end], ent.type, ent, how,
                                     refs=m.refs))
        for k, (cs, ce, ctype) in enumerate(crf):
            if k in crf_used or all(i in title_toks for i in range(cs, ce)):
                continue
            start = toks[cs].start + _clitic_cut(toks[cs], self.kb)
            end = toks[ce - 1].end
            if end <= start:
                continue
            span_text = text[start:end]
            ent, how = self._link_text(span_text, ctype, doc_countries)
            if ent is None and ce - cs == 1 and not (
                (ctype == "LOC" and _cue_before(toks, cs)) or (ctype == "PER" and (cs - 1) in title_ends)
            ):
                continue  # one unknown word is far more often a CRF slip (لجان، الليل) than a new name
            mentions.append(_Mention(cs, ce, start, end, span_text, ctype, ent, how))
        return mentions

    def _support_needed(self, ent: KBEntity, m: GazetteerMatch) -> str:
        """What a gazetteer match must have before it counts: ``""`` (nothing), ``"any"`` (a CRF
        LOC span or a cue word) or ``"cue"`` (a cue word: the name is also a common word, e.g. سيول
        "floods", or two or three letters long, and the CRF errs on exactly those)."""
        forms = ent.extra.get("ambiguous_forms")
        if forms is not None:
            if m.form in {normalize(f) for f in forms}:
                return "cue"
        elif ent.extra.get("ambiguous"):
            return "cue"
        single = m.tok_end - m.tok_start == 1
        if single and len(m.form) <= 3 and not ent.id.startswith(("country:", "org:", "person:")):
            return "cue"  # two- and three-letter place names are mostly words (ان، من، عن)
        if ent.id.startswith(("place:gn:", "place:awc:")) and single and (ent.population or 0) < 1_000_000:
            return "any"
        return ""

    def _choose(
        self,
        refs: Sequence[NameRef],
        doc_countries: set[str],
        want_type: str | None,
        match: GazetteerMatch | None = None,
        cue: bool = False,
        crf_loc: bool = False,
    ) -> tuple[KBEntity | None, str | None]:
        """The best candidate; with ``match`` (a gazetteer match), only candidates whose support
        (:meth:`_support_needed`) is there -- ``cue`` before it, a CRF LOC span ``crf_loc`` -- qualify."""
        best: tuple[float, KBEntity, str] | None = None
        for r in refs:
            ent = self.kb.entities.get(r.entity_id)
            if ent is None or r.how in ("demonym", "title"):
                continue
            if match is not None and r.how != "short":
                need = self._support_needed(ent, match)
                if (need == "cue" and not cue) or (need == "any" and not (cue or crf_loc)):
                    continue
            if match is not None and r.how == "capital" and not (cue or crf_loc):
                continue  # an unsupported capital name (مسقط رأسه، السيول) is a word, not its country
            score = HOW_RANK.get(r.how, 0) * 10 + r.weight
            if want_type and ent.type == want_type:
                score += 15
            if ent.country and ent.country in doc_countries:
                score += 3
            if ent.id.startswith("country:"):
                score += 2
            if ent.id.startswith(("person:", "org:")) and not ent.id.startswith(("person:awc:",)):
                score += 1
            if ent.population:
                score += min(4.0, math.log10(ent.population + 1) / 2)
            if r.how == "capital" and not ent.id.startswith("country:"):
                score += 1
            if best is None or score > best[0]:
                best = (score, ent, r.how)
        if best is None:
            return None, None
        return best[1], best[2]

    def _link_text(
        self, span_text: str, want_type: str, doc_countries: set[str]
    ) -> tuple[KBEntity | None, str | None]:
        refs = self.kb.by_form(span_text)
        if not refs:
            first, _, rest = " ".join(t for t in normalize(span_text).split()).partition(" ")
            for pre, stem in proclitic_splits(first):
                if pre:
                    refs = self.kb.forms.get(f"{stem} {rest}".strip(), [])
                    if refs:
                        break
        how_prefix = ""
        if not refs:
            refs = self.kb.by_key(span_text)
            how_prefix = "key:"
        if not refs and len(normalize(span_text).replace(" ", "")) >= 6:
            found = self.kb.fuzzy.fuzzy(" ".join(normalize(span_text).split()))
            refs = [r for form, _ in found for r in self.kb.forms.get(form, [])]
            how_prefix = "fuzzy:"
        refs = [r for r in refs if r.how not in ("demonym", "title", "short")]
        if how_prefix:  # a key or a typo match is a guess: only curated names may be guessed at
            refs = [r for r in refs if not r.entity_id.startswith(PACKAGE_SOURCED)]
        if not refs:
            return None, None
        ent, how = self._choose(refs, doc_countries, want_type)
        if ent is None:
            return None, None
        if ent.type != want_type and not (want_type == "ORG" and ent.type == "LOC"):
            return None, None
        return ent, f"{how_prefix}{how}"

    # --- coreference rules ----------------------------------------------------------------------

    def _institutions(
        self, doc: Document, toks: Sequence[Token], demonyms: dict[int, GazetteerMatch], mentions: list[_Mention]
    ) -> None:
        """Head noun + nisba: الجيش الروسي -> Russia's armed forces (RUSMIL)."""
        taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
        for j, dm in demonyms.items():
            country_ent = self._demonym_country(dm)
            if country_ent is None:
                continue
            for width in (3, 2, 1):
                h0 = j - width
                if h0 < 0:
                    continue
                words = [t for t in toks[h0:j]]
                if any(t.kind != WORD for t in words):
                    continue
                rest = " ".join(w.norm for w in words[1:])
                spec = next(
                    (INSTITUTION_HEADS[h] for _, first in proclitic_splits(words[0].norm)
                     if (h := f"{first} {rest}".strip()) in INSTITUTION_HEADS),
                    None,
                )
                if spec is None or any(i in taken for i in range(h0, dm.tok_end)):
                    continue
                role, kind, pattern = spec
                start = toks[h0].start + _clitic_cut(toks[h0], self.kb)
                end = dm.end
                ent = None
                if role == "MED":
                    ent = self._state_media.get(country_ent.country or "")
                if ent is None:
                    iso = country_ent.country or country_ent.id[8:]
                    ent = KBEntity(
                        id=f"group:{iso}:{role}", name=pattern.format(country_ent.name), type="ORG", kind=kind,
                        country=iso, actor_code=f"{iso}{role}",
                    )
                mentions.append(_Mention(h0, dm.tok_end, start, end, doc.text[start:end], "ORG", ent,
                                         "head noun + nisba"))
                taken.update(range(h0, dm.tok_end))
                break

    def _titles_coref(
        self,
        doc: Document,
        toks: Sequence[Token],
        titles: list[tuple[int, int, dict]],
        demonyms: dict[int, GazetteerMatch],
        mentions: list[_Mention],
    ) -> None:
        """A title and nisba with a name after it describe the name; without one they name the office
        holder on the publication date."""
        starts = {m.tok_start: m for m in mentions}
        for ts, te, title in titles:
            j = te
            country: KBEntity | None = None
            dm = demonyms.get(j)
            if dm is not None:
                country = self._demonym_country(dm)
                j = dm.tok_end
            elif j in starts and title.get("ar", "").rstrip().endswith(("باسم", "لـ")):
                org = starts[j]  # المتحدث باسم الكرملين: the title belongs to the organisation
                country = org.kb
                j = org.tok_end
            nxt = starts.get(j)
            if nxt is not None and (nxt.type == "PER" or (nxt.kb and nxt.kb.type == "PER")):
                if nxt.kb is None and country is not None:
                    nxt.country = country.country
                    nxt.actor_role = title.get("actor_role")
                continue
            if country is None or not country.id.startswith("country:") or j == te:
                continue
            holder = self._office_holder(title, country.country or country.id[8:], doc.published)
            if holder is None:
                continue
            start = toks[ts].start + _clitic_cut(toks[ts], self.kb)
            end = toks[j - 1].end
            mentions.append(_Mention(ts, j, start, end, doc.text[start:end], "PER", holder, "title + nisba"))

    def _office_holder(self, title: dict, iso3: str, published: str | None) -> KBEntity | None:
        """The one person holding the title's office in ``iso3`` on ``published`` (None if not exactly one).

        The title's own role is tried first (رئيس الوزراء -> prime minister); a head-of-state title
        (الرئيس، الزعيم، الملك) falls back to whoever heads the state, so الزعيم الكوري الشمالي finds the
        supreme leader and الرئيس does not stop at a party chairman.
        """
        role = _role(title.get("role"))
        kind = str(title.get("kind", "")).lower()
        tiers = [{role}] if role != "leader" else []
        if kind in ("head_of_state", "leader") or role in ("leader", "president", "king"):
            tiers.append(HEAD_OF_STATE_ROLES)
        for roles in tiers:
            found = [
                ent for ent in self._people_of(iso3)
                if any(r.get("country") == iso3 and _role(r.get("role")) in roles and _active(r, published)
                       for r in ent.roles)
            ]
            if len(found) == 1:
                return found[0]
            if found:
                return None
        return None

    @lru_cache(maxsize=512)  # noqa: B019 - one recognizer per process; the cache lives as long as the KB
    def _people_of(self, iso3: str) -> tuple[KBEntity, ...]:
        return tuple(
            e for e in self.kb.entities.values() if e.type == "PER" and e.roles and e.id.startswith("person:")
            and not e.id.startswith("person:awc:") and any(r.get("country") == iso3 for r in e.roles)
        )

    def _link_short_names(self, mentions: list[_Mention], crf: list[tuple[int, int, str]]) -> None:
        """Short names join a full-name entity in the document, or stand alone when unambiguous."""
        linked = {m.kb.id for m in mentions if m.kb is not None}
        crf_tok = {i: t for s, e, t in crf for i in range(s, e)}
        for m in mentions:
            if m.kb is not None or m.how != "short":
                continue
            cands = [r.entity_id for r in m.refs if r.how == "short" and r.entity_id in self.kb.entities]
            in_doc = [c for c in cands if c in linked]
            if len(in_doc) == 1:
                m.kb, m.how = self.kb.entities[in_doc[0]], "short name of an entity in the document"
            elif len(set(cands)) == 1 and any(i in crf_tok for i in range(m.tok_start, m.tok_end)):
                m.kb, m.how = self.kb.entities[cands[0]], "unambiguous short name"
            if m.kb is not None:
                m.type = m.kb.type
        mentions[:] = [m for m in mentions if m.kb is not None or m.how != "short"]

    def _anaphora(self, toks: Sequence[Token], mentions: list[_Mention]) -> None:
        """الوكالة، الصحيفة ... refer back to the latest entity of a fitting kind that they head."""
        norms = [t.norm for t in toks]
        seen, heads = self._anaphor_seen, self._anaphor_heads  # every word looked at, those with a head
        new = set(norms).difference(seen)
        if new:
            if len(seen) >= 262144:
                seen.clear()
                heads.clear()
                new = set(norms)
            for w in new:
                h = _anaphor_head(w)
                if h is not None:
                    heads[w] = h
            seen.update(new)
        if heads.keys().isdisjoint(norms):
            return
        taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
        added: list[_Mention] = []
        for i in [i for i, w in enumerate(norms) if w in heads]:
            tok = toks[i]
            if tok.kind != WORD or i in taken:
                continue
            head = heads[norms[i]]
            kinds = ANAPHORA[head]
            bare = head[2:]
            antecedent = None
            for m in reversed(mentions):
                if m.tok_start >= i:
                    continue
                ent = m.kb or m.synthetic
                if ent is None or (ent.kind or "") not in kinds:
                    continue
                if bare in normalize(m.text) or any(bare in normalize(x.text) for x in added if x.kb is ent):
                    antecedent = ent
                    break
            if antecedent is None:
                continue
            cut = _clitic_cut(tok, self.kb)
            start = tok.start + cut
            added.append(_Mention(i, i + 1, start, tok.end, tok.text[cut:], antecedent.type, antecedent,
                                  f"anaphor {head}"))
        if added:
            mentions.extend(added)
            mentions.sort(key=lambda m: m.start)

    # --- helpers --------------------------------------------------------------------------------

    def _demonym_country(self, dm: GazetteerMatch) -> KBEntity | None:
        for r in dm.refs:
            if r.how == "demonym":
                ent = self.kb.entities.get(r.entity_id)
                if ent is not None:
                    return ent
        return None

    def _index_state_media(self) -> dict[str, KBEntity]:
        """The one state news agency of each country, where the knowledge base names exactly one."""
        by_country: dict[str, list[KBEntity]] = {}
        for e in self.kb.entities.values():
            if e.kind == "media" and e.country and (e.extra.get("state_agency") or "news agency" in e.name.lower()):
                by_country.setdefault(e.country, []).append(e)
        out = {}
        for iso, ents in by_country.items():
            state = [e for e in ents if e.extra.get("state_agency")] or ents
            if len(state) == 1:
                out[iso] = state[0]
        return out

    def _group(self, doc: Document, mentions: list[_Mention]) -> list[Entity]:
        entities: dict[str, Entity] = {}
        order: list[str] = []
        seen_spans: set[tuple[int, int]] = set()
        for m in mentions:
            if (m.start, m.end) in seen_spans or m.end <= m.start:
                continue
            seen_spans.add((m.start, m.end))
            ent = m.kb or m.synthetic
            key = ent.id if ent is not None else "local:" + (name_key(m.text) or m.text)
            e = entities.get(key)
            if e is None:
                e = self._new_entity(doc, m, ent)
                entities[key] = e
                order.append(key)
            e.mentions.append(Mention(m.start, m.end, m.text))
        out = []
        for n, key in enumerate(order, 1):
            e = entities[key]
            e.id = f"e{n}"
            out.append(e)
        return out

    def _new_entity(self, doc: Document, m: _Mention, ent: KBEntity | None) -> Entity:
        if ent is not None:
            return Entity(
                id="", name=ent.name, type=ent.type, kind=ent.kind or None, country=ent.country,
                actor_code=_actor_code(ent, doc.published), wikidata=ent.wikidata,
                kb_id=None if ent.id.startswith("group:") else ent.id, aliases=list(ent.aliases), how=m.how,
            )
        typ = m.type or "MISC"
        code = f"{m.country}{m.actor_role or ''}" if m.country else None
        return Entity(
            id="", name=romanize(m.text), type=typ, kind="person" if typ == "PER" else None, country=m.country,
            actor_code=code, how="crf" if m.how is None else m.how, confidence=0.6,
        )


def _role(value: object) -> str:
    return str(value or "").lower().replace("_", " ").strip()


def _only(refs: Sequence[NameRef], how: str) -> bool:
    return bool(refs) and all(r.how == how for r in refs)


def _active(role: dict, published: str | None) -> bool:
    if not published:
        return role.get("end") in (None, "")
    start = str(role.get("start") or "0000")
    end = role.get("end")
    return start[: len(published)] <= published and (end in (None, "") or published <= str(end) + "-99")


def _actor_code(ent: KBEntity, published: str | None) -> str | None:
    if ent.type == "PER" and ent.roles:
        active = [r for r in ent.roles if _active(r, published)]
        if active and active[0].get("actor_code"):
            return active[0]["actor_code"]
    return ent.actor_code


@lru_cache(maxsize=131072)
def _anaphor_head(norm: str) -> str | None:
    """The anaphoric head noun (:data:`ANAPHORA`) a word is, clitics aside, or None."""
    return next((stem for _, stem in proclitic_splits(norm) if stem in ANAPHORA), None)


@lru_cache(maxsize=131072)
def _place_cue_word(norm: str) -> bool:
    return any(stem in PLACE_CUES for _, stem in proclitic_splits(norm))


def _is_cue(tok: Token) -> bool:
    return tok.kind == WORD and _place_cue_word(tok.norm)


def _cue_before(toks: Sequence[Token], i: int) -> bool:
    for j in (i - 1, i - 2):
        if j >= 0 and toks[j].kind == WORD:
            if _place_cue_word(toks[j].norm):
                return True
            if j == i - 1:
                continue
    return False


def _clitic_cut(tok: Token, kb: KnowledgeBase | None = None) -> int:
    """Characters taken by a conjunction/preposition before the article at the start of a mention's
    first word (والقوات -> القوات). When the article's alef was swallowed (للقوات) the word is kept
    whole, because the text does not contain the bare form."""
    norm = tok.norm
    for pre, stem in proclitic_splits(norm):
        if pre and stem.startswith("ال") and len(stem) >= 5:  # وكالة is not و + ك + الة
            if norm != pre + stem:
                return 0
            seen = 0
            for k, ch in enumerate(tok.text):
                if normalize(ch):
                    if seen == len(pre):
                        return k
                    seen += 1
            return 0
    return 0


def _load_tagger():
    try:
        from marsad.extract.ner_crf import CRFTagger

        # the first stage only: the second (document-context) stage adds ~2 F1 points on ANERcorp
        # but triples the tagging time, and the gazetteer already covers the names that recur
        return CRFTagger.load(fast=True)
    except Exception as exc:  # no model in this build: the gazetteer still works
        log.warning("CRF tagger unavailable (%s); entity recognition uses the gazetteer only", exc)
        return None


# prepositions and particles as written (على with alef maqsura is the preposition, علي the name): a
# CRF span that adds only these to a known name (على خان يونس -> "Ali Khan Younes") has misread them
_PARTICLES = frozenset("على في من إلى الى عن مع ضد نحو لدى حول قرب عند بين منذ حتى و أو ثم".split())  # noqa: SIM905


def _only_particles(toks: Sequence[Token], cs: int, ms: int, me: int, ce: int) -> bool:
    """Whether the tokens of a CRF span outside a gazetteer match are all particles."""
    return all(toks[i].text in _PARTICLES for i in (*range(cs, ms), *range(me, ce)))


def make_component():
    """The ``entities`` component. ``MARSAD_NER=gazetteer`` leaves the CRF out: names outside the
    knowledge base are then missed, and extraction runs about five times faster (bench/RESULTS.md)."""
    import os

    return EntityRecognizer(use_crf=os.environ.get("MARSAD_NER", "crf").lower() != "gazetteer")
