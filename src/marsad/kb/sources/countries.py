"""Countries and territories: names, demonyms (nisba forms) and capitals.

Facts come from three places, merged here:

* ``data/kb/countries.jsonl`` (project curation): ISO 3166 codes, the CAMEO country code, the English
  Wikipedia name, extra Arabic names newsrooms use, capitals, centroids, Wikidata ids and a masculine
  singular nisba stem per country (``روسي``, ``كوري شمالي``) plus irregular (broken) plurals;
* CLDR Arabic territory names via ``babel`` (``Locale('ar').territories``);
* demonyms in every form from the ``ArWikiCats`` package's nationality tables (read as JSON files, the
  package itself is never imported).

Every country yields one entity ``country:<ISO3>`` (type LOC, kind ``country``; dependent territories
carry ``extra["territory"] = True``) whose ``actor_code`` is its CAMEO country code. That code equals
ISO3 except for ROU -> ROM, TLS -> TMP, XKX (Kosovo, user-assigned ISO code) -> KSV; Somaliland has no
ISO or CAMEO code and uses XSL.

Names: ``how="full"`` for country names, ``how="demonym"`` for nisba forms (الروسي، الروسية، الروس،
روسيون ...), ``how="capital"`` for the capital used as the country's government (موسكو، واشنطن). The
capital as a place belongs to the places source.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from marsad.kb.model import KBEntity, KBName

# Demonym form classes: masculine/feminine singular, masculine/feminine plural, with and without ال.
FORM_CLASSES = ("m", "f", "mp", "fp", "the_m", "the_f", "the_mp", "the_fp")

_AW_FILES = (
    "nationalities_data.json",
    "all_nat_as_en.json",
    "nationalities_data_with_directions.json",
    "sub_nats_with_ar_or_en.json",
)
_HOW_RANK = {"full": 0, "capital": 1, "demonym": 2}
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def _fold(s: str) -> str:
    """Light Arabic folding, used only to detect forms shared by several countries."""
    s = _HARAKAT.sub("", s)
    return s.translate(str.maketrans("أإآٱىة", "اااايه")).strip()


def _data_path():
    return files("marsad") / "data" / "kb" / "countries.jsonl"


@lru_cache(maxsize=1)
def load_records() -> tuple[dict, ...]:
    """The curated country records, as stored in ``countries.jsonl``."""
    text = _data_path().read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def _arwikicats_dir() -> Path | None:
    """Directory of ArWikiCats' nationality tables, found without importing the package."""
    try:
        spec = importlib.util.find_spec("ArWikiCats")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    d = Path(next(iter(spec.submodule_search_locations))) / "jsons" / "nationalities"
    return d if d.is_dir() else None


@lru_cache(maxsize=1)
def _arwikicats_tables() -> dict[str, dict]:
    """``{"<file stem>:<key>": entry}`` over ArWikiCats' nationality tables (empty if not installed)."""
    d = _arwikicats_dir()
    out: dict[str, dict] = {}
    if d is None:
        return out
    for name in _AW_FILES:
        p = d / name
        if not p.is_file():
            continue
        stem = name.removesuffix(".json")
        for key, entry in json.loads(p.read_text(encoding="utf-8")).items():
            out[f"{stem}:{key}"] = entry
    return out


def _definite(phrase: str) -> str:
    """Add the article to every word: كوري شمالي -> الكوري الشمالي (أنتيغوي وبربودي -> ... والبربودي)."""
    out = []
    for i, w in enumerate(phrase.split()):
        if w.startswith("ال"):
            out.append(w)
        elif i and w.startswith("و") and len(w) > 3:
            out.append(w if w.startswith("وال") else "وال" + w[1:])
        else:
            out.append("ال" + w)
    return " ".join(out)


def nisba_forms(stem: str) -> dict[str, list[str]]:
    """All regular forms of a masculine singular nisba (each word ending in ي): روسي -> روسية، روسيون ...

    Returns an empty dict when some word of ``stem`` is not a nisba.
    """
    words = stem.split()
    if not words or not all(w.endswith("ي") and len(w) > 2 for w in words):
        return {}

    def each(suffix: str) -> str:
        return " ".join(w + suffix for w in words)

    out = {"m": [each("")], "f": [each("ة")], "mp": [each("ون"), each("ين")], "fp": [each("ات")]}
    for cls in ("m", "f", "mp", "fp"):
        out["the_" + cls] = [_definite(x) for x in out[cls]]
    return out


def _arwikicats_forms(entry: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in FORM_CLASSES}
    m, f = entry.get("male", ""), entry.get("female", "")
    mp, fp = entry.get("males", ""), entry.get("females", "")
    for cls, val in (("m", m), ("f", f), ("mp", mp), ("fp", fp)):
        if val:
            out[cls].append(val)
            out["the_" + cls].append(_definite(val))
    if entry.get("the_male"):
        out["the_m"].append(entry["the_male"])
    if entry.get("the_female"):
        out["the_f"].append(entry["the_female"])
    # a sound masculine plural also appears in the oblique case: روسيون / روسيين
    if mp and all(w.endswith("ون") for w in mp.split()):
        obl = " ".join(w[:-2] + "ين" for w in mp.split())
        out["mp"].append(obl)
        out["the_mp"].append(_definite(obl))
    # regular forms from the masculine singular where it is a nisba
    for cls, forms in nisba_forms(m).items() if m else ():
        out[cls].extend(forms)
    return out


def _classify(form: str) -> str:
    last = form.split()[-1]
    if last.endswith("ية"):
        return "f"
    if last.endswith("ات"):
        return "fp"
    if last.endswith(("يون", "يين")):
        return "mp"
    if last.endswith("ي"):
        return "m"
    return "mp"  # broken plural: روس، أتراك، مغاربة


@lru_cache(maxsize=1)
def demonym_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """``{ISO3: {form class: forms}}`` merging curated stems, curated plurals and ArWikiCats."""
    aw = _arwikicats_tables()
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for rec in load_records():
        acc: dict[str, list[str]] = {c: [] for c in FORM_CLASSES}
        for stem in rec.get("nisba", []):
            for cls, forms in nisba_forms(stem).items():
                acc[cls].extend(forms)
        for key in rec.get("arwikicats", []):
            entry = aw.get(key)
            if entry:
                for cls, forms in _arwikicats_forms(entry).items():
                    acc[cls].extend(forms)
        for extra in rec.get("demonyms_ar", []):
            # irregular (broken) plurals and fixed forms, classed by their ending
            cls = _classify(extra)
            if extra.startswith("ال"):
                acc["the_" + cls].append(extra)
            else:
                acc[cls].append(extra)
                if " " not in extra:
                    acc["the_" + cls].append(_definite(extra))
        table[rec["iso3"]] = {
            cls: tuple(dict.fromkeys(x.strip() for x in acc[cls] if x.strip())) for cls in FORM_CLASSES
        }
    return table


def feminine_definite_adjectives(iso3: str) -> tuple[str, ...]:
    """Definite feminine singular nisba forms for a country (الأمريكية، الأميركية), for ministry names."""
    return demonym_table().get(iso3, {}).get("the_f", ())


@lru_cache(maxsize=1)
def _cldr_names() -> dict[str, list[str]]:
    try:
        from babel import Locale

        terr = Locale("ar").territories
    except Exception:  # babel missing or broken: curated names still load
        return {}
    out: dict[str, list[str]] = {}
    for code, name in terr.items():
        if len(code) != 2 or not code.isalpha():
            continue
        forms = []
        m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
        if m:  # ميانمار (بورما): both; هونغ كونغ الصينية (منطقة إدارية خاصة): a gloss, dropped
            forms.append(m.group(1))
            if " " not in m.group(2):
                forms.append(m.group(2))
        else:
            forms.append(name)
        out[code] = [re.sub(r"\s+-\s+", " ", f).strip() for f in forms]
    return out


def country_names_ar(iso3: str) -> tuple[str, ...]:
    """Arabic names of a country, CLDR's first, then the curated ones (روسيا، روسيا الاتحادية ...)."""
    for rec in load_records():
        if rec["iso3"] == iso3:
            forms = _cldr_names().get(rec.get("iso2") or "", []) + list(rec.get("ar", []))
            return tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))
    return ()


def load() -> tuple[list[KBEntity], list[KBName]]:
    cldr = _cldr_names()
    dem = demonym_table()
    entities: list[KBEntity] = []
    raw: list[KBName] = []
    for rec in load_records():
        iso3 = rec["iso3"]
        eid = f"country:{iso3}"
        extra = {"iso2": rec.get("iso2"), "cameo": rec["cameo"]}
        if rec.get("capital"):
            extra["capital"] = rec["capital"]
        if rec.get("capital_ar"):
            extra["capital_ar"] = list(rec["capital_ar"])
        if rec.get("kind") == "territory":
            extra["territory"] = True
        entities.append(
            KBEntity(
                id=eid,
                name=rec["name"],
                type="LOC",
                kind="country",
                country=iso3,
                actor_code=rec["cameo"],
                wikidata=rec.get("wikidata"),
                aliases=list(rec.get("aliases", [])),
                lat=rec.get("lat"),
                lon=rec.get("lon"),
                extra=extra,
            )
        )
        full = cldr.get(rec.get("iso2") or "", []) + list(rec.get("ar", []))
        weak = set(rec.get("ar_weak", []))  # names that are also common words (مالي، بنين)
        raw.extend(KBName(f, eid, "full", 0.5 if f in weak else 1.0) for f in full)
        raw.extend(KBName(f, eid, "capital") for f in rec.get("capital_ar", []))
        w = float(rec.get("demonym_weight", 1.0))
        for forms in dem.get(iso3, {}).values():
            raw.extend(KBName(f, eid, "demonym", w) for f in forms)
    return entities, _dedupe(raw)


def _dedupe(raw: list[KBName]) -> list[KBName]:
    """One name per (form, entity), keeping the most trusted kind; forms shared by several countries
    (كونغولي، عمان/عمّان) are down-weighted."""
    best: dict[tuple[str, str], KBName] = {}
    for n in raw:
        form = n.form.strip()
        if not form:
            continue
        key = (form, n.entity_id)
        old = best.get(key)
        if old is None or _HOW_RANK[n.how] < _HOW_RANK[old.how]:
            best[key] = KBName(form, n.entity_id, n.how, n.weight)
    owners: dict[str, set[str]] = {}
    for n in best.values():
        owners.setdefault(_fold(n.form), set()).add(n.entity_id)
    out = []
    for n in best.values():
        if len(owners[_fold(n.form)]) > 1:
            n.weight = min(n.weight, 0.5)
        out.append(n)
    return out
