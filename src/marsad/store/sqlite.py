"""The SQLite corpus store: every SQL statement of marsad's corpus lives in this module.

One file (``--db``, default ``./marsad.db``) in WAL mode: readers (``marsad search``) never block the
ingester, and a write transaction is either entirely in the file or not at all, so a process killed
with SIGKILL leaves the last committed batch and nothing half-written.

The schema is versioned with ``PRAGMA user_version`` and grown by the numbered scripts in
:data:`MIGRATIONS`; opening a database applies the missing ones in order, each in its own
transaction. A database written by a newer marsad is refused rather than misread.

Tables (see :mod:`marsad.store.base` for the vocabulary): ``inputs``, ``documents`` (with the
serialised document JSON), ``articles``, ``failures``, ``entities`` (merged across documents by KB id or
name key), ``doc_entities``, ``mentions``, ``quotes``, ``events``, ``event_groups``, ``places``,
``stories``, and the clustering state ``doc_vectors``, ``lsh`` and ``term_df``. ``doc_fts`` is an FTS5
index (contentless: the keys are derived text, and snippets are cut from the original).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.store.base import Store
from marsad.store.search import fts_expression, highlight, parse_query

MIGRATIONS: list[str] = [
    # 1: the corpus
    """
    CREATE TABLE inputs(
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        size INTEGER,
        mtime_ns INTEGER,
        records INTEGER NOT NULL DEFAULT 0,
        stored INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        updated_at TEXT
    );
    CREATE TABLE documents(
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        url TEXT,
        source TEXT,
        published TEXT,
        title TEXT,
        day INTEGER NOT NULL,
        n_chars INTEGER NOT NULL,
        story INTEGER,
        dup_of INTEGER,
        origin TEXT,
        ingested_at TEXT NOT NULL,
        doc_json TEXT NOT NULL
    );
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_day ON documents(day);
    CREATE TABLE articles(
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        key TEXT NOT NULL UNIQUE,
        url TEXT,
        source TEXT,
        published TEXT,
        title TEXT,
        origin TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_doc ON articles(doc);
    CREATE TABLE failures(
        id INTEGER PRIMARY KEY,
        input INTEGER REFERENCES inputs(id),
        origin TEXT,
        locator TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE entities(
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT,
        type TEXT,
        kind TEXT,
        country TEXT,
        actor_code TEXT,
        wikidata TEXT,
        kb_id TEXT,
        n_docs INTEGER NOT NULL DEFAULT 0,
        n_mentions INTEGER NOT NULL DEFAULT 0,
        first_day INTEGER,
        last_day INTEGER
    );
    CREATE TABLE doc_entities(
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        local_id TEXT NOT NULL,
        entity INTEGER NOT NULL REFERENCES entities(id),
        name TEXT,
        n_mentions INTEGER NOT NULL,
        PRIMARY KEY(doc, local_id)
    ) WITHOUT ROWID;
    CREATE INDEX doc_entities_entity ON doc_entities(entity);
    CREATE TABLE mentions(
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        entity INTEGER NOT NULL REFERENCES entities(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE quotes(
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        idx INTEGER NOT NULL,
        speaker INTEGER REFERENCES entities(id),
        speaker_name TEXT,
        speaker_text TEXT,
        text TEXT,
        start INTEGER,
        "end" INTEGER,
        direct INTEGER,
        cue TEXT,
        via_name TEXT
    );
    CREATE INDEX quotes_doc ON quotes(doc);
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE stories(
        id INTEGER PRIMARY KEY,
        title TEXT,
        first_doc INTEGER,
        first_day INTEGER,
        last_day INTEGER,
        n_docs INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE event_groups(
        id INTEGER PRIMARY KEY,
        date TEXT,
        source_code TEXT NOT NULL,
        source_country TEXT,
        source_name TEXT,
        target_code TEXT NOT NULL,
        target_country TEXT,
        target_name TEXT,
        cameo TEXT,
        base TEXT,
        root TEXT,
        plover TEXT,
        quad_class INTEGER,
        goldstein REAL,
        mode TEXT,
        loc_name TEXT,
        loc_country TEXT,
        loc_lat REAL,
        loc_lon REAL,
        loc_admin1 TEXT,
        loc_geonames_id INTEGER,
        loc_precision TEXT,
        is_root INTEGER,
        story INTEGER,
        first_doc INTEGER,
        num_mentions INTEGER NOT NULL DEFAULT 0,
        num_sources INTEGER NOT NULL DEFAULT 0,
        num_articles INTEGER NOT NULL DEFAULT 0,
        added_at TEXT
    );
    CREATE INDEX event_groups_match ON event_groups(root, source_code, target_code, date);
    CREATE INDEX event_groups_date ON event_groups(date);
    CREATE TABLE events(
        id INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        idx INTEGER NOT NULL,
        event_group INTEGER REFERENCES event_groups(id),
        source_code TEXT, source_country TEXT, source_entity INTEGER, source_name TEXT,
        target_code TEXT, target_country TEXT, target_entity INTEGER, target_name TEXT,
        cameo TEXT, base TEXT, root TEXT, plover TEXT, quad_class INTEGER, goldstein REAL, mode TEXT,
        date TEXT, date_precision TEXT,
        loc_name TEXT, loc_country TEXT, loc_lat REAL, loc_lon REAL, loc_admin1 TEXT, loc_geonames_id INTEGER,
        loc_precision TEXT,
        text TEXT, start INTEGER, "end" INTEGER, trigger TEXT,
        killed INTEGER, injured INTEGER, arrested INTEGER, is_root INTEGER
    );
    CREATE INDEX events_doc ON events(doc);
    CREATE INDEX events_group ON events(event_group);
    CREATE TABLE places(
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        idx INTEGER NOT NULL,
        name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, geonames_id INTEGER,
        precision TEXT, kb_id TEXT, n_mentions INTEGER,
        PRIMARY KEY(doc, idx)
    ) WITHOUT ROWID;
    CREATE TABLE doc_vectors(
        doc INTEGER PRIMARY KEY REFERENCES documents(rowid),
        day INTEGER NOT NULL,
        embedding BLOB NOT NULL,
        terms BLOB NOT NULL,
        weights BLOB NOT NULL,
        minhash BLOB NOT NULL
    );
    CREATE INDEX doc_vectors_day ON doc_vectors(day);
    CREATE TABLE lsh(
        key INTEGER NOT NULL,
        doc INTEGER NOT NULL,
        PRIMARY KEY(key, doc)
    ) WITHOUT ROWID;
    CREATE TABLE term_df(
        term INTEGER PRIMARY KEY,
        n INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, alt, names, content='', tokenize='unicode61 remove_diacritics 0');
    """,
    # 2: event queries by actor (an actor -> target query over all years took ~2 s on 1M events)
    """
    CREATE INDEX event_groups_source ON event_groups(source_code, target_code);
    CREATE INDEX event_groups_target ON event_groups(target_code);
    CREATE INDEX event_groups_source_country ON event_groups(source_country, target_country);
    CREATE INDEX event_groups_target_country ON event_groups(target_country);
    """,
]

EVENT_COLUMNS = (
    "source_code", "source_country", "source_name", "target_code", "target_country", "target_name", "cameo", "base",
    "root", "plover", "quad_class", "goldstein", "mode", "date", "date_precision", "loc_name", "loc_country",
    "loc_lat", "loc_lon", "loc_admin1", "loc_geonames_id", "loc_precision", "text", "start", "end", "trigger",
    "killed", "injured", "arrested", "is_root",
)
DOC_COLUMNS = ("id", "content_hash", "url", "source", "published", "title", "day", "n_chars", "origin", "doc_json")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")



def _prefix_range(prefix: str) -> tuple[str, str]:
    """``(low, high)`` such that ``low <= x < high`` holds exactly for the strings starting with
    ``prefix`` (an empty prefix: every string)."""
    if not prefix:
        return "", "\U0010ffff"
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)

class SchemaError(RuntimeError):
    pass


class SqliteStore(Store):
    """The default store: one SQLite file."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly:
            if not Path(self.path).exists():
                raise FileNotFoundError(f"{self.path}: no such database (run `marsad ingest` first)")
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = OFF")
        self.db.execute("PRAGMA cache_size = -65536")
        self._in_tx = False
        if readonly:
            v = self.schema_version()
            if v > len(MIGRATIONS):
                raise SchemaError(f"{self.path}: schema version {v} is newer than this marsad ({len(MIGRATIONS)})")
            if v < len(MIGRATIONS):
                raise SchemaError(f"{self.path}: schema version {v} needs migrating (open it once for writing)")
        else:
            self.migrate()

    # --- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        v = self.schema_version()
        if v > len(MIGRATIONS):
            raise SchemaError(f"{self.path}: schema version {v} is newer than this marsad ({len(MIGRATIONS)})")
        for i in range(v, len(MIGRATIONS)):
            with self.transaction():
                for stmt in _split_sql(MIGRATIONS[i]):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {i + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_tx:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._in_tx = False

    # --- inputs, articles, failures -------------------------------------------------------------
    def input_state(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT id, records, stored, duplicates, failed, finished FROM inputs WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "records", "stored", "duplicates", "failed", "finished"), row, strict=True))

    def start_input(self, key: str, path: str, size: int | None, mtime_ns: int | None) -> int:
        with self.transaction():
            row = self.db.execute("SELECT id FROM inputs WHERE key = ?", (key,)).fetchone()
            if row:
                return row[0]
            cur = self.db.execute(
                "INSERT INTO inputs(key, path, size, mtime_ns, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (key, path, size, mtime_ns, _now(), _now()),
            )
            return cur.lastrowid

    def update_input(self, input_id: int, records: int, stored: int, duplicates: int, failed: int, finished: bool) -> None:
        self.db.execute(
            "UPDATE inputs SET records = ?, stored = ?, duplicates = ?, failed = ?, finished = ?, updated_at = ?"
            " WHERE id = ?",
            (records, stored, duplicates, failed, 1 if finished else 0, _now(), input_id),
        )

    def article_exists(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone() is not None

    def doc_by_hash(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT rowid FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def doc_id_exists(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_failure(self, input_id: int | None, origin: str, locator: str, reason: str) -> None:
        self.db.execute(
            "INSERT INTO failures(input, origin, locator, reason, created_at) VALUES (?, ?, ?, ?, ?)",
            (input_id, origin, locator, reason, _now()),
        )

    def add_article(self, doc: int, key: str, url: str | None, source: str | None, published: str | None,
                    title: str | None, origin: str | None) -> None:
        self.db.execute(
            "INSERT INTO articles(doc, key, url, source, published, title, origin, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc, key, url, source, published, title, origin, _now()),
        )

    # --- documents ------------------------------------------------------------------------------
    def add_document(self, rec: dict[str, Any]) -> int:
        cur = self.db.execute(
            "INSERT INTO documents(id, content_hash, url, source, published, title, day, n_chars, origin, doc_json,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*(rec[c] for c in DOC_COLUMNS), _now()),
        )
        rowid = cur.lastrowid
        f = rec["fts"]
        self.db.execute(
            "INSERT INTO doc_fts(rowid, title, body, alt, names) VALUES (?, ?, ?, ?, ?)",
            (rowid, f["title"], f["body"], f["alt"], f["names"]),
        )
        return rowid

    def add_doc_rows(self, doc: int, rows: dict[str, list[dict[str, Any]]], day: int) -> list[int]:
        ent_ids: dict[str, int] = {}
        for e in rows["entities"]:
            n = len(e["mentions"])
            row = self.db.execute(
                "INSERT INTO entities(key, name, type, kind, country, actor_code, wikidata, kb_id, n_docs, n_mentions,"
                " first_day, last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET n_docs = n_docs + 1, n_mentions = n_mentions + excluded.n_mentions,"
                " first_day = min(first_day, excluded.first_day), last_day = max(last_day, excluded.last_day),"
                " name = coalesce(name, excluded.name), country = coalesce(country, excluded.country),"
                " actor_code = coalesce(actor_code, excluded.actor_code), wikidata = coalesce(wikidata, excluded.wikidata)"
                " RETURNING id",
                (e["key"], e["name"], e["type"], e["kind"], e["country"], e["actor_code"], e["wikidata"], e["kb_id"],
                 n, day, day),
            ).fetchone()
            eid = row[0]
            ent_ids[e["key"]] = eid
            self.db.execute(
                "INSERT OR REPLACE INTO doc_entities(doc, local_id, entity, name, n_mentions) VALUES (?, ?, ?, ?, ?)",
                (doc, e["local_id"] or "", eid, e["name"], n),
            )
            self.db.executemany(
                'INSERT INTO mentions(doc, entity, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                [(doc, eid, s, en, t) for s, en, t in e["mentions"]],
            )
        self.db.executemany(
            'INSERT INTO quotes(doc, idx, speaker, speaker_name, speaker_text, text, start, "end", direct, cue, via_name)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc, q["idx"], ent_ids.get(q["speaker_key"] or ""), q["speaker_name"], q["speaker_text"], q["text"],
                 q["start"], q["end"], q["direct"], q["cue"], q["via_name"])
                for q in rows["quotes"]
            ],
        )
        event_ids = []
        for ev in rows["events"]:
            values = [doc, ev["idx"], ent_ids.get(ev["source_entity_key"] or ""),
                      ent_ids.get(ev["target_entity_key"] or "")] + [ev[c] for c in EVENT_COLUMNS]
            cur = self.db.execute(
                "INSERT INTO events(doc, idx, source_entity, target_entity, " + ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
                + ") VALUES (" + ", ".join("?" * (4 + len(EVENT_COLUMNS))) + ")",
                values,
            )
            event_ids.append(cur.lastrowid)
        self.db.executemany(
            "INSERT OR REPLACE INTO places(doc, idx, name, country, admin1, lat, lon, geonames_id, precision, kb_id,"
            " n_mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc, p["idx"], p["name"], p["country"], p["admin1"], p["lat"], p["lon"], p["geonames_id"],
                 p["precision"], p["kb_id"], p["n_mentions"])
                for p in rows["places"]
            ],
        )
        return event_ids

    def get_document(self, ref: str | int) -> dict[str, Any] | None:
        if isinstance(ref, int):
            row = self.db.execute("SELECT doc_json, story, rowid FROM documents WHERE rowid = ?", (ref,)).fetchone()
        else:
            row = self.db.execute("SELECT doc_json, story, rowid FROM documents WHERE id = ?", (ref,)).fetchone()
        if row is None:
            return None
        d = json.loads(row[0])
        d["_story"] = row[1]
        d["_rowid"] = row[2]
        return d

    # --- clustering state -----------------------------------------------------------------------
    def lsh_candidates(self, keys: list[int]) -> list[int]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [r[0] for r in self.db.execute(f"SELECT DISTINCT doc FROM lsh WHERE key IN ({marks})", keys)]

    def add_lsh(self, doc: int, keys: list[int]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO lsh(key, doc) VALUES (?, ?)", [(k, doc) for k in keys])

    def minhashes(self, docs: list[int]) -> dict[int, bytes]:
        if not docs:
            return {}
        marks = ",".join("?" * len(docs))
        return dict(self.db.execute(f"SELECT doc, minhash FROM doc_vectors WHERE doc IN ({marks})", docs))

    def vectors_for_days(self, days: list[int]) -> list[tuple[int, int, int | None, bytes, bytes, bytes]]:
        if not days:
            return []
        marks = ",".join("?" * len(days))
        return self.db.execute(
            "SELECT v.doc, v.day, d.story, v.embedding, v.terms, v.weights FROM doc_vectors v"
            f" JOIN documents d ON d.rowid = v.doc WHERE v.day IN ({marks}) ORDER BY v.doc",
            days,
        ).fetchall()

    def add_vectors(self, doc: int, day: int, embedding: bytes, terms: bytes, weights: bytes, minhash: bytes) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO doc_vectors(doc, day, embedding, terms, weights, minhash) VALUES (?, ?, ?, ?, ?, ?)",
            (doc, day, embedding, terms, weights, minhash),
        )

    def doc_freqs(self, terms: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        terms = list(terms)
        for i in range(0, len(terms), 900):
            chunk = terms[i : i + 900]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT term, n FROM term_df WHERE term IN ({marks})", chunk))
        return out

    def add_doc_freqs(self, counts: dict[int, int]) -> None:
        self.db.executemany(
            "INSERT INTO term_df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
            list(counts.items()),
        )

    def count_documents(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def new_story(self, doc: int, title: str | None, day: int) -> int:
        cur = self.db.execute(
            "INSERT INTO stories(title, first_doc, first_day, last_day, n_docs) VALUES (?, ?, ?, ?, 1)",
            (title, doc, day, day),
        )
        sid = cur.lastrowid
        self.db.execute("UPDATE documents SET story = ? WHERE rowid = ?", (sid, doc))
        return sid

    def add_to_story(self, story: int, doc: int, day: int) -> None:
        self.db.execute(
            "UPDATE stories SET n_docs = n_docs + 1, first_day = min(first_day, ?), last_day = max(last_day, ?)"
            " WHERE id = ?",
            (day, day, story),
        )
        self.db.execute("UPDATE documents SET story = ? WHERE rowid = ?", (story, doc))

    def set_dup_of(self, doc: int, dup_of: int) -> None:
        self.db.execute("UPDATE documents SET dup_of = ? WHERE rowid = ?", (dup_of, doc))

    def doc_story(self, doc: int) -> int | None:
        row = self.db.execute("SELECT story FROM documents WHERE rowid = ?", (doc,)).fetchone()
        return row[0] if row else None

    # --- event deduplication -------------------------------------------------------------------
    def event_group_candidates(self, root: str | None, source_code: str, target_code: str,
                               date_lo: str, date_hi: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, date, story, cameo FROM event_groups WHERE root IS ? AND source_code = ? AND target_code = ?"
            " AND date BETWEEN ? AND ? ORDER BY id",
            (root, source_code, target_code, date_lo, date_hi),
        ).fetchall()
        return [dict(zip(("id", "date", "story", "cameo"), r, strict=True)) for r in rows]

    def new_event_group(self, ev: dict[str, Any], date: str | None, story: int | None, doc: int) -> int:
        cur = self.db.execute(
            "INSERT INTO event_groups(date, source_code, source_country, source_name, target_code, target_country,"
            " target_name, cameo, base, root, plover, quad_class, goldstein, mode, loc_name, loc_country, loc_lat,"
            " loc_lon, loc_admin1, loc_geonames_id, loc_precision, is_root, story, first_doc, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (date, ev["source_code"] or "", ev["source_country"], ev["source_name"], ev["target_code"] or "",
             ev["target_country"], ev["target_name"], ev["cameo"], ev["base"], ev["root"], ev["plover"],
             ev["quad_class"], ev["goldstein"], ev["mode"], ev["loc_name"], ev["loc_country"], ev["loc_lat"],
             ev["loc_lon"], ev["loc_admin1"], ev["loc_geonames_id"], ev["loc_precision"], ev["is_root"], story, doc,
             _now()),
        )
        return cur.lastrowid

    def set_event_group(self, event_id: int, group: int) -> None:
        self.db.execute("UPDATE events SET event_group = ? WHERE id = ?", (group, event_id))

    def fill_event_group(self, group: int, ev: dict[str, Any]) -> None:
        """Complete a group's missing location and actor names from a later mention."""
        self.db.execute(
            "UPDATE event_groups SET loc_name = coalesce(loc_name, ?), loc_country = coalesce(loc_country, ?),"
            " loc_lat = coalesce(loc_lat, ?), loc_lon = coalesce(loc_lon, ?), loc_admin1 = coalesce(loc_admin1, ?),"
            " loc_geonames_id = coalesce(loc_geonames_id, ?), loc_precision = coalesce(loc_precision, ?),"
            " source_name = coalesce(source_name, ?), target_name = coalesce(target_name, ?),"
            " is_root = max(coalesce(is_root, 0), ?) WHERE id = ?",
            (ev["loc_name"], ev["loc_country"], ev["loc_lat"], ev["loc_lon"], ev["loc_admin1"], ev["loc_geonames_id"],
             ev["loc_precision"], ev["source_name"], ev["target_name"], ev["is_root"], group),
        )

    def refresh_event_groups(self, groups: list[int] | None = None) -> None:
        sql = (
            "UPDATE event_groups SET"
            " num_mentions = (SELECT count(*) FROM events e WHERE e.event_group = event_groups.id),"
            " num_articles = (SELECT count(*) FROM articles a WHERE a.doc IN"
            "   (SELECT doc FROM events e WHERE e.event_group = event_groups.id)),"
            " num_sources = (SELECT count(DISTINCT coalesce(a.source, '')) FROM articles a WHERE a.doc IN"
            "   (SELECT doc FROM events e WHERE e.event_group = event_groups.id))"
        )
        if groups is None:
            self.db.execute(sql)
            return
        groups = sorted(set(groups))
        for i in range(0, len(groups), 900):
            chunk = groups[i : i + 900]
            self.db.execute(sql + f" WHERE id IN ({','.join('?' * len(chunk))})", chunk)

    def groups_of_doc(self, doc: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT event_group FROM events WHERE doc = ? AND event_group IS NOT NULL", (doc,))]

    # --- queries ------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, source: str | None = None, since: str | None = None,
               until: str | None = None) -> list[dict[str, Any]]:
        q = parse_query(query)
        if not q.terms:
            return []
        expr = fts_expression(q)
        where = ["doc_fts MATCH ?"]
        args: list[Any] = [expr]
        if source:
            where.append("d.source = ?")
            args.append(source)
        if since:
            where.append("d.published >= ?")
            args.append(since)
        if until:
            where.append("d.published <= ?")
            args.append(until)
        rows = self.db.execute(
            "SELECT d.rowid, d.id, d.title, d.source, d.published, d.url, d.story,"
            " bm25(doc_fts, 4.0, 1.0, 0.4, 2.0) AS rank, d.doc_json"
            f" FROM doc_fts JOIN documents d ON d.rowid = doc_fts.rowid WHERE {' AND '.join(where)}"
            " ORDER BY rank LIMIT ?",
            (*args, limit),
        ).fetchall()
        hits = []
        for rowid, doc_id, title, src, pub, url, story, rank, doc_json in rows:
            text = json.loads(doc_json)["text"]
            snippet, spans = highlight(text, q)
            title_marked, _ = highlight(title or "", q, width=60) if title else ("", [])
            hits.append(
                {
                    "rowid": rowid, "id": doc_id, "title": title, "title_marked": title_marked, "source": src,
                    "published": pub, "url": url, "story": story, "score": round(-rank, 4),
                    "snippet": snippet, "spans": spans,
                }
            )
        return hits

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        out = {
            "documents": one("SELECT count(*) FROM documents"),
            "articles": one("SELECT count(*) FROM articles"),
            "failures": one("SELECT count(*) FROM failures"),
            "inputs": one("SELECT count(*) FROM inputs"),
            "records_read": one("SELECT coalesce(sum(records), 0) FROM inputs"),
            "duplicates": one("SELECT coalesce(sum(duplicates), 0) FROM inputs"),
            "near_duplicates": one("SELECT count(*) FROM documents WHERE dup_of IS NOT NULL"),
            "sources": one("SELECT count(DISTINCT source) FROM articles"),
            "entities": one("SELECT count(*) FROM entities"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "event_mentions": one("SELECT count(*) FROM events"),
            "events": one("SELECT count(*) FROM event_groups"),
            "places": one("SELECT count(*) FROM places"),
            "stories": one("SELECT count(*) FROM stories"),
            "multi_doc_stories": one("SELECT count(*) FROM stories WHERE n_docs > 1"),
            "first_published": one("SELECT min(published) FROM documents"),
            "last_published": one("SELECT max(published) FROM documents"),
            "schema_version": self.schema_version(),
        }
        out["top_sources"] = [
            {"source": s, "articles": n}
            for s, n in self.db.execute(
                "SELECT coalesce(source, '?'), count(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10")
        ]
        out["failure_reasons"] = [
            {"reason": r, "count": n}
            for r, n in self.db.execute(
                "SELECT reason_kind, count(*) AS n FROM (SELECT CASE WHEN instr(reason, ': ') > 0"
                " THEN substr(reason, instr(reason, ': ') + 2) ELSE reason END AS reason_kind FROM failures)"
                " GROUP BY 1 ORDER BY n DESC LIMIT 10")
        ]
        return out

    def event_groups(self, actor: str | None = None, target: str | None = None, root: str | None = None,
                     code: str | None = None, plover: str | None = None, since: str | None = None,
                     until: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        where, args = self._event_where("?", actor, target, root, code, plover, since, until)
        sql = (
            "SELECT g.*, d.url AS source_url, d.id AS first_doc_id, d.published AS first_published,"
            " d.source AS first_source, d.title AS first_title FROM event_groups g"
            " LEFT JOIN documents d ON d.rowid = g.first_doc"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY g.date, g.id"
            + (" LIMIT ?" if limit else "")
        )
        if limit:
            args.append(limit)
        cur = self.db.execute(sql, args)
        cols = [c[0] for c in cur.description]
        for row in cur:
            yield dict(zip(cols, row, strict=True))

    def _prefix_term(self, column: str, prefix: str, ph: str) -> tuple[str, list[Any]]:
        # a range (``x >= 'RUS' AND x < 'RUT'``), not LIKE: SQLite's LIKE is case-insensitive and cannot
        # use these indexes, so "RUS -> UKR" scanned every event group (4.6 s on 1M); as ranges each
        # side of an OR uses its index
        return f"({column} >= {ph} AND {column} < {ph})", [*_prefix_range(prefix)]

    def event_mentions(self, group: int) -> list[dict[str, Any]]:
        cur = self.db.execute(
            'SELECT e.id, d.id AS doc_id, d.source, d.url, d.published, d.title, e.cameo, e.text, e.start, e."end",'
            " e.trigger, e.date, e.mode, e.killed, e.injured, e.arrested FROM events e JOIN documents d ON d.rowid = e.doc WHERE e.event_group = ?"
            " ORDER BY d.published, e.id",
            (group,),
        )
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (split on ``;`` at line ends; no ``;`` inside our literals)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip()
            if stmt.strip(";").strip():
                out.append(stmt)
            buf = []
    tail = "\n".join(buf).strip()
    if tail:
        out.append(tail)
    return out
