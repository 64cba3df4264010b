"""The PostgreSQL store: the corpus store tests run again against PostgreSQL, plus what is its own.

The store tests of the SQLite backend (``test_store_search``, ``test_export``, ``test_cluster``,
``test_ingest_formats``) are imported here and run unchanged with ``open_store`` redirected: every
database path they open becomes a fresh PostgreSQL schema (the same path, the same schema; the CLI
commands they invoke are redirected too). Their SQLite-specific tests (migrations with PRAGMAs, a
subprocess killed with SIGKILL) are not among them.

Also here, for both backends: several writers at once (concurrent ingesters in separate processes)
lose no rows; and for PostgreSQL: migrations, the read-only mode, search over Arabic text.

The PostgreSQL variants need a server: ``MARSAD_TEST_PG=postgresql://...`` (``.ci/run`` starts a
private one with ``scripts/pg-test.sh``); without it they are skipped with that reason.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import uuid
from pathlib import Path

import pytest

import marsad.ingest.runner as ingest_runner
import marsad.store as store_mod
import test_cluster
import test_export
import test_ingest_formats
import test_store_search
from marsad.doc import Document, Entity, Mention
from marsad.ingest.runner import ingest_documents
from test_export import db  # noqa: F401 - fixtures of the shared tests
from test_store_search import store  # noqa: F401

PG_URL = os.environ.get("MARSAD_TEST_PG")
SKIP_PG = "MARSAD_TEST_PG is not set (no PostgreSQL server; .ci/run starts one with scripts/pg-test.sh)"
need_pg = pytest.mark.skipif(not PG_URL, reason=SKIP_PG)


def _with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


class PgSchemas:
    """Fresh schemas on the test server, dropped at the end."""

    def __init__(self) -> None:
        import psycopg

        self.admin = psycopg.connect(PG_URL, autocommit=True)
        self.names: list[str] = []

    def new(self) -> str:
        name = "t_" + uuid.uuid4().hex[:16]
        self.admin.execute(f"CREATE SCHEMA {name}")
        self.names.append(name)
        return _with_schema(PG_URL, name)

    def drop(self) -> None:
        for name in self.names:
            self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        self.admin.close()


@pytest.fixture
def pg_schemas():
    if not PG_URL:
        pytest.skip(SKIP_PG)
    s = PgSchemas()
    yield s
    s.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A new, empty store of each backend: a SQLite file path or a PostgreSQL URL (fresh schema)."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    if not PG_URL:
        pytest.skip(SKIP_PG)
    s = PgSchemas()
    yield s.new()
    s.drop()


# --- the SQLite store tests, again, on PostgreSQL ---------------------------------------------------

_REDIRECTED = (store_mod, ingest_runner, test_store_search, test_export, test_cluster, test_ingest_formats)


@pytest.fixture
def on_postgres(monkeypatch, pg_schemas):
    """``open_store(path)`` opens a PostgreSQL schema per path, in the tests and in the CLI they call."""
    real = store_mod.open_store
    urls: dict[str, str] = {}

    def open_store(path=store_mod.DEFAULT_DB, readonly: bool = False):
        text = str(path)
        if not text.startswith(("postgresql://", "postgres://")):
            if text not in urls:
                if readonly:
                    raise FileNotFoundError(f"{text}: no such database (run `marsad ingest` first)")
                urls[text] = pg_schemas.new()
            text = urls[text]
        return real(text, readonly=readonly)

    for mod in _REDIRECTED:
        if hasattr(mod, "open_store"):
            monkeypatch.setattr(mod, "open_store", open_store)
    return urls


_SHARED_TESTS = {
    test_store_search: ["test_hamza_and_clitic_normalisation", "test_phrases_or_not_and_english_names",
                        "test_ranking_and_snippets", "test_search_filters_and_cli", "test_stats_counts",
                        "test_entities_merge_across_documents"],
    test_export: ["test_gdelt_columns_and_values", "test_plover_jsonl", "test_csv_and_parquet", "test_events_filters",
                  "test_events_table_csv_and_errors"],
    test_cluster: ["test_near_duplicates_share_a_story", "test_story_window_keeps_old_news_apart",
                   "test_sample_corpus_stories_match_gold", "test_event_dedup_counts_mentions_sources_articles"],
    test_ingest_formats: None,  # all of them that open a store
}


def _shared_cases() -> list:
    cases = []
    for mod, names in _SHARED_TESTS.items():
        if names is None:
            names = [n for n in dir(mod) if n.startswith("test_")]
        for n in names:
            fn = getattr(mod, n, None)
            if fn is None:  # renamed or removed by its author: nothing to run here
                continue
            cases.append(pytest.param(fn, id=f"{mod.__name__}::{n}"))
    return cases


@need_pg
@pytest.mark.parametrize("test", _shared_cases())
def test_sqlite_store_tests_on_postgres(test, on_postgres, request):
    """Run one store test of the SQLite suite with every store on PostgreSQL."""
    import inspect

    kwargs = {}
    for name in inspect.signature(test).parameters:
        kwargs[name] = request.getfixturevalue(name)
    test(**kwargs)


# --- several writers at once ------------------------------------------------------------------------

ENTITY_TEXT = "قال الرئيس الروسي فلاديمير بوتين اليوم إن موسكو مستعدة للحوار مع أوكرانيا، وأضاف بوتين أن الحرب ستنتهي."


def _writer_docs(writer: int, n: int) -> list[Document]:
    docs = []
    i = ENTITY_TEXT.index("فلاديمير بوتين")
    j = ENTITY_TEXT.rindex("بوتين")
    for k in range(n):
        text = f"{ENTITY_TEXT} (الكاتب {writer} الخبر {k})"
        docs.append(Document(
            id=f"w{writer}-{k}", text=text, title=f"بوتين والحوار {writer}-{k}", source=f"outlet{writer % 3}",
            published=f"2025-02-{10 + k % 5:02d}", url=f"https://w{writer}.example/{k}",
            entities=[Entity(id="e1", name="Vladimir Putin", type="PER", kb_id="person:vladimir-putin",
                             mentions=[Mention(i, i + len("فلاديمير بوتين"), "فلاديمير بوتين"),
                                       Mention(j, j + len("بوتين"), "بوتين")]),
                      Entity(id="e2", name=f"Writer {writer}", type="ORG", mentions=[Mention(0, 3, text[:3])])],
        ))
    return docs


def _write_all(url: str, writer: int, n: int, batches: int, start) -> int:
    from marsad.store import open_store

    start.wait()
    st = open_store(url)
    try:
        docs = _writer_docs(writer, n)
        step = max(1, n // batches)
        stored = 0
        for b in range(0, n, step):
            stored += ingest_documents(st, docs[b : b + step], embeddings=False).stored
        return stored
    finally:
        st.close()


def test_concurrent_writers_lose_no_rows(db_url):
    """Four processes ingest into one store at once; every document, article, mention and count is there."""
    from marsad.store import open_store

    open_store(db_url).close()  # created (migrated) once, as `marsad ingest` would on first use
    writers, n = 4, 12
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Barrier(writers)
        with ctx.Pool(writers) as pool:
            results = [pool.apply_async(_write_all, (db_url, w, n, 4, start)) for w in range(writers)]
            stored = [r.get(timeout=300) for r in results]
    assert stored == [n] * writers
    st = open_store(db_url, readonly=True)
    try:
        s = st.stats()
        total = writers * n
        assert (s["documents"], s["articles"], s["failures"]) == (total, total, 0)
        assert s["mentions"] == 3 * total
        assert s["entities"] == 1 + writers  # Putin merged across all writers, one organisation each
        rows = {r[0]: r[1:] for r in st.db.execute("SELECT key, n_docs, n_mentions FROM entities").fetchall()}
        assert rows["kb:person:vladimir-putin"] == (total, 2 * total)  # no lost counter update
        assert s["inputs"] == writers * 4
        assert st.db.execute("SELECT count(*) FROM inputs WHERE finished = 1").fetchone()[0] == writers * 4
        ids = {r[0] for r in st.db.execute("SELECT id FROM documents").fetchall()}
        assert ids == {f"w{w}-{k}" for w in range(writers) for k in range(n)}
        assert sum(x["n_docs"] for x in st.story_summary(1000)) == total  # every document in one story
    finally:
        st.close()


# --- PostgreSQL only ----------------------------------------------------------------------------------

def test_postgres_migrations_and_readonly(pg_schemas):
    from marsad.store import open_store
    from marsad.store.postgres import MIGRATIONS, PostgresStore
    from marsad.store.sqlite import SchemaError

    url = pg_schemas.new()
    with pytest.raises(SchemaError, match="no marsad corpus"):
        open_store(url, readonly=True)
    s = open_store(url)
    assert isinstance(s, PostgresStore) and s.schema_version() == len(MIGRATIONS)
    s.close()
    s = open_store(url)  # reopening applies nothing
    assert s.schema_version() == len(MIGRATIONS)
    s.db.execute("UPDATE marsad_schema SET version = ?", (len(MIGRATIONS) + 1,))
    s.close()
    with pytest.raises(SchemaError, match="newer"):
        open_store(url)
    with pytest.raises(SchemaError, match="newer"):
        open_store(url, readonly=True)


def test_postgres_readonly_refuses_writes(pg_schemas):
    import psycopg

    from marsad.store import open_store

    url = pg_schemas.new()
    open_store(url).close()
    ro = open_store(url, readonly=True)
    try:
        assert ro.stats()["documents"] == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            ro.add_failure(None, "x", "x:1", "reason")
    finally:
        ro.close()


def test_postgres_search_matches_sqlite(pg_schemas, tmp_path):
    """The same hits (as sets) for a range of queries on both backends, over the example corpus."""
    from marsad.ingest.runner import ingest
    from marsad.store import open_store

    sample = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "sample.jsonl"
    url = pg_schemas.new()
    lite = str(tmp_path / "s.db")
    for target in (lite, url):
        ingest([str(sample)], target, workers=0, pipeline="test_store_postgres:lexical_pipeline", embeddings=False)
    queries = ["لبنان", "غارة إسرائيلية", '"وزارة الصحة"', "سوريا OR لبنان", "لبنان -غزة", "بالحكومة", "الأمم المتحدة",
               "غـــزة", "كلمةغيرموجودة"]
    a, b = open_store(lite, readonly=True), open_store(url, readonly=True)
    try:
        for q in queries:
            ha, hb = a.search(q, limit=100), b.search(q, limit=100)
            assert {h["id"] for h in ha} == {h["id"] for h in hb}, q
            assert {h["id"]: h["snippet"] for h in ha} == {h["id"]: h["snippet"] for h in hb}, q
        assert a.search("لبنان", source="صحيفة الضفتين")[0]["id"] == b.search("لبنان", source="صحيفة الضفتين")[0]["id"]
        assert json.dumps(a.stats(), sort_keys=True) == json.dumps(b.stats(), sort_keys=True)
    finally:
        a.close()
        b.close()


def lexical_pipeline():
    """The text layer only (fast): search needs tokens, not entities."""
    from marsad.pipeline import Pipeline

    return Pipeline(["text"])
