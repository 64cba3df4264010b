"""Whole-pipeline throughput over SaudiNewsNet on one core (entities + places + times + quotes + events).

Target (issue 5): >= 75 articles/s for the full pipeline on one core. Also reports time per component.

Every figure is given as CPU time (``time.process_time``: what this process used, the honest measure on
a shared machine) and as wall time (what a user waits; higher when other processes compete for the
cores). Rates are articles per CPU second and per wall second.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from datetime import date

from common import machine, peak_rss_mib, saudinewsnet, write_section


def _run(articles: list[dict], ner: str | None) -> tuple[list[str], dict, dict, float, float, dict]:
    """Run the pipeline (``MARSAD_NER=ner``) over ``articles``, timing every component.

    Returns the component names, CPU and wall seconds per component, total CPU and wall seconds, and
    the number of things found."""
    from marsad.doc import Document
    from marsad.pipeline import Pipeline

    old = os.environ.pop("MARSAD_NER", None)
    if ner is not None:
        os.environ["MARSAD_NER"] = ner
    try:
        nlp = Pipeline()
    finally:
        os.environ.pop("MARSAD_NER", None)
        if old is not None:
            os.environ["MARSAD_NER"] = old
    nlp("تسخين النموذج", published="2015-07-21")
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    c_all, w_all = time.process_time(), time.perf_counter()
    for i, a in enumerate(articles):
        doc = Document(id=str(i), text=a.get("content") or "", published=(a.get("date_extracted") or "")[:10] or None)
        for name, comp in nlp.components:
            c0, w0 = time.process_time(), time.perf_counter()
            comp(doc)
            cpu[name] += time.process_time() - c0
            wall[name] += time.perf_counter() - w0
        counts["entities"] += len(doc.entities)
        counts["quotes"] += len(doc.quotes)
        counts["events"] += len(doc.events)
        counts["places"] += len(doc.places)
        counts["times"] += len(doc.times)
    return list(nlp.names), cpu, wall, time.process_time() - c_all, time.perf_counter() - w_all, counts


def main(n: int = 2000) -> str:
    articles = saudinewsnet(n)
    k = len(articles)
    names, cpu, wall, cpu_all, wall_all, counts = _run(articles, None)
    # the same without the CRF tagger (MARSAD_NER=gazetteer): the high-throughput configuration
    _, gcpu, gwall, gcpu_all, gwall_all, _ = _run(articles, "gazetteer")
    rows = "\n".join(
        f"| {name} | {1000 * cpu[name] / k:.2f} ms | {1000 * wall[name] / k:.2f} ms "
        f"| {1000 * gcpu.get(name, 0.0) / k:.2f} ms | {1000 * gwall.get(name, 0.0) / k:.2f} ms |"
        for name in names
    )
    found = ", ".join(f"{v / k:.1f} {key}" for key, v in counts.items())
    body = f"""Run {date.today().isoformat()} on {machine()}; one process, one core; {k:,} SaudiNewsNet articles.
CPU time is ``time.process_time`` (this process only); wall time is higher when the machine is shared.

Components: {", ".join(names)}.

| measure | CPU time | wall time |
| --- | --- | --- |
| full pipeline (default: gazetteer + CRF) | {k / cpu_all:,.1f} articles/s | {k / wall_all:,.1f} articles/s |
| full pipeline, MARSAD_NER=gazetteer (no CRF) | {k / gcpu_all:,.1f} articles/s | {k / gwall_all:,.1f} articles/s |
| found per article | {found} | |
| peak RSS | {peak_rss_mib():,.0f} MiB | |

| component | default, CPU | default, wall | gazetteer only, CPU | gazetteer only, wall |
| --- | --- | --- | --- | --- |
{rows}
"""
    write_section("Full pipeline (issue 5)", body)
    return body


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
