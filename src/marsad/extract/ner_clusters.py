"""Distributional word clusters for the CRF NER tagger (:mod:`marsad.extract.ner_crf`).

The packaged table ``marsad/data/models/ner_clusters.tsv.gz`` maps a normalised word form
(:func:`marsad.extract.ner_features.normalize_ar`) to its cluster ids at three granularities in two
views (``word<TAB>c64<TAB>c256<TAB>c1024`` for the narrow-context view, then the same for the wide
one). Words that share a cluster occur in similar contexts in Arabic news (given names, town names, ministries, months...), which lets the tagger generalise from
the names seen in its training data to names it has never seen.

How the table is built (:func:`build`, ``python -m marsad.extract.ner_clusters build``):

1. tokenise the title and content of every SaudiNewsNet article (``../shared/data/saudinewsnet``)
   and, if given, the words of a CoNLL file (the ANERcorp train split), split off punctuation, and
   normalise each token;
2. count, for every word seen at least ``min_count`` times, the words at offsets -2, -1, +1, +2
   among the ``contexts`` most frequent words (the offset is part of the context, so the vectors
   are direction-aware and favour syntactic/semantic class over topic) -- the ``narrow`` view --
   and, for the ``wide`` view, also the words 3 to 5 either side, pooled;
3. per view, positive PMI with context-distribution smoothing (0.75), truncated SVD to ``dim``
   dimensions (singular values weighted by their square root), rows L2-normalised;
4. k-means (mini-batch, fixed seed) with 64 and 256 centroids; the 1024 level splits each of the
   256 clusters in four (so it nests in the 256 level).

Only derived statistics (word -> cluster numbers) are shipped, no text.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from marsad.extract.ner_features import normalize_ar

__all__ = ["GRANULARITIES", "build", "cluster_table", "default_clusters_path", "lookup"]

#: the cluster counts, coarse to fine
GRANULARITIES = (64, 256, 1024)
#: the context windows: ``narrow`` = the words at -2, -1, +1, +2 (each offset its own context),
#: ``wide`` = those plus the words at 3 to 5 either side pooled; the table's columns are
#: ``narrow`` 64/256/1024 then ``wide`` 64/256/1024
VIEWS = ("narrow", "wide")
# offset -> block of context columns, per view
_NARROW = {-2: 0, -1: 1, 1: 2, 2: 3}
_VIEW_BLOCKS: dict[str, dict[int, int]] = {
    "narrow": _NARROW,
    "wide": {**_NARROW, -5: 4, -4: 4, -3: 4, 3: 4, 4: 4, 5: 4},
}

_TOKEN_RE = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+|[^\w\s]", re.UNICODE)


def default_clusters_path() -> Path:
    """Path of the packaged table (``marsad/data/models/ner_clusters.tsv.gz``)."""
    return Path(str(importlib.resources.files("marsad") / "data" / "models" / "ner_clusters.tsv.gz"))


@lru_cache(maxsize=2)
def cluster_table(path: str | None = None) -> dict[str, tuple[str, ...]]:
    """``{normalised word: (c64, c256, c1024, wide c64, wide c256, wide c1024)}`` read from the
    table (empty if it is missing)."""
    p = default_clusters_path() if path is None else Path(path)
    out: dict[str, tuple[str, ...]] = {}
    try:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 1 + len(VIEWS) * len(GRANULARITIES) and parts[0]:
                    out[parts[0]] = tuple(parts[1:])
    except OSError:
        return {}
    return out


def lookup(word: str) -> tuple[str, ...] | None:
    """Cluster ids of a normalised word form, or ``None`` if it is not in the table."""
    return cluster_table().get(word)


# ---------------------------------------------------------------------------------------------
# building


def tokenize(text: str) -> list[str]:
    """Split text into words and single punctuation marks (as ANERcorp does) and normalise them."""
    return [normalize_ar(t) for t in _TOKEN_RE.findall(text)]


def _saudinewsnet_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                for field in ("title", "content"):
                    v = rec.get(field)
                    if isinstance(v, str) and v:
                        yield from (p for p in v.split("\n") if p.strip())


def _conll_texts(path: Path) -> Iterator[str]:
    sent: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if sent:
                    yield " ".join(sent)
                    sent = []
                continue
            sent.append(parts[0])
    if sent:
        yield " ".join(sent)


def _segments(texts: Iterable[str]) -> Iterator[list[str]]:
    for t in texts:
        toks = tokenize(t)
        if toks:
            yield toks


def build(
    corpus_dir: str | Path,
    out_path: str | Path | None = None,
    *,
    conll: Sequence[str | Path] = (),
    min_count: int = 5,
    contexts: int = 10000,
    dim: int = 200,
    granularities: Sequence[int] = GRANULARITIES,
    seed: int = 0,
    verbose: bool = False,
) -> dict[str, object]:
    """Build the cluster table from SaudiNewsNet (``corpus_dir``) plus optional CoNLL files."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.utils.extmath import randomized_svd

    def log(msg: str) -> None:
        if verbose:
            print(f"[ner-clusters] {msg}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    texts: list[Iterable[str]] = [_saudinewsnet_texts(Path(corpus_dir))]
    texts += [_conll_texts(Path(c)) for c in conll]
    counts: Counter[str] = Counter()
    segs: list[list[str]] = []
    for src in texts:
        for toks in _segments(src):
            counts.update(toks)
            segs.append(toks)
    n_tokens = sum(counts.values())
    log(f"{len(segs)} segments, {n_tokens} tokens, {len(counts)} types ({time.perf_counter() - t0:.0f} s)")

    vocab = [w for w, c in counts.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(contexts, len(vocab))
    # one id stream with -1 between segments (a boundary is a context word of its own: id n_ctx)
    ids = np.full(n_tokens + len(segs), -1, dtype=np.int64)
    pos = 0
    unk = len(vocab)
    for toks in segs:
        ids[pos : pos + len(toks)] = [index.get(t, unk) for t in toks]
        pos += len(toks) + 1
    del segs
    width = n_ctx + 1  # + boundary
    labels: list[np.ndarray] = []
    for view in VIEWS:
        blocks = _VIEW_BLOCKS[view]
        rows_all, cols_all = [], []
        for off, block in blocks.items():
            if off > 0:
                a, b = ids[:-off], ids[off:]
            else:
                a, b = ids[-off:], ids[:off]
            ok = (a >= 0) & (a < unk)
            ctx = np.where(b < 0, n_ctx, b)
            ok &= (ctx < n_ctx) | (b < 0)
            rows_all.append(a[ok])
            cols_all.append(ctx[ok] + block * width)
        rows = np.concatenate(rows_all)
        cols = np.concatenate(cols_all)
        n_blocks = max(blocks.values()) + 1
        mat = sp.coo_matrix(
            (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), width * n_blocks)
        ).tocsr()
        mat.sum_duplicates()
        del rows, cols, rows_all, cols_all
        log(
            f"{view}: co-occurrence matrix {mat.shape}, {mat.nnz} non-zeros ({time.perf_counter() - t0:.0f} s)"
        )

        # PPMI with context smoothing
        total = mat.sum()
        row_sum = np.asarray(mat.sum(axis=1)).ravel()
        col_sum = np.asarray(mat.sum(axis=0)).ravel() ** 0.75
        col_p = col_sum / col_sum.sum()
        coo = mat.tocoo()
        pmi = np.log(coo.data / total) - np.log(row_sum[coo.row] / total) - np.log(col_p[coo.col])
        keep = pmi > 0
        ppmi = sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=mat.shape)
        del mat, coo, pmi, keep
        u, sv, _vt = randomized_svd(ppmi, n_components=dim, n_iter=5, random_state=seed)
        vec = u * np.sqrt(sv)
        vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        log(f"{view}: SVD {vec.shape} ({time.perf_counter() - t0:.0f} s)")

        x = vec.astype(np.float32)
        first = len(labels)
        for level, k in enumerate(granularities):
            prev = labels[-1] if level else None
            if prev is not None and k > 256 and k % granularities[level - 1] == 0:
                # a fine level: each coarser cluster split in k / k_prev (mini-batch k-means over
                # the whole vocabulary at this size leaves a few giant clusters)
                ratio = k // granularities[level - 1]
                lab = np.zeros(len(x), dtype=np.int64)
                for c in np.unique(prev):
                    members = np.flatnonzero(prev == c)
                    if len(members) <= ratio:
                        sub = np.arange(len(members))
                    else:
                        sub = KMeans(n_clusters=ratio, random_state=seed, n_init=3).fit_predict(x[members])
                    lab[members] = c * ratio + sub
                labels.append(lab)
            else:
                km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_iter=200)
                labels.append(km.fit_predict(x))
            log(f"{view}: k-means {k} ({time.perf_counter() - t0:.0f} s)")
        assert len(labels) == first + len(granularities)

    out = default_clusters_path() if out_path is None else Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as raw:
        lines = []
        for i, w in enumerate(vocab):
            if not w or "\t" in w:
                continue
            lines.append(w + "\t" + "\t".join(str(int(lab[i])) for lab in labels) + "\n")
        raw.write("".join(lines).encode("utf-8"))
    cluster_table.cache_clear()
    info = {
        "words": len(vocab),
        "tokens": n_tokens,
        "min_count": min_count,
        "contexts": n_ctx,
        "dim": dim,
        "granularities": list(granularities),
        "seconds": round(time.perf_counter() - t0, 1),
        "path": str(out),
        "size_bytes": out.stat().st_size,
    }
    log(json.dumps(info, ensure_ascii=False))
    return info


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m marsad.extract.ner_clusters", description=__doc__.split("\n")[0]
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the word-cluster table")
    b.add_argument(
        "--corpus", default="../shared/data/saudinewsnet", help="folder of SaudiNewsNet *.jsonl.gz"
    )
    b.add_argument(
        "--conll",
        action="append",
        default=None,
        help="CoNLL file whose words are added (default: ../shared/data/anercorp/ANERCorp_CamelLab_train.txt)",
    )
    b.add_argument("--out", default=None, help="default: the packaged table")
    b.add_argument("--min-count", type=int, default=5)
    b.add_argument("--contexts", type=int, default=10000)
    b.add_argument("--dim", type=int, default=200)
    b.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    conll = args.conll
    if conll is None:
        default = Path("../shared/data/anercorp/ANERCorp_CamelLab_train.txt")
        conll = [default] if default.is_file() else []
    info = build(
        args.corpus,
        args.out,
        conll=conll,
        min_count=args.min_count,
        contexts=args.contexts,
        dim=args.dim,
        seed=args.seed,
        verbose=True,
    )
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
