"""Titles and roles (الرئيس، وزيرة الخارجية، المتحدث باسم ...): role words, not entities.

Data: ``data/kb/titles.jsonl`` (project curation), one surface form a line::

    {"ar": "وزيرة الخارجية", "role": "foreign_minister", "en": "Foreign Minister",
     "actor_role": "GOV", "kind": "minister", "gender": "f"}

``actor_role`` is the CAMEO role the title gives its holder (GOV, MIL, LEG, JUD, SPY, COP, OPP, PTY,
REL, MED, BUS, CVL, IGO) or ``null`` when it depends on the organisation named after it (المتحدث باسم،
الأمين العام، القيادي). ``gender`` is the grammatical gender of the form, which quote attribution uses
for agreement (قالت المتحدثة ...). Both definite forms and the bare construct forms that precede a
country or organisation (وزير خارجية، رئيس وزراء) are listed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

KINDS = (
    "head_of_state",
    "head_of_government",
    "royal",
    "honorific",
    "leader",
    "minister",
    "official",
    "spokesperson",
    "diplomat",
    "igo_official",
    "legislator",
    "party",
    "military",
    "military_rank",
    "intel",
    "police",
    "judicial",
    "religious",
    "business",
    "media",
    "civil",
)


@lru_cache(maxsize=1)
def _records() -> tuple[dict, ...]:
    text = (files("marsad") / "data" / "kb" / "titles.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def load_titles() -> list[dict]:
    """All title forms, each a fresh dict (callers may annotate them)."""
    return [dict(r) for r in _records()]


@lru_cache(maxsize=1)
def titles_by_form() -> dict[str, dict]:
    """Title records keyed by their Arabic form."""
    return {r["ar"]: r for r in _records()}
