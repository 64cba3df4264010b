"""The HTTP API over a store built from the sample corpus (examples/corpus/sample.jsonl), served by
uvicorn on 127.0.0.1 in a background thread and queried with httpx, as a client would."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from marsad.api import create_app
from marsad.api.app import MAX_ANALYZE_BYTES
from marsad.api.serve import running

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "corpus" / "sample.jsonl"
HAMAS_DOC = "ofuq-2025-02-10-hamas-delegation-cairo"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    from marsad.ingest.runner import ingest

    db = tmp_path_factory.mktemp("api") / "corpus.db"
    stats = ingest([str(SAMPLE)], db=str(db), workers=0)
    assert stats.stored == 32
    return db


@pytest.fixture(scope="module")
def client(store_path):
    with running(create_app(store_path)) as base, httpx.Client(base_url=base, timeout=60) as c:
        yield c


def ok(c: httpx.Client, url: str, **params):
    r = c.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return r.json()


def problem(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


# --- meta -------------------------------------------------------------------------------------------


def test_health_stats_and_openapi(client):
    assert ok(client, "/api/health")["status"] == "ok"
    stats = ok(client, "/api/stats")
    assert stats["documents"] == 32 and stats["events"] > 0
    spec = ok(client, "/api/openapi.json")
    paths = spec["paths"]
    for p in ("/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/entities", "/api/entities/{entity_id}",
              "/api/entities/{entity_id}/cooccurring", "/api/events", "/api/events/daily", "/api/events/dyads",
              "/api/quotes", "/api/stories", "/api/network", "/api/analyze", "/analyze"):
        assert p in paths, p
    assert "EventGroup" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    codes = ok(client, "/api/codes")
    assert len(codes["roots"]) == 20 and {q["code"] for q in codes["quad_classes"]} == {1, 2, 3, 4}


def test_security_headers_and_dashboard(client):
    r = client.get("/")
    assert r.status_code == 200 and 'id="app"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/static/js/app.js", "/static/vendor/leaflet/leaflet.js", "/static/vendor/world-atlas/countries-50m.json",
                 "/static/vendor/topojson-client/topojson-client.min.js", "/static/css/app.css"):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/no-such-thing").json()["code"] == "not_found"


def test_overview(client):
    o = ok(client, "/api/overview")
    assert o["counts"]["documents"] == 32 and o["counts"]["sources"] == 7
    assert o["daily"] and all(set(d) >= {"date", "q1", "q2", "q3", "q4", "events"} for d in o["daily"])
    assert o["window"]["since"] <= "2025-02-09" and o["window"]["until"] >= "2025-02-18"
    assert all(o["window"]["since"] <= d["date"] <= o["window"]["until"] for d in o["daily"])
    assert o["actors"] and o["actors"][0]["label"]["ar"]
    assert o["stories"] and o["sources"]


# --- documents and search ------------------------------------------------------------------------------


def test_documents_list_sort_and_pagination(client):
    page = ok(client, "/api/documents", limit=10)
    assert page["total"] == 32 and len(page["items"]) == 10
    dates = [d["published"] for d in page["items"]]
    assert dates == sorted(dates, reverse=True)
    rest = ok(client, "/api/documents", limit=10, offset=30)
    assert len(rest["items"]) == 2
    seen = {d["id"] for off in (0, 10, 20, 30) for d in ok(client, "/api/documents", limit=10, offset=off)["items"]}
    assert len(seen) == 32  # stable order: pages neither overlap nor skip
    asc = ok(client, "/api/documents", sort="published", limit=3)["items"]
    assert asc[0]["published"] == "2025-02-09"
    src = asc[0]["source"]
    by_source = ok(client, "/api/documents", source=src, limit=50)
    assert by_source["total"] >= 1 and all(d["source"] == src for d in by_source["items"])
    window = ok(client, "/api/documents", since="2025-02-10", until="2025-02-10", limit=50)
    assert window["total"] >= 1 and all(d["published"] == "2025-02-10" for d in window["items"])
    assert client.get("/api/documents", params={"sort": "nope"}).status_code == 400
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/documents", params={"since": "10/02/2025"}).status_code == 422


def busiest_doc(client) -> str:
    docs = ok(client, "/api/documents", limit=500)["items"]
    return max(docs, key=lambda d: (d["n_events"], d["n_quotes"], d["id"]))["id"]


def test_document_with_all_spans(client, validate_doc):
    view = ok(client, f"/api/documents/{busiest_doc(client)}")
    doc = view["document"]
    validate_doc(doc)
    text = doc["text"]
    assert doc["entities"] and doc["quotes"] and doc["events"]
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        assert e["id"] in view["entity_ids"]
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    for ev in doc["events"]:
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert len(view["event_groups"]) == len(doc["events"]) and all(isinstance(g, int) for g in view["event_groups"])
    assert view["story"]["n_docs"] >= 1 and view["story"]["id"] >= 1
    assert view["articles"][0]["source"] == doc["source"]
    r = client.get("/api/documents/no-such-document")
    problem(r, 404, "not_found")


def test_search(client):
    res = ok(client, "/api/search", q="حماس", limit=2)
    assert len(res["items"]) == 2 and res["has_more"]
    assert all("**" in (h["snippet"] + (h["title_marked"] or "")) for h in res["items"])
    nxt = ok(client, "/api/search", q="حماس", limit=2, offset=2)
    assert {h["id"] for h in nxt["items"]}.isdisjoint({h["id"] for h in res["items"]})
    # clitics: وحماس / لحماس find the same documents
    assert ok(client, "/api/search", q="وحماس")["items"]
    assert client.get("/api/search", params={"q": "-حماس"}).status_code == 400
    assert client.get("/api/search").status_code == 422


# --- entities --------------------------------------------------------------------------------------


def entity_id(client, name: str) -> int:
    items = ok(client, "/api/entities", q=name, limit=5)["items"]
    match = [e for e in items if e["name"] == name]
    assert match, items
    return match[0]["id"]


def test_entities_list_counts_and_profile(client):
    page = ok(client, "/api/entities", limit=5)
    assert page["total"] > 50
    counts = [e["n_docs"] for e in page["items"]]
    assert counts == sorted(counts, reverse=True)
    assert all(e["label_ar"] for e in page["items"])
    people = ok(client, "/api/entities", type="PER", limit=100)["items"]
    assert people and all(e["type"] == "PER" for e in people)
    by_arabic = ok(client, "/api/entities", q="حماس")["items"]
    assert any(e["name"] == "Hamas" for e in by_arabic)
    hamas = entity_id(client, "Hamas")
    prof = ok(client, f"/api/entities/{hamas}")
    assert prof["type"] == "ORG" and prof["actor_code"] == "PSEREB" and "حماس" in prof["names_ar"]
    assert prof["n_docs"] >= 3
    problem(client.get("/api/entities/999999"), 404, "not_found")


def test_entity_events_timeline_quotes_cooccurring(client):
    israel = entity_id(client, "Israel")
    evs = ok(client, f"/api/entities/{israel}/events", limit=100)
    assert evs["total"] == len(evs["items"]) > 0
    for ev in evs["items"]:
        assert israel in (ev["source_entity"], ev["target_entity"])
        assert ev["role"] == ("source" if ev["source_entity"] == israel else "target")
    tl = ok(client, f"/api/entities/{israel}/timeline")
    assert sum(d["events"] for d in tl) <= evs["total"] and tl
    co = ok(client, f"/api/entities/{israel}/cooccurring", limit=5)
    assert co and all(c["id"] != israel and c["together"] >= 1 for c in co)
    assert [c["together"] for c in co] == sorted((c["together"] for c in co), reverse=True)
    co_ev = ok(client, f"/api/entities/{israel}/cooccurring", by="events", limit=5)
    assert co_ev and all(c["id"] != israel for c in co_ev)
    assert client.get(f"/api/entities/{israel}/cooccurring", params={"by": "x"}).status_code == 422
    docs = ok(client, f"/api/entities/{israel}/documents")
    assert docs["total"] == ok(client, f"/api/entities/{israel}")["n_docs"]
    hamas = entity_id(client, "Hamas")
    quotes = ok(client, f"/api/entities/{hamas}/quotes")
    assert quotes["total"] >= 1 and all(q["speaker"] == hamas for q in quotes["items"])


# --- events ----------------------------------------------------------------------------------------


def test_events_filters(client):
    all_ev = ok(client, "/api/events", limit=500)
    total = all_ev["total"]
    assert total == len(all_ev["items"]) > 20
    dates = [e["date"] for e in all_ev["items"]]
    assert dates == sorted(dates, reverse=True)
    ev0 = all_ev["items"][0]
    assert ev0["source_label"]["en"] and ev0["cameo_label"]["en"]

    isr_src = ok(client, "/api/events", actor="ISR", limit=500)["items"]
    assert all(e["source_code"].startswith("ISR") or e["source_country"] == "ISR" for e in isr_src)
    isr_tgt = ok(client, "/api/events", target="ISR", limit=500)["items"]
    assert isr_tgt and all(e["target_code"].startswith("ISR") or e["target_country"] == "ISR" for e in isr_tgt)
    exact = ok(client, "/api/events", actor="LBNGOV", target="ISR", exact=True, limit=500)["items"]
    assert exact and all(e["source_code"] == "LBNGOV" and e["target_code"] == "ISR" for e in exact)
    conflict = ok(client, "/api/events", quad_class="3,4", limit=500)["items"]
    assert conflict and all(e["quad_class"] in (3, 4) for e in conflict)
    fights = ok(client, "/api/events", cameo="19", limit=500)["items"]
    assert fights and all(e["cameo"].startswith("19") for e in fights)
    assert ok(client, "/api/events", root="19", limit=500)["total"] == len(fights)
    consult = ok(client, "/api/events", plover="consult", limit=500)["items"]
    assert consult and all(e["plover"] == "CONSULT" for e in consult)
    day = ok(client, "/api/events", since="2025-02-10", until="2025-02-10", limit=500)["items"]
    assert day and all(e["date"] == "2025-02-10" for e in day)
    located = ok(client, "/api/events", located=True, limit=500)["items"]
    assert located and all(e["loc_lat"] is not None for e in located)
    # a box around the Levant and Egypt, and one far away
    box = ok(client, "/api/events", bbox="29,24,40,38", limit=500)["items"]
    assert box and all(29 <= e["loc_lon"] <= 40 and 24 <= e["loc_lat"] <= 38 for e in box)
    assert ok(client, "/api/events", bbox="-120,-50,-100,-40")["total"] == 0
    place = box[0]["loc_name"]
    assert all(e["loc_name"] == place for e in ok(client, "/api/events", place=place, limit=500)["items"])
    israel = entity_id(client, "Israel")
    by_entity = ok(client, "/api/events", entity=israel, limit=500)["items"]
    assert by_entity
    # sorting and pagination
    most = ok(client, "/api/events", sort="-mentions", limit=5)["items"]
    assert [e["num_mentions"] for e in most] == sorted((e["num_mentions"] for e in most), reverse=True)
    p1 = ok(client, "/api/events", limit=10)["items"]
    p2 = ok(client, "/api/events", limit=10, offset=10)["items"]
    assert {e["id"] for e in p1}.isdisjoint(e["id"] for e in p2)
    fast = ok(client, "/api/events", limit=3, total=False)
    assert fast["total"] is None and len(fast["items"]) == 3


def test_event_filter_errors(client):
    problem(client.get("/api/events", params={"bbox": "1,2,3"}), 400, "bad_bbox")
    problem(client.get("/api/events", params={"bbox": "0,95,10,99"}), 400, "bad_bbox")
    problem(client.get("/api/events", params={"quad_class": "5"}), 400, "bad_quad_class")
    problem(client.get("/api/events", params={"sort": "loudest"}), 400, "bad_query")
    problem(client.get("/api/events", params={"cameo": "abc"}), 400, "bad_query")
    problem(client.get("/api/events", params={"limit": 100000}), 422, "invalid_parameter")
    problem(client.get("/api/events", params={"since": "yesterday"}), 422, "invalid_parameter")


def test_event_counts_per_day_and_dyad(client):
    daily = ok(client, "/api/events/daily")
    total_days = sum(d["events"] for d in daily)
    day_precision = [e for e in ok(client, "/api/events", limit=500)["items"] if e["date"] and len(e["date"]) == 10]
    assert total_days == len(day_precision)
    assert all(d["q1"] + d["q2"] + d["q3"] + d["q4"] == d["events"] for d in daily)
    assert [d["date"] for d in daily] == sorted(d["date"] for d in daily)
    conflict = ok(client, "/api/events/daily", quad_class="4")
    assert all(d["q1"] == d["q2"] == d["q3"] == 0 for d in conflict)
    dyads = ok(client, "/api/events/dyads", limit=5)
    assert dyads and [d["events"] for d in dyads] == sorted((d["events"] for d in dyads), reverse=True)
    d0 = dyads[0]
    n = ok(client, "/api/events", actor=d0["source_code"], target=d0["target_code"], exact=True)["total"]
    assert n == d0["events"]
    assert d0["cooperation"] + d0["conflict"] == d0["events"]
    types = ok(client, "/api/events/types")
    assert sum(t["events"] for t in types) == ok(client, "/api/events", limit=1)["total"]
    actors = ok(client, "/api/events/actors", limit=5)
    assert actors and actors[0]["events"] >= actors[-1]["events"]
    points = ok(client, "/api/events/points")
    assert points and all(p["lat"] is not None for p in points)


def test_event_detail_has_evidence(client):
    ev = ok(client, "/api/events", sort="-mentions", limit=1)["items"][0]
    detail = ok(client, f"/api/events/{ev['id']}")
    assert len(detail["mentions"]) == detail["num_mentions"] >= 1
    for m in detail["mentions"]:
        text = ok(client, f"/api/documents/{m['doc_id']}")["document"]["text"]
        assert text[m["start"] : m["end"]] == m["text"]
    problem(client.get("/api/events/99999999"), 404, "not_found")


def test_network_is_deterministic(client):
    a = ok(client, "/api/network", limit=40)
    b = ok(client, "/api/network", limit=40)
    assert a == b
    codes = {n["code"] for n in a["nodes"]}
    assert a["edges"] and all(e["source_code"] in codes and e["target_code"] in codes for e in a["edges"])
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in a["nodes"])
    assert {e["tone"] for e in a["edges"]} <= {"cooperation", "conflict", "mixed"}
    positions = {(n["x"], n["y"]) for n in a["nodes"]}
    assert len(positions) == len(a["nodes"])  # no two actors on the same spot


# --- quotes, stories, places ------------------------------------------------------------------------


def test_quotes(client):
    page = ok(client, "/api/quotes", limit=5)
    assert page["total"] > 50 and len(page["items"]) == 5
    hamas = entity_id(client, "Hamas")
    mine = ok(client, "/api/quotes", speaker=hamas)["items"]
    assert mine and all(q["speaker"] == hamas for q in mine)
    by_name = ok(client, "/api/quotes", speaker_name="Hamas")["items"]
    assert {q["id"] for q in mine} <= {q["id"] for q in by_name}
    word = ok(client, "/api/quotes", q="الاحتلال")["items"]
    assert word and all("الاحتلال" in q["text"] for q in word)
    in_doc = ok(client, "/api/quotes", doc=HAMAS_DOC)["items"]
    assert in_doc and all(q["doc_id"] == HAMAS_DOC for q in in_doc)


def test_stories(client):
    page = ok(client, "/api/stories", sort="-size", limit=3)
    assert page["total"] >= 5
    top = page["items"][0]
    assert top["n_docs"] >= 3 and top["n_sources"] >= 2
    story = ok(client, f"/api/stories/{top['id']}")
    assert len(story["documents"]) == top["n_docs"]
    assert all(e["story"] == top["id"] for e in story["events"])
    recent = ok(client, "/api/stories", limit=50)["items"]
    assert [s["last_date"] for s in recent] == sorted((s["last_date"] for s in recent), reverse=True)
    problem(client.get("/api/stories/424242"), 404, "not_found")


def test_places(client):
    places = ok(client, "/api/places")
    assert places and all(-90 <= p["lat"] <= 90 for p in places)
    name = places[0]["name"]
    docs = ok(client, "/api/places/documents", name=name)
    assert len(docs) == places[0]["documents"]
    levant = ok(client, "/api/places", bbox="34,29,37,34")
    assert levant and all(34 <= p["lon"] <= 37 for p in levant)


# --- POST /analyze --------------------------------------------------------------------------------

ARTICLE = ("قال وزير الخارجية المصري بدر عبد العاطي اليوم الاثنين إن القاهرة تواصل اتصالاتها مع حركة حماس "
           "وإسرائيل لتثبيت وقف إطلاق النار في قطاع غزة.")


def test_analyze_json_and_plain_text(client, validate_doc):
    r = client.post("/analyze", json={"text": ARTICLE, "published": "2025-02-10", "title": "عنوان"})
    assert r.status_code == 200, r.text
    doc = r.json()
    validate_doc(doc)
    assert doc["title"] == "عنوان" and doc["published"] == "2025-02-10"
    assert any(e["name"] == "Hamas" for e in doc["entities"])
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert doc["text"][m["start"] : m["end"]] == m["text"]
    r2 = client.post("/api/analyze", content=ARTICLE.encode(), headers={"content-type": "text/plain; charset=utf-8"})
    assert r2.status_code == 200 and r2.json()["text"] == ARTICLE
    # nothing is stored
    assert ok(client, "/api/stats")["documents"] == 32


def test_analyze_errors(client):
    post = lambda **kw: client.post("/analyze", **kw)  # noqa: E731
    problem(post(json={"text": ""}), 422, "empty_text")
    problem(post(json={"text": "   \n "}), 422, "empty_text")
    detail = problem(post(json={"text": "The foreign minister said on Monday that talks would continue."}), 422, "not_arabic")
    assert "Arabic" in detail
    problem(post(json={"title": "no text"}), 422, "missing_text")
    problem(post(json={"text": 42}), 422, "bad_field")
    problem(post(json=["قال"]), 422, "bad_body")
    problem(post(json={"text": ARTICLE, "published": "10/02/2025"}), 422, "bad_date")
    problem(post(json={"text": ARTICLE, "published": "2025-02-30"}), 422, "bad_date")
    problem(post(content=b'{"text": "\xd9\x82\xd8\xa7\xd9\x84', headers={"content-type": "application/json"}), 400, "bad_json")
    problem(post(content=b"{text: 1}", headers={"content-type": "application/json"}), 400, "bad_json")
    problem(post(content=b"", headers={"content-type": "application/json"}), 400, "bad_json")
    problem(post(content=b"\xff\xfe\x00", headers={"content-type": "text/plain"}), 400, "bad_encoding")
    problem(post(content=b"<a/>", headers={"content-type": "application/xml"}), 415, "unsupported_media_type")
    big = "قال " * (MAX_ANALYZE_BYTES // 4)
    problem(post(content=json.dumps({"text": big}, ensure_ascii=False).encode(),
                 headers={"content-type": "application/json"}), 413, "too_large")
    long_text = "قال الوزير " * 12_000  # under the byte limit, over the character limit
    assert len(long_text.encode()) < MAX_ANALYZE_BYTES
    problem(post(json={"text": long_text}), 413, "text_too_large")
    assert client.get("/analyze").status_code == 405


def test_create_app_refuses_a_missing_store(tmp_path):
    with pytest.raises(FileNotFoundError, match="marsad ingest"):
        create_app(tmp_path / "missing.db")
    with pytest.raises(Exception, match=r"127\.0\.0\.1"):  # a PostgreSQL store is served too, when it is reachable
        create_app("postgresql://marsad@127.0.0.1:1/marsad")


def test_serve_command_errors(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 2 and "no such database" in res.output
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    res = CliRunner().invoke(app, ["serve", "--db", str(junk)])
    assert res.exit_code == 2 and "cannot open the store" in res.output
    res = CliRunner().invoke(app, ["serve", "--db", "postgresql://marsad@127.0.0.1:1/marsad"])
    assert res.exit_code == 2 and "cannot open the store" in res.output


# --- the in-memory event index answers exactly as the SQL does -----------------------------------------


def test_event_index_matches_sql(store_path):
    import sqlite3

    db = sqlite3.connect(store_path)
    check_index_matches_sql(db)
    db.close()


def check_index_matches_sql(db) -> None:
    """Every event query answers the same from the SQL of :mod:`marsad.api.queries` on ``db`` and from
    the in-memory index loaded from ``db``."""
    import itertools

    from marsad.api import queries as qry
    from marsad.api.eventindex import EventIndex

    ix = EventIndex.load(db)
    assert ix.n == db.execute("SELECT count(*) FROM event_groups").fetchone()[0]
    some = db.execute("SELECT source_code, target_code, loc_name, date, story FROM event_groups"
                      " WHERE loc_name IS NOT NULL LIMIT 1").fetchone()
    entity = db.execute("SELECT source_entity FROM events WHERE source_entity IS NOT NULL LIMIT 1").fetchone()[0]
    F = qry.EventFilter
    filters = [
        F(), F(actor="ISR"), F(actor="isr"), F(target="ISR"), F(party="LBN"), F(actor=some[0], target=some[1], exact=True),
        F(party=some[0], exact=True), F(cameo="19"), F(cameo="04"), F(root="4"), F(plover="assault"),
        F(quad_class=[3, 4]), F(quad_class=[1]), F(since="2025-02-10"), F(until="2025-02-11"),
        F(since="2025-02-10", until="2025-02-10"), F(until="2025-02"), F(place=some[2].upper()), F(place="PSE"),
        F(bbox=(29, 24, 40, 38)), F(bbox=(170, -50, -170, 50)), F(located=True), F(located=False), F(story=some[4]),
        F(min_mentions=2), F(entity=entity), F(actor="NOPE"), F(actor="ISR", quad_class=[3, 4], since="2025-02-09"),
    ]
    for f, sort in itertools.product(filters, qry.EVENT_SORTS):
        a = qry.list_events(db, f, sort=sort, limit=500)
        b = qry.list_events(db, f, sort=sort, limit=500, index=ix)
        assert a == b, (f, sort)
    for f in filters:
        assert qry.daily_counts(db, f) == qry.daily_counts(db, f, index=ix), f
        assert qry.type_counts(db, f) == qry.type_counts(db, f, index=ix), f
        assert qry.actor_counts(db, f, limit=50) == qry.actor_counts(db, f, limit=50, index=ix), f
        assert qry.event_points(db, f) == qry.event_points(db, f, index=ix), f
        sql, fast = qry.dyad_counts(db, f, limit=100), qry.dyad_counts(db, f, limit=100, index=ix)
        assert [{k: v for k, v in d.items() if k != "goldstein"} for d in sql] == \
               [{k: v for k, v in d.items() if k != "goldstein"} for d in fast], f
        assert all(abs((x["goldstein"] or 0) - (y["goldstein"] or 0)) < 0.011 for x, y in zip(sql, fast, strict=True))
    page = qry.list_events(db, F(), sort="-date", limit=7, offset=5, index=ix)
    assert page == qry.list_events(db, F(), sort="-date", limit=7, offset=5)


def test_event_index_follows_the_store(tmp_path, store_path):
    import shutil
    import sqlite3
    import time

    from marsad.api.eventindex import IndexHolder

    db_file = tmp_path / "copy.db"
    shutil.copy(store_path, db_file)
    holder = IndexHolder(str(db_file), lambda: sqlite3.connect(db_file), min_interval=0)
    first = holder.get()
    n = first.n
    con = sqlite3.connect(db_file)
    con.execute("DELETE FROM event_groups WHERE id = (SELECT max(id) FROM event_groups)")
    con.commit()
    con.close()
    assert holder.get() is first  # a change is noticed; the current copy serves while the next builds
    deadline = time.monotonic() + 10
    while holder.get().n == n and time.monotonic() < deadline:
        time.sleep(0.05)
    assert holder.get().n == n - 1
