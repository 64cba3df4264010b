from pathlib import Path

import pytest

from marsad.eval.conll import chunks, format_report, read_conll, score

GOLD = [
    ["B-PERS", "I-PERS", "O", "B-LOC", "O"],
    ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PERS"],
    ["O", "O", "O"],
]


def test_perfect_prediction_scores_one():
    r = score(GOLD, GOLD)
    assert r["micro"]["precision"] == 1.0
    assert r["micro"]["recall"] == 1.0
    assert r["micro"]["f1"] == 1.0
    assert r["micro"]["tp"] == 4
    assert r["accuracy"] == 1.0
    for t in ("PERS", "LOC", "ORG"):
        assert r["per_type"][t]["f1"] == 1.0


def test_empty_prediction_scores_zero():
    pred = [["O"] * len(s) for s in GOLD]
    r = score(GOLD, pred)
    assert r["micro"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "tp": 0,
        "fp": 0,
        "fn": 4,
        "pred": 0,
        "gold": 4,
    }


def test_partial_match_by_hand():
    # gold chunks: PERS(0,2) LOC(3,4) | ORG(1,4) PERS(5,6)                  -> 4 gold
    # pred chunks: PERS(0,1) [too short] LOC(3,4) [ok] | ORG(1,4) [ok] LOC(5,6) [wrong type]
    #              + MISC(0,1) in sentence 3 [spurious]                     -> 5 predicted
    # correct = LOC(3,4) + ORG(1,4) = 2
    # precision = 2/5 = 0.4 ; recall = 2/4 = 0.5 ; f1 = 2*0.4*0.5/(0.4+0.5) = 0.4/0.9 = 0.4444...
    pred = [
        ["B-PERS", "O", "O", "B-LOC", "O"],
        ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC"],
        ["B-MISC", "O", "O"],
    ]
    r = score(GOLD, pred)
    m = r["micro"]
    assert (m["tp"], m["fp"], m["fn"], m["pred"], m["gold"]) == (2, 3, 2, 5, 4)
    assert m["precision"] == pytest.approx(0.4)
    assert m["recall"] == pytest.approx(0.5)
    assert m["f1"] == pytest.approx(4 / 9)
    # per type: PERS gold 2, pred 1 (too short), tp 0 -> P=0 R=0 F=0
    #           LOC  gold 1, pred 2, tp 1 -> P=1/2 R=1 F=2*.5*1/1.5 = 2/3
    #           ORG  gold 1, pred 1, tp 1 -> 1/1/1
    #           MISC gold 0, pred 1, tp 0 -> P=0 R=0 (no gold) F=0
    pt = r["per_type"]
    assert (pt["PERS"]["tp"], pt["PERS"]["pred"], pt["PERS"]["gold"]) == (0, 1, 2)
    assert pt["PERS"]["f1"] == 0.0
    assert pt["LOC"]["precision"] == pytest.approx(0.5)
    assert pt["LOC"]["recall"] == pytest.approx(1.0)
    assert pt["LOC"]["f1"] == pytest.approx(2 / 3)
    assert pt["ORG"]["f1"] == 1.0
    assert (pt["MISC"]["fp"], pt["MISC"]["f1"]) == (1, 0.0)
    # token accuracy: sentence 1 misses token 1 (I-PERS), sentence 2 misses token 5, sentence 3 token 0
    # -> 14 tokens, 11 right
    assert r["accuracy"] == pytest.approx(11 / 14)


def test_i_after_o_starts_a_chunk():
    # conlleval: an I- after O opens a chunk, and a type change inside a run splits it
    assert chunks(["O", "I-PERS", "I-PERS", "O"]) == [(1, 3, "PERS")]
    assert chunks(["I-LOC"]) == [(0, 1, "LOC")]
    assert chunks(["B-PERS", "I-LOC", "I-LOC"]) == [(0, 1, "PERS"), (1, 3, "LOC")]
    assert chunks(["B-PERS", "B-PERS"]) == [(0, 1, "PERS"), (1, 2, "PERS")]
    # hence a prediction written "O I-PERS I-PERS" matches a gold "O B-PERS I-PERS"
    r = score([["O", "B-PERS", "I-PERS"]], [["O", "I-PERS", "I-PERS"]])
    assert r["micro"]["f1"] == 1.0
    # ...but "I-PERS I-PERS" after a B-PERS is a continuation, not a second entity
    r = score([["B-PERS", "O", "B-PERS"]], [["B-PERS", "I-PERS", "I-PERS"]])
    # gold: PERS(0,1) PERS(2,3); pred: PERS(0,3) -> tp 0, P 0/1, R 0/2
    assert (r["micro"]["tp"], r["micro"]["pred"], r["micro"]["gold"]) == (0, 1, 2)


def test_type_mismatch_is_both_fp_and_fn():
    r = score([["B-ORG", "I-ORG", "O"]], [["B-LOC", "I-LOC", "O"]])
    assert r["per_type"]["ORG"]["fn"] == 1
    assert r["per_type"]["ORG"]["fp"] == 0
    assert r["per_type"]["LOC"]["fp"] == 1
    assert r["per_type"]["LOC"]["fn"] == 0
    assert (r["micro"]["fp"], r["micro"]["fn"], r["micro"]["tp"]) == (1, 1, 0)


def test_tuples_accepted_and_lengths_checked():
    gold = [[("a", "B-LOC"), ("b", "O")]]
    assert score(gold, [["B-LOC", "O"]])["micro"]["f1"] == 1.0
    with pytest.raises(ValueError):
        score(gold, [["B-LOC"]])
    with pytest.raises(ValueError):
        score(gold, [])


def test_read_conll_and_report(tmp_path: Path):
    p = tmp_path / "x.conll"
    p.write_text(
        "-DOCSTART- O\n\nقال O\nماكرون B-PERS\n\n\nفي X Y O\nباريس NNP B-LOC\n",
        encoding="utf-8",
    )
    sents = read_conll(p)
    assert sents == [[("قال", "O"), ("ماكرون", "B-PERS")], [("في", "O"), ("باريس", "B-LOC")]]
    rep = format_report(score(sents, sents))
    assert rep.splitlines()[-1] == "micro precision=1.0000 recall=1.0000 f1=1.0000"
    bad = tmp_path / "bad.conll"
    bad.write_text("token_without_tag\n", encoding="utf-8")
    with pytest.raises(ValueError):
        read_conll(bad)


def test_report_last_line_format():
    pred = [["B-PERS", "O", "O", "B-LOC", "O"], ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC"], ["B-MISC", "O", "O"]]
    last = format_report(score(GOLD, pred)).splitlines()[-1]
    assert last == "micro precision=0.4000 recall=0.5000 f1=0.4444"
