from pathlib import Path

import pytest

from marsad.extract.ner_crf import CRFTagger, default_model_path, doc_context, featurize, train
from marsad.extract.ner_features import (
    Gazetteer,
    clitic_variants,
    default_gazetteer,
    normalize_ar,
    strip_clitics,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANER_TRAIN = SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_train.txt"


def _entities(tokens: list[str], tags: list[str]) -> dict[str, str]:
    return {tok: tag[2:] for tok, tag in zip(tokens, tags, strict=True) if tag != "O"}


@pytest.fixture(scope="module")
def tagger() -> CRFTagger:
    return CRFTagger.load()


def test_packaged_model_exists_and_is_cached(tagger: CRFTagger):
    assert default_model_path().is_file()
    assert CRFTagger.load() is tagger
    assert {"B-PERS", "I-PERS", "B-LOC", "B-ORG", "B-MISC", "O"} <= set(tagger.labels)


def test_tags_plausible_entities(tagger: CRFTagger):
    toks = ["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس"]
    tags = tagger.tag(toks)
    assert len(tags) == len(toks)
    ents = _entities(toks, tags)
    assert ents.get("ماكرون") == "PERS"
    assert ents.get("باريس") == "LOC"
    assert "قال" not in ents and "في" not in ents


def test_tag_many_and_empty(tagger: CRFTagger):
    sents = [
        ["وصل", "وزير", "الخارجية", "إلى", "القاهرة", "صباح", "اليوم"],
        [],
        ["وأعلنت", "وزارة", "الصحة", "في", "لبنان", "عن", "إجراءات", "جديدة"],
    ]
    out = tagger.tag_many(sents)
    assert [len(t) for t in out] == [len(s) for s in sents]
    assert _entities(sents[0], out[0]).get("القاهرة") == "LOC"
    assert _entities(sents[2], out[2]).get("لبنان") == "LOC"
    assert tagger.tag([]) == []


def test_odd_input_never_fails(tagger: CRFTagger):
    odd = ["", " ", "،", "...", "x" * 500, "ـــ", "123", "abc", "Reuters", "٢٠٢٥", "\u200f", "😀", "بـ34.3"]
    feats = featurize(odd, default_gazetteer())
    assert len(feats) == len(odd)
    assert all(isinstance(f, str) for fs in feats for f in fs)
    assert featurize([]) == []
    assert featurize([""]) and featurize([""])[0]
    assert len(tagger.tag(odd)) == len(odd)
    assert len(tagger.tag(["."])) == 1


def test_feature_content():
    feats = featurize(["والقاهرة", "هي", "العاصمة"])
    assert "w=والقاهره" in feats[0]
    assert "st=قاهره" in feats[0]
    assert "cl=وال" in feats[0]
    assert "+1w=هي" in feats[0]
    assert "-2w=والقاهره" in feats[2]
    assert "BOS" in feats[0] and "EOS" in feats[2]


def test_normalisation_and_clitics():
    assert normalize_ar("أَحْمَدُ إلى آخِرِ ٱلمدى") == "احمد الي اخر المدي"
    assert normalize_ar("مدرسـة") == "مدرسه"
    assert strip_clitics("والقاهره") == ("وال", "قاهره")
    assert strip_clitics("للامم") == ("لل", "امم")
    assert strip_clitics("في") == ("", "في")
    assert clitic_variants("وبغداد") == ["غداد", "بغداد"]
    assert clitic_variants("للامم") == ["امم", "الامم", "لامم"]


def test_gazetteer_callable():
    gaz = Gazetteer(
        names={("الامم", "المتحده"): "ORG", ("بغداد",): "LOC"},
        units={"احمد": "N-PERS"},
        triggers={"الرئيس": "PERS"},
    )
    hints = gaz(["قال", "الرئيس", "أحمد", "في", "وبغداد", "أمام", "للأمم", "المتحدة"])
    assert hints == [None, "T-PERS", "N-PERS", None, "B-LOC", None, "B-ORG", "I-ORG"]
    assert gaz([]) == []
    feats = featurize(["الرئيس", "أحمد"], gaz)
    assert "g-1=T-PERS" in feats[1]
    assert "g0=N-PERS" in feats[1]


def test_default_gazetteer_sources():
    gaz = default_gazetteer()
    hints = gaz(["زار", "الرئيس", "الفرنسي", "مدينة", "القاهرة"])
    assert "T-PERS" in (hints[1] or "")
    assert "NAT" in (hints[2] or "")
    assert "B-LOC" in (hints[4] or "")


def test_doc_context_pools_other_occurrences():
    sents = [["الرئيس", "بوش", "يزور"], ["وقال", "بوش"]]
    stage1 = [["O", "B-PERS", "O"], ["O", "O"]]
    ctx = doc_context(sents, stage1, window=5)
    # the second "بوش" sees the first one tagged PERS; the first sees only an O
    assert "dc=PERS" in ctx[1][1]
    assert "dcm=PERS" in ctx[1][1]
    assert "dc=PERS" not in ctx[0][1] and "dcm=O" in ctx[0][1]
    assert "s1=B-PERS" in ctx[0][1]


def test_training_smoke(tmp_path: Path):
    if not ANER_TRAIN.exists():
        pytest.skip(f"{ANER_TRAIN} is absent (../shared is not beside this checkout)")
    out = tmp_path / "small.crfsuite"
    meta = train(ANER_TRAIN, out, c1=0.1, c2=0.01, max_iterations=5, max_sentences=200, stages=2, folds=2)
    assert out.is_file() and (tmp_path / "small_s1.crfsuite").is_file()
    assert meta["train_sentences"] == 200 and meta["stages"] == 2
    tg = CRFTagger.load(out)
    toks = ["قال", "الرئيس", "الفرنسي", "في", "باريس"]
    assert len(tg.tag(toks)) == len(toks)
