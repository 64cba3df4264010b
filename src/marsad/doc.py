"""The document model every pipeline stage reads and adds to.

One :class:`Document` per article. Every span is a pair of character offsets ``[start, end)`` into the
ORIGINAL ``text`` -- never into a normalised copy -- and every object that carries a span also carries
the ``text`` it slices, so a consumer can check ``doc.text[start:end] == text`` without trusting us.

The serialised form (``to_dict``/``to_json``) is a contract read by outside tools; its field names are
fixed by ``marsad.document/1`` and described by the JSON Schema in ``marsad/schema/``, generated from
these classes by :func:`json_schema`. Tokens and sentences are working state: sentences are serialised
(they are cheap and useful for display), tokens are not.

Plain slotted dataclasses rather than pydantic models: the pipeline creates thousands of these per
second, and pydantic is only needed to derive the schema.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from marsad.text.sentences import Sentence
from marsad.text.tokens import Token

SCHEMA_ID = "marsad.document/1"


@dataclass(slots=True)
class Mention:
    """A surface form of an entity or place in the text."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A real-world referent with all its mentions in this document.

    ``id`` is local to the document (``e1``, ``e2`` ...); ``kb_id`` names the knowledge-base entity when
    the mention was linked (``person:vladimir-putin``), and is ``None`` for document-local entities.
    """

    id: str
    name: str
    type: str  # PER | ORG | LOC | MISC
    kind: str | None = None
    country: str | None = None
    actor_code: str | None = None
    wikidata: str | None = None
    kb_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0
    how: str | None = None  # which rule produced the link (for explanations)


@dataclass(slots=True)
class SpanRef:
    """A bare span (a quote's cue, an event's trigger)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Speaker:
    """Who said a quote: the linked entity (document id and name) and the span naming them here."""

    entity: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(slots=True)
class Via(Speaker):
    """Who relayed a quote (an agency, a newspaper): the same fields as a speaker, another role."""


@dataclass(slots=True)
class Quote:
    """Reported speech: what was said (``text`` and its span), by whom, through which cue."""

    speaker: Speaker
    text: str
    start: int
    end: int
    direct: bool
    cue: SpanRef | None = None
    via: Via | None = None


@dataclass(slots=True)
class Actor:
    """One side of an event: CAMEO-style code (RUSGOV), country (ISO3), linked entity and its name."""

    code: str = ""
    country: str | None = None
    entity: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Location:
    """Where an event happened (a geocoded place)."""

    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place: int | None = None  # index into ``Document.places``
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(slots=True)
class Event:
    """Who did what to whom: one coded event and the text that states it."""

    source: Actor
    target: Actor
    cameo: str
    plover: str
    quad_class: int
    goldstein: float
    text: str
    start: int
    end: int
    mode: str | None = None  # negated | hypothetical | future | historical
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_precision: str | None = None  # day | month | year
    location: Location | None = None
    trigger: SpanRef | None = None
    casualties: Casualties | None = None
    sources: list[Actor] = field(default_factory=list)  # all agents when several share the event
    targets: list[Actor] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    """A geocoded place with its mentions."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str | None = None  # city | region | country | feature
    kind: str | None = None
    kb_id: str | None = None
    entity: str | None = None  # the document entity id of the same referent
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class TimeExpr:
    """A time expression and the date it resolves to against the publication date."""

    start: int
    end: int
    text: str
    value: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str | None = None  # day | month | year
    relative: bool = False


@dataclass(slots=True)
class Document:
    """An article and everything marsad extracted from it."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    language: str = "ar"
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list, metadata={"serialize": False})

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    # --- serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA_ID}
        for f in fields(self):
            if f.metadata.get("serialize", True):
                out[f.name] = _plain(getattr(self, f.name))
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from its serialised form (tokens are recomputed lazily by the pipeline)."""
        if data.get("schema") != SCHEMA_ID:
            raise ValueError(f"not a {SCHEMA_ID} document: schema={data.get('schema')!r}")
        return _build(cls, data)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


def _build(cls: Any, data: dict[str, Any]) -> Any:
    import typing

    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _coerce(hints[f.name], data[f.name])
    return cls(**kwargs)


def _coerce(tp: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _coerce(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_coerce(item, v) for v in value]
    if hasattr(tp, "__dataclass_fields__") and isinstance(value, dict):
        return _build(tp, value)
    return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the serialised document, derived from the dataclasses above."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Document).json_schema(mode="serialization")
    props = schema["properties"]
    for f in fields(Document):
        if not f.metadata.get("serialize", True):
            props.pop(f.name, None)
            if f.name in schema.get("required", []):
                schema["required"].remove(f.name)
    schema.get("$defs", {}).pop("Token", None)
    props["schema"] = {"const": SCHEMA_ID, "title": "Schema"}
    schema["required"] = ["schema", *schema.get("required", [])]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://marsad.invalid/schema/document-1.json"
    schema["title"] = SCHEMA_ID
    schema["additionalProperties"] = False
    return schema
