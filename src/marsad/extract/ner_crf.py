"""Statistical Arabic NER: a linear-chain CRF (CRFsuite via ``sklearn-crfsuite``) over tokens.

Tags are BIO over the ANERcorp types ``PERS``, ``LOC``, ``ORG``, ``MISC``.

* :class:`CRFTagger` -- ``CRFTagger.load()`` returns the packaged model (loaded lazily, cached);
  ``tagger.tag(tokens)`` / ``tagger.tag_many(list_of_token_lists)`` return BIO tags.
* :func:`featurize` -- the feature extraction shared by training and tagging.
* :func:`train` -- train a model from a CoNLL file (``token TAG`` per line).
* ``python -m marsad.extract.ner_crf train TRAIN.txt OUT.crfsuite [--c1 ..]`` and
  ``python -m marsad.extract.ner_crf eval TEST.txt [--model PATH]``.

The CLI layer calls :func:`train_ner` and :func:`eval_ner` (defined here, re-exported by
:mod:`marsad.eval.ner_eval`).

A model file ``X.crfsuite`` may have a sidecar ``X.json`` with its metadata; its ``"gazetteer"``
field (``"default"`` or ``null``) tells which gazetteer the model was trained with, and
:meth:`CRFTagger.load` picks the same one unless told otherwise.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.resources
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from marsad.extract.ner_fast import CompiledCRF, local_features
from marsad.extract.ner_features import (
    GAZETTEER_VERSION,
    SPORT_WORDS,
    GazetteerFn,
    KBGazetteer,
    analyze,
    default_gazetteer,
    strip_clitics,
)

__all__ = [
    "CRFTagger",
    "default_model_path",
    "eval_ner",
    "featurize",
    "train",
    "train_ner",
]

DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.05,
    "max_iterations": 150,
    "min_freq": 1,
    "all_possible_transitions": True,
}


def _gazetteer_named(name: str | None) -> GazetteerFn | None:
    """The gazetteer a model's metadata names: ``"default"`` (registry packages), ``"default+kb"``
    (plus marsad's knowledge base, :class:`KBGazetteer`) or none."""
    if name is None:
        return None
    if name == "default":
        return default_gazetteer()
    if name == "default+kb":
        from marsad.kb import load as load_kb

        return KBGazetteer(default_gazetteer(), load_kb())
    raise ValueError(f"unknown gazetteer {name!r} in the model's metadata")


def default_model_path() -> Path:
    """Path of the packaged model (``marsad/data/models/ner_crf.crfsuite``)."""
    return Path(str(importlib.resources.files("marsad") / "data" / "models" / "ner_crf.crfsuite"))


# ---------------------------------------------------------------------------------------------
# features

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»،؛؟…–—“”‘’٪")


def _shape(w: str) -> str:
    """Coarse word shape: ar / lat / LAT / Lat / dig / num / punct / mix / empty."""
    if not w:
        return "empty"
    ar = lat = dig = pun = other = 0
    upper = 0
    for ch in w:
        o = ord(ch)
        if 0x0621 <= o <= 0x064A or 0x0671 <= o <= 0x06D3 or 0x064B <= o <= 0x065F or o == 0x0640:
            ar += 1
        elif ch.isdigit():
            dig += 1
        elif ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
            lat += 1
            if ch.isupper():
                upper += 1
        elif ch in _PUNCT:
            pun += 1
        else:
            other += 1
    n = len(w)
    if ar == n:
        return "ar"
    if dig == n:
        return "dig"
    if pun == n:
        return "punct"
    if lat == n:
        if upper == n:
            return "LAT"
        if upper and w[0].isupper():
            return "Lat"
        return "lat"
    if dig and dig + pun == n:
        return "num"
    if ar and dig:
        return "ar+dig"
    if ar and pun:
        return "ar+punct"
    return "mix"


def _length_bucket(n: int) -> str:
    if n <= 4:
        return str(n)
    if n <= 6:
        return "5-6"
    if n <= 9:
        return "7-9"
    return "10+"


# Per-token-string cache: token -> (normalised form, own features, and the features the token
# contributes to its neighbours at -2, -1, +1, +2). A tagger keeps its own cache filtered to the
# attributes its model knows, which makes tagging about twice as fast.
_TokFeats = tuple[str, list[str], list[str], list[str], list[str], list[str], bool]
_CACHE_MAX = 300_000


def _token_features(tok: str) -> _TokFeats:
    w, prefix, stem = analyze(tok)
    if len(w) > 40:  # keep pathological tokens from producing huge features
        w = w[:40]
        prefix, stem = strip_clitics(w)
    shape = _shape(tok)
    own = [
        "w=" + w,
        "st=" + stem,
        "cl=" + prefix,
        "sh=" + shape,
        "len=" + _length_bucket(len(w)),
        "p1=" + w[:1],
        "p2=" + w[:2],
        "p3=" + w[:3],
        "s1=" + w[-1:],
        "s2=" + w[-2:],
        "s3=" + w[-3:],
        "sp2=" + stem[:2],
        "ss2=" + stem[-2:],
        "ss3=" + stem[-3:],
    ]
    if w.startswith("ال") or prefix.endswith(("ال", "لل")):
        own.append("def")
    near = ["w=" + w, "st=" + stem, "sh=" + shape, "s2=" + w[-2:], "cl=" + prefix]
    far = ["w=" + w, "st=" + stem]
    return (
        w,
        own,
        ["-2" + f for f in far],
        ["-1" + f for f in near],
        ["+1" + f for f in near],
        ["+2" + f for f in far],
        w in SPORT_WORDS or stem in SPORT_WORDS,
    )


class _FeatureCache:
    """Memoised :func:`_token_features`, optionally filtered to a model's known attributes."""

    def __init__(self, known: frozenset[str] | None = None) -> None:
        self.known = known
        self.data: dict[str, _TokFeats] = {}

    def get(self, tok: str) -> _TokFeats:
        hit = self.data.get(tok)
        if hit is not None:
            return hit
        feats = _token_features(tok)
        known = self.known
        if known is not None:
            feats = (feats[0], *([f for f in part if f in known] for part in feats[1:6]), feats[6])  # type: ignore[assignment]
        if len(self.data) >= _CACHE_MAX:
            self.data.clear()
        self.data[tok] = feats
        return feats


_SHARED_CACHE = _FeatureCache()


def featurize(
    tokens: Sequence[str],
    gazetteer: GazetteerFn | None = None,
    extra: Sequence[Sequence[str]] | None = None,
    *,
    _cache: _FeatureCache | None = None,
) -> list[list[str]]:
    """CRF features (binary, as strings) for each token of one sentence.

    Per token: normalised form, clitic-stripped stem and the stripped prefix, 1-3 char prefixes
    and suffixes (of the form, and 2-3 of the stem), shape, length bucket, definite-article flag,
    sentence position; the form, stem, shape, 2-char suffix and clitic of the tokens at -1/+1 and
    the form and stem at -2/+2; the ``w[-1]|w[0]`` and ``w[0]|w[+1]`` bigrams; when ``gazetteer``
    is given, its hints at -2..+2 (a hint string may hold several labels joined by ``"|"``); and
    ``extra`` features per token if given (the document-context features of the second stage).
    Never fails on odd input: empty strings, whitespace, punctuation, very long tokens.
    """
    cache = _SHARED_CACHE if _cache is None else _cache
    known = cache.known
    toks = ["" if t is None else str(t) for t in tokens]
    n = len(toks)
    if n == 0:
        return []
    tf = [cache.get(t) for t in toks]
    words = [f[0] for f in tf]
    hints: list[list[str]] | None = None
    if gazetteer is not None:
        raw = gazetteer(toks)
        if len(raw) != n:
            raise ValueError(f"gazetteer returned {len(raw)} hints for {n} tokens")
        hints = [h.split("|") if h else [] for h in raw]
    if extra is not None and len(extra) != n:
        raise ValueError(f"{len(extra)} extra feature lists for {n} tokens")
    sport = USE_TOPIC and any(f[6] for f in tf)
    out: list[list[str]] = []
    for i in range(n):
        f = ["bias", *tf[i][1]]
        if i >= 1:
            f.extend(tf[i - 1][3])
            if i >= 2:
                f.extend(tf[i - 2][2])
        if i < n - 1:
            f.extend(tf[i + 1][4])
            if i + 2 < n:
                f.extend(tf[i + 2][5])
        # the sentence-level features, shared with the compiled engine (marsad.extract.ner_fast)
        local = local_features(i, words, hints, sport, extra[i] if extra is not None else None)
        if known is None:
            f.extend(local)
        else:
            f.extend([x for x in local if x in known])
        out.append(f)
    return out


USE_TOPIC = True


# ---------------------------------------------------------------------------------------------
# document context (second stage)

_TYPES = ("PERS", "LOC", "ORG", "MISC")


def _ctx_key(tok: str) -> str | None:
    """The key under which occurrences of a word are pooled across a document (its stem)."""
    w, _prefix, stem = analyze(tok)
    if len(w) < 2 or not any(ch.isalpha() for ch in w):
        return None
    return stem


def doc_context(
    sentences: Sequence[Sequence[str]], stage1: Sequence[Sequence[str]], window: int = 20
) -> list[list[list[str]]]:
    """Second-stage features from first-stage tags over a document.

    For each token: its own first-stage tag and those of its neighbours (``s1=``, ``s1-1=``,
    ``s1+1=``), and how the *other* occurrences of the same stem within ``window`` sentences either
    side were tagged: ``dc=TYPE`` for each entity type seen, ``dcm=TYPE`` for the most frequent
    label (``O`` included) and ``dcn=`` a count bucket. This is what lets a name tagged PERS after
    a title in one sentence be found again when it stands alone elsewhere in the article.
    """
    n = len(sentences)
    keys = [[_ctx_key(t) for t in s] for s in sentences]
    labels = [[t[2:] if t != "O" and len(t) > 2 else "O" for t in s] for s in stage1]
    per_sent: list[dict[str, dict[str, int]]] = []
    for ks, ls in zip(keys, labels, strict=True):
        d: dict[str, dict[str, int]] = {}
        for k, lab in zip(ks, ls, strict=True):
            if k is not None:
                c = d.setdefault(k, {})
                c[lab] = c.get(lab, 0) + 1
        per_sent.append(d)

    running: dict[str, dict[str, int]] = {}

    def add(d: dict[str, dict[str, int]], sign: int) -> None:
        for k, c in d.items():
            r = running.setdefault(k, {})
            for lab, v in c.items():
                r[lab] = r.get(lab, 0) + sign * v

    for j in range(min(window, n - 1) + 1):
        add(per_sent[j], 1)
    out: list[list[list[str]]] = []
    for s in range(n):
        if s > 0:
            if s + window < n:
                add(per_sent[s + window], 1)
            if s - window - 1 >= 0:
                add(per_sent[s - window - 1], -1)
        tags = stage1[s]
        feats_s: list[list[str]] = []
        m = len(tags)
        for i in range(m):
            f = ["s1=" + tags[i]]
            f.append("s1-1=" + (tags[i - 1] if i > 0 else "BOS"))
            f.append("s1+1=" + (tags[i + 1] if i + 1 < m else "EOS"))
            k = keys[s][i]
            if k is not None:
                c = running.get(k, {})
                own = labels[s][i]
                total = 0
                best, best_n = "", 0
                for lab, v in c.items():
                    if lab == own:
                        v -= 1
                    if v <= 0:
                        continue
                    total += v
                    if lab != "O":
                        f.append("dc=" + lab)
                    if v > best_n:
                        best, best_n = lab, v
                if total:
                    f.append("dcm=" + best)
                    f.append("dcn=" + ("1" if total == 1 else "2-3" if total <= 3 else "4+"))
            feats_s.append(f)
        out.append(feats_s)
    return out


# ---------------------------------------------------------------------------------------------
# tagging


def _read_meta(model_path: Path) -> dict[str, Any]:
    meta_path = model_path.with_suffix(".json")
    if meta_path.is_file():
        try:
            return json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
    return {}


def _open_tagger(path: Path) -> tuple[Any, frozenset[str]]:
    import pycrfsuite  # installed with sklearn-crfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    known = frozenset(attr for attr, _label in tagger.info().state_features)
    return tagger, known


class CRFTagger:
    """A loaded CRF NER model. Use :meth:`load`; ``CRFTagger.load()`` is the packaged model.

    A two-stage model (metadata ``"stage1_model"``) first tags every sentence with the stage-1
    model, then re-tags with the main model using :func:`doc_context` features computed over the
    sentences given together to :meth:`tag_many` (pass an article's sentences in order).
    """

    _defaults: ClassVar[dict[bool, CRFTagger]] = {}

    def __init__(
        self,
        model_path: str | Path,
        gazetteer: GazetteerFn | str | None = "auto",
        *,
        fast: bool = False,
        engine: str | None = None,
    ) -> None:
        """``fast=True`` tags a two-stage model with its stage-1 model only (about twice as fast,
        about 1.5 F1 points lower on ANERcorp). ``engine`` is ``"compiled"`` (the default:
        :mod:`marsad.extract.ner_fast`) or ``"crfsuite"`` (python-crfsuite's tagger, the reference
        the compiled engine is tested against); the env var ``MARSAD_CRF_ENGINE`` sets the default."""
        import pycrfsuite

        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise FileNotFoundError(f"NER model not found: {self.model_path}")
        self.meta = _read_meta(self.model_path)
        if gazetteer == "auto":
            gazetteer = _gazetteer_named(self.meta.get("gazetteer", "default"))
        elif isinstance(gazetteer, str):
            raise ValueError(f"unknown gazetteer {gazetteer!r}")
        self.gazetteer: GazetteerFn | None = gazetteer
        stage1_name = self.meta.get("stage1_model")
        main = self.model_path.parent / stage1_name if (stage1_name and fast) else self.model_path
        stage1 = self.model_path.parent / stage1_name if (stage1_name and not fast) else None
        self.doc_window = int(self.meta.get("doc_window", 20))
        self._item_sequence = pycrfsuite.ItemSequence
        self._stage1 = None
        self._engine: CompiledCRF | None = None
        self._engine1: CompiledCRF | None = None
        self.engine = engine or os.environ.get("MARSAD_CRF_ENGINE", "compiled")
        if self.engine == "compiled":
            # no feature cache: an engine works out a word's features once, into its own table
            self._engine = CompiledCRF(main, _token_features)
            if stage1 is not None:
                self._engine1 = CompiledCRF(stage1, _token_features)
        elif self.engine == "crfsuite":
            self._tagger, known = _open_tagger(main)
            if stage1 is not None:
                self._stage1, known1 = _open_tagger(stage1)
                known = known | known1
            self._cache = _FeatureCache(known)
        else:
            raise ValueError(f"unknown CRF engine {self.engine!r} (compiled or crfsuite)")

    @classmethod
    def load(
        cls, path: str | Path | None = None, gazetteer: GazetteerFn | str | None = "auto", *, fast: bool = False
    ) -> CRFTagger:
        """Load a model; without ``path`` the packaged one, loaded once and cached per process."""
        if path is None and gazetteer == "auto":
            hit = cls._defaults.get(fast)
            if hit is None:
                hit = cls._defaults[fast] = cls(default_model_path(), fast=fast)
            return hit
        return cls(default_model_path() if path is None else path, gazetteer=gazetteer, fast=fast)

    @property
    def labels(self) -> list[str]:
        if self._engine is not None:
            return list(self._engine.labels)
        return list(self._tagger.labels())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence (a list of token strings)."""
        return self.tag_many([tokens])[0]

    def tag_many(
        self, sentences: Iterable[Sequence[str]], kb_hints: Sequence[dict[int, list[str]]] | None = None
    ) -> list[list[str]]:
        """BIO tags for each sentence; the sentences are one document's, in order.

        ``kb_hints`` (per sentence, ``{token position: hints}``) are the knowledge-base hints of a
        model trained with :class:`KBGazetteer`, when the caller already has the document's
        knowledge-base matches (the entity recogniser does); without them the gazetteer matches
        each sentence itself."""
        sents = [["" if t is None else str(t) for t in s] for s in sentences]
        if self._engine is None:
            return self._tag_crfsuite(sents)
        hints: list[list[list[str]] | None] = []
        # the sport topic per sentence: worked out by the engine from its words, or off
        sports = None if USE_TOPIC else [False] * len(sents)
        gaz = self.gazetteer
        as_lists = getattr(gaz, "hint_lists", None)  # the default gazetteer's own list form
        if kb_hints is not None and isinstance(gaz, KBGazetteer):
            if len(kb_hints) != len(sents):
                raise ValueError(f"kb_hints for {len(kb_hints)} sentences, {len(sents)} given")
            as_lists = None
            for s, extra in zip(sents, kb_hints, strict=True):
                h = gaz.base.hint_lists(s)
                for j, labels in extra.items():
                    h[j].extend(labels)
                hints.append(h)
        for s in [] if hints else sents:  # (hints already made from kb_hints)
            if gaz is not None and s:
                if as_lists is not None:
                    hints.append(as_lists(s))
                else:
                    raw = gaz(s)
                    if len(raw) != len(s):
                        raise ValueError(f"gazetteer returned {len(raw)} hints for {len(s)} tokens")
                    hints.append([h.split("|") if h else [] for h in raw])
            else:
                hints.append(None)
        if self._engine1 is None:
            return self._engine.tag(sents, hints, sports)
        s1 = self._engine1.tag(sents, hints, sports)
        ctx = doc_context(sents, s1, self.doc_window)
        return self._engine.tag(sents, hints, sports, ctx)

    def _tag_crfsuite(self, sents: list[list[str]]) -> list[list[str]]:
        base = [featurize(s, self.gazetteer, _cache=self._cache) for s in sents]
        if self._stage1 is None:
            return [list(self._tagger.tag(self._item_sequence(f))) if f else [] for f in base]
        s1 = [list(self._stage1.tag(self._item_sequence(f))) if f else [] for f in base]
        ctx = doc_context(sents, s1, self.doc_window)
        known = self._cache.known
        out: list[list[str]] = []
        for f, c in zip(base, ctx, strict=True):
            if not f:
                out.append([])
                continue
            if known is not None:
                f = [fi + [x for x in ci if x in known] for fi, ci in zip(f, c, strict=True)]
            else:
                f = [fi + ci for fi, ci in zip(f, c, strict=True)]
            out.append(list(self._tagger.tag(self._item_sequence(f))))
        return out


# ---------------------------------------------------------------------------------------------
# training and evaluation


def _read_sents(path: str | Path) -> list[list[tuple[str, str]]]:
    from marsad.eval.conll import read_conll

    return read_conll(path)


def _fit(
    X: Sequence[Sequence[Sequence[str]]],
    y: Sequence[Sequence[str]],
    out_path: str | Path,
    params: dict[str, Any],
    verbose: bool = False,
) -> None:
    import sklearn_crfsuite

    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=params["c1"],
        c2=params["c2"],
        max_iterations=params["max_iterations"],
        min_freq=params.get("min_freq", 0),
        all_possible_transitions=params.get("all_possible_transitions", True),
        model_filename=str(out_path),
        verbose=verbose,
    )
    crf.fit(X, y)


def _predict(model_path: str | Path, X: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    try:
        return [list(tagger.tag(pycrfsuite.ItemSequence(x))) if x else [] for x in X]
    finally:
        tagger.close()


def fit_model(
    sents: Sequence[Sequence[tuple[str, str]]],
    out_path: str | Path,
    params: dict[str, Any],
    gazetteer: GazetteerFn | None,
    stages: int = 2,
    folds: int = 5,
    doc_window: int = 20,
    verbose: bool = False,
    log: Any = None,
) -> dict[str, Any]:
    """Train a one- or two-stage model on ``(token, tag)`` sentences (in document order).

    Two stages: the stage-1 training tags come from ``folds``-fold jackknifing over contiguous
    blocks (each block tagged by a model that did not see it), so the stage-2 model learns how far
    to trust stage-1 output on unseen text. Writes ``out_path`` and, for two stages,
    ``<stem>_s1.crfsuite`` beside it. Returns the metadata entries describing the model files.
    """
    out_path = Path(out_path)
    toks = [[w for w, _ in s] for s in sents]
    y = [[t for _, t in s] for s in sents]
    X = [featurize(t, gazetteer) for t in toks]
    if stages == 1:
        _fit(X, y, out_path, params, verbose)
        return {"stages": 1}
    stage1_path = out_path.with_name(out_path.stem + "_s1.crfsuite")
    n = len(sents)
    jack: list[list[str]] = [[] for _ in range(n)]
    bounds = [round(k * n / folds) for k in range(folds + 1)]
    tmp = out_path.with_name(out_path.stem + "_fold.crfsuite")
    for k in range(folds):
        a, b = bounds[k], bounds[k + 1]
        if log:
            log(f"stage 1, fold {k + 1}/{folds}")
        _fit(X[:a] + X[b:], y[:a] + y[b:], tmp, params, verbose)
        jack[a:b] = _predict(tmp, X[a:b])
    tmp.unlink(missing_ok=True)
    if log:
        log("stage 1, all data")
    _fit(X, y, stage1_path, params, verbose)
    ctx = doc_context(toks, jack, doc_window)
    X2 = [[fi + ci for fi, ci in zip(x, c, strict=True)] for x, c in zip(X, ctx, strict=True)]
    if log:
        log("stage 2")
    _fit(X2, y, out_path, params, verbose)
    return {
        "stages": 2,
        "stage1_model": stage1_path.name,
        "jackknife_folds": folds,
        "doc_window": doc_window,
        "size_bytes_stage1": stage1_path.stat().st_size,
    }


def train(
    train_path: str | Path,
    out_path: str | Path,
    c1: float = DEFAULT_PARAMS["c1"],
    c2: float = DEFAULT_PARAMS["c2"],
    max_iterations: int = DEFAULT_PARAMS["max_iterations"],
    *,
    min_freq: int = DEFAULT_PARAMS["min_freq"],
    all_possible_transitions: bool = DEFAULT_PARAMS["all_possible_transitions"],
    use_gazetteer: bool = True,
    use_kb: bool = True,
    stages: int = 2,
    folds: int = 5,
    doc_window: int = 20,
    max_sentences: int | None = None,
    test_path: str | Path | None = None,
    verbose: bool = False,
) -> dict[str, Any]:
    """Train a CRF on a CoNLL file and write the model to ``out_path`` plus metadata beside it.

    Returns the metadata dict (also written to ``out_path`` with suffix ``.json``): date, params,
    sizes, training seconds and, if ``test_path`` is given, the scores on it.
    """
    sents = _read_sents(train_path)
    if max_sentences is not None:
        sents = sents[:max_sentences]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    gazetteer_name = ("default+kb" if use_kb else "default") if use_gazetteer else None
    gaz = _gazetteer_named(gazetteer_name)
    params = {
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "min_freq": min_freq,
        "all_possible_transitions": all_possible_transitions,
    }

    def log(msg: str) -> None:
        if verbose:
            print(f"[train-ner] {msg}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    model_info = fit_model(sents, out_path, params, gaz, stages=stages, folds=folds, doc_window=doc_window, log=log)
    seconds = time.perf_counter() - t0
    meta: dict[str, Any] = {
        "model": out_path.name,
        "date": _dt.date.today().isoformat(),
        "algorithm": "CRFsuite L-BFGS (sklearn-crfsuite), BIO tags",
        "params": params,
        **model_info,
        "gazetteer": gazetteer_name,
        "gazetteer_version": GAZETTEER_VERSION if use_gazetteer else None,
        "train_file": Path(train_path).name,
        "train_sentences": len(sents),
        "train_tokens": sum(len(s) for s in sents),
        "train_seconds": round(seconds, 1),
        "size_bytes": out_path.stat().st_size,
    }
    meta_path = out_path.with_suffix(".json")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if test_path is not None:
        result = evaluate(test_path, out_path)
        meta["test_file"] = Path(test_path).name
        meta["test_sentences"] = result["sentences"]
        meta["test_tokens"] = result["tokens"]
        meta["test_scores"] = _rounded_scores(result)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def _rounded_scores(result: dict[str, Any]) -> dict[str, Any]:
    def r(s: dict[str, Any]) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in s.items()}

    return {"micro": r(result["micro"]), "per_type": {t: r(s) for t, s in result["per_type"].items()}}


def evaluate(conll_file: str | Path, model: str | Path | CRFTagger | None = None) -> dict[str, Any]:
    """Tag a CoNLL file's tokens with ``model`` and score against its tags (conlleval-style dict)."""
    from marsad.eval.conll import score

    tagger = model if isinstance(model, CRFTagger) else CRFTagger.load(model)
    gold = _read_sents(conll_file)
    pred = tagger.tag_many([[w for w, _ in s] for s in gold])
    return score(gold, pred)


def train_ner(train_file: str | Path, out_file: str | Path | None = None, **params: Any) -> dict[str, Any]:
    """CLI entry (``marsad train-ner``): train and return the metadata dict.

    ``out_file`` defaults to the packaged model path. ``params``: ``c1``, ``c2``,
    ``max_iterations``, ``min_freq``, ``all_possible_transitions``, ``use_gazetteer``,
    ``max_sentences``, ``test_path``, ``verbose``.
    """
    return train(train_file, default_model_path() if out_file is None else out_file, **params)


def eval_ner(conll_file: str | Path, model: str | Path | None = None) -> str:
    """CLI entry (``marsad eval-ner``): score a model on a CoNLL file; returns the text report
    whose last line is ``micro precision=P recall=R f1=F``."""
    from marsad.eval.conll import format_report

    return format_report(evaluate(conll_file, model))


def split_train_dev(
    sents: Sequence[Any], dev_fraction: float = 1 / 6, seed: int | None = None
) -> tuple[list[Any], list[Any]]:
    """Hold out the last ``dev_fraction`` of sentences (sequential, like the CAMeL split) or a
    random sample when ``seed`` is given."""
    sents = list(sents)
    k = int(len(sents) * (1 - dev_fraction))
    if seed is None:
        return sents[:k], sents[k:]
    idx = list(range(len(sents)))
    random.Random(seed).shuffle(idx)
    return [sents[i] for i in sorted(idx[:k])], [sents[i] for i in sorted(idx[k:])]


# ---------------------------------------------------------------------------------------------
# command line


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m marsad.extract.ner_crf", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train", help="train a model from a CoNLL file")
    tr.add_argument("train_file")
    tr.add_argument("out_file", nargs="?", default=None, help="default: the packaged model path")
    tr.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    tr.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    tr.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    tr.add_argument("--min-freq", type=int, default=DEFAULT_PARAMS["min_freq"])
    tr.add_argument("--no-gazetteer", action="store_true")
    tr.add_argument("--stages", type=int, choices=(1, 2), default=2)
    tr.add_argument("--test", default=None, help="CoNLL file to score the new model on")
    tr.add_argument("--verbose", action="store_true")
    ev = sub.add_parser("eval", help="score a model on a CoNLL file")
    ev.add_argument("conll_file")
    ev.add_argument("--model", default=None, help="default: the packaged model")
    args = ap.parse_args(argv)
    if args.cmd == "train":
        meta = train_ner(
            args.train_file,
            args.out_file,
            c1=args.c1,
            c2=args.c2,
            max_iterations=args.max_iterations,
            min_freq=args.min_freq,
            use_gazetteer=not args.no_gazetteer,
            stages=args.stages,
            test_path=args.test,
            verbose=args.verbose,
        )
        print(json.dumps(meta, ensure_ascii=False, indent=2))
    else:
        print(eval_ner(args.conll_file, args.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
