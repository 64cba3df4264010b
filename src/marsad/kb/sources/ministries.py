"""Ministries (and governments, presidencies, cabinets) expanded from patterns × countries.

``data/kb/ministries.jsonl`` (project curation) holds three kinds of rows, told apart by ``type``:

* ``field`` — a ministry field: ``{"field": "foreign", "en": "Ministry of Foreign Affairs",
  "ar_def": ["الخارجية"], "ar_construct": ["خارجية"], "scope": "all"|"major", "actor_role": "GOV",
  "countries": [...] (optional restriction), "prefix": "" (optional; default "وزارة")}``;
* ``scope`` — a named country list (``major``: Arab League members and the powers most present in
  Arabic news) that minor fields are limited to;
* ``country`` — a country-specific entry: the proper English name (United States Department of State),
  extra Arabic names, metonyms (البنتاغون، الكي دورسيه), or ``merge_into`` another field of the same
  country (the US has no finance ministry: المالية الأمريكية is the Treasury).

For every sovereign country (territories excluded) and every field in scope this yields an entity
``org:ministry:<ISO3>:<field>`` (type ORG, kind ``gov``, actor code CAMEO country code + role, GOV
unless the field says otherwise) named e.g. "Ministry of Foreign Affairs (Russia)", with Arabic names
built from the country's definite feminine nisba (read from the countries source) and its Arabic names:
وزارة الخارجية الروسية، الخارجية الروسية، وزارة خارجية روسيا، خارجية روسيا.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from marsad.kb.model import KBEntity, KBName
from marsad.kb.sources import countries

# at most this many country names feed the construct forms (وزارة خارجية روسيا)
MAX_CONSTRUCT_NAMES = 3
_FOLD = str.maketrans("أإآٱىة", "اااايه")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def _fold(s: str) -> str:
    return _HARAKAT.sub("", s).translate(_FOLD)


def _data_path():
    return files("marsad") / "data" / "kb" / "ministries.jsonl"


@lru_cache(maxsize=1)
def load_records() -> tuple[dict, ...]:
    text = _data_path().read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def _construct_names(iso3: str) -> list[str]:
    """Country names for the construct state, shortest forms first, without official long names."""
    out = []
    for name in countries.country_names_ar(iso3):
        if len(name.split()) > 3 or name.startswith(("جمهورية", "الجمهورية", "دولة", "مملكة", "سلطنة")):
            continue
        out.append(name)
    return out[:MAX_CONSTRUCT_NAMES]


def _forms(pattern: dict, adjectives: tuple[str, ...], cnames: list[str]) -> list[str]:
    prefix = pattern.get("prefix", "وزارة")
    out = []
    for d in pattern["ar_def"]:
        for adj in adjectives:
            if prefix:
                out.append(f"{prefix} {d} {adj}")
            out.append(f"{d} {adj}")
    for c in pattern.get("ar_construct", []):
        for name in cnames:
            if prefix:
                out.append(f"{prefix} {c} {name}")
            out.append(f"{c} {name}")
    return out


def load() -> tuple[list[KBEntity], list[KBName]]:
    rows = load_records()
    patterns = {r["field"]: r for r in rows if r["type"] == "field"}
    scopes = {r["name"]: set(r["countries"]) for r in rows if r["type"] == "scope"}
    overrides = {(r["iso3"], r["field"]): r for r in rows if r["type"] == "country"}
    entities: list[KBEntity] = []
    names: list[KBName] = []
    for rec in countries.load_records():
        if rec.get("kind") == "territory":
            continue
        iso3, cameo, cname = rec["iso3"], rec["cameo"], rec["name"]
        adjectives = countries.feminine_definite_adjectives(iso3)
        cnames = _construct_names(iso3)
        fields = [f for f, p in patterns.items() if _in_scope(p, iso3, scopes)]
        fields += [f for (i, f) in overrides if i == iso3 and f not in patterns]
        made: dict[str, tuple[KBEntity, set[str]]] = {}
        pending_merges: list[tuple[str, str]] = []
        for field in fields:
            ov = overrides.get((iso3, field), {})
            if ov.get("merge_into"):
                pending_merges.append((field, ov["merge_into"]))
                continue
            pat = patterns.get(field, {"field": field, "en": field, "ar_def": [], "actor_role": "GOV"})
            role = ov.get("actor_role") or pat.get("actor_role", "GOV")
            eid = f"org:ministry:{iso3}:{field}"
            ent = KBEntity(
                id=eid,
                name=ov.get("name") or f"{pat['en']} ({cname})",
                type="ORG",
                kind="gov",
                country=iso3,
                actor_code=cameo + role,
                wikidata=ov.get("wikidata"),
                aliases=list(ov.get("aliases", [])),
                extra={"field": field},
            )
            entities.append(ent)
            seen: set[str] = set()
            made[field] = (ent, seen)
            _emit(names, seen, eid, _forms(pat, adjectives, cnames) + list(ov.get("ar_extra", [])), "full")
            _emit(names, seen, eid, ov.get("ar_metonym", []), "metonym")
        for field, target in pending_merges:
            if target in made and field in patterns:
                ent, seen = made[target]
                _emit(names, seen, ent.id, _forms(patterns[field], adjectives, cnames), "full")
    # a form built for two countries (الخارجية الكونغولية: both Congos) is trusted less
    owners: dict[str, set[str]] = {}
    for n in names:
        owners.setdefault(_fold(n.form), set()).add(n.entity_id)
    for n in names:
        if len(owners[_fold(n.form)]) > 1:
            n.weight = 0.5
    return entities, names


def _in_scope(pattern: dict, iso3: str, scopes: dict[str, set[str]]) -> bool:
    if pattern.get("countries"):
        return iso3 in pattern["countries"]
    scope = pattern.get("scope", "all")
    return scope == "all" or iso3 in scopes.get(scope, set())


def _emit(names: list[KBName], seen: set[str], eid: str, forms: list[str], how: str) -> None:
    """Add forms once per entity; spellings that differ only in hamza seats or ة/ه are one name
    to the matcher, so only the first is kept."""
    for form in forms:
        form = " ".join(form.split())
        key = _fold(form)
        if form and key not in seen:
            seen.add(key)
            names.append(KBName(form, eid, how))
