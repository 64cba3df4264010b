"""``marsad ingest --from-parquet DIR``: the output of ``marsad batch`` into a corpus store.

No article is analysed again: each stored document is rebuilt from ``documents.doc_json`` and goes
through the same bookkeeping as ``marsad ingest`` (:class:`marsad.ingest.runner.Ingester`): articles
already stored are duplicates, a new URL with stored content is another article of that document,
story clustering, event deduplication, and the failures recorded by the batch.

Each complete batch partition is one *input* of the store (key ``parquet:<folder>#<partition>``),
committed in one transaction together with the mark that it is finished, so a killed load resumes
by partition and a partition is never half-loaded. The articles of a partition are classified inside
that transaction (which, on PostgreSQL, holds the store's write lock), so several loaders writing
to one database at once neither lose nor duplicate rows.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from marsad.batch.runner import MARKERS, ordered_markers
from marsad.cluster import embed
from marsad.doc import Document
from marsad.ingest.files import RawArticle
from marsad.ingest.prepare import Prepared, prepare_doc
from marsad.ingest.runner import Ingester, RunStats, _Entry, _InputState
from marsad.ingest.sources import Input
from marsad.store.base import Store
from marsad.text.tokens import tokenize


class ParquetInput(Input):
    """A batch partition seen as an input of the store (for its key and counters only)."""

    def __init__(self, folder: Path, marker: dict) -> None:  # no file to stat: Input.__init__ is not called
        self.path = f"{folder}/{MARKERS}/{marker['name']}"
        self.mapping = {}
        self._data = None
        self.size = marker.get("records")
        self.mtime_ns = None
        self.key = f"parquet:{os.path.realpath(folder)}#{marker['name']}"


def _partition_entries(ing: Ingester, store: Store, st: _InputState, docs: list[dict], fails: list[dict],
                       first: int, seq0: int, embeddings: bool) -> tuple[list[_Entry], list[Prepared]]:
    """Classify a partition's records like the ingester does, and prepare its new documents.

    Record numbers are counted from the partition's first record (the partition is the store's input).
    """
    items = sorted([(r["record"] - first, "doc", r) for r in docs] + [(r["record"] - first, "fail", r) for r in fails],
                   key=lambda x: x[0])
    entries: list[_Entry] = []
    prepared: list[Prepared] = []
    seq = seq0
    for index, kind, r in items:
        if kind == "fail":
            entries.append(_Entry("fail", st, index, r["locator"], reason=r["reason"]))
            continue
        raw = RawArticle(text="", title=r["title"], published=r["published"], source=r["source"], url=r["url"],
                         origin=r["origin"])
        h = r["content_hash"]
        key = raw.url or f"{raw.source or ''}|{h}"
        if key in ing._inflight_keys or store.article_exists(key):
            entries.append(_Entry("dup", st, index, r["locator"], raw=raw, hash=h, key=key))
            continue
        ing._inflight_keys.add(key)
        if h in ing._inflight_hashes or store.doc_by_hash(h) is not None:
            entries.append(_Entry("alias", st, index, r["locator"], raw=raw, hash=h, key=key))
            continue
        ing._inflight_hashes.add(h)
        doc = Document.from_dict(json.loads(r["doc_json"]))
        doc_id = doc.id
        if doc_id in ing._inflight_ids or store.doc_id_exists(doc_id):
            doc_id = f"{doc_id}-{h[:8]}"
        ing._inflight_ids.add(doc_id)
        doc.id = doc_id
        doc.tokens = tokenize(doc.text)
        prepared.append(prepare_doc(doc, seq, r["locator"], h, r["origin"]))
        entries.append(_Entry("new", st, index, r["locator"], raw=raw, hash=h, key=key, seq=seq))
        seq += 1
    if prepared and embeddings:
        vecs = embed.embed([p.headline for p in prepared])
        for i, p in enumerate(prepared):
            p.embedding = embed.to_bytes(vecs[i])
    entries.append(_Entry("end", st))
    return entries, prepared


def load_parquet(store: Store, folder: str | Path, *, embeddings: bool = True, progress: bool = False) -> RunStats:
    """Load every complete partition of a batch output folder into ``store`` (resumable by partition)."""
    t0 = time.monotonic()
    folder = Path(folder)
    if not (folder / MARKERS).is_dir():
        raise FileNotFoundError(f"{folder}: not an output folder of `marsad batch` (no {MARKERS}/)")
    ing = Ingester(store, workers=0, embeddings=embeddings)
    seq = 0
    for marker in ordered_markers(folder):
        inp = ParquetInput(folder, marker)
        state = store.input_state(inp.key)
        if state and state["finished"]:
            ing.stats.inputs_skipped += 1
            continue
        ing.stats.inputs += 1
        name = marker["name"]
        docs = pq.read_table(folder / "documents" / f"part-{name}.parquet").to_pylist()
        fails = pq.read_table(folder / "failures" / f"part-{name}.parquet").to_pylist()
        with store.transaction():  # classification and commit in one transaction (one writer at a time)
            state = store.input_state(inp.key)
            if state and state["finished"]:  # another loader did it meanwhile
                ing.stats.inputs_skipped += 1
                ing.stats.inputs -= 1
                continue
            iid = state["id"] if state else store.start_input(inp.key, inp.path, inp.size, inp.mtime_ns)
            st = _InputState(inp, iid, state["records"] if state else 0, state["stored"] if state else 0,
                             state["duplicates"] if state else 0, state["failed"] if state else 0)
            entries, prepared = _partition_entries(ing, store, st, docs, fails, marker["first"], seq, embeddings)
            seq += len(prepared)
            ing._commit(entries, prepared)
        if progress:
            s = ing.stats
            print(f"ingest: partition {name}: stored {s.stored:,} · copies {s.aliases:,} · dup {s.duplicates:,} · "
                  f"failed {s.failed:,}", file=sys.stderr, flush=True)
    ing.stats.seconds = time.monotonic() - t0
    return ing.stats
