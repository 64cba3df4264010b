"""``marsad ingest``: many articles into the corpus store, in batches, resumably.

The main process reads the inputs in order, parses each record, and sorts it:

* unreadable (truncated JSON, not UTF-8, binary, not Arabic, ...) -> a *failure* with its reason;
* an article already stored (same URL; same source and content when there is no URL) -> a *duplicate*,
  nothing is added;
* new URL but content already stored (the same wire copy at another outlet) -> a new *article* of
  the existing document (no second analysis);
* otherwise -> a *job*: analysed in a worker process (:mod:`marsad.ingest.prepare`).

Records go in fixed-size batches (counted in records, across inputs). Each batch is committed in ONE
transaction that holds its documents, articles, failures, stories, event groups and the number of
records of each input now done. A run killed at any moment (SIGKILL included) leaves whole batches
only; the next run with the same inputs skips what each input already committed and goes on, and
because batches keep their boundaries, it ends with exactly the counts of an uninterrupted run.
Inputs that were finished are skipped outright (a changed file is a new input: its size or
modification time changed; its already-stored articles are then duplicates).

Every record read is accounted for: ``read = stored + aliases + duplicates + failed`` for the run,
and per input in the ``inputs`` table.

Memory: the run keeps to a budget (``memory``, MiB of resident memory summed over the writer and the
workers). The writer's share is what it uses; the rest is divided among the workers, and a worker
past its share after a batch is replaced by a fresh one (:mod:`marsad.ingest.pool`): the analysis
components' per-word caches are what grows. Headline embeddings are computed by the writer, so the
sentence encoder is loaded once, not once per worker; the story clusterer keeps only the days around
the batches in memory (:mod:`marsad.cluster.stories`).
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.cluster.events import assign_event_groups
from marsad.cluster.stories import StoryClusterer
from marsad.ingest.files import InputError, RawArticle
from marsad.ingest.pool import WorkerPool, rss_bytes, trim_heap
from marsad.ingest.prepare import Failed, Job, Prepared, add_embeddings, content_hash, prepare_jobs
from marsad.ingest.sources import Input, Record, expand
from marsad.pipeline import document_id
from marsad.store import open_store
from marsad.store.base import Store

BATCH_SIZE = 128
INLINE_BELOW = 100  # fewer records than this: no process pool
RECYCLE_AFTER = 16  # batches per worker process before a fresh one replaces it (bounds cache growth)
MEMORY_MIB = 1536  # resident memory of the run, writer and workers summed, that workers are replaced to keep to
MIN_WORKER_MIB = 384  # a worker's share never goes below this (a loaded pipeline alone takes about 250 MiB)


@dataclass
class RunStats:
    read: int = 0
    stored: int = 0  # new documents
    aliases: int = 0  # new articles of already-stored documents
    duplicates: int = 0
    failed: int = 0
    inputs: int = 0
    inputs_skipped: int = 0
    new_stories: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("read", "stored", "aliases", "duplicates", "failed", "inputs",
                                           "inputs_skipped", "new_stories")}
        d["seconds"] = round(self.seconds, 2)
        return d


@dataclass
class _InputState:
    inp: Input
    id: int
    records: int
    stored: int
    duplicates: int
    failed: int
    finished: bool = False


@dataclass
class _Entry:
    kind: str  # fail | dup | alias | new | end
    st: _InputState
    index: int = -1
    locator: str = ""
    reason: str = ""
    raw: RawArticle | None = None
    hash: str = ""
    key: str = ""
    seq: int = -1


class Ingester:
    """One ingest run over a store. ``workers=0`` analyses in this process."""

    def __init__(self, store: Store, *, workers: int | None = None, batch_size: int = BATCH_SIZE,
                 source: str | None = None, pipeline: str | None = None, embeddings: bool = True,
                 progress: bool = False, recycle: int | None = RECYCLE_AFTER,
                 memory: int | None = MEMORY_MIB) -> None:
        self.store = store
        self.workers = workers
        self.batch_size = max(1, batch_size)
        self.source = source
        self.pipeline = pipeline
        self.embeddings = embeddings
        self.progress = progress
        self.recycle = recycle
        self.memory = memory
        self.pool: WorkerPool | None = None
        self.clusterer = StoryClusterer(store)
        self.stats = RunStats()
        self._inflight_keys: set[str] = set()
        self._inflight_hashes: set[str] = set()
        self._inflight_ids: set[str] = set()
        self._seq = 0

    # --- reading -----------------------------------------------------------------------------------
    def _stream(self, inputs: list[Input], limit: int | None) -> Iterator[_Entry | tuple[_InputState, int, Record]]:
        n = 0
        for inp in inputs:
            state = self.store.input_state(inp.key)
            if state and state["finished"]:
                self.stats.inputs_skipped += 1
                continue
            self.stats.inputs += 1
            iid = state["id"] if state else self.store.start_input(inp.key, inp.path, inp.size, inp.mtime_ns)
            st = _InputState(inp, iid, state["records"] if state else 0, state["stored"] if state else 0,
                             state["duplicates"] if state else 0, state["failed"] if state else 0)
            skip = st.records
            for index, rec in enumerate(inp.records()):
                if index < skip:
                    continue
                if limit is not None and n >= limit:
                    return
                n += 1
                yield (st, index, rec)
            yield _Entry("end", st)

    def _classify(self, st: _InputState, index: int, rec: Record) -> tuple[_Entry, Job | None]:
        try:
            raw = rec.parse()
        except InputError as exc:
            return _Entry("fail", st, index, rec.locator, reason=str(exc)), None
        except Exception as exc:  # a reader bug must not stop the run
            return _Entry("fail", st, index, rec.locator, reason=f"{rec.locator}: unreadable ({type(exc).__name__}: {exc})"[:500]), None
        if self.source and not raw.source:
            raw.source = self.source
        raw.url = raw.url.strip() if raw.url else None
        h = content_hash(raw)
        key = raw.url or f"{raw.source or ''}|{h}"
        if key in self._inflight_keys or self.store.article_exists(key):
            return _Entry("dup", st, index, rec.locator, raw=raw, hash=h, key=key), None
        self._inflight_keys.add(key)
        if h in self._inflight_hashes or self.store.doc_by_hash(h) is not None:
            return _Entry("alias", st, index, rec.locator, raw=raw, hash=h, key=key), None
        self._inflight_hashes.add(h)
        doc_id = raw.id or document_id(raw.text, raw.url)
        if doc_id in self._inflight_ids or self.store.doc_id_exists(doc_id):
            doc_id = f"{doc_id}-{h[:8]}"
        self._inflight_ids.add(doc_id)
        seq = self._seq
        self._seq += 1
        entry = _Entry("new", st, index, rec.locator, raw=raw, hash=h, key=key, seq=seq)
        return entry, Job(seq, raw, doc_id, h, rec.locator)

    # --- committing --------------------------------------------------------------------------------
    def _commit(self, entries: list[_Entry], results: list[Prepared | Failed]) -> None:
        by_seq = {r.seq: r for r in results}
        touched_inputs: dict[int, _InputState] = {}
        inserted: list[tuple[int, Prepared]] = []
        touched_groups: set[int] = set()
        with self.store.transaction():
            for e in entries:
                st = e.st
                touched_inputs[st.id] = st
                if e.kind == "end":
                    st.finished = True
                    continue
                st.records = e.index + 1
                self.stats.read += 1
                if e.kind == "fail":
                    self._fail(st, e.locator, e.reason)
                elif e.kind == "dup":
                    st.duplicates += 1
                    self.stats.duplicates += 1
                elif e.kind == "alias":
                    doc = self.store.doc_by_hash(e.hash)
                    if doc is None:  # the first copy failed analysis in this very run
                        self._fail(st, e.locator, f"{e.locator}: same content as an article that failed analysis")
                        continue
                    raw = e.raw
                    assert raw is not None
                    self.store.add_article(doc, e.key, raw.url, raw.source, raw.published, raw.title, e.locator)
                    touched_groups.update(self.store.groups_of_doc(doc))
                    st.stored += 1
                    self.stats.aliases += 1
                else:
                    r = by_seq.get(e.seq)
                    if r is None:
                        r = Failed(e.seq, e.locator, f"{e.locator}: analysis result missing")
                    if isinstance(r, Failed):
                        self._fail(st, e.locator, r.reason)
                        continue
                    raw = e.raw
                    assert raw is not None
                    rowid = self.store.add_document(r.rec)
                    self.store.add_article(rowid, e.key, raw.url, raw.source, raw.published, raw.title, e.locator)
                    inserted.append((rowid, r))
                    st.stored += 1
                    self.stats.stored += 1
            self._cluster(inserted, touched_groups)
            for st in touched_inputs.values():
                self.store.update_input(st.id, st.records, st.stored, st.duplicates, st.failed, st.finished)
        for e in entries:
            self._inflight_keys.discard(e.key)
            self._inflight_hashes.discard(e.hash)

    def _cluster(self, inserted: list[tuple[int, Prepared]], touched_groups: set[int]) -> None:
        assignments = self.clusterer.assign(inserted)
        for (rowid, p), a in zip(inserted, assignments, strict=True):
            if a.new_story:
                self.stats.new_stories += 1
            event_ids = self.store.add_doc_rows(rowid, p.rows, p.rec["day"])
            touched_groups |= assign_event_groups(self.store, rowid, a.story, p.rec["day"], p.rows["events"], event_ids)
        if touched_groups:
            self.store.refresh_event_groups(sorted(touched_groups))

    def _fail(self, st: _InputState, locator: str, reason: str) -> None:
        self.store.add_failure(st.id, st.inp.path, locator, reason)
        st.failed += 1
        self.stats.failed += 1
        if len(self.stats.failures) < 20:
            self.stats.failures.append(reason)

    # --- the run -----------------------------------------------------------------------------------
    def run(self, inputs: list[Input], limit: int | None = None) -> RunStats:
        t0 = time.monotonic()
        seen: set[str] = set()
        inputs = [i for i in inputs if not (i.key in seen or seen.add(i.key))]  # the same file named twice
        total = self._total(inputs, limit)
        workers = self.workers
        if workers is None:
            workers = 0 if (total is not None and total < INLINE_BELOW) else max(1, os.cpu_count() or 1)
        if workers > 0:
            # spawn, not fork: the parent has a database connection and threads
            self.pool = WorkerPool(workers, self.pipeline, max_batches=self.recycle)
        bar = _Progress(self.progress, total)
        pending: deque[tuple[list[_Entry], list[Job], int | list]] = deque()
        max_pending = max(2, workers * 2)
        task = 0
        try:
            for entries, jobs in self._batches(inputs, limit):
                if self.pool is not None and jobs:
                    task += 1
                    self.pool.submit(task, jobs, self._worker_limit(workers))
                    ref: int | list = task
                else:
                    ref = self._prepare_here(jobs)
                pending.append((entries, jobs, ref))
                while len(pending) >= max_pending or (self.pool is None and pending):
                    self._finish(pending.popleft(), bar)
            while pending:
                self._finish(pending.popleft(), bar)
            if self.pool is not None:
                self.pool.close(wait=True)
        finally:
            if self.pool is not None:  # interrupted: do not wait for work that will not be committed
                self.pool.close(wait=False)
            bar.close()
            self.stats.seconds = time.monotonic() - t0
        return self.stats

    def _worker_limit(self, workers: int) -> int:
        """A worker's share of the memory budget, in bytes (0: no limit)."""
        if not self.memory:
            return 0
        share = (self.memory * 2**20 - rss_bytes()) // workers
        return max(share, MIN_WORKER_MIB * 2**20)

    def _prepare_here(self, jobs: list[Job]) -> list[Prepared | Failed]:
        return prepare_jobs(jobs, self.pipeline, self.embeddings) if jobs else []

    def _finish(self, item: tuple[list[_Entry], list[Job], int | list], bar: _Progress) -> None:
        entries, jobs, ref = item
        if isinstance(ref, list):
            results = ref
        else:
            assert self.pool is not None
            got = self.pool.result(ref)
            if got is None:  # the workers died on this batch: analyse it here
                results = self._prepare_here(jobs)
            else:
                results = got
                if self.embeddings:
                    add_embeddings(results)
        self._commit(entries, results)
        del results, item
        trim_heap()
        bar.update(sum(1 for e in entries if e.kind != "end"), self.stats)

    def _batches(self, inputs: list[Input], limit: int | None) -> Iterator[tuple[list[_Entry], list[Job]]]:
        entries: list[_Entry] = []
        jobs: list[Job] = []
        n = 0
        for item in self._stream(inputs, limit):
            if isinstance(item, _Entry):
                entries.append(item)
                continue
            entry, job = self._classify(*item)
            entries.append(entry)
            if job is not None:
                jobs.append(job)
            n += 1
            if n == self.batch_size:
                yield entries, jobs
                entries, jobs, n = [], [], 0
        if entries:
            yield entries, jobs

    def _total(self, inputs: list[Input], limit: int | None) -> int | None:
        total = 0
        for inp in inputs:
            state = self.store.input_state(inp.key)
            if state and state["finished"]:
                continue
            c = inp.count()
            if c is None:
                return limit
            total += max(0, c - (state["records"] if state else 0))
        return min(total, limit) if limit is not None else total


class _Progress:
    """A rich progress bar on stderr: records, rate, elapsed time and ETA."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):  # type: ignore[override]
                return Text(f"{task.speed:,.1f} art/s" if task.speed else "… art/s", style="cyan")

        self.bar = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.description}"),
            console=Console(stderr=True), transient=False, refresh_per_second=4,
        )
        self.task = self.bar.add_task("", total=total)
        self.bar.start()

    def update(self, n: int, stats: RunStats) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=n, description=(
                f"stored {stats.stored:,} · copies {stats.aliases:,} · dup {stats.duplicates:,} · failed {stats.failed:,}"))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ingest(paths: list[str], db: str = "marsad.db", *, mapping: dict[str, str] | None = None,
           stdin: bytes | None = None, limit: int | None = None, **kwargs: Any) -> RunStats:
    """Ingest files, folders or ``-`` (stdin bytes given as ``stdin``) into the store at ``db``."""
    store = open_store(db)
    try:
        inputs = list(expand(paths, mapping, stdin))
        return Ingester(store, **kwargs).run(inputs, limit=limit)
    finally:
        store.close()


def ingest_documents(store: Store, docs: list, embeddings: bool = True) -> RunStats:
    """Store already-analysed :class:`marsad.doc.Document` objects as one batch (imports, tests)."""
    from marsad.ingest.prepare import prepare_documents

    ing = Ingester(store, workers=0, embeddings=embeddings)
    key = "documents:" + str(time.time_ns())
    iid = store.start_input(key, "<documents>", None, None)
    st = _InputState(Input.__new__(Input), iid, 0, 0, 0, 0)
    st.inp.path = "<documents>"
    prepared = prepare_documents(docs, embeddings=embeddings)
    entries = []
    for i, (doc, p) in enumerate(zip(docs, prepared, strict=True)):
        raw = RawArticle(text=doc.text, title=doc.title, published=doc.published, source=doc.source, url=doc.url)
        k = raw.url or f"{raw.source or ''}|{p.rec['content_hash']}"
        if store.article_exists(k) or k in ing._inflight_keys:
            entries.append(_Entry("dup", st, i, doc.id, raw=raw, hash=p.rec["content_hash"], key=k))
            continue
        ing._inflight_keys.add(k)
        kind = "alias" if (store.doc_by_hash(p.rec["content_hash"]) is not None
                           or p.rec["content_hash"] in ing._inflight_hashes) else "new"
        ing._inflight_hashes.add(p.rec["content_hash"])
        entries.append(_Entry(kind, st, i, doc.id, raw=raw, hash=p.rec["content_hash"], key=k, seq=p.seq))
    entries.append(_Entry("end", st))
    ing._commit(entries, prepared)
    return ing.stats


def main_stdin() -> bytes:  # pragma: no cover - thin wrapper for the CLI
    return sys.stdin.buffer.read()
