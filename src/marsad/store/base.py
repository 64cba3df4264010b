"""The corpus store interface.

The ingester, the clusterers, the queries and the exporters talk to a :class:`Store`; the SQLite
backend (:mod:`marsad.store.sqlite`, the only module with SQL in it) implements it, and a PostgreSQL
backend can implement the same methods later. Records cross the interface as plain dicts and tuples.

Vocabulary:

* a **document** is one analysed text (unique by content hash: title + text, normalised);
* an **article** is one publication of a document (unique by URL, or by source + content hash when
  there is no URL). Two outlets printing the same wire copy are two articles of one document;
* an **input** is one file (or stdin) given to ``marsad ingest``, with the number of its records
  already committed, so a killed run resumes where it stopped;
* a **failure** is a record that could not become a document, with its reason;
* a **story** is a cluster of documents about the same news across outlets and days;
* an **event** is one coded event mention in one document; an **event group** is one real-world event
  (mentions from several documents merged), with GDELT-style NumMentions/NumSources/NumArticles.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any


class Store(ABC):
    """What the corpus commands need from a database."""

    # --- lifecycle -------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit of work (the ingester uses one per batch)."""

    @abstractmethod
    def schema_version(self) -> int: ...

    # --- inputs, articles, failures -------------------------------------------------------------
    @abstractmethod
    def input_state(self, key: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def start_input(self, key: str, path: str, size: int | None, mtime_ns: int | None) -> int: ...

    @abstractmethod
    def update_input(self, input_id: int, records: int, stored: int, duplicates: int, failed: int, finished: bool) -> None: ...

    @abstractmethod
    def article_exists(self, key: str) -> bool: ...

    @abstractmethod
    def doc_by_hash(self, content_hash: str) -> int | None: ...

    @abstractmethod
    def doc_id_exists(self, doc_id: str) -> bool: ...

    @abstractmethod
    def add_failure(self, input_id: int | None, origin: str, locator: str, reason: str) -> None: ...

    @abstractmethod
    def add_article(self, doc: int, key: str, url: str | None, source: str | None, published: str | None,
                    title: str | None, origin: str | None) -> None: ...

    # --- documents and their rows ---------------------------------------------------------------
    @abstractmethod
    def add_document(self, rec: dict[str, Any]) -> int:
        """Insert a prepared document (see :class:`marsad.ingest.prepare.Prepared`); returns its row id."""

    @abstractmethod
    def add_doc_rows(self, doc: int, rows: dict[str, list[dict[str, Any]]], day: int) -> list[int]:
        """Entities (merged corpus-wide), mentions, quotes, events, places; returns the new event ids."""

    @abstractmethod
    def get_document(self, ref: str | int) -> dict[str, Any] | None: ...

    # --- clustering state -----------------------------------------------------------------------
    @abstractmethod
    def lsh_candidates(self, keys: list[int]) -> list[int]: ...

    @abstractmethod
    def add_lsh(self, doc: int, keys: list[int]) -> None: ...

    @abstractmethod
    def minhashes(self, docs: list[int]) -> dict[int, bytes]: ...

    @abstractmethod
    def vectors_for_days(self, days: list[int]) -> list[tuple[int, int, int | None, bytes, bytes, bytes]]:
        """``(doc, day, story, embedding, term ids, term weights)`` of the stored documents of these days."""

    @abstractmethod
    def add_vectors(self, doc: int, day: int, embedding: bytes, terms: bytes, weights: bytes, minhash: bytes) -> None: ...

    @abstractmethod
    def doc_freqs(self, terms: list[int]) -> dict[int, int]: ...

    @abstractmethod
    def add_doc_freqs(self, counts: dict[int, int]) -> None: ...

    @abstractmethod
    def count_documents(self) -> int: ...

    @abstractmethod
    def new_story(self, doc: int, title: str | None, day: int) -> int: ...

    @abstractmethod
    def add_to_story(self, story: int, doc: int, day: int) -> None: ...

    @abstractmethod
    def set_dup_of(self, doc: int, dup_of: int) -> None: ...

    @abstractmethod
    def doc_story(self, doc: int) -> int | None: ...

    # --- event deduplication -------------------------------------------------------------------
    @abstractmethod
    def event_group_candidates(self, root: str | None, source_code: str, target_code: str,
                               date_lo: str, date_hi: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def new_event_group(self, ev: dict[str, Any], date: str | None, story: int | None, doc: int) -> int: ...

    @abstractmethod
    def set_event_group(self, event_id: int, group: int) -> None: ...

    @abstractmethod
    def fill_event_group(self, group: int, ev: dict[str, Any]) -> None:
        """Complete a group's missing fields (location, actor names) from another mention."""

    @abstractmethod
    def refresh_event_groups(self, groups: list[int] | None = None) -> None:
        """Recount NumMentions/NumSources/NumArticles (all groups when ``groups`` is None)."""

    @abstractmethod
    def groups_of_doc(self, doc: int) -> list[int]: ...

    # --- queries ------------------------------------------------------------------------------
    @abstractmethod
    def search(self, query: str, limit: int = 10, source: str | None = None, since: str | None = None,
               until: str | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abstractmethod
    def event_groups(self, actor: str | None = None, target: str | None = None, root: str | None = None,
                     code: str | None = None, plover: str | None = None, since: str | None = None,
                     until: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]: ...

    def _prefix_term(self, column: str, prefix: str, ph: str) -> tuple[str, list[Any]]:
        """SQL that holds when ``column`` starts with ``prefix``, and its arguments (``ph`` is the
        backend's placeholder); each backend writes it the way its indexes serve it."""
        raise NotImplementedError

    def _event_where(self, ph: str, actor: str | None = None, target: str | None = None, root: str | None = None,
                     code: str | None = None, plover: str | None = None, since: str | None = None,
                     until: str | None = None) -> tuple[list[str], list[Any]]:
        """The WHERE terms and arguments of :meth:`event_groups`, the same on both backends: an
        actor or target is an actor-code prefix or a country, a CAMEO code a prefix."""
        where: list[str] = []
        args: list[Any] = []
        for value, side in ((actor, "source"), (target, "target")):
            if value:
                term, a = self._prefix_term(f"g.{side}_code", value.upper(), ph)
                where.append(f"({term} OR g.{side}_country = {ph})")
                args += [*a, value.upper()]
        if root:
            where.append(f"g.root = {ph}")
            args.append(str(root).zfill(2))
        if code:
            term, a = self._prefix_term("g.cameo", str(code), ph)
            where.append(term)
            args += a
        for value, term in ((plover.upper() if plover else None, "g.plover ="), (since, "g.date >="), (until, "g.date <=")):
            if value:
                where.append(f"{term} {ph}")
                args.append(value)
        return where, args

    @abstractmethod
    def event_mentions(self, group: int) -> list[dict[str, Any]]:
        """The evidence of an event group: every mention with its document, source, URL and text span."""

    # --- summaries, in SQL both backends speak (``self.db`` takes ``?`` placeholders on both; sums are
    # converted in Python because PostgreSQL returns them as numeric) ---------------------------------

    db: Any

    def story_summary(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT s.id, s.title, s.n_docs, s.first_day, s.last_day,"
            " (SELECT count(DISTINCT coalesce(a.source, '')) FROM articles a JOIN documents d ON d.rowid = a.doc"
            "  WHERE d.story = s.id) AS n_sources"
            " FROM stories s ORDER BY s.n_docs DESC, s.id LIMIT ?",
            (limit,),
        ).fetchall()
        return [dict(zip(("id", "title", "n_docs", "first_day", "last_day", "n_sources"), r, strict=True)) for r in rows]

    def story_docs(self, story: int) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT id, source, published, title FROM documents WHERE story = ? ORDER BY day, rowid", (story,))
        return [dict(zip(("id", "source", "published", "title"), r, strict=True)) for r in cur.fetchall()]

    def top_actors(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT code, sum(n) AS n FROM (SELECT source_code AS code, num_mentions AS n FROM event_groups"
            " WHERE source_code != '' UNION ALL SELECT target_code, num_mentions FROM event_groups"
            " WHERE target_code != '') u GROUP BY code ORDER BY n DESC, code LIMIT ?",
            (limit,),
        ).fetchall()
        if rows:
            return [{"actor": c, "mentions": int(n)} for c, n in rows]
        rows = self.db.execute(
            "SELECT coalesce(name, key), type, n_docs, n_mentions FROM entities ORDER BY n_docs DESC, n_mentions DESC"
            " LIMIT ?",
            (limit,),
        ).fetchall()
        return [{"actor": n, "type": t, "documents": d, "mentions": m} for n, t, d, m in rows]

    def top_entities(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT coalesce(name, key), type, actor_code, n_docs, n_mentions FROM entities"
            " ORDER BY n_docs DESC, n_mentions DESC, id LIMIT ?",
            (limit,),
        ).fetchall()
        return [{"name": n, "type": t, "actor_code": a, "documents": d, "mentions": m} for n, t, a, d, m in rows]

    def events_by_type(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT root, plover, count(*) AS n, sum(num_mentions) AS m FROM event_groups"
            " GROUP BY root, plover ORDER BY n DESC, root"
        ).fetchall()
        return [{"root": r, "plover": p, "events": int(n), "mentions": int(m or 0)} for r, p, n, m in rows]

    def failures(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT locator, reason FROM failures ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [{"locator": loc, "reason": r} for loc, r in rows]
