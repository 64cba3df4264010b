"""MinHash signatures over word shingles and LSH band keys, for near-duplicate detection.

A document's *shingles* are the runs of :data:`SHINGLE` consecutive word keys (normalised Arabic with
the article and unambiguous clitic chains set aside, see :func:`marsad.cluster.terms.word_keys`), so
copies that differ in spelling of hamza, ta marbuta or diacritics still share shingles.

The signature holds, for each of :data:`NUM_PERM` hash functions ``h(x) = (a*x + b) mod 2**32``
(odd ``a``; a multiply-add family, cheap and good enough for Jaccard estimates), the minimum over the
document's shingle hashes. Two signatures agree at a position with probability equal to the Jaccard
similarity of the shingle sets, so the share of agreeing positions estimates it.

LSH: the signature is cut into :data:`BANDS` bands of :data:`ROWS` values; each band is hashed to one
signed 64-bit key. Documents sharing any band key are candidates (two documents with Jaccard ``s``
become candidates with probability ``1 - (1 - s**ROWS)**BANDS``: about 0.5 at s = 0.5, 0.98 at 0.7),
and candidates are then verified on the full signature.

Everything is deterministic across processes and runs (no salted ``hash()``).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
MAX_SHINGLES = 5000  # long documents: the first 5000 shingles are plenty for a Jaccard estimate

_rng = np.random.default_rng(20250101)
_A = (_rng.integers(1, 2**32, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)).reshape(-1, 1)
_B = _rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).reshape(-1, 1)
_MASK = np.uint64(0xFFFFFFFF)
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def shingle_hashes(keys: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the ``k``-word shingles (a short text yields one shingle of all its words)."""
    if not keys:
        return np.zeros(0, dtype=np.uint64)
    if len(keys) < k:
        grams = [" ".join(keys)]
    else:
        grams = {" ".join(keys[i : i + k]) for i in range(min(len(keys) - k + 1, MAX_SHINGLES))}
    return np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))


def signature(keys: Sequence[str]) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of a document's word keys."""
    h = shingle_hashes(keys)
    if h.size == 0:
        return _EMPTY.copy()
    values = (_A * h[None, :] + _B) & _MASK
    return values.min(axis=1).astype(np.uint32)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if np.array_equal(sig_a, _EMPTY) or np.array_equal(sig_b, _EMPTY):
        return 0.0
    return float(np.count_nonzero(sig_a == sig_b)) / NUM_PERM


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band index is part of the key)."""
    if np.array_equal(sig, _EMPTY):
        return []
    raw = sig.astype("<u4").tobytes()
    step = ROWS * 4
    keys = []
    for b in range(BANDS):
        digest = hashlib.blake2b(raw[b * step : (b + 1) * step], digest_size=8, person=b"marsad-lsh%02d" % b).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
