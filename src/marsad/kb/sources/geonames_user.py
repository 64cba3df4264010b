"""Places a user imported from the full GeoNames dumps (``marsad kb import-geonames``).

Reads ``<cache dir>/geonames_user.jsonl`` (written by :mod:`marsad.kb.geonames_import`) when it exists,
and yields nothing otherwise, so a plain installation builds the same knowledge base as before.

Each record becomes ``place:gn:<geonameid>``, the id the shipped cities use, so a place already known
gains the imported Arabic names and keeps its facts (the builder fills gaps, never overwrites), and a
village unknown so far is added. Kinds: feature class P -> ``city``, A -> ``region``, anything else
(mountains, rivers, areas) -> ``feature``. ``admin1`` is the project's first-level region id
(``place:admin1:SY-HL``) where ``data/places/admin1.jsonl`` maps GeoNames' code (``SY.09``), kept in
``extra["gn_admin1"]``. Forms that are also words, given names or country names get weight 0.5 and
``extra["ambiguous"]``, by the places source's rule, so the recogniser asks for context.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from marsad.kb.model import KBEntity, KBName

log = logging.getLogger(__name__)

KIND_BY_CLASS = {"P": "city", "A": "region"}


def user_file() -> Path:
    from marsad.kb.geonames_import import user_file_path

    return user_file_path()


def fingerprint_token() -> str:
    """What the knowledge-base fingerprint must include so that importing (or deleting) the user file
    rebuilds the knowledge base: its size and modification time, or ``absent``."""
    path = user_file()
    try:
        st = path.stat()
    except OSError:
        return "geonames_user=absent"
    return f"geonames_user={st.st_size}:{st.st_mtime_ns}"


@lru_cache(maxsize=1)
def _admin1_ids() -> dict[str, str]:
    """GeoNames admin1 key (``RU.41``) -> the project's region id (``RU-KRS``)."""
    path = files("marsad") / "data" / "places" / "admin1.jsonl"
    out: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return out
    for line in text.splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec.get("gn_admin1"):
                out[rec["gn_admin1"]] = f"place:admin1:{rec['id']}"
    return out


def record_to_entity(rec: dict) -> tuple[KBEntity, list[KBName]]:
    gid = int(rec["geonameid"])
    eid = f"place:gn:{gid}"
    fclass = rec.get("fclass") or "P"
    gn_admin1 = f"{rec['cc']}.{rec['admin1']}" if rec.get("admin1") and rec.get("cc") else None
    admin1 = _admin1_ids().get(gn_admin1) if gn_admin1 else None
    ent = KBEntity(
        id=eid,
        name=rec.get("name") or str(gid),
        type="LOC",
        kind=KIND_BY_CLASS.get(fclass, "feature"),
        country=rec.get("country"),
        lat=rec.get("lat"),
        lon=rec.get("lon"),
        admin1=admin1,
        geonames_id=gid,
        population=int(rec.get("population") or 0) or None,
        extra={"fclass": fclass, "fcode": rec.get("fcode"), "source": "geonames_user"},
    )
    if gn_admin1:
        ent.extra["gn_admin1"] = gn_admin1
    names: list[KBName] = []
    ambiguous: list[str] = []
    for form in rec.get("ar", []):
        form = form.strip()
        if not form:
            continue
        amb = _ambiguous(form, rec.get("cc") or "", int(rec.get("population") or 0))
        if amb:
            ambiguous.append(form)
        names.append(KBName(form, eid, "full", 0.5 if amb else 1.0))
    if ambiguous:
        ent.extra["ambiguous"] = True
        ent.extra["ambiguous_forms"] = ambiguous
    return ent, names


@lru_cache(maxsize=1)
def _package_ambiguous():
    """The places source's test for names that are also words, personal names or country names."""
    from marsad.kb.sources.places import ambiguity_rules

    return ambiguity_rules()[1]


def _ambiguous(form: str, cc: str, population: int) -> bool:
    """A village named like a common word (النصر), a given name (جمال) or a country, a very short form,
    or an ال-name outside the Arabic-speaking countries needs context before it counts."""
    return _package_ambiguous()(form, cc, population)


def load() -> tuple[list[KBEntity], list[KBName]]:
    path = user_file()
    if not path.exists():
        return [], []
    entities: list[KBEntity] = []
    names: list[KBName] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                ent, ns = record_to_entity(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("%s:%d: skipped (%s)", path, n, exc)
                continue
            entities.append(ent)
            names.extend(ns)
    return entities, names
