"""Readable labels for codes the store keeps: CAMEO actor codes, CAMEO event codes, PLOVER types.

Actor codes are read in three-letter chunks (``LBNGOV`` = Lebanon + government, ``IGOUNO`` =
intergovernmental organisation + United Nations): the first chunk is a country (from the knowledge
base's country table) or an organisation type, the others are roles (``data/cameo/actor_roles.tsv``).
A code that exactly one organisation of the knowledge base carries is named after it.

Arabic labels exist for countries (the knowledge base), CAMEO roots, PLOVER types, quad classes and the
common roles; finer labels fall back to English.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from marsad.extract import cameo

QUAD_AR = {1: "تعاون لفظي", 2: "تعاون مادي", 3: "نزاع لفظي", 4: "نزاع مادي"}

ROOT_AR = {
    "01": "تصريح علني", "02": "مناشدة", "03": "إبداء نية التعاون", "04": "تشاور", "05": "تعاون دبلوماسي",
    "06": "تعاون مادي", "07": "تقديم مساعدات", "08": "تنازل", "09": "تحقيق", "10": "مطالبة",
    "11": "استنكار وانتقاد", "12": "رفض", "13": "تهديد", "14": "احتجاج", "15": "استعراض القوة",
    "16": "تقليص العلاقات", "17": "إكراه", "18": "اعتداء", "19": "قتال", "20": "عنف جماعي غير تقليدي",
}

PLOVER_AR = {
    "AGREE": "اتفاق", "CONSULT": "تشاور", "SUPPORT": "دعم", "COOPERATE": "تعاون", "AID": "مساعدة",
    "CONCEDE": "تنازل", "RETREAT": "انسحاب", "ACCUSE": "اتهام", "REQUEST": "طلب", "REJECT": "رفض",
    "THREATEN": "تهديد", "PROTEST": "احتجاج", "MOBILIZE": "تعبئة", "SANCTION": "عقوبات", "COERCE": "إكراه",
    "ASSAULT": "هجوم",
}

ROLE_AR = {
    "GOV": "الحكومة", "MIL": "الجيش", "COP": "الشرطة", "JUD": "القضاء", "LEG": "البرلمان",
    "SPY": "الاستخبارات", "OPP": "المعارضة", "REB": "جماعات مسلحة", "INS": "متمردون", "SEP": "انفصاليون",
    "UAF": "ميليشيات", "PTY": "حزب", "CVL": "مدنيون", "BUS": "قطاع الأعمال", "MED": "الإعلام",
    "EDU": "التعليم", "HLH": "الصحة", "REF": "لاجئون ونازحون", "HRI": "حقوق الإنسان", "LAB": "نقابات",
    "AGR": "الزراعة", "CRM": "مجرمون", "ELI": "نخب", "REL": "رجال الدين", "IGO": "منظمة حكومية دولية",
    "IMG": "قوة عسكرية دولية", "NGO": "منظمة غير حكومية", "UNO": "الأمم المتحدة", "PKO": "قوات حفظ السلام",
    "IRC": "الصليب والهلال الأحمر", "MNC": "شركة متعددة الجنسيات", "NGM": "حركة غير حكومية",
}


@cache
def _countries() -> dict[str, tuple[str, str | None]]:
    """CAMEO country code -> (English name, Arabic name); Arabic from CLDR (Babel) by ISO code."""
    from babel import Locale

    territories = Locale("ar").territories
    out: dict[str, tuple[str, str | None]] = {}
    text = resources.files("marsad").joinpath("data", "kb", "countries.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        code = rec.get("cameo") or rec.get("iso3")
        if code:
            ar = territories.get(rec.get("iso2") or "") or next(iter(rec.get("ar") or []), None)
            out[code] = (rec.get("name") or code, ar)
    return out


def country_name(code: str | None) -> dict[str, str | None]:
    """``{"code", "en", "ar"}`` of a CAMEO/ISO3 country code."""
    en, ar = _countries().get((code or "").upper(), (code, code))
    return {"code": code, "en": en, "ar": ar}


@cache
def _orgs_by_code() -> dict[str, tuple[str, str | None]]:
    """Actor codes that exactly one knowledge-base organisation carries -> (name, Arabic name)."""
    seen: dict[str, list[dict[str, Any]]] = {}
    text = resources.files("marsad").joinpath("data", "kb", "orgs.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        code = rec.get("actor_code")
        if code and not rec.get("metonym_of"):
            seen.setdefault(code, []).append(rec)
    out = {}
    for code, recs in seen.items():
        if len(recs) == 1:
            ar = recs[0].get("ar") or []
            out[code] = (recs[0].get("name") or code, ar[0] if ar else None)
    return out


# roles shared by many bodies of a country: a code with one of them is never named after a single org
_GENERIC_ROLES = frozenset(
    ["GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "SEP", "UAF", "PTY", "CVL", "BUS", "MED", "EDU", "HLH", "REF", "HRI", "LAB", "AGR", "CRM", "DEV", "ELI", "ENV", "MOD", "RAD", "REL", "CHR", "CTH", "DOX", "PRO", "CPT", "MRN", "JEW", "MOS", "MUS", "SUN", "SHI", "SFI", "ALE", "DRZ", "BAH", "BUD", "HIN", "SIK"]
)


@cache
def actor_label(code: str | None) -> dict[str, str | None]:
    """``{"code", "en", "ar"}`` for a CAMEO actor code (empty code: unknown actor)."""
    code = (code or "").strip().upper()
    if not code:
        return {"code": "", "en": "unknown actor", "ar": "جهة غير معروفة"}
    countries = _countries()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    en: list[str] = []
    ar: list[str] = []
    roles = cameo.actor_roles()
    head = chunks[0]
    if head in countries:
        en.append(countries[head][0])
        ar.append(countries[head][1] or countries[head][0])
        rest = chunks[1:]
    else:
        rest = chunks
    for ch in rest:
        role = roles.get(ch)
        en.append(role.label if role else ch)
        ar.append(ROLE_AR.get(ch) or (role.label if role else ch))
    org = _orgs_by_code().get(code)
    if org and len(chunks) > 1 and not any(ch in _GENERIC_ROLES for ch in chunks[1:]):
        en = [org[0]]
        ar = [org[1] or org[0]]
    return {"code": code, "en": " · ".join(en), "ar": " · ".join(ar)}


@cache
def event_label(code: str | None) -> dict[str, Any]:
    """``{"code", "en", "ar", "root", "quad_class", "goldstein", "plover"}`` for a CAMEO event code."""
    if not code:
        return {"code": code, "en": None, "ar": None, "root": None, "quad_class": None, "goldstein": None,
                "plover": None}
    try:
        c = cameo.lookup(code)
    except KeyError:
        return {"code": code, "en": code, "ar": code, "root": code[:2], "quad_class": None, "goldstein": None,
                "plover": None}
    root_ar = ROOT_AR.get(c.root)
    return {"code": code, "en": c.label, "ar": root_ar if len(code) == 2 else (f"{root_ar}: {c.label}" if root_ar else c.label),
            "root": c.root, "quad_class": c.quad_class, "goldstein": c.goldstein, "plover": c.plover}


def code_tables() -> dict[str, Any]:
    """Everything the dashboard needs to label codes: roots, PLOVER types, quad classes, roles."""
    roots = [{"code": c.code, "en": c.label, "ar": ROOT_AR.get(c.code, c.label), "quad_class": c.quad_class,
              "goldstein": c.goldstein, "plover": c.plover} for c in cameo.all_codes() if len(c.code) == 2]
    codes = [{"code": c.code, "en": c.label, "root": c.root, "quad_class": c.quad_class, "goldstein": c.goldstein,
              "plover": c.plover} for c in cameo.all_codes()]
    plover = sorted({c.plover for c in cameo.all_codes() if c.plover})
    return {
        "roots": roots,
        "codes": codes,
        "plover": [{"code": p, "en": p.title(), "ar": PLOVER_AR.get(p, p)} for p in plover],
        "quad_classes": [{"code": q, "en": cameo.QUAD_LABELS[q], "ar": QUAD_AR[q]} for q in (1, 2, 3, 4)],
        "roles": [{"code": r.code, "en": r.label, "ar": ROLE_AR.get(r.code, r.label), "kind": r.kind}
                  for r in cameo.actor_roles().values()],
    }
