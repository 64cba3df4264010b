"""CAMEO event codes and actor role codes, read from ``marsad/data/cameo``.

``codes.tsv`` has one row per CAMEO event code (2-digit roots included) with a short label, the
Goldstein weight, the PLOVER event type and the quad class; ``actor_roles.tsv`` has the three-letter
actor role codes (GOV, MIL, REB, ...). Both files document their columns in their header comments.

Codes are strings: ``"010"`` (make statement) and ``"10"`` (the DEMAND root) are different codes, so
never pass integers.

>>> lookup("190").plover, lookup("190").quad_class, lookup("190").goldstein
('ASSAULT', 4, -10.0)
>>> lookup("0874").root
'08'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# Quad class by CAMEO root (GDELT/ICEWS convention): 01-05 verbal cooperation, 06-08 material
# cooperation, 09-13 verbal conflict, 14-20 material conflict.
QUAD_BY_ROOT = {f"{r:02d}": (1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4) for r in range(1, 21)}

ROOTS = tuple(QUAD_BY_ROOT)


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its attributes.

    ``plover`` is ``None`` for codes PLOVER does not code (roots 01 and 02). When a 4-digit code has
    no row of its own, :func:`lookup` returns its parent's attributes under the requested ``code``
    with ``exact`` set to False.
    """

    code: str
    label: str
    goldstein: float
    plover: str | None
    quad_class: int
    root: str
    exact: bool = True

    @property
    def quad_label(self) -> str:
        return QUAD_LABELS[self.quad_class]


@dataclass(frozen=True, slots=True)
class ActorRole:
    """A CAMEO actor role code (``GOV``) with its label and kind (primary|secondary|org|religion)."""

    code: str
    label: str
    kind: str
    note: str = ""


def _rows(name: str) -> list[list[str]]:
    text = resources.files("marsad").joinpath("data", "cameo", name).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    header_seen = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append(line.rstrip("\n").split("\t"))
    return rows


@cache
def _codes() -> dict[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for row in _rows("codes.tsv"):
        code, label, goldstein, plover, quad = (c.strip() for c in row[:5])
        out[code] = CameoCode(
            code=code,
            label=label,
            goldstein=float(goldstein),
            plover=None if plover in ("", "-") else plover,
            quad_class=int(quad),
            root=code[:2],
        )
    return out


@cache
def _roles() -> dict[str, ActorRole]:
    out: dict[str, ActorRole] = {}
    for row in _rows("actor_roles.tsv"):
        row = [c.strip() for c in row] + [""] * 4
        out[row[0]] = ActorRole(code=row[0], label=row[1], kind=row[2], note=row[3])
    return out


def _clean(code: str) -> str:
    if not isinstance(code, str):
        raise TypeError(f"CAMEO codes are strings, got {type(code).__name__}: {code!r}")
    return code.strip()


def is_valid(code: str) -> bool:
    """True when ``code`` has its own row in the CAMEO table."""
    return isinstance(code, str) and code.strip() in _codes()


def root(code: str) -> str:
    """The 2-digit root of ``code`` (``"1056"`` -> ``"10"``). Raises ``ValueError`` if malformed."""
    c = _clean(code)
    if not (2 <= len(c) <= 4 and c.isdigit()) or c[:2] not in QUAD_BY_ROOT:
        raise ValueError(f"not a CAMEO event code: {code!r}")
    return c[:2]


def parent(code: str) -> str | None:
    """The next code up the hierarchy (``"0874"`` -> ``"087"``, ``"087"`` -> ``"08"``, root -> None)."""
    c = _clean(code)
    root(c)
    if len(c) == 2:
        return None
    if len(c) == 3:
        return c[:2]
    return c[:3]


def lookup(code: str) -> CameoCode:
    """Attributes of ``code``.

    A 4-digit code without its own row (``"1213"``, used by PLOVER but not in CAMEO) falls back to
    its 3-digit parent, then to the root; the result keeps the requested ``code`` and has
    ``exact=False``. Any other unknown code raises ``KeyError``.
    """
    c = _clean(code)
    table = _codes()
    hit = table.get(c)
    if hit is not None:
        return hit
    if len(c) == 4 and c.isdigit():
        for p in (c[:3], c[:2]):
            base = table.get(p)
            if base is not None:
                return CameoCode(
                    code=c,
                    label=base.label,
                    goldstein=base.goldstein,
                    plover=base.plover,
                    quad_class=base.quad_class,
                    root=base.root,
                    exact=False,
                )
    raise KeyError(f"unknown CAMEO event code: {code!r}")


def all_codes() -> list[CameoCode]:
    """Every code in the table, in table order (roots before their children)."""
    return list(_codes().values())


def children(code: str) -> list[CameoCode]:
    """Direct children of ``code`` (root -> 3-digit codes, 3-digit -> 4-digit codes)."""
    c = _clean(code)
    return [v for k, v in _codes().items() if len(k) == len(c) + 1 and k.startswith(c)]


def quad_class(code: str) -> int:
    """Quad class (1-4) of ``code``, from its root."""
    return QUAD_BY_ROOT[root(code)]


def actor_role(code: str) -> ActorRole:
    """The actor role ``code`` (``"GOV"``); raises ``KeyError`` when unknown."""
    return _roles()[code.strip().upper()]


def actor_roles() -> dict[str, ActorRole]:
    """All actor role codes by code."""
    return dict(_roles())
