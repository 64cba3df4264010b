"""Inputs of ``marsad ingest``: files, folders, archives and standard input, as streams of records.

An :class:`Input` is one file given on the command line (or found in a folder, or stdin). It yields
:class:`Record` objects in a fixed order -- one per article -- each with a *locator* that says where
it came from (``day.jsonl.gz:17``, ``batch.zip!a/b.html``, ``feed.xml#3``) and a ``parse`` that
returns a :class:`RawArticle` or raises :class:`InputError` with the reason. Parsing is deferred so
that a resumed run can skip the records it already committed without decoding them. (Whether a text
is Arabic is checked later, in the worker processes, by :func:`marsad.ingest.files.check_arabic`.)

Formats, by file name (``.gz`` and ``.zip`` may wrap any of them, also nested):

* ``.txt`` -- one article, the first line its title when it reads like one;
* ``.json`` -- one object, or an array of objects; a file of one object per line is read as JSON lines;
* ``.jsonl`` / ``.ndjson`` -- one object per line (SaudiNewsNet's ``*.jsonl.gz`` work as they are);
  ``mapping`` maps marsad's fields (text, title, published, source, url, id) to the objects' keys;
* ``.html`` / ``.htm`` -- main text and metadata via trafilatura;
* ``.xml`` / ``.rss`` / ``.atom`` -- an RSS or Atom feed, one article per entry.

Anything else found inside an archive or on stdin is recognised by its first bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.ingest.feeds import entry_article, iter_feed, looks_like_feed
from marsad.ingest.files import InputError, RawArticle, decode, from_html, from_mapping, from_text

TEXT_SUFFIXES = (".txt",)
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
ARCHIVE_SUFFIXES = (".gz", ".zip")
ALL_SUFFIXES = TEXT_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + ARCHIVE_SUFFIXES
FIELDS = ("text", "title", "published", "source", "url", "id")


@dataclass(slots=True)
class Record:
    locator: str
    parse: Callable[[], RawArticle]


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"text=content,title=headline"`` -> ``{"text": "content", "title": "headline"}``."""
    out: dict[str, str] = {}
    if not spec:
        return out
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        field, sep, key = part.partition("=")
        field, key = field.strip(), key.strip()
        if not sep or not key:
            raise InputError(f"--map: expected FIELD=KEY, got {part!r}")
        if field not in FIELDS:
            raise InputError(f"--map: unknown field {field!r} (one of {', '.join(FIELDS)})")
        out[field] = key
    return out


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _fail(reason: str) -> Callable[[], RawArticle]:
    def parse() -> RawArticle:
        raise InputError(reason)

    return parse


def _json_line(line: bytes, origin: str, mapping: dict[str, str]) -> Callable[[], RawArticle]:
    def parse() -> RawArticle:
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin}: not UTF-8 (byte {exc.start})") from None
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{origin}: invalid JSON ({exc.msg} at column {exc.colno})") from None
        return from_mapping(obj, origin, mapping)

    return parse


def _json_obj(obj: object, origin: str, mapping: dict[str, str]) -> Callable[[], RawArticle]:
    return lambda: from_mapping(obj, origin, mapping)  # type: ignore[arg-type]


def _text_doc(data: bytes, origin: str, kind: str) -> Callable[[], RawArticle]:
    def parse() -> RawArticle:
        text = decode(data, origin)
        if kind == "html":
            return from_html(text, origin)
        return from_text(text, origin)

    return parse


def _feed_entry(entry: dict, feed_title: str | None, origin: str) -> Callable[[], RawArticle]:
    return lambda: entry_article(entry, feed_title, origin)


def _sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:2] == b"\x1f\x8b":
        return ".gz"
    if data[:4] == b"PK\x03\x04":
        return ".zip"
    if head[:1] in (b"{", b"["):
        return ".json"
    if head[:1] == b"<":
        if looks_like_feed(head):
            return ".xml"
        return ".html"
    return ".txt"


def _iter_lines(lines: Iterator[bytes], origin: str, mapping: dict[str, str]) -> Iterator[Record]:
    n = 0
    try:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            loc = f"{origin}:{n}"
            yield Record(loc, _json_line(line, loc, mapping))
    except (EOFError, OSError, zlib.error) as exc:
        loc = f"{origin}:{n + 1}"
        yield Record(loc, _fail(f"{loc}: the file is truncated or corrupt after line {n} ({exc})"))


def iter_bytes(data: bytes, name: str, origin: str, mapping: dict[str, str], depth: int = 0) -> Iterator[Record]:
    """Records of a file's bytes; ``name`` chooses the format (sniffed when the suffix says nothing)."""
    suffix = _suffix(name)
    if suffix not in ALL_SUFFIXES:
        suffix = _sniff(data)
    if depth > 4:
        yield Record(origin, _fail(f"{origin}: archives nested too deeply"))
        return
    if suffix == ".gz":
        try:
            inner = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            yield Record(origin, _fail(f"{origin}: corrupt or truncated gzip ({exc})"))
            return
        inner_name = name[:-3] if name.lower().endswith(".gz") else name + ".bin"
        yield from iter_bytes(inner, inner_name, origin, mapping, depth + 1)
    elif suffix == ".zip":
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            members = sorted((i for i in zf.infolist() if not i.is_dir()), key=lambda i: i.filename)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Record(origin, _fail(f"{origin}: corrupt zip archive ({exc})"))
            return
        for info in members:
            base = Path(info.filename).name
            if base.startswith(".") or info.filename.startswith("__MACOSX"):
                continue
            member_origin = f"{origin}!{info.filename}"
            try:
                member = zf.read(info)
            except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as exc:
                yield Record(member_origin, _fail(f"{member_origin}: cannot read zip member ({exc})"))
                continue
            yield from iter_bytes(member, info.filename, member_origin, mapping, depth + 1)
    elif suffix in JSONL_SUFFIXES:
        yield from _iter_lines(iter(data.splitlines()), origin, mapping)
    elif suffix in JSON_SUFFIXES:
        yield from _iter_json(data, origin, mapping)
    elif suffix in FEED_SUFFIXES:
        if not looks_like_feed(data.lstrip()[:4096] if len(data) > 4096 else data):
            yield Record(origin, _fail(f"{origin}: not an RSS/Atom feed (no <rss>, <feed> or <rdf:RDF>)"))
            return
        try:
            entries = list(iter_feed(data, origin))
        except InputError as exc:
            yield Record(origin, _fail(str(exc)))
            return
        for loc, entry, feed_title in entries:
            yield Record(loc, _feed_entry(entry, feed_title, loc))
    elif suffix in HTML_SUFFIXES:
        yield Record(origin, _text_doc(data, origin, "html"))
    else:
        yield Record(origin, _text_doc(data, origin, "text"))


def _iter_json(data: bytes, origin: str, mapping: dict[str, str]) -> Iterator[Record]:
    try:
        text = decode(data, origin)
    except InputError as exc:
        yield Record(origin, _fail(str(exc)))
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object per line in a .json file
            yield from _iter_lines(iter(data.splitlines()), origin, mapping)
            return
        yield Record(origin, _fail(f"{origin}: invalid JSON ({exc.msg} at line {exc.lineno})"))
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            yield Record(f"{origin}[{i}]", _json_obj(item, f"{origin}[{i}]", mapping))
    elif isinstance(obj, dict) and not any(k in obj for k in ("text", "content", "body", "article", *mapping.values())):
        # a wrapper object: {"articles": [...]} and the like
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            for i, item in enumerate(lists[0], 1):
                yield Record(f"{origin}[{i}]", _json_obj(item, f"{origin}[{i}]", mapping))
        else:
            yield Record(origin, _json_obj(obj, origin, mapping))
    else:
        yield Record(origin, _json_obj(obj, origin, mapping))


class Input:
    """One file (or stdin) to ingest, identified by a key that changes when the file changes."""

    def __init__(self, path: str, data: bytes | None = None, mapping: dict[str, str] | None = None) -> None:
        self.path = path
        self.mapping = mapping or {}
        self._data = data
        if data is not None:  # stdin
            self.size = len(data)
            self.mtime_ns = None
            self.key = "stdin:" + hashlib.sha1(data).hexdigest()
        else:
            st = os.stat(path)
            self.size = st.st_size
            self.mtime_ns = st.st_mtime_ns
            self.key = f"file:{os.path.realpath(path)}:{st.st_size}:{st.st_mtime_ns}"

    def _streaming(self) -> bool:
        name = self.path.lower()
        return self._data is None and (name.endswith(JSONL_SUFFIXES) or name.endswith(tuple(s + ".gz" for s in JSONL_SUFFIXES)))

    def records(self) -> Iterator[Record]:
        if self._data is not None:
            yield from iter_bytes(self._data, "-", "-", self.mapping)
            return
        if self._streaming():
            opener = gzip.open if self.path.lower().endswith(".gz") else open
            try:
                with opener(self.path, "rb") as fh:
                    yield from _iter_lines(iter(fh), self.path, self.mapping)
            except OSError as exc:
                yield Record(self.path, _fail(f"{self.path}: cannot read ({exc})"))
            return
        try:
            data = Path(self.path).read_bytes()
        except OSError as exc:
            yield Record(self.path, _fail(f"{self.path}: cannot read ({exc.strerror})"))
            return
        yield from iter_bytes(data, self.path, self.path, self.mapping)

    def count(self) -> int | None:
        """The number of records, when it is cheap to know (line counting for JSON lines)."""
        if self._streaming():
            opener = gzip.open if self.path.lower().endswith(".gz") else open
            n = 0
            try:
                with opener(self.path, "rb") as fh:
                    for line in fh:
                        if line.strip():
                            n += 1
            except (OSError, EOFError, zlib.error):
                return None
            return n
        name = self.path.lower()
        if name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
            return 1
        return None


def expand(paths: list[str], mapping: dict[str, str] | None = None, stdin: bytes | None = None) -> Iterator[Input]:
    """Inputs for the command-line arguments: files, folders (recursively, sorted) and ``-``."""
    for p in paths:
        if p == "-":
            yield Input("-", data=stdin if stdin is not None else b"", mapping=mapping)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f for f in path.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
                and (f.suffix.lower() in ALL_SUFFIXES)
            )
            for f in files:
                yield Input(str(f), mapping=mapping)
        elif path.exists():
            yield Input(str(path), mapping=mapping)
        else:
            raise InputError(f"{p}: no such file or folder")
