"""Benchmark: ingest all of SaudiNewsNet (31,018 articles) into a fresh corpus store.

Reports wall time, the peak resident memory of the whole process tree (the ingester and its worker
processes, sampled from /proc), the accounting of every article (in = stored + failures; stored
articles are documents plus further copies of a stored document), and the story-clustering figure:
of the pairs of articles with identical titles from different outlets, how many fall in the same
story cluster (target >= 90%), and the number of clusters.

    python bench/ingest_saudinewsnet.py [--limit N] [--workers N] [--db PATH] [--no-write]

``--limit`` runs on the first N articles (development); the results file is only written for a full
run unless ``--write`` is given. Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import SNN, machine, write_section
from marsad.ingest.runner import MEMORY_MIB, RECYCLE_AFTER, Ingester
from marsad.ingest.sources import expand
from marsad.pipeline import available_default
from marsad.store import open_store

TITLE = "Corpus ingest: all of SaudiNewsNet (issue 7)"


class TreeRss:
    """Samples the memory of this process and all its descendants (Linux /proc): the summed RSS and PSS
    of the tree, and each process's own peak (the writer is this process; workers are its children)."""

    def __init__(self, interval: float = 0.25) -> None:
        self.peak = 0  # summed RSS
        self.peak_pss = 0  # summed PSS (shared pages divided among the processes sharing them)
        self.peak_procs = 0
        self.at_peak: dict[int, tuple[str, int]] = {}  # pid -> (role, RSS) when the summed RSS peaked
        self.proc_peak: dict[int, tuple[str, int, int]] = {}  # pid -> (role, peak RSS, peak PSS)
        self.interval = interval
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[int, int]:
        """RSS of every process of the tree."""
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * self._page
            except (OSError, IndexError, ValueError):
                continue
        children: dict[int, list[int]] = defaultdict(list)
        for child, parent in parents.items():
            children[parent].append(child)
        me = os.getpid()
        tree, frontier = {me}, [me]
        while frontier:
            for child in children.get(frontier.pop(), ()):
                if child not in tree:
                    tree.add(child)
                    frontier.append(child)
        return {p: rss.get(p, 0) for p in tree}

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @staticmethod
    def _role(pid: int) -> str:
        if pid == os.getpid():
            return "writer"
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            return "other"
        return "tracker" if b"resource_tracker" in cmd else "worker"

    def _record(self) -> None:
        rss = self._sample()
        pss = {p: self._pss(p) for p in rss}
        for p in rss:
            role, r0, s0 = self.proc_peak.get(p) or (self._role(p), 0, 0)
            self.proc_peak[p] = (role, max(r0, rss[p]), max(s0, pss[p]))
        total = sum(rss.values())
        if total > self.peak:
            self.peak = total
            self.at_peak = {p: (self.proc_peak[p][0], r) for p, r in rss.items()}
        self.peak_pss = max(self.peak_pss, sum(pss.values()))
        self.peak_procs = max(self.peak_procs, len(rss))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._record()
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._record()

    def role_peak(self, role: str) -> tuple[int, int, int]:
        """(peak RSS, peak PSS, number of processes) over the processes of a role."""
        vals = [(r, s) for rl, r, s in self.proc_peak.values() if rl == role]
        return max((r for r, _ in vals), default=0), max((s for _, s in vals), default=0), len(vals)

    def peak_breakdown(self) -> str:
        """The summed-RSS peak, process by process."""
        parts = sorted(self.at_peak.values(), key=lambda x: (x[0] != "writer", -x[1]))
        return " + ".join(f"{role} {r / 2**20:,.0f}" for role, r in parts)


def identical_title_figure(store) -> tuple[int, int]:
    """(pairs in the same story, pairs) over articles with identical titles from different outlets."""
    rows = store.db.execute(
        "SELECT trim(a.title), a.source, d.story FROM articles a JOIN documents d ON d.rowid = a.doc"
        " WHERE trim(coalesce(a.title, '')) != ''"
    ).fetchall()
    by_title: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for title, source, story in rows:
        by_title[title].append((source, story))
    pairs = same = 0
    for items in by_title.values():
        for (s1, st1), (s2, st2) in itertools.combinations(items, 2):
            if s1 != s2:
                pairs += 1
                same += st1 == st2
    return same, pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--components", default=None, help="only these pipeline components (default: all)")
    ap.add_argument("--recycle", type=int, default=RECYCLE_AFTER,
                    help="batches per worker process before it is replaced (0: only by memory)")
    ap.add_argument("--memory", type=int, default=MEMORY_MIB,
                    help="memory budget of the run in MiB (writer + workers; 0: none)")
    ap.add_argument("--db", default=None)
    ap.add_argument("--write", action="store_true", help="write RESULTS.md even for a --limit run")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--trace", action="store_true", help="print each worker's memory after each batch")
    ap.add_argument("--report-only", metavar="DB", help="only compute the corpus figures of an existing database")
    args = ap.parse_args()
    if args.report_only:
        store = open_store(args.report_only, readonly=True)
        s = store.stats()
        same, pairs = identical_title_figure(store)
        store.close()
        print(f"records read {s['records_read']:,}: {s['articles']:,} stored articles ({s['documents']:,} documents),"
              f" {s['failures']:,} failures, {s['duplicates']:,} duplicates; {s['stories']:,} stories;"
              f" identical-title pairs in the same story {same:,}/{pairs:,} = {100 * same / max(pairs, 1):.1f}%")
        return 0
    files = sorted(SNN.glob("*.jsonl.gz")) if SNN.is_dir() else []
    if not files:
        print(f"benchmark skipped: {SNN} is absent (../shared is not beside this checkout)")
        return 0
    tmp = None
    if args.db:
        db = args.db
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
        db = str(Path(tmp.name) / "snn.db")
    store = open_store(db)
    inputs = list(expand([str(f) for f in files]))
    ing = Ingester(store, workers=args.workers, batch_size=args.batch_size, progress=sys.stderr.isatty(),
                   recycle=args.recycle or None, memory=args.memory or None,
                   pipeline=f"components:{args.components}" if args.components else None)
    t0 = time.monotonic()
    with TreeRss() as rss:
        stats = ing.run(inputs, limit=args.limit)
    wall = time.monotonic() - t0
    import resource

    cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    load = os.getloadavg()
    writer_rss, writer_pss, _ = rss.role_peak("writer")
    worker_rss, worker_pss, n_workers = rss.role_peak("worker")
    pool = ing.pool.stats if ing.pool is not None else None
    s = store.stats()
    same, pairs = identical_title_figure(store)
    db_size = sum(Path(db + x).stat().st_size for x in ("", "-wal") if Path(db + x).exists())
    store.close()
    if tmp is not None:
        tmp.cleanup()

    articles_in = stats.read
    stored_articles = stats.stored + stats.aliases
    exact = articles_in == stored_articles + stats.failed + stats.duplicates
    workers = args.workers if args.workers is not None else os.cpu_count()
    lines = [
        f"Run {date.today().isoformat()} on {machine()}; {workers} worker processes + the writer;"
        f" batches of {args.batch_size}; a worker is replaced after {args.recycle} batches"
        + (f" or when past its share of a {args.memory:,} MiB memory budget" if args.memory else "")
        + "; fresh SQLite database;"
        f" pipeline components: {args.components or ', '.join(available_default())}.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| articles in | {articles_in:,}" + (f" (limit {args.limit:,})" if args.limit else "") + " |",
        f"| stored articles | {stored_articles:,} ({stats.stored:,} documents + {stats.aliases:,} further copies of a"
        " stored document under another URL) |",
        f"| failures recorded | {stats.failed:,} |",
        f"| duplicates (same URL) | {stats.duplicates:,} |",
        f"| in = stored + failures{' + duplicates' if stats.duplicates else ''} | {'yes, exactly' if exact else 'NO'} |",
        f"| wall time | {wall:,.0f} s ({wall / 60:.1f} min; {articles_in / wall:,.1f} articles/s) |",
        f"| CPU time (writer + workers) | {cpu:,.0f} s ({1000 * cpu / max(articles_in, 1):.0f} ms per article;"
        f" machine load average {load[0]:.1f} at the end) |",
        f"| peak RSS (writer + workers, summed) | {rss.peak / 2**20:,.0f} MiB ({rss.peak_breakdown()} MiB);"
        f" PSS, shared pages counted once: {rss.peak_pss / 2**20:,.0f} MiB; up to {rss.peak_procs} processes at once |",
        f"| peak RSS per process | writer {writer_rss / 2**20:,.0f} MiB (PSS {writer_pss / 2**20:,.0f});"
        f" largest worker {worker_rss / 2**20:,.0f} MiB (PSS {worker_pss / 2**20:,.0f}); {n_workers} worker processes"
        + (f" in all ({pool.by_memory} replaced past their memory share, {pool.retired - pool.by_memory} after"
           f" {args.recycle} batches, {pool.died} died)" if pool else "") + " |",
        f"| story clusters | {s['stories']:,} ({s['multi_doc_stories']:,} with several documents) |",
        f"| identical-title pairs from different outlets in the same cluster | {same:,} / {pairs:,}"
        f" = {100 * same / max(pairs, 1):.1f}% |",
        f"| near-duplicate documents | {s['near_duplicates']:,} |",
        f"| entities / quotes / events (mentions) | {s['entities']:,} / {s['quotes']:,} / {s['events']:,}"
        f" ({s['event_mentions']:,}) |",
        f"| database size | {db_size / 2**20:,.0f} MiB |",
    ]
    if s["failure_reasons"]:
        lines += ["", "Failure reasons: " + "; ".join(f"{r['count']:,} × {r['reason'][:60]}" for r in s["failure_reasons"][:4])]
    body = "\n".join(lines)
    print(f"## {TITLE}\n\n{body}")
    if args.trace and pool:
        for pid, n, r, peak in pool.after_batch:
            print(f"worker {pid} batch {n}: {r / 2**20:,.0f} MiB after, {peak / 2**20:,.0f} MiB at most")
    if not args.no_write and (args.limit is None or args.write):
        title = TITLE
        if args.components:
            title += f", components {args.components}"
        if args.limit:
            title += f", first {args.limit:,} articles"
        write_section(title, body)
    return 0 if exact else 1


if __name__ == "__main__":
    raise SystemExit(main())
