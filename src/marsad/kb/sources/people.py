"""People: the curated file ``data/kb/people.jsonl`` plus the people list of the ``arwikicats`` package.

Curated records (one JSON object a line) carry the canonical English name (as on English Wikipedia),
Arabic full spellings (``ar``), Arabic short forms used alone in news (``ar_short``), gender, country,
an optional Wikidata id (only where certain) and dated roles::

    {"role": "president", "title_ar": "الرئيس", "country": "RUS", "actor_code": "RUSGOV",
     "start": "2012-05-07", "end": null}

Dates are ISO 8601 at day, month or year precision (``2012-05-07``, ``2025-02``, ``2017``); ``end`` is
null while the role is held.

Actor codes are CAMEO-style and follow the scheme of ``orgs.jsonl`` so that a person and the body
they serve share a code: ISO3 + role (GOV government, heads of state, ministers and their
spokespersons; MIL military; SPY intelligence services; COP police; LEG legislature; JUD judiciary;
PTY party office; OPP opposition; REB rebel or armed group; UAF militias such as Wagner or the Iraqi
PMF factions; REL religious leaders; MED journalists; HRI rights activists; BUS business).
International organisations are ``IGO`` + the CAMEO known-group code (IGOUNO UN secretariat and
envoys, IGOEEC European Union, IGOEECLEG European Parliament, IGOARL Arab League, IGOGCC, IGONAT
NATO, IGOAFU African Union, IGOOIC, IGOIAE IAEA, IGOWHO, IGOICC, IGOICJ, IGOIMF, IGOWBK, IGOHCR
UNHCR, IGOUCF UNICEF, IGOWFP, IGOUNR UNRWA, IGOOCH OCHA, IGOUNOHRI UN human-rights bodies, IGOOPW
OPCW); the ICRC is NGOIRC; the Islamic State and al-Qaeda centres are IMGMOSISI and IMGMOSALQ while
their regional branches are rebels of their main country (AQAP YEMREB). A role's ``country`` is null
for IGO/NGO/IMG roles. An entity's ``actor_code`` is that of its first listed current role (the file
lists the primary role first), or else of the role that ended last.

The people of ``arwikicats`` (``ArWikiCats/jsons/people/peoples.json``: lower-case English name ->
Arabic name) are added as ``person:awc:<slug>`` entities with ``how="full"`` names when both names are
usable (Arabic letters only after dropping a parenthesised qualifier, at least two Arabic words) and
the person is not already curated (same English name or alias after case and accent folding, or same
Arabic full form).
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from marsad.kb.model import KBEntity, KBName

_PAREN = re.compile(r"\s*\([^)]*\)")
_AR_NAME = re.compile(r"^[\u0621-\u064A\u0670\u0671]+(?:[ \-][\u0621-\u064A\u0670\u0671]+)+$")
_LOWER_WORDS = frozenset(
    [
        "al",
        "el",
        "ad",
        "ar",
        "as",
        "at",
        "az",
        "ash",
        "bin",
        "ibn",
        "bint",
        "bnt",
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "du",
        "la",
        "le",
        "of",
        "the",
        "y",
        "and",
        "ul",
        "ud",
    ]
)
_ROMAN = re.compile(r"^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$")


def _fold(name: str) -> str:
    """Case- and accent-insensitive key of an English name."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def _slug(name: str) -> str:
    return _fold(name).replace(" ", "-")


def _date_key(value: str | None) -> str:
    return value or ""


def current_actor_code(roles: list[dict]) -> str | None:
    """Code of the first current role, else of the role that ended last."""
    for role in roles:
        if role.get("end") is None and role.get("actor_code"):
            return role["actor_code"]
    ended = [r for r in roles if r.get("actor_code")]
    if not ended:
        return None
    return max(ended, key=lambda r: (_date_key(r.get("end")), _date_key(r.get("start"))))["actor_code"]


def _data_path():
    return resources.files("marsad") / "data" / "kb" / "people.jsonl"


def read_curated() -> list[dict]:
    """The curated records as dicts, in file order."""
    text = _data_path().read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _title_word(word: str, first: bool) -> str:
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        particle = part in _LOWER_WORDS and (i < len(parts) - 1 or len(parts) == 1)
        if not part:
            out.append(part)
        elif _ROMAN.match(part) and not first:
            out.append(part.upper())
        elif particle and not (first and i == 0):
            out.append(part)
        elif len(part) > 2 and part[1] == "'" and part[0] in "od":
            out.append(part[0].upper() + "'" + part[2:].capitalize())
        elif len(part) > 3 and part.startswith("mc"):
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part[0].upper() + part[1:])
    return "-".join(out)


def english_title(name: str) -> str:
    """Title-case a lower-case English name: ``abu bakr al-baghdadi`` -> ``Abu Bakr al-Baghdadi``."""
    words = name.split()
    return " ".join(_title_word(w, i == 0) for i, w in enumerate(words))


def _arwikicats_people_file() -> Path | None:
    for mod in ("ArWikiCats", "arwikicats"):
        try:
            spec = find_spec(mod)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        for base in spec.submodule_search_locations:
            path = Path(base) / "jsons" / "people" / "peoples.json"
            if path.is_file():
                return path
    return None


def read_arwikicats() -> list[tuple[str, str]]:
    """(English name, Arabic name) pairs of usable arwikicats people; empty if the package is absent."""
    path = _arwikicats_people_file()
    if path is None:
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for en, ar in data.items():
        if not isinstance(en, str) or not isinstance(ar, str):
            continue
        en = _PAREN.sub("", en).strip()
        ar = " ".join(_PAREN.sub("", ar).strip().rstrip(".").split())
        if not en or not en[0].isalpha() or not _AR_NAME.match(ar):
            continue
        out.append((english_title(en), ar))
    return out


def _entity(rec: dict) -> KBEntity:
    roles = [dict(r) for r in rec.get("roles", [])]
    return KBEntity(
        id=f"person:{rec['id']}",
        name=rec["name"],
        type="PER",
        kind="person",
        country=rec.get("country"),
        actor_code=current_actor_code(roles),
        wikidata=rec.get("wikidata") or None,
        aliases=list(rec.get("aliases", [])),
        roles=roles,
        gender=rec.get("gender"),
        extra={"source": "curated"},
    )


def load() -> tuple[list[KBEntity], list[KBName]]:
    entities: list[KBEntity] = []
    names: list[KBName] = []
    seen_en: set[str] = set()
    seen_ar: set[str] = set()
    for rec in read_curated():
        ent = _entity(rec)
        entities.append(ent)
        seen_en.update(_fold(n) for n in [rec["name"], *rec.get("aliases", [])])
        done: set[str] = set()
        for how, key in (("full", "ar"), ("short", "ar_short")):
            for form in rec.get(key, []):
                if form not in done:
                    done.add(form)
                    names.append(KBName(form=form, entity_id=ent.id, how=how))
        seen_ar.update(rec.get("ar", []))
    used_ids: set[str] = set()
    for en, ar in read_arwikicats():
        key = _fold(en)
        if not key or key in seen_en or ar in seen_ar:
            continue
        slug = _slug(en)
        eid = f"person:awc:{slug}"
        if eid in used_ids:
            continue
        used_ids.add(eid)
        seen_en.add(key)
        entities.append(KBEntity(id=eid, name=en, type="PER", kind="person", extra={"source": "arwikicats"}))
        names.append(KBName(form=ar, entity_id=eid, how="full"))
    return entities, names
