"""Scoring marsad's output against hand-made gold (the format of ``corpus/GOLD_FORMAT.md``).

Per component, what counts as a match (``required: false`` gold items are neither rewarded nor
penalised: a prediction that matches only such an item is dropped from both counts):

* **entities (recognition)** -- a gold entity is found when some predicted mention, with attached
  clitics and the article set aside, equals one of its Arabic surface forms after normalisation;
  a predicted entity is correct when one of its mentions equals a form of some gold entity.
* **entities (linking)** -- a predicted entity is correct when its English name (or an alias) equals
  the gold name or one of the gold aliases, case- and punctuation-insensitively; recall asks the same
  of each required gold entity.
* **quote spans** -- character overlap with the gold span covering at least half of the shorter span
  and a quarter of the longer one, one-to-one.
* **quote attribution** -- a quote-span match whose speaker name matches the gold speaker's entity.
* **events** -- same source and target country (the first three letters of the actor codes) and the
  same CAMEO root; **events (PLOVER)** the same dyad and PLOVER type. One-to-one.
* **places** -- within 50 km of the gold coordinates, one-to-one; a country-level prediction matches
  the gold place with the same name instead, because a country's centroid is a convention (the
  centre of the United States is placed 400 km apart by two common conventions), not a fact to score.

Matching one-to-one is greedy over candidate pairs in a fixed order, which is exact for the small
numbers of items per article here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.doc import Document
from marsad.text.normalize import normalize
from marsad.text.tokens import proclitic_splits

PLACE_KM = 50.0


@dataclass
class PRF:
    """Counts behind precision, recall and F1 (precision and recall from separate counts, because
    several predictions may legitimately match one gold item)."""

    tp_pred: int = 0  # predictions that are correct
    n_pred: int = 0  # predictions that count
    tp_gold: int = 0  # gold items that were found
    n_gold: int = 0  # gold items that count

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp_pred": self.tp_pred,
            "n_pred": self.n_pred,
            "tp_gold": self.tp_gold,
            "n_gold": self.n_gold,
        }


COMPONENTS = (
    "entities",
    "linking",
    "quote_spans",
    "quote_attribution",
    "events",
    "events_plover",
    "places",
)


@dataclass
class GoldDoc:
    id: str
    text: str
    published: str | None
    data: dict[str, Any]
    path: Path


@dataclass
class DocScore:
    id: str
    scores: dict[str, PRF] = field(default_factory=dict)


# --- loading ---------------------------------------------------------------------------------------


def load_gold_dir(path: Path) -> list[GoldDoc]:
    """Every ``*.gold.json`` in ``path`` (or the one file ``path``) with its article text."""
    files = [path] if path.is_file() else sorted(path.glob("*.gold.json"))
    if not files:
        raise FileNotFoundError(f"{path}: no *.gold.json files")
    docs = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        text_file = f.parent / data.get("text_file", f.name.replace(".gold.json", ".txt"))
        text = text_file.read_text(encoding="utf-8")
        docs.append(GoldDoc(data.get("id", f.stem), text, data.get("published"), data, f))
    return docs


# --- helpers ---------------------------------------------------------------------------------------


def surface_key(text: str) -> str:
    """A mention's comparison form: normalised, punctuation removed."""
    return " ".join(re.sub(r"[^\w\s]", " ", normalize(text)).split())


def surface_variants(text: str) -> set[str]:
    """The comparison forms of a predicted mention: as written, and with clitics of its first word
    set aside (gold forms are written without و/ب/ل/ف)."""
    key = surface_key(text)
    if not key:
        return set()
    first, _, rest = key.partition(" ")
    out = {key}
    for _pre, stem in proclitic_splits(first):
        out.add(f"{stem} {rest}".strip())
    return out


def name_key_en(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (name or "").lower()).strip().removeprefix("the ")


def _gold_names(g: dict[str, Any]) -> set[str]:
    return {name_key_en(g.get("name"))} | {name_key_en(a) for a in g.get("aliases", [])}


def _country(code: str | None) -> str:
    return (code or "")[:3].upper()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return False
    la, lb = a[1] - a[0], b[1] - b[0]
    return inter >= 0.5 * min(la, lb) and inter >= 0.25 * max(la, lb)


def match_one_to_one(
    preds: list[Any], golds: list[dict[str, Any]], ok: Callable[[Any, dict[str, Any]], bool]
) -> PRF:
    """Greedy one-to-one matching; unmatched predictions that match only an optional gold item, or any
    already-matched optional item, are not counted."""
    prf = PRF()
    used: set[int] = set()
    required = [i for i, g in enumerate(golds) if g.get("required", True)]
    prf.n_gold = len(required)
    for p in preds:
        # prefer a required gold item
        order = sorted(range(len(golds)), key=lambda i: (not golds[i].get("required", True), i))
        hit = next((i for i in order if i not in used and ok(p, golds[i])), None)
        if hit is None:
            # a duplicate of something already matched is a wrong extra prediction, unless optional
            if any(ok(p, g) and not g.get("required", True) for g in golds):
                continue
            prf.n_pred += 1
            continue
        used.add(hit)
        if golds[hit].get("required", True):
            prf.tp_pred += 1
            prf.n_pred += 1
            prf.tp_gold += 1
    return prf


# --- scorers ---------------------------------------------------------------------------------------


def score_entities(doc: Document, golds: list[dict[str, Any]]) -> PRF:
    gold_forms = [{surface_key(a) for a in g.get("ar", [])} for g in golds]
    prf = PRF()
    found: set[int] = set()
    for ent in doc.entities:
        forms: set[str] = set()
        for m in ent.mentions:
            forms |= surface_variants(m.text)
        hits = [i for i, gf in enumerate(gold_forms) if forms & gf]
        if hits and not any(golds[i].get("required", True) for i in hits):
            continue  # matches only optional gold
        prf.n_pred += 1
        if hits:
            prf.tp_pred += 1
            found.update(i for i in hits if golds[i].get("required", True))
    prf.n_gold = sum(1 for g in golds if g.get("required", True))
    prf.tp_gold = len(found)
    return prf


def score_linking(doc: Document, golds: list[dict[str, Any]]) -> PRF:
    gold_names = [_gold_names(g) for g in golds]
    prf = PRF()
    found: set[int] = set()
    for ent in doc.entities:
        names = {name_key_en(ent.name)} | {name_key_en(a) for a in ent.aliases}
        hits = [i for i, gn in enumerate(gold_names) if names & gn]
        if hits and not any(golds[i].get("required", True) for i in hits):
            continue
        if not hits and _mentions_only_optional(ent, golds):
            continue
        prf.n_pred += 1
        if hits:
            prf.tp_pred += 1
            found.update(i for i in hits if golds[i].get("required", True))
    prf.n_gold = sum(1 for g in golds if g.get("required", True))
    prf.tp_gold = len(found)
    return prf


def _mentions_only_optional(ent: Any, golds: list[dict[str, Any]]) -> bool:
    forms: set[str] = set()
    for m in ent.mentions:
        forms |= surface_variants(m.text)
    hits = [g for g in golds if forms & {surface_key(a) for a in g.get("ar", [])}]
    return bool(hits) and not any(g.get("required", True) for g in hits)


def _speaker_ok(doc: Document, q: Any, g: dict[str, Any], entities: list[dict[str, Any]]) -> bool:
    gold_ent = next((e for e in entities if e.get("name") == g.get("speaker")), {"name": g.get("speaker")})
    names = _gold_names(gold_ent)
    cand = {name_key_en(q.speaker.name)}
    ent = doc.entity(q.speaker.entity)
    if ent is not None:
        cand |= {name_key_en(ent.name)} | {name_key_en(a) for a in ent.aliases}
    return bool(cand & names)


def score_quotes(doc: Document, golds: list[dict[str, Any]], entities: list[dict[str, Any]]) -> tuple[PRF, PRF]:
    spans = match_one_to_one(doc.quotes, golds, lambda q, g: _overlap_ok((q.start, q.end), (g["start"], g["end"])))
    attributed = match_one_to_one(
        doc.quotes,
        golds,
        lambda q, g: _overlap_ok((q.start, q.end), (g["start"], g["end"])) and _speaker_ok(doc, q, g, entities),
    )
    return spans, attributed


def _event_dyad_ok(e: Any, g: dict[str, Any]) -> bool:
    return _country(e.source.code) == _country(g.get("source")) and _country(e.target.code) == _country(g.get("target"))


def score_events(doc: Document, golds: list[dict[str, Any]]) -> tuple[PRF, PRF]:
    root = match_one_to_one(
        doc.events, golds, lambda e, g: _event_dyad_ok(e, g) and e.cameo[:2] == str(g.get("cameo", ""))[:2]
    )
    plover = match_one_to_one(
        doc.events, golds, lambda e, g: _event_dyad_ok(e, g) and e.plover.upper() == str(g.get("plover", "")).upper()
    )
    return root, plover


def score_places(doc: Document, golds: list[dict[str, Any]]) -> PRF:
    located = [p for p in doc.places if p.lat is not None and p.lon is not None]

    def ok(p: Any, g: dict[str, Any]) -> bool:
        if p.precision == "country":
            return name_key_en(p.name) in _gold_names(g)
        return haversine_km(p.lat, p.lon, g["lat"], g["lon"]) <= PLACE_KM

    return match_one_to_one(located, golds, ok)


def score_document(doc: Document, gold: dict[str, Any]) -> dict[str, PRF]:
    entities = gold.get("entities", [])
    q_span, q_attr = score_quotes(doc, gold.get("quotes", []), entities)
    ev_root, ev_plover = score_events(doc, gold.get("events", []))
    return {
        "entities": score_entities(doc, entities),
        "linking": score_linking(doc, entities),
        "quote_spans": q_span,
        "quote_attribution": q_attr,
        "events": ev_root,
        "events_plover": ev_plover,
        "places": score_places(doc, gold.get("places", [])),
    }


def evaluate(gold_docs: Iterable[GoldDoc], analyse: Callable[[GoldDoc], Document]) -> dict[str, Any]:
    """Run ``analyse`` on every gold document; per-document and micro-averaged scores."""
    per_doc: list[DocScore] = []
    micro = {c: PRF() for c in COMPONENTS}
    for g in gold_docs:
        doc = analyse(g)
        scores = score_document(doc, g.data)
        per_doc.append(DocScore(g.id, scores))
        for c in COMPONENTS:
            micro[c].add(scores[c])
    return {
        "micro": {c: micro[c].as_dict() for c in COMPONENTS},
        "documents": {d.id: {c: d.scores[c].as_dict() for c in COMPONENTS} for d in per_doc},
    }


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table: one block per document, then the micro averages."""
    lines = []
    header = f"{'component':<20} {'P':>6} {'R':>6} {'F1':>6}   {'pred ok/n':>10} {'gold ok/n':>10}"

    def block(title: str, scores: dict[str, dict[str, Any]]) -> None:
        lines.append(title)
        lines.append(header)
        for c in COMPONENTS:
            s = scores[c]
            lines.append(
                f"{c:<20} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
                f"   {s['tp_pred']:>4}/{s['n_pred']:<5} {s['tp_gold']:>4}/{s['n_gold']:<5}"
            )
        lines.append("")

    for doc_id, scores in result["documents"].items():
        block(f"document {doc_id}", scores)
    block(f"micro average over {len(result['documents'])} document(s)", result["micro"])
    return "\n".join(lines).rstrip() + "\n"
