"""Upgrading an existing SQLite store: a database made by an older marsad gains what is new."""

from __future__ import annotations

import sqlite3

from marsad.store import open_store
from marsad.store.sqlite import MIGRATIONS


def _indexes(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()


def test_version_1_store_is_upgraded(tmp_path):
    db = tmp_path / "old.db"
    open_store(str(db)).close()
    # make it look like a store written before migration 2
    con = sqlite3.connect(db)
    for name in ("event_groups_source", "event_groups_target", "event_groups_source_country",
                 "event_groups_target_country"):
        con.execute(f"DROP INDEX {name}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    assert "event_groups_source" not in _indexes(db)
    s = open_store(str(db))
    assert s.schema_version() == len(MIGRATIONS) >= 2
    s.close()
    assert {"event_groups_source", "event_groups_target"} <= _indexes(db)


def test_actor_queries_use_an_index(tmp_path):
    db = tmp_path / "new.db"
    open_store(str(db)).close()
    con = sqlite3.connect(db)
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM event_groups WHERE source_code = 'RUS' AND target_code = 'UKR'"))
    con.close()
    assert "event_groups_source" in plan
