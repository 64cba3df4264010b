"""marsad ingest: every input format, malformed inputs recorded as failures, idempotent re-ingest."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHARED, need_shared
from marsad.cli import app
from marsad.ingest.files import InputError
from marsad.ingest.runner import ingest
from marsad.ingest.sources import expand, parse_mapping
from marsad.store import open_store

runner = CliRunner()
CORPUS = ROOT / "examples" / "corpus"

A1 = ("موسكو تعلن إسقاط مسيرات فوق كورسك",
      "أعلنت وزارة الدفاع الروسية اليوم أن قواتها أسقطت ثلاثين طائرة مسيرة أوكرانية فوق مقاطعة كورسك خلال الليل.")
A2 = ("الأردن يرسل قافلة مساعدات إلى غزة",
      "سيرت الهيئة الخيرية الأردنية الهاشمية اليوم قافلة مساعدات جديدة إلى قطاع غزة تضم ستين شاحنة.")
A3 = ("احتجاجات في طرابلس",
      "تظاهر آلاف المحتجين في ميدان الشهداء بطرابلس للمطالبة بإجراء الانتخابات ورحيل الحكومتين.")


def counts(db) -> dict:
    s = open_store(db)
    try:
        st = s.stats()
        return {k: st[k] for k in ("documents", "articles", "failures", "records_read", "duplicates", "stories")}
    finally:
        s.close()


def reasons(db) -> list[str]:
    s = open_store(db)
    try:
        return [r for (r,) in s.db.execute("SELECT reason FROM failures ORDER BY id")]
    finally:
        s.close()


def jl(*objs) -> bytes:
    return b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objs)


def art(t, url=None, **kw):
    d = {"title": t[0], "content": t[1]}
    if url:
        d["url"] = url
    d.update(kw)
    return d


def run(paths, db, **kw):
    return ingest([str(p) for p in paths], str(db), workers=0, **kw)


def test_txt_json_jsonl_html(tmp_path):
    (tmp_path / "a.txt").write_text(A1[0] + "\n\n" + A1[1], encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(art(A2, "https://x.example/2", date="2025-02-13")), encoding="utf-8")
    (tmp_path / "c.jsonl").write_bytes(jl(art(A3, "https://x.example/3", source="wire")))
    (tmp_path / "d.html").write_text(
        f"<html><head><title>{A1[0]}</title></head><body><article><h1>{A1[0]}</h1><p>{A1[1]}</p>"
        f"<p>{A2[1]}</p></article></body></html>", encoding="utf-8")
    st = run([tmp_path], tmp_path / "c.db")
    assert (st.read, st.stored, st.failed) == (4, 4, 0), st.failures
    s = open_store(tmp_path / "c.db")
    rows = {r[0]: r[1:] for r in s.db.execute("SELECT origin, title, published, source FROM documents")}
    s.close()
    assert rows[str(tmp_path / "a.txt")][0] == A1[0]
    assert rows[str(tmp_path / "b.json")][1] == "2025-02-13"
    assert rows[f"{tmp_path / 'c.jsonl'}:1"][2] == "wire"


def test_json_array_and_json_lines_in_a_json_file(tmp_path):
    (tmp_path / "arr.json").write_text(json.dumps([art(A1, "u1"), art(A2, "u2")], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [art(A3, "u3")]}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "lines.json").write_bytes(jl(art(A1, "u4"), art(A2, "u5")))
    st = run([tmp_path], tmp_path / "c.db")
    assert st.read == 5 and st.failed == 0
    # u4/u5 repeat the contents of u1/u2 under new URLs: new articles of the same documents
    assert (st.stored, st.aliases) == (3, 2)


def test_field_mapping(tmp_path):
    f = tmp_path / "m.jsonl"
    f.write_bytes(jl({"headline": A1[0], "story_body": A1[1], "link": "https://m.example/1", "outlet": "M",
                      "day": "2025-02-17T10:00:00"}))
    st = run([f], tmp_path / "c.db", mapping=parse_mapping("text=story_body,title=headline,published=day,source=outlet"))
    assert st.stored == 1
    s = open_store(tmp_path / "c.db")
    assert s.db.execute("SELECT title, published, source, url FROM documents").fetchone() == (
        A1[0], "2025-02-17", "M", "https://m.example/1")
    s.close()
    with pytest.raises(InputError):
        parse_mapping("text")
    with pytest.raises(InputError):
        parse_mapping("body=content")


def test_saudinewsnet_shape_gz_out_of_the_box(tmp_path):
    f = tmp_path / "2015-07-21.jsonl.gz"
    rec = {"source": "alriyadh", "url": "http://alriyadh.example/1", "date_extracted": "2015-07-21 02:51:32",
           "title": A2[0], "author": "x", "content": A2[1]}
    f.write_bytes(gzip.compress(jl(rec)))
    st = run([f], tmp_path / "c.db")
    assert st.stored == 1
    s = open_store(tmp_path / "c.db")
    assert s.db.execute("SELECT source, published FROM documents").fetchone() == ("alriyadh", "2015-07-21")
    s.close()


def test_saudinewsnet_real_files(tmp_path):
    files = sorted(need_shared(SHARED / "data" / "saudinewsnet").glob("*.jsonl.gz"))
    if not files:
        pytest.skip("no SaudiNewsNet files")
    st = run(files[:1], tmp_path / "c.db", limit=40)
    assert st.read == 40 and st.stored + st.aliases + st.duplicates + st.failed == 40
    assert st.stored > 20


def test_rss_atom_zip_and_gz(tmp_path):
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>'
        f'<entry><title>{A3[0]}</title><link href="https://atom.example/1"/><updated>2025-02-15T08:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{A3[1]}&lt;/p&gt;</content></entry></feed>'
    )
    (tmp_path / "feed.atom").write_text(atom, encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("in/one.txt", A1[0] + "\n\n" + A1[1])
        z.writestr("in/two.jsonl", jl(art(A2, "https://z.example/2")))
        z.writestr("in/three.html.gz", gzip.compress(f"<html><body><p>{A1[1]} {A2[1]}</p></body></html>".encode()))
    (tmp_path / "bundle.zip").write_bytes(buf.getvalue())
    st = run([tmp_path], tmp_path / "c.db")
    assert st.failed == 0, st.failures
    assert st.read == 4 and st.stored == 4
    s = open_store(tmp_path / "c.db")
    origins = {r[0] for r in s.db.execute("SELECT origin FROM articles")}
    atom_row = s.db.execute("SELECT title, published, url FROM articles WHERE url = 'https://atom.example/1'").fetchone()
    s.close()
    assert any("bundle.zip!in/three.html.gz" in o for o in origins)
    assert atom_row == (A3[0], "2025-02-15", "https://atom.example/1")


def test_sample_feed_and_article_html(tmp_path):
    feed, html = CORPUS / "feed.xml", CORPUS / "article.html"
    if not feed.exists() or not html.exists():
        pytest.skip("examples/corpus/feed.xml or article.html is absent")
    st = run([feed, html], tmp_path / "c.db")
    assert st.failed == 0 and st.stored >= 2
    s = open_store(tmp_path / "c.db")
    row = s.db.execute("SELECT title, source FROM documents WHERE origin = ?", (str(html),)).fetchone()
    s.close()
    assert row[0] and "قافلة" in row[0]


def test_stdin_via_cli(tmp_path):
    db = tmp_path / "c.db"
    data = jl(art(A1, "https://s.example/1"), art(A2, "https://s.example/2"))
    r = runner.invoke(app, ["ingest", "-", "--db", str(db), "--workers", "0", "--format", "json"], input=data)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.strip().splitlines()[-1])["stored"] == 2
    r = runner.invoke(app, ["ingest", "-", "--db", str(db), "--workers", "0"], input=(A3[0] + "\n\n" + A3[1]).encode())
    assert r.exit_code == 0 and "stored 1 documents" in r.stdout


def test_malformed_inputs_are_failures_with_reasons(tmp_path):
    good = art(A1, "https://g.example/1")
    (tmp_path / "trunc.jsonl").write_bytes(jl(good) + '{"title": "x", "content": "الخبر'.encode())
    (tmp_path / "badline.jsonl").write_bytes(b'{"title": broken}\n' + jl(art(A2, "https://g.example/2")))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "cp1256.txt").write_bytes((A3[0] + "\n\n" + A3[1]).encode("cp1256"))
    (tmp_path / "broken.html").write_text("<html><body><div><p>غير مكتمل <b>نص", encoding="utf-8")
    (tmp_path / "english.txt").write_text("This is an English article about the weather today in London.", encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "notjson.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(jl(art(A3, "https://g.example/3")) * 3)[:-30])
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "notfeed.xml").write_text("<root><item>x</item></root>", encoding="utf-8")
    st = run([tmp_path], tmp_path / "c.db")
    rs = reasons(tmp_path / "c.db")
    joined = "\n".join(rs)
    assert st.read == st.stored + st.aliases + st.duplicates + st.failed
    assert st.stored >= 2  # the good line of trunc.jsonl and of badline.jsonl
    for needle in ("trunc.jsonl:2: invalid JSON", "badline.jsonl:1: invalid JSON", "binary.txt: binary data",
                   "cp1256.txt: not UTF-8", "english.txt: not Arabic", "empty.json: empty input",
                   "notjson.json: invalid JSON", "cut.jsonl.gz", "bad.zip: corrupt zip", "notfeed.xml: not an RSS/Atom"):
        assert needle in joined, (needle, rs)
    assert any("broken.html" in r for r in rs) or st.stored >= 3
    assert len(rs) == st.failed


def test_reingest_adds_nothing(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(jl(art(A1, "https://r.example/1"), art(A2, "https://r.example/2"), {"title": "x"}))
    db = tmp_path / "c.db"
    first = run([f], db)
    assert (first.stored, first.failed) == (2, 1)
    before = counts(db)
    again = run([f], db)  # the same input, unchanged: skipped outright
    assert again.inputs_skipped == 1 and again.read == 0
    assert counts(db) == before
    # the same articles in another file: same URLs -> duplicates; same content under a new URL -> a copy
    g = tmp_path / "b.jsonl"
    g.write_bytes(jl(art(A1, "https://r.example/1"), art(A2, "https://other.example/2", source="other")))
    third = run([g], db)
    assert (third.duplicates, third.aliases, third.stored) == (1, 1, 0)
    after = counts(db)
    assert after["documents"] == before["documents"] and after["articles"] == before["articles"] + 1
    # a file that grew: its old records are duplicates, the new one is stored
    f.write_bytes(f.read_bytes() + jl(art(A3, "https://r.example/3")))
    grown = run([f], db)
    assert (grown.stored, grown.duplicates) == (1, 2)


def test_missing_path_and_cli_errors(tmp_path):
    with pytest.raises(InputError):
        list(expand([str(tmp_path / "nope.jsonl")]))
    r = runner.invoke(app, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "c.db")])
    assert r.exit_code == 2 and "no such file" in r.output
    r = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "c.db"), "--map", "bogus=x"])
    assert r.exit_code == 2 and "unknown field" in r.output
    r = runner.invoke(app, ["stats", "--db", str(tmp_path / "absent.db")])
    assert r.exit_code == 2 and "no such database" in r.output


def test_same_file_named_twice_is_read_once(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(jl(art(A1, "https://t.example/1"), art(A2, "https://t.example/2")))
    st = run([f, f, tmp_path], tmp_path / "c.db")
    assert (st.read, st.stored, st.duplicates) == (2, 2, 0)
