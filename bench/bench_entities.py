"""Entity extraction speed over SaudiNewsNet on one core, and knowledge-base load time.

Target (issue 3): >= 150 articles/s for entity extraction (text + entities components), KB load < 1 s.
"""

from __future__ import annotations

import pickle
import sys
import time
from datetime import date

from common import machine, peak_rss_mib, saudinewsnet, write_section


def main(n: int = 3000) -> str:
    from marsad.kb.build import artefact_path, build_and_save

    build_and_save()
    t0 = time.perf_counter()
    with artefact_path().open("rb") as fh:
        kb = pickle.load(fh)
    kb_load = time.perf_counter() - t0

    import os

    from marsad.extract.entities import EntityRecognizer
    from marsad.pipeline import Pipeline

    articles = saudinewsnet(n)
    chars = sum(len(a.get("content") or "") for a in articles)
    rates: dict[str, tuple[float, int]] = {}
    for mode, use_crf in (("gazetteer + CRF (default)", True), ("gazetteer only (MARSAD_NER=gazetteer)", False)):
        os.environ["MARSAD_NER"] = "crf" if use_crf else "gazetteer"
        nlp = Pipeline(["text", "entities"])
        assert isinstance(nlp.components[1][1], EntityRecognizer)
        nlp("تسخين", published="2015-07-21")  # load models before timing
        t0 = time.perf_counter()
        mentions = 0
        for a in articles:
            doc = nlp(a.get("content") or "", published=(a.get("date_extracted") or "")[:10] or None)
            mentions += sum(len(e.mentions) for e in doc.entities)
        rates[mode] = (len(articles) / (time.perf_counter() - t0), mentions)
    os.environ.pop("MARSAD_NER", None)
    rows = "\n".join(f"| entity extraction, {m} | {r:,.1f} articles/s, {k / len(articles):.1f} mentions per article |"
                     for m, (r, k) in rates.items())
    body = f"""Run {date.today().isoformat()} on {machine()}; one process, one core.

| measure | value |
| --- | --- |
| knowledge base | {len(kb.entities):,} entities, {len(kb.forms):,} names |
| KB artefact load (pickle) | {kb_load:.3f} s |
| articles | {len(articles):,} SaudiNewsNet articles ({chars / len(articles):,.0f} chars on average) |
{rows}
| peak RSS | {peak_rss_mib():,.0f} MiB |
"""
    write_section("Entity extraction (issue 3)", body)
    return body


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000))
