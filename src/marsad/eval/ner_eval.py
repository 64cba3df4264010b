"""NER training and evaluation entry points for the CLI (``marsad train-ner`` / ``marsad eval-ner``).

Thin re-exports of :mod:`marsad.extract.ner_crf`:

* ``train_ner(train_file, out_file=None, **params) -> dict`` -- train a model (default output: the
  packaged model path) and return its metadata (params, sizes, training time, scores if
  ``test_path`` is given);
* ``eval_ner(conll_file, model=None) -> str`` -- score a model (default: the packaged one) on a CoNLL
  file; the report's last line is ``micro precision=P recall=R f1=F``;
* ``evaluate(conll_file, model=None) -> dict`` -- the same as a dict (see :func:`marsad.eval.conll.score`).
"""

from marsad.extract.ner_crf import eval_ner, evaluate, train_ner

__all__ = ["eval_ner", "evaluate", "train_ner"]
