"""Records of the knowledge base.

Every source of facts (countries, people, organisations, places, titles) is a module under
``marsad.kb.sources`` with a ``load()`` function returning ``(entities, names)``. The builder
(``marsad.kb.build``) merges all sources, computes matching keys for every name and writes one compact
artefact; nothing at run time reads the raw data files.

Names are kept separate from entities because one Arabic surface form may point at several entities
(بيروت the city, بيروت as a metonym for the Lebanese government) and one entity has many forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(slots=True)
class KBEntity:
    """One real-world referent with its canonical English name and codes.

    ``id`` is namespaced by source so ids never collide: ``country:RUS``, ``person:vladimir-putin``,
    ``org:kremlin``, ``place:gn:524901`` (GeoNames id), ``place:admin1:RU-KRS``.
    """

    id: str
    name: str
    type: str  # PER | ORG | LOC | MISC
    kind: str = ""  # country | city | region | feature | person | gov | mil | igo | ngo | media | rebel | party | ...
    country: str | None = None  # ISO 3166-1 alpha-3
    actor_code: str | None = None  # CAMEO-style, e.g. RUSGOV, YEMREB, IGOUNO
    wikidata: str | None = None  # only where certain
    aliases: list[str] = field(default_factory=list)  # other English names
    # places
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    geonames_id: int | None = None
    population: int | None = None
    # people: roles over time, e.g. {"role": "president", "country": "RUS", "actor_code": "RUSGOV",
    # "start": "2012-05-07", "end": None}
    roles: list[dict] = field(default_factory=list)
    gender: str | None = None  # "m" | "f" for people (quote continuation agreement)
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class KBName:
    """An Arabic surface form (as written, without clitics) pointing at an entity.

    ``how`` says what kind of name it is, because the linker trusts them differently:
    ``full`` (full name), ``short`` (surname or short form, trusted only with support in the
    document or when unambiguous), ``demonym`` (nisba adjective or plural: الروسي، الروس → country),
    ``metonym`` (الكرملين as the Russian government), ``acronym``, ``capital`` (a capital used as its
    country's government), ``title`` (a role word).
    """

    form: str
    entity_id: str
    how: str = "full"
    weight: float = 1.0
