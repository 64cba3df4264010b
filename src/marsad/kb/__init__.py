"""The actor and place knowledge base.

``marsad.kb.load()`` returns the shared :class:`~marsad.kb.base.KnowledgeBase`, building and caching
the artefact on first use (``marsad kb build`` does it ahead of time).
"""

from __future__ import annotations

import threading

from marsad.kb.base import KnowledgeBase

_LOCK = threading.Lock()
_KB: KnowledgeBase | None = None


def load(rebuild: bool = False) -> KnowledgeBase:
    """The process-wide knowledge base (built once, then loaded from the cache)."""
    global _KB
    with _LOCK:
        if _KB is not None and not rebuild:
            return _KB
        from marsad.kb.build import artefact_path, build_and_save, load_artefact

        path = artefact_path()
        kb = None
        if path.exists() and not rebuild:
            try:
                kb = load_artefact(path)
            except Exception:  # a corrupt or foreign cache file is rebuilt, never trusted
                kb = None
        if kb is None:
            kb, _ = build_and_save(path)
        _KB = kb
        return kb


__all__ = ["KnowledgeBase", "load"]
