"""Shared fixtures. ``../shared`` (beside the checkout) holds the seed article and data sets; tests
that need it skip with a reason when it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_DIR = SHARED / "corpus" / "seed"
SEED_TXT = SEED_DIR / "kursk-2025-04-28.txt"
SCHEMA_FILE = ROOT / "src" / "marsad" / "schema" / "document.schema.json"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared(SEED_TXT).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def validate_doc(document_schema):
    validator = jsonschema.Draft202012Validator(document_schema)

    def check(doc_dict: dict) -> None:
        validator.validate(doc_dict)

    return check


def assert_spans_exact(doc) -> None:
    """Every span in a document slices the original text back to its ``text``."""
    t = doc.text
    for tok in doc.tokens:
        assert t[tok.start : tok.end] == tok.text
    for e in doc.entities:
        for m in e.mentions:
            assert t[m.start : m.end] == m.text, (e.name, m)
    for q in doc.quotes:
        assert t[q.start : q.end] == q.text
        if q.cue:
            assert t[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker.start is not None:
            assert t[q.speaker.start : q.speaker.end] == q.speaker.text
    for ev in doc.events:
        assert t[ev.start : ev.end] == ev.text
        if ev.trigger:
            assert t[ev.trigger.start : ev.trigger.end] == ev.trigger.text
    for p in doc.places:
        for m in p.mentions:
            assert t[m.start : m.end] == m.text
    for x in doc.times:
        assert t[x.start : x.end] == x.text
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(t)
