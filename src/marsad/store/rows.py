"""Flat records of what a serialised document carries, ready for any store backend (no SQL here).

:func:`doc_rows` turns one ``Document.to_dict()`` into the rows of the corpus tables: entities (with
the corpus-wide merge key), mentions, quotes, events and places. Fields the document does not have
yet (components not registered) simply yield no rows.
"""

from __future__ import annotations

from typing import Any

from marsad.text.namekey import name_key


def entity_key(ent: dict[str, Any]) -> str:
    """The corpus-wide identity of an entity: its KB id when linked, else its type and name key."""
    if ent.get("kb_id"):
        return f"kb:{ent['kb_id']}"
    if ent.get("wikidata"):
        return f"wd:{ent['wikidata']}"
    key = name_key(ent.get("name") or "") or (ent.get("name") or "").strip().lower()
    return f"name:{ent.get('type') or 'MISC'}:{key}"


def cameo_parts(code: str | None) -> tuple[str | None, str | None]:
    """``(base, root)`` of a CAMEO code: 3-digit base and 2-digit root (``"1951"`` -> ``"195"``, ``"19"``)."""
    if not code:
        return None, None
    code = str(code)
    return code[:3], code[:2]


def _actor(prefix: str, a: dict[str, Any] | None, local_to_key: dict[str, str]) -> dict[str, Any]:
    a = a or {}
    return {
        f"{prefix}_code": a.get("code") or "",
        f"{prefix}_country": a.get("country"),
        f"{prefix}_entity_key": local_to_key.get(a.get("entity") or ""),
        f"{prefix}_name": a.get("name"),
    }


def doc_rows(d: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows for the entity, mention, quote, event and place tables of one serialised document."""
    entities = []
    local_to_key: dict[str, str] = {}
    for e in d.get("entities") or []:
        key = entity_key(e)
        local_to_key[e.get("id") or ""] = key
        entities.append(
            {
                "key": key,
                "local_id": e.get("id"),
                "name": e.get("name"),
                "type": e.get("type"),
                "kind": e.get("kind"),
                "country": e.get("country"),
                "actor_code": e.get("actor_code"),
                "wikidata": e.get("wikidata"),
                "kb_id": e.get("kb_id"),
                "mentions": [(m["start"], m["end"], m["text"]) for m in e.get("mentions") or []],
            }
        )
    quotes = []
    for i, q in enumerate(d.get("quotes") or []):
        sp = q.get("speaker") or {}
        via = q.get("via") or {}
        cue = q.get("cue") or {}
        quotes.append(
            {
                "idx": i,
                "speaker_key": local_to_key.get(sp.get("entity") or ""),
                "speaker_name": sp.get("name"),
                "speaker_text": sp.get("text"),
                "text": q.get("text"),
                "start": q.get("start"),
                "end": q.get("end"),
                "direct": 1 if q.get("direct") else 0,
                "cue": cue.get("text"),
                "via_name": via.get("name"),
            }
        )
    places = d.get("places") or []
    first_sentence_end = None
    sents = d.get("sentences") or []
    if sents:
        first_sentence_end = sents[0].get("end")
    events = []
    for i, ev in enumerate(d.get("events") or []):
        base, root = cameo_parts(ev.get("cameo"))
        loc = ev.get("location") or {}
        cas = ev.get("casualties") or {}
        trig = ev.get("trigger") or {}
        place = {}
        if isinstance(loc.get("place"), int) and 0 <= loc["place"] < len(places):
            place = places[loc["place"]] or {}
        row = {
            "idx": i,
            "cameo": ev.get("cameo"),
            "base": base,
            "root": root,
            "plover": ev.get("plover"),
            "quad_class": ev.get("quad_class"),
            "goldstein": ev.get("goldstein"),
            "mode": ev.get("mode"),
            "date": ev.get("date"),
            "date_precision": ev.get("date_precision"),
            "loc_name": loc.get("name"),
            "loc_country": loc.get("country"),
            "loc_lat": loc.get("lat"),
            "loc_lon": loc.get("lon"),
            "loc_admin1": place.get("admin1"),
            "loc_geonames_id": place.get("geonames_id"),
            "loc_precision": place.get("precision"),
            "text": ev.get("text"),
            "start": ev.get("start"),
            "end": ev.get("end"),
            "trigger": trig.get("text"),
            "killed": cas.get("killed"),
            "injured": cas.get("injured"),
            "arrested": cas.get("arrested"),
            "is_root": 1 if first_sentence_end is not None and (ev.get("start") or 0) < first_sentence_end else 0,
        }
        row.update(_actor("source", ev.get("source"), local_to_key))
        row.update(_actor("target", ev.get("target"), local_to_key))
        events.append(row)
    place_rows = []
    for i, p in enumerate(places):
        place_rows.append(
            {
                "idx": i,
                "name": p.get("name"),
                "country": p.get("country"),
                "admin1": p.get("admin1"),
                "lat": p.get("lat"),
                "lon": p.get("lon"),
                "geonames_id": p.get("geonames_id"),
                "precision": p.get("precision"),
                "kb_id": p.get("kb_id"),
                "n_mentions": len(p.get("mentions") or []),
            }
        )
    return {"entities": entities, "quotes": quotes, "events": events, "places": place_rows}


def names_text(d: dict[str, Any]) -> str:
    """The names a document mentions (canonical names, aliases and surface forms) for the search index."""
    seen: list[str] = []
    for e in d.get("entities") or []:
        for n in [e.get("name"), *(e.get("aliases") or []), *(m.get("text") for m in e.get("mentions") or [])]:
            if n and n not in seen:
                seen.append(n)
    for p in d.get("places") or []:
        for n in [p.get("name"), *(m.get("text") for m in p.get("mentions") or [])]:
            if n and n not in seen:
                seen.append(n)
    return " ; ".join(seen)
