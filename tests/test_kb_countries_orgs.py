"""Knowledge-base sources: countries, organisations, ministries and titles."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib.resources import files

import pytest

from marsad.kb.model import ENTITY_TYPES
from marsad.kb.sources import countries, ministries, orgs, titles

ACTOR = re.compile(r"^[A-Z]{3}[A-Z]{0,6}$")
HOWS = {"full", "short", "demonym", "metonym", "acronym", "capital", "title"}


def _jsonl(name: str) -> list[dict]:
    text = (files("marsad") / "data" / "kb" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def loaded():
    return {"countries": countries.load(), "orgs": orgs.load(), "ministries": ministries.load()}


@pytest.fixture(scope="module")
def by_form(loaded):
    """Arabic form -> [(entity, name)] over the three entity sources."""
    ents = {e.id: e for entities, _ in loaded.values() for e in entities}
    index = defaultdict(list)
    for _, names in loaded.values():
        for n in names:
            index[n.form].append((ents[n.entity_id], n))
    return dict(index)


def refs(by_form, form):
    assert form in by_form, f"{form!r} is not a name in the KB"
    return by_form[form]


# --- files and counts -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["countries.jsonl", "orgs.jsonl", "ministries.jsonl", "titles.jsonl"])
def test_data_files_parse(name):
    rows = _jsonl(name)
    assert rows
    assert all(isinstance(r, dict) for r in rows)


def test_counts(loaded):
    assert len(loaded["countries"][0]) >= 240
    assert len(loaded["orgs"][0]) >= 450
    assert len(titles.load_titles()) >= 80
    assert len(loaded["ministries"][0]) > 1000


def test_ids_unique_across_sources(loaded):
    ids = [e.id for entities, _ in loaded.values() for e in entities]
    assert len(ids) == len(set(ids))
    assert len({r["id"] for r in _jsonl("orgs.jsonl")}) == len(_jsonl("orgs.jsonl"))


def test_entities_well_formed(loaded):
    for source, (entities, names) in loaded.items():
        ids = {e.id for e in entities}
        for e in entities:
            assert e.type in ENTITY_TYPES, e
            assert e.name and e.name.strip() == e.name, e
            assert e.actor_code and ACTOR.match(e.actor_code), (source, e.id, e.actor_code)
            if e.wikidata is not None:
                assert re.fullmatch(r"Q[1-9][0-9]*", e.wikidata), e
        for n in names:
            assert n.entity_id in ids, (source, n)
            assert n.how in HOWS, n
            assert n.form and n.form == n.form.strip() and "  " not in n.form, n
            assert 0 < n.weight <= 1, n
        pairs = [(n.form, n.entity_id) for n in names]
        assert len(pairs) == len(set(pairs)), source


def test_countries_fields():
    rows = _jsonl("countries.jsonl")
    iso3 = [r["iso3"] for r in rows]
    assert len(iso3) == len(set(iso3))
    for r in rows:
        assert re.fullmatch(r"[A-Z]{3}", r["iso3"]) and ACTOR.match(r["cameo"]), r
        assert r["iso2"] is None or re.fullmatch(r"[A-Z]{2}", r["iso2"]), r
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, r
        assert round(r["lat"], 2) == r["lat"] and round(r["lon"], 2) == r["lon"], r
    codes = {r["iso3"] for r in rows}
    assert {"PSE", "XKX", "ESH", "XSL", "TWN"} <= codes
    cameo = {r["iso3"]: r["cameo"] for r in rows}
    assert cameo["ROU"] == "ROM" and cameo["TLS"] == "TMP" and cameo["RUS"] == "RUS"


def test_org_kinds():
    for r in _jsonl("orgs.jsonl"):
        assert r["kind"] in orgs.KINDS, r
        assert r["ar"] or r.get("ar_acronym") or r.get("ar_metonym"), r
        if r.get("metonym_of"):
            assert r["metonym_of"].startswith("country:"), r


def test_titles_fields():
    rows = titles.load_titles()
    forms = [r["ar"] for r in rows]
    assert len(forms) == len(set(forms))
    for r in rows:
        assert r["gender"] in ("m", "f"), r
        assert r["kind"] in titles.KINDS, r
        assert r["actor_role"] is None or re.fullmatch(r"[A-Z]{3}", r["actor_role"]), r
    by = titles.titles_by_form()
    assert by["وزيرة الخارجية"]["gender"] == "f"
    assert by["وزيرة الخارجية"]["role"] == "foreign_minister"
    assert by["الرئيسة"]["gender"] == "f" and by["الرئيس"]["actor_role"] == "GOV"
    assert by["رئيس الأركان"]["actor_role"] == "MIL"
    assert by["المتحدث باسم"]["actor_role"] is None
    for form in ("مستشار الأمن القومي", "الرفيق", "ولي العهد", "المبعوث الخاص", "المتحدثة", "رئيس البرلمان"):
        assert form in by


# --- spot checks ------------------------------------------------------------------------------


def _targets(by_form, form, how=None):
    return {(e.id, n.how) for e, n in refs(by_form, form) if how is None or n.how == how}


def test_country_names(by_form):
    assert ("country:USA", "full") in _targets(by_form, "أمريكا")
    assert ("country:USA", "full") in _targets(by_form, "الولايات المتحدة الأمريكية")
    assert ("country:GBR", "full") in _targets(by_form, "بريطانيا")
    assert ("country:SAU", "full") in _targets(by_form, "السعودية")
    assert ("country:PRK", "full") in _targets(by_form, "كوريا الديمقراطية")
    assert ("country:SYR", "full") in _targets(by_form, "سورية")
    assert ("country:PSE", "full") in _targets(by_form, "فلسطين")
    usa = next(e for e, _ in refs(by_form, "أمريكا") if e.id == "country:USA")
    assert usa.name == "United States" and usa.actor_code == "USA" and usa.type == "LOC"
    assert usa.kind == "country"


def test_capitals_point_at_country(by_form):
    assert _targets(by_form, "واشنطن", "capital") == {("country:USA", "capital")}
    assert ("country:PRK", "capital") in _targets(by_form, "بيونغ يانغ")
    assert ("country:PRK", "capital") in _targets(by_form, "بيونج يانج")
    assert "واشنطن" not in {n.form for e, n in refs(by_form, "واشنطن") if n.how == "full"}


def test_demonyms(by_form):
    for form in ("الروسية", "الروسي", "الروس", "روسيون", "الروسيين", "روسية"):
        assert ("country:RUS", "demonym") in _targets(by_form, form), form
    assert ("country:PRK", "demonym") in _targets(by_form, "الكورية الشمالية")
    assert ("country:USA", "demonym") in _targets(by_form, "الأميركية")
    assert ("country:TUR", "demonym") in _targets(by_form, "الأتراك")
    # Mali's nisba is also "financial": kept, but barely trusted
    mali = [n for e, n in refs(by_form, "المالية") if e.id == "country:MLI"]
    assert mali and mali[0].weight < 0.5


def test_nisba_generation():
    forms = countries.nisba_forms("كوري شمالي")
    assert "الكورية الشمالية" in forms["the_f"]
    assert "الكوريين الشماليين" in forms["the_mp"]
    assert countries.nisba_forms("جنوب أفريقي") == {}
    assert "الأمريكية" in countries.feminine_definite_adjectives("USA")


def test_metonyms(by_form):
    ((kremlin, n),) = [(e, n) for e, n in refs(by_form, "الكرملين")]
    assert kremlin.actor_code == "RUSGOV" and n.how == "metonym"
    assert kremlin.extra["metonym_of"] == "country:RUS"
    for form, code in (
        ("البيت الأبيض", "USAGOV"),
        ("الإليزيه", "FRAGOV"),
        ("قصر بعبدا", "LBNGOV"),
        ("السراي الحكومي", "LBNGOV"),
        ("داونينغ ستريت", "GBRGOV"),
    ):
        assert {e.actor_code for e, _ in refs(by_form, form)} == {code}, form
    assert {e.actor_code for e, _ in refs(by_form, "الكنيست")} == {"ISRLEG"}


def test_ministries(by_form):
    ((state, _),) = refs(by_form, "الخارجية الأمريكية")
    assert state.name == "United States Department of State" and state.actor_code == "USAGOV"
    assert {e.id for e, _ in refs(by_form, "وزارة الخارجية الأمريكية")} == {state.id}
    assert {e.id for e, _ in refs(by_form, "الخارجية الأميركية")} == {state.id}
    ((dod, _),) = refs(by_form, "الدفاع الأمريكية")
    assert dod.name == "United States Department of Defense"
    assert ("org:ministry:USA:defence", "metonym") in _targets(by_form, "البنتاغون")
    ((treasury, _),) = refs(by_form, "الخزانة الأمريكية")
    assert treasury.name == "United States Department of the Treasury"
    ((ru, _),) = refs(by_form, "وزارة الخارجية الروسية")
    assert ru.name == "Ministry of Foreign Affairs (Russia)" and ru.actor_code == "RUSGOV"
    assert {e.id for e, _ in refs(by_form, "وزارة خارجية روسيا")} == {ru.id}
    assert {e.actor_code for e, _ in refs(by_form, "الحكومة الروسية")} == {"RUSGOV"}
    ((ro, _),) = refs(by_form, "وزارة الدفاع الرومانية")
    assert ro.actor_code == "ROMGOV"


@pytest.mark.parametrize(
    ("form", "code", "kind"),
    [
        ("الحوثيون", "YEMREB", "rebel"),
        ("أنصار الله", "YEMREB", "rebel"),
        ("حماس", "PSEREB", "rebel"),
        ("حركة المقاومة الإسلامية", "PSEREB", "rebel"),
        ("كتائب القسام", "PSEREB", "rebel"),
        ("حزب الله", "LBNREB", "rebel"),
        ("قوات الدعم السريع", "SDNREB", "rebel"),
        ("الجيش الإسرائيلي", "ISRMIL", "mil"),
        ("جيش الاحتلال", "ISRMIL", "mil"),
        ("الحرس الثوري", "IRNMIL", "mil"),
        ("الجيش السوداني", "SDNMIL", "mil"),
        ("وكالة الأنباء المركزية الكورية", "PRKMED", "media"),
        ("رويترز", "GBRMED", "media"),
        ("الأمم المتحدة", "IGOUNO", "igo"),
        ("مجلس الأمن الدولي", "IGOUNO", "igo"),
        ("مجلس الأمن", "IGOUNO", "igo"),
        ("جامعة الدول العربية", "IGOARL", "igo"),
        ("حلف شمال الأطلسي", "IGONAT", "igo"),
        ("الاتحاد الأوروبي", "IGOEEC", "igo"),
        ("اللجنة الدولية للصليب الأحمر", "NGOIRC", "ngo"),
        ("منظمة العفو الدولية", "NGOAMN", "ngo"),
    ],
)
def test_org_spot_checks(by_form, form, code, kind):
    found = [(e, n) for e, n in refs(by_form, form) if e.id.startswith("org:")]
    assert len(found) == 1, found
    ent, name = found[0]
    assert ent.actor_code == code and ent.kind == kind and ent.type == "ORG"
    assert name.how == "full"


def test_kcna_is_north_korean_media(by_form):
    ((ent, _),) = refs(by_form, "وكالة الأنباء المركزية الكورية")
    assert ent.country == "PRK" and ent.kind == "media"


@pytest.mark.parametrize(
    ("form", "org_id"),
    [
        ("داعش", "org:isis"),
        ("قسد", "org:sdf"),
        ("الناتو", "org:nato"),
        ("واس", "org:spa"),
        ("اليونيسف", "org:unicef"),
    ],
)
def test_acronyms(by_form, form, org_id):
    assert (org_id, "acronym") in _targets(by_form, form)


def test_ambiguous_forms_are_short_only(by_form):
    """Common words and shared short forms never count as full names."""
    for form in ("الجزيرة", "العربية", "القاعدة", "فتح", "مجلس الأمن القومي", "الشرق الأوسط"):
        assert {n.how for e, n in refs(by_form, form) if e.id.startswith("org:")} == {"short"}, form
    for form in ("الوكالة", "وزارة الخارجية", "الحكومة", "المملكة"):
        assert form not in by_form
