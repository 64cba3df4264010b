"""Reading articles from files: plain text, JSON and HTML.

These readers are pure functions from bytes to :class:`RawArticle` records; they never run the
pipeline. Every way an input can be unusable raises :class:`InputError` with a one-line reason, which
the CLI prints and the batch ingester records as the document's failure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from marsad.text.normalize import arabic_ratio

SUFFIXES = (".txt", ".json", ".html", ".htm")
MIN_ARABIC_RATIO = 0.5


class InputError(ValueError):
    """An input that cannot become a document; the message is the reason, one line."""


@dataclass(slots=True)
class RawArticle:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    id: str | None = None
    origin: str | None = None  # file path or "-" for stdin


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def decode(data: bytes, origin: str) -> str:
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    if b"\x00" in data[:4096]:
        raise InputError(f"{origin}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_arabic(article: RawArticle) -> RawArticle:
    if not article.text.strip():
        raise InputError(f"{article.origin}: empty text")
    ratio = arabic_ratio(article.text)
    if ratio < MIN_ARABIC_RATIO:
        raise InputError(f"{article.origin}: not Arabic text (only {ratio:.0%} of letters are Arabic)")
    return article


def from_text(text: str, origin: str) -> RawArticle:
    """A plain-text article; its first line is the title when it reads like a headline."""
    lines = text.strip("\n").split("\n", 1)
    title = lines[0].strip() if len(lines) > 1 and len(lines[0]) <= 200 else None
    return RawArticle(text=text, title=title, origin=origin)


_TEXT_KEYS = ("text", "content", "body", "article")
_DATE_KEYS = ("published", "date", "date_published", "date_extracted", "pubDate")


def from_mapping(obj: dict, origin: str, mapping: dict[str, str] | None = None) -> RawArticle:
    """An article from a JSON object; ``mapping`` maps marsad's fields to the object's keys."""
    if not isinstance(obj, dict):
        raise InputError(f"{origin}: expected a JSON object, got {type(obj).__name__}")
    mapping = mapping or {}

    def pick(field: str, candidates: tuple[str, ...]) -> str | None:
        keys = (mapping[field],) if field in mapping else candidates
        for k in keys:
            v = obj.get(k)
            if isinstance(v, str) and v.strip():
                return v
        return None

    text = pick("text", _TEXT_KEYS)
    if text is None:
        raise InputError(f"{origin}: no text field (looked for {', '.join(mapping.get('text', _TEXT_KEYS) if 'text' in mapping else _TEXT_KEYS)})")
    published = pick("published", _DATE_KEYS)
    if published and _DATE_RE.match(published):
        published = published[:10]
    elif published:
        published = None
    return RawArticle(
        text=text.replace("\r\n", "\n"),
        title=pick("title", ("title", "headline")),
        published=published,
        source=pick("source", ("source", "site", "outlet")),
        url=pick("url", ("url", "link")),
        id=pick("id", ("id",)),
        origin=origin,
    )


def from_html(html: str, origin: str) -> RawArticle:
    """Main text and metadata of an HTML page (boilerplate removed by trafilatura)."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    date = data.get("date")
    return RawArticle(
        text=text,
        title=data.get("title"),
        published=date[:10] if isinstance(date, str) and _DATE_RE.match(date) else None,
        source=data.get("sitename") or data.get("hostname"),
        url=data.get("url"),
        origin=origin,
    )


def read_bytes(data: bytes, origin: str, suffix: str = ".txt") -> RawArticle:
    """One article from the bytes of a file with the given suffix (``.txt`` for stdin)."""
    text = decode(data, origin)
    if suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{origin}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        article = from_mapping(obj, origin)
    elif suffix in (".html", ".htm"):
        article = from_html(text, origin)
    else:
        article = from_text(text, origin)
    return check_arabic(article)


def read_path(path: Path) -> list[RawArticle]:
    """Articles from a file, or from every supported file in a folder (sorted by name)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError(f"{path}: no documents here (looked for {', '.join(SUFFIXES)})")
        return [read_file(p) for p in files]
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return [read_file(path)]


def read_file(path: Path) -> RawArticle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return read_bytes(data, str(path), path.suffix.lower())
