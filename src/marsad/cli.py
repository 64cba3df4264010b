"""The ``marsad`` command line.

Errors a user can cause (a missing file, bad encoding, text that is not Arabic) print one line on
stderr and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from marsad.ingest.files import InputError, RawArticle, read_bytes, read_path

app = typer.Typer(add_completion=False, no_args_is_help=True, help="marsad: Arabic news event intelligence.")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"marsad: error: {message}", err=True)
    raise typer.Exit(code)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        fail(f"--published must be YYYY-MM-DD, got {value!r}")
    return None


def _read_inputs(path: str) -> list[RawArticle]:
    if path == "-":
        return [read_bytes(sys.stdin.buffer.read(), "-")]
    return read_path(Path(path))


def analyse_article(article: RawArticle, published: str | None = None):
    """Run the default pipeline on one raw article (``published`` overrides the article's date)."""
    from marsad.pipeline import load

    nlp = load()
    return nlp(
        article.text,
        published=published or article.published,
        title=article.title,
        source=article.source,
        url=article.url,
        id=article.id,
    )


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="A file (.txt/.json/.html), a folder of them, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (resolves relative dates).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json or text.")] = "text",
) -> None:
    """Analyse articles and print the documents (JSON, one per line for several) or a report."""
    if format not in ("json", "text"):
        fail(f"--format must be json or text, got {format!r}")
    published = _check_date(published)
    try:
        articles = _read_inputs(path)
    except InputError as exc:
        fail(str(exc))
    from marsad.report import text_report

    for article in articles:
        doc = analyse_article(article, published)
        if format == "json":
            typer.echo(doc.to_json(indent=1 if len(articles) == 1 else None))
        else:
            typer.echo(text_report(doc))


@app.command("eval")
def eval_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="A folder of *.gold.json files with their texts, or one file.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON here.")] = None,
) -> None:
    """Score the pipeline against gold annotations: precision, recall and F1 per component."""
    from marsad.eval.gold import evaluate, format_table, load_gold_dir

    try:
        golds = load_gold_dir(gold_dir)
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        fail(str(exc))
    result = evaluate(golds, lambda g: analyse_article(RawArticle(text=g.text, id=g.id), g.published))
    typer.echo(format_table(result), nl=False)
    if json_out:
        json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")


@app.command("eval-ner")
def eval_ner_cmd(
    conll_file: Annotated[Path, typer.Argument(help="CoNLL-style file: 'token TAG' per line, blank line between sentences.")],
    model: Annotated[Path | None, typer.Option(help="A CRF model file (default: the packaged model).")] = None,
) -> None:
    """Entity-level BIO scoring (conlleval-style) of the NER tagger on a CoNLL file."""
    if not conll_file.is_file():
        fail(f"{conll_file}: no such file")
    from marsad.extract.ner_crf import eval_ner

    try:
        typer.echo(eval_ner(conll_file, model), nl=False)
    except FileNotFoundError as exc:
        fail(str(exc))


@app.command("train-ner")
def train_ner_cmd(
    train_file: Annotated[Path, typer.Argument(help="Training data in CoNLL format (e.g. ANERcorp's train split).")],
    out: Annotated[Path | None, typer.Option(help="Where to write the model (default: the packaged model).")] = None,
    test: Annotated[Path | None, typer.Option(help="Also score on this CoNLL file after training.")] = None,
    max_iterations: Annotated[int | None, typer.Option(help="L-BFGS iterations (default: the shipped setting).")] = None,
) -> None:
    """Train the CRF named-entity tagger (reproduces the shipped model with the default settings)."""
    if not train_file.is_file():
        fail(f"{train_file}: no such file")
    from marsad.extract.ner_crf import train_ner

    params: dict = {}
    if test is not None:
        params["test_path"] = test
    if max_iterations is not None:
        params["max_iterations"] = max_iterations
    meta = train_ner(train_file, out, **params)
    typer.echo(json.dumps(meta, indent=1, ensure_ascii=False, default=str))


@app.command()
def schema(out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None) -> None:
    """Print the JSON Schema of the serialised document (marsad.document/1)."""
    from marsad.doc import json_schema

    text = json.dumps(json_schema(), indent=1, ensure_ascii=False) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


@app.command()
def demo(
    db: Annotated[str | None, typer.Option(help="Keep the demo corpus in this store (default: a temporary one).")] = None,
    serve: Annotated[bool, typer.Option(help="Then serve the dashboard over the store (needs --db).")] = False,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Analyse the example articles, ingest the sample corpus and summarise it; optionally serve the
    dashboard over it."""
    from marsad.report import text_report

    folder = _examples_dir()
    if folder is None:
        fail("the examples/ folder was not found (run from a marsad checkout)")
    manifest = {}
    mf = folder / "manifest.json"
    if mf.exists():
        manifest = {m["file"]: m for m in json.loads(mf.read_text(encoding="utf-8"))}
    files = sorted(folder.glob("*.txt"))
    for f in files:
        meta = manifest.get(f.name, {})
        try:
            article = read_path(f)[0]
        except InputError as exc:
            typer.echo(f"skipped: {exc}", err=True)
            continue
        article.source = meta.get("source")
        doc = analyse_article(article, meta.get("published"))
        typer.echo(text_report(doc))
    # the corpus: ingest the sample corpus (several outlets, same stories) and summarise it (cli_corpus.py)
    from marsad.cli_corpus import corpus_demo

    corpus_demo(folder / "corpus", db)
    if serve:
        if db is None:
            fail("--serve needs --db")
        from marsad.api.serve import ServeError
        from marsad.api.serve import serve as run_server

        try:
            run_server(db, host="127.0.0.1", port=port)
        except ServeError as exc:
            fail(str(exc))


kb_app = typer.Typer(no_args_is_help=True, help="The knowledge base of actors and places.")
app.add_typer(kb_app, name="kb")


@kb_app.command("build")
def kb_build() -> None:
    """Build (or rebuild) the knowledge base artefact from its sources."""
    import time

    from marsad.kb.build import build_and_save

    t0 = time.perf_counter()
    kb, path = build_and_save()
    typer.echo(f"built {len(kb.entities)} entities, {len(kb.forms)} names in {time.perf_counter() - t0:.1f}s -> {path}")


@kb_app.command("stats")
def kb_stats() -> None:
    """Counts of entities per type and kind, and of names per kind."""
    import time
    from collections import Counter

    import marsad.kb

    t0 = time.perf_counter()
    kb = marsad.kb.load()
    took = time.perf_counter() - t0
    kinds = Counter((e.type, e.kind or "-") for e in kb.entities.values())
    hows = Counter(r.how for refs in kb.forms.values() for r in refs)
    typer.echo(f"knowledge base {kb.version}: {len(kb.entities)} entities, {len(kb.forms)} names, "
               f"{len(kb.titles)} titles (loaded in {took:.2f}s)")
    typer.echo("entities by type/kind:")
    for (t, k), n in sorted(kinds.items()):
        typer.echo(f"  {t:<4} {k:<12} {n:>7}")
    typer.echo("names by kind:")
    for h, n in hows.most_common():
        typer.echo(f"  {h:<12} {n:>7}")


@kb_app.command("lookup")
def kb_lookup(text: Annotated[str, typer.Argument(help="An Arabic name, with or without clitics.")]) -> None:
    """Show what a string resolves to in the knowledge base, and why."""
    import marsad.kb

    kb = marsad.kb.load()
    hits = kb.lookup(text)
    if not hits:
        typer.echo(f"{text}: no match")
        raise typer.Exit(1)
    for ent, how, via in hits[:20]:
        codes = " ".join(x for x in (ent.country, ent.actor_code, ent.wikidata) if x)
        typer.echo(f"{ent.id:<32} {ent.name}  [{ent.type} {ent.kind}] {codes}  — {how} name, by {via}")


@kb_app.command("import-geonames")
def kb_import_geonames(
    geonames: Annotated[Path, typer.Argument(help="GeoNames table: cities500.txt, a country file or allCountries (.txt/.zip/.gz).")],
    alternate_names: Annotated[
        Path | None, typer.Argument(help="Optional alternateNamesV2.txt (.txt/.zip/.gz) for language-tagged Arabic names.")
    ] = None,
    classes: Annotated[str, typer.Option(help="GeoNames feature classes to keep (P places, A admin, T, H, L, S ...).")] = "PATHL",
    out: Annotated[Path | None, typer.Option(help="Write here instead of <cache>/geonames_user.jsonl.")] = None,
) -> None:
    """Import the full GeoNames dumps (village-level places with Arabic names) into the knowledge base."""
    from marsad.kb.geonames_import import import_geonames

    for f in (geonames, alternate_names):
        if f is not None and not f.is_file():
            fail(f"{f}: no such file")
    try:
        st = import_geonames(geonames, alternate_names, out=out, classes=classes)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        fail(f"cannot import: {exc}")
    typer.echo(f"read {st.rows} places, kept {st.kept} with {st.names} Arabic names "
               f"({st.skipped_no_arabic} without an Arabic name, {st.skipped_class} of other classes, "
               f"{st.bad_rows} malformed lines) -> {st.out}")
    typer.echo("the knowledge base is rebuilt with them on next use (or run: marsad kb build)")


def _examples_dir() -> Path | None:
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (base / "examples").is_dir():
            return base / "examples"
    return None


# corpus commands: ingest, search, stats, events, export (marsad/cli_corpus.py)
from marsad.cli_corpus import register as _register_corpus  # noqa: E402

_register_corpus(app)


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", help="The corpus database to serve: a SQLite file, or a postgresql:// URL.")] = "marsad.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (/api, docs at /docs) and the web dashboard (/) over a corpus store."""
    from marsad.api.serve import ServeError
    from marsad.api.serve import serve as run_server

    try:
        run_server(db, host, port)
    except ServeError as exc:
        fail(str(exc))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
