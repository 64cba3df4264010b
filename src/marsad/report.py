"""A readable report of one analysed document, for a person at a terminal."""

from __future__ import annotations

from marsad.doc import Document


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def text_report(doc: Document) -> str:
    out: list[str] = []
    head = doc.title or _clip(doc.text.strip().split("\n", 1)[0], 80)
    out.append(f"== {head}")
    meta = [f"id {doc.id}"]
    if doc.published:
        meta.append(f"published {doc.published}")
    if doc.source:
        meta.append(f"source {doc.source}")
    meta.append(f"{len(doc.text)} chars, {len(doc.sentences)} sentences")
    out.append("   " + " · ".join(meta))

    out.append(f"\nEntities ({len(doc.entities)})")
    for e in sorted(doc.entities, key=lambda e: (e.type, -len(e.mentions), e.name)):
        forms = sorted({m.text for m in e.mentions})
        codes = " ".join(x for x in (e.country, e.actor_code, e.wikidata) if x)
        out.append(f"  {e.type:<4} {e.name}  [{codes}]  ×{len(e.mentions)}  {' | '.join(forms[:4])}")

    out.append(f"\nQuotes ({len(doc.quotes)})")
    for q in doc.quotes:
        who = q.speaker.name or "(speaker unresolved)"
        via = f" via {q.via.name}" if q.via and q.via.name else ""
        kind = "direct" if q.direct else "indirect"
        out.append(f"  {who}{via} ({kind}): {_clip(q.text)}")

    out.append(f"\nEvents ({len(doc.events)})")
    for ev in doc.events:
        src = ev.source.code or "—"
        tgt = ev.target.code or "—"
        extra = [x for x in (ev.mode, ev.date, ev.location.name if ev.location else None) if x]
        if ev.casualties:
            c = ev.casualties
            extra += [f"{k} {v}" for k, v in (("killed", c.killed), ("injured", c.injured), ("arrested", c.arrested)) if v]
        tail = f"  ({', '.join(extra)})" if extra else ""
        out.append(
            f"  {src} → {tgt}  CAMEO {ev.cameo} {ev.plover} q{ev.quad_class} G{ev.goldstein:+.1f}{tail}\n"
            f"      {_clip(ev.text)}"
        )

    out.append(f"\nPlaces ({len(doc.places)})")
    for p in doc.places:
        coords = f"{p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else "?"
        out.append(f"  {p.name} [{p.country or '?'}] {p.precision or ''} {coords}  ×{len(p.mentions)}")

    if doc.times:
        out.append(f"\nTimes ({len(doc.times)})")
        for t in doc.times:
            out.append(f"  {t.text} → {t.value or '?'} ({t.precision or '?'})")
    return "\n".join(out) + "\n"
