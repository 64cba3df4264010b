"""RSS and Atom feeds: each entry becomes an article (title, link, date, text of its content or summary)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from marsad.ingest.files import InputError, RawArticle

_BLOCK = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (paragraphs become lines)."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    marked = _BLOCK.sub("\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # lxml raises several types for hopeless markup
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def looks_like_feed(head: bytes) -> bool:
    h = head[:2000].lower()
    return b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h


def parse_feed(data: bytes, origin: str) -> tuple[str | None, list[dict]]:
    """The feed's title and its entries; :class:`InputError` when it is not a usable feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({str(reason).splitlines()[0][:120]})" if reason else ""
        raise InputError(f"{origin}: not an RSS/Atom feed or no entries{detail}")
    return parsed.feed.get("title"), list(parsed.entries)


def _date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return time.strftime("%Y-%m-%d", t)
    return None


def entry_article(entry: dict, feed_title: str | None, origin: str) -> RawArticle:
    """One feed entry as an article (the longest of its content and summary is the text)."""
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    bodies.append(entry.get("summary") or entry.get("description") or "")
    body = max(bodies, key=len)
    text = html_to_text(body)
    title = html_to_text(entry.get("title") or "") or None
    if not text.strip():
        raise InputError(f"{origin}: feed entry has no text")
    return RawArticle(
        text=text,
        title=title,
        published=_date(entry),
        source=feed_title,
        url=entry.get("link") or entry.get("id"),
        origin=origin,
    )


def iter_feed(data: bytes, origin: str) -> Iterator[tuple[str, dict, str | None]]:
    feed_title, entries = parse_feed(data, origin)
    for i, e in enumerate(entries, 1):
        yield f"{origin}#{i}", e, feed_title
