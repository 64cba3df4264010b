"""Exports (GDELT 2.0 Event TSV, PLOVER JSONL, CSV, Parquet) and the events query command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.doc import Actor, Casualties, Document, Event, Location
from marsad.export import export, gdelt
from marsad.ingest.runner import ingest_documents
from marsad.store import open_store

runner = CliRunner()

T1 = "قصفت القوات الروسية مدينة خاركيف فجر اليوم ما أدى إلى مقتل ثلاثة أشخاص. وقالت السلطات إن القصف الروسي استهدف مباني سكنية."
T2 = "استهدف الجيش الروسي خاركيف بصواريخ فجر اليوم بحسب السلطات المحلية، وقتل ثلاثة مدنيين."
T3 = "التقى وزير الخارجية الروسي نظيره التركي في أنقرة لبحث الحرب."
T4 = "فرضت الولايات المتحدة عقوبات جديدة على روسيا اليوم."


def ev(full: str, text: str, src: tuple, tgt: tuple, cameo: str, plover: str, quad: int, gold: float, date: str,
       loc: Location | None = None, killed: int | None = None) -> Event:
    s = full.index(text)
    return Event(source=Actor(code=src[0], country=src[1], name=src[2]), target=Actor(code=tgt[0], country=tgt[1], name=tgt[2]),
                 cameo=cameo, plover=plover, quad_class=quad, goldstein=gold, text=text, start=s, end=s + len(text),
                 date=date, date_precision="day", location=loc, casualties=Casualties(killed=killed) if killed else None)


RUS = ("RUSMIL", "RUS", "Russian Armed Forces")
UKR = ("UKR", "UKR", "Ukraine")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "x.db"
    s = open_store(path)
    kharkiv = Location(name="Kharkiv", country="UKR", lat=49.99, lon=36.23)
    docs = [
        Document(id="a", text=T1, title="قصف على خاركيف", source="wire", published="2025-02-10",
                 url="https://wire.example/a", events=[
                     ev(T1, "قصفت القوات الروسية مدينة خاركيف", RUS, UKR, "195", "ASSAULT", 4, -10.0, "2025-02-10",
                        kharkiv, killed=3),
                     ev(T1, "القصف الروسي استهدف مباني سكنية", RUS, UKR, "195", "ASSAULT", 4, -10.0, "2025-02-10")]),
        Document(id="b", text=T2, title="صواريخ على خاركيف", source="daily", published="2025-02-10",
                 url="https://daily.example/b", events=[
                     ev(T2, "استهدف الجيش الروسي خاركيف بصواريخ", RUS, UKR, "195", "ASSAULT", 4, -10.0, "2025-02-10")]),
        Document(id="c", text=T3, title="لافروف في أنقرة", source="wire", published="2025-01-05",
                 url="https://wire.example/c", events=[
                     ev(T3, "التقى وزير الخارجية الروسي نظيره التركي", ("RUSGOV", "RUS", "Sergey Lavrov"),
                        ("TURGOV", "TUR", "Hakan Fidan"), "040", "CONSULT", 1, 1.0, "2025-01-05")]),
        Document(id="d", text=T4, title="عقوبات أمريكية", source="daily", published="2024-12-20",
                 url="https://daily.example/d", events=[
                     ev(T4, "فرضت الولايات المتحدة عقوبات جديدة على روسيا", ("USAGOV", "USA", "United States"),
                        ("RUS", "RUS", "Russia"), "163", "SANCTION", 3, -8.0, "2024-12-20")]),
    ]
    ingest_documents(s, docs, embeddings=False)
    s.close()
    return path


def test_gdelt_columns_and_values(db, tmp_path):
    out = tmp_path / "e.tsv"
    s = open_store(db)
    n = export(s, "gdelt", out)
    s.close()
    assert n == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header == list(gdelt.COLUMNS) and len(header) == 61
    assert header[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert header[-2:] == ["DATEADDED", "SOURCEURL"]
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    fight = next(r for r in rows if r["EventRootCode"] == "19")
    assert fight["SQLDATE"] == "20250210" and fight["MonthYear"] == "202502" and fight["Year"] == "2025"
    assert fight["Actor1Code"] == "RUSMIL" and fight["Actor1CountryCode"] == "RUS" and fight["Actor1Type1Code"] == "MIL"
    assert fight["Actor1Name"] == "RUSSIAN ARMED FORCES" and fight["Actor2Code"] == "UKR"
    assert (fight["EventCode"], fight["EventBaseCode"], fight["QuadClass"], fight["GoldsteinScale"]) == ("195", "195", "4", "-10")
    assert (fight["NumMentions"], fight["NumSources"], fight["NumArticles"]) == ("3", "2", "2")
    assert fight["ActionGeo_FullName"] == "Kharkiv" and fight["ActionGeo_CountryCode"] == "UP"  # FIPS for Ukraine
    assert fight["ActionGeo_Lat"] == "49.99" and fight["ActionGeo_Type"] == "4"
    assert fight["SOURCEURL"] == "https://wire.example/a" and len(fight["DATEADDED"]) == 14
    assert fight["AvgTone"] == "" and fight["Actor1Geo_Type"] == ""


def test_plover_jsonl(db, tmp_path):
    out = tmp_path / "e.jsonl"
    s = open_store(db)
    export(s, "plover", out)
    s.close()
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 3
    fight = next(r for r in recs if r["cameo"] == "195")
    for k in ("id", "date", "source", "recipient", "event", "quad_code", "event_scale", "event_text", "cite_info"):
        assert k in fight, k
    assert fight["event"] == ["ASSAULT"] and fight["date"] == "2025-02-10"
    assert fight["source"][0]["code"] == "RUS" and fight["source"][0]["sector"] == "MIL"
    assert fight["recipient"][0]["code"] == "UKR"
    assert fight["event_loc"]["country code"] == "UA" and fight["event_loc"]["cc3"] == "UKR"
    assert fight["dead"] == 3 and fight["num_sources"] == 2 and len(fight["evidence"]) == 3
    assert {e["doc"] for e in fight["evidence"]} == {"a", "b"}


def test_csv_and_parquet(db, tmp_path):
    s = open_store(db)
    n_csv = export(s, "csv", tmp_path / "e.csv")
    n_pq = export(s, "parquet", tmp_path / "e.parquet")
    with pytest.raises(ValueError):
        export(s, "xml", tmp_path / "e.xml")
    s.close()
    assert n_csv == n_pq == 3
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text(encoding="utf-8"))))
    assert {r["cameo"] for r in rows} == {"195", "040", "163"}
    assert json.loads(rows[0]["evidence"])[0]["doc"]
    import pyarrow.parquet as pq

    t = pq.read_table(tmp_path / "e.parquet")
    assert t.num_rows == 3 and "num_mentions" in t.column_names
    assert sorted(t.column("num_mentions").to_pylist()) == [1, 1, 3]


def _events(db, *args) -> list[dict]:
    r = runner.invoke(app, ["events", "--db", str(db), "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return [json.loads(x) for x in r.stdout.splitlines()]


def test_events_filters(db):
    assert len(_events(db)) == 3
    assert {e["cameo"] for e in _events(db, "--actor", "RUS")} == {"195", "040"}
    assert [e["cameo"] for e in _events(db, "--actor", "RUS", "--target", "UKR", "--root", "19")] == ["195"]
    assert [e["cameo"] for e in _events(db, "--target", "RUS")] == ["163"]
    assert [e["cameo"] for e in _events(db, "--since", "2025-01-01", "--root", "4")] == ["040"]
    assert [e["cameo"] for e in _events(db, "--until", "2024-12-31")] == ["163"]
    assert [e["cameo"] for e in _events(db, "--plover", "sanction")] == ["163"]
    assert _events(db, "--actor", "RUSGOV", "--root", "19") == []
    fight = _events(db, "--root", "19")[0]
    assert fight["num_mentions"] == 3 and len(fight["evidence"]) == 3


def test_events_table_csv_and_errors(db, tmp_path):
    r = runner.invoke(app, ["events", "--db", str(db)])
    assert r.exit_code == 0 and "195" in r.stdout and "Kharkiv" in r.stdout
    r = runner.invoke(app, ["events", "--db", str(db), "--format", "csv", "--root", "19"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 1 and rows[0]["num_sources"] == "2"
    assert runner.invoke(app, ["events", "--db", str(db), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", str(db), "--since", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", str(db), "--root", "abc"]).exit_code == 2
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "g.tsv")])
    assert r.exit_code == 0 and (tmp_path / "g.tsv").read_text(encoding="utf-8").startswith("GLOBALEVENTID\t")
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet"]).exit_code == 2
    r = runner.invoke(app, ["export", "--db", str(db), "--format", "plover", "--root", "16"])
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["event"] == ["SANCTION"]
