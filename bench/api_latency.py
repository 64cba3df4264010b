"""Event-query latency of the HTTP API on a store with 100,000 synthetic events.

Target (issue 8): p95 < 100 ms for the event queries of the API (``/api/events`` with filters,
sorting and pagination, counts per day, per dyad, per type and per actor, map points, one event),
measured over HTTP against ``marsad serve`` on 127.0.0.1 with a bounded number of requests.

The store is built by this script: the store's own schema (``open_store``), then a bulk insert of
synthetic rows into its tables -- documents, articles, entities, stories, event groups and one
mention per event -- with realistic spreads (a year of dates, ~300 actor codes over 60 countries,
CAMEO codes from the code table, 60% of events located). Nothing from ../shared is needed.

    python bench/api_latency.py [--events 100000] [--requests 1200] [--sql-requests 360] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import ROOT, machine, write_section

SEED = 8
TARGET_MS = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(path: Path, n_events: int) -> dict:
    """A store with ``n_events`` event groups (one mention each) and the rows they point to."""
    from marsad.extract import cameo
    from marsad.store import open_store

    rng = random.Random(SEED)
    store = open_store(path)
    db = store.db
    countries = [json.loads(line) for line in (ROOT / "src/marsad/data/kb/countries.jsonl").read_text().splitlines()
                 if line.strip()]
    countries = [c for c in countries if c.get("lat") is not None][:60]
    roles = ["", "GOV", "MIL", "REB", "COP", "OPP"]
    actors = [(c["cameo"] + r, c) for c in countries for r in roles]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(actors))]  # a few actors dominate, as in news
    codes = [c for c in cameo.all_codes() if len(c.code) >= 3]
    n_docs = max(1, n_events // 5)
    n_entities = 2000
    n_stories = max(1, n_docs // 8)
    start = date(2024, 1, 1)
    days = 366
    text = "قال المتحدث إن الطرفين اتفقا على مواصلة المحادثات في الأسبوع المقبل."
    t0 = time.perf_counter()
    with store.transaction():
        db.executemany(
            "INSERT INTO stories(id, title, first_doc, first_day, last_day, n_docs) VALUES (?, ?, ?, ?, ?, ?)",
            [(s + 1, f"قصة {s + 1}", None, start.toordinal() + s * days // n_stories,
              start.toordinal() + s * days // n_stories + 2, 8) for s in range(n_stories)],
        )
        docs = []
        for d in range(n_docs):
            day = start + timedelta(days=d * days // n_docs)
            doc_id = f"bench-{d}"
            doc = {"schema": "marsad.document/1", "id": doc_id, "text": text, "title": f"خبر {d}",
                   "published": day.isoformat(), "source": f"مصدر {d % 40}", "url": None, "language": "ar",
                   "sentences": [], "entities": [], "quotes": [], "events": [], "places": [], "times": []}
            docs.append((d + 1, doc_id, f"h{d}", None, doc["source"], doc["published"], doc["title"], day.toordinal(),
                         len(text), 1 + d * n_stories // n_docs, "bench", "2026-01-01T00:00:00Z",
                         json.dumps(doc, ensure_ascii=False)))
        db.executemany(
            "INSERT INTO documents(rowid, id, content_hash, url, source, published, title, day, n_chars, story, origin,"
            " ingested_at, doc_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        db.executemany(
            "INSERT INTO articles(doc, key, url, source, published, title, origin, ingested_at)"
            " VALUES (?, ?, NULL, ?, ?, ?, 'bench', '2026-01-01T00:00:00Z')",
            [(r[0], f"k{r[0]}", r[4], r[5], r[6]) for r in docs])
        ents = []
        for e in range(n_entities):
            code, c = actors[e % len(actors)]
            ents.append((e + 1, f"bench:{e}", f"Actor {e}", ["PER", "ORG", "LOC"][e % 3], None, c["cameo"], code,
                         None, None, 5, 10, start.toordinal(), start.toordinal() + days))
        db.executemany(
            "INSERT INTO entities(id, key, name, type, kind, country, actor_code, wikidata, kb_id, n_docs, n_mentions,"
            " first_day, last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ents)
        groups, mentions = [], []
        for i in range(n_events):
            gid = i + 1
            (src, sc), (tgt, tc) = rng.choices(actors, weights, k=2)
            code = rng.choice(codes)
            doc = rng.randrange(n_docs) + 1
            day = (start + timedelta(days=(doc - 1) * days // n_docs + rng.randrange(-2, 1))).isoformat()
            located = rng.random() < 0.6
            lat = sc["lat"] + rng.uniform(-2, 2) if located else None
            lon = sc["lon"] + rng.uniform(-2, 2) if located else None
            n = rng.choice((1, 1, 1, 2, 2, 3, 5))
            story = docs[doc - 1][9]
            groups.append((gid, day, src, sc["cameo"], f"Actor {src}", tgt, tc["cameo"], f"Actor {tgt}", code.code,
                           code.code[:3], code.root, code.plover, code.quad_class, code.goldstein, None,
                           sc["name"] if located else None, sc["cameo"] if located else None, lat, lon, 1, story, doc,
                           n, min(n, 3), n))
            mentions.append((gid, doc, 0, gid, src, sc["cameo"], 1 + rng.randrange(n_entities), f"Actor {src}", tgt,
                             tc["cameo"], 1 + rng.randrange(n_entities), f"Actor {tgt}", code.code, code.code[:3],
                             code.root, code.plover, code.quad_class, code.goldstein, day, "day", text, 0, 10, "قال"))
        db.executemany(
            "INSERT INTO event_groups(id, date, source_code, source_country, source_name, target_code, target_country,"
            " target_name, cameo, base, root, plover, quad_class, goldstein, mode, loc_name, loc_country, loc_lat,"
            " loc_lon, is_root, story, first_doc, num_mentions, num_sources, num_articles)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", groups)
        db.executemany(
            "INSERT INTO events(id, doc, idx, event_group, source_code, source_country, source_entity, source_name,"
            " target_code, target_country, target_entity, target_name, cameo, base, root, plover, quad_class, goldstein,"
            ' date, date_precision, text, start, "end", trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,'
            " ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
    db.execute("ANALYZE")
    store.close()
    return {"events": n_events, "documents": n_docs, "entities": n_entities, "stories": n_stories,
            "actors": len(actors), "seconds": time.perf_counter() - t0, "start": start, "days": days,
            "actor_codes": [a for a, _ in actors[:40]], "countries": [c["cameo"] for c in countries[:20]],
            "bytes": path.stat().st_size}


def requests_plan(info: dict, n: int) -> list[tuple[str, str, dict]]:
    """``n`` event queries (kind, path, params), a fixed mix with random parameters."""
    rng = random.Random(SEED + 1)
    start, days = info["start"], info["days"]

    def day(offset: int) -> str:
        return (start + timedelta(days=offset)).isoformat()

    def window(span: int) -> dict:
        a = rng.randrange(days - span)
        return {"since": day(a), "until": day(a + span)}

    def actor() -> str:
        return rng.choice(info["actor_codes"])

    def bbox() -> dict:
        lon, lat = rng.uniform(-20, 60), rng.uniform(0, 50)
        return {"bbox": f"{lon:.1f},{lat:.1f},{lon + 15:.1f},{lat + 10:.1f}"}

    makers = [
        ("events: latest page", "/api/events", lambda: {"limit": 50}),
        ("events: page 20, by mentions", "/api/events", lambda: {"limit": 50, "offset": 1000, "sort": "-mentions"}),
        ("events: actor", "/api/events", lambda: {"actor": actor()}),
        ("events: dyad (exact)", "/api/events", lambda: {"actor": actor(), "target": actor(), "exact": "true"}),
        ("events: either side + quad", "/api/events", lambda: {"party": actor(), "quad_class": "3,4"}),
        ("events: CAMEO root + month", "/api/events", lambda: {"root": f"{rng.randrange(1, 21):02d}", **window(30)}),
        ("events: PLOVER + week", "/api/events", lambda: {"plover": rng.choice(["ASSAULT", "CONSULT", "PROTEST"]), **window(7)}),
        ("events: bounding box", "/api/events", bbox),
        ("events: place (country)", "/api/events", lambda: {"place": rng.choice(info["countries"])}),
        ("events: entity", "/api/events", lambda: {"entity": rng.randrange(1, info["entities"] + 1)}),
        ("counts per day: all", "/api/events/daily", lambda: {}),
        ("counts per day: actor", "/api/events/daily", lambda: {"party": actor()}),
        ("counts per dyad: all", "/api/events/dyads", lambda: {"limit": 50}),
        ("counts per dyad: quarter", "/api/events/dyads", lambda: {"limit": 50, **window(90)}),
        ("counts per type: month", "/api/events/types", lambda: window(30)),
        ("top actors: month", "/api/events/actors", lambda: window(30)),
        ("map points: conflict", "/api/events/points", lambda: {"quad_class": "4", "limit": 2000}),
        ("one event", "/api/events/{id}", lambda: {"id": rng.randrange(1, info["events"] + 1)}),
    ]
    plan = []
    for i in range(n):
        kind, path, make = makers[i % len(makers)]
        params = make()
        if "{id}" in path:
            path = path.replace("{id}", str(params.pop("id")))
        plan.append((kind, path, params))
    rng.shuffle(plan)
    return plan


def percentile(values: list[float], p: float) -> float:
    vals = sorted(values)
    k = (len(vals) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


def measure(db: Path, info: dict, n_requests: int, event_index: bool = True) -> dict[str, list[float]]:
    """Start ``marsad serve`` on the store and time ``n_requests`` event queries, one after another."""
    import httpx

    port = _free_port()
    exe = Path(sys.executable).with_name("marsad")
    cmd = [str(exe), "serve", "--db", str(db), "--port", str(port)] if exe.exists() else \
        [sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "MARSAD_EVENT_INDEX": "1" if event_index else "0"}
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = {}
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    out = server.stdout.read().decode(errors="replace") if server.stdout else ""
                    raise SystemExit(f"the server did not start: {out[-500:]}")
                time.sleep(0.1)
            plan = requests_plan(info, n_requests)
            for _kind, path, params in plan[:40]:  # warm-up: page cache, the event index, code tables
                client.get(path, params=params)
            for kind, path, params in plan:
                t0 = time.perf_counter()
                r = client.get(path, params=params)
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{path} {params}: HTTP {r.status_code} {r.text[:200]}")
                timings.setdefault(kind, []).append(ms)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return timings


def main(n_events: int = 100_000, n_requests: int = 1200, keep: bool = False, sql_requests: int = 360) -> str:
    workdir = Path(tempfile.mkdtemp(prefix="marsad-bench-api-"))
    db = workdir / "bench.db"
    print(f"[api_latency] building a store with {n_events:,} synthetic events in {db}", flush=True)
    try:
        info = build_store(db, n_events)
        print(f"[api_latency] built in {info['seconds']:.1f}s ({info['bytes'] / 2**20:.0f} MiB); timing the API",
              flush=True)
        load_before = os.getloadavg()[0]
        timings = measure(db, info, n_requests, event_index=True)
        sql = measure(db, info, sql_requests, event_index=False) if sql_requests else {}
        load_after = os.getloadavg()[0]
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    everything = [t for ts in timings.values() for t in ts]
    p95 = percentile(everything, 0.95)
    rows = "\n".join(
        f"| {kind} | {len(ts)} | {statistics.median(ts):.1f} | {percentile(ts, 0.95):.1f} | {max(ts):.1f} |"
        + (f" {percentile(sql[kind], 0.95):.1f} |" if kind in sql else " |")
        for kind, ts in sorted(timings.items(), key=lambda kv: -percentile(kv[1], 0.95))
    )
    sql_all = [t for ts in sql.values() for t in ts]
    sql_line = (f"Without the in-memory event index (`MARSAD_EVENT_INDEX=0`: SQLite answers every filter and count; "
                f"{len(sql_all)} requests of the same mix): p95 {percentile(sql_all, 0.95):.1f} ms, median "
                f"{statistics.median(sql_all):.1f} ms.") if sql_all else ""
    verdict = "meets" if p95 < TARGET_MS else "MISSES"
    body = f"""Run {date.today().isoformat()} on {machine()}; load average {load_before:.1f} before, {load_after:.1f} after
(other work was running on the machine).

Store: {info['events']:,} synthetic events (one mention each) over {info['days']} days, {info['actors']} actor codes,
{info['documents']:,} documents, {info['entities']:,} entities, {info['stories']:,} stories; SQLite file
{info['bytes'] / 2**20:.0f} MiB, built by bulk insert in {info['seconds']:.1f} s. Server: `marsad serve` (uvicorn,
one process) on 127.0.0.1; client: httpx, one connection, requests one after another; {len(everything):,} timed requests
after 40 warm-up requests, a fixed mix of 18 query kinds with random parameters (seed {SEED}).

**Event-query p95: {p95:.1f} ms** (median {statistics.median(everything):.1f} ms, max {max(everything):.1f} ms) —
{verdict} the target of {TARGET_MS:.0f} ms.

{sql_line}

| query | requests | median ms | p95 ms | max ms | p95 ms, SQL only |
| --- | ---: | ---: | ---: | ---: | ---: |
{rows}
"""
    write_section("HTTP API event-query latency (issue 8)", body)
    print(body)
    return body


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=1200)
    ap.add_argument("--sql-requests", type=int, default=360, help="requests without the event index (0: skip)")
    ap.add_argument("--keep", action="store_true", help="keep the generated store (its path is printed)")
    a = ap.parse_args()
    main(a.events, a.requests, a.keep, a.sql_requests)
