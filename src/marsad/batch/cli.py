"""``marsad batch`` (registered on the main app by :mod:`marsad.cli_corpus`) and the loader behind
``marsad ingest --from-parquet``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"marsad: error: {message}", err=True)
    raise typer.Exit(code)


def batch_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or archives (as for `marsad ingest`; not stdin).")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder of Parquet partitions (created; reused to resume).")],
    workers: Annotated[int | None, typer.Option(help="Dask worker processes on this machine (0: no Dask, this process; default: one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Use an existing Dask cluster: its scheduler address, tcp://HOST:8786.")] = None,
    partition_size: Annotated[int | None, typer.Option(help="Records per partition (default 250; fixed for an output folder).")] = None,
    map: Annotated[str | None, typer.Option("--map", help="Field mapping for JSON: text=content,title=headline,...")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for articles that do not say.")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="A line per finished partition on stderr.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="Summary as text or json.")] = "text",
) -> None:
    """Analyse many articles on Dask into Parquet partitions (documents, entities, quotes, events, places)."""
    from marsad.batch.runner import run_batch
    from marsad.ingest.files import InputError
    from marsad.ingest.sources import parse_mapping

    if "-" in paths:
        _fail("batch reads files, not standard input (use `marsad ingest -` for a stream)")
    if workers is not None and scheduler:
        _fail("give --workers or --scheduler, not both")
    if workers is not None and workers < 0:
        _fail("--workers must be 0 or more")
    if partition_size is not None and partition_size < 1:
        _fail("--partition-size must be at least 1")
    try:
        mapping = parse_mapping(map)
        stats = run_batch(paths, out, workers=workers, scheduler=scheduler, partition_size=partition_size,
                          mapping=mapping, source=source, progress=progress)
    except (InputError, ValueError) as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot reach the Dask scheduler or write {out}: {exc}")
        return
    except KeyboardInterrupt:
        typer.echo("marsad: interrupted; finished partitions are kept, run the same command to resume", err=True)
        raise typer.Exit(130) from None
    if format == "json":
        typer.echo(json.dumps(stats.as_dict()))
    else:
        where = f"{stats.workers} Dask worker(s)" if stats.workers else "this process"
        rate = stats.records / stats.seconds if stats.seconds else 0.0
        typer.echo(
            f"analysed {stats.records:,} records in {stats.done} partition(s) on {where} in {stats.seconds:.1f}s "
            f"({rate:,.1f}/s): {stats.documents:,} documents, {stats.failures:,} failures; "
            f"{stats.skipped} partition(s) already done; {stats.partitions} in {out}"
        )
    if stats.failed_partitions:
        for f in stats.failed_partitions[:5]:
            typer.echo(f"  partition not finished: {f}", err=True)
        typer.echo("marsad: some partitions did not finish; run the same command again to finish them", err=True)
        raise typer.Exit(1)


def ingest_from_parquet(folder: str, db: str, progress: bool, format: str) -> None:
    """The body of ``marsad ingest --from-parquet DIR``."""
    from marsad.batch.parquet_load import load_parquet
    from marsad.store import open_store

    store = open_store(db)
    try:
        stats = load_parquet(store, folder, progress=progress and sys.stderr.isatty())
    except FileNotFoundError as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    if format == "json":
        typer.echo(json.dumps(stats.as_dict()))
        return
    typer.echo(
        f"loaded {stats.read:,} records from {stats.inputs} partition(s) in {stats.seconds:.1f}s: "
        f"stored {stats.stored:,} documents, {stats.aliases:,} more copies of stored documents, "
        f"{stats.duplicates:,} already stored, {stats.failed:,} failed; {stats.new_stories:,} new stories"
        + (f"; {stats.inputs_skipped} partition(s) already loaded" if stats.inputs_skipped else "")
    )
