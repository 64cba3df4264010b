"""The analysis worker processes of ``marsad ingest``, kept within a memory budget.

A worker loads the pipeline once, then analyses batch after batch (:func:`marsad.ingest.prepare.prepare_jobs`).
The pipeline's components keep per-word caches that grow with the vocabulary seen, so a worker's memory
grows for as long as it lives. After each batch the worker hands freed heap memory back to the system
(``malloc_trim``) and measures its resident memory; above the limit that came with the batch it sends
its result and exits, and a fresh worker takes its place (loading the pipeline costs about a second and
a half of CPU). The limit is set per batch by the writer (:class:`marsad.ingest.runner.Ingester`): the
memory budget of the run less the writer's own memory, shared among the workers. Optionally a worker
is also replaced after a fixed number of batches.

Results do not depend on which worker analyses a batch, nor on when workers are replaced: the caches
only remember what a function returned for an input.

Workers are started with ``spawn`` (the parent holds a database connection and threads) and talk to
the parent over one pipe each, so no semaphore and no resource-tracker process are needed. A worker
that dies while analysing a batch (killed, out of memory) is replaced and the batch is given to the
next worker once; if that one dies too, the batch comes back as ``None`` and the caller analyses it
itself (as before: a batch is never lost). After :data:`MAX_DEATHS` deaths with no batch done in
between, every batch comes back as ``None``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import threading
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
MAX_DEATHS = 8  # workers dying one after another with no batch done in between: the pool gives up


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (Linux; 0 where /proc is absent)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def peak_rss_bytes(reset: bool = False) -> int:
    """This process's resident-memory high-water mark (VmHWM); ``reset`` starts a new one (Linux)."""
    peak = 0
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) * 1024
                    break
        if reset:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
    except (OSError, ValueError, IndexError):
        pass
    return peak


_LIBC: Any = None


def trim_heap() -> None:
    """Give the C heap's free memory back to the system (glibc ``malloc_trim``; a no-op elsewhere)."""
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC.malloc_trim.argtypes = [ctypes.c_size_t]
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


def _worker_main(conn: Connection, pipeline: str | None, max_batches: int | None) -> None:
    """A worker process: answer ``(task, jobs, max_rss)`` messages with ``(task, ok, result, rss, peak,
    retiring)`` until told to stop (``None``) or past its limits (``rss``: resident memory after the
    batch, heap trimmed; ``peak``: the most it took meanwhile). The pipeline is loaded once the first
    batch has been read: the parent's write of a batch completes only as the worker reads it."""
    from marsad.ingest.prepare import _pipeline, prepare_jobs

    load_error: BaseException | None = None
    loaded = False
    done = 0
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            msg = None
        if msg is None:
            conn.close()
            os._exit(0)  # at once: a clean interpreter shutdown of a large heap takes time
        task, jobs, max_rss = msg
        if not loaded:
            loaded = True
            try:
                _pipeline(pipeline)
            except BaseException as exc:  # reported with every batch: the run raises it
                load_error = exc
            gc.collect()
            gc.freeze()  # the loaded knowledge base and models are never garbage: no need to traverse them
        ok, result = True, None
        if load_error is not None:
            ok, result = False, load_error
        else:
            try:
                result = prepare_jobs(jobs, pipeline, embeddings=False)
            except BaseException as exc:
                ok, result = False, exc
        del jobs, msg
        done += 1
        gc.collect(1)
        trim_heap()
        rss = rss_bytes()
        peak = peak_rss_bytes(reset=True)
        retiring = bool((max_rss and rss > max_rss) or (max_batches and done >= max_batches))
        try:
            conn.send((task, ok, result, rss, peak, retiring))
        except OSError:  # the parent is gone
            os._exit(1)
        except Exception as exc:  # the result does not pickle: report that instead
            try:
                conn.send((task, False, RuntimeError(f"worker result could not be sent: {exc!r}"), rss, peak, retiring))
            except OSError:
                os._exit(1)
        if retiring:
            conn.close()
            os._exit(0)


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    task: int | None = None
    batches: int = 0
    max_rss: int = 0  # the limit sent with its current batch


@dataclass
class PoolStats:
    started: int = 0
    retired: int = 0  # replaced after passing the memory limit or the batch count
    died: int = 0  # ended without being asked to (killed, crashed)
    peak_rss: int = 0  # the largest resident memory of a worker, during a batch
    by_memory: int = 0  # of the retired: past the memory limit (the others: the batch count)
    after_batch: list[tuple[int, int, int, int]] = field(default_factory=list)  # (pid, batches done, RSS, peak)


class WorkerPool:
    """``n`` worker processes analysing batches of jobs; results are fetched by task id."""

    def __init__(self, n: int, pipeline: str | None = None, max_batches: int | None = None) -> None:
        self.n = max(1, n)
        self.pipeline = pipeline
        self.max_batches = max_batches or None
        self.ctx = multiprocessing.get_context("spawn")
        self.stats = PoolStats()
        self._cv = threading.Condition()
        self._queue: deque[tuple[int, list, int]] = deque()  # (task, jobs, max_rss) not yet given to a worker
        self._jobs: dict[int, tuple[list, int]] = {}  # task -> (jobs, max_rss) until its result is in
        self._tries: dict[int, int] = {}
        self._results: dict[int, tuple[bool, Any]] = {}
        self._workers: list[_Worker] = []
        self._closed = False
        self._broken = False
        self._deaths = 0
        self._wake_r, self._wake_w = self.ctx.Pipe(duplex=False)
        with self._cv:
            for _ in range(self.n):
                self._start_worker()
        self._thread = threading.Thread(target=self._collect, name="marsad-ingest-pool", daemon=True)
        self._thread.start()

    # --- the caller's side -------------------------------------------------------------------------
    def submit(self, task: int, jobs: list, max_rss: int = 0) -> None:
        with self._cv:
            self._jobs[task] = (jobs, max_rss)
            self._tries[task] = 0
            self._queue.append((task, jobs, max_rss))
            self._dispatch()

    def result(self, task: int) -> list | None:
        """The results of a task; ``None`` when workers kept dying on it (the caller analyses it)."""
        with self._cv:
            while task not in self._results:
                self._cv.wait()
            ok, value = self._results.pop(task)
        if not ok:
            if value is None:
                return None
            raise value
        return value

    def worker_rss(self) -> list[int]:
        """Current resident memory of each live worker."""
        with self._cv:
            return [rss_bytes(w.proc.pid) for w in self._workers]

    def close(self, wait: bool = True) -> None:
        with self._cv:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
        self._wake_w.send_bytes(b"x")
        self._thread.join(timeout=5)
        for w in workers:
            if wait and w.task is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        for w in workers:
            w.proc.join(timeout=10 if wait and w.task is None else 0)
            if w.proc.is_alive():
                w.proc.terminate()
                w.proc.join(timeout=5)
            w.conn.close()
        self._wake_r.close()
        self._wake_w.close()

    # --- workers (called with the lock held) -------------------------------------------------------
    def _start_worker(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        saved = {v: os.environ.get(v) for v in _THREAD_VARS}
        for v in _THREAD_VARS:  # one BLAS thread per worker (the pool already uses every core)
            os.environ.setdefault(v, "1")
        try:
            proc = self.ctx.Process(target=_worker_main, args=(child, self.pipeline, self.max_batches),
                                    name="marsad-ingest-worker", daemon=True)
            proc.start()
        finally:
            for v, old in saved.items():
                if old is None:
                    os.environ.pop(v, None)
                else:
                    os.environ[v] = old
        child.close()
        self._workers.append(_Worker(proc, parent))
        self.stats.started += 1

    def _dispatch(self) -> None:
        if self._broken:
            while self._queue:
                task, _, _ = self._queue.popleft()
                self._results[task] = (True, None)
                self._jobs.pop(task, None)
            self._cv.notify_all()
            return
        for w in self._workers:
            if not self._queue:
                return
            if w.task is None:
                task, jobs, max_rss = self._queue.popleft()
                try:
                    w.conn.send((task, jobs, max_rss))
                except OSError:  # it died meanwhile: the collector will notice and put the task back
                    self._queue.appendleft((task, jobs, max_rss))
                    return
                w.task = task
                w.max_rss = max_rss

    def _collect(self) -> None:
        try:
            self._collect_loop()
        except BaseException:  # a bug here must not leave the caller waiting: it analyses what is left
            with self._cv:
                self._broken = True
                for task in list(self._jobs):
                    self._results.setdefault(task, (True, None))
                self._jobs.clear()
                self._queue.clear()
                self._cv.notify_all()
            raise

    def _collect_loop(self) -> None:
        while True:
            with self._cv:
                if self._closed:
                    return
                handles: list[Any] = [self._wake_r]
                for w in self._workers:
                    handles += [w.conn, w.proc.sentinel]
            ready = wait(handles)
            if self._wake_r in ready:
                with contextlib.suppress(EOFError, OSError):
                    self._wake_r.recv_bytes()
            with self._cv:
                if self._closed:
                    return
                for w in list(self._workers):
                    if w.conn in ready or w.proc.sentinel in ready:
                        self._serve(w)
                self._dispatch()
                self._cv.notify_all()

    def _serve(self, w: _Worker) -> None:
        """Read a worker's answer, or notice its end."""
        msg = None
        try:
            if w.conn.poll():
                msg = w.conn.recv()
        except (EOFError, OSError):
            msg = None
        if msg is not None:
            task, ok, value, rss, peak, retiring = msg
            self.stats.peak_rss = max(self.stats.peak_rss, peak)
            self.stats.after_batch.append((w.proc.pid, w.batches + 1, rss, peak))
            self._results[task] = (ok, value)
            self._jobs.pop(task, None)
            self._tries.pop(task, None)
            w.task = None
            w.batches += 1
            self._deaths = 0
            if retiring:
                self.stats.retired += 1
                self.stats.by_memory += bool(w.max_rss and rss > w.max_rss)
                self._replace(w, expected=True)
            return
        if w.proc.is_alive():
            return
        self.stats.died += 1
        if w.task is not None:
            task = w.task
            self._tries[task] = self._tries.get(task, 0) + 1
            if self._tries[task] >= 2:  # it died on a second worker too: the caller analyses it
                self._results[task] = (True, None)
                self._jobs.pop(task, None)
            else:
                jobs, max_rss = self._jobs[task]
                self._queue.appendleft((task, jobs, max_rss))
        self._deaths += 1
        self._replace(w, expected=False)

    def _replace(self, w: _Worker, expected: bool) -> None:
        self._workers.remove(w)
        w.proc.join(timeout=5 if expected else 0.1)
        w.conn.close()
        if self._deaths >= MAX_DEATHS:  # the rest is analysed by the caller
            self._broken = True
            return
        if not self._closed:
            self._start_worker()
