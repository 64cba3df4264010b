"""``make bench``: run every benchmark and update bench/RESULTS.md."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_entities.py", "bench_pipeline.py", "ingest_saudinewsnet.py", "bench_scale.py", "api_latency.py"]


def main() -> int:
    sys.path.insert(0, str(HERE))
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            print(f"[bench] {name}: not present in this build, skipped")
            continue
        print(f"[bench] {name}")
        runpy.run_path(str(path), run_name="__main__")
    print(f"[bench] results in {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
