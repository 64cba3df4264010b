"""`marsad kb import-geonames`: GeoNames dump formats in, a user data file out, picked up by the KB build.

The sample files under tests/data/geonames_sample/ are written by the project in GeoNames' formats
(geoname table: 19 tab-separated columns; alternateNamesV2: 10); ids 99000xx are invented villages.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.kb.geonames_import import import_geonames, is_arabic_name, read_alternate_names, read_geonames

SAMPLE = Path(__file__).parent / "data" / "geonames_sample"
CITIES = SAMPLE / "cities500.txt"
ALTERNATES = SAMPLE / "alternateNamesV2.txt"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    return tmp_path


def _records(path: Path) -> dict[int, dict]:
    return {r["geonameid"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_reads_the_geoname_table_columns():
    rows = list(read_geonames(CITIES.read_text(encoding="utf-8").splitlines()))
    aleppo = next(r for r in rows if r["geonameid"] == 170063)
    assert (aleppo["name"], aleppo["fclass"], aleppo["fcode"], aleppo["cc"], aleppo["admin1"]) == (
        "Aleppo", "P", "PPLA", "SY", "09")
    assert aleppo["population"] == 2098210 and abs(aleppo["lat"] - 36.2) < 0.01
    assert "حلب" in aleppo["alternatenames"]
    assert len(rows) == 7  # the malformed line is skipped


def test_alternate_names_keep_arabic_that_is_neither_historic_nor_colloquial():
    alt = read_alternate_names(ALTERNATES.read_text(encoding="utf-8").splitlines())
    assert [n for n, _ in alt[9900005]] == ["أم الخير"]  # historic خربة أم الخير and the Persian form dropped
    assert {n for n, _ in alt[170063]} == {"حلب", "حلب الشهباء"}  # colloquial حلبو dropped, en dropped
    assert 9900003 not in alt  # only a Persian name
    assert list(read_alternate_names(ALTERNATES.read_text(encoding="utf-8").splitlines(), {170063})) == [170063]


def test_arabic_script_filter():
    assert is_arabic_name("كفر العينة") and is_arabic_name("تل العينة")
    assert not is_arabic_name("گل تپه") and not is_arabic_name("Kafr al Ayyina") and not is_arabic_name("ام الخیر")


def test_import_with_alternate_names(cache):
    st = import_geonames(CITIES, ALTERNATES)
    assert st.out == cache / "geonames_user.jsonl"
    recs = _records(st.out)
    assert set(recs) == {170063, 9900001, 9900002, 9900005, 9900006}  # hotel (class S) and Persian-only out
    assert recs[9900005]["ar"] == ["أم الخير"]  # only from the alternate-names file
    assert recs[9900001]["ar"][0] == "كفرالعينة"  # the preferred name first
    assert recs[9900002]["ar"] == ["تل العينة"]  # no Arabic alternate name: the table's column
    assert recs[9900001]["country"] == "SYR" and recs[9900002]["country"] == "LBN"
    assert (st.kept, st.bad_rows, st.skipped_class, st.skipped_no_arabic) == (5, 1, 1, 1)


def test_import_without_alternate_names_and_classes(cache, tmp_path):
    st = import_geonames(CITIES, None, out=tmp_path / "x.jsonl", classes="P")
    recs = _records(st.out)
    assert set(recs) == {170063, 9900001, 9900002}  # Umm al Khair has no Arabic name in the table
    assert recs[9900001]["ar"] == ["كفر العينة", "كفرالعينة"]


def test_reads_zip_and_gzip(cache, tmp_path):
    z = tmp_path / "cities500.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(CITIES, "cities500.txt")
    g = tmp_path / "alternateNamesV2.txt.gz"
    g.write_bytes(gzip.compress(ALTERNATES.read_bytes()))
    st = import_geonames(z, g, out=tmp_path / "y.jsonl")
    assert _records(st.out)[9900005]["ar"] == ["أم الخير"]


def test_kb_build_picks_up_the_user_file(cache):
    from marsad.kb.build import build
    from marsad.kb.sources import geonames_user

    before = geonames_user.fingerprint_token()
    assert before == "geonames_user=absent"
    assert geonames_user.load() == ([], [])
    import_geonames(CITIES, ALTERNATES)
    assert geonames_user.fingerprint_token() != before
    kb = build(("countries", "places", "geonames_user"))
    kafr = kb.get("place:gn:9900001")
    assert kafr is not None and kafr.name == "Kafr al Ayyina" and kafr.kind == "city"
    assert kafr.admin1 == "place:admin1:SY-ID"  # GeoNames SY.12 -> the project's Idlib Governorate
    assert {r.entity_id for r in kb.by_form("كفرالعينة")} == {"place:gn:9900001"}
    assert kb.get("place:gn:9900006").kind == "feature"
    # a place the shipped data already has gains the imported names and keeps its facts
    assert "place:gn:170063" in {r.entity_id for r in kb.by_form("حلب الشهباء")}
    assert kb.get("place:gn:170063").extra.get("source") == "geonames"


def test_recognised_in_text_after_import(cache):
    from marsad.extract.entities import EntityRecognizer
    from marsad.extract.places import PlaceResolver
    from marsad.kb.build import build
    from marsad.pipeline import Pipeline

    import_geonames(CITIES, ALTERNATES)
    kb = build(("countries", "places", "geonames_user"))
    ents = EntityRecognizer(kb, use_crf=False)
    places = PlaceResolver(kb)
    doc = Pipeline(["text"])("قصفت طائرات حربية بلدة كفرالعينة في ريف إدلب الجنوبي صباح اليوم.")
    ents(doc)
    places(doc)
    got = {p.name: p for p in doc.places}
    assert "Kafr al Ayyina" in got, [p.name for p in doc.places]
    assert abs(got["Kafr al Ayyina"].lat - 35.61) < 0.05 and got["Kafr al Ayyina"].geonames_id == 9900001


def test_cli_import_geonames(cache):
    res = CliRunner().invoke(app, ["kb", "import-geonames", str(CITIES), str(ALTERNATES)])
    assert res.exit_code == 0, res.output
    assert "kept 5" in res.output and (cache / "geonames_user.jsonl").exists()
    res = CliRunner().invoke(app, ["kb", "import-geonames", str(SAMPLE / "missing.txt")])
    assert res.exit_code == 2
