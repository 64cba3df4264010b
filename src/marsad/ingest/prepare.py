"""The per-document work of ingestion, run in worker processes: analyse, then derive what the store
and the clusterers need (search-index text, content terms, MinHash signature, headline embedding).

Workers get lists of :class:`Job` and return, in the same order, :class:`Prepared` records or
:class:`Failed` ones (an exception in the pipeline is a failure of that document, not of the run).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from marsad.cluster import embed, minhash
from marsad.cluster.terms import keys_of, term_counts, term_id
from marsad.doc import Document
from marsad.ingest.files import InputError, RawArticle, check_arabic
from marsad.store.rows import doc_rows, names_text
from marsad.store.search import index_fields
from marsad.text.normalize import normalize


@dataclass(slots=True)
class Job:
    seq: int
    raw: RawArticle
    doc_id: str
    content_hash: str
    locator: str


@dataclass(slots=True)
class Prepared:
    seq: int
    locator: str
    rec: dict[str, Any]  # the documents-table record, incl. "fts"
    rows: dict[str, list[dict[str, Any]]]
    terms: dict[int, int]
    minhash: bytes
    embedding: bytes = b""
    headline: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Failed:
    seq: int
    locator: str
    reason: str


def content_hash(raw: RawArticle) -> str:
    """Identity of an article's content: title and text, normalised, whitespace collapsed."""
    basis = " ".join(normalize((raw.title or "") + "\n" + raw.text).split())
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


_PIPELINE: dict[str, Any] = {}


def _pipeline(spec: str | None):
    """The analysis pipeline: ``marsad.load()``; ``"components:text,entities"`` for a subset of the
    components; or a ``"module:factory"`` (tests plug fakes in)."""
    key = spec or ""
    if key not in _PIPELINE:
        if spec and spec.startswith("components:"):
            from marsad.pipeline import load

            _PIPELINE[key] = load([c.strip() for c in spec.split(":", 1)[1].split(",") if c.strip()])
        elif spec:
            module, _, func = spec.partition(":")
            _PIPELINE[key] = getattr(import_module(module), func)()
        else:
            from marsad.pipeline import load

            _PIPELINE[key] = load()
    return _PIPELINE[key]


def prepare_doc(doc: Document, seq: int, locator: str, content_hash_: str, origin: str | None) -> Prepared:
    """Everything the store needs from an analysed document (no embedding: see :func:`prepare_jobs`)."""
    d = doc.to_dict()
    keys, loose = keys_of(doc.tokens, doc.text)
    _, title_loose = keys_of(None, doc.title or "")
    names = names_text(d)
    rows = doc_rows(d)
    terms = term_counts(loose, title_loose)
    for e in rows["entities"]:  # linked entities: one term per referent, whatever the spelling
        t = term_id("ent:" + e["key"])
        terms[t] = terms.get(t, 0) + 2 * max(1, len(e["mentions"]))
    from marsad.cluster.stories import day_number

    rec = {
        "id": doc.id,
        "content_hash": content_hash_,
        "url": doc.url,
        "source": doc.source,
        "published": doc.published,
        "title": doc.title,
        "day": day_number(doc.published),
        "n_chars": len(doc.text),
        "origin": origin,
        "doc_json": json.dumps(d, ensure_ascii=False),
        "fts": index_fields(doc.title, keys, loose, names),
    }
    return Prepared(
        seq=seq,
        locator=locator,
        rec=rec,
        rows=rows,
        terms=terms,
        minhash=minhash.to_bytes(minhash.signature(keys)),
        headline=embed.headline(doc.title, doc.text),
    )


def prepare_jobs(jobs: list[Job], pipeline: str | None = None, embeddings: bool = True) -> list[Prepared | Failed]:
    """Analyse and prepare a list of jobs (runs in a worker process, or inline)."""
    nlp = _pipeline(pipeline)
    out: list[Prepared | Failed] = []
    for job in jobs:
        raw = job.raw
        try:
            check_arabic(raw)
        except InputError as exc:
            out.append(Failed(job.seq, job.locator, str(exc)))
            continue
        try:
            doc = nlp(raw.text, published=raw.published, title=raw.title, source=raw.source, url=raw.url, id=job.doc_id)
            out.append(prepare_doc(doc, job.seq, job.locator, job.content_hash, raw.origin))
        except Exception as exc:  # a bug in a component must not stop the run: record it
            out.append(Failed(job.seq, job.locator, f"{job.locator}: analysis failed ({type(exc).__name__}: {exc})"[:500]))
    if embeddings:
        add_embeddings(out)
    return out


def add_embeddings(results: list[Prepared | Failed]) -> None:
    """Embed the headlines of a batch's prepared documents (in one call, in order). The ingester's
    workers leave this to the writer, so that only one process loads the sentence encoder; the vectors
    are the same wherever they are computed (one BLAS thread, the same batch)."""
    ready = [p for p in results if isinstance(p, Prepared)]
    if not ready:
        return
    try:
        vecs = embed.embed([p.headline for p in ready])
    except Exception:  # the encoder failing leaves documents without an embedding, not lost
        vecs = None
    for i, p in enumerate(ready):
        p.embedding = embed.to_bytes(vecs[i]) if vecs is not None else b""


def prepare_documents(docs: list[Document], start_seq: int = 0, embeddings: bool = True) -> list[Prepared]:
    """Prepare already-analysed documents (``Store`` imports of ready-made documents, tests)."""
    out = []
    for i, doc in enumerate(docs):
        raw = RawArticle(text=doc.text, title=doc.title, published=doc.published, source=doc.source, url=doc.url)
        if not doc.tokens:
            from marsad.text.tokens import tokenize

            doc.tokens = tokenize(doc.text)
        out.append(prepare_doc(doc, start_seq + i, doc.id, content_hash(raw), None))
    if out and embeddings:
        vecs = embed.embed([p.headline for p in out])
        for i, p in enumerate(out):
            p.embedding = embed.to_bytes(vecs[i])
    return out
