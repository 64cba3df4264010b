"""Scale out (issue 9): pipeline throughput on Dask, memory per worker, and event queries on 1M events.

1. ``marsad batch`` over SaudiNewsNet articles (4,000 by default) in one process (no Dask), then on a
   Dask LocalCluster of 1 and of 2 worker processes (one thread each): articles per second (reading,
   analysis, Arrow tables and Parquet files included; the pipeline is loaded in every process before
   the clock starts), parallel efficiency from 1 to 2 workers, and the peak RSS of each worker.
   Targets: >= 140 articles/s with 2 workers, efficiency >= 80%, peak RSS per worker <= 1 GiB.
2. Event-query latency on a store holding 1,000,000 synthetic event groups (one mention each, over
   50,000 documents and ten years), written directly with the store's connection (executemany on
   SQLite, COPY on PostgreSQL): typical ``marsad events`` queries through ``Store.event_groups``.
   PostgreSQL is measured when ``MARSAD_BENCH_PG`` (or ``MARSAD_TEST_PG``) gives a server URL, or when
   ``scripts/pg-test.sh`` can start a private one.

``python bench/bench_scale.py [N_ARTICLES] [N_EVENTS]``
"""

from __future__ import annotations

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


def _articles_file(n: int, folder: Path) -> Path:
    path = folder / "saudinewsnet.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in saudinewsnet(n):
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path


def _batch_single(path: Path, out: Path) -> tuple[float, dict]:
    from marsad.batch.runner import peak_rss_mib, run_batch, warm_up

    warm_up()
    c0, t0 = time.process_time(), time.perf_counter()
    stats = run_batch([str(path)], out, workers=0, partition_size=PART)
    took = time.perf_counter() - t0
    return took, {"documents": stats.documents, "failures": stats.failures, "records": stats.records,
                  "rss": peak_rss_mib(), "cpu": time.process_time() - c0}


def _batch_dask(path: Path, out: Path, workers: int) -> tuple[float, dict]:
    from distributed import Client, LocalCluster

    from marsad.batch.runner import cpu_seconds, peak_rss_mib, run_batch, warm_up

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    client = Client(cluster)
    try:
        t_load = time.perf_counter()
        client.run(warm_up)
        load = time.perf_counter() - t_load
        w0, c0, t0 = client.run(cpu_seconds), time.process_time(), time.perf_counter()
        stats = run_batch([str(path)], out, partition_size=PART, client=client)
        took = time.perf_counter() - t0
        client_cpu = time.process_time() - c0
        w1 = client.run(cpu_seconds)
        rss = client.run(peak_rss_mib)
    finally:
        client.close()
        cluster.close()
    return took, {"documents": stats.documents, "failures": stats.failures, "records": stats.records,
                  "rss_workers": sorted(rss.values()), "load": load,
                  "cpu_workers": sorted(w1[k] - w0[k] for k in w1), "cpu_client": client_cpu}


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


def main(n: int = 4000, n_events: int = 1_000_000) -> str:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        folder = Path(tmp)
        path = _articles_file(n, folder)
        print(f"[bench_scale] {n} articles: one process", flush=True)
        t_single, single = _batch_single(path, folder / "single")
        print(f"[bench_scale]   {n / t_single:.1f} articles/s; Dask, 1 worker", flush=True)
        t_one, one = _batch_dask(path, folder / "dask1", 1)
        print(f"[bench_scale]   {n / t_one:.1f} articles/s; Dask, 2 workers", flush=True)
        t_two, two = _batch_dask(path, folder / "dask2", 2)
        print(f"[bench_scale]   {n / t_two:.1f} articles/s", flush=True)
        same = _same_tables(folder / "single", folder / "dask2") and _same_tables(folder / "single", folder / "dask1")
        print(f"[bench_scale] store with {n_events:,} events", flush=True)
        table, info = bench_store(n_events, folder)
    rate1, rate2, rate0 = n / t_one, n / t_two, n / t_single
    eff = rate2 / (2 * rate1)
    eff0 = rate2 / (2 * rate0)
    rss = two["rss_workers"]
    # CPU-bound estimates (what an otherwise idle 2-core machine would do): the busiest worker's CPU
    # time, or all the CPU time (workers + client, which also runs the scheduler) over the 2 cores
    cpu0 = n / single["cpu"]
    cpu1 = n / (one["cpu_workers"][-1] + one["cpu_client"])
    cpu2 = n / max(two["cpu_workers"][-1], (sum(two["cpu_workers"]) + two["cpu_client"]) / 2)
    cpu_eff = cpu2 / (2 * cpu1)
    ok = lambda b: "met" if b else "NOT met"  # noqa: E731
    body = f"""Run {date.today().isoformat()} on {machine()}; load average {load:.1f} when it started (the machine is
shared: other processes compete for the 2 cores, so these figures move from run to run).

`marsad batch` over {n:,} SaudiNewsNet articles (partitions of {PART}; reading, the full pipeline, Arrow tables
and Parquet files included; each process loads the pipeline before the clock starts, Dask workers in
{two['load']:.1f} s). Wall-clock rates are what this run saw; the CPU-bound estimates divide the articles by the
CPU time the processes used, i.e. what the same work would take on an otherwise idle machine.
{single['documents']:,} documents, {single['failures']:,} failures. The three outputs are
{'identical' if same else 'NOT identical'}.

| measure | value | target |
| --- | --- | --- |
| one process, no Dask | {rate0:,.1f} articles/s ({t_single:,.1f} s) | |
| Dask, 1 worker | {rate1:,.1f} articles/s ({t_one:,.1f} s) | |
| Dask, 2 workers | {rate2:,.1f} articles/s ({t_two:,.1f} s) | >= 140 articles/s: {ok(rate2 >= 140)} |
| parallel efficiency, 1 -> 2 Dask workers | {eff:.0%} | >= 80%: {ok(eff >= 0.8)} |
| 2 Dask workers vs twice one process | {eff0:.0%} | |
| CPU-bound estimate, one process | {cpu0:,.1f} articles/s ({single['cpu']:,.0f} CPU s) | |
| CPU-bound estimate, Dask 1 worker | {cpu1:,.1f} articles/s (worker {one['cpu_workers'][-1]:,.0f} + client {one['cpu_client']:,.0f} CPU s) | |
| CPU-bound estimate, Dask 2 workers | {cpu2:,.1f} articles/s (workers {', '.join(f'{x:,.0f}' for x in two['cpu_workers'])} + client {two['cpu_client']:,.0f} CPU s) | >= 140 articles/s: {ok(cpu2 >= 140)} |
| CPU-bound estimate of the efficiency, 1 -> 2 workers | {cpu_eff:.0%} | >= 80%: {ok(cpu_eff >= 0.8)} |
| peak RSS per worker (2 workers) | {', '.join(f'{x:,.0f}' for x in rss)} MiB | <= 1 GiB: {ok(max(rss) <= 1024)} |
| peak RSS, one process | {single['rss']:,.0f} MiB | |

Event queries (`Store.event_groups` with the filters of `marsad events`, and the evidence of one event)
on a store of {n_events:,} synthetic event groups with one mention each, 50,000 documents, 2016-2025
(written directly: {info['fill']}):

{table}
"""
    write_section("Scale out: Dask batch, PostgreSQL (issue 9)", body)
    return body


if __name__ == "__main__":
    print(main(*(int(x) for x in sys.argv[1:3])))
