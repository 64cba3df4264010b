"""The SQLite store: schema migrations, Arabic full-text search with normalisation, snippets, stats."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.doc import Document, Entity, Mention
from marsad.ingest.runner import ingest_documents
from marsad.store import open_store
from marsad.store.search import fts_expression, highlight, parse_query
from marsad.store.sqlite import MIGRATIONS, SchemaError, SqliteStore

runner = CliRunner()

T1 = "قال الرئيس الأوكراني إن اوكرانيا ستواصل الدفاع عن أراضيها، وإن الحكومة الأوكرانية تطلب مزيدا من الدعم."
T2 = "وصل وزير الخارجية الروسي إلى أنقرة حيث بحث مع نظيره التركي الحرب في وأوكرانيا والوضع في البحر الأسود."
T3 = "أعلنت وزارة الصحة في غزة ارتفاع عدد الضحايا، وقالت المسؤولة إن المستشفيات تعمل فوق طاقتها."


def _doc(i: int, text: str, title: str, source: str = "wire", published: str = "2025-02-10", entities=()) -> Document:
    return Document(id=f"s{i}", text=text, title=title, source=source, published=published,
                    url=f"https://{source}.example/{i}", entities=list(entities))


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "s.db")
    zelensky = T1.index("الرئيس الأوكراني")
    ingest_documents(s, [
        _doc(1, T1, "زيلينسكي: سنواصل الدفاع", entities=[Entity(
            id="e1", name="Volodymyr Zelenskyy", type="PER", kb_id="person:volodymyr-zelenskyy",
            mentions=[Mention(zelensky, zelensky + len("الرئيس الأوكراني"), "الرئيس الأوكراني")])]),
        _doc(2, T2, "لافروف في أنقرة", source="daily"),
        _doc(3, T3, "الصحة في غزة: ارتفاع عدد الضحايا", source="gaza"),
    ], embeddings=False)
    yield s
    s.close()


def ids(hits) -> list[str]:
    return [h["id"] for h in hits]


def test_hamza_and_clitic_normalisation(store):
    # أوكرانيا (with hamza) finds اوكرانيا (without) and وأوكرانيا (with a conjunction)
    assert set(ids(store.search("أوكرانيا"))) == {"s1", "s2"}
    assert set(ids(store.search("اوكرانيا"))) == {"s1", "s2"}
    # ta marbuta / ha, article and clitic chains: الحكومة finds الحكومة; حكومه finds it too
    assert ids(store.search("حكومه")) == ["s1"]
    assert ids(store.search("بالحكومة")) == ["s1"]
    # diacritics and tatweel in the query are ignored
    assert ids(store.search("الصِّحَّة")) == ["s3"]
    assert ids(store.search("غـــزة")) == ["s3"]


def test_phrases_or_not_and_english_names(store):
    assert ids(store.search('"وزير الخارجية الروسي"')) == ["s2"]
    assert ids(store.search('"الروسي وزير"')) == []
    assert set(ids(store.search("أنقرة OR غزة"))) == {"s2", "s3"}
    assert ids(store.search("أوكرانيا -أنقرة")) == ["s1"]
    assert ids(store.search("Zelenskyy")) == ["s1"]
    assert ids(store.search("zelenskyy")) == ["s1"]
    with pytest.raises(ValueError):
        store.search("-أنقرة")
    assert store.search("؟؟ ..") == []


def test_ranking_and_snippets(store):
    hits = store.search("أوكرانيا")
    assert hits[0]["id"] == "s1"  # two matches beat one
    snippet = hits[0]["snippet"]
    assert "**اوكرانيا**" in snippet
    t = store.get_document("s1")["text"]
    for a, b in hits[0]["spans"]:
        assert t[a:b] in ("اوكرانيا", "الأوكراني", "الأوكرانية") or "وكراني" in t[a:b]
    # the snippet is cut from the ORIGINAL text (hamza and ta marbuta as written)
    hit = store.search("الحكومه")[0]
    assert "**الحكومة**" in hit["snippet"]


def test_highlight_marks_original_words():
    q = parse_query("أوكرانيا")
    snippet, spans = highlight(T2, q)
    assert T2[spans[0][0]:spans[0][1]] == "وأوكرانيا"
    assert "**وأوكرانيا**" in snippet
    assert "alt" in fts_expression(q) and "{title body names}" in fts_expression(q)


def test_search_filters_and_cli(store, tmp_path):
    assert ids(store.search("في", source="gaza")) == ["s3"]
    assert ids(store.search("في", since="2025-02-11")) == []
    db = store.path
    r = runner.invoke(app, ["search", "أوكرانيا", "--db", db])
    assert r.exit_code == 0 and "**" in r.stdout and "زيلينسكي" in r.stdout
    r = runner.invoke(app, ["search", "أوكرانيا", "--db", db, "--format", "json"])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert {x["id"] for x in rows} == {"s1", "s2"}
    r = runner.invoke(app, ["search", "كلمةغيرموجودة", "--db", db])
    assert r.exit_code == 0 and "no hits" in r.stdout


def test_stats_counts(store):
    s = store.stats()
    assert (s["documents"], s["articles"], s["failures"], s["entities"], s["mentions"], s["stories"]) == (3, 3, 0, 1, 1, 3)
    r = runner.invoke(app, ["stats", "--db", store.path, "--format", "json"])
    assert json.loads(r.stdout)["documents"] == 3
    r = runner.invoke(app, ["stats", "--db", store.path])
    assert "documents       3" in r.stdout and "stories" in r.stdout


def test_entities_merge_across_documents(tmp_path):
    s = open_store(tmp_path / "e.db")
    def ent(text, name, kb=None):
        i = text.index(name)
        return Entity(id="e1", name=name, type="PER", kb_id=kb, mentions=[Mention(i, i + len(name), name)])
    t1, t2 = "قال بوتين اليوم إن روسيا مستعدة.", "وقال بوتن إن روسيا لن تتراجع."
    ingest_documents(s, [
        _doc(1, t1, "أ", entities=[ent(t1, "بوتين", "person:vladimir-putin")]),
        _doc(2, t2, "ب", entities=[ent(t2, "بوتن", "person:vladimir-putin")]),
        _doc(3, "التقى محمد الأحمد بالوفد.", "ج", entities=[ent("التقى محمد الأحمد بالوفد.", "محمد الأحمد")]),
        _doc(4, "وصل محمد احمد إلى المدينة.", "د", entities=[ent("وصل محمد احمد إلى المدينة.", "محمد احمد")]),
    ], embeddings=False)
    rows = s.db.execute("SELECT key, n_docs, n_mentions FROM entities ORDER BY key").fetchall()
    s.close()
    assert ("kb:person:vladimir-putin", 2, 2) in rows
    assert next(r for r in rows if r[0].startswith("name:"))[1] == 2  # الأحمد / احمد share a name key


def test_migrations(tmp_path):
    db = tmp_path / "m.db"
    s = SqliteStore(db)
    assert s.schema_version() == len(MIGRATIONS)
    s.close()
    s = SqliteStore(db)  # reopening applies nothing
    assert s.schema_version() == len(MIGRATIONS)
    s.close()
    ro = open_store(db, readonly=True)
    assert ro.stats()["documents"] == 0
    ro.close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.close()
    with pytest.raises(SchemaError):
        SqliteStore(db)
    with pytest.raises(Exception, match=r"127\.0\.0\.1"):  # a URL goes to the PostgreSQL store (none listens on port 1)
        open_store("postgresql://127.0.0.1:1/marsad")
    assert con is not None
    journal = sqlite3.connect(tmp_path / "w.db")
    SqliteStore(tmp_path / "w.db").close()
    assert journal.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    journal.close()


def test_corpus_summary(store):
    from marsad.cli_corpus import corpus_summary

    text = corpus_summary(store.path)
    assert "== Corpus: 3 documents" in text and "Stories (largest first):" in text
    assert "Top actors:" in text and "Events by type" in text
