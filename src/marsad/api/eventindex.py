"""A columnar in-memory copy of the event groups, for fast filters, sorts and counts.

The API's event queries filter, sort and count the ``event_groups`` table every way an analyst asks
(actor prefixes, either side, CAMEO prefixes, dates, boxes, places, entities ...). SQLite answers
each with a scan and a temporary B-tree (hundreds of milliseconds at 100k events on a busy machine);
the store's indexes are the ingester's business. So the API keeps the few columns it filters on as
numpy arrays (about 120 bytes per event: 12 MB for 100k) and answers with vectorised masks,
``bincount`` and ``lexsort`` in a few milliseconds, then reads the page's rows from SQLite by id.

Semantics are exactly those of the SQL in :mod:`marsad.api.queries` (which stays the reference and
the fallback; tests compare the two): NULLs never match a comparison, ``actor`` is a case-insensitive
code prefix or a country, ``until`` with a day includes everything dated that day, NULLs sort first
ascending and last descending, ties break on the id.

The copy is rebuilt when the database file changes (``marsad ingest`` committing): the request that
notices the change keeps the current copy and a background thread builds the next one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from marsad.api.queries import EventFilter

MAX_EVENTS = 5_000_000  # above this the API queries SQLite directly (memory)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_COLUMNS = ("id", "date", "source_code", "source_country", "target_code", "target_country", "cameo", "root", "plover",
            "quad_class", "goldstein", "loc_name", "loc_country", "loc_lat", "loc_lon", "story", "num_mentions",
            "source_name", "target_name")


def _categories(values: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(uniques sorted, codes)``; ``None`` gets code -1 and is not among the uniques."""
    uniq = sorted({v for v in values if v is not None})
    where = {v: i for i, v in enumerate(uniq)}
    codes = np.fromiter((where.get(v, -1) if v is not None else -1 for v in values), dtype=np.int32, count=len(values))
    arr = np.empty(len(uniq), dtype=object)
    arr[:] = uniq
    return arr, codes


def _ints(values: list[Any], null: int = -1) -> np.ndarray:
    return np.fromiter((null if v is None else int(v) for v in values), dtype=np.int64, count=len(values))


def _floats(values: list[Any]) -> np.ndarray:
    return np.fromiter((np.nan if v is None else float(v) for v in values), dtype=np.float64, count=len(values))


@dataclass
class EventIndex:
    n: int
    id: np.ndarray
    date_u: np.ndarray
    date: np.ndarray  # codes into date_u (lexicographic order = date order); -1 NULL
    day_precision: np.ndarray  # bool: a YYYY-MM-DD date
    code_u: np.ndarray  # actor codes of both sides
    source: np.ndarray
    target: np.ndarray
    country_u: np.ndarray  # countries of both sides and of locations
    source_country: np.ndarray
    target_country: np.ndarray
    cameo_u: np.ndarray
    cameo: np.ndarray
    root_u: np.ndarray
    root: np.ndarray
    plover_u: np.ndarray
    plover: np.ndarray
    quad: np.ndarray  # -1 NULL
    goldstein: np.ndarray  # NaN NULL
    loc_name_u: np.ndarray
    loc_name: np.ndarray
    loc_country: np.ndarray  # codes into country_u
    lat: np.ndarray
    lon: np.ndarray
    story: np.ndarray  # -1 NULL
    mentions: np.ndarray
    name_u: np.ndarray  # actor names of both sides (for map points)
    source_name: np.ndarray
    target_name: np.ndarray
    ent_keys: np.ndarray  # entity ids of event mentions, sorted
    ent_rows: np.ndarray  # the row (index into the arrays above) of each, same order
    _orders: dict[str, np.ndarray] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- building ------------------------------------------------------------------------------------
    @classmethod
    def load(cls, db: sqlite3.Connection) -> EventIndex:
        rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM event_groups ORDER BY id").fetchall()
        cols = list(zip(*rows, strict=True)) if rows else [[] for _ in _COLUMNS]
        c = dict(zip(_COLUMNS, cols, strict=True))
        n = len(rows)
        ids = _ints(c["id"])
        date_u, date = _categories(list(c["date"]))
        day_u = np.fromiter((len(d) == 10 for d in date_u), dtype=bool, count=len(date_u))
        day_precision = np.zeros(n, dtype=bool)
        known = date >= 0
        day_precision[known] = day_u[date[known]]
        code_u, both = _categories(list(c["source_code"]) + list(c["target_code"]))
        country_u, countries = _categories(list(c["source_country"]) + list(c["target_country"]) + list(c["loc_country"]))
        cameo_u, cameo = _categories(list(c["cameo"]))
        root_u, root = _categories(list(c["root"]))
        plover_u, plover = _categories(list(c["plover"]))
        loc_name_u, loc_name = _categories(list(c["loc_name"]))
        name_u, names = _categories(list(c["source_name"]) + list(c["target_name"]))
        # event mentions: which groups each entity takes part in
        pos = {int(g): i for i, g in enumerate(ids)}
        pairs = []
        for g, s, t in db.execute(
                "SELECT event_group, source_entity, target_entity FROM events WHERE event_group IS NOT NULL"):
            row = pos.get(g)
            if row is None:
                continue
            if s is not None:
                pairs.append((s, row))
            if t is not None and t != s:
                pairs.append((t, row))
        pairs.sort()
        ent_keys = np.array([p[0] for p in pairs], dtype=np.int64)
        ent_rows = np.array([p[1] for p in pairs], dtype=np.int64)
        return cls(
            n=n, id=ids, date_u=date_u, date=date, day_precision=day_precision, code_u=code_u, source=both[:n],
            target=both[n:], country_u=country_u, source_country=countries[:n], target_country=countries[n : 2 * n],
            cameo_u=cameo_u, cameo=cameo, root_u=root_u, root=root, plover_u=plover_u, plover=plover,
            quad=_ints(c["quad_class"]), goldstein=_floats(c["goldstein"]), loc_name_u=loc_name_u, loc_name=loc_name,
            loc_country=countries[2 * n :], lat=_floats(c["loc_lat"]), lon=_floats(c["loc_lon"]),
            story=_ints(c["story"]), mentions=_ints(c["num_mentions"], null=0), name_u=name_u, source_name=names[:n],
            target_name=names[n:], ent_keys=ent_keys, ent_rows=ent_rows,
        )

    # --- filtering -----------------------------------------------------------------------------------
    @staticmethod
    def _lookup(uniq: np.ndarray, value: str) -> int:
        i = int(np.searchsorted(uniq, value)) if len(uniq) else 0
        return i if i < len(uniq) and uniq[i] == value else -2  # -2 matches nothing (NULL is -1)

    def _prefix(self, uniq: np.ndarray, prefix: str, upper: bool = True) -> np.ndarray:
        if upper:
            return np.fromiter((str(u).upper().startswith(prefix) for u in uniq), dtype=bool, count=len(uniq))
        return np.fromiter((str(u).startswith(prefix) for u in uniq), dtype=bool, count=len(uniq))

    @staticmethod
    def _take(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """``table[codes]`` with code -1 (NULL) mapping to False."""
        out = np.zeros(len(codes), dtype=bool)
        known = codes >= 0
        out[known] = table[codes[known]]
        return out

    def _actor(self, side: str, value: str, exact: bool) -> np.ndarray:
        v = value.strip().upper()
        codes = self.source if side == "source" else self.target
        if exact:
            return codes == self._lookup(self.code_u, v)
        prefix = v.replace("%", "").replace("_", "")
        country = self.source_country if side == "source" else self.target_country
        return self._take(self._prefix(self.code_u, prefix), codes) | (country == self._lookup(self.country_u, v))

    def mask(self, f: EventFilter) -> np.ndarray:
        m = np.ones(self.n, dtype=bool)
        if f.actor:
            m &= self._actor("source", f.actor, f.exact)
        if f.target:
            m &= self._actor("target", f.target, f.exact)
        if f.party:
            m &= self._actor("source", f.party, f.exact) | self._actor("target", f.party, f.exact)
        if f.entity is not None:
            lo, hi = np.searchsorted(self.ent_keys, [f.entity, f.entity + 1])
            sel = np.zeros(self.n, dtype=bool)
            sel[self.ent_rows[lo:hi]] = True
            m &= sel
        if f.cameo:
            code = "".join(ch for ch in f.cameo if ch.isdigit())
            m &= self._take(self._prefix(self.cameo_u, code, upper=False), self.cameo)
        if f.root:
            m &= self.root == self._lookup(self.root_u, str(f.root).zfill(2))
        if f.plover:
            m &= self.plover == self._lookup(self.plover_u, f.plover.strip().upper())
        if f.quad_class:
            m &= np.isin(self.quad, np.array(f.quad_class, dtype=np.int64))
        if f.since:
            m &= self.date >= int(np.searchsorted(self.date_u, f.since, side="left"))
        if f.until:
            bound = f.until + "~" if len(f.until) == 10 else f.until
            m &= (self.date >= 0) & (self.date < int(np.searchsorted(self.date_u, bound, side="right")))
        if f.place:
            v = f.place.strip()
            key = v.translate(_ASCII_LOWER)
            names = np.fromiter((str(u).translate(_ASCII_LOWER) == key for u in self.loc_name_u), dtype=bool,
                                count=len(self.loc_name_u))
            m &= self._take(names, self.loc_name) | (self.loc_country == self._lookup(self.country_u, v.upper()))
        if f.bbox:
            min_lon, min_lat, max_lon, max_lat = f.bbox
            with np.errstate(invalid="ignore"):
                m &= (self.lat >= min_lat) & (self.lat <= max_lat)
                if min_lon <= max_lon:
                    m &= (self.lon >= min_lon) & (self.lon <= max_lon)
                else:
                    m &= (self.lon >= min_lon) | (self.lon <= max_lon)
        if f.located is True:
            m &= ~np.isnan(self.lat) & ~np.isnan(self.lon)
        elif f.located is False:
            m &= np.isnan(self.lat) | np.isnan(self.lon)
        if f.story is not None:
            m &= self.story == f.story
        if f.min_mentions:
            m &= self.mentions >= f.min_mentions
        return m

    # --- sorting -------------------------------------------------------------------------------------
    def order(self, sort: str) -> np.ndarray:
        """Row positions of every event in ``sort`` order (memoised per sort key)."""
        with self._lock:
            hit = self._orders.get(sort)
        if hit is not None:
            return hit
        desc = sort.startswith("-")
        name = sort.lstrip("-")
        if name == "date":
            key = self.date.astype(np.float64)  # NULL (-1) sorts first ascending, last descending
        elif name == "mentions":
            key = self.mentions.astype(np.float64)
        elif name == "goldstein":
            key = np.where(np.isnan(self.goldstein), -np.inf, self.goldstein)
        elif name == "id":
            key = np.zeros(self.n)
        else:
            raise ValueError(sort)
        ids = self.id.astype(np.float64)
        out = np.lexsort((-ids, -key)) if desc else np.lexsort((ids, key))
        with self._lock:
            self._orders[sort] = out
        return out

    def page_ids(self, mask: np.ndarray, sort: str, limit: int, offset: int) -> list[int]:
        o = self.order(sort)
        rows = o[mask[o]][offset : offset + limit]
        return [int(x) for x in self.id[rows]]

    def points(self, mask: np.ndarray, limit: int) -> list[dict[str, Any]]:
        """Located events for a map, by num_mentions DESC, date DESC, id DESC (as the SQL)."""
        rows = np.flatnonzero(mask & ~np.isnan(self.lat) & ~np.isnan(self.lon))
        if not len(rows):
            return []
        keys = (-self.id[rows].astype(np.float64), -self.date[rows].astype(np.float64),
                -self.mentions[rows].astype(np.float64))
        rows = rows[np.lexsort(keys)][:limit]

        def cat(uniq: np.ndarray, codes: np.ndarray) -> list[str | None]:
            names = uniq.tolist()
            return [names[c] if c >= 0 else None for c in codes[rows].tolist()]

        cols = {
            "id": self.id[rows].tolist(), "lat": self.lat[rows].tolist(), "lon": self.lon[rows].tolist(),
            "loc_name": cat(self.loc_name_u, self.loc_name), "loc_country": cat(self.country_u, self.loc_country),
            "date": cat(self.date_u, self.date), "cameo": cat(self.cameo_u, self.cameo),
            "quad_class": [q if q >= 0 else None for q in self.quad[rows].tolist()],
            "source_code": cat(self.code_u, self.source), "target_code": cat(self.code_u, self.target),
            "source_name": cat(self.name_u, self.source_name), "target_name": cat(self.name_u, self.target_name),
            "num_mentions": self.mentions[rows].tolist(),
        }
        keys_ = list(cols)
        return [dict(zip(keys_, vals, strict=True)) for vals in zip(*cols.values(), strict=True)]

    # --- counting ------------------------------------------------------------------------------------
    def daily(self, mask: np.ndarray) -> list[dict[str, Any]]:
        m = mask & self.day_precision
        if not m.any():
            return []
        d = self.date[m]
        q = self.quad[m]
        q = np.where((q >= 1) & (q <= 4), q, 0)
        nd = len(self.date_u)
        counts = np.bincount(d * 5 + q, minlength=nd * 5).reshape(nd, 5)
        ment = np.bincount(d, weights=self.mentions[m], minlength=nd)
        out = []
        for i in np.flatnonzero(counts.sum(axis=1)):
            row = counts[i]
            out.append({"date": str(self.date_u[i]), "q1": int(row[1]), "q2": int(row[2]), "q3": int(row[3]),
                        "q4": int(row[4]), "events": int(row.sum()), "mentions": int(ment[i])})
        return out

    def dyads(self, mask: np.ndarray, limit: int) -> list[dict[str, Any]]:
        empty = self._lookup(self.code_u, "")
        m = mask & (self.source != empty) & (self.target != empty) & (self.source >= 0) & (self.target >= 0)
        if not m.any():
            return []
        nc = len(self.code_u)
        key = self.source[m].astype(np.int64) * nc + self.target[m]
        uniq, inv = np.unique(key, return_inverse=True)
        events = np.bincount(inv)
        mentions = np.bincount(inv, weights=self.mentions[m])
        g = self.goldstein[m]
        has_g = ~np.isnan(g)
        g_sum = np.bincount(inv, weights=np.where(has_g, g, 0.0))
        g_n = np.bincount(inv, weights=has_g.astype(np.float64))
        q = self.quad[m]
        coop = np.bincount(inv, weights=((q == 1) | (q == 2)).astype(np.float64))
        conf = np.bincount(inv, weights=((q == 3) | (q == 4)).astype(np.float64))
        mat = np.bincount(inv, weights=(q == 4).astype(np.float64))
        src, tgt = uniq // nc, uniq % nc
        # events DESC, mentions DESC, source code, target code (codes are sorted: code order = text order)
        order = np.lexsort((tgt, src, -mentions, -events))[:limit]
        out = []
        for i in order:
            gs = float(g_sum[i] / g_n[i]) if g_n[i] else None
            out.append({
                "source_code": str(self.code_u[src[i]]), "target_code": str(self.code_u[tgt[i]]),
                "events": int(events[i]), "mentions": int(mentions[i]),
                "goldstein": round(gs, 2) if gs is not None else None,
                "cooperation": int(coop[i]), "conflict": int(conf[i]), "material_conflict": int(mat[i]),
            })
        return out

    def types(self, mask: np.ndarray) -> list[dict[str, Any]]:
        if not mask.any():
            return []
        r = self.root[mask] + 1  # 0 = NULL root
        q = self.quad[mask] + 1  # 0 = NULL quad
        key = r.astype(np.int64) * 6 + q
        uniq, inv = np.unique(key, return_inverse=True)
        events = np.bincount(inv)
        mentions = np.bincount(inv, weights=self.mentions[mask])
        roots = uniq // 6
        out = []
        for i in range(len(uniq)):
            rc = int(roots[i]) - 1
            qc = int(uniq[i] % 6) - 1
            out.append({"root": str(self.root_u[rc]) if rc >= 0 else None, "quad_class": qc if qc >= 0 else None,
                        "events": int(events[i]), "mentions": int(mentions[i])})
        out.sort(key=lambda x: (-x["events"], x["root"] is not None, x["root"] or "", x["quad_class"] is not None,
                                x["quad_class"] or 0))
        return out

    def actors(self, mask: np.ndarray, limit: int) -> list[dict[str, Any]]:
        nc = len(self.code_u)
        empty = self._lookup(self.code_u, "")
        s = self.source[mask]
        t = self.target[mask]
        w = self.mentions[mask]
        ok_s = (s >= 0) & (s != empty)
        ok_t = (t >= 0) & (t != empty)
        as_source = np.bincount(s[ok_s], minlength=nc)
        as_target = np.bincount(t[ok_t], minlength=nc)
        ment = np.bincount(s[ok_s], weights=w[ok_s], minlength=nc) + np.bincount(t[ok_t], weights=w[ok_t], minlength=nc)
        events = as_source + as_target
        idx = np.flatnonzero(events)
        order = idx[np.lexsort((idx, -events[idx]))][:limit]
        return [{"code": str(self.code_u[i]), "events": int(events[i]), "mentions": int(ment[i]),
                 "as_source": int(as_source[i]), "as_target": int(as_target[i])} for i in order]


# the stamp of a PostgreSQL store: its newest event and event group, and how many event groups were
# updated or deleted (cumulative statistics, reported by writers when their transactions end)
PG_STAMP = (
    "SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM event_groups),"
    " (SELECT coalesce(sum(n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE relid = 'event_groups'::regclass)"
)


class IndexHolder:
    """The current :class:`EventIndex` of a database file, rebuilt in the background when it changes."""

    def __init__(self, db_path: str, connect: Callable[[], sqlite3.Connection], min_interval: float = 1.0,
                 stamp: Callable[[], tuple] | None = None) -> None:
        self.db_path = db_path
        self.connect = connect
        self.stamp_of = stamp  # what tells that the store changed (default: the database file's and WAL's stat)
        self.min_interval = min_interval
        self.index: EventIndex | None = None
        self.stamp: tuple | None = None
        self.checked = 0.0
        self.building = False
        self.disabled = False
        self.lock = threading.Lock()

    def _stamp(self) -> tuple:
        if self.stamp_of is not None:
            return self.stamp_of()
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db_path + suffix)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def _build(self, stamp: tuple) -> EventIndex | None:
        db = self.connect()
        try:
            n = db.execute("SELECT count(*) FROM event_groups").fetchone()[0]
            if n > MAX_EVENTS:
                self.disabled = True
                return None
            return EventIndex.load(db)
        finally:
            db.close()

    def _rebuild_in_background(self, stamp: tuple) -> None:
        def work() -> None:
            try:
                idx = self._build(stamp)
                with self.lock:
                    self.index, self.stamp = idx, stamp
            finally:
                with self.lock:
                    self.building = False

        threading.Thread(target=work, name="marsad-event-index", daemon=True).start()

    def get(self) -> EventIndex | None:
        if self.disabled:
            return None
        now = time.monotonic()
        with self.lock:
            current = self.index
            if current is not None and now - self.checked < self.min_interval:
                return current
            self.checked = now
        stamp = self._stamp()
        with self.lock:
            if self.index is not None and stamp == self.stamp:
                return self.index
            if self.index is not None:  # changed: serve the current copy, build the next one
                if not self.building:
                    self.building = True
                    self._rebuild_in_background(stamp)
                return self.index
        idx = self._build(stamp)  # first use: build now
        with self.lock:
            if self.index is None:
                self.index, self.stamp = idx, stamp
            return self.index
