"""Compiled inference for the CRF NER models: the same tags as CRFsuite, several times faster.

Why this exists: tagging with python-crfsuite means building, for every token, a list of some
40 feature strings in Python and handing it to C++ through an ``ItemSequence``; at ~400 tokens an
article that cost ~14 ms, most of the entity stage. But a linear-chain CRF's score for a label at
a token is just the sum of the weights of that token's features. Almost all of our features are
*word-level* -- they depend on one token string and on where it stands relative to the token being
tagged (itself, or a neighbour at -2, -1, +1, +2). So the weight vectors they contribute can be
summed once per distinct word and offset and kept; tagging a sentence is then a few array
gathers plus the handful of sentence-level features (bigrams, sentence edges, gazetteer hints,
the sport topic, the second stage's document context), followed by Viterbi in numpy.

The weights are read from the model file with CRFsuite itself (``Tagger.info()``), so the result
is the model's own decision; ``tests/test_ner_fast.py`` checks tag-for-tag agreement with
CRFsuite. ``info()`` parses a text dump and takes about a second per model, so the parsed weights
are cached as ``.npz`` under the marsad cache directory, keyed by the model file's content hash.

:func:`local_features` lists a token's sentence-level features; :func:`marsad.extract.ner_crf.featurize`
builds its feature lists with it, and :meth:`CompiledCRF.scores` computes the same features as array
operations (the agreement tests keep the two in step).
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CompiledCRF", "local_features"]

_POS_FEATS = ("pos=0", "pos=1", "pos=2")
_HINT_PREFIX = ("g-2=", "g-1=", "g0=", "g1=", "g2=")

# per distinct word: 5 weight vectors (own features incl. bias; as the -2, -1, +1, +2 neighbour)
_OWN, _AS_M2, _AS_M1, _AS_P1, _AS_P2 = range(5)
_WORDS_MAX = 100_000  # distinct words kept before the table is reset (bounds memory: ~36 MB at 9 labels)


def local_features(
    i: int,
    words: Sequence[str],
    hints: Sequence[Sequence[str]] | None,
    sport: bool,
    extra: Sequence[str] | None,
) -> list[str]:
    """The sentence-level features of token ``i``: everything :func:`featurize` adds that is not a
    property of one word at a fixed offset."""
    n = len(words)
    local = ["BOS" if i == 0 else "-1bigram=" + words[i - 1] + "|" + words[i]]
    if i == 0:
        local.append("-1bigram=BOS|" + words[i])
    if i == n - 1:
        local.append("EOS")
    else:
        local.append("+1bigram=" + words[i] + "|" + words[i + 1])
    if i < 3:
        local.append(_POS_FEATS[i])
    if hints is not None:
        for k, j in enumerate(range(i - 2, i + 3)):
            if 0 <= j < n:
                prefix = _HINT_PREFIX[k]
                for h in hints[j]:
                    local.append(prefix + h)
        if sport:
            for h in hints[i]:
                local.append("sport|" + h)
    if sport:
        local.append("topic=sport")
    if extra is not None:
        local.extend(extra)
    return local


def _cache_dir() -> Path:
    root = os.environ.get("MARSAD_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "marsad")
    return Path(root) / "crf"


def _read_weights(model_path: Path) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """``(labels, attributes, W[attr, label], T[from, to])`` of a CRFsuite model, cached as .npz."""
    digest = hashlib.sha1(model_path.read_bytes()).hexdigest()[:16]
    cached = _cache_dir() / f"{model_path.stem}-{digest}.npz"
    if cached.is_file():
        try:
            with np.load(cached, allow_pickle=False) as z:
                labels = str(z["labels"]).split("\n")
                attrs = bytes(z["attrs"]).decode("utf-8").split("\n")
                return labels, attrs, z["W"], z["T"]
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file is rebuilt below
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    info = tagger.info()
    labels = list(tagger.labels())
    lab = {name: k for k, name in enumerate(labels)}
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for (attr, label), weight in info.state_features.items():
        a = index.setdefault(attr, len(index))
        rows.append(a)
        cols.append(lab[label])
        vals.append(weight)
    W = np.zeros((len(index), len(labels)))
    np.add.at(W, (np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)), np.array(vals))
    T = np.zeros((len(labels), len(labels)))
    for (a, b), weight in info.transitions.items():
        T[lab[a], lab[b]] = weight
    attrs = list(index)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            labels=np.array("\n".join(labels)),
            attrs=np.frombuffer("\n".join(attrs).encode("utf-8"), dtype=np.uint8),
            W=W,
            T=T,
        )
        os.replace(tmp, cached)
    except OSError:
        pass  # read-only home: work without the cache
    return labels, attrs, W, T


class CompiledCRF:
    """One CRFsuite model's weights, arranged for fast tagging of whole documents.

    ``word_features(tok)`` must return the tuple :func:`marsad.extract.ner_crf._token_features`
    returns (normalised form, own features, the features the token gives its -2/-1/+1/+2
    neighbours, sport flag); the tagger passes its memoised version.
    """

    def __init__(self, model_path: str | Path, word_features: Callable[[str], Any]) -> None:
        self.model_path = Path(model_path)
        self.labels, attrs, self.W, self.T = _read_weights(self.model_path)
        self.index = {a: k for k, a in enumerate(attrs)}
        self.word_features = word_features
        L = len(self.labels)
        self._bias = self.W[self.index["bias"]].copy() if "bias" in self.index else np.zeros(L)
        self._ids: dict[str, int] = {}
        self._words: list[str] = []
        self._sport: list[bool] = []  # per word: a sport word (the sentence-level topic flag)
        self._table = np.zeros((1024, 5, L))
        # bigram features by word pair; an attribute "-1bigram=a|b" is filed under every split at a
        # "|", so a pair (a, b) finds it exactly when "-1bigram=" + a + "|" + b is that attribute
        # (a, b) -> (row of "+1bigram=a|b", row of "-1bigram=a|b"), -1 where the model lacks one
        self._bigram: dict[tuple[str, str], tuple[int, int]] = {}
        for attr, k in self.index.items():
            for head, side in (("+1bigram=", 0), ("-1bigram=", 1)):
                if attr.startswith(head):
                    rest = attr[len(head) :]
                    for cut, ch in enumerate(rest):
                        if ch == "|":
                            pair = (rest[:cut], rest[cut + 1 :])
                            both = list(self._bigram.get(pair, (-1, -1)))
                            both[side] = k
                            self._bigram[pair] = (both[0], both[1])
        self._hint_ids: dict[str, int] = {}
        self._hint_table = np.zeros((0, 6), dtype=np.intp)
        get = self.index.get
        self._edge = (get("BOS"), get("EOS"))
        self._pos = tuple(get(f) for f in _POS_FEATS)
        self._topic = get("topic=sport")

    def _add_words(self, toks: Sequence[str]) -> None:
        """Put new words into the table, all in one array operation: a word's features are looked
        up once, and their weight rows summed per offset group by ``np.add.at``."""
        new = [t for t in dict.fromkeys(toks) if t not in self._ids]
        if not new:
            return
        k0 = len(self._ids)
        need = k0 + len(new)
        if need > len(self._table):
            size = len(self._table)
            while size < need:
                size *= 2
            grown = np.zeros((size, *self._table.shape[1:]))
            grown[:k0] = self._table[:k0]
            self._table = grown
        get = self.index.get
        at_word: list[int] = []
        at_group: list[int] = []
        rows: list[int] = []
        for j, tok in enumerate(new):
            tf = self.word_features(tok)
            k = k0 + j
            for group in range(5):  # _OWN, _AS_M2, _AS_M1, _AS_P1, _AS_P2 = tf[1..5]
                for f in tf[group + 1]:
                    r = get(f)
                    if r is not None:
                        at_word.append(k)
                        at_group.append(group)
                        rows.append(r)
            self._ids[tok] = k
            self._words.append(tf[0])
            self._sport.append(bool(tf[6]))
        block = self._table[k0:need]
        block[:] = 0.0
        block[:, _OWN] = self._bias
        if rows:
            np.add.at(self._table, (at_word, at_group), self.W[rows])

    def _hint_id(self, h: str) -> int:
        """Row in the hint table: the attribute rows of ``g-2=h .. g2=h`` and ``sport|h`` (-1 when
        the model does not know one)."""
        k = self._hint_ids.get(h)
        if k is None:
            get = self.index.get
            rows = [get(p + h, -1) for p in _HINT_PREFIX] + [get("sport|" + h, -1)]
            k = self._hint_ids[h] = len(self._hint_ids)
            self._hint_table = np.vstack([self._hint_table, np.array([rows], dtype=np.intp)])
        return k

    def tag(
        self,
        sents: Sequence[Sequence[str]],
        hints: Sequence[Sequence[Sequence[str]] | None],
        sports: Sequence[bool] | None = None,
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> list[list[str]]:
        """Labels of every token of a document's sentences (see :meth:`scores`)."""
        return self.decode(*self.scores(sents, hints, sports, extra))

    def scores(
        self,
        sents: Sequence[Sequence[str]],
        hints: Sequence[Sequence[Sequence[str]] | None],
        sports: Sequence[bool] | None = None,
        extra: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """State scores of all sentences at once, as ``(S, longest, labels)`` (zero-padded) and
        the sentence lengths: the word-level parts gathered from the per-word table, plus what
        :func:`local_features` adds. The document is handled as one token sequence with sentence
        boundaries as masks, so the number of numpy calls does not grow with its sentences, and
        the Python-level work is list comprehensions over tokens. ``sports`` flags the sentences
        on the sport topic; ``None`` derives them from the words (any sport word in the sentence)."""
        L = len(self.labels)
        S = len(sents)
        lengths = np.array([len(t) for t in sents], dtype=np.intp)
        n_max = int(lengths.max()) if S else 0
        total = int(lengths.sum())
        if total == 0:
            return np.zeros((S, n_max, L)), lengths
        if len(self._ids) >= _WORDS_MAX:  # only between documents: ids below are used together
            self._ids.clear()
            self._words.clear()
            self._sport.clear()
        toks = [t for sent in sents for t in sent]
        get_id = self._ids.get
        ids_l = [get_id(t, -1) for t in toks]
        if -1 in ids_l:
            self._add_words([t for k, t in zip(ids_l, toks, strict=True) if k < 0])
            ids_l = [get_id(t, -1) for t in toks]
        ids = np.array(ids_l, dtype=np.intp)
        starts = np.zeros(S, dtype=np.intp)
        np.cumsum(lengths[:-1], out=starts[1:])
        nonempty = lengths > 0
        if sports is None:
            flags = np.zeros(S, dtype=bool)
            words_sport = np.array([self._sport[k] for k in ids_l], dtype=bool)
            flags[nonempty] = np.logical_or.reduceat(words_sport, starts[nonempty])
            sports = flags.tolist()
        first = starts[nonempty]
        last = first + lengths[nonempty] - 1
        # position of every token in its sentence, and whether its neighbours are in the same one
        in_sent = np.arange(total) - np.repeat(starts, lengths)
        sent_len = np.repeat(lengths, lengths)
        tab = self._table
        E = tab[ids, _OWN]
        for shift, col, ok in (
            (1, _AS_M1, in_sent >= 1),
            (2, _AS_M2, in_sent >= 2),
            (-1, _AS_P1, in_sent < sent_len - 1),
            (-2, _AS_P2, in_sent < sent_len - 2),
        ):
            at = np.flatnonzero(ok)
            E[at] += tab[ids[at - shift], col]
        pos_parts: list[np.ndarray] = []
        row_parts: list[np.ndarray] = []

        def add(at: np.ndarray, rows: np.ndarray) -> None:
            keep = rows >= 0
            pos_parts.append(at[keep])
            row_parts.append(rows[keep])

        bos, eos = self._edge
        if bos is not None:
            add(first, np.full(len(first), bos, dtype=np.intp))
        if eos is not None:
            add(last, np.full(len(last), eos, dtype=np.intp))
        for i, r in enumerate(self._pos):
            if r is not None:
                at = first[lengths[nonempty] > i] + i
                add(at, np.full(len(at), r, dtype=np.intp))
        words = self._words
        w = [words[k] for k in ids_l]
        index_get = self.index.get
        add(first, np.array([index_get("-1bigram=BOS|" + w[k], -1) for k in first.tolist()], dtype=np.intp))
        if total > 1:
            pairs = list(itertools.pairwise(w))  # (token k, token k+1), across sentence ends too: masked below
            inner = in_sent[1:] > 0
            bigram = self._bigram.get
            none = (-1, -1)
            rows = np.array([bigram(pr, none) for pr in pairs], dtype=np.intp)  # (pairs, 2)
            rows[~inner] = -1
            add(np.arange(total - 1), rows[:, 0])  # +1bigram= of token k
            add(np.arange(1, total), rows[:, 1])  # -1bigram= of token k+1
        # gazetteer hints: the hint of token j is the feature g{j-i}= of token i (same sentence)
        hp: list[int] = []
        hl: list[int] = []
        known_hint = self._hint_ids.get
        for s, h in enumerate(hints):
            if h is None:
                continue
            base = int(starts[s])
            for j, hj in enumerate(h):
                for label in hj:
                    hp.append(base + j)
                    k = known_hint(label)
                    hl.append(self._hint_id(label) if k is None else k)
        if hp:
            at = np.array(hp, dtype=np.intp)
            table = self._hint_table[np.array(hl, dtype=np.intp)]  # (hints, 6) attribute rows
            where = in_sent[at]
            size = sent_len[at]
            for k in range(5):
                i = where + 2 - k
                ok = (i >= 0) & (i < size)
                add(at[ok] + 2 - k, table[ok, k])
            if any(sports):
                in_sport = np.repeat(np.asarray(sports, dtype=bool), lengths)[at]
                add(at[in_sport], table[in_sport, 5])
        if self._topic is not None and any(sports):
            at = np.flatnonzero(np.repeat(np.asarray(sports, dtype=bool), lengths))
            add(at, np.full(len(at), self._topic, dtype=np.intp))
        if extra is not None:
            flat = [f for sent in extra for f in sent]
            xr = [[index_get(f, -1) for f in feats] for feats in flat]
            counts = np.array([len(x) for x in xr], dtype=np.intp)
            add(np.repeat(np.arange(total), counts), np.array([r for x in xr for r in x], dtype=np.intp))
        pos = np.concatenate(pos_parts)
        rows_all = np.concatenate(row_parts)
        if len(rows_all):
            np.add.at(E, pos, self.W[rows_all])
        padded = np.zeros((S, n_max, L))
        padded[np.repeat(np.arange(S), lengths), in_sent] = E
        return padded, lengths

    def decode(self, E: np.ndarray, lengths: np.ndarray) -> list[list[str]]:
        """Viterbi: the best label sequence of each sentence, all sentences advanced together one
        position at a time (a finished sentence's scores are carried unchanged)."""
        S, n_max, L = E.shape
        if S == 0:
            return []
        if n_max == 0:
            return [[] for _ in range(S)]
        # longest sentences first, so that at position t the live sentences are a prefix [:k]
        order = np.argsort(-lengths, kind="stable")
        E = E[order]
        lens = lengths[order]
        live = np.searchsorted(-lens, -np.arange(n_max), side="left").tolist()
        T = self.T
        delta = E[:, 0].copy()
        back = np.zeros((S, n_max, L), dtype=np.intp)
        for t in range(1, n_max):
            k = live[t]
            cand = delta[:k, :, None] + T  # (live sentences, from, to)
            back[:k, t] = cand.argmax(axis=1)
            delta[:k] = cand.max(axis=1) + E[:k, t]
        # back to the callers' order: sentence s was decoded at row unsort[s]
        unsort = np.empty_like(order)
        unsort[order] = np.arange(S)
        labels = self.labels
        out: list[list[str]] = []
        last = delta.argmax(axis=1).tolist()
        rows = unsort.tolist()
        for s, n in enumerate(lengths.tolist()):
            if n == 0:
                out.append([])
                continue
            row = rows[s]
            k = last[row]
            path = [k]
            bs = back[row, :n].tolist()
            for t in range(n - 1, 0, -1):
                k = bs[t][k]
                path.append(k)
            path.reverse()
            out.append([labels[k] for k in path])
        return out
