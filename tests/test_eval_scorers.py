"""The gold scorer itself: perfect -> 1.0, empty -> 0.0, and partial cases worked out by hand."""

import pytest

from marsad.doc import Actor, Document, Entity, Event, Mention, Place, Quote, Speaker
from marsad.eval.gold import PRF, _overlap_ok, haversine_km, score_document

TEXT = "وقال بوتين إن موسكو ستساعد. وقصفت روسيا كييف. وأشاد كيم ببوتين."

GOLD = {
    "entities": [
        {"name": "Vladimir Putin", "aliases": ["Putin"], "type": "PER", "ar": ["بوتين"], "required": True},
        {"name": "Moscow", "aliases": [], "type": "LOC", "ar": ["موسكو"], "required": True},
        {"name": "Kyiv", "aliases": ["Kiev"], "type": "LOC", "ar": ["كييف"], "required": True},
        {"name": "Russia", "aliases": [], "type": "LOC", "ar": ["روسيا"], "required": False},
    ],
    "quotes": [
        {"speaker": "Vladimir Putin", "text": "موسكو ستساعد", "start": 14, "end": 26, "direct": False, "required": True},
    ],
    "events": [
        {"source": "RUS", "target": "UKR", "cameo": "195", "plover": "ASSAULT", "required": True},
        {"source": "PRK", "target": "RUS", "cameo": "051", "plover": "SUPPORT", "required": True},
        {"source": "RUS", "target": "PRK", "cameo": "057", "plover": "SUPPORT", "required": False},
    ],
    "places": [
        {"name": "Kyiv", "lat": 50.45, "lon": 30.52, "required": True},
        {"name": "Russia", "lat": 61.5, "lon": 105.3, "required": False},
    ],
}


def ent(i, name, form, aliases=()):
    s = TEXT.index(form)
    return Entity(id=f"e{i}", name=name, type="LOC", aliases=list(aliases), mentions=[Mention(s, s + len(form), form)])


def ev(src, tgt, cameo, plover):
    return Event(source=Actor(src), target=Actor(tgt), cameo=cameo, plover=plover, quad_class=1, goldstein=0.0,
                 text=TEXT[:4], start=0, end=4)


def perfect() -> Document:
    d = Document(id="x", text=TEXT)
    d.entities = [ent(1, "Vladimir Putin", "بوتين"), ent(2, "Moscow", "موسكو"), ent(3, "Kyiv", "كييف")]
    d.quotes = [Quote(speaker=Speaker("e1", "Vladimir Putin"), text=TEXT[14:26], start=14, end=26, direct=False)]
    d.events = [ev("RUSMIL", "UKR", "195", "ASSAULT"), ev("PRKGOV", "RUSGOV", "051", "SUPPORT")]
    d.places = [Place(name="Kyiv", lat=50.45, lon=30.52)]
    return d


def test_perfect_scores_one():
    scores = score_document(perfect(), GOLD)
    for name, prf in scores.items():
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0), name


def test_empty_scores_zero():
    scores = score_document(Document(id="x", text=TEXT), GOLD)
    for name, prf in scores.items():
        assert (prf.precision, prf.recall, prf.f1) == (0.0, 0.0, 0.0), name


def test_optional_items_neither_rewarded_nor_penalised():
    d = perfect()
    d.entities.append(ent(4, "Russia", "روسيا"))
    d.events.append(ev("RUS", "PRK", "057", "SUPPORT"))
    d.places.append(Place(name="Russia", lat=61.45, lon=105.2))
    scores = score_document(d, GOLD)
    assert scores["entities"].precision == 1.0 and scores["entities"].n_pred == 3
    assert scores["events"].n_pred == 2 and scores["places"].n_pred == 1


def test_partial_entities_by_hand():
    # predicted: Putin (right, via clitic form ببوتين), Moscow named wrongly, and a spurious "قال" entity.
    d = Document(id="x", text=TEXT)
    d.entities = [ent(1, "Vladimir Putin", "ببوتين"), ent(2, "Moskva", "موسكو"), ent(3, "Junk", "وقال")]
    s = score_document(d, GOLD)
    # recognition: 2 of 3 predictions match a gold form (P = 2/3); 2 of 3 required gold found (R = 2/3)
    assert s["entities"].precision == pytest.approx(2 / 3)
    assert s["entities"].recall == pytest.approx(2 / 3)
    # linking: only Putin's English name is right: P = 1/3, R = 1/3, F1 = 1/3
    assert s["linking"].precision == pytest.approx(1 / 3)
    assert s["linking"].recall == pytest.approx(1 / 3)
    assert s["linking"].f1 == pytest.approx(1 / 3)


def test_partial_events_by_hand():
    # right dyad + root; right dyad wrong root; reversed dyad: P = 1/3, R = 1/2, F1 = 2*(1/3)(1/2)/(5/6) = 0.4
    d = Document(id="x", text=TEXT)
    d.events = [ev("RUS", "UKR", "190", "ASSAULT"), ev("PRK", "RUS", "111", "ACCUSE"), ev("UKR", "RUS", "195", "ASSAULT")]
    s = score_document(d, GOLD)["events"]
    assert (s.precision, s.recall) == (pytest.approx(1 / 3), pytest.approx(1 / 2))
    assert s.f1 == pytest.approx(0.4)
    plover = score_document(d, GOLD)["events_plover"]
    assert (plover.tp_pred, plover.n_pred) == (1, 3)


def test_duplicate_prediction_counts_against_precision():
    d = perfect()
    d.events.append(ev("RUS", "UKR", "190", "ASSAULT"))  # the same event coded twice
    s = score_document(d, GOLD)["events"]
    assert (s.tp_pred, s.n_pred, s.tp_gold, s.n_gold) == (2, 3, 2, 2)


def test_quote_attribution_needs_the_speaker():
    d = perfect()
    d.quotes[0].speaker = Speaker(None, "Kim Jong Un")
    s = score_document(d, GOLD)
    assert s["quote_spans"].f1 == 1.0
    assert s["quote_attribution"].f1 == 0.0


def test_places_within_50km():
    d = Document(id="x", text=TEXT, places=[Place(name="Kyiv?", lat=50.8, lon=30.52)])  # ~39 km north
    assert score_document(d, GOLD)["places"].recall == 1.0
    d.places = [Place(name="Far", lat=51.0, lon=30.52)]  # ~61 km
    assert score_document(d, GOLD)["places"].recall == 0.0


def test_overlap_rule():
    assert _overlap_ok((0, 100), (0, 100))
    assert _overlap_ok((0, 100), (0, 210))  # half of the shorter, ~48% of the longer
    assert not _overlap_ok((0, 10), (0, 100))  # a sliver of a long span
    assert not _overlap_ok((0, 10), (10, 20))


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)


def test_prf_add():
    a = PRF(1, 2, 1, 4)
    a.add(PRF(1, 2, 2, 4))
    assert (a.precision, a.recall) == (0.5, 0.375)


def test_country_level_places_match_by_name():
    gold = {"places": [{"name": "United States", "aliases": ["USA"], "lat": 39.8, "lon": -98.6, "required": True}]}
    d = Document(id="x", text=TEXT, places=[Place(name="United States", lat=37.09, lon=-95.71, precision="country")])
    assert score_document(d, gold)["places"].f1 == 1.0  # 400 km apart, same country
    d.places = [Place(name="Canada", lat=39.8, lon=-98.6, precision="country")]
    assert score_document(d, gold)["places"].f1 == 0.0  # right spot, wrong country
