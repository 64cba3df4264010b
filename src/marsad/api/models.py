"""Response models of the HTTP API: they document the JSON in the OpenAPI schema (``/api/openapi.json``).

Every model allows extra fields, so the API can grow without breaking clients; every field a store
may leave empty is optional.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Label(_Open):
    """A code with readable names in English and Arabic."""

    code: str | None = None
    en: str | None = None
    ar: str | None = None


class EventLabel(Label):
    root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover: str | None = None


class Problem(BaseModel):
    """An error: a one-line reason and a machine-readable code."""

    detail: str = Field(examples=["the text is not Arabic (only 3% of letters are Arabic)"])
    code: str = Field(examples=["not_arabic"])


class EventGroup(_Open):
    """One real-world event (its mentions in several articles merged), GDELT-style."""

    id: int
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    source_code: str | None = Field(None, description="CAMEO actor code of the source (who acts)")
    source_country: str | None = None
    source_name: str | None = None
    target_code: str | None = Field(None, description="CAMEO actor code of the target")
    target_country: str | None = None
    target_name: str | None = None
    cameo: str | None = Field(None, description="CAMEO event code")
    root: str | None = None
    plover: str | None = Field(None, description="PLOVER event type")
    quad_class: int | None = Field(None, description="1 verbal cooperation .. 4 material conflict")
    goldstein: float | None = None
    mode: str | None = None
    loc_name: str | None = None
    loc_country: str | None = None
    loc_lat: float | None = None
    loc_lon: float | None = None
    story: int | None = None
    num_mentions: int = 0
    num_sources: int = 0
    num_articles: int = 0
    first_doc_id: str | None = None
    first_doc_title: str | None = None
    source_label: Label | None = None
    target_label: Label | None = None
    cameo_label: EventLabel | None = None


class EventMention(_Open):
    """One coded mention of an event in one document, with its evidence span."""

    id: int
    doc_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    cameo: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    trigger: str | None = None
    date: str | None = None


class EventDetail(EventGroup):
    mentions: list[EventMention] = []


class Page(_Open):
    """A page of results: ``total`` matches, ``items`` from ``offset``."""

    total: int | None = None
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventGroup]


class DayCount(_Open):
    """Events of one day by quad class (q1 verbal cooperation, q2 material cooperation, q3 verbal
    conflict, q4 material conflict)."""

    date: str
    q1: int = 0
    q2: int = 0
    q3: int = 0
    q4: int = 0
    events: int = 0
    mentions: int = 0


class Dyad(_Open):
    source_code: str
    target_code: str
    events: int
    mentions: int | None = None
    goldstein: float | None = None
    cooperation: int | None = None
    conflict: int | None = None
    source_label: Label | None = None
    target_label: Label | None = None


class ActorCount(_Open):
    code: str
    label: Label
    events: int
    mentions: int | None = None
    as_source: int | None = None
    as_target: int | None = None


class TypeCount(_Open):
    root: str | None = None
    quad_class: int | None = None
    events: int
    mentions: int | None = None
    label: EventLabel | None = None


class NetworkNode(_Open):
    code: str
    label: Label
    events: int
    x: float = Field(description="0..1, deterministic layout")
    y: float


class NetworkEdge(Dyad):
    tone: str = Field(description="cooperation | conflict | mixed")


class Network(_Open):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class EventPoint(_Open):
    id: int
    lat: float
    lon: float
    loc_name: str | None = None
    date: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    source_code: str | None = None
    target_code: str | None = None
    num_mentions: int | None = None


class DocumentSummary(_Open):
    id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    story: int | None = None
    n_chars: int | None = None
    n_events: int | None = None
    n_quotes: int | None = None
    n_entities: int | None = None


class DocumentPage(Page):
    items: list[DocumentSummary]


class DocumentView(_Open):
    """A stored document with everything linking it into the corpus."""

    document: dict[str, Any] = Field(description="the serialised document (marsad.document/1) with all spans")
    entity_ids: dict[str, int] = Field(description="document entity id (e1) -> corpus entity id")
    event_groups: list[int | None] = Field(description="corpus event group of each document event, by index")
    articles: list[dict[str, Any]] = Field(description="every publication of this text (outlet, URL, date)")
    story: dict[str, Any] | None = None


class SearchHit(_Open):
    id: str
    title: str | None = None
    title_marked: str | None = Field(None, description="title with matches between ** marks")
    source: str | None = None
    published: str | None = None
    url: str | None = None
    story: int | None = None
    score: float | None = None
    snippet: str | None = Field(None, description="text around the matches, matches between ** marks")


class SearchPage(Page):
    query: str
    has_more: bool
    items: list[SearchHit]


class EntitySummary(_Open):
    id: int
    name: str | None = None
    type: str | None = None
    kind: str | None = None
    country: str | None = None
    actor_code: str | None = None
    wikidata: str | None = None
    kb_id: str | None = None
    n_docs: int = 0
    n_mentions: int = 0
    first_date: str | None = None
    last_date: str | None = None
    label_ar: str | None = Field(None, description="the most frequent Arabic surface form")
    names_ar: list[str] = []


class EntityPage(Page):
    items: list[EntitySummary]


class Cooccurring(EntitySummary):
    together: int = Field(description="shared documents (by=documents) or shared events (by=events)")


class EntityDetail(EntitySummary):
    n_events_as_source: int = 0
    n_events_as_target: int = 0
    n_quotes: int = 0
    actor_label: Label | None = None


class EntityEvent(_Open):
    id: int
    event_group: int | None = None
    doc_id: str
    role: str = Field(description="source | target")
    cameo: str | None = None
    date: str | None = None
    text: str | None = None


class EntityEventPage(Page):
    items: list[EntityEvent]


class QuoteItem(_Open):
    id: int
    doc_id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    speaker: int | None = Field(None, description="corpus entity id of the speaker")
    speaker_name: str | None = None
    speaker_text: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    direct: bool = False
    cue: str | None = None
    via_name: str | None = None


class QuotePage(Page):
    items: list[QuoteItem]


class StorySummary(_Open):
    id: int
    title: str | None = None
    n_docs: int = 0
    n_sources: int | None = None
    n_events: int | None = None
    first_date: str | None = None
    last_date: str | None = None
    first_doc_id: str | None = None


class StoryPage(Page):
    items: list[StorySummary]


class StoryDetail(StorySummary):
    documents: list[dict[str, Any]] = []
    events: list[EventGroup] = []


class PlaceItem(_Open):
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float
    lon: float
    precision: str | None = None
    documents: int = 0
    mentions: int | None = None


class Counts(_Open):
    documents: int
    articles: int
    sources: int
    entities: int
    quotes: int
    events: int
    event_mentions: int
    stories: int
    places: int
    first_published: str | None = None
    last_published: str | None = None


class Overview(_Open):
    counts: Counts
    daily: list[DayCount]
    actors: list[ActorCount]
    dyads: list[Dyad]
    types: list[TypeCount]
    stories: list[StorySummary]
    sources: list[dict[str, Any]]


class AnalyzeRequest(BaseModel):
    """Text to analyse; only ``text`` is required."""

    text: str = Field(description="the Arabic article text", examples=["قال وزير الخارجية المصري إن القاهرة ..."])
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD: resolves relative dates", examples=["2025-02-10"])
    source: str | None = None
    url: str | None = None
    id: str | None = None
