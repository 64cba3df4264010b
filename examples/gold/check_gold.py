#!/usr/bin/env python3
"""Validate document-level gold annotations (<id>.gold.json beside <id>.txt).

Usage:
    python examples/gold/check_gold.py              # every *.gold.json in this folder
    python examples/gold/check_gold.py A.gold.json  # given files (e.g. another gold folder)

Checks: required keys and value types, every quote/event substring occurs in the text,
quote start/end offsets slice back exactly, Arabic surface forms occur in the text
(a required entity or place none of whose forms occurs is an error; otherwise it only warns),
speakers/relays name an entity, CAMEO code -> PLOVER type and quad class agree,
dates and coordinates are well formed. Exits 1 when any error is found.
Standard library only.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from pathlib import Path

TOP_KEYS = ("id", "text_file", "published", "language", "note", "entities", "quotes", "events", "places")
ENTITY_KEYS = ("name", "aliases", "type", "ar", "required")
QUOTE_KEYS = ("speaker", "text", "start", "end", "direct", "cue", "required")
EVENT_KEYS = ("source", "target", "cameo", "plover", "quad_class", "text", "required")
PLACE_KEYS = ("name", "aliases", "country", "lat", "lon", "ar", "required")
ENTITY_TYPES = {"PER", "ORG", "LOC", "MISC"}
LOC_KINDS = {"country", "city", "region", "feature"}
MODES = {"historical", "future", "hypothetical", "negated"}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
# Two-digit CAMEO roots and their PLOVER type (CAMEO 01 and 02 have none in PLOVER).
_ROOT_PLOVER = {
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "09": "ACCUSE",
    "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}
# Codes whose PLOVER type differs from their root's.
_CODE_PLOVER = {"163": "COERCE", "1712": "ASSAULT", "175": "ASSAULT", "191": "COERCE", "192": "COERCE"}
ACTOR_RE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")


def expected_plover(cameo: str) -> str | None:
    if cameo in _CODE_PLOVER:
        return _CODE_PLOVER[cameo]
    root = cameo[:2]
    if root == "08":
        # 081-083 are verbal concessions, 084-087 material retreats.
        return "CONCEDE" if cameo[:3] in {"080", "081", "082", "083"} else "RETREAT"
    return _ROOT_PLOVER.get(root)


def expected_quad(cameo: str) -> int | None:
    root = int(cameo[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def _valid_date(s: str) -> bool:
    if not DATE_RE.match(s):
        return False
    if len(s) == 4:
        return True
    try:
        _dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def check_file(gold_path: Path) -> list[str]:
    errors: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{gold_path.name}: {msg}")

    def warn(msg: str) -> None:
        print(f"  warning: {gold_path.name}: {msg}")

    try:
        doc = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{gold_path.name}: cannot read JSON: {exc}"]

    for k in TOP_KEYS:
        if k not in doc:
            err(f"missing top-level key {k!r}")
    if errors:
        return errors
    if not gold_path.name.startswith(doc["id"] + "."):
        err(f"id {doc['id']!r} does not match file name")
    if doc["language"] != "ar":
        err("language must be 'ar'")
    if not (DATE_RE.match(doc["published"]) and len(doc["published"]) == 10 and _valid_date(doc["published"])):
        err(f"bad published date {doc['published']!r}")
    text_path = gold_path.with_name(doc["text_file"])
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        return [*errors, f"{gold_path.name}: cannot read text file: {exc}"]

    # entities
    names: set[str] = set()
    for i, e in enumerate(doc["entities"]):
        where = f"entities[{i}] {e.get('name', '?')!r}"
        for k in ENTITY_KEYS:
            if k not in e:
                err(f"{where}: missing {k!r}")
        if any(k not in e for k in ENTITY_KEYS):
            continue
        if e["name"] in names:
            err(f"{where}: duplicate entity name")
        names.add(e["name"])
        if e["type"] not in ENTITY_TYPES:
            err(f"{where}: bad type {e['type']!r}")
        if "kind" in e and e["kind"] not in LOC_KINDS:
            err(f"{where}: bad kind {e['kind']!r}")
        if e["type"] == "LOC" and "kind" not in e and e["required"]:
            err(f"{where}: required LOC entity without kind")
        if "country" in e and not ISO3_RE.match(e["country"]):
            err(f"{where}: bad country {e['country']!r}")
        if not isinstance(e["aliases"], list) or not isinstance(e["required"], bool):
            err(f"{where}: aliases must be a list and required a bool")
        if not e["ar"]:
            err(f"{where}: empty ar list")
        absent = [form for form in e["ar"] if form not in text]
        if e["ar"] and len(absent) == len(e["ar"]):
            # Marginal entities may be written with quotation marks inside the name.
            (err if e["required"] else warn)(f"{where}: none of its Arabic forms occurs in the text")
        elif absent:
            warn(f"{where}: Arabic form(s) {absent} not found verbatim")

    # quotes
    for i, q in enumerate(doc["quotes"]):
        where = f"quotes[{i}]"
        missing = [k for k in QUOTE_KEYS if k not in q]
        if missing:
            err(f"{where}: missing {missing}")
            continue
        if q["speaker"] not in names:
            err(f"{where}: speaker {q['speaker']!r} is not an entity name")
        if "via" in q and q["via"] not in names:
            err(f"{where}: via {q['via']!r} is not an entity name")
        if not isinstance(q["direct"], bool) or not isinstance(q["required"], bool):
            err(f"{where}: direct/required must be bools")
        if q["text"] not in text:
            err(f"{where}: text not found: {q['text'][:40]!r}")
            continue
        start, end = q["start"], q["end"]
        if not (isinstance(start, int) and isinstance(end, int)) or text[start:end] != q["text"]:
            err(f"{where}: offsets {start}-{end} do not slice back to the quote "
                f"(first occurrence at {text.index(q['text'])})")

    # places (collected before events so event locations can be cross-checked)
    place_names: set[str] = set()
    for i, p in enumerate(doc["places"]):
        where = f"places[{i}] {p.get('name', '?')!r}"
        missing = [k for k in PLACE_KEYS if k not in p]
        if missing:
            err(f"{where}: missing {missing}")
            continue
        place_names.add(p["name"])
        if p["country"] and not ISO3_RE.match(p["country"]):
            err(f"{where}: bad country {p['country']!r}")
        if not (isinstance(p["lat"], (int, float)) and -90 <= p["lat"] <= 90):
            err(f"{where}: bad lat")
        if not (isinstance(p["lon"], (int, float)) and -180 <= p["lon"] <= 180):
            err(f"{where}: bad lon")
        absent = [form for form in p["ar"] if form not in text]
        if p["ar"] and len(absent) == len(p["ar"]):
            (err if p["required"] else warn)(f"{where}: none of its Arabic forms occurs in the text")
        elif absent:
            warn(f"{where}: Arabic form(s) {absent} not found verbatim")

    # events
    for i, ev in enumerate(doc["events"]):
        where = f"events[{i}] {ev.get('cameo', '?')}"
        missing = [k for k in EVENT_KEYS if k not in ev]
        if missing:
            err(f"{where}: missing {missing}")
            continue
        for side in ("source", "target"):
            if ev[side] and not ACTOR_RE.match(ev[side]):
                err(f"{where}: bad {side} actor code {ev[side]!r}")
        cameo = ev["cameo"]
        if not re.match(r"^\d{2,4}$", cameo):
            err(f"{where}: bad CAMEO code")
            continue
        want = expected_plover(cameo)
        if ev["plover"] not in PLOVER_TYPES:
            err(f"{where}: unknown PLOVER type {ev['plover']!r}")
        elif want and ev["plover"] != want:
            err(f"{where}: PLOVER {ev['plover']} but CAMEO {cameo} maps to {want}")
        if ev["quad_class"] != expected_quad(cameo):
            err(f"{where}: quad_class {ev['quad_class']} but CAMEO root gives {expected_quad(cameo)}")
        if ev["text"] not in text:
            err(f"{where}: text not found: {ev['text'][:40]!r}")
        if "date" in ev and not _valid_date(ev["date"]):
            err(f"{where}: bad date {ev['date']!r}")
        if "mode" in ev and ev["mode"] not in MODES:
            err(f"{where}: bad mode {ev['mode']!r}")
        if "location" in ev and ev["location"] not in place_names | names:
            err(f"{where}: location {ev['location']!r} is neither a place nor an entity")
    return errors


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    paths = [Path(a) for a in argv] if argv else sorted(here.glob("*.gold.json"))
    if not paths:
        print("no gold files found")
        return 1
    all_errors: list[str] = []
    for path in paths:
        errs = check_file(path)
        doc = json.loads(path.read_text(encoding="utf-8")) if not errs or "cannot" not in errs[0] else {}
        counts = "/".join(str(len(doc.get(k, []))) for k in ("entities", "quotes", "events", "places"))
        print(f"{'OK  ' if not errs else 'FAIL'} {path.name}  entities/quotes/events/places = {counts}")
        all_errors.extend(errs)
    for e in all_errors:
        print("  " + e)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
