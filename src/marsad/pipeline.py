"""The pipeline: small components that each read the document and add to it.

A component is any callable ``component(doc) -> None``. The order matters only through what each
component reads: ``text`` makes tokens and sentences, ``entities`` links names to the knowledge base,
``places`` geocodes the location entities, ``times`` resolves dates against the publication date,
``quotes`` attributes reported speech to entities and ``events`` codes who did what to whom using all
of the above.

Components are looked up by name in :data:`COMPONENTS` and created once per :class:`Pipeline`, so the
expensive state (the knowledge base, the CRF model) is loaded once and shared by every document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from importlib import import_module

from marsad.doc import Document
from marsad.runtime import tune_gc
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize

Component = Callable[[Document], None]


def text_component(doc: Document) -> None:
    """Tokens and sentences, the input of every other component."""
    doc.tokens = tokenize(doc.text)
    doc.sentences = split_sentences(doc.text, doc.tokens)


# name -> "module:factory"; a factory returns a component. Modules are imported only when used.
COMPONENTS: dict[str, str] = {
    "text": "marsad.pipeline:_text_factory",
    "entities": "marsad.extract.entities:make_component",
    "quotes": "marsad.extract.quotes:make_component",
    "times": "marsad.extract.times:make_component",
    "places": "marsad.extract.places:make_component",
    "events": "marsad.extract.events:make_component",
}
DEFAULT_ORDER = ("text", "entities", "places", "times", "quotes", "events")


def _text_factory() -> Component:
    return text_component


def register(name: str, target: str) -> None:
    """Register a component factory ``"module:function"`` under ``name`` (for plug-ins and tests)."""
    COMPONENTS[name] = target


def _resolve(name: str) -> Component:
    try:
        target = COMPONENTS[name]
    except KeyError:
        raise ValueError(f"unknown pipeline component {name!r}; known: {', '.join(COMPONENTS)}") from None
    module, _, func = target.partition(":")
    return getattr(import_module(module), func)()


def document_id(text: str, url: str | None = None) -> str:
    """A stable id: the URL's hash when there is one, else the text's."""
    basis = url or text
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


class Pipeline:
    """Runs the named components in order over documents."""

    def __init__(self, components: Iterable[str] | None = None) -> None:
        self.names = tuple(components) if components is not None else available_default()
        self.components = [(n, _resolve(n)) for n in self.names]
        tune_gc()  # after loading: freezes the models and knowledge base (see marsad.runtime)

    def __call__(
        self,
        text: str | Document,
        *,
        published: str | None = None,
        title: str | None = None,
        source: str | None = None,
        url: str | None = None,
        id: str | None = None,
    ) -> Document:
        if isinstance(text, Document):
            doc = text
        else:
            doc = Document(
                id=id or document_id(text, url),
                text=text,
                title=title,
                published=published,
                source=source,
                url=url,
            )
        for _name, component in self.components:
            component(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterable[Document]:
        for doc in docs:
            yield self(doc)


def available_default() -> tuple[str, ...]:
    """The default component order, limited to the components whose modules this build has."""
    from importlib.util import find_spec

    def present(name: str) -> bool:
        target = COMPONENTS.get(name)
        return target is not None and find_spec(target.partition(":")[0]) is not None

    return tuple(n for n in DEFAULT_ORDER if present(n))


_SHARED: dict[tuple[str, ...], Pipeline] = {}


def load(components: Iterable[str] | None = None) -> Pipeline:
    """A shared pipeline (created once per component list per process)."""
    key = tuple(components) if components is not None else available_default()
    if key not in _SHARED:
        _SHARED[key] = Pipeline(key)
    return _SHARED[key]
