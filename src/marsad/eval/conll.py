"""Entity-level exact-match scoring of BIO-tagged sequences, computed as ``conlleval`` computes it.

Chunks are read from the tags with conlleval's own start/end rules (ported from the CoNLL-2000
``conlleval`` script), which matters in three places:

* an ``I-X`` that follows ``O`` (or a tag of another type) *starts* a chunk, it is not dropped;
* a change of type inside a run (``B-PERS I-LOC``) ends one chunk and starts another;
* a sentence boundary counts as ``O``.

A predicted chunk is correct only when its start, its end and its type all equal those of a gold
chunk. A chunk with the right span and the wrong type is therefore one false positive (for the
predicted type) and one false negative (for the gold type).

Public functions: :func:`read_conll`, :func:`chunks`, :func:`score`, :func:`format_report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["chunks", "format_report", "read_conll", "score"]

_BOUNDARY_TAGS = {"O", "."}


def read_conll(path: str | Path, encoding: str = "utf-8") -> list[list[tuple[str, str]]]:
    """Read a CoNLL-style file: one token per line, whitespace-separated columns, blank line between sentences.

    The token is the first column and the tag the last, so 2-column (``token TAG``) and wider
    (``token POS CHUNK TAG``) files both read. ``-DOCSTART-`` lines act as sentence boundaries.
    A line with a single column raises ``ValueError`` (it has no tag).
    """
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    with open(path, encoding=encoding) as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("-DOCSTART-"):
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cols = line.split()
            if len(cols) < 2:
                raise ValueError(f"{path}:{lineno}: expected 'token ... TAG', got {line!r}")
            cur.append((cols[0], cols[-1]))
    if cur:
        sents.append(cur)
    return sents


def _split_tag(tag: str) -> tuple[str, str]:
    """``'B-PERS'`` -> ``('B', 'PERS')``; ``'O'`` -> ``('O', '')`` (conlleval's split on the first '-')."""
    if "-" in tag:
        prefix, _, typ = tag.partition("-")
        return prefix, typ
    return tag, ""


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    """conlleval ``endOfChunk``: does a chunk end between the previous token and this one?"""
    if (prev_tag, tag) in {
        ("B", "B"),
        ("B", "O"),
        ("I", "B"),
        ("I", "O"),
        ("E", "E"),
        ("E", "I"),
        ("E", "O"),
    }:
        return True
    if prev_tag not in _BOUNDARY_TAGS and prev_type != typ:
        return True
    return prev_tag in ("[", "]")


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, typ: str) -> bool:
    """conlleval ``startOfChunk``: does a chunk start at this token?"""
    if (prev_tag, tag) in {
        ("B", "B"),
        ("I", "B"),
        ("O", "B"),
        ("O", "I"),
        ("E", "E"),
        ("E", "I"),
        ("O", "E"),
    }:
        return True
    if tag not in _BOUNDARY_TAGS and prev_type != typ:
        return True
    return tag in ("[", "]")


def _tag_of(item: Any) -> str:
    """Accept either a bare tag or a ``(token, ..., tag)`` tuple."""
    if isinstance(item, str):
        return item
    return str(item[-1])


def chunks(tags: Iterable[Any]) -> list[tuple[int, int, str]]:
    """Chunks of one sentence as ``(start, end_exclusive, type)``, with conlleval's rules."""
    out: list[tuple[int, int, str]] = []
    prev_tag, prev_type = "O", ""
    start: int | None = None
    i = -1
    for i, item in enumerate(tags):
        tag, typ = _split_tag(_tag_of(item))
        if start is not None and _end_of_chunk(prev_tag, tag, prev_type, typ):
            out.append((start, i, prev_type))
            start = None
        if _start_of_chunk(prev_tag, tag, prev_type, typ):
            start = i
        prev_tag, prev_type = tag, typ
    # the sentence boundary acts as an "O"
    if start is not None and _end_of_chunk(prev_tag, "O", prev_type, ""):
        out.append((start, i + 1, prev_type))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    # conlleval convention: a ratio with a zero denominator is 0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def score(gold_sents_tags: Sequence[Sequence[Any]], pred_sents_tags: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Entity-level exact-match precision/recall/F1, micro-averaged and per type.

    Both arguments are lists of sentences; a sentence is a list of tags (``'B-LOC'``) or of
    ``(token, tag)`` pairs as :func:`read_conll` returns. Sentences must align one to one and have
    equal lengths.

    Returns ``{"micro": {...}, "per_type": {TYPE: {...}}, "sentences", "tokens", "accuracy"}`` where
    each score dict has ``precision, recall, f1, tp, fp, fn, pred, gold`` (ratios in 0..1).
    """
    if len(gold_sents_tags) != len(pred_sents_tags):
        raise ValueError(f"{len(gold_sents_tags)} gold sentences but {len(pred_sents_tags)} predicted")
    tp: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_tokens = 0
    n_token_ok = 0
    for k, (gs, ps) in enumerate(zip(gold_sents_tags, pred_sents_tags, strict=True)):
        g_tags = [_tag_of(x) for x in gs]
        p_tags = [_tag_of(x) for x in ps]
        if len(g_tags) != len(p_tags):
            raise ValueError(f"sentence {k}: {len(g_tags)} gold tags but {len(p_tags)} predicted")
        n_tokens += len(g_tags)
        n_token_ok += sum(1 for a, b in zip(g_tags, p_tags, strict=True) if a == b)
        g_chunks = set(chunks(g_tags))
        p_chunks = set(chunks(p_tags))
        for c in g_chunks:
            n_gold[c[2]] = n_gold.get(c[2], 0) + 1
        for c in p_chunks:
            n_pred[c[2]] = n_pred.get(c[2], 0) + 1
        for c in g_chunks & p_chunks:
            tp[c[2]] = tp.get(c[2], 0) + 1
    types = sorted(set(n_gold) | set(n_pred))
    per_type = {t: _prf(tp.get(t, 0), n_pred.get(t, 0), n_gold.get(t, 0)) for t in types}
    micro = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {
        "micro": micro,
        "per_type": per_type,
        "sentences": len(gold_sents_tags),
        "tokens": n_tokens,
        "accuracy": n_token_ok / n_tokens if n_tokens else 0.0,
    }


def format_report(result: dict[str, Any]) -> str:
    """A plain-text report; its last line is exactly ``micro precision=P recall=R f1=F`` (4 decimals)."""
    m = result["micro"]
    lines = [
        f"processed {result.get('tokens', 0)} tokens in {result.get('sentences', 0)} sentences; "
        f"gold chunks {m['gold']}, predicted {m['pred']}, correct {m['tp']}; "
        f"token accuracy {result.get('accuracy', 0.0):.4f}",
    ]
    width = max([len(t) for t in result["per_type"]] + [4])
    for t, s in result["per_type"].items():
        lines.append(
            f"{t:<{width}} precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f} "
            f"tp={s['tp']} fp={s['fp']} fn={s['fn']}"
        )
    lines.append(f"micro precision={m['precision']:.4f} recall={m['recall']:.4f} f1={m['f1']:.4f}")
    return "\n".join(lines)
