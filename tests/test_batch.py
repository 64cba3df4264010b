"""``marsad batch`` on Dask: the same tables as one process, resumable by partition, failures kept,
and ``marsad ingest --from-parquet`` giving the store that ``marsad ingest`` gives."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from marsad.batch.runner import MARKERS, completed, run_batch
from marsad.batch.tables import SCHEMAS, TABLES
from marsad.cli import app
from test_store_postgres import db_url  # noqa: F401 - the store of each backend

SAMPLE = ROOT / "examples" / "corpus" / "sample.jsonl"
N = 20
PART = 6  # 20 records: partitions of 6, 6, 6 and 2
runner = CliRunner()


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """20 example articles as JSON lines, plus two records that must fail (bad JSON, not Arabic)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:N]
    lines.insert(7, '{"text": "truncated')
    lines.insert(15, json.dumps({"text": "This is an English article, not an Arabic one.", "url": "https://x.example/en"}))
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tables(out: Path) -> dict[str, list[dict]]:
    """Every table of an output folder, rows in a canonical order."""
    got = {}
    for t in TABLES:
        rows = ds.dataset(out / t, format="parquet", schema=SCHEMAS[t]).to_table().to_pylist()
        got[t] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))
    return got


@pytest.fixture(scope="module")
def single(articles, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "out"
    stats = run_batch([str(articles)], out, workers=0, partition_size=PART)
    assert (stats.done, stats.skipped, stats.records, stats.documents, stats.failures) == (4, 0, N + 2, N, 2)
    return out


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    yield c
    c.close()


def test_dask_equals_single_process(articles, single, cluster, tmp_path):
    from distributed import Client

    out = tmp_path / "dask"
    with Client(cluster) as client:
        stats = run_batch([str(articles)], out, partition_size=PART, client=client)
        assert len(set(client.run(lambda: __import__("os").getpid()).values())) == 2
    assert stats.workers == 2 and (stats.done, stats.documents, stats.failures) == (4, N, 2)
    a, b = tables(single), tables(out)
    for t in TABLES:
        assert a[t] == b[t], t
    assert len(a["documents"]) == N and len(a["entities"]) > N and a["events"] and a["quotes"] and a["places"]


def test_documents_equal_the_pipeline(articles, single):
    """Each document of the batch is what ``marsad.load()`` gives for that article in this process."""
    import marsad
    from marsad.pipeline import document_id

    nlp = marsad.load()
    docs = {r["id"]: json.loads(r["doc_json"]) for r in tables(single)["documents"]}
    n = 0
    for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:N]:
        a = json.loads(line)
        doc_id = a.get("id") or document_id(a["text"], a.get("url"))
        want = nlp(a["text"], published=a.get("published"), title=a.get("title"), source=a.get("source"),
                   url=a.get("url"), id=doc_id).to_dict()
        assert docs[doc_id] == want
        n += 1
    assert n == len(docs) == N


def test_failures_are_kept_with_reasons(single):
    rows = sorted(tables(single)["failures"], key=lambda r: r["record"])
    assert [r["record"] for r in rows] == [7, 15]
    assert "invalid JSON" in rows[0]["reason"] and "not Arabic" in rows[1]["reason"]
    lines = [json.loads(x) for x in (single / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["locator"] for x in lines] == [r["locator"] for r in rows]


def test_resume_redoes_only_missing_partitions(articles, single, cluster, tmp_path):
    import shutil

    out = tmp_path / "resume"
    shutil.copytree(single, out)
    markers = sorted(completed(out))
    lost = markers[1]
    (out / MARKERS / f"{lost}.json").unlink()  # as if killed before its marker was written
    (out / "events" / f"part-{lost}.parquet").write_bytes(b"half-written")
    before = {m: (out / MARKERS / f"{m}.json").stat().st_mtime_ns for m in markers if m != lost}
    stats = run_batch([str(articles)], out, scheduler=cluster.scheduler_address)
    assert (stats.done, stats.skipped, stats.partitions) == (1, 3, 4)
    assert stats.records == PART and stats.documents == PART - 1  # the lost partition held the bad JSON line
    assert {m: (out / MARKERS / f"{m}.json").stat().st_mtime_ns for m in markers if m != lost} == before
    a, b = tables(single), tables(out)
    for t in TABLES:
        assert a[t] == b[t], t
    again = run_batch([str(articles)], out, workers=0)
    assert (again.done, again.skipped) == (0, 4)
    with pytest.raises(ValueError, match="partition-size"):
        run_batch([str(articles)], out, workers=0, partition_size=PART + 1)


def test_parquet_files_have_the_fixed_schemas(single):
    for t in TABLES:
        for f in (single / t).glob("part-*.parquet"):
            assert pq.read_schema(f).remove_metadata() == SCHEMAS[t], (t, f)


def _store_view(db: str) -> dict:
    from marsad.store import open_store

    s = open_store(db, readonly=True)
    try:
        st = s.stats()
        docs = {r[0]: json.loads(r[1]) for r in s.db.execute("SELECT id, doc_json FROM documents").fetchall()}
        events = [{k: g[k] for k in ("date", "source_code", "target_code", "cameo", "num_mentions", "num_articles")}
                  for g in s.event_groups()]
    finally:
        s.close()
    for k in ("inputs", "records_read", "schema_version"):
        st.pop(k)
    st["failure_reasons"].sort(key=lambda x: (-x["count"], x["reason"]))  # ties come in no fixed order
    return {"stats": st, "docs": docs, "events": events}


def test_ingest_from_parquet_equals_ingest(articles, single, db_url, tmp_path):  # noqa: F811
    """Loading the batch output gives the store that analysing the same input with ``marsad ingest`` gives."""
    ref = str(tmp_path / "ref.db")
    r = runner.invoke(app, ["ingest", str(articles), "--db", ref, "--workers", "0", "--batch-size", str(PART),
                            "--no-progress"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["ingest", "--from-parquet", str(single), "--db", db_url, "--format", "json"])
    assert r.exit_code == 0, r.output
    loaded = json.loads(r.stdout.strip().splitlines()[-1])
    assert (loaded["read"], loaded["stored"], loaded["failed"], loaded["inputs"]) == (N + 2, N, 2, 4)
    got, want = _store_view(db_url), _store_view(ref)
    assert got["docs"] == want["docs"]
    assert got["stats"] == want["stats"]
    assert got["events"] == want["events"]
    # loading again adds nothing (every partition is a finished input of the store)
    r = runner.invoke(app, ["ingest", "--from-parquet", str(single), "--db", db_url, "--format", "json"])
    again = json.loads(r.stdout.strip().splitlines()[-1])
    assert (again["read"], again["inputs_skipped"]) == (0, 4)


def test_cli_batch_and_errors(articles, tmp_path):
    out = tmp_path / "cli"
    r = runner.invoke(app, ["batch", str(articles), "--out", str(out), "--workers", "0", "--partition-size", "50",
                            "--format", "json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert (s["partitions"], s["documents"], s["failures"]) == (1, N, 2)
    r = runner.invoke(app, ["batch", str(articles), "--out", str(out), "--workers", "0"])
    assert r.exit_code == 0 and "1 partition(s) already done" in r.stdout
    assert runner.invoke(app, ["batch", str(tmp_path / "missing.jsonl"), "--out", str(out), "--workers", "0"]).exit_code == 2
    assert runner.invoke(app, ["batch", str(articles), "--out", str(out), "--workers", "2",
                               "--scheduler", "tcp://127.0.0.1:1"]).exit_code == 2
    r = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "not an output folder" in r.output
    assert runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.db")]).exit_code == 2


def test_workers_without_the_output_folder_return_the_files(articles, single, cluster, tmp_path, monkeypatch):
    """A cluster that does not share the file system: the workers send the encoded Parquet files back."""
    from distributed import Client

    import marsad.batch.runner as runner_mod

    monkeypatch.setattr(runner_mod, "shared_output", lambda client, out: False)
    out = tmp_path / "remote"
    with Client(cluster) as client:
        stats = run_batch([str(articles)], out, partition_size=PART, client=client)
    assert not stats.shared_output and (stats.done, stats.documents, stats.failures) == (4, N, 2)
    a, b = tables(single), tables(out)
    for t in TABLES:
        assert a[t] == b[t], t


def test_shared_output_probe(cluster, tmp_path):
    from distributed import Client

    from marsad.batch.runner import shared_output

    with Client(cluster) as client:
        assert shared_output(client, tmp_path)
    assert not list(tmp_path.iterdir())  # the probe is removed


def _outcome(rec) -> tuple:
    """What reading a record gives: the article, or the exception and its message."""
    if isinstance(rec, str):
        return ("InputError", rec)
    try:
        return ("ok", rec.parse())
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def test_json_lines_are_the_records_of_ingest(tmp_path):
    """The client reads JSON lines itself (raw lines to ship); locators, record numbering and the
    failure of a truncated archive are those of ``Input.records()``."""
    import gzip

    from marsad.batch.runner import Partition, _json_lines, _records
    from marsad.ingest.sources import Input

    lines = SAMPLE.read_bytes().splitlines(keepends=True)[:5]
    body = lines[0] + b"\n" + lines[1] + b"   \n" + b"".join(lines[2:])
    plain = tmp_path / "a.jsonl"
    plain.write_bytes(body)
    whole = gzip.compress(body)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) - 40])
    for path in (plain, cut):
        inp = Input(str(path))
        want = list(inp.records())
        got = list(_json_lines(inp))
        assert [loc for loc, _ in got] == [r.locator for r in want]
        part = Partition("p", str(path), inp.key, 0, lines=got)
        for i, ((index, loc, rec), ref) in enumerate(zip(_records(part), want, strict=True)):
            assert (index, loc) == (i, ref.locator)
            assert _outcome(rec) == _outcome(ref)
    assert isinstance(got[-1][1], str) and "truncated" in got[-1][1]


def test_arabic_ratio_is_that_of_the_text_layer():
    import sys

    from marsad.batch.runner import ARABIC_LETTERS, arabic_ratio
    from marsad.text import normalize

    # every code point the pattern matches is a letter, and exactly is_arabic_letter's letters match
    for o in range(sys.maxunicode + 1):
        ch = chr(o)
        assert bool(ARABIC_LETTERS.fullmatch(ch)) == (ch.isalpha() and normalize.is_arabic_letter(ch)), hex(o)
    texts = [json.loads(x)["text"] for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:N]]
    texts += ["", "123 ...", "English only", "Mixed مرحبا بكم hello", "ab مر", "Ελληνικά عربي", "ـــ tatweel"]
    for text in texts:
        assert arabic_ratio(text) == normalize.arabic_ratio(text), text


def test_document_dict_is_to_dict():
    import marsad
    from marsad.batch.tables import document_dict

    nlp = marsad.load()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:N]:
        a = json.loads(line)
        doc = nlp(a["text"], published=a.get("published"), title=a.get("title"), url=a.get("url"))
        want = doc.to_dict()
        got = document_dict(doc)
        assert got == want and list(got) == list(want)
        assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
