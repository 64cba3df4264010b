"""``marsad batch``: the per-article pipeline over many articles on Dask, into Parquet partitions.

The inputs are read the way ``marsad ingest`` reads them (:func:`marsad.ingest.sources.expand`: files,
folders, archives, JSON lines, HTML, feeds) and cut into *partitions* of consecutive records of one
input (``--partition-size``, 250 by default). A partition is named after its input (the input's key:
path, size and modification time) and its first record, so the same inputs always give the same
partitions. Each partition is one Dask task: a worker parses its records, runs ``marsad.load()`` on
each article (one pipeline per worker process, loaded once), and returns Arrow tables; the client
writes them as ``OUT/<table>/part-<name>.parquet`` and, last, the marker ``OUT/_partitions/<name>.json``.

* **Resumable by partition**: a partition whose marker exists is not read again. A run that was
  killed, or in which a task failed, is finished by running the same command again; files of a
  partition without a marker are simply overwritten.
* **Failures** (unreadable records, text that is not Arabic, an exception in a component) are rows of
  the ``failures`` table with their reason, never a stopped run; ``OUT/failures.jsonl`` lists all of them.
* **The same results as one process**: ``workers=0`` runs the same partition function in this process
  without Dask (the single-process path); the tables are identical whatever the number of workers.

Dask: a ``LocalCluster`` of ``workers`` processes with one thread each (the pipeline is pure Python
and holds the GIL), or an existing cluster by its scheduler address (``tcp://host:8786``); the
workers then need marsad installed and the client sends the records themselves, so only the
client reads the inputs and writes ``OUT``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from marsad.batch.tables import TABLES, add_document, empty_rows, to_tables
from marsad.ingest.files import InputError, check_arabic
from marsad.ingest.sources import Input, Record, expand

PARTITION_SIZE = 250
MARKERS = "_partitions"
SETTINGS = "_batch.json"


@dataclass
class Partition:
    """Consecutive records ``first .. first + len(records) - 1`` of one input."""

    name: str
    input: str
    input_key: str
    first: int
    records: list[Record] = field(default_factory=list)


@dataclass
class BatchStats:
    partitions: int = 0  # in the output after this run
    done: int = 0  # analysed by this run
    skipped: int = 0  # already complete before this run
    failed_partitions: list[str] = field(default_factory=list)
    documents: int = 0
    failures: int = 0
    records: int = 0
    seconds: float = 0.0
    workers: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("partitions", "done", "skipped", "documents", "failures", "records",
                                           "workers")}
        d["failed_partitions"] = list(self.failed_partitions)
        d["seconds"] = round(self.seconds, 2)
        return d


# --- the work of one partition (runs in a worker process, or inline) -----------------------------

_NLP: dict[str, Any] = {}


def pipeline(spec: str | None = None):
    """The pipeline of this process: ``marsad.load()``, or a ``"module:factory"`` (tests)."""
    key = spec or ""
    if key not in _NLP:
        if spec:
            module, _, func = spec.partition(":")
            _NLP[key] = getattr(import_module(module), func)()
        else:
            from marsad.pipeline import load

            _NLP[key] = load()
    return _NLP[key]


def warm_up(spec: str | None = None) -> int:
    """Load the pipeline and run it once (Dask ``client.run`` target); returns the process id."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    pipeline(spec)("قال الرئيس إن الحكومة ستجتمع اليوم في الرياض.", published="2020-01-01")
    return os.getpid()


def peak_rss_mib() -> float:
    """Peak resident memory of this process (Dask ``client.run`` target for the benchmarks)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far (Dask ``client.run`` target for the benchmarks)."""
    return time.process_time()


def analyse_partition(name: str, input_path: str, first: int, records: list[Record], spec: str | None = None,
                      source: str | None = None) -> dict[str, Any]:
    """Parse and analyse the records of one partition; the Arrow tables of their documents and failures."""
    from marsad.ingest.prepare import content_hash
    from marsad.pipeline import document_id

    nlp = pipeline(spec)
    rows = empty_rows()
    for offset, rec in enumerate(records):
        index = first + offset
        base = {"partition": name, "input": input_path, "record": index, "locator": rec.locator}
        try:
            raw = check_arabic(rec.parse())
        except InputError as exc:
            rows["failures"].append({**base, "reason": str(exc)})
            continue
        except Exception as exc:  # a reader bug must not stop the run
            rows["failures"].append({**base, "reason": f"{rec.locator}: unreadable ({type(exc).__name__}: {exc})"[:500]})
            continue
        if source and not raw.source:
            raw.source = source
        raw.url = raw.url.strip() if raw.url else None
        doc_id = raw.id or document_id(raw.text, raw.url)
        try:
            doc = nlp(raw.text, published=raw.published, title=raw.title, source=raw.source, url=raw.url, id=doc_id)
            d = doc.to_dict()
        except Exception as exc:  # a bug in a component is a failure of this article only
            rows["failures"].append(
                {**base, "reason": f"{rec.locator}: analysis failed ({type(exc).__name__}: {exc})"[:500]})
            continue
        add_document(rows, d, {**base, "origin": raw.origin, "content_hash": content_hash(raw)})
    return {"name": name, "tables": to_tables(rows), "pid": os.getpid()}


# --- planning and writing ------------------------------------------------------------------------

def input_slug(inp: Input) -> str:
    return hashlib.sha1(inp.key.encode("utf-8")).hexdigest()[:12]


def partitions(inputs: list[Input], size: int, done: set[str]) -> Iterator[Partition | str]:
    """Partitions of the inputs in order; the *name* only of those already complete (not parsed)."""
    for inp in inputs:
        slug = input_slug(inp)
        part: Partition | None = None
        for index, rec in enumerate(inp.records()):
            chunk, offset = divmod(index, size)
            if offset == 0:
                if part is not None:
                    yield part
                part = None
                name = f"{slug}-{chunk:06d}"
                if name in done:
                    yield name
                    continue
                part = Partition(name, inp.path, inp.key, index)
            if part is not None:
                part.records.append(rec)
        if part is not None:
            yield part


def _write_atomic(path: Path, write) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def write_partition(out: Path, part: Partition, result: dict[str, Any]) -> dict[str, Any]:
    """Write a finished partition's tables, then its marker (the partition counts only from then on)."""
    tables = result["tables"]
    for t in TABLES:
        (out / t).mkdir(parents=True, exist_ok=True)
        _write_atomic(out / t / f"part-{part.name}.parquet", lambda p, tab=tables[t]: pq.write_table(tab, p))
    marker = {
        "name": part.name, "input": part.input, "input_key": part.input_key, "first": part.first,
        "records": len(part.records), "documents": tables["documents"].num_rows,
        "failures": tables["failures"].num_rows,
        **{t: tables[t].num_rows for t in ("entities", "quotes", "events", "places")},
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    (out / MARKERS).mkdir(parents=True, exist_ok=True)
    _write_atomic(out / MARKERS / f"{part.name}.json",
                  lambda p: p.write_text(json.dumps(marker, ensure_ascii=False), encoding="utf-8"))
    return marker


def completed(out: Path) -> dict[str, dict[str, Any]]:
    """The markers of the complete partitions of an output folder, by name."""
    folder = Path(out) / MARKERS
    if not folder.is_dir():
        return {}
    found = {}
    for f in sorted(folder.glob("*.json")):
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a marker being written: not complete
        found[m["name"]] = m
    return found


def ordered_markers(out: Path) -> list[dict[str, Any]]:
    """Complete partitions in input order (input path, then first record)."""
    return sorted(completed(out).values(), key=lambda m: (m["input"], m["input_key"], m["first"]))


def _settings(out: Path, size: int | None) -> int:
    path = out / SETTINGS
    if path.exists():
        existing = json.loads(path.read_text(encoding="utf-8"))["partition_size"]
        if size is not None and size != existing:
            raise ValueError(f"{out} was written with --partition-size {existing}; use that, or another --out")
        return existing
    size = size or PARTITION_SIZE
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": "marsad.batch/1", "partition_size": size}), encoding="utf-8")
    return size


def write_failures_file(out: Path) -> int:
    """``OUT/failures.jsonl``: every failure of the complete partitions, in input order."""
    n = 0
    tmp = out / ".failures.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for m in ordered_markers(out):
            if not m.get("failures"):
                continue
            for r in pq.read_table(out / "failures" / f"part-{m['name']}.parquet").to_pylist():
                fh.write(json.dumps({k: r[k] for k in ("input", "record", "locator", "reason")}, ensure_ascii=False) + "\n")
                n += 1
    os.replace(tmp, out / "failures.jsonl")
    return n


# --- the run ------------------------------------------------------------------------------------

def run_batch(paths: list[str], out: str | Path, *, workers: int | None = None, scheduler: str | None = None,
              partition_size: int | None = None, mapping: dict[str, str] | None = None, source: str | None = None,
              pipeline_spec: str | None = None, progress: bool = False, client: Any = None) -> BatchStats:
    """Analyse the inputs into Parquet partitions under ``out`` (see the module docstring).

    ``workers=0`` (and no scheduler or client) runs in this process without Dask; ``workers=None``
    starts one Dask worker per core. ``client`` reuses an existing ``distributed.Client``.
    """
    t0 = time.monotonic()
    out = Path(out)
    size = _settings(out, partition_size)
    inputs = list(expand(paths, mapping))
    done = completed(out)
    stats = BatchStats()
    own_cluster = None
    if client is None and (scheduler or workers != 0):
        client, own_cluster = _client(workers, scheduler)
    try:
        if client is None:
            stats.workers = 0
            for item in partitions(inputs, size, set(done)):
                if isinstance(item, str):
                    stats.skipped += 1
                    continue
                result = analyse_partition(item.name, item.input, item.first, item.records, pipeline_spec, source)
                _account(stats, write_partition(out, item, result), item, progress)
        else:
            _run_dask(client, inputs, out, size, done, stats, pipeline_spec, source, progress)
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    markers = completed(out)
    stats.partitions = len(markers)
    write_failures_file(out)
    stats.seconds = time.monotonic() - t0
    return stats


def _account(stats: BatchStats, marker: dict[str, Any], part: Partition, progress: bool) -> None:
    stats.done += 1
    stats.records += marker["records"]
    stats.documents += marker["documents"]
    stats.failures += marker["failures"]
    if progress:
        print(f"batch: partition {part.name} ({part.input} from record {part.first}): {marker['documents']} documents, "
              f"{marker['failures']} failures; {stats.done} partitions, {stats.documents:,} documents so far",
              file=sys.stderr, flush=True)


def _client(workers: int | None, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    n = workers if workers is not None else max(1, os.cpu_count() or 1)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    return Client(cluster), cluster


def _run_dask(client, inputs: list[Input], out: Path, size: int, done: dict, stats: BatchStats,
              spec: str | None, source: str | None, progress: bool) -> None:
    from distributed import as_completed

    nthreads = sum(client.nthreads().values()) or 1
    stats.workers = len(client.nthreads())
    client.run(warm_up, spec)  # every worker loads the pipeline once, in parallel, before the clock of any task
    in_flight: dict[Any, Partition] = {}
    queue = as_completed()
    limit = 2 * nthreads + 1

    def collect(fut) -> None:
        part = in_flight.pop(fut)
        try:
            result = fut.result()
        except Exception as exc:  # a worker died (twice): the partition stays incomplete, the next run redoes it
            stats.failed_partitions.append(f"{part.name} ({part.input} from record {part.first}): "
                                           f"{type(exc).__name__}: {exc}"[:300])
            fut.release()
            return
        fut.release()
        _account(stats, write_partition(out, part, result), part, progress)

    for item in partitions(inputs, size, set(done)):
        if isinstance(item, str):
            stats.skipped += 1
            continue
        fut = client.submit(analyse_partition, item.name, item.input, item.first, item.records, spec, source,
                            key=f"marsad-batch-{item.name}-{time.time_ns()}", pure=False)
        in_flight[fut] = item
        queue.add(fut)
        while len(in_flight) >= limit:
            collect(next(queue))
    for fut in queue:
        collect(fut)
