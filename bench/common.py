"""Shared helpers for benchmarks: the SaudiNewsNet sample, machine description, results file.

Benchmarks read ``../shared`` (beside the checkout); they exit with a message when it is absent.
Results go into ``bench/RESULTS.md``, one section per benchmark, replaced on every run.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SNN = SHARED / "data" / "saudinewsnet"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def saudinewsnet(limit: int | None = None) -> list[dict]:
    """SaudiNewsNet articles in file order (up to ``limit``)."""
    if not SNN.is_dir():
        sys.exit(f"benchmark skipped: {SNN} is absent (../shared is not beside this checkout)")
    out: list[dict] = []
    for f in sorted(SNN.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    return out
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def write_section(title: str, body: str) -> None:
    """Replace (or append) the ``## title`` section of RESULTS.md."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    head = f"## {title}\n"
    section = f"{head}\n{body.strip()}\n\n"
    if head in text:
        before, _, rest = text.partition(head)
        nxt = rest.find("\n## ")
        after = rest[nxt + 1 :] if nxt >= 0 else ""
        text = before + section + after
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
