"""Organisations: governments' seats (metonyms), IGOs, NGOs, armed and political groups, armies and
security services, parliaments, courts, central banks, companies, religious bodies and news media.

Data: ``data/kb/orgs.jsonl`` (project curation), one organisation a line::

    {"id": "kremlin", "name": "Kremlin", "aliases": [...], "ar": ["الكرملين"], "ar_short": [],
     "ar_acronym": [], "ar_metonym": [], "kind": "gov", "country": "RUS", "actor_code": "RUSGOV",
     "wikidata": "Q...", "metonym_of": "country:RUS", "state_owned": true}

``kind`` is one of :data:`KINDS`. Entities are ``org:<id>`` of type ORG.

Names: ``ar`` -> ``how="full"`` (``"metonym"`` when the organisation itself stands for a government,
i.e. it has ``metonym_of``: الكرملين، البيت الأبيض), ``ar_short`` -> ``"short"`` (forms that are also
common words or shared with other bodies: الجزيرة، القاعدة، فتح، الشرق الأوسط), ``ar_acronym`` ->
``"acronym"`` (داعش، قسد، الناتو، واس), ``ar_metonym`` -> ``"metonym"`` (وستمنستر for the UK
parliament).

Actor codes (CAMEO style, see SOURCES.md):

* state bodies: ISO3 + role — GOV, MIL, COP, SPY, JUD, LEG, MED, BUS, PTY, OPP, REB, UAF (militias),
  REL, EDU, HLH, NGO (a national NGO);
* intergovernmental bodies: ``IGO`` + a three-letter organisation code (UNO, NAT, EEC, ARL, GCC, OIC,
  AFU, OPC, IMF, WBK, ...), optionally followed by a role for an organ acting in one capacity
  (IGOUNOPKO peacekeepers, IGOUNOHRI UN human-rights bodies, IGOEECLEG the European Parliament);
* international NGOs: ``NGO`` + a three-letter code (NGOIRC Red Cross and Red Crescent, NGOAMN
  Amnesty, NGOHRW, NGOMSF, ...);
* transnational jihadist organisations: ``IMGMOS`` + code (IMGMOSISI Islamic State, IMGMOSALQ al-Qaeda);
  their regional branches are coded as rebels of their main country (AQAP YEMREB).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from marsad.kb.model import KBEntity, KBName

KINDS = (
    "gov",
    "mil",
    "igo",
    "ngo",
    "media",
    "rebel",
    "party",
    "company",
    "court",
    "parliament",
    "police",
    "intel",
    "religious",
)


def _data_path():
    return files("marsad") / "data" / "kb" / "orgs.jsonl"


@lru_cache(maxsize=1)
def load_records() -> tuple[dict, ...]:
    """The curated organisation records, as stored in ``orgs.jsonl``."""
    text = _data_path().read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def load() -> tuple[list[KBEntity], list[KBName]]:
    entities: list[KBEntity] = []
    names: list[KBName] = []
    for rec in load_records():
        eid = "org:" + rec["id"]
        extra = {}
        if rec.get("metonym_of"):
            extra["metonym_of"] = rec["metonym_of"]
        if rec.get("state_owned"):
            extra["state_owned"] = True
        entities.append(
            KBEntity(
                id=eid,
                name=rec["name"],
                type="ORG",
                kind=rec["kind"],
                country=rec.get("country"),
                actor_code=rec.get("actor_code"),
                wikidata=rec.get("wikidata"),
                aliases=list(rec.get("aliases", [])),
                extra=extra,
            )
        )
        full_how = "metonym" if rec.get("metonym_of") else "full"
        seen: set[str] = set()
        for field, how in (
            ("ar", full_how),
            ("ar_acronym", "acronym"),
            ("ar_metonym", "metonym"),
            ("ar_short", "short"),
        ):
            for form in rec.get(field, []):
                form = form.strip()
                if form and form not in seen:
                    seen.add(form)
                    names.append(KBName(form, eid, how))
    return entities, names
