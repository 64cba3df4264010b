"""Read queries the HTTP API needs beyond :class:`marsad.store.base.Store`.

The store's public interface covers ingestion, ``search``, ``stats``, ``event_groups`` and
``event_mentions``; the dashboard also needs pagination with totals, sorting, counts per day and per
dyad, entity profiles, co-occurrence and geographic filters. These are written here, read-only,
against the tables of :mod:`marsad.store.sqlite` (schema version 1), so the store module keeps its
write path and the API keeps its read path.

The SQL is the common ground of SQLite and PostgreSQL (the PostgreSQL store has the same tables and a
``rowid`` column in ``documents``): ``?`` placeholders (translated by the PostgreSQL store's ``db``),
no bare columns beside aggregates, no sums of booleans (:func:`_count_if`), rounding through NUMERIC
(:func:`_round`), sums cast back to integers, aliases on every subquery; NULLs sort as SQLite sorts them
(first ascending), which the API's PostgreSQL connection spells out (:func:`marsad.api.app.sqlite_nulls`).

Every function takes a ``sqlite3.Connection`` (or that PostgreSQL connection) and returns plain dicts and lists. Orderings always end
with a unique column, so pages are stable and results deterministic. The event queries also take an
optional :class:`marsad.api.eventindex.EventIndex` (an in-memory columnar copy of the event groups):
with it, filters, sorts and counts run in numpy and only the page's rows are read from SQLite; the
SQL here is the reference the index is tested against, and the fallback.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from marsad.api.labels import actor_label, country_name, event_label

if TYPE_CHECKING:
    from marsad.api.eventindex import EventIndex

# ---------------------------------------------------------------------------------------------
# helpers


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _round(expr: str, digits: int) -> str:
    """``round(expr, digits)`` as a float on SQLite and PostgreSQL (which rounds numerics, not floats)."""
    return f"CAST(round(CAST({expr} AS NUMERIC), {digits}) AS DOUBLE PRECISION)"


def _count_if(condition: str) -> str:
    """How many rows meet ``condition`` (``sum(condition)`` on SQLite; PostgreSQL does not sum booleans)."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _marks(n: int) -> str:
    return ",".join("?" * n)


def day_iso(day: int | None) -> str | None:
    """ISO date of an ordinal day number (the store's ``day`` columns)."""
    if day is None:
        return None
    try:
        return date.fromordinal(int(day)).isoformat()
    except (ValueError, OverflowError):
        return None


def day_number(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


class BadQuery(ValueError):
    """A query parameter the database cannot answer (the API turns it into a 400)."""


# ---------------------------------------------------------------------------------------------
# events (event groups: one row per real-world event)

EVENT_SORTS = {
    "date": "g.date ASC, g.id ASC",
    "-date": "g.date DESC, g.id DESC",
    "mentions": "g.num_mentions ASC, g.id ASC",
    "-mentions": "g.num_mentions DESC, g.id DESC",
    "goldstein": "g.goldstein ASC, g.id ASC",
    "-goldstein": "g.goldstein DESC, g.id DESC",
    "id": "g.id ASC",
    "-id": "g.id DESC",
}

EVENT_COLUMNS = (
    "g.id, g.date, g.source_code, g.source_country, g.source_name, g.target_code, g.target_country,"
    " g.target_name, g.cameo, g.root, g.plover, g.quad_class, g.goldstein, g.mode, g.loc_name, g.loc_country,"
    " g.loc_lat, g.loc_lon, g.is_root, g.story, g.num_mentions, g.num_sources, g.num_articles,"
    " d.id AS first_doc_id, d.title AS first_doc_title, d.source AS first_doc_source"
)


@dataclass
class EventFilter:
    """Filters over event groups; every field is optional and they are ANDed."""

    actor: str | None = None  # source actor: code prefix (ISR, LBNGOV) or country
    target: str | None = None  # target actor: code prefix or country
    party: str | None = None  # either side
    entity: int | None = None  # a corpus entity id on either side of a mention
    cameo: str | None = None  # CAMEO code prefix (19, 190, 1951)
    root: str | None = None
    plover: str | None = None
    quad_class: list[int] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    place: str | None = None  # location name or country code
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    located: bool | None = None
    story: int | None = None
    min_mentions: int | None = None
    exact: bool = False  # actor, target and party match whole codes, not prefixes

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []

        def actor_clause(side: str, value: str) -> None:
            v = value.strip().upper()
            if self.exact:
                clauses.append(f"g.{side}_code = ?")
                args.append(v)
                return
            clauses.append(f"(g.{side}_code LIKE ? OR g.{side}_country = ?)")
            args.extend([v.replace("%", "").replace("_", "") + "%", v])

        if self.actor:
            actor_clause("source", self.actor)
        if self.target:
            actor_clause("target", self.target)
        if self.party and self.exact:
            v = self.party.strip().upper()
            clauses.append("(g.source_code = ? OR g.target_code = ?)")
            args.extend([v, v])
        elif self.party:
            v = self.party.strip().upper()
            p = v.replace("%", "").replace("_", "") + "%"
            clauses.append("(g.source_code LIKE ? OR g.source_country = ? OR g.target_code LIKE ? OR g.target_country = ?)")
            args.extend([p, v, p, v])
        if self.entity is not None:
            clauses.append(
                "g.id IN (SELECT event_group FROM events WHERE source_entity = ? OR target_entity = ?)"
            )
            args.extend([self.entity, self.entity])
        if self.cameo:
            code = "".join(ch for ch in self.cameo if ch.isdigit())
            if not code:
                raise BadQuery(f"cameo must be a CAMEO code (digits), got {self.cameo!r}")
            clauses.append("g.cameo LIKE ?")
            args.append(code + "%")
        if self.root:
            clauses.append("g.root = ?")
            args.append(str(self.root).zfill(2))
        if self.plover:
            clauses.append("g.plover = ?")
            args.append(self.plover.strip().upper())
        if self.quad_class:
            clauses.append(f"g.quad_class IN ({_marks(len(self.quad_class))})")
            args.extend(self.quad_class)
        if self.since:
            clauses.append("g.date >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("g.date <= ?")
            # a bare day includes everything dated that day; '~' sorts after any date suffix
            args.append(self.until + "~" if len(self.until) == 10 else self.until)
        if self.place:
            v = self.place.strip()
            clauses.append("(lower(g.loc_name) = lower(?) OR g.loc_country = ?)")
            args.extend([v, v.upper()])
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            clauses.append("g.loc_lat BETWEEN ? AND ?")
            args.extend([min_lat, max_lat])
            if min_lon <= max_lon:
                clauses.append("g.loc_lon BETWEEN ? AND ?")
                args.extend([min_lon, max_lon])
            else:  # crosses the antimeridian
                clauses.append("(g.loc_lon >= ? OR g.loc_lon <= ?)")
                args.extend([min_lon, max_lon])
        if self.located is True:
            clauses.append("g.loc_lat IS NOT NULL AND g.loc_lon IS NOT NULL")
        elif self.located is False:
            clauses.append("(g.loc_lat IS NULL OR g.loc_lon IS NULL)")
        if self.story is not None:
            clauses.append("g.story = ?")
            args.append(self.story)
        if self.min_mentions:
            clauses.append("g.num_mentions >= ?")
            args.append(self.min_mentions)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def _decorate_event(ev: dict[str, Any]) -> dict[str, Any]:
    ev["source_label"] = actor_label(ev.get("source_code"))
    ev["target_label"] = actor_label(ev.get("target_code"))
    ev["cameo_label"] = event_label(ev.get("cameo"))
    return ev


def _events_by_ids(db: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Event group rows (with their first document) for ``ids``, in that order."""
    found: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for r in _rows(db.execute(
            f"SELECT {EVENT_COLUMNS} FROM event_groups g LEFT JOIN documents d ON d.rowid = g.first_doc"
            f" WHERE g.id IN ({_marks(len(chunk))})",
            chunk,
        )):
            found[r["id"]] = r
    return [found[i] for i in ids if i in found]


def list_events(db: sqlite3.Connection, f: EventFilter, sort: str = "-date", limit: int = 50,
                offset: int = 0, with_total: bool = True, index: EventIndex | None = None) -> dict[str, Any]:
    """A page of event groups matching ``f``, with the total count."""
    where, args = f.where()
    order = EVENT_SORTS.get(sort)
    if order is None:
        raise BadQuery(f"sort must be one of {', '.join(EVENT_SORTS)}")
    if index is not None:
        mask = index.mask(f)
        items = _events_by_ids(db, index.page_ids(mask, sort, limit, offset))
        total = int(mask.sum()) if with_total else None
        return {"total": total, "limit": limit, "offset": offset, "items": [_decorate_event(e) for e in items]}
    items = _rows(db.execute(
        f"SELECT {EVENT_COLUMNS} FROM event_groups g LEFT JOIN documents d ON d.rowid = g.first_doc"
        f"{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ))
    total = None
    if with_total:
        if not where:
            total = db.execute("SELECT count(*) FROM event_groups").fetchone()[0]
        else:
            total = db.execute(f"SELECT count(*) FROM event_groups g{where}", args).fetchone()[0]
    return {"total": total, "limit": limit, "offset": offset, "items": [_decorate_event(e) for e in items]}


def get_event(db: sqlite3.Connection, group: int) -> dict[str, Any] | None:
    rows = _rows(db.execute(
        f"SELECT {EVENT_COLUMNS} FROM event_groups g LEFT JOIN documents d ON d.rowid = g.first_doc WHERE g.id = ?",
        (group,),
    ))
    if not rows:
        return None
    ev = _decorate_event(rows[0])
    ev["mentions"] = _rows(db.execute(
        'SELECT e.id, e.idx, d.id AS doc_id, d.title, d.source, d.url, d.published, e.cameo, e.text, e.start,'
        ' e."end", e.trigger, e.date, e.mode, e.source_code, e.source_name, e.source_entity, e.target_code,'
        " e.target_name, e.target_entity, e.killed, e.injured, e.arrested"
        " FROM events e JOIN documents d ON d.rowid = e.doc WHERE e.event_group = ? ORDER BY d.published, e.id",
        (group,),
    ))
    return ev


def daily_counts(db: sqlite3.Connection, f: EventFilter, index: EventIndex | None = None) -> list[dict[str, Any]]:
    """Events per day (day-precision dates only) by quad class, oldest first."""
    where, args = f.where()
    if index is not None:
        return index.daily(index.mask(f))
    where = (where + " AND " if where else " WHERE ") + "length(g.date) = 10"
    out: dict[str, dict[str, Any]] = {}
    for day, quad, n, m in db.execute(
        f"SELECT g.date, g.quad_class, count(*), CAST(sum(g.num_mentions) AS BIGINT) FROM event_groups g{where}"
        " GROUP BY g.date, g.quad_class ORDER BY g.date",
        args,
    ):
        row = out.setdefault(day, {"date": day, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "events": 0, "mentions": 0})
        if quad in (1, 2, 3, 4):
            row[f"q{quad}"] += n
        row["events"] += n
        row["mentions"] += m or 0
    return list(out.values())


def dyad_counts(db: sqlite3.Connection, f: EventFilter, limit: int = 50,
                index: EventIndex | None = None) -> list[dict[str, Any]]:
    """Source -> target actor pairs (known on both sides) with event counts, cooperation and conflict."""
    where, args = f.where()
    where = (where + " AND " if where else " WHERE ") + "g.source_code != '' AND g.target_code != ''"
    rows = index.dyads(index.mask(f), limit) if index is not None else _dyads_sql(db, where, args, limit)
    for r in rows:
        r["source_label"] = actor_label(r["source_code"])
        r["target_label"] = actor_label(r["target_code"])
    return rows


def _dyads_sql(db: sqlite3.Connection, where: str, args: list[Any], limit: int) -> list[dict[str, Any]]:
    return _rows(db.execute(
        "SELECT g.source_code, g.target_code, count(*) AS events, CAST(sum(g.num_mentions) AS BIGINT) AS mentions,"
        f" {_round('avg(g.goldstein)', 2)} AS goldstein, {_count_if('g.quad_class IN (1, 2)')} AS cooperation,"
        f" {_count_if('g.quad_class IN (3, 4)')} AS conflict, {_count_if('g.quad_class = 4')} AS material_conflict"
        f" FROM event_groups g{where} GROUP BY g.source_code, g.target_code"
        " ORDER BY events DESC, mentions DESC, g.source_code, g.target_code LIMIT ?",
        [*args, limit],
    ))


def type_counts(db: sqlite3.Connection, f: EventFilter, index: EventIndex | None = None) -> list[dict[str, Any]]:
    """Events per CAMEO root and quad class."""
    where, args = f.where()
    if index is not None:
        rows = index.types(index.mask(f))
    else:
        rows = _rows(db.execute(
            "SELECT g.root, g.quad_class, count(*) AS events, CAST(sum(g.num_mentions) AS BIGINT) AS mentions"
            f" FROM event_groups g{where} GROUP BY g.root, g.quad_class ORDER BY events DESC, g.root, g.quad_class",
            args,
        ))
    for r in rows:
        r["label"] = event_label(r["root"])
    return rows


def actor_counts(db: sqlite3.Connection, f: EventFilter, limit: int = 20,
                 index: EventIndex | None = None) -> list[dict[str, Any]]:
    """Actor codes by number of events they take part in (either side)."""
    where, args = f.where()
    if index is not None:
        out = index.actors(index.mask(f), limit)
        for r in out:
            r["label"] = actor_label(r["code"])
        return out
    rows = db.execute(
        "SELECT code, count(*) AS events, CAST(sum(m) AS BIGINT) AS mentions, CAST(sum(src) AS BIGINT) AS as_source,"
        " CAST(sum(1 - src) AS BIGINT) AS as_target"
        " FROM (SELECT g.source_code AS code, g.num_mentions AS m, 1 AS src FROM event_groups g"
        f"{where} UNION ALL SELECT g.target_code, g.num_mentions, 0 FROM event_groups g{where}) u"
        " WHERE code != '' GROUP BY code ORDER BY events DESC, code LIMIT ?",
        [*args, *args, limit],
    ).fetchall()
    return [{"code": c, "label": actor_label(c), "events": n, "mentions": m, "as_source": s, "as_target": t}
            for c, n, m, s, t in rows]


POINT_COLUMNS = ("g.id, g.loc_lat AS lat, g.loc_lon AS lon, g.loc_name, g.loc_country, g.date, g.cameo, g.quad_class,"
                 " g.source_code, g.target_code, g.source_name, g.target_name, g.num_mentions")


def event_points(db: sqlite3.Connection, f: EventFilter, limit: int = 5000,
                 index: EventIndex | None = None) -> list[dict[str, Any]]:
    """Located events for the map: id, position, date, code, quad class, actors (most mentioned first)."""
    f2 = EventFilter(**{**f.__dict__, "located": True})
    where, args = f2.where()
    if index is not None:
        return index.points(index.mask(f2), limit)
    return _rows(db.execute(
        f"SELECT {POINT_COLUMNS} FROM event_groups g{where} ORDER BY g.num_mentions DESC, g.date DESC, g.id DESC LIMIT ?",
        [*args, limit],
    ))


# ---------------------------------------------------------------------------------------------
# actor network

def network(db: sqlite3.Connection, f: EventFilter, limit: int = 60,
            index: EventIndex | None = None) -> dict[str, Any]:
    """Actors (nodes) and dyads (directed, weighted edges) with a deterministic layout."""
    from marsad.api.layout import force_layout

    edges = dyad_counts(db, f, limit=limit, index=index)
    weight: dict[str, int] = {}
    for e in edges:
        weight[e["source_code"]] = weight.get(e["source_code"], 0) + e["events"]
        weight[e["target_code"]] = weight.get(e["target_code"], 0) + e["events"]
    codes = sorted(weight)
    pos = force_layout(codes, [(e["source_code"], e["target_code"], e["events"]) for e in edges])
    nodes = [{"code": c, "label": actor_label(c), "events": weight[c], "x": pos[c][0], "y": pos[c][1]} for c in codes]
    for e in edges:
        coop, conf = e["cooperation"] or 0, e["conflict"] or 0
        e["tone"] = "cooperation" if coop > conf else "conflict" if conf > coop else "mixed"
    return {"nodes": nodes, "edges": edges}


# ---------------------------------------------------------------------------------------------
# documents

DOC_SORTS = {
    "published": "d.published ASC, d.rowid ASC",
    "-published": "d.published DESC, d.rowid DESC",
    "title": "d.title ASC, d.rowid ASC",
    "-title": "d.title DESC, d.rowid DESC",
    "source": "d.source ASC, d.published DESC, d.rowid ASC",
    "-source": "d.source DESC, d.published DESC, d.rowid ASC",
    "length": "d.n_chars ASC, d.rowid ASC",
    "-length": "d.n_chars DESC, d.rowid DESC",
}


def list_documents(db: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                   until: str | None = None, story: int | None = None, entity: int | None = None,
                   sort: str = "-published", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    clauses, args = [], []
    if source:
        clauses.append("d.source = ?")
        args.append(source)
    if since:
        clauses.append("d.published >= ?")
        args.append(since)
    if until:
        clauses.append("d.published <= ?")
        args.append(until + "~" if len(until) == 10 else until)
    if story is not None:
        clauses.append("d.story = ?")
        args.append(story)
    if entity is not None:
        clauses.append("d.rowid IN (SELECT doc FROM doc_entities WHERE entity = ?)")
        args.append(entity)
    order = DOC_SORTS.get(sort)
    if order is None:
        raise BadQuery(f"sort must be one of {', '.join(DOC_SORTS)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    items = _rows(db.execute(
        "SELECT d.rowid AS rowid, d.id, d.title, d.source, d.published, d.url, d.story, d.n_chars, d.dup_of,"
        " (SELECT count(*) FROM events e WHERE e.doc = d.rowid) AS n_events,"
        " (SELECT count(*) FROM quotes q WHERE q.doc = d.rowid) AS n_quotes,"
        " (SELECT count(*) FROM doc_entities x WHERE x.doc = d.rowid) AS n_entities,"
        " (SELECT count(*) FROM articles a WHERE a.doc = d.rowid) AS n_articles"
        f" FROM documents d{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ))
    total = db.execute(f"SELECT count(*) FROM documents d{where}", args).fetchone()[0]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def document_links(db: sqlite3.Connection, rowid: int) -> dict[str, Any]:
    """What links a stored document into the corpus: entity ids, event groups, articles, story."""
    entity_ids = dict(db.execute("SELECT local_id, entity FROM doc_entities WHERE doc = ?", (rowid,)).fetchall())
    groups = dict(db.execute("SELECT idx, event_group FROM events WHERE doc = ?", (rowid,)).fetchall())
    n_events = max(groups) + 1 if groups else 0
    articles = _rows(db.execute(
        "SELECT source, url, published, title FROM articles WHERE doc = ? ORDER BY published, id", (rowid,)))
    story = None
    row = db.execute(
        "SELECT s.id, s.title, s.n_docs, s.first_day, s.last_day FROM stories s JOIN documents d ON d.story = s.id"
        " WHERE d.rowid = ?", (rowid,)).fetchone()
    if row:
        story = {"id": row[0], "title": row[1], "n_docs": row[2], "first_date": day_iso(row[3]),
                 "last_date": day_iso(row[4])}
    return {
        "entity_ids": entity_ids,
        "event_groups": [groups.get(i) for i in range(n_events)],
        "articles": articles,
        "story": story,
    }


def sources(db: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT source, count(*) AS n, min(published), max(published) FROM articles WHERE source IS NOT NULL"
        " GROUP BY source ORDER BY n DESC, source").fetchall()
    return [{"source": s, "articles": n, "first_published": a, "last_published": b} for s, n, a, b in rows]


# ---------------------------------------------------------------------------------------------
# entities

ENTITY_SORTS = {
    "documents": "e.n_docs DESC, e.n_mentions DESC, e.id ASC",
    "mentions": "e.n_mentions DESC, e.n_docs DESC, e.id ASC",
    "name": "lower(e.name) ASC, e.id ASC",
    "recent": "e.last_day DESC, e.n_docs DESC, e.id ASC",
    "id": "e.id ASC",
}

ENTITY_COLUMNS = ("e.id, e.key, e.name, e.type, e.kind, e.country, e.actor_code, e.wikidata, e.kb_id, e.n_docs,"
                  " e.n_mentions, e.first_day, e.last_day")


def arabic_names(db: sqlite3.Connection, ids: list[int], per_entity: int = 3) -> dict[int, list[str]]:
    """The Arabic surface forms of entities, the best label first.

    Forms are ranked by how many documents introduce the entity with them (its first mention there),
    then by frequency: a later anaphoric mention (الحركة for Hamas, الوزارة for a ministry) is frequent
    but rarely the first one.
    """
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), 400):
        chunk = ids[i : i + 400]
        marks = _marks(len(chunk))
        for eid, text, _first, _n in db.execute(
            f"WITH firsts AS (SELECT entity, doc, min(start) AS s FROM mentions WHERE entity IN ({marks})"
            " GROUP BY entity, doc)"
            f" SELECT m.entity, m.text, {_count_if('m.start = f.s')} AS first_n, count(*) AS n FROM mentions m"
            f" JOIN firsts f ON f.entity = m.entity AND f.doc = m.doc WHERE m.entity IN ({marks})"
            " GROUP BY m.entity, m.text ORDER BY m.entity, first_n DESC, n DESC, length(m.text), m.text",
            chunk + chunk,
        ):
            names = out.setdefault(eid, [])
            if len(names) < per_entity:
                names.append(text)
    return out


def _decorate_entities(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = arabic_names(db, [r["id"] for r in rows])
    for r in rows:
        r["names_ar"] = names.get(r["id"], [])
        r["label_ar"] = r["names_ar"][0] if r["names_ar"] else None
        r["first_date"] = day_iso(r.pop("first_day", None))
        r["last_date"] = day_iso(r.pop("last_day", None))
        if r.get("country"):
            r["country_label"] = country_name(r["country"])
    return rows


def list_entities(db: sqlite3.Connection, *, type: str | None = None, kind: str | None = None,
                  country: str | None = None, q: str | None = None, actor_code: str | None = None,
                  sort: str = "documents", limit: int = 50, offset: int = 0) -> dict[str, Any]:
    clauses, args = [], []
    if type:
        clauses.append("e.type = ?")
        args.append(type.upper())
    if kind:
        clauses.append("e.kind = ?")
        args.append(kind)
    if country:
        clauses.append("e.country = ?")
        args.append(country.upper())
    if actor_code:
        clauses.append("e.actor_code LIKE ?")
        args.append(actor_code.upper().replace("%", "") + "%")
    if q:
        qs = q.strip()
        clauses.append("(lower(e.name) LIKE lower(?) OR e.id IN (SELECT entity FROM mentions WHERE text = ?))")
        args.extend(["%" + qs.replace("%", "") + "%", qs])
    order = ENTITY_SORTS.get(sort)
    if order is None:
        raise BadQuery(f"sort must be one of {', '.join(ENTITY_SORTS)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    items = _rows(db.execute(
        f"SELECT {ENTITY_COLUMNS} FROM entities e{where} ORDER BY {order} LIMIT ? OFFSET ?", [*args, limit, offset]))
    total = db.execute(f"SELECT count(*) FROM entities e{where}", args).fetchone()[0]
    return {"total": total, "limit": limit, "offset": offset, "items": _decorate_entities(db, items)}


def get_entity(db: sqlite3.Connection, entity: int) -> dict[str, Any] | None:
    rows = _rows(db.execute(f"SELECT {ENTITY_COLUMNS} FROM entities e WHERE e.id = ?", (entity,)))
    if not rows:
        return None
    ent = _decorate_entities(db, rows)[0]
    ent["names_ar"] = arabic_names(db, [entity], per_entity=12).get(entity, [])
    one = lambda sql: db.execute(sql, (entity, entity) if sql.count("?") == 2 else (entity,)).fetchone()[0]  # noqa: E731
    ent["n_events_as_source"] = one("SELECT count(*) FROM events WHERE source_entity = ?")
    ent["n_events_as_target"] = one("SELECT count(*) FROM events WHERE target_entity = ?")
    ent["n_quotes"] = one("SELECT count(*) FROM quotes WHERE speaker = ?")
    if ent.get("actor_code"):
        ent["actor_label"] = actor_label(ent["actor_code"])
    return ent


def entity_events(db: sqlite3.Connection, entity: int, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Event mentions with the entity on either side, newest first, with their group and document."""
    items = _rows(db.execute(
        'SELECT e.id, e.event_group, e.idx, d.id AS doc_id, d.title, d.source, d.published, e.cameo, e.plover,'
        ' e.quad_class, e.goldstein, e.date, e.mode, e.text, e.start, e."end", e.trigger, e.source_code,'
        " e.source_name, e.source_entity, e.target_code, e.target_name, e.target_entity, e.loc_name,"
        " CASE WHEN e.source_entity = ? THEN 'source' ELSE 'target' END AS role"
        " FROM events e JOIN documents d ON d.rowid = e.doc WHERE e.source_entity = ? OR e.target_entity = ?"
        " ORDER BY e.date DESC, d.published DESC, e.id DESC LIMIT ? OFFSET ?",
        (entity, entity, entity, limit, offset),
    ))
    total = db.execute("SELECT count(*) FROM events WHERE source_entity = ? OR target_entity = ?",
                       (entity, entity)).fetchone()[0]
    for it in items:
        it["cameo_label"] = event_label(it["cameo"])
        it["source_label"] = actor_label(it["source_code"])
        it["target_label"] = actor_label(it["target_code"])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def entity_timeline(db: sqlite3.Connection, entity: int) -> list[dict[str, Any]]:
    """The entity's event mentions per day by quad class (day-precision dates)."""
    out: dict[str, dict[str, Any]] = {}
    for day, quad, n in db.execute(
        "SELECT date, quad_class, count(*) FROM events WHERE (source_entity = ? OR target_entity = ?)"
        " AND length(date) = 10 GROUP BY date, quad_class ORDER BY date",
        (entity, entity),
    ):
        row = out.setdefault(day, {"date": day, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "events": 0, "mentions": 0})
        if quad in (1, 2, 3, 4):
            row[f"q{quad}"] += n
        row["events"] += n
        row["mentions"] += n
    return list(out.values())


def cooccurring(db: sqlite3.Connection, entity: int, by: str = "documents", type: str | None = None,
                limit: int = 20) -> list[dict[str, Any]]:
    """Entities that appear in the same documents (``by=documents``) or on the other side of the
    entity's events (``by=events``), most frequent first."""
    if by == "documents":
        sql = ("SELECT b.entity AS id, count(DISTINCT b.doc) AS n FROM doc_entities a"
               " JOIN doc_entities b ON b.doc = a.doc AND b.entity != a.entity WHERE a.entity = ?"
               " GROUP BY b.entity")
        args: list[Any] = [entity]
    elif by == "events":
        sql = ("SELECT other AS id, count(*) AS n FROM (SELECT target_entity AS other FROM events WHERE source_entity = ?"
               " UNION ALL SELECT source_entity FROM events WHERE target_entity = ?) u"
               " WHERE other IS NOT NULL AND other != ? GROUP BY other")
        args = [entity, entity, entity]
    else:
        raise BadQuery("by must be documents or events")
    type_clause = " WHERE e.type = ?" if type else ""
    if type:
        args.append(type.upper())
    rows = _rows(db.execute(
        f"SELECT {ENTITY_COLUMNS}, c.n AS together FROM ({sql}) c JOIN entities e ON e.id = c.id{type_clause}"
        " ORDER BY c.n DESC, e.n_docs DESC, e.id LIMIT ?",
        [*args, limit],
    ))
    return _decorate_entities(db, rows)


# ---------------------------------------------------------------------------------------------
# quotes

def list_quotes(db: sqlite3.Connection, *, speaker: int | None = None, speaker_name: str | None = None,
                q: str | None = None, doc: str | None = None, direct: bool | None = None,
                source: str | None = None, since: str | None = None, until: str | None = None, sort: str = "-published",
                limit: int = 50, offset: int = 0) -> dict[str, Any]:
    clauses, args = [], []
    if speaker is not None:
        clauses.append("q.speaker = ?")
        args.append(speaker)
    if speaker_name:
        clauses.append("(q.speaker_name LIKE ? OR q.speaker_text LIKE ?)")
        v = "%" + speaker_name.strip().replace("%", "") + "%"
        args.extend([v, v])
    if q:
        clauses.append("q.text LIKE ?")
        args.append("%" + q.strip().replace("%", "") + "%")
    if doc:
        clauses.append("d.id = ?")
        args.append(doc)
    if direct is not None:
        clauses.append("q.direct = ?")
        args.append(1 if direct else 0)
    if source:
        clauses.append("d.source = ?")
        args.append(source)
    if since:
        clauses.append("d.published >= ?")
        args.append(since)
    if until:
        clauses.append("d.published <= ?")
        args.append(until + "~" if len(until) == 10 else until)
    orders = {"-published": "d.published DESC, q.id DESC", "published": "d.published ASC, q.id ASC"}
    if sort not in orders:
        raise BadQuery(f"sort must be one of {', '.join(orders)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    items = _rows(db.execute(
        'SELECT q.id, q.idx, d.id AS doc_id, d.title, d.source, d.published, q.speaker, q.speaker_name,'
        ' q.speaker_text, q.text, q.start, q."end", q.direct, q.cue, q.via_name'
        f" FROM quotes q JOIN documents d ON d.rowid = q.doc{where} ORDER BY {orders[sort]} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ))
    for it in items:
        it["direct"] = bool(it["direct"])
    total = db.execute(f"SELECT count(*) FROM quotes q JOIN documents d ON d.rowid = q.doc{where}", args).fetchone()[0]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# ---------------------------------------------------------------------------------------------
# stories

STORY_SORTS = {
    "-recent": "s.last_day DESC, s.n_docs DESC, s.id DESC",
    "recent": "s.last_day ASC, s.id ASC",
    "-size": "s.n_docs DESC, s.last_day DESC, s.id ASC",
    "size": "s.n_docs ASC, s.id ASC",
}


def list_stories(db: sqlite3.Connection, *, since: str | None = None, until: str | None = None,
                 min_docs: int | None = None, sort: str = "-recent", limit: int = 20, offset: int = 0) -> dict[str, Any]:
    clauses, args = [], []
    if since:
        clauses.append("s.last_day >= ?")
        args.append(day_number(since))
    if until:
        clauses.append("s.first_day <= ?")
        args.append(day_number(until))
    if min_docs:
        clauses.append("s.n_docs >= ?")
        args.append(min_docs)
    order = STORY_SORTS.get(sort)
    if order is None:
        raise BadQuery(f"sort must be one of {', '.join(STORY_SORTS)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    items = _rows(db.execute(
        "SELECT s.id, s.title, s.n_docs, s.first_day, s.last_day, fd.id AS first_doc_id,"
        " (SELECT count(DISTINCT coalesce(a.source, '')) FROM documents d JOIN articles a ON a.doc = d.rowid"
        "  WHERE d.story = s.id) AS n_sources,"
        " (SELECT count(*) FROM event_groups g WHERE g.story = s.id) AS n_events"
        f" FROM stories s LEFT JOIN documents fd ON fd.rowid = s.first_doc{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ))
    for it in items:
        it["first_date"] = day_iso(it.pop("first_day"))
        it["last_date"] = day_iso(it.pop("last_day"))
    total = db.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def get_story(db: sqlite3.Connection, story: int) -> dict[str, Any] | None:
    rows = _rows(db.execute(
        "SELECT s.id, s.title, s.n_docs, s.first_day, s.last_day, fd.id AS first_doc_id FROM stories s"
        " LEFT JOIN documents fd ON fd.rowid = s.first_doc WHERE s.id = ?", (story,)))
    if not rows:
        return None
    st = rows[0]
    st["first_date"] = day_iso(st.pop("first_day"))
    st["last_date"] = day_iso(st.pop("last_day"))
    st["documents"] = _rows(db.execute(
        "SELECT d.id, d.title, d.source, d.published, d.url, d.dup_of FROM documents d WHERE d.story = ?"
        " ORDER BY d.published, d.rowid", (story,)))
    st["n_sources"] = db.execute(
        "SELECT count(DISTINCT coalesce(a.source, '')) FROM documents d JOIN articles a ON a.doc = d.rowid"
        " WHERE d.story = ?", (story,)).fetchone()[0]
    return st


# ---------------------------------------------------------------------------------------------
# places

def places(db: sqlite3.Connection, *, bbox: tuple[float, float, float, float] | None = None,
           country: str | None = None, limit: int = 2000) -> list[dict[str, Any]]:
    """Geocoded places aggregated over documents (same name and position), most mentioned first."""
    clauses, args = ["p.lat IS NOT NULL", "p.lon IS NOT NULL"], []
    if bbox:
        min_lon, min_lat, max_lon, max_lat = bbox
        clauses.append("p.lat BETWEEN ? AND ?")
        args.extend([min_lat, max_lat])
        if min_lon <= max_lon:
            clauses.append("p.lon BETWEEN ? AND ?")
            args.extend([min_lon, max_lon])
        else:
            clauses.append("(p.lon >= ? OR p.lon <= ?)")
            args.extend([min_lon, max_lon])
    if country:
        clauses.append("p.country = ?")
        args.append(country.upper())
    lat, lon = _round("p.lat", 4), _round("p.lon", 4)
    return _rows(db.execute(
        f"SELECT p.name, min(p.country) AS country, min(p.admin1) AS admin1, {lat} AS lat, {lon} AS lon,"
        " min(p.precision) AS precision, min(p.kb_id) AS kb_id,"
        " count(DISTINCT p.doc) AS documents, CAST(sum(p.n_mentions) AS BIGINT) AS mentions"
        f" FROM places p WHERE {' AND '.join(clauses)} GROUP BY p.name, {lat}, {lon}"
        " ORDER BY documents DESC, mentions DESC, p.name LIMIT ?",
        [*args, limit],
    ))


def place_documents(db: sqlite3.Connection, name: str, limit: int = 50) -> list[dict[str, Any]]:
    return _rows(db.execute(
        "SELECT d.id, d.title, d.source, d.published FROM documents d"
        " WHERE d.rowid IN (SELECT doc FROM places WHERE name = ?) ORDER BY d.published DESC, d.rowid DESC LIMIT ?",
        (name, limit)))


# ---------------------------------------------------------------------------------------------
# overview

def counts(db: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "articles": one("SELECT count(*) FROM articles"),
        "sources": one("SELECT count(DISTINCT source) FROM articles"),
        "entities": one("SELECT count(*) FROM entities"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "events": one("SELECT count(*) FROM event_groups"),
        "event_mentions": one("SELECT count(*) FROM events"),
        "stories": one("SELECT count(*) FROM stories"),
        "places": one("SELECT count(*) FROM (SELECT DISTINCT name FROM places) u"),
        "first_published": one("SELECT min(published) FROM documents"),
        "last_published": one("SELECT max(published) FROM documents"),
    }


def publication_window(db: sqlite3.Connection, pad_days: int = 7) -> tuple[str | None, str | None]:
    """The corpus's publication period widened by ``pad_days`` on each side: the overview timeline
    shows events of that period (articles also date past events, "since November", which would
    otherwise stretch the axis over months of nothing)."""
    lo, hi = db.execute("SELECT min(published), max(published) FROM documents WHERE length(published) >= 10").fetchone()
    if not lo or not hi:
        return None, None
    try:
        return ((date.fromisoformat(lo[:10]) - timedelta(days=pad_days)).isoformat(),
                (date.fromisoformat(hi[:10]) + timedelta(days=pad_days)).isoformat())
    except ValueError:
        return None, None
