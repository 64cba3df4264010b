import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEED_DIR, need_shared
from marsad.cli import app

runner = CliRunner()
ARTICLE = "عنوان الخبر\n\nقال الرئيس الروسي فلاديمير بوتين اليوم الاثنين إن روسيا ستدعم كوريا الشمالية.\n"


def test_analyze_text_file_json(tmp_path, validate_doc):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f), "--published", "2025-04-28", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    validate_doc(data)
    assert data["published"] == "2025-04-28" and data["title"] == "عنوان الخبر"


def test_analyze_text_report(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f)])
    assert r.exit_code == 0
    assert "== عنوان الخبر" in r.stdout and "Entities" in r.stdout and "Events" in r.stdout


def test_analyze_folder_json_lines(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"title": "ت", "content": ARTICLE, "date": "2025-01-02"}), encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert len(lines) == 2 and lines[1]["published"] == "2025-01-02"


def test_analyze_stdin():
    r = runner.invoke(app, ["analyze", "-", "--format", "json"], input=ARTICLE.encode())
    assert r.exit_code == 0
    assert json.loads(r.stdout)["text"] == ARTICLE


def test_analyze_html(tmp_path):
    body = "<p>" + ARTICLE.replace("\n", " ") * 3 + "</p>"
    html = f"<html><head><title>خبر</title></head><body><nav>القائمة</nav><article>{body}</article></body></html>"
    f = tmp_path / "a.html"
    f.write_text(html, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "بوتين" in json.loads(r.stdout)["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xff\xfe\x00a", "binary"),
        ("نص".encode("cp1256"), "not UTF-8"),
        (b"This is an English article about nothing in particular.", "not Arabic"),
    ],
)
def test_bad_input_one_line_error(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = runner.invoke(app, ["analyze", str(f)])
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1


def test_bad_json_and_empty_folder(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"text": "نص', encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f)])
    assert r.exit_code == 2 and "invalid JSON" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = runner.invoke(app, ["analyze", str(empty)])
    assert r.exit_code == 2 and "no documents" in r.stderr
    r = runner.invoke(app, ["analyze", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_bad_published_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(app, ["analyze", str(f), "--published", "28/04/2025"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.stderr


def test_console_script_no_traceback(tmp_path):
    exe = ROOT / ".venv" / "bin" / "marsad"
    if not exe.exists():
        pytest.skip("console script not installed in .venv")
    f = tmp_path / "bad.txt"
    f.write_bytes(b"\xff\xfe\x00")
    p = subprocess.run([str(exe), "analyze", str(f)], capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_eval_prints_table(tmp_path):
    need_shared(SEED_DIR)
    out = tmp_path / "scores.json"
    r = runner.invoke(app, ["eval", str(SEED_DIR), "--json", str(out)])
    assert r.exit_code == 0, r.output
    for c in ("entities", "linking", "quote_spans", "quote_attribution", "events", "places", "micro average"):
        assert c in r.stdout
    assert "kursk-2025-04-28" in json.loads(out.read_text())["documents"]


def test_module_runs():
    p = subprocess.run([sys.executable, "-m", "marsad.cli", "--help"], capture_output=True, text=True)
    assert p.returncode == 0 and "analyze" in p.stdout


def test_eval_ner_cli_scores_a_file(tmp_path):
    """eval-ner prints conlleval-style figures whose last line is the micro average."""
    from marsad.extract import ner_crf

    if not ner_crf.default_model_path().exists():
        pytest.skip("the packaged NER model is not in this build")
    f = tmp_path / "tiny.txt"
    f.write_text("قال O\nالرئيس O\nماكرون B-PERS\nفي O\nباريس B-LOC\n\n", encoding="utf-8")
    r = runner.invoke(app, ["eval-ner", str(f)])
    assert r.exit_code == 0, r.output
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("micro precision=") and " recall=" in last and " f1=" in last


def test_ner_commands_reject_missing_files(tmp_path):
    assert runner.invoke(app, ["eval-ner", str(tmp_path / "none.txt")]).exit_code == 2
    assert runner.invoke(app, ["train-ner", str(tmp_path / "none.txt")]).exit_code == 2
