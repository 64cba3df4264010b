"""Knowledge-base hints for the CRF tagger: the same hints at training time (a CoNLL sentence,
matched on its own) and in the pipeline (the document's matches, passed by the entity recogniser)."""

from __future__ import annotations

import pytest

from marsad.extract.entities import EntityRecognizer
from marsad.extract.ner_crf import CRFTagger
from marsad.extract.ner_features import KBGazetteer, default_gazetteer
from marsad.kb import load as load_kb
from marsad.pipeline import Pipeline

TEXT = (
    "استقبل الرئيس الروسي فلاديمير بوتين في موسكو وزير الخارجية السعودي، وبحثا الأوضاع في بغداد. "
    "وقالت وزارة الخارجية الأمريكية إن الأمم المتحدة سترسل مساعدات إلى غزة.\n"
    "وأعلن الهلال الأحمر القطري - في بيان - أن قافلة وصلت إلى حلب."
)


@pytest.fixture(scope="module")
def kbgaz() -> KBGazetteer:
    return KBGazetteer(default_gazetteer(), load_kb())


def test_known_names_get_kb_hints(kbgaz):
    toks = ["وقالت", "وزارة", "الخارجية", "الأمريكية", "إن", "فلاديمير", "بوتين", "زار", "بغداد"]
    h = kbgaz.kb_hint_lists(toks)
    assert h[0] == []  # وقالت
    assert h[1] == ["K-B-ORG"] and h[2] == ["K-I-ORG"] and h[3] == ["K-I-ORG"]
    assert h[5] == ["K-B-PERS"] and h[6] == ["K-I-PERS"]
    assert h[8] == ["K-B-LOC"]
    # the full hints are the registry gazetteer's plus these
    full = kbgaz.hint_lists(toks)
    base = kbgaz.base.hint_lists(toks)
    assert all(f == b + k for f, b, k in zip(full, base, h, strict=True))
    assert kbgaz(toks)[1].endswith("K-B-ORG")


def test_no_hints_for_plain_words(kbgaz):
    assert kbgaz.kb_hint_lists(["ذهب", "الولد", "إلى", "المدرسة"]) == [[], [], [], []]
    assert kbgaz.kb_hint_lists([]) == []


def test_pipeline_hints_equal_training_hints(kbgaz):
    """The recogniser's hints from the document's matches are those the gazetteer computes for the
    same token strings sentence by sentence (what training saw)."""
    doc = Pipeline(["text"])(TEXT, published="2025-04-28")
    rec = EntityRecognizer(tagger=CRFTagger.load(fast=True))
    if not isinstance(rec.tagger.gazetteer, KBGazetteer):
        pytest.skip("the packaged model is not trained with knowledge-base hints")
    toks = doc.tokens
    sents = [[i for i in range(s.tok_start, s.tok_end) if toks[i].kind != "punct" or toks[i].text in "-."]
             for s in doc.sentences]
    sents = [s for s in sents if s]
    from_doc = rec._kb_hints(sents, rec.kb.match_tokens(toks))
    own = [kbgaz.kb_hint_lists([toks[i].text for i in idx]) for idx in sents]
    assert from_doc == [{j: h for j, h in enumerate(s) if h} for s in own]
    assert any(h for s in own for h in s)
    # and the tags are the same either way
    words = [[toks[i].text for i in idx] for idx in sents]
    assert rec.tagger.tag_many(words, kb_hints=from_doc) == rec.tagger.tag_many(words)


def test_kb_hints_must_match_the_sentences():
    tagger = CRFTagger.load(fast=True)
    if not isinstance(tagger.gazetteer, KBGazetteer):
        pytest.skip("the packaged model is not trained with knowledge-base hints")
    with pytest.raises(ValueError, match="kb_hints"):
        tagger.tag_many([["بغداد"]], kb_hints=[])
