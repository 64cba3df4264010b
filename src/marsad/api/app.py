"""The HTTP API and the dashboard: ``create_app(db_path)`` returns a FastAPI application.

* ``/api/...`` -- JSON over a corpus store (read-only: the API never writes the database, so it can
  serve while ``marsad ingest`` adds to it); OpenAPI schema at ``/api/openapi.json``, interactive docs
  at ``/docs`` (Swagger UI, vendored: works offline).
* ``POST /analyze`` (also ``/api/analyze``) -- text in, analysed document out; nothing is stored.
* ``/`` -- the dashboard (``marsad.web``), static files only, no CDN.

Errors are JSON ``{"detail": reason, "code": kind}`` with a 4xx status for anything the client can fix.
Every response carries a strict Content-Security-Policy (scripts from this origin only).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from marsad.api import models as m
from marsad.api import queries as qry
from marsad.api.labels import code_tables

MAX_ANALYZE_BYTES = 1_000_000  # request body
MAX_ANALYZE_CHARS = 100_000  # article text
MAX_LIMIT = 500

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
DATE_RE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


class _SecurityHeaders:
    """Pure ASGI middleware: CSP and friends on every HTTP response."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


_ORDER_BY = re.compile(r"\bORDER BY\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s(LIMIT|OFFSET)\b", re.IGNORECASE)


def sqlite_nulls(sql: str) -> str:
    """``sql`` with every ORDER BY term sorting NULLs as SQLite does: first when ascending, last when
    descending (PostgreSQL's default is the opposite). Terms that say ``NULLS ...`` are left alone."""
    out, pos = [], 0
    for hit in _ORDER_BY.finditer(sql):
        if hit.start() < pos:
            continue
        start = hit.end()
        depth, i, end = 0, start, len(sql)
        while i < len(sql):  # the clause ends at LIMIT/OFFSET or at the parenthesis that closes its query
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif ch == "'":
                i = sql.index("'", i + 1)
            elif depth == 0 and (e := _CLAUSE_END.match(sql, i)):
                end = e.start()
                break
            i += 1
        terms, depth, last = [], 0, start
        for j in range(start, end):
            if sql[j] == "(":
                depth += 1
            elif sql[j] == ")":
                depth -= 1
            elif sql[j] == "," and depth == 0:
                terms.append(sql[last:j])
                last = j + 1
        terms.append(sql[last:end])
        fixed = []
        for t in terms:
            words = t.upper().split()
            if "NULLS" in words:
                fixed.append(t)
            else:
                fixed.append(t.rstrip() + (" NULLS LAST" if words and words[-1] == "DESC" else " NULLS FIRST"))
        out.append(sql[pos:start] + ",".join(fixed) + (" " if end < len(sql) and sql[end] != ")" else ""))
        pos = end
    out.append(sql[pos:])
    return "".join(out)


class _PgApiConnection:
    """The API's SQL on a PostgreSQL store: ``?`` placeholders (the store's ``db``) and SQLite's NULL order."""

    def __init__(self, qmark) -> None:
        self.qmark = qmark

    def execute(self, sql: str, params: Any = None):
        return self.qmark.execute(sqlite_nulls(sql), params)


class _PgConnection:
    """A read-only PostgreSQL connection with SQLite's ``?`` placeholders (``execute``, ``close``):
    what the event index is built from."""

    def __init__(self, url: str) -> None:
        from marsad.store import open_store

        self.store = open_store(url, readonly=True)

    def execute(self, sql: str, params: Any = None):
        return self.store.db.execute(sqlite_nulls(sql), params)

    def close(self) -> None:
        self.store.close()


class _Reader:
    """One read-only store connection per thread (sqlite3 connections are not shared across threads;
    a psycopg connection is one session), and the in-memory event index shared by all of them."""

    def __init__(self, db_path: str, use_index: bool = True) -> None:
        self.db_path = db_path
        self.local = threading.local()
        self.holder = None
        if use_index:
            from marsad.api.eventindex import IndexHolder

            stamp = self._pg_stamp if is_postgres(db_path) else None
            self.holder = IndexHolder(db_path, self._connect, stamp=stamp)

    def _pg_stamp(self) -> tuple:
        """What changes when a writer adds or changes events (the newest ids, and the server's count of
        updated and deleted event groups: event groups are updated in place as mentions arrive)."""
        from marsad.api.eventindex import PG_STAMP

        try:
            return tuple(self.store().db.execute(PG_STAMP).fetchone())
        except Exception:  # a lost connection: open a new one next time, and rebuild
            self.local.store = None
            return (time.monotonic(),)

    def _connect(self):
        if is_postgres(self.db_path):
            return _PgConnection(self.db_path)
        import sqlite3

        uri = Path(self.db_path).resolve().as_uri() + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        db.execute("PRAGMA busy_timeout = 30000")
        return db

    def index(self):
        return self.holder.get() if self.holder is not None else None

    def store(self):
        st = getattr(self.local, "store", None)
        if st is None:
            from marsad.store import open_store

            st = open_store(self.db_path, readonly=True)
            self.local.store = st
            self.local.db = _PgApiConnection(st.db) if is_postgres(self.db_path) else st.db
        return st

    def db(self):
        """This thread's connection for the queries of :mod:`marsad.api.queries`."""
        self.store()
        return self.local.db


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        parts = [float(x) for x in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise ApiError(400, "bad_bbox", "bbox must be min_lon,min_lat,max_lon,max_lat (four numbers)")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise ApiError(400, "bad_bbox", "bbox out of range: latitudes -90..90 (min <= max), longitudes -180..180")
    return min_lon, min_lat, max_lon, max_lat


def _quads(value: str | None) -> list[int]:
    if not value:
        return []
    try:
        out = sorted({int(x) for x in value.split(",") if x.strip()})
    except ValueError:
        out = [0]
    if any(q not in (1, 2, 3, 4) for q in out):
        raise ApiError(400, "bad_quad_class", "quad_class must be 1..4, or several separated by commas (3,4)")
    return out


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
DateQ = Annotated[str | None, Query(pattern=DATE_RE, description="YYYY-MM-DD (or YYYY-MM, YYYY)")]


def event_filter(
    actor: Annotated[str | None, Query(description="source actor: CAMEO code prefix (LBNGOV, ISR) or country")] = None,
    target: Annotated[str | None, Query(description="target actor: CAMEO code prefix or country")] = None,
    party: Annotated[str | None, Query(description="an actor on either side")] = None,
    entity: Annotated[int | None, Query(description="a corpus entity id on either side")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO event code prefix: 19, 190, 1951")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$", description="CAMEO root 01..20")] = None,
    plover: Annotated[str | None, Query(description="PLOVER event type (ASSAULT, CONSULT ...)")] = None,
    quad_class: Annotated[str | None, Query(description="1..4, or several: 3,4")] = None,
    since: DateQ = None,
    until: DateQ = None,
    place: Annotated[str | None, Query(description="location name (English) or country code")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    located: Annotated[bool | None, Query(description="only events with (true) or without (false) a position")] = None,
    story: Annotated[int | None, Query(description="a story id")] = None,
    min_mentions: Annotated[int | None, Query(ge=1)] = None,
    exact: Annotated[bool, Query(description="actor/target/party match whole codes (default: code prefixes)")] = False,
) -> qry.EventFilter:
    return qry.EventFilter(
        actor=actor, target=target, party=party, entity=entity, cameo=cameo, root=root, plover=plover,
        quad_class=_quads(quad_class), since=since, until=until, place=place, bbox=_bbox(bbox), located=located,
        story=story, min_mentions=min_mentions, exact=exact,
    )


EventFilterDep = Annotated[qry.EventFilter, Depends(event_filter)]


def _fast(data: Any) -> JSONResponse:
    """Plain JSON without response-model validation: the event endpoints return thousands of
    plain dicts built by our own queries (the models still document them in the OpenAPI schema)."""
    return JSONResponse(data)
DocSort = Annotated[str, Query(description=" | ".join(qry.DOC_SORTS))]


def create_app(db_path: str | Path = "marsad.db", *, max_analyze_chars: int = MAX_ANALYZE_CHARS,
               pipeline: Callable[[], Any] | None = None, event_index: bool = True) -> FastAPI:
    """The API and dashboard over the store at ``db_path`` (which must exist: run ``marsad ingest``).

    ``pipeline`` returns the analysis pipeline for ``POST /analyze`` (default ``marsad.load()``,
    loaded on first use). ``event_index=False`` answers event queries with SQL only (see
    :mod:`marsad.api.eventindex`).
    """
    db_path = str(db_path)
    if not is_postgres(db_path) and not Path(db_path).is_file():
        raise FileNotFoundError(f"{db_path}: no such database (build one with `marsad ingest FILES --db {db_path}`)")
    from marsad import __version__ as version
    from marsad.web import STATIC_DIR

    reader = _Reader(db_path, use_index=event_index)
    reader.store()  # fail now, not on the first request, when the file is not a usable store
    app = FastAPI(
        title="marsad API",
        version=version,
        description="Arabic news event intelligence: documents, entities, quotes, CAMEO/PLOVER events, places and "
        "stories of a marsad corpus store, and on-the-fly analysis of Arabic text.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db_path = db_path
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    app.add_middleware(_SecurityHeaders)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail, "code": exc.code}, status_code=exc.status)

    @app.exception_handler(qry.BadQuery)
    async def _bad_query(_: Request, exc: qry.BadQuery) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "code": "bad_query"}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()
        parts = []
        for e in errs[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return JSONResponse({"detail": "; ".join(parts) or "invalid request", "code": "invalid_parameter",
                             "errors": json.loads(json.dumps(errs, default=str))}, status_code=422)

    api = APIRouter(prefix="/api")

    def db():
        return reader.db()

    # --- meta ------------------------------------------------------------------------------------
    @api.get("/health", tags=["meta"], summary="Liveness and the store's schema version")
    def health() -> dict[str, Any]:
        st = reader.store()
        return {"status": "ok", "version": version, "schema_version": st.schema_version()}

    @api.get("/stats", tags=["meta"], summary="Corpus statistics (as `marsad stats`)")
    def stats() -> dict[str, Any]:
        return reader.store().stats()

    @api.get("/codes", tags=["meta"], summary="Labels of CAMEO roots and codes, PLOVER types, quad classes, roles")
    def codes() -> dict[str, Any]:
        return code_tables()

    @api.get("/overview", tags=["meta"], response_model=m.Overview,
             summary="Everything the overview page shows in one call",
             description="`daily` covers the publication period of the corpus widened by a week (`window`).")
    def overview(top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        c = db()
        ix = reader.index()
        everything = qry.EventFilter()
        since, until = qry.publication_window(c)
        return {
            "counts": qry.counts(c),
            "window": {"since": since, "until": until},
            "daily": qry.daily_counts(c, qry.EventFilter(since=since, until=until), index=ix),
            "actors": qry.actor_counts(c, everything, limit=top, index=ix),
            "dyads": qry.dyad_counts(c, everything, limit=top, index=ix),
            "types": qry.type_counts(c, everything, index=ix),
            "stories": qry.list_stories(c, sort="-recent", limit=top)["items"],
            "sources": qry.sources(c),
        }

    # --- documents --------------------------------------------------------------------------------
    @api.get("/documents", tags=["documents"], response_model=m.DocumentPage, summary="List documents")
    def documents(
        source: str | None = None, since: DateQ = None, until: DateQ = None, story: int | None = None,
        entity: Annotated[int | None, Query(description="documents mentioning this corpus entity")] = None,
        sort: DocSort = "-published", limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        return qry.list_documents(db(), source=source, since=since, until=until, story=story, entity=entity,
                                  sort=sort, limit=limit, offset=offset)

    @api.get("/documents/{doc_id:path}", tags=["documents"], response_model=m.DocumentView,
             summary="One document with all extracted spans (entities, quotes, events, places, times)")
    def document(doc_id: str) -> dict[str, Any]:
        st = reader.store()
        d = st.get_document(doc_id)
        if d is None:
            raise ApiError(404, "not_found", f"no document with id {doc_id!r}")
        d.pop("_story", None)
        rowid = d.pop("_rowid")
        return {"document": d, **qry.document_links(st.db, rowid)}

    @api.get("/sources", tags=["documents"], summary="Outlets with their number of articles")
    def sources() -> list[dict[str, Any]]:
        return qry.sources(db())

    @api.get("/search", tags=["documents"], response_model=m.SearchPage,
             summary="Full-text search (Arabic-aware: clitics and spelling variants match)")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500,
                                description='words (ANDed), "a phrase", a OR b, -excluded')],
        source: str | None = None, since: DateQ = None, until: DateQ = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    ) -> dict[str, Any]:
        import sqlite3

        try:
            hits = reader.store().search(q, limit=offset + limit + 1, source=source, since=since, until=until)
        except ValueError as exc:
            raise ApiError(400, "bad_query", str(exc)) from exc
        except sqlite3.OperationalError as exc:
            raise ApiError(400, "bad_query", f"cannot search for {q!r}: {exc}") from exc
        page = hits[offset : offset + limit]
        for h in page:
            h.pop("spans", None)
            h.pop("rowid", None)
        return {"query": q, "total": None, "limit": limit, "offset": offset,
                "has_more": len(hits) > offset + limit, "items": page}

    # --- entities ---------------------------------------------------------------------------------
    @api.get("/entities", tags=["entities"], response_model=m.EntityPage,
             summary="Entities (merged across documents) with document and mention counts")
    def entities(
        type: Annotated[str | None, Query(description="PER | ORG | LOC | MISC")] = None,
        kind: str | None = None, country: str | None = None,
        actor_code: Annotated[str | None, Query(description="CAMEO actor code prefix")] = None,
        q: Annotated[str | None, Query(description="part of the English name, or an exact Arabic form")] = None,
        sort: Annotated[str, Query(description=" | ".join(qry.ENTITY_SORTS))] = "documents",
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        return qry.list_entities(db(), type=type, kind=kind, country=country, q=q, actor_code=actor_code, sort=sort,
                                 limit=limit, offset=offset)

    def _entity_or_404(c, entity_id: int) -> dict[str, Any]:
        ent = qry.get_entity(c, entity_id)
        if ent is None:
            raise ApiError(404, "not_found", f"no entity with id {entity_id}")
        return ent

    @api.get("/entities/{entity_id}", tags=["entities"], response_model=m.EntityDetail, summary="An entity's profile")
    def entity(entity_id: int) -> dict[str, Any]:
        return _entity_or_404(db(), entity_id)

    @api.get("/entities/{entity_id}/events", tags=["entities"], response_model=m.EntityEventPage,
             summary="Event mentions with the entity as source or target")
    def entity_events(entity_id: int, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        c = db()
        _entity_or_404(c, entity_id)
        return qry.entity_events(c, entity_id, limit=limit, offset=offset)

    @api.get("/entities/{entity_id}/timeline", tags=["entities"], response_model=list[m.DayCount],
             summary="The entity's event mentions per day by quad class")
    def entity_timeline(entity_id: int) -> list[dict[str, Any]]:
        c = db()
        _entity_or_404(c, entity_id)
        return qry.entity_timeline(c, entity_id)

    @api.get("/entities/{entity_id}/cooccurring", tags=["entities"], response_model=list[m.Cooccurring],
             summary="Entities in the same documents (by=documents) or across its events (by=events)")
    def entity_cooccurring(
        entity_id: int, by: Annotated[str, Query(pattern="^(documents|events)$")] = "documents",
        type: Annotated[str | None, Query(description="PER | ORG | LOC | MISC")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> list[dict[str, Any]]:
        c = db()
        _entity_or_404(c, entity_id)
        return qry.cooccurring(c, entity_id, by=by, type=type, limit=limit)

    @api.get("/entities/{entity_id}/quotes", tags=["entities", "quotes"], response_model=m.QuotePage,
             summary="What the entity said")
    def entity_quotes(entity_id: int, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        c = db()
        _entity_or_404(c, entity_id)
        return qry.list_quotes(c, speaker=entity_id, limit=limit, offset=offset)

    @api.get("/entities/{entity_id}/documents", tags=["entities", "documents"], response_model=m.DocumentPage,
             summary="Documents mentioning the entity")
    def entity_documents(entity_id: int, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        c = db()
        _entity_or_404(c, entity_id)
        return qry.list_documents(c, entity=entity_id, limit=limit, offset=offset)

    # --- events -----------------------------------------------------------------------------------
    @api.get("/events", tags=["events"], response_model=m.EventPage,
             summary="Events (deduplicated across articles), filtered, sorted, paginated")
    def events(
        f: EventFilterDep, sort: Annotated[str, Query(description=" | ".join(qry.EVENT_SORTS))] = "-date",
        limit: Limit = 50, offset: Offset = 0,
        total: Annotated[bool, Query(description="count all matches (false: faster)")] = True,
    ) -> JSONResponse:
        return _fast(qry.list_events(db(), f, sort=sort, limit=limit, offset=offset, with_total=total, index=reader.index()))

    @api.get("/events/daily", tags=["events"], response_model=list[m.DayCount],
             summary="Event counts per day by quad class")
    def events_daily(f: EventFilterDep) -> JSONResponse:
        return _fast(qry.daily_counts(db(), f, index=reader.index()))

    @api.get("/events/dyads", tags=["events"], response_model=list[m.Dyad],
             summary="Event counts per dyad (source actor -> target actor)")
    def events_dyads(f: EventFilterDep, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> JSONResponse:
        return _fast(qry.dyad_counts(db(), f, limit=limit, index=reader.index()))

    @api.get("/events/types", tags=["events"], response_model=list[m.TypeCount],
             summary="Event counts per CAMEO root and quad class")
    def events_types(f: EventFilterDep) -> JSONResponse:
        return _fast(qry.type_counts(db(), f, index=reader.index()))

    @api.get("/events/actors", tags=["events"], response_model=list[m.ActorCount],
             summary="Actors by number of events (either side)")
    def events_actors(f: EventFilterDep, limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> JSONResponse:
        return _fast(qry.actor_counts(db(), f, limit=limit, index=reader.index()))

    @api.get("/events/points", tags=["events"], response_model=list[m.EventPoint],
             summary="Located events for a map (most mentioned first)")
    def events_points(f: EventFilterDep, limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> JSONResponse:
        return _fast(qry.event_points(db(), f, limit=limit, index=reader.index()))

    @api.get("/events/{event_id}", tags=["events"], response_model=m.EventDetail,
             summary="One event with every mention (document, span, trigger)")
    def event(event_id: int) -> dict[str, Any]:
        ev = qry.get_event(db(), event_id)
        if ev is None:
            raise ApiError(404, "not_found", f"no event with id {event_id}")
        return ev

    @api.get("/network", tags=["events"], response_model=m.Network,
             summary="Actor network: dyads as weighted edges, deterministic layout")
    def network(f: EventFilterDep, limit: Annotated[int, Query(ge=1, le=300)] = 60) -> JSONResponse:
        return _fast(qry.network(db(), f, limit=limit, index=reader.index()))

    # --- quotes, stories, places --------------------------------------------------------------------
    @api.get("/quotes", tags=["quotes"], response_model=m.QuotePage, summary="Quotes, by speaker or text")
    def quotes(
        speaker: Annotated[int | None, Query(description="corpus entity id of the speaker")] = None,
        speaker_name: Annotated[str | None, Query(description="part of the speaker's name (English or Arabic)")] = None,
        q: Annotated[str | None, Query(description="part of the quoted text")] = None,
        doc: Annotated[str | None, Query(description="a document id")] = None,
        direct: bool | None = None, source: str | None = None, since: DateQ = None, until: DateQ = None,
        sort: Annotated[str, Query(pattern="^-?published$")] = "-published",
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        return qry.list_quotes(db(), speaker=speaker, speaker_name=speaker_name, q=q, doc=doc, direct=direct,
                               source=source, since=since, until=until, sort=sort, limit=limit, offset=offset)

    @api.get("/stories", tags=["stories"], response_model=m.StoryPage,
             summary="Stories: clusters of documents about the same news")
    def stories(
        since: DateQ = None, until: DateQ = None, min_docs: Annotated[int | None, Query(ge=1)] = None,
        sort: Annotated[str, Query(description=" | ".join(qry.STORY_SORTS))] = "-recent",
        limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        return qry.list_stories(db(), since=since, until=until, min_docs=min_docs, sort=sort, limit=limit,
                                offset=offset)

    @api.get("/stories/{story_id}", tags=["stories"], response_model=m.StoryDetail,
             summary="A story with its documents and events")
    def story(story_id: int) -> dict[str, Any]:
        c = db()
        st = qry.get_story(c, story_id)
        if st is None:
            raise ApiError(404, "not_found", f"no story with id {story_id}")
        st["events"] = qry.list_events(c, qry.EventFilter(story=story_id), sort="date", limit=200,
                                       index=reader.index())["items"]
        st["n_events"] = len(st["events"])
        return st

    @api.get("/places", tags=["places"], response_model=list[m.PlaceItem],
             summary="Geocoded places mentioned in the corpus, with document counts")
    def places(bbox: str | None = None, country: str | None = None,
               limit: Annotated[int, Query(ge=1, le=20000)] = 2000) -> list[dict[str, Any]]:
        return qry.places(db(), bbox=_bbox(bbox), country=country, limit=limit)

    @api.get("/places/documents", tags=["places"], response_model=list[m.DocumentSummary],
             summary="Documents mentioning a place (by its English name)")
    def place_documents(name: Annotated[str, Query(min_length=1)],
                        limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
        return qry.place_documents(db(), name, limit=limit)

    # --- analysis ---------------------------------------------------------------------------------
    lock = threading.Lock()
    nlp_holder: dict[str, Any] = {}

    def run_pipeline(req: m.AnalyzeRequest) -> dict[str, Any]:
        with lock:
            nlp = nlp_holder.get("nlp")
            if nlp is None:
                if pipeline is not None:
                    nlp = pipeline()
                else:
                    from marsad.pipeline import load

                    nlp = load()
                nlp_holder["nlp"] = nlp
            doc = nlp(req.text, published=req.published, title=req.title, source=req.source, url=req.url, id=req.id)
        return doc.to_dict()

    async def analyze(request: Request) -> JSONResponse:
        req = await _read_analyze_request(request, max_analyze_chars)
        return JSONResponse(await run_in_threadpool(run_pipeline, req))

    analyze_doc = {
        "summary": "Analyse Arabic text: the document with entities, quotes, events, places (not stored)",
        "description": (
            "Body: JSON `{\"text\": ..., \"title\"?, \"published\"? (YYYY-MM-DD), \"source\"?, \"url\"?, \"id\"?}`, "
            f"or the text itself as `text/plain`. At most {MAX_ANALYZE_BYTES} bytes and {max_analyze_chars} "
            "characters. Errors: 400 bad JSON or encoding, 413 too large, 415 other media types, "
            "422 missing/empty text, text that is not Arabic, or a bad date."
        ),
        "tags": ["analysis"],
        "openapi_extra": {"requestBody": {"required": True, "content": {
            "application/json": {"schema": m.AnalyzeRequest.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
        }}},
        "responses": {400: {"model": m.Problem}, 413: {"model": m.Problem}, 415: {"model": m.Problem},
                      422: {"model": m.Problem}},
    }
    api.add_api_route("/analyze", analyze, methods=["POST"], **analyze_doc)
    app.add_api_route("/analyze", analyze, methods=["POST"], **analyze_doc)

    app.include_router(api)

    @app.get("/api/{rest:path}", include_in_schema=False)
    def api_not_found(rest: str) -> JSONResponse:
        return JSONResponse({"detail": f"no such API endpoint: /api/{rest}", "code": "not_found"}, status_code=404)

    # --- the dashboard ------------------------------------------------------------------------------
    static = Path(STATIC_DIR)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(static / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(static / "docs.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=static), name="static")
    return app


async def _read_analyze_request(request: Request, max_chars: int) -> m.AnalyzeRequest:
    """The body of POST /analyze, checked: size, media type, JSON, fields, Arabic."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > MAX_ANALYZE_BYTES:
                raise ApiError(413, "too_large", f"the request body is larger than {MAX_ANALYZE_BYTES} bytes")
        except ValueError:
            raise ApiError(400, "bad_request", "invalid Content-Length header") from None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_ANALYZE_BYTES:
            raise ApiError(413, "too_large", f"the request body is larger than {MAX_ANALYZE_BYTES} bytes")
    ctype = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    try:
        raw = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_encoding", "the request body is not UTF-8") from None
    if ctype == "text/plain":
        data: Any = {"text": raw}
    elif ctype == "application/json" or ctype.endswith("+json"):
        if not raw.strip():
            raise ApiError(400, "bad_json", 'the request body is empty: send JSON {"text": "..."}')
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ApiError(400, "bad_json", f"the request body is not valid JSON ({exc.msg} at line {exc.lineno}, "
                                            f"column {exc.colno})") from None
    else:
        raise ApiError(415, "unsupported_media_type",
                       f"send application/json or text/plain, not {ctype}")
    if not isinstance(data, dict):
        raise ApiError(422, "bad_body", f'expected a JSON object {{"text": "..."}}, got {type(data).__name__}')
    if "text" not in data:
        raise ApiError(422, "missing_text", 'the JSON object has no "text" field')
    for key in ("text", "title", "published", "source", "url", "id"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ApiError(422, "bad_field", f'"{key}" must be a string')
    text = data["text"]
    if not text.strip():
        raise ApiError(422, "empty_text", "the text is empty")
    if len(text) > max_chars:
        raise ApiError(413, "text_too_large", f"the text has {len(text)} characters; the limit is {max_chars}")
    from marsad.ingest.files import MIN_ARABIC_RATIO, arabic_ratio

    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        raise ApiError(422, "not_arabic", f"the text is not Arabic (only {ratio:.0%} of its letters are Arabic)")
    published = data.get("published")
    if published is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            raise ApiError(422, "bad_date", f'"published" must be YYYY-MM-DD, got {published!r}')
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            raise ApiError(422, "bad_date", f'"published" is not a valid date: {published!r}') from None
    return m.AnalyzeRequest(**{k: data.get(k) for k in ("text", "title", "published", "source", "url", "id")})


__all__ = ["MAX_ANALYZE_BYTES", "MAX_ANALYZE_CHARS", "create_app"]
