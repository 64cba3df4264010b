"""Event deduplication: mentions of one real event in several documents become one event group.

GDELT counts each event once, with ``NumMentions`` (how often it was mentioned), ``NumSources``
(by how many outlets) and ``NumArticles`` (in how many articles). marsad does the same: every coded
event mention is stored with its evidence (document, span, trigger) and assigned to a group.

A mention joins an existing group with the same CAMEO root and the same source and target actor codes
when either

* both are in the same story and their dates are at most :data:`STORY_DAYS` days apart (outlets date
  an event differently: "yesterday" in a morning paper is "on Monday" on a wire), or
* they have the same full CAMEO code and the same date and at least one actor is known (GDELT's own
  rule: same actors, same action, same day).

Otherwise it starts a group. The group keeps the first mention's codes and fills in a location or an
actor name that a later mention adds. Counts are recomputed for the touched groups at each commit
(articles, not documents: two outlets printing one wire copy are two articles and two sources).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marsad.cluster.stories import day_iso
from marsad.store.base import Store

STORY_DAYS = 2


def _shift(iso: str, days: int) -> str:
    try:
        return (date.fromisoformat(iso[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return iso


def _distance(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 99
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0 if a == b else 99


def assign_event_groups(store: Store, doc: int, story: int | None, day: int, events: list[dict[str, Any]],
                        event_ids: list[int]) -> set[int]:
    """Put each new event mention of a document in a group; returns the groups touched."""
    touched: set[int] = set()
    for ev, eid in zip(events, event_ids, strict=True):
        when = ev.get("date") or day_iso(day)
        src, tgt = ev.get("source_code") or "", ev.get("target_code") or ""
        full = bool(when) and len(when) >= 10
        lo, hi = (_shift(when, -STORY_DAYS), _shift(when, STORY_DAYS)) if full else (when, when)
        group = None
        best = 99
        for g in store.event_group_candidates(ev.get("root"), src, tgt, lo or "", hi or ""):
            dist = _distance(g["date"], when)
            same_story = story is not None and g["story"] == story and dist <= STORY_DAYS
            same_day = (src or tgt) and g["cameo"] == ev.get("cameo") and g["date"] == when
            if (same_story or same_day) and dist < best:
                group, best = g["id"], dist
        if group is None:
            group = store.new_event_group(ev, when, story, doc)
        else:
            store.fill_event_group(group, ev)
        store.set_event_group(eid, group)
        touched.add(group)
    return touched
