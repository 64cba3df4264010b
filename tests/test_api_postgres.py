"""The HTTP API over a PostgreSQL store (``marsad serve --db postgresql://...``).

The API tests of ``test_api`` that read the store run again, unchanged, against the sample corpus
ingested into a fresh PostgreSQL schema; the in-memory event index must answer exactly as the SQL does
on PostgreSQL too; the answers that do not depend on how each backend numbers entities are the same
as over SQLite; and the event index follows a store that changes.

They need a server in ``MARSAD_TEST_PG`` (``scripts/pg-test.sh start``) and are skipped without one.
"""

from __future__ import annotations

import os
import time

import httpx
import pytest

from marsad.api import create_app
from marsad.api.serve import running
from test_api import (  # noqa: F401 - the tests run again here with this module's client
    SAMPLE,
    check_index_matches_sql,
    ok,
    store_path,
    test_document_with_all_spans,
    test_documents_list_sort_and_pagination,
    test_entities_list_counts_and_profile,
    test_entity_events_timeline_quotes_cooccurring,
    test_event_counts_per_day_and_dyad,
    test_event_detail_has_evidence,
    test_event_filter_errors,
    test_events_filters,
    test_health_stats_and_openapi,
    test_network_is_deterministic,
    test_overview,
    test_places,
    test_quotes,
    test_search,
    test_stories,
)
from test_store_postgres import SKIP_PG, PgSchemas

PG_URL = os.environ.get("MARSAD_TEST_PG")
pytestmark = pytest.mark.skipif(not PG_URL, reason=SKIP_PG)


@pytest.fixture(scope="module")
def schemas():
    s = PgSchemas()
    yield s
    s.drop()


@pytest.fixture(scope="module")
def pg_url(schemas) -> str:
    from marsad.ingest.runner import ingest

    url = schemas.new()
    stats = ingest([str(SAMPLE)], db=url, workers=0)
    assert stats.stored == 32
    return url


@pytest.fixture(scope="module")
def client(pg_url):
    with running(create_app(pg_url)) as base, httpx.Client(base_url=base, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def sqlite_client(store_path):  # noqa: F811 - test_api's SQLite store
    with running(create_app(store_path)) as base, httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _pg_db(url: str):
    from marsad.api.app import _PgApiConnection
    from marsad.store import open_store

    st = open_store(url, readonly=True)
    return st, _PgApiConnection(st.db)


def test_event_index_matches_sql_on_postgres(pg_url):
    st, db = _pg_db(pg_url)
    try:
        check_index_matches_sql(db)
    finally:
        st.close()


def test_same_answers_as_sqlite(client, sqlite_client):
    """Event groups, documents, stories, places and counts are numbered alike on both backends (entity
    ids are not: PostgreSQL's identity columns skip numbers), so those answers must be identical."""
    urls = [
        ("/api/stats", {}), ("/api/events", {"limit": 500}), ("/api/events", {"sort": "goldstein", "limit": 500}),
        ("/api/events", {"sort": "-mentions", "actor": "ISR"}), ("/api/events", {"place": "غزة"}),
        ("/api/events/daily", {}), ("/api/events/dyads", {}), ("/api/events/points", {}),
        ("/api/documents", {"limit": 500}), ("/api/documents", {"sort": "title", "limit": 500}),
        ("/api/documents", {"sort": "-length", "limit": 500}), ("/api/stories", {"limit": 500}),
        ("/api/places", {}), ("/api/search", {"q": "غزة"}),
    ]
    for url, params in urls:
        a, b = ok(sqlite_client, url, **params), ok(client, url, **params)
        if url == "/api/search":  # ranks are each engine's own (bm25 and ts_rank): the hits must agree
            a, b = ({h["id"] for h in x["items"]} for x in (a, b))
        elif url == "/api/stats":
            a, b = ({k: v for k, v in x.items() if k != "schema_version"} for x in (a, b))
        assert a == b, (url, params)
    for g in [e["id"] for e in ok(sqlite_client, "/api/events", limit=5)["items"]]:
        a, b = ok(sqlite_client, f"/api/events/{g}"), ok(client, f"/api/events/{g}")
        for x in (a, b):
            for mention in x["mentions"]:
                mention.pop("source_entity", None)
                mention.pop("target_entity", None)
        assert a == b, g


def test_event_index_follows_the_store(schemas, tmp_path):
    """The index of a PostgreSQL store is rebuilt when events change (its stamp: newest ids, updates)."""
    import psycopg

    from marsad.api.app import _Reader
    from marsad.ingest.runner import ingest

    url = schemas.new()
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:8]) + "\n", encoding="utf-8")
    ingest([str(small)], db=url, workers=0)
    reader = _Reader(url)
    reader.holder.min_interval = 0
    first = reader.index()
    n = first.n
    assert n > 0
    with psycopg.connect(url, autocommit=True) as con:
        g = con.execute("SELECT max(id) FROM event_groups").fetchone()[0]
        con.execute("DELETE FROM events WHERE event_group = %s", (g,))
        con.execute("DELETE FROM event_groups WHERE id = %s", (g,))
    deadline = time.monotonic() + 20
    while reader.index().n == n and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.index().n == n - 1
    reader.store().close()
