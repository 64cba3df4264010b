"""The Parquet tables of ``marsad batch``: their schemas, and the rows of one analysed article.

Every partition of a batch output has one file per table (``documents``, ``entities``, ``quotes``,
``events``, ``places`` and ``failures``), all with the fixed schemas below, so a folder of them reads
as one dataset (``pyarrow.dataset.dataset(OUT / "events")``, pandas, DuckDB, Spark).

``documents.doc_json`` is the whole serialised document (``marsad.document/1``); the other tables are
its rows, flattened the way the corpus store flattens them (:func:`marsad.store.rows.doc_rows`), so an
analyst's query over the Parquet files and one over the store agree.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import pyarrow as pa

from marsad.doc import SCHEMA_ID, Document
from marsad.store.rows import doc_rows

_S, _I64, _I32, _I8, _F64 = pa.string(), pa.int64(), pa.int32(), pa.int8(), pa.float64()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("partition", _S), ("input", _S), ("record", _I64), ("locator", _S), ("origin", _S), ("id", _S),
        ("content_hash", _S), ("url", _S), ("source", _S), ("published", _S), ("title", _S), ("language", _S),
        ("n_chars", _I64), ("n_sentences", _I32), ("n_entities", _I32), ("n_quotes", _I32), ("n_events", _I32),
        ("n_places", _I32), ("n_times", _I32), ("doc_json", _S),
    ]),
    "entities": pa.schema([
        ("doc_id", _S), ("local_id", _S), ("key", _S), ("name", _S), ("type", _S), ("kind", _S), ("country", _S),
        ("actor_code", _S), ("wikidata", _S), ("kb_id", _S), ("n_mentions", _I32),
        ("mentions", pa.list_(pa.struct([("start", _I32), ("end", _I32), ("text", _S)]))),
    ]),
    "quotes": pa.schema([
        ("doc_id", _S), ("idx", _I32), ("speaker_key", _S), ("speaker_name", _S), ("speaker_text", _S),
        ("text", _S), ("start", _I32), ("end", _I32), ("direct", _I8), ("cue", _S), ("via_name", _S),
    ]),
    "events": pa.schema([
        ("doc_id", _S), ("idx", _I32),
        ("source_code", _S), ("source_country", _S), ("source_entity_key", _S), ("source_name", _S),
        ("target_code", _S), ("target_country", _S), ("target_entity_key", _S), ("target_name", _S),
        ("cameo", _S), ("base", _S), ("root", _S), ("plover", _S), ("quad_class", _I32), ("goldstein", _F64),
        ("mode", _S), ("date", _S), ("date_precision", _S),
        ("loc_name", _S), ("loc_country", _S), ("loc_lat", _F64), ("loc_lon", _F64), ("loc_admin1", _S),
        ("loc_geonames_id", _I64), ("loc_precision", _S),
        ("text", _S), ("start", _I32), ("end", _I32), ("trigger", _S),
        ("killed", _I64), ("injured", _I64), ("arrested", _I64), ("is_root", _I8),
    ]),
    "places": pa.schema([
        ("doc_id", _S), ("idx", _I32), ("name", _S), ("country", _S), ("admin1", _S), ("lat", _F64), ("lon", _F64),
        ("geonames_id", _I64), ("precision", _S), ("kb_id", _S), ("n_mentions", _I32),
    ]),
    "failures": pa.schema([
        ("partition", _S), ("input", _S), ("record", _I64), ("locator", _S), ("reason", _S),
    ]),
}
TABLES = tuple(SCHEMAS)

# pq.write_table options per table: the documents' long strings (the whole JSON, text-like fields) get
# neither dictionary encoding nor min/max statistics, which took 2/3 of the time of writing them and
# serve no query; short columns keep both
_DOC_SHORT = ["partition", "input", "record", "source", "published", "language", "id", "n_chars", "n_sentences",
              "n_entities", "n_quotes", "n_events", "n_places", "n_times"]
PARQUET_OPTIONS: dict[str, dict[str, Any]] = {
    "documents": {"use_dictionary": ["partition", "input", "source", "published", "language"],
                  "write_statistics": _DOC_SHORT},
}
ROW_TABLES = ("entities", "quotes", "events", "places")


# --- the serialised document, without dataclasses.asdict's deep copies ---------------------------

_ATOMS = frozenset({str, int, float, bool, type(None)})
_NAMES: dict[type, tuple[str, ...]] = {}
_DOC_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.metadata.get("serialize", True))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict``'s value for ``value``, equal to it, but atoms (str, numbers, None) are
    shared rather than passed through ``copy.deepcopy`` one by one (4/5 of ``Document.to_dict``)."""
    t = type(value)
    if t in _ATOMS:
        return value
    if t is list:
        return [v if type(v) in _ATOMS else _plain(v) for v in value]
    names = _NAMES.get(t)
    if names is None and dataclasses.is_dataclass(t):
        names = _NAMES[t] = tuple(f.name for f in dataclasses.fields(t))
    if names is not None:
        out = {}
        for n in names:
            v = getattr(value, n)
            out[n] = v if type(v) in _ATOMS else _plain(v)
        return out
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return t(*[_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return t(_plain(v) for v in value)
    if isinstance(value, dict):
        return t((_plain(k), _plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


def document_dict(doc: Document) -> dict[str, Any]:
    """``doc.to_dict()`` (the ``marsad.document/1`` dict), the same value in about a fifth of the time."""
    out: dict[str, Any] = {"schema": SCHEMA_ID}
    for name in _DOC_FIELDS:
        out[name] = _plain(getattr(doc, name))
    return out


def empty_rows() -> dict[str, list[dict[str, Any]]]:
    return {t: [] for t in TABLES}


def add_document(out: dict[str, list[dict[str, Any]]], d: dict[str, Any], meta: dict[str, Any]) -> None:
    """Append the rows of one serialised document ``d`` to ``out`` (``meta``: partition, input, record, ...)."""
    doc_id = d["id"]
    out["documents"].append({
        **meta,
        "id": doc_id,
        "url": d.get("url"),
        "source": d.get("source"),
        "published": d.get("published"),
        "title": d.get("title"),
        "language": d.get("language"),
        "n_chars": len(d.get("text") or ""),
        "n_sentences": len(d.get("sentences") or []),
        "n_entities": len(d.get("entities") or []),
        "n_quotes": len(d.get("quotes") or []),
        "n_events": len(d.get("events") or []),
        "n_places": len(d.get("places") or []),
        "n_times": len(d.get("times") or []),
        "doc_json": json.dumps(d, ensure_ascii=False),
    })
    rows = doc_rows(d)
    for e in rows["entities"]:
        out["entities"].append({
            "doc_id": doc_id, **{k: e[k] for k in ("local_id", "key", "name", "type", "kind", "country", "actor_code",
                                                   "wikidata", "kb_id")},
            "n_mentions": len(e["mentions"]),
            "mentions": [{"start": s, "end": en, "text": t} for s, en, t in e["mentions"]],
        })
    for table in ("quotes", "events", "places"):
        names = SCHEMAS[table].names
        for r in rows[table]:
            out[table].append({"doc_id": doc_id, **{k: r.get(k) for k in names if k != "doc_id"}})


def to_tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """Arrow tables (fixed schemas) of collected rows."""
    return {t: pa.Table.from_pylist(rows[t], schema=SCHEMAS[t]) for t in TABLES}
