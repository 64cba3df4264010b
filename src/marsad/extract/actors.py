"""CAMEO-style actors for document entities.

Quotes and events need, for an entity, the code an analyst would count it under: a country alone for
countries (``PRK``), the country plus a role for people and institutions (``RUSGOV``, ``PRKMIL``), an
IGO or NGO code for international bodies (``IGOUNO``). A capital city used as an actor (بيونغ يانغ
تعلن) stands for its country's government; other places stand for their country.
"""

from __future__ import annotations

from marsad.doc import Actor, Document, Entity

_ROLE_FOR_KIND = {
    "gov": "GOV", "ministry": "GOV", "mil": "MIL", "police": "COP", "parliament": "LEG", "court": "JUD",
    "intel": "SPY", "media": "MED", "opposition": "OPP", "rebel": "REB", "party": "PTY", "company": "BUS",
}


def actor_code(entity: Entity, capital_of: str | None = None) -> str:
    """The CAMEO-style code of an entity ("" when it has none)."""
    if entity.actor_code:
        return entity.actor_code
    if capital_of:
        return f"{capital_of}GOV"
    if entity.country:
        role = _ROLE_FOR_KIND.get(entity.kind or "", "")
        if entity.type == "LOC":
            return entity.country
        return f"{entity.country}{role}"
    return ""


def actor_for(doc: Document, entity: Entity | None, start: int | None = None, end: int | None = None) -> Actor:
    """An :class:`~marsad.doc.Actor` for ``entity`` (empty when ``entity`` is None)."""
    if entity is None:
        return Actor()
    capital_of = None
    if entity.kind == "city" and entity.kb_id:
        from marsad.kb import load as load_kb

        kb_ent = load_kb().get(entity.kb_id)
        if kb_ent is not None:
            capital_of = kb_ent.extra.get("capital_of")
    code = actor_code(entity, capital_of)
    country = (code[:3] if code and not code.startswith(("IGO", "NGO")) else None) or entity.country
    return Actor(code=code, country=country, entity=entity.id, name=entity.name, start=start, end=end)
