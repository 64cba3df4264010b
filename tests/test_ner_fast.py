"""The compiled CRF engine (marsad.extract.ner_fast) must tag exactly as CRFsuite does with the
same model: it is only a faster way of computing the same Viterbi path."""

from __future__ import annotations

import random

import numpy as np
import pytest

from conftest import SHARED, need_shared
from marsad.extract import ner_fast
from marsad.extract.ner_crf import CRFTagger, default_model_path

_SENTS = [
    "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الاتحاد الأوروبي سيرسل مساعدات إلى غزة",
    "واستقبل وزير الخارجية السعودي الأمير فيصل بن فرحان نظيره التركي هاكان فيدان في الرياض",
    [],
    "وأعلنت منظمة الصحة العالمية أن 12 شخصا أصيبوا في مدينة حلب",
    ["."],
    "وفاز نادي الهلال على النصر في دوري روشن للمحترفين بهدفين مقابل هدف",
    "أكد المتحدث باسم الكرملين دميتري بيسكوف أن موسكو لم تتلق أي طلب",
    "ولد محمد عبد الرحمن الجابري في عمان وعمل في شركة أرامكو",
]
DOC = [s if isinstance(s, list) else s.split(" ") for s in _SENTS]


@pytest.fixture(scope="module", params=[True, False], ids=["stage1", "two-stage"])
def taggers(request):
    fast = request.param
    return (
        CRFTagger(default_model_path(), fast=fast, engine="crfsuite"),
        CRFTagger(default_model_path(), fast=fast, engine="compiled"),
    )


def test_same_tags_as_crfsuite_on_written_sentences(taggers):
    ref, fast = taggers
    assert fast.tag_many(DOC) == ref.tag_many(DOC)
    # some names are found at all, so the comparison is not between two empty outputs
    assert any(t != "O" for s in fast.tag_many(DOC) for t in s)


def test_same_tags_on_single_sentences_and_odd_input(taggers):
    ref, fast = taggers
    for sent in [*DOC, [""], ["", "", "x"], ["«", "»"], ["ب" * 60], ["2025", "-", "04", "-", "28"]]:
        assert fast.tag(sent) == ref.tag(sent), sent
    assert fast.tag_many([]) == []


def test_same_tags_on_random_token_soup(taggers):
    """Shuffled words in random-length sentences: contexts the model never saw."""
    ref, fast = taggers
    rng = random.Random(7)
    words = [w for s in DOC for w in s] + ["Reuters", "AFP", "٢٠٢٥", "؟", "…"]
    docs = [[[rng.choice(words) for _ in range(rng.randint(0, 40))] for _ in range(rng.randint(1, 12))] for _ in range(30)]
    for d in docs:
        assert fast.tag_many(d) == ref.tag_many(d)


def test_word_table_reset_keeps_results(monkeypatch, taggers):
    ref, _ = taggers
    monkeypatch.setattr(ner_fast, "_WORDS_MAX", 16)
    small = CRFTagger(default_model_path(), fast=ref._stage1 is None, engine="compiled")
    for _ in range(2):
        assert small.tag_many(DOC) == ref.tag_many(DOC)
    assert len(small._engine._ids) > 16  # a document is never split across two tables
    assert small.tag_many([["كلمة", "أخرى"]]) == ref.tag_many([["كلمة", "أخرى"]])
    assert len(small._engine._ids) == 2  # the table was reset before the next document


def test_weights_are_cached_and_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    model = default_model_path()
    labels, attrs, W, T = ner_fast._read_weights(model)
    files = list((tmp_path / "crf").glob("*.npz"))
    assert len(files) == 1
    labels2, attrs2, W2, T2 = ner_fast._read_weights(model)
    assert (labels2, attrs2) == (labels, attrs)
    assert np.array_equal(W2, W) and np.array_equal(T2, T)
    files[0].write_bytes(b"not an npz file")
    _labels3, attrs3, W3, _ = ner_fast._read_weights(model)
    assert attrs3 == attrs and np.array_equal(W3, W)


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="unknown CRF engine"):
        CRFTagger(default_model_path(), engine="numba")


def test_env_var_selects_the_engine(monkeypatch):
    monkeypatch.setenv("MARSAD_CRF_ENGINE", "crfsuite")
    assert CRFTagger(default_model_path(), fast=True).engine == "crfsuite"
    monkeypatch.delenv("MARSAD_CRF_ENGINE")
    assert CRFTagger(default_model_path(), fast=True).engine == "compiled"


def test_same_tags_as_crfsuite_on_anercorp_test(taggers):
    """Every token of the ANERcorp test split, in documents of 25 sentences."""
    from marsad.eval.conll import read_conll

    path = need_shared(SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt")
    toks = [[w for w, _ in s] for s in read_conll(path)]
    ref, fast = taggers
    for i in range(0, len(toks), 25):
        doc = toks[i : i + 25]
        assert fast.tag_many(doc) == ref.tag_many(doc), i
