"""The ingest worker pool: workers replaced after a batch count or a memory limit, or dying mid-batch,
change nothing in what is stored; the story clusterer evicting days changes no story."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from conftest import ROOT
from marsad.cluster import stories
from marsad.ingest import pool as pool_mod
from marsad.ingest.runner import ingest

SAMPLE = ROOT / "examples" / "corpus" / "sample.jsonl"
TEXT_ONLY = "components:text"
CRASH_MARK = "مسيرة"  # the fake pipeline kills a worker process on the first text with this word


def crashing_pipeline():
    """A pipeline (``module:factory``) that ends its worker process abruptly on some articles, as an
    out-of-memory kill would; in the ingesting process itself it works."""
    from marsad.pipeline import Pipeline

    nlp = Pipeline(["text"])
    parent = int(os.environ["MARSAD_TEST_PARENT"])

    def run(text, **kw):
        if os.getpid() != parent and CRASH_MARK in text:
            os._exit(9)
        return nlp(text, **kw)

    return run


def snapshot(db) -> dict:
    con = sqlite3.connect(db)
    try:
        out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("documents", "articles", "failures", "stories", "lsh", "doc_vectors")}
        out["docs"] = sorted(con.execute("SELECT id, doc_json, dup_of IS NULL FROM documents").fetchall())
        out["vectors"] = sorted(con.execute(
            "SELECT d.id, v.embedding, v.terms, v.weights, v.minhash FROM doc_vectors v JOIN documents d ON d.rowid = v.doc"
        ).fetchall())
        groups: dict[int, set[str]] = {}
        for doc_id, story in con.execute("SELECT id, story FROM documents"):
            groups.setdefault(story, set()).add(doc_id)
        out["story_partition"] = sorted(sorted(g) for g in groups.values())
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is absent")
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    ingest([str(SAMPLE)], str(db), workers=0, batch_size=4, pipeline=TEXT_ONLY)
    return snapshot(db)


def test_workers_replaced_every_batch_store_the_same(tmp_path, reference):
    db = tmp_path / "w.db"
    stats = ingest([str(SAMPLE)], str(db), workers=2, batch_size=4, pipeline=TEXT_ONLY, recycle=1)
    assert stats.read == reference["articles"] + reference["failures"]
    assert snapshot(db) == reference


def test_workers_over_the_memory_limit_are_replaced(tmp_path, reference, monkeypatch):
    monkeypatch.setattr("marsad.ingest.runner.MIN_WORKER_MIB", 1)  # every worker is over a 1 MiB share
    from marsad.ingest.runner import Ingester
    from marsad.ingest.sources import expand
    from marsad.store import open_store

    store = open_store(tmp_path / "m.db")
    ing = Ingester(store, workers=2, batch_size=4, pipeline=TEXT_ONLY, recycle=None, memory=1)
    ing.run(list(expand([str(SAMPLE)])))
    store.close()
    assert ing.pool is not None
    batches = -(-32 // 4)
    assert ing.pool.stats.retired == batches and ing.pool.stats.died == 0
    assert ing.pool.stats.started == batches + 2
    assert snapshot(tmp_path / "m.db") == reference


def test_a_worker_dying_mid_batch_loses_nothing(tmp_path, reference, monkeypatch):
    monkeypatch.setenv("MARSAD_TEST_PARENT", str(os.getpid()))
    from marsad.ingest.runner import Ingester
    from marsad.ingest.sources import expand
    from marsad.store import open_store

    n_marked = sum(CRASH_MARK in json.loads(line)["text"] for line in SAMPLE.read_text(encoding="utf-8").splitlines())
    assert n_marked  # the sample has articles the fake pipeline crashes on
    store = open_store(tmp_path / "c.db")
    ing = Ingester(store, workers=2, batch_size=4, pipeline="test_ingest_pool:crashing_pipeline")
    stats = ing.run(list(expand([str(SAMPLE)])))
    store.close()
    assert ing.pool is not None and ing.pool.stats.died >= 2
    assert stats.read == 32 and stats.failed == 0
    assert snapshot(tmp_path / "c.db") == reference  # batches the workers died on were analysed by the writer


def test_worker_rss_and_heap_trim():
    assert pool_mod.rss_bytes() > 10 * 2**20
    assert pool_mod.rss_bytes(2**31 - 1) == 0  # no such process
    pool_mod.trim_heap()


def test_story_clusterer_evicting_days_changes_nothing(tmp_path, reference, monkeypatch):
    monkeypatch.setattr(stories, "MAX_LOADED_DAYS", 2 * stories.WINDOW_DAYS + 1)  # evict all it can
    evicted = []
    original = stories.StoryClusterer._ensure

    def ensure(self, days):
        before = set(self.days)
        original(self, days)
        evicted.extend(before - set(self.days))

    monkeypatch.setattr(stories.StoryClusterer, "_ensure", ensure)
    db = tmp_path / "e.db"
    ingest([str(SAMPLE)], str(db), workers=0, batch_size=4, pipeline=TEXT_ONLY)
    assert evicted
    assert snapshot(db) == reference


def test_cli_memory_option_reaches_the_ingester(tmp_path, reference, monkeypatch):
    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.ingest import runner

    seen: list[int | None] = []
    real_init = runner.Ingester.__init__

    def spy(self, *args, **kwargs):
        seen.append(kwargs.get("memory"))
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(runner.Ingester, "__init__", spy)
    for value, expected in (("0", None), ("900", 900)):
        db = tmp_path / f"c{value}.db"
        r = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", str(db), "--workers", "0", "--batch-size", "4",
                                     "--components", "text", "--memory", value, "--format", "json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.output.strip().splitlines()[-1])["read"] == reference["articles"] + reference["failures"]
        assert seen[-1] == expected
