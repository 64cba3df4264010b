"""The canonical example, end to end: analyse the seed article and score it against its gold."""

from __future__ import annotations

import pytest

from conftest import SEED_DIR, assert_spans_exact, need_shared
from marsad.eval.gold import evaluate, load_gold_dir
from marsad.pipeline import load


@pytest.fixture(scope="module")
def seed_doc(seed_text):
    return load()(seed_text, published="2025-04-28", id="kursk-2025-04-28")


def test_seed_document_is_valid(seed_doc, validate_doc):
    validate_doc(seed_doc.to_dict())
    assert_spans_exact(seed_doc)
    assert len(seed_doc.sentences) >= 18


@pytest.fixture(scope="module")
def seed_scores():
    golds = load_gold_dir(need_shared(SEED_DIR))
    nlp = load()
    return evaluate(golds, lambda g: nlp(g.text, published=g.published, id=g.id))["micro"]


def test_seed_scores_are_computed(seed_scores):
    for component in ("entities", "linking", "quote_spans", "quote_attribution", "events", "places"):
        assert seed_scores[component]["n_gold"] > 0


# The figures the issues ask of the seed article (entities, quotes, events, places). These are
# regression guards on the canonical example; quote precision is guarded at its measured level (1.0,
# above the issue's 0.85: a news agency's report continued by "لافتة إلى أن" is one quote, and "التي
# تقول موسكو إنها حررتها" describes a region rather than making a statement).
THRESHOLDS = {
    "entities": {"precision": 0.85, "recall": 0.90},
    "linking": {"precision": 0.85, "recall": 0.90},
    "quote_spans": {"recall": 0.90, "precision": 1.0},
    "quote_attribution": {"recall": 0.90, "precision": 1.0},
    "events": {"precision": 0.70, "recall": 0.70},
    "places": {"recall": 1.0},
}


@pytest.mark.parametrize("component", sorted(THRESHOLDS))
def test_seed_meets_the_issue_figures(seed_scores, component):
    for measure, floor in THRESHOLDS[component].items():
        assert seed_scores[component][measure] >= floor, (component, measure, seed_scores[component])
