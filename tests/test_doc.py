import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SCHEMA_FILE, assert_spans_exact
from marsad.doc import (
    Actor,
    Document,
    Entity,
    Event,
    Location,
    Mention,
    Place,
    Quote,
    SpanRef,
    Speaker,
    Via,
    json_schema,
)
from marsad.pipeline import Pipeline


def sample_doc() -> Document:
    text = "وقال بوتين إن «الأصدقاء تصرفوا بشجاعة». وقصفت روسيا كييف."
    d = Document(id="d1", text=text, published="2025-04-28", source="test")
    s = text.index("بوتين")
    d.entities.append(Entity(id="e1", name="Vladimir Putin", type="PER", country="RUS", actor_code="RUSGOV",
                             mentions=[Mention(s, s + 5, "بوتين")]))
    qs = text.index("الأصدقاء")
    qe = text.index("»")
    d.quotes.append(Quote(speaker=Speaker("e1", "Vladimir Putin", s, s + 5, "بوتين"), text=text[qs:qe],
                          start=qs, end=qe, direct=True, cue=SpanRef(0, 4, "وقال"), via=Via(None, None)))
    es = text.index("وقصفت")
    d.events.append(Event(source=Actor("RUS", "RUS", None, "Russia"), target=Actor("UKR", "UKR"), cameo="195",
                          plover="ASSAULT", quad_class=4, goldstein=-10.0, text=text[es:-1], start=es,
                          end=len(text) - 1, location=Location("Kyiv", "UKR", 50.45, 30.52)))
    ks = text.index("كييف")
    d.places.append(Place(name="Kyiv", country="UKR", lat=50.45, lon=30.52, precision="city",
                          mentions=[Mention(ks, ks + 4, "كييف")]))
    return d


def test_schema_file_is_generated_from_the_model():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "run `marsad schema --out src/marsad/schema/document.schema.json`"


def test_contract_field_names(document_schema):
    props = document_schema["properties"]
    for key in ("schema", "id", "text", "title", "published", "source", "url", "entities", "quotes", "events", "places"):
        assert key in props
    defs = document_schema["$defs"]
    assert {"id", "name", "type", "kind", "country", "actor_code", "wikidata", "mentions"} <= set(defs["Entity"]["properties"])
    assert {"speaker", "text", "start", "end", "direct", "cue", "via"} <= set(defs["Quote"]["properties"])
    assert {"entity", "name", "start", "end", "text"} <= set(defs["Speaker"]["properties"])
    assert {"source", "target", "cameo", "plover", "quad_class", "goldstein", "mode", "date", "date_precision",
            "location", "text", "start", "end"} <= set(defs["Event"]["properties"])
    assert {"code", "country", "entity", "name"} <= set(defs["Actor"]["properties"])
    assert {"name", "country", "lat", "lon"} <= set(defs["Location"]["properties"])
    assert {"name", "country", "admin1", "lat", "lon", "geonames_id", "precision", "mentions"} <= set(
        defs["Place"]["properties"])
    assert "tokens" not in props


def test_roundtrip_and_valid(validate_doc):
    d = sample_doc()
    data = d.to_dict()
    assert data["schema"] == "marsad.document/1"
    validate_doc(data)
    back = Document.from_dict(json.loads(d.to_json()))
    assert back.to_dict() == data
    assert back.quotes[0].speaker.name == "Vladimir Putin"
    assert back.events[0].location.lat == 50.45
    assert_spans_exact(back)


def test_schema_rejects_bad_documents(validate_doc):
    import jsonschema
    import pytest

    data = sample_doc().to_dict()
    data["entities"][0]["mentions"][0]["start"] = "zero"
    with pytest.raises(jsonschema.ValidationError):
        validate_doc(data)
    data = sample_doc().to_dict()
    data["schema"] = "marsad.document/0"
    with pytest.raises(jsonschema.ValidationError):
        validate_doc(data)


def test_from_dict_rejects_other_schema():
    import pytest

    with pytest.raises(ValueError, match=r"marsad\.document/1"):
        Document.from_dict({"schema": "x", "id": "a", "text": "b"})


_NLP = Pipeline()


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400))
def test_analysis_never_crashes_and_spans_slice(text, validate_doc):
    doc = _NLP(text, published="2025-04-28")
    assert_spans_exact(doc)
    validate_doc(doc.to_dict())


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.sampled_from(["قال", "بوتين", "«", "»", "إن", "كوريا", "الشمالية", ".", "\n", "؟", "وقصفت",
                                 "روسيا", "ّ", "ـ", "\u200f", "٣", "اليوم", "الاثنين", ":", '"']), max_size=60))
def test_arabic_like_input_spans_slice(parts, validate_doc):
    doc = _NLP(" ".join(parts), published="2025-04-28")
    assert_spans_exact(doc)
    validate_doc(doc.to_dict())
