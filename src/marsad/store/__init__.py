"""The corpus store: documents, entities, quotes, events, places and stories of many articles.

``open_store(path)`` returns the backend for a ``--db`` value: a file path is SQLite (the default,
``./marsad.db``); a ``postgresql://`` URL is the PostgreSQL backend (:mod:`marsad.store.postgres`).
"""

from __future__ import annotations

from pathlib import Path

from marsad.store.base import Store

DEFAULT_DB = "marsad.db"


def open_store(db: str | Path = DEFAULT_DB, readonly: bool = False) -> Store:
    """Open (and migrate, unless ``readonly``) the store at ``db``."""
    text = str(db)
    if text.startswith(("postgresql://", "postgres://")):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(text, readonly=readonly)
    from marsad.store.sqlite import SqliteStore

    return SqliteStore(text, readonly=readonly)


__all__ = ["DEFAULT_DB", "Store", "open_store"]
