"""Exports of the corpus's deduplicated events: GDELT 2.0 Event TSV, PLOVER JSON lines, CSV, Parquet.

:func:`export` writes one format to a path (``-`` for stdout, text formats only) and returns the number
of events written. The filters are those of ``marsad events`` (actor, target, CAMEO root or code,
PLOVER type, date range). CSV and Parquet carry one row per event with the columns of
:data:`TABLE_COLUMNS`, the evidence as a JSON string.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from marsad.export import gdelt, plover
from marsad.store.base import Store

FORMATS = ("gdelt", "plover", "csv", "parquet")

TABLE_COLUMNS = (
    "id", "date", "source_code", "source_country", "source_name", "target_code", "target_country", "target_name",
    "cameo", "base", "root", "plover", "quad_class", "goldstein", "mode", "loc_name", "loc_country", "loc_lat",
    "loc_lon", "loc_geonames_id", "is_root", "story", "num_mentions", "num_sources", "num_articles", "source_url",
    "first_doc_id", "added_at", "evidence",
)


@contextmanager
def _open_text(out: str | Path) -> Iterator[TextIO]:
    if str(out) == "-":
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def table_rows(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    for g in store.event_groups(**filters):
        mentions = store.event_mentions(g["id"])
        row = {c: g.get(c) for c in TABLE_COLUMNS if c != "evidence"}
        row["evidence"] = json.dumps(
            [{"doc": m["doc_id"], "url": m["url"], "start": m["start"], "end": m["end"], "text": m["text"]}
             for m in mentions], ensure_ascii=False)
        yield row


def export(store: Store, fmt: str, out: str | Path, **filters: Any) -> int:
    """Write the events in ``fmt`` to ``out``; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    n = 0
    if fmt == "gdelt":
        with _open_text(out) as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
            w.writerow(gdelt.COLUMNS)
            for g in store.event_groups(**filters):
                w.writerow(gdelt.row(g))
                n += 1
    elif fmt == "plover":
        with _open_text(out) as fh:
            for g in store.event_groups(**filters):
                fh.write(json.dumps(plover.record(g, store.event_mentions(g["id"])), ensure_ascii=False) + "\n")
                n += 1
    elif fmt == "csv":
        with _open_text(out) as fh:
            w = csv.DictWriter(fh, fieldnames=TABLE_COLUMNS, lineterminator="\n")
            w.writeheader()
            for row in table_rows(store, **filters):
                w.writerow(row)
                n += 1
    else:
        if str(out) == "-":
            raise ValueError("parquet needs a file (--out PATH), not standard output")
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, _arrow_type(pa, c)) for c in TABLE_COLUMNS])
        rows = list(table_rows(store, **filters))
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, str(out))
        n = len(rows)
    return n


def _arrow_type(pa: Any, column: str) -> Any:
    if column in ("id", "quad_class", "is_root", "story", "num_mentions", "num_sources", "num_articles",
                  "loc_geonames_id"):
        return pa.int64()
    if column in ("goldstein", "loc_lat", "loc_lon"):
        return pa.float64()
    return pa.string()
