"""Scale out (issue 9): pipeline throughput on Dask, memory per worker, and event queries on 1M events.

1. ``marsad batch`` over SaudiNewsNet articles (4,000 by default), each configuration in fresh
   processes (the pipeline's caches start cold in every one): the pipeline alone (no reading, no
   tables), ``marsad batch --workers 0`` (one process, no Dask), and ``marsad batch`` on its own Dask
   LocalCluster of 1 and of 2 worker processes (one thread each). For each: the wall-clock rate; the
   CPU time of every process involved (the workers, and the client process, which also runs the
   scheduler and the nannies) and the CPU-bound rate it implies (articles over the CPU seconds of the
   busiest core's share: what an otherwise idle machine with that many cores would do); parallel
   efficiency 1 -> 2 workers both ways; peak RSS per worker; the machine's load average before and
   after; and how much CPU *other* processes took during the run (from ``/proc/stat``), so a wall-clock
   figure can be read against what was left of the 2 cores. The outputs of one process and of 1 and 2
   workers are compared table by table (they must be identical). With ``MARSAD_NER=gazetteer`` (no
   CRF) one process and 2 workers are measured again, as an extra row only.
   Targets: >= 140 articles/s with 2 workers, efficiency >= 80%, peak RSS per worker <= 1 GiB.
2. Event-query latency on a store holding 1,000,000 synthetic event groups (one mention each, over
   50,000 documents and ten years), written directly with the store's connection (executemany on
   SQLite, COPY on PostgreSQL): typical ``marsad events`` queries through ``Store.event_groups``.
   PostgreSQL is measured when ``MARSAD_BENCH_PG`` (or ``MARSAD_TEST_PG``) gives a server URL, or when
   ``scripts/pg-test.sh`` can start a private one.

``python bench/bench_scale.py [N_ARTICLES] [N_EVENTS]`` (0 skips a part; each part has its own section)
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import ROOT, machine, saudinewsnet, write_section

PART = 100
HERE = Path(__file__).resolve()


def _articles_file(n: int, folder: Path) -> Path:
    path = folder / "saudinewsnet.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in saudinewsnet(n):
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path


def _revision() -> str:
    """The code measured: ``MARSAD_BENCH_COMMIT`` (a run from an exported snapshot), else the checkout's
    commit, marked when ``src`` has uncommitted changes."""
    if os.environ.get("MARSAD_BENCH_COMMIT"):
        return f"commit {os.environ['MARSAD_BENCH_COMMIT']}"
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "a checkout without git"
    return f"commit {head}" + (" with uncommitted changes in src/" if dirty else "")


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot (every process, every core)."""
    with open("/proc/stat", encoding="ascii") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] if len(f) > 7 else 0)) / os.sysconf("SC_CLK_TCK")


class _Clock:
    """Wall time, this process's CPU time, machine busy time and load average over a run."""

    def __enter__(self):
        self.load0 = os.getloadavg()[0]
        self.busy0, self.cpu0, self.t0 = _busy_seconds(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.cpu0
        self.busy = _busy_seconds() - self.busy0
        self.load1 = os.getloadavg()[0]

    def row(self, **kw) -> dict:
        return {"wall": self.wall, "load_before": self.load0, "load_after": self.load1, "busy": self.busy, **kw}


# --- the configurations, each run in a fresh process by main() ----------------------------------

def _pipeline_only(path: Path) -> dict:
    from marsad.batch.runner import _json_lines, peak_rss_mib, pipeline, tune_gc, warm_up
    from marsad.ingest.files import InputError, check_arabic
    from marsad.ingest.sources import Input, _json_line
    from marsad.pipeline import document_id

    raws = []
    for loc, line in _json_lines(Input(str(path))):
        with contextlib.suppress(InputError):
            raws.append(check_arabic(_json_line(line, loc, {})()))
    warm_up()
    tune_gc()  # as marsad batch does
    nlp = pipeline()
    with _Clock() as clock:
        for raw in raws:
            url = raw.url.strip() if raw.url else None
            nlp(raw.text, published=raw.published, title=raw.title, source=raw.source, url=url,
                id=raw.id or document_id(raw.text, url))
    return clock.row(cpu=clock.cpu, articles=len(raws), rss=[peak_rss_mib()])


def _ready_set_go(out: Path) -> None:
    """For two processes measured at once: say this one is loaded, and wait for the start signal."""
    go = os.environ.get("MARSAD_BENCH_GO")
    if not go:
        return
    Path(str(out) + ".ready").write_text("ready", encoding="utf-8")
    while not Path(go).exists():
        time.sleep(0.005)


def _single(path: Path, out: Path) -> dict:
    from marsad.batch.runner import peak_rss_mib, run_batch, warm_up

    warm_up()
    _ready_set_go(out)
    with _Clock() as clock:
        stats = run_batch([str(path)], out, workers=0, partition_size=PART)
    return clock.row(cpu=clock.cpu, records=stats.records, documents=stats.documents, failures=stats.failures,
                     rss=[peak_rss_mib()])


def _dask(path: Path, out: Path, workers: int) -> dict:
    from marsad.batch.runner import cpu_seconds, local_cluster, peak_rss_mib, run_batch, tune_gc, warm_up

    client, cluster = local_cluster(workers)  # the cluster `marsad batch --workers N` starts
    try:
        t_load = time.perf_counter()
        client.run(warm_up)
        client.run(tune_gc)
        load = time.perf_counter() - t_load
        w0 = client.run(cpu_seconds)
        with _Clock() as clock:
            stats = run_batch([str(path)], out, partition_size=PART, client=client)
        w1 = client.run(cpu_seconds)
        rss = client.run(peak_rss_mib)
    finally:
        client.close()
        cluster.close()
    cpu_workers = sorted(w1[k] - w0[k] for k in w1)
    return clock.row(cpu=sum(cpu_workers) + clock.cpu, cpu_workers=cpu_workers, cpu_client=clock.cpu,
                     records=stats.records, documents=stats.documents, failures=stats.failures,
                     rss=sorted(rss.values()), load_pipeline=load, shared_output=stats.shared_output)


def _child(mode: str, path: Path, out: Path, env: dict | None = None) -> dict:
    """Run one configuration in a fresh Python process; its measurements."""
    cmd = [sys.executable, str(HERE), "--child", mode, str(path), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          cwd=str(HERE.parent))
    if proc.returncode != 0:
        raise RuntimeError(f"bench_scale {mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pair(path: Path, folder: Path, env: dict | None = None) -> dict:
    """Two independent ``--workers 0`` processes at once, each on half of the articles (every other one:
    consecutive articles of one outlet cost alike, so halves cut in the middle would not), started
    together once both have loaded the pipeline: what two processes do on this machine without Dask."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [folder / "pair-a.jsonl", folder / "pair-b.jsonl"]
    halves[0].write_text("".join(lines[0::2]), encoding="utf-8")
    halves[1].write_text("".join(lines[1::2]), encoding="utf-8")
    go = folder / "pair-go"
    outs = [folder / "pair-out-a", folder / "pair-out-b"]
    procs = [subprocess.Popen([sys.executable, str(HERE), "--child", "single", str(h), str(o)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=str(HERE.parent),
                              env={**os.environ, **(env or {}), "MARSAD_BENCH_GO": str(go)})
             for h, o in zip(halves, outs, strict=True)]
    while not all(Path(str(o) + ".ready").exists() for o in outs):
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.01)
    go.write_text("go", encoding="utf-8")
    rows = []
    for p in procs:
        stdout, stderr = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"bench_scale pair failed:\n{stderr[-3000:]}")
        rows.append(json.loads(stdout.strip().splitlines()[-1]))
    longest = max(rows, key=lambda r: r["wall"])
    return {"wall": longest["wall"], "load_before": min(r["load_before"] for r in rows),
            "load_after": longest["load_after"], "busy": longest["busy"], "cpu": sum(r["cpu"] for r in rows),
            "cpu_workers": sorted(r["cpu"] for r in rows), "cpu_client": 0.0,
            "records": sum(r["records"] for r in rows), "documents": sum(r["documents"] for r in rows),
            "failures": sum(r["failures"] for r in rows), "rss": sorted(x for r in rows for x in r["rss"])}


def _child_main(mode: str, path: str, out: str) -> None:
    if mode == "pipeline":
        row = _pipeline_only(Path(path))
    elif mode == "single":
        row = _single(Path(path), Path(out))
    else:
        row = _dask(Path(path), Path(out), int(mode.removeprefix("dask")))
    print(json.dumps(row))


def _same_tables(a: Path, b: Path) -> bool:
    import pyarrow.dataset as ds

    from marsad.batch.tables import SCHEMAS, TABLES

    for t in TABLES:
        ra = ds.dataset(a / t, schema=SCHEMAS[t]).to_table().to_pylist()
        rb = ds.dataset(b / t, schema=SCHEMAS[t]).to_table().to_pylist()
        key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)  # noqa: E731
        if sorted(map(key, ra)) != sorted(map(key, rb)):
            return False
    return True


def _cpu_rate(n: int, row: dict, cores: int) -> float:
    """Articles per second with ``cores`` otherwise idle cores: the busiest worker, or all the CPU time
    of the run spread over the cores, whichever is longer."""
    busiest = max(row.get("cpu_workers") or [row["cpu"]])
    return n / max(busiest, row["cpu"] / cores)


# --- 1M synthetic events ------------------------------------------------------------------------

COUNTRIES = ["RUS", "UKR", "USA", "ISR", "PSE", "LBN", "SYR", "IRQ", "IRN", "SAU", "ARE", "QAT", "EGY", "JOR", "TUR",
             "YEM", "SDN", "LBY", "TUN", "DZA", "MAR", "FRA", "GBR", "DEU", "CHN", "IND", "PAK", "AFG", "KWT", "OMN"]
ROLES = ["", "GOV", "MIL", "REB", "COP", "BUS", "MED"]
CAMEO = [("010", "01", "STATEMENT", 1, 0.0), ("036", "03", "AGREE", 1, 4.0), ("040", "04", "CONSULT", 1, 1.0),
         ("042", "04", "CONSULT", 1, 1.9), ("051", "05", "COOPERATE", 1, 3.4), ("071", "07", "AID", 2, 7.4),
         ("111", "11", "ACCUSE", 3, -2.0), ("112", "11", "ACCUSE", 3, -2.0), ("130", "13", "THREATEN", 3, -4.4),
         ("141", "14", "PROTEST", 3, -6.5), ("163", "16", "SANCTION", 3, -8.0), ("173", "17", "COERCE", 4, -5.0),
         ("190", "19", "ASSAULT", 4, -10.0), ("193", "19", "ASSAULT", 4, -10.0), ("195", "19", "ASSAULT", 4, -10.0),
         ("1951", "19", "ASSAULT", 4, -10.0), ("200", "20", "ASSAULT", 4, -10.0)]
GROUP_COLS = ("date", "source_code", "source_country", "source_name", "target_code", "target_country", "target_name",
              "cameo", "base", "root", "plover", "quad_class", "goldstein", "loc_name", "loc_country", "loc_lat",
              "loc_lon", "is_root", "first_doc", "num_mentions", "num_sources", "num_articles")


def _synthetic(n_events: int, n_docs: int):
    rng = random.Random(9)
    start = date(2016, 1, 1)
    days = 3653
    docs = []
    for i in range(n_docs):
        d = (start + timedelta(days=i * days // n_docs)).isoformat()
        docs.append((f"syn{i}", f"h{i}", f"https://synthetic.example/{i}", f"outlet{i % 40}", d, f"synthetic {i}",
                     i * days // n_docs, 100, "bench", '{"schema": "marsad.document/1", "text": ""}'))
    groups = []
    for _ in range(n_events):
        sc, tc = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
        src, tgt = sc + rng.choice(ROLES), tc + rng.choice(ROLES)
        cameo, root, plover, quad, gold = rng.choice(CAMEO)
        doc = rng.randrange(n_docs)
        d = (start + timedelta(days=doc * days // n_docs)).isoformat()
        groups.append((d, src, sc, None, tgt, tc, None, cameo, cameo[:3], root, plover, quad, gold, None, None, None,
                       None, rng.random() < 0.3, doc + 1, 1, 1, 1))
    return docs, groups


def _fill_sqlite(store, docs, groups) -> None:
    db = store.db
    with store.transaction():
        db.executemany(
            "INSERT INTO documents(id, content_hash, url, source, published, title, day, n_chars, origin, doc_json,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')", docs)
        db.executemany(
            f"INSERT INTO event_groups({', '.join(GROUP_COLS)}) VALUES ({', '.join('?' * len(GROUP_COLS))})",
            [(*g[:17], int(g[17]), *g[18:]) for g in groups])
        db.execute(
            "INSERT INTO events(doc, idx, event_group, source_code, source_country, target_code, target_country, cameo,"
            " base, root, plover, quad_class, goldstein, date, text, start, \"end\", trigger)"
            " SELECT first_doc, 0, id, source_code, source_country, target_code, target_country, cameo, base, root,"
            " plover, quad_class, goldstein, date, 'synthetic', 0, 9, 'synthetic' FROM event_groups")
        db.execute("INSERT INTO articles(doc, key, url, source, published, title, origin, ingested_at)"
                   " SELECT rowid, url, url, source, published, title, 'bench', 'bench' FROM documents")
    db.execute("ANALYZE")


def _fill_postgres(store, docs, groups) -> None:
    conn = store.conn
    with store.transaction():
        cur = conn.cursor()
        with cur.copy("COPY documents(id, content_hash, url, source, published, title, day, n_chars, origin, doc_json,"
                      " ingested_at, tsv, tsv_alt) FROM STDIN") as cp:
            for d in docs:
                cp.write_row((*d, "bench", "", ""))
        with cur.copy(f"COPY event_groups({', '.join(GROUP_COLS)}) FROM STDIN") as cp:
            for g in groups:
                cp.write_row((*g[:17], int(g[17]), *g[18:]))
        cur.execute(
            "INSERT INTO events(doc, idx, event_group, source_code, source_country, target_code, target_country, cameo,"
            " base, root, plover, quad_class, goldstein, date, text, start, \"end\", trigger)"
            " SELECT first_doc, 0, id, source_code, source_country, target_code, target_country, cameo, base, root,"
            " plover, quad_class, goldstein, date, 'synthetic', 0, 9, 'synthetic' FROM event_groups")
        cur.execute("INSERT INTO articles(doc, key, url, source, published, title, origin, ingested_at)"
                    " SELECT rowid, url, url, source, published, title, 'bench', 'bench' FROM documents")
    conn.execute("ANALYZE")


QUERIES = [
    ("actor + CAMEO root, one month, first 100", lambda r: dict(actor=r.choice(COUNTRIES), root="19",
                                                                  since="2024-03-01", until="2024-03-31", limit=100)),
    ("actor -> target pair, all years", lambda r: dict(actor=r.choice(COUNTRIES) + "GOV", target=r.choice(COUNTRIES))),
    ("CAMEO code prefix, one week", lambda r: dict(code="195", since=f"2023-0{r.randint(1, 9)}-01",
                                                  until=f"2023-0{r.randint(1, 9)}-07")),
    ("PLOVER type, first 100 of a year", lambda r: dict(plover="SANCTION", since="2022-01-01", until="2022-12-31",
                                                        limit=100)),
    ("latest 100 events of an actor", lambda r: dict(actor=r.choice(COUNTRIES), since="2025-09-01", limit=100)),
]


def _time_queries(store, reps: int = 15) -> list[tuple[str, float, float, float]]:
    r = random.Random(1)
    out = []
    for name, make in QUERIES:
        list(store.event_groups(**make(r)))  # warm
        times, rows = [], []
        for _ in range(reps):
            kw = make(r)
            t0 = time.perf_counter()
            got = list(store.event_groups(**kw))
            times.append(time.perf_counter() - t0)
            rows.append(len(got))
        times.sort()
        out.append((name, statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000,
                    statistics.median(rows)))
    groups = [g["id"] for g in store.event_groups(actor="RUS", root="19", since="2024-01-01", limit=50)]
    times = []
    for g in groups:
        t0 = time.perf_counter()
        store.event_mentions(g)
        times.append(time.perf_counter() - t0)
    times.sort()
    out.append(("evidence of one event (event_mentions)", statistics.median(times) * 1000,
                times[int(0.95 * (len(times) - 1))] * 1000, 1))
    return out


def _pg_url() -> tuple[str | None, str | None]:
    url = os.environ.get("MARSAD_BENCH_PG") or os.environ.get("MARSAD_TEST_PG")
    if url:
        return url, None
    script = ROOT / "scripts" / "pg-test.sh"
    try:
        env = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"[bench_scale] no PostgreSQL: {getattr(exc, 'stderr', exc)}", file=sys.stderr)
        return None, None
    vals = dict(kv.split("=", 1) for kv in env.replace("export ", "").split())
    return vals["MARSAD_TEST_PG"], vals["MARSAD_PG_DIR"]


def bench_store(n_events: int, folder: Path) -> tuple[str, dict]:
    from marsad.store import open_store

    docs, groups = _synthetic(n_events, 50_000)
    results = {}
    lite = open_store(folder / "events.db")
    t0 = time.perf_counter()
    _fill_sqlite(lite, docs, groups)
    results["SQLite"] = (time.perf_counter() - t0, _time_queries(lite))
    lite.close()
    url, pg_dir = _pg_url()
    if url:
        import psycopg

        schema = "bench_scale"
        admin = psycopg.connect(url, autocommit=True)
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            pg = open_store(url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}")
            t0 = time.perf_counter()
            _fill_postgres(pg, docs, groups)
            results["PostgreSQL 15"] = (time.perf_counter() - t0, _time_queries(pg))
            pg.close()
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            admin.close()
            if pg_dir:
                subprocess.run(["bash", str(ROOT / "scripts" / "pg-test.sh"), "stop", pg_dir], check=False)
    lines = ["| query | backend | median | p95 | rows (median) |", "| --- | --- | --- | --- | --- |"]
    names = [q[0] for q in QUERIES] + ["evidence of one event (event_mentions)"]
    for i, name in enumerate(names):
        for backend, (_, rows) in results.items():
            _, med, p95, nrows = rows[i]
            lines.append(f"| {name} | {backend} | {med:,.1f} ms | {p95:,.1f} ms | {nrows:,.0f} |")
    fills = ", ".join(f"{b}: {t:,.0f} s" for b, (t, _) in results.items())
    return "\n".join(lines), {"fill": fills}


BATCH_SECTION = "Scale out: Dask batch (issue 9)"
EVENTS_SECTION = "Scale out: event queries on 1M events, SQLite and PostgreSQL (issue 9)"


def main(n: int = 4000, n_events: int = 1_000_000) -> str:
    """Part 1 over ``n`` articles (0 skips it) and part 2 over ``n_events`` events (0 skips it); each
    replaces its own section of RESULTS.md."""
    out = []
    if n:
        out.append(bench_batch(n))
    if n_events:
        out.append(bench_events(n_events))
    return "\n".join(out)


def bench_events(n_events: int) -> str:
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        print(f"[bench_scale] store with {n_events:,} events", flush=True)
        table, info = bench_store(n_events, Path(tmp))
    body = f"""Run {date.today().isoformat()} ({_revision()}) on {machine()}; load average {load[0]:.1f} when it started.

Event queries (`Store.event_groups` with the filters of `marsad events`, and the evidence of one event)
on a store of {n_events:,} synthetic event groups with one mention each, 50,000 documents, 2016-2025
(written directly: {info['fill']}):

{table}
"""
    write_section(EVENTS_SECTION, body)
    return body


def bench_batch(n: int) -> str:
    cores = os.cpu_count() or 1
    load = os.getloadavg()
    gaz = {"MARSAD_NER": "gazetteer"}
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        folder = Path(tmp)
        path = _articles_file(n, folder)
        rows: dict[str, dict] = {}
        for key, mode, env in [("pipeline", "pipeline", None), ("single", "single", None), ("dask1", "dask1", None),
                               ("dask2", "dask2", None), ("pair", "pair", None), ("gaz-single", "single", gaz),
                               ("gaz-dask2", "dask2", gaz)]:
            print(f"[bench_scale] {n} articles: {key}", flush=True)
            rows[key] = _pair(path, folder, env) if mode == "pair" else _child(mode, path, folder / key, env)
            r = rows[key]
            print(f"[bench_scale]   {n / r['wall']:.1f} articles/s wall, CPU {r['cpu']:.1f} s, load "
                  f"{r['load_before']:.1f} -> {r['load_after']:.1f}", flush=True)
        same = all(_same_tables(folder / "single", folder / k) for k in ("dask1", "dask2"))
        same_gaz = _same_tables(folder / "gaz-single", folder / "gaz-dask2")
    single, two = rows["single"], rows["dask2"]
    wall = {k: n / r["wall"] for k, r in rows.items()}
    wall["pipeline"] = rows["pipeline"]["articles"] / rows["pipeline"]["wall"]
    cpu = {k: _cpu_rate(n, r, 2 if k.endswith(("dask2", "pair")) else 1) for k, r in rows.items()}
    cpu["pipeline"] = rows["pipeline"]["articles"] / rows["pipeline"]["cpu"]
    eff, cpu_eff = wall["dask2"] / (2 * wall["dask1"]), cpu["dask2"] / (2 * cpu["dask1"])
    rss = two["rss"]
    ok = lambda b: "met" if b else "NOT met"  # noqa: E731

    def others(r: dict) -> str:
        return f"{max(0.0, r['busy'] - r['cpu']) / r['wall']:.1f}"

    def cpus(r: dict) -> str:
        if "cpu_workers" not in r:
            return f"{r['cpu']:,.1f}"
        return f"{' + '.join(f'{x:,.1f}' for x in r['cpu_workers'])} + client {r['cpu_client']:,.1f}"

    names = {"pipeline": "the pipeline alone (no reading, tables or files), 1 process",
             "single": "`marsad batch --workers 0` (one process, no Dask)",
             "dask1": "`marsad batch`, Dask, 1 worker", "dask2": "`marsad batch`, Dask, 2 workers",
             "gaz-single": "MARSAD_NER=gazetteer (no CRF): one process",
             "gaz-dask2": "MARSAD_NER=gazetteer (no CRF): Dask, 2 workers",
             "pair": "two `--workers 0` processes at once, half the articles each (no Dask: this machine's 2-process limit)"}
    lines = ["| configuration | wall-clock rate | CPU s (workers + client) | CPU-bound rate | peak RSS per process "
             "| load average before -> after | other processes' CPU (cores) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for k, r in rows.items():
        lines.append(f"| {names[k]} | {wall[k]:,.1f} articles/s ({r['wall']:,.1f} s) | {cpus(r)} | "
                     f"{cpu[k]:,.1f} articles/s | {', '.join(f'{x:,.0f}' for x in r['rss'])} MiB | "
                     f"{r['load_before']:.1f} -> {r['load_after']:.1f} | {others(r)} |")
    runs = "\n".join(lines)
    body = f"""Run {date.today().isoformat()} ({_revision()}) on {machine()}; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}
(1 / 5 / 15 min) when it started. The machine is shared: the last column is the CPU other processes took
during each run (from `/proc/stat`, in cores out of {cores}); wall-clock rates are what this run saw, the
CPU-bound rates what the same work needs on otherwise idle cores (articles over the CPU seconds of the
busiest worker, or of all the processes of the run spread over the cores, whichever is longer; the
client process also runs the Dask scheduler and the nannies).

`marsad batch` over {n:,} SaudiNewsNet articles (partitions of {PART}; reading, the full pipeline, Arrow
tables and Parquet files included), each configuration in fresh processes that load the pipeline
before the clock starts (Dask workers: {two['load_pipeline']:.1f} s, in parallel). Rates count every record
read: {single['documents']:,} documents and {single['failures']:,} failures. The tables of one process and of 1
and 2 workers are {'identical' if same else 'NOT identical'} (with the gazetteer:
{'identical' if same_gaz else 'NOT identical'}); workers wrote their Parquet files themselves:
{'yes' if two['shared_output'] else 'no'}.

{runs}

| measure | value | target |
| --- | --- | --- |
| Dask, 2 workers, wall clock | {wall['dask2']:,.1f} articles/s | >= 140 articles/s: {ok(wall['dask2'] >= 140)} |
| Dask, 2 workers, CPU-bound | {cpu['dask2']:,.1f} articles/s | >= 140 articles/s: {ok(cpu['dask2'] >= 140)} |
| parallel efficiency 1 -> 2 workers, wall clock | {eff:.0%} | >= 80%: {ok(eff >= 0.8)} |
| parallel efficiency 1 -> 2 workers, CPU-bound | {cpu_eff:.0%} | >= 80%: {ok(cpu_eff >= 0.8)} |
| Dask 1 worker vs one process, CPU-bound (the cost of Dask) | {cpu['dask1'] / cpu['single']:.0%} | |
| Dask 2 workers vs two processes without Dask, wall clock / CPU-bound | {wall['dask2'] / wall['pair']:.0%} / {cpu['dask2'] / cpu['pair']:.0%} | |
| two processes without Dask vs one, wall clock / CPU-bound (what the machine allows) | {wall['pair'] / (2 * wall['single']):.0%} / {cpu['pair'] / (2 * cpu['single']):.0%} | |
| one process vs the pipeline alone, CPU-bound (the cost of reading, tables, files) | {cpu['single'] / cpu['pipeline']:.0%} | |
| peak RSS per worker (2 workers) | {', '.join(f'{x:,.0f}' for x in rss)} MiB | <= 1 GiB: {ok(max(rss) <= 1024)} |
"""
    write_section(BATCH_SECTION, body)
    return body


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child_main(*sys.argv[2:5])
    else:
        print(main(*(int(x) for x in sys.argv[1:3])))
