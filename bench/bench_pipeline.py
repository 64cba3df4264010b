"""Whole-pipeline throughput over SaudiNewsNet on one core (entities + places + times + quotes + events).

Target (issue 5): >= 75 articles/s for the full pipeline on one core. Also reports time per component.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from datetime import date

from common import machine, peak_rss_mib, saudinewsnet, write_section


def main(n: int = 2000) -> str:
    from marsad.pipeline import Pipeline

    articles = saudinewsnet(n)
    nlp = Pipeline()
    nlp("تسخين النموذج", published="2015-07-21")
    per_component: dict[str, float] = defaultdict(float)
    counts = defaultdict(int)
    t_all = time.perf_counter()
    from marsad.doc import Document

    for i, a in enumerate(articles):
        doc = Document(id=str(i), text=a.get("content") or "", published=(a.get("date_extracted") or "")[:10] or None)
        for name, comp in nlp.components:
            t0 = time.perf_counter()
            comp(doc)
            per_component[name] += time.perf_counter() - t0
        counts["entities"] += len(doc.entities)
        counts["quotes"] += len(doc.quotes)
        counts["events"] += len(doc.events)
        counts["places"] += len(doc.places)
        counts["times"] += len(doc.times)
    took = time.perf_counter() - t_all
    # the same without the CRF tagger (MARSAD_NER=gazetteer): the high-throughput configuration
    import os

    os.environ["MARSAD_NER"] = "gazetteer"
    fast = Pipeline()
    os.environ.pop("MARSAD_NER", None)
    fast("تسخين النموذج", published="2015-07-21")
    t0 = time.perf_counter()
    for a in articles:
        fast(a.get("content") or "", published=(a.get("date_extracted") or "")[:10] or None)
    fast_rate = len(articles) / (time.perf_counter() - t0)
    rows = "\n".join(
        f"| {name} | {1000 * per_component[name] / len(articles):.2f} ms |" for name, _ in nlp.components
    )
    found = ", ".join(f"{v / len(articles):.1f} {k}" for k, v in counts.items())
    body = f"""Run {date.today().isoformat()} on {machine()}; one process, one core; {len(articles):,} SaudiNewsNet articles.

Components: {", ".join(nlp.names)}.

| measure | value |
| --- | --- |
| full pipeline (default: gazetteer + CRF) | {len(articles) / took:,.1f} articles/s |
| full pipeline, MARSAD_NER=gazetteer (no CRF) | {fast_rate:,.1f} articles/s |
| found per article | {found} |
| peak RSS | {peak_rss_mib():,.0f} MiB |

| component | time per article |
| --- | --- |
{rows}
"""
    write_section("Full pipeline (issue 5)", body)
    return body


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
