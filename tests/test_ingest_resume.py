"""An ingest killed with SIGKILL mid-way resumes and ends with the counts of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT

SAMPLE = ROOT / "examples" / "corpus" / "sample.jsonl"
N = 120
BATCH = 8


def make_input(path) -> int:
    base = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines: list[str] = []
    last: dict = {}
    for i in range(N):
        b = base[i % len(base)]
        rec = {"id": f"r{i}", "source": b["source"], "url": f"{b['url']}?v={i}", "published": b["published"],
               "title": b["title"], "text": b["text"] + f"\n\nوأضاف المصدر أن عدد المشاركين بلغ {i + 3} شخصا في اليوم {i}."}
        if i % 17 == 5:  # the same content again under a new URL: another article of a stored document
            rec["text"], rec["title"] = last["text"], last["title"]
        if i % 23 == 7:  # the same URL again: a duplicate
            rec["url"] = last["url"]
        lines.append(json.dumps(rec, ensure_ascii=False))
        last = rec
        if i % 29 == 11:
            lines.append('{"title": "مقطوع", "text": "سطر')  # truncated JSON
        if i % 31 == 13:
            lines.append(json.dumps({"title": "English", "text": "An English line, not Arabic at all."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def ingest_cmd(inp, db) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", "ingest", str(inp), "--db", str(db), "--workers", "0",
            "--batch-size", str(BATCH), "--no-progress", "--format", "json"]


def snapshot(db) -> dict:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        out = {t: q(f"SELECT count(*) FROM {t}") for t in (
            "documents", "articles", "failures", "stories", "entities", "mentions", "quotes", "events",
            "event_groups", "places", "lsh", "doc_vectors")}
        out["records"] = q("SELECT sum(records) FROM inputs")
        out["duplicates"] = q("SELECT sum(duplicates) FROM inputs")
        out["finished"] = q("SELECT min(finished) FROM inputs")
        out["near_dups"] = q("SELECT count(*) FROM documents WHERE dup_of IS NOT NULL")
        out["entity_docs"] = q("SELECT sum(n_docs) FROM entities")
        out["mentions_total"] = q("SELECT coalesce(sum(num_mentions), 0) FROM event_groups")
        groups: dict[int, set[str]] = {}
        for doc_id, story in con.execute("SELECT id, story FROM documents"):
            groups.setdefault(story, set()).add(doc_id)
        out["story_partition"] = sorted(sorted(g) for g in groups.values())
        return out
    finally:
        con.close()


def docs_in(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_then_resume_matches_uninterrupted(tmp_path):
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is absent")
    inp = tmp_path / "in.jsonl"
    n_lines = make_input(inp)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    ref_db = tmp_path / "ref.db"
    subprocess.run(ingest_cmd(inp, ref_db), check=True, capture_output=True, env=env, timeout=600)
    ref = snapshot(ref_db)
    assert ref["records"] == n_lines
    assert ref["documents"] + (ref["articles"] - ref["documents"]) + ref["duplicates"] + ref["failures"] == n_lines

    db = tmp_path / "killed.db"
    kills = 0
    for _attempt in range(3):  # kill it twice at different points, then let it finish
        proc = subprocess.Popen(ingest_cmd(inp, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        target = docs_in(db) + 2 * BATCH
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if docs_in(db) >= target:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.02)
        proc.wait(timeout=60)
        if kills >= 2:
            break
    assert kills >= 1, "the ingest finished before it could be killed"
    partial = snapshot(db)
    assert 0 < partial["documents"] < ref["documents"]
    done = subprocess.run(ingest_cmd(inp, db), check=True, capture_output=True, env=env, timeout=600)
    summary = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert summary["read"] == n_lines - partial["records"]
    assert snapshot(db) == ref
    # and once more: nothing to do
    again = subprocess.run(ingest_cmd(inp, db), check=True, capture_output=True, env=env, timeout=600)
    assert json.loads(again.stdout.decode().strip().splitlines()[-1])["read"] == 0
    assert snapshot(db) == ref
