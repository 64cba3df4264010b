"""The curated people file of the knowledge base and its loader."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

import pytest

from marsad.kb.sources import people

CODE = re.compile(r"^[A-Z]{3}[A-Z]{0,6}$")
ISO3 = re.compile(r"^[A-Z]{3}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE = re.compile(r"^[\u0621-\u064A\u0670\u0671][\u0621-\u064A\u0670\u0671 ()\-]*$")
ARABIC = re.compile(r"^[\u0621-\u064A\u0670\u0671]+(?:[ \-][\u0621-\u064A\u0670\u0671]+)*$")


def _parse_date(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    assert len(value) in (4, 7, 10), value
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    path = resources.files("marsad") / "data" / "kb" / "people.jsonl"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines]


@pytest.fixture(scope="module")
def by_id(records) -> dict[str, dict]:
    return {r["id"]: r for r in records}


@pytest.fixture(scope="module")
def loaded():
    return people.load()


def test_enough_curated_people(records):
    assert len(records) >= 550


def test_ids_and_names_unique(records):
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    assert all(SLUG.match(i) for i in ids)
    names = [r["name"].lower() for r in records]
    assert len(names) == len(set(names))


def test_required_fields(records):
    for r in records:
        assert r["name"].strip(), r
        assert r["gender"] in ("m", "f"), r["id"]
        assert ISO3.match(r["country"]), r["id"]
        assert r["ar"], r["id"]
        assert isinstance(r.get("aliases", []), list)
        for form in r["ar"] + r.get("ar_short", []):
            assert ARABIC.match(form), (r["id"], form)
        if r.get("wikidata") is not None:
            assert re.match(r"^Q[1-9]\d*$", r["wikidata"]), r["id"]
        assert r["roles"], r["id"]
        for role in r["roles"]:
            assert role["role"] and role["title_ar"], r["id"]
            assert TITLE.match(role["title_ar"]), (r["id"], role["title_ar"])


def test_roles_codes_and_dates(records):
    for r in records:
        for role in r["roles"]:
            code = role["actor_code"]
            assert CODE.match(code), (r["id"], code)
            if code[:3] in ("IGO", "NGO", "IMG"):
                assert role["country"] is None, r["id"]
            else:
                assert role["country"] == code[:3], (r["id"], code)
            start = _parse_date(role["start"]) if role["start"] else None
            end = _parse_date(role["end"]) if role["end"] else None
            if start and end:
                assert start.year <= end.year, (r["id"], role)
            if end:
                assert end <= date(2026, 12, 31), (r["id"], role)


def _role(rec: dict, code: str, role: str | None = None) -> dict:
    for r in rec["roles"]:
        if r["actor_code"] == code and (role is None or r["role"] == role):
            return r
    raise AssertionError(f"{rec['id']} has no {code} {role}")


def test_spot_checks(by_id):
    putin = by_id["vladimir-putin"]
    assert putin["country"] == "RUS" and putin["wikidata"] == "Q7747"
    assert "بوتين" in putin["ar_short"]
    assert _role(putin, "RUSGOV", "president")["start"] == "2012-05-07"

    kim = by_id["kim-jong-un"]
    assert kim["country"] == "PRK"
    assert {"كيم جونغ أون", "كيم جونج أون"} <= set(kim["ar"])

    peskov = by_id["dmitry-peskov"]
    assert peskov["country"] == "RUS"
    assert _role(peskov, "RUSGOV", "spokesperson")["end"] is None

    erdogan = by_id["recep-tayyip-erdogan"]
    assert erdogan["country"] == "TUR"
    assert _role(erdogan, "TURGOV", "president")["start"] == "2014-08-28"

    sharaa = by_id["ahmed-al-sharaa"]
    assert sharaa["country"] == "SYR"
    assert _role(sharaa, "SYRGOV", "president")["end"] is None
    assert "أبو محمد الجولاني" in sharaa["ar"]

    assert _role(by_id["yahya-saree"], "YEMREB")
    assert _role(by_id["abdel-fattah-al-burhan"], "SDNMIL")
    assert by_id["antonio-guterres"]["roles"][0]["actor_code"] == "IGOUNO"
    assert by_id["maria-zakharova"]["gender"] == "f"


def test_loader_entities(loaded):
    entities, names = loaded
    ids = [e.id for e in entities]
    assert len(ids) == len(set(ids))
    ents = {e.id: e for e in entities}
    putin = ents["person:vladimir-putin"]
    assert (putin.type, putin.kind, putin.country, putin.actor_code) == ("PER", "person", "RUS", "RUSGOV")
    assert putin.gender == "m"
    assert ents["person:ahmed-al-sharaa"].actor_code == "SYRGOV"
    # ended roles only: the role that ended last gives the code
    assert ents["person:bashar-al-assad"].actor_code == "SYRGOV"
    forms = {(n.form, n.how) for n in names if n.entity_id == "person:dmitry-peskov"}
    assert ("دميتري بيسكوف", "full") in forms and ("بيسكوف", "short") in forms
    for e in entities:
        if e.actor_code:
            assert CODE.match(e.actor_code), e.id


def test_current_actor_code():
    roles = [
        {"actor_code": "AAAGOV", "start": "2001", "end": "2005"},
        {"actor_code": "BBBGOV", "start": "2006", "end": "2010-02-01"},
    ]
    assert people.current_actor_code(roles) == "BBBGOV"
    roles.append({"actor_code": "IGOUNO", "start": "2011", "end": None})
    assert people.current_actor_code(roles) == "IGOUNO"
    assert people.current_actor_code([]) is None


def test_arwikicats_people_merged(loaded):
    pairs = people.read_arwikicats()
    if not pairs:
        pytest.skip("arwikicats package data not installed")
    entities, names = loaded
    awc = [e for e in entities if e.id.startswith("person:awc:")]
    assert len(awc) > 1000
    awc_ids = {e.id for e in awc}
    for e in awc:
        assert e.type == "PER" and e.kind == "person" and e.name
    full = [n for n in names if n.entity_id in awc_ids]
    assert full and all(n.how == "full" for n in full)
    assert all(ARABIC.match(n.form) and len(re.split(r"[ -]", n.form)) >= 2 for n in full)
    # curated people are not duplicated from arwikicats
    curated = {e.name.lower() for e in entities if not e.id.startswith("person:awc:")}
    assert "vladimir putin" in curated
    assert not any(e.name.lower() in curated for e in awc)
    assert "person:awc:vladimir-putin" not in awc_ids


def test_english_title():
    assert people.english_title("abu bakr al-baghdadi") == "Abu Bakr al-Baghdadi"
    assert people.english_title("abdul hamid ii") == "Abdul Hamid II"
    assert people.english_title("ludwig van beethoven") == "Ludwig van Beethoven"
    assert people.english_title("pope gregory xvi") == "Pope Gregory XVI"
    assert people.english_title("xi jinping") == "Xi Jinping"
