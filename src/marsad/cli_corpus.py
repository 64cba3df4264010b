"""Corpus commands of the ``marsad`` CLI: ingest, search, stats, events, export.

Registered on the main typer app by :func:`register` (``marsad.cli`` calls it). Every command takes
``--db PATH`` (default ``./marsad.db``). User errors print one line and exit with status 2.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.store import DEFAULT_DB

DbOpt = Annotated[str, typer.Option("--db", help="The corpus database: a SQLite file, or a postgresql:// URL.")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"marsad: error: {message}", err=True)
    raise typer.Exit(code)


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        _fail(f"{name} must be YYYY-MM-DD, got {value!r}")
    return None


def _open(db: str, readonly: bool = True):
    from marsad.store import open_store
    from marsad.store.sqlite import SchemaError

    try:
        return open_store(db, readonly=readonly)
    except (FileNotFoundError, SchemaError, NotImplementedError) as exc:
        _fail(str(exc))
    except Exception as exc:  # sqlite3.DatabaseError: not a database, corrupt
        _fail(f"{db}: cannot open the database ({exc})")
    return None


def ingest_cmd(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, archives (.zip/.gz) or - for stdin.")] = None,
    db: DbOpt = DEFAULT_DB,
    map: Annotated[str | None, typer.Option("--map", help="Field mapping for JSON: text=content,title=headline,...")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for articles that do not say.")] = None,
    workers: Annotated[int | None, typer.Option(help="Analysis processes (0: in this process; default: one per core).")] = None,
    batch_size: Annotated[int, typer.Option(help="Records per committed batch.")] = 128,
    limit: Annotated[int | None, typer.Option(help="Stop after this many records (the rest is read by the next run).")] = None,
    recycle: Annotated[int, typer.Option(help="Replace each worker process after this many batches (0: never).")] = 16,
    memory: Annotated[int, typer.Option(help="Resident memory (MiB) of the run, writer and workers summed, that "
                                        "workers are replaced to keep within (0: no limit).")] = 1536,
    components: Annotated[str | None, typer.Option(help="Only these pipeline components, e.g. text,entities (default: all).")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")] = True,
    format: Annotated[str, typer.Option("--format", "-f", help="Summary as text or json.")] = "text",
    from_parquet: Annotated[str | None, typer.Option("--from-parquet", help="Load the output folder of `marsad batch` (no analysis).")] = None,
) -> None:
    """Analyse articles and store them in the corpus (idempotent, resumable)."""
    if from_parquet is not None:  # issue 9: documents analysed by `marsad batch`
        if paths:
            _fail("give input paths or --from-parquet, not both")
        from marsad.batch.cli import ingest_from_parquet

        ingest_from_parquet(from_parquet, db, progress, format)
        return
    if not paths:
        _fail("no input given (files, folders, archives, - for stdin, or --from-parquet DIR)")
        return
    from marsad.ingest.files import InputError
    from marsad.ingest.runner import Ingester
    from marsad.ingest.sources import expand, parse_mapping
    from marsad.store import open_store

    try:
        mapping = parse_mapping(map)
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        inputs = list(expand(paths, mapping, stdin))
    except InputError as exc:
        _fail(str(exc))
        return
    if not inputs:
        _fail("no input files found (looked for .txt .json .jsonl .html .xml .rss .atom .zip .gz)")
    store = open_store(db)
    try:
        ing = Ingester(store, workers=workers, batch_size=batch_size, source=source,
                       progress=progress and sys.stderr.isatty(), recycle=recycle or None,
                       pipeline=_components(components), memory=memory or None)
        try:
            stats = ing.run(inputs, limit=limit)
        except KeyboardInterrupt:
            typer.echo("marsad: interrupted; what was committed is kept, run the same command to resume", err=True)
            raise typer.Exit(130) from None
    finally:
        store.close()
    if format == "json":
        typer.echo(json.dumps(stats.as_dict()))
        return
    typer.echo(
        f"read {stats.read:,} records from {stats.inputs} input(s) in {stats.seconds:.1f}s: "
        f"stored {stats.stored:,} documents, {stats.aliases:,} more copies of stored documents, "
        f"{stats.duplicates:,} already stored, {stats.failed:,} failed; {stats.new_stories:,} new stories"
        + (f"; {stats.inputs_skipped} input(s) already ingested" if stats.inputs_skipped else "")
    )
    for reason in stats.failures[:5]:
        typer.echo(f"  failed: {reason}")
    if stats.failed > 5:
        typer.echo(f"  ... ({stats.failed - 5} more; `marsad stats` lists the reasons)")


def _components(spec: str | None) -> str | None:
    if not spec:
        return None
    from marsad.pipeline import COMPONENTS

    names = [c.strip() for c in spec.split(",") if c.strip()]
    unknown = [n for n in names if n not in COMPONENTS]
    if unknown:
        _fail(f"--components: unknown {', '.join(unknown)} (known: {', '.join(COMPONENTS)})")
    if "text" not in names:
        names.insert(0, "text")
    return "components:" + ",".join(names)


def search_cmd(
    query: Annotated[str, typer.Argument(help='Words (ANDed), "phrases", OR, -exclusions; Arabic or English names.')],
    db: DbOpt = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Number of hits.")] = 10,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Full-text search (Arabic normalised, clitics aside): ranked hits with highlighted snippets."""
    store = _open(db)
    try:
        hits = store.search(query, limit=limit, source=source, since=_date(since, "--since"), until=_date(until, "--until"))
    except ValueError as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    if format == "json":
        for h in hits:
            typer.echo(json.dumps(h, ensure_ascii=False))
        return
    if not hits:
        typer.echo("no hits")
        return
    tty = sys.stdout.isatty()
    for i, h in enumerate(hits, 1):
        title = h["title_marked"] or h["title"] or "(no title)"
        snippet = h["snippet"]
        if tty:
            title = title.replace("**", "\x1b[1;33m", 1)
            while "**" in title:
                title = title.replace("**", "\x1b[0m", 1).replace("**", "\x1b[1;33m", 1)
            while "**" in snippet:
                snippet = snippet.replace("**", "\x1b[1;33m", 1).replace("**", "\x1b[0m", 1)
        typer.echo(f"{i}. [{h['score']:.2f}] {title}")
        typer.echo(f"   {h['source'] or '?'} · {h['published'] or '?'} · {h['id']}" + (f" · {h['url']}" if h["url"] else ""))
        typer.echo(f"   {snippet}")


def stats_cmd(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Counts: documents, articles, failures, entities, quotes, events, stories."""
    store = _open(db)
    try:
        s = store.stats()
    finally:
        store.close()
    if format == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    lines = [
        f"database        {db} (schema {s['schema_version']})",
        f"inputs          {s['inputs']:,}  (records read {s['records_read']:,})",
        f"documents       {s['documents']:,}  (near-duplicates {s['near_duplicates']:,})",
        f"articles        {s['articles']:,}  from {s['sources']:,} sources",
        f"duplicates      {s['duplicates']:,}  (records already stored)",
        f"failures        {s['failures']:,}",
        f"entities        {s['entities']:,}  ({s['mentions']:,} mentions)",
        f"quotes          {s['quotes']:,}",
        f"events          {s['events']:,}  ({s['event_mentions']:,} mentions)",
        f"places          {s['places']:,}",
        f"stories         {s['stories']:,}  ({s['multi_doc_stories']:,} with several documents)",
        f"published       {s['first_published'] or '-'} .. {s['last_published'] or '-'}",
    ]
    typer.echo("\n".join(lines))
    if s["top_sources"]:
        typer.echo("top sources     " + ", ".join(f"{x['source']} {x['articles']:,}" for x in s["top_sources"][:5]))
    if s["failure_reasons"]:
        typer.echo("failure reasons")
        for x in s["failure_reasons"]:
            typer.echo(f"  {x['count']:>6,}  {x['reason'][:100]}")


_EVENT_FIELDS = ("id", "date", "source_code", "source_name", "target_code", "target_name", "cameo", "plover",
                 "quad_class", "goldstein", "num_mentions", "num_sources", "num_articles", "loc_name", "source_url")


def events_cmd(
    db: DbOpt = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Source actor: code prefix (RUS, RUSGOV) or country.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor: code prefix or country.")] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root code (19 = fight).")] = None,
    code: Annotated[str | None, typer.Option(help="CAMEO code prefix (190, 1951).")] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER category (ASSAULT, CONSULT, ...).")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most this many events.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    evidence: Annotated[bool, typer.Option(help="json: include every mention (document, URL, span).")] = True,
) -> None:
    """Deduplicated events (one per real-world event, with mention/source/article counts)."""
    if format not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, got {format!r}")
    if root is not None and not (root.isdigit() and len(root) <= 2):
        _fail(f"--root must be a CAMEO root code such as 19, got {root!r}")
    store = _open(db)
    try:
        groups = list(store.event_groups(actor=actor, target=target, root=root, code=code, plover=plover,
                                         since=_date(since, "--since"), until=_date(until, "--until"), limit=limit))
        if format == "json":
            for g in groups:
                rec: dict[str, Any] = {k: g.get(k) for k in _EVENT_FIELDS}
                rec.update({k: g.get(k) for k in ("source_country", "target_country", "base", "root", "mode",
                                                  "loc_country", "loc_lat", "loc_lon", "story")})
                if evidence:
                    rec["evidence"] = store.event_mentions(g["id"])
                typer.echo(json.dumps(rec, ensure_ascii=False))
            return
    finally:
        store.close()
    if format == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(_EVENT_FIELDS)
        for g in groups:
            w.writerow([g.get(k) if g.get(k) is not None else "" for k in _EVENT_FIELDS])
        return
    if not groups:
        typer.echo("no events")
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(show_lines=False)
    for col in ("date", "source", "cameo", "target", "plover", "mentions", "sources", "articles", "where"):
        t.add_column(col)
    for g in groups:
        t.add_row(
            g["date"] or "", f"{g['source_code']} {g['source_name'] or ''}".strip(), g["cameo"] or "",
            f"{g['target_code']} {g['target_name'] or ''}".strip(), g["plover"] or "", str(g["num_mentions"]),
            str(g["num_sources"]), str(g["num_articles"]), g["loc_name"] or "",
        )
    Console(width=max(120, Console().width)).print(t)


def export_cmd(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="gdelt, plover, csv or parquet.")] = "gdelt",
    out: Annotated[str, typer.Option("--out", "-o", help="Output file (- for stdout; not for parquet).")] = "-",
    actor: Annotated[str | None, typer.Option(help="Only events with this source actor.")] = None,
    target: Annotated[str | None, typer.Option(help="Only events with this target actor.")] = None,
    root: Annotated[str | None, typer.Option(help="Only this CAMEO root code.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
) -> None:
    """Export the deduplicated events: GDELT 2.0 Event TSV, PLOVER JSONL, CSV or Parquet."""
    from marsad.export import FORMATS, export

    if format not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, got {format!r}")
    if format == "parquet" and out == "-":
        _fail("parquet needs --out PATH")
    if out != "-" and not Path(out).parent.exists():
        _fail(f"{out}: the folder does not exist")
    store = _open(db)
    try:
        n = export(store, format, out, actor=actor, target=target, root=root, since=_date(since, "--since"),
                   until=_date(until, "--until"))
    finally:
        store.close()
    if out != "-":
        typer.echo(f"wrote {n:,} events to {out} ({format})", err=True)


def corpus_summary(db: str, top: int = 8) -> str:
    """A short report of a corpus: counts, the largest stories, top actors, events by type."""
    store = _open(db)
    try:
        s = store.stats()
        stories = store.story_summary(top)
        actors = store.top_actors(top)
        by_type = store.events_by_type()
        story_docs = {st["id"]: store.story_docs(st["id"]) for st in stories}
    finally:
        store.close()
    out = [
        f"== Corpus: {s['documents']} documents ({s['articles']} articles from {s['sources']} sources), "
        f"{s['failures']} failures",
        f"   {s['entities']} entities, {s['quotes']} quotes, {s['events']} events "
        f"({s['event_mentions']} mentions), {s['stories']} stories",
        "",
        "Stories (largest first):",
    ]
    for st in stories:
        out.append(f"  [{st['n_docs']} docs, {st['n_sources']} sources] {st['title'] or '(untitled)'}")
        for d in story_docs[st["id"]][:6]:
            out.append(f"      {d['published'] or '?'}  {d['source'] or '?'}: {(d['title'] or '')[:70]}")
    out += ["", "Top actors:"]
    for a in actors:
        extra = f"{a['mentions']} event mentions" if "type" not in a else f"{a['documents']} documents"
        out.append(f"  {a['actor']:<30} {extra}")
    out += ["", "Events by type (CAMEO root / PLOVER):"]
    for t in by_type:
        out.append(f"  {t['root'] or '--':>3}  {t['plover'] or '-':<12} {t['events']:>4} events, {t['mentions']} mentions")
    return "\n".join(out) + "\n"


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the ``marsad`` app."""
    app.command("ingest")(ingest_cmd)
    app.command("search")(search_cmd)
    app.command("stats")(stats_cmd)
    app.command("events")(events_cmd)
    app.command("export")(export_cmd)
    from marsad.batch.cli import batch_cmd  # issue 9: Dask batch processing into Parquet

    app.command("batch")(batch_cmd)


def corpus_demo(folder: Path, db: str | None = None) -> None:
    """``marsad demo``'s corpus part: ingest the sample corpus into ``db`` (a temporary store when
    None) and summarise it."""
    import tempfile

    from marsad.ingest.runner import ingest

    files = [folder / n for n in ("sample.jsonl", "feed.xml", "article.html") if (folder / n).exists()]
    if not files:
        typer.echo(f"(no sample corpus in {folder}; skipping the corpus demo)", err=True)
        return

    def run(target: str) -> None:
        st = ingest([str(f) for f in files], target, workers=0)
        typer.echo(f"== Ingested {', '.join(f.name for f in files)}: {st.read} records -> {st.stored} documents, "
                   f"{st.aliases} more copies, {st.duplicates} already stored (same URL), {st.failed} failed")
        typer.echo(corpus_summary(target), nl=False)

    if db is not None:
        run(db)
        return
    with tempfile.TemporaryDirectory(prefix="marsad-demo-") as tmp:
        run(str(Path(tmp) / "demo.db"))
    typer.echo(f"(try: marsad ingest {folder} --db marsad.db; marsad search غزة; marsad events --root 19; "
               "marsad export --format gdelt --out events.tsv)")
