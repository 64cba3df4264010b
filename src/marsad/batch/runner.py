"""``marsad batch``: the per-article pipeline over many articles on Dask, into Parquet partitions.

The inputs are read the way ``marsad ingest`` reads them (:func:`marsad.ingest.sources.expand`: files,
folders, archives, JSON lines, HTML, feeds) and cut into *partitions* of consecutive records of one
input (``--partition-size``, 250 by default). A partition is named after its input (the input's key:
path, size and modification time) and its first record, so the same inputs always give the same
partitions. Each partition is one Dask task, and the task does all the work of its partition: it
parses its records, runs ``marsad.load()`` on each article (one pipeline per worker process, loaded
once), builds the Arrow tables and encodes them as Parquet. The client only plans, and writes the
marker ``OUT/_partitions/<name>.json`` last.

* **What travels between client and workers is small.** A JSON-lines input (SaudiNewsNet's
  ``*.jsonl.gz``, any ``.jsonl``/``.ndjson``) is read once by the client -- decompressing and splitting
  lines, about a microsecond a record -- and a task carries the raw bytes of its lines (no per-record
  objects or closures are pickled); other formats carry their records. A worker that sees the output
  folder (a ``LocalCluster``, or any cluster on a shared file system: checked once per run with a probe
  file) writes its Parquet files itself and returns only their row counts; otherwise it returns the
  encoded Parquet files (bytes) and the client writes them. Documents never cross the wire as Python
  objects.
* **Workers are processes with one thread each** (the pipeline is pure Python and holds the GIL). A
  ``LocalCluster`` started here turns off what costs a worker CPU without serving a batch run: the
  statistical profiler (a stack sample every 10 ms), the 20 ms event-loop tick, the 100 ms memory
  monitor and work stealing; its scheduler hands a partition only to a free worker (worker saturation
  1.0), so no partition waits on a busy worker while another is idle at the end of a run. After
  loading the pipeline and analysing one sentence, each process freezes what is alive out of the
  cyclic garbage collector's sight and collects less often (:func:`marsad.runtime.tune_gc`).
* **Resumable by partition**: a partition whose marker exists is not read again. A run that was
  killed, or in which a task failed, is finished by running the same command again; files of a
  partition without a marker are simply overwritten.
* **Failures** (unreadable records, text that is not Arabic, an exception in a component) are rows of
  the ``failures`` table with their reason, never a stopped run; ``OUT/failures.jsonl`` lists all of them.
* **The same results as one process**: ``workers=0`` runs the same partition function in this process
  without Dask (the single-process path); the tables are identical whatever the number of workers.

Dask: a ``LocalCluster`` of ``workers`` processes with one thread each, or an existing cluster by its
scheduler address (``tcp://host:8786``); its workers need marsad installed, and the inputs need only be
readable by the client.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.batch.tables import (
    PARQUET_OPTIONS,
    ROW_TABLES,
    TABLES,
    add_document,
    document_dict,
    empty_rows,
    to_tables,
)
from marsad.ingest.files import MIN_ARABIC_RATIO, InputError, check_arabic
from marsad.ingest.sources import JSONL_SUFFIXES, Input, Record, expand

PARTITION_SIZE = 250
MARKERS = "_partitions"
SETTINGS = "_batch.json"

# Dask settings of a LocalCluster started by marsad batch (see the module docstring)
DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
    # a worker gets its next partition when it is free (no second one waiting on a busy worker while
    # another idles at the end of a run); the scheduler holds the rest
    "distributed.scheduler.worker-saturation": 1.0,
}


@dataclass
class Partition:
    """Consecutive records ``first .. first + size - 1`` of one input.

    ``lines`` (JSON lines): ``(locator, raw line)`` for each record, or ``(locator, reason)`` (a ``str``)
    for a record that could not be read (a truncated archive). ``records``: any other format.
    """

    name: str
    input: str
    input_key: str
    first: int
    records: list[Record] = field(default_factory=list)
    lines: list[tuple[str, bytes | str]] | None = None
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.lines) if self.lines is not None else len(self.records)


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
    shared_output: bool = True  # the workers wrote the Parquet files themselves

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("partitions", "done", "skipped", "documents", "failures", "records",
                                           "workers", "shared_output")}
        d["failed_partitions"] = list(self.failed_partitions)
        d["seconds"] = round(self.seconds, 2)
        return d


# --- the process: pipeline, warm-up, measurements -----------------------------------------------

_NLP: dict[str, Any] = {}
_WARM: set[str] = set()


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
    """Load the pipeline, run it once, and take its objects out of the garbage collector's way.

    The Dask ``client.run`` target on every worker (and the first step of the single-process path);
    returns the process id. :func:`tune_gc` moves every object alive now -- the knowledge base, the
    lexicons and models, and what the first article filled in -- into the permanent generation, which
    full collections do not walk.
    """
    if (spec or "") in _WARM:
        return os.getpid()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    pipeline(spec)("قال الرئيس إن الحكومة ستجتمع اليوم في الرياض.", published="2020-01-01")
    tune_gc()  # again: what the first article loaded is frozen too
    _WARM.add(spec or "")
    return os.getpid()


class BatchWorker:
    """Dask worker plugin: :func:`warm_up` on every worker, also on one that joins or is restarted
    after the plugin is registered."""

    name = "marsad-batch"

    def __init__(self, spec: str | None = None) -> None:
        self.spec = spec

    def setup(self, worker) -> None:
        warm_up(self.spec)


def tune_gc() -> bool:
    """:func:`marsad.runtime.tune_gc` (freeze what is alive, collect less often; ``MARSAD_GC=default``
    leaves the interpreter's settings): a Dask ``client.run`` target."""
    from marsad.runtime import tune_gc as tune

    return tune()


def peak_rss_mib() -> float:
    """Peak resident memory of this process (Dask ``client.run`` target for the benchmarks)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system, every thread) of this process so far (Dask ``client.run`` target)."""
    return time.process_time()


# --- the work of one partition (runs in a worker process, or inline) -----------------------------

# runs of the code points of marsad.text.normalize.is_arabic_letter (all letters: a test checks both)
ARABIC_LETTERS = re.compile("[\u0621-\u064A\u0671-\u06D3\u06D5\u06FA-\u06FC]+")


def arabic_ratio(text: str) -> float:
    """:func:`marsad.text.normalize.arabic_ratio`, the same value about four times faster: the Arabic
    letters are removed in runs by one regex, and only what is left is looked at character by character."""
    rest = ARABIC_LETTERS.sub("", text)
    arabic = len(text) - len(rest)
    letters = arabic + sum(map(str.isalpha, rest))
    return arabic / letters if letters else 0.0


def arabic_enough(text: str) -> bool:
    """True when :func:`check_arabic` accepts a text on its letters (it also rejects an empty one)."""
    return arabic_ratio(text) >= MIN_ARABIC_RATIO


def _records(part: Partition) -> Iterator[tuple[int, str, Any]]:
    """``(index, locator, Record | failure reason)`` for the records of a partition."""
    if part.lines is None:
        for offset, rec in enumerate(part.records):
            yield part.first + offset, rec.locator, rec
        return
    from marsad.ingest.sources import _json_line  # the parser of marsad ingest, so the messages agree

    for offset, (loc, line) in enumerate(part.lines):
        if isinstance(line, str):
            yield part.first + offset, loc, line
        else:
            yield part.first + offset, loc, Record(loc, _json_line(line, loc, part.mapping))


def analyse(part: Partition, spec: str | None = None, source: str | None = None) -> dict[str, pa.Table]:
    """Parse and analyse the records of one partition; the Arrow tables of their documents and failures."""
    from marsad.ingest.prepare import content_hash
    from marsad.pipeline import document_id

    nlp = pipeline(spec)
    rows = empty_rows()
    for index, loc, rec in _records(part):
        base = {"partition": part.name, "input": part.input, "record": index, "locator": loc}
        if isinstance(rec, str):
            rows["failures"].append({**base, "reason": rec})
            continue
        try:
            raw = rec.parse()
            if not (raw.text.strip() and arabic_enough(raw.text)):
                check_arabic(raw)  # raises with the reason
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
            d = document_dict(doc)
        except Exception as exc:  # a bug in a component is a failure of this article only
            rows["failures"].append(
                {**base, "reason": f"{rec.locator}: analysis failed ({type(exc).__name__}: {exc})"[:500]})
            continue
        add_document(rows, d, {**base, "origin": raw.origin, "content_hash": content_hash(raw)})
    return to_tables(rows)


def _write_atomic(path: Path, write) -> None:
    # the temporary name is this process's: a task run twice at once (a worker presumed lost) cannot mix files
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _parquet_bytes(name: str, table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS.get(name, {}))
    return sink.getvalue().to_pybytes()


def run_partition(part: Partition, spec: str | None = None, source: str | None = None,
                  out: str | None = None) -> dict[str, Any]:
    """The task of one partition: analyse it and encode its tables as Parquet.

    With ``out`` (a folder this process can write, the same one the client sees) the files are written
    there and only the row counts come back; without, the encoded files come back as ``bytes``.
    """
    t0 = time.process_time()
    tables = analyse(part, spec, source)
    counts = {t: tables[t].num_rows for t in TABLES}
    files: dict[str, bytes] | None = None
    if out is not None:
        for t in TABLES:
            folder = Path(out) / t
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(folder / f"part-{part.name}.parquet",
                          lambda p, t=t: pq.write_table(tables[t], p, **PARQUET_OPTIONS.get(t, {})))
    else:
        files = {t: _parquet_bytes(t, tables[t]) for t in TABLES}
    return {"name": part.name, "counts": counts, "files": files, "pid": os.getpid(),
            "cpu": time.process_time() - t0}


# --- planning and writing ------------------------------------------------------------------------

def input_slug(inp: Input) -> str:
    return hashlib.sha1(inp.key.encode("utf-8")).hexdigest()[:12]


def _is_json_lines(inp: Input) -> bool:
    name = inp.path.lower()
    return inp.path != "-" and name.endswith(JSONL_SUFFIXES + tuple(s + ".gz" for s in JSONL_SUFFIXES))


def _json_lines(inp: Input) -> Iterator[tuple[str, bytes | str]]:
    """``(locator, raw line)`` of a JSON-lines file's records, as :meth:`Input.records` numbers them
    (line numbers count blank lines, which are no records); ``(locator, reason)`` for an unreadable end."""
    path = inp.path
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            n = 0
            try:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        yield f"{path}:{n}", line
            except (EOFError, OSError, zlib.error) as exc:
                loc = f"{path}:{n + 1}"
                yield loc, f"{loc}: the file is truncated or corrupt after line {n} ({exc})"
    except OSError as exc:
        yield path, f"{path}: cannot read ({exc})"


def partitions(inputs: list[Input], size: int, done: set[str]) -> Iterator[Partition | str]:
    """Partitions of the inputs in order; the *name* only of those already complete (not parsed)."""
    for inp in inputs:
        slug = input_slug(inp)
        lines = _is_json_lines(inp)
        items: Iterator[Any] = _json_lines(inp) if lines else inp.records()
        part: Partition | None = None
        for index, item in enumerate(items):
            chunk, offset = divmod(index, size)
            if offset == 0:
                if part is not None:
                    yield part
                part = None
                name = f"{slug}-{chunk:06d}"
                if name in done:
                    yield name
                    continue
                part = Partition(name, inp.path, inp.key, index, lines=[] if lines else None, mapping=inp.mapping)
            if part is not None:
                if part.lines is not None:
                    part.lines.append(item)
                else:
                    part.records.append(item)
        if part is not None:
            yield part


def write_partition(out: Path, part: Partition, result: dict[str, Any]) -> dict[str, Any]:
    """Finish a partition: write its files if the worker returned them, then its marker (the partition
    counts only from then on)."""
    if result.get("files") is not None:
        for t in TABLES:
            (out / t).mkdir(parents=True, exist_ok=True)
            _write_atomic(out / t / f"part-{part.name}.parquet", lambda p, b=result["files"][t]: p.write_bytes(b))
    counts = result["counts"]
    marker = {
        "name": part.name, "input": part.input, "input_key": part.input_key, "first": part.first,
        "records": part.size, "documents": counts["documents"], "failures": counts["failures"],
        **{t: counts[t] for t in ROW_TABLES},
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
    out = Path(out).resolve()
    size = _settings(out, partition_size)
    inputs = list(expand(paths, mapping))
    done = completed(out)
    stats = BatchStats()
    own_client = own_cluster = None
    if client is None and (scheduler or workers != 0):
        client, own_cluster = _connect(scheduler) if scheduler else local_cluster(workers)
        own_client = client
    try:
        if client is None:
            stats.workers = 0
            warm_up(pipeline_spec)
            for item in partitions(inputs, size, set(done)):
                if isinstance(item, str):
                    stats.skipped += 1
                    continue
                result = run_partition(item, pipeline_spec, source, str(out))
                _account(stats, write_partition(out, item, result), item, progress)
        else:
            _run_dask(client, inputs, out, size, done, stats, pipeline_spec, source, progress)
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
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


def _connect(address: str):
    from distributed import Client

    return Client(address), None


def local_cluster(workers: int | None = None):
    """``(client, cluster)``: a ``LocalCluster`` of ``workers`` processes (default one per core), one
    thread each, with :data:`DASK_CONFIG`."""
    import dask
    from distributed import Client, LocalCluster

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    n = workers if workers is not None else max(1, os.cpu_count() or 1)
    with dask.config.set(DASK_CONFIG):
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    return client, cluster


def _worker_plugin(spec: str | None):
    from distributed.diagnostics.plugin import WorkerPlugin

    class _Plugin(BatchWorker, WorkerPlugin):
        pass

    return _Plugin(spec)


def _read_probe(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


def shared_output(client, out: Path) -> bool:
    """Whether every worker sees ``out`` as the client does (a probe file with a random token)."""
    token = uuid.uuid4().hex
    probe = out / f".probe-{token}"
    probe.write_text(token, encoding="utf-8")
    try:
        seen = client.run(_read_probe, str(probe))
    finally:
        probe.unlink(missing_ok=True)
    return bool(seen) and all(v == token for v in seen.values())


def _run_dask(client, inputs: list[Input], out: Path, size: int, done: dict, stats: BatchStats,
              spec: str | None, source: str | None, progress: bool) -> None:
    from distributed import as_completed

    nthreads = sum(client.nthreads().values()) or 1
    stats.workers = len(client.nthreads())
    # every worker loads the pipeline once, in parallel, before any task (and so will a restarted one)
    client.register_plugin(_worker_plugin(spec), name=BatchWorker.name)
    stats.shared_output = shared_output(client, out)
    target = str(out) if stats.shared_output else None
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
        fut = client.submit(run_partition, item, spec, source, target,
                            key=f"marsad-batch-{item.name}-{time.time_ns()}", pure=False)
        in_flight[fut] = item
        queue.add(fut)
        while len(in_flight) >= limit:
            collect(next(queue))
    for fut in queue:
        collect(fut)
