"""The command line: help with examples, results on stdout, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.main import app

runner = CliRunner()
VANTHU = [sys.executable, "-m", "pipeline.cli.main"]


def _commands(group, prefix=()):
    # typer vendors its own click: recognise groups by what they have, not by class
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


ALL_COMMANDS = sorted(_commands(typer.main.get_command(app)))


def test_the_commands_the_issues_ask_for_exist():
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert {"ingest", "show", "query", "eval", "review", "correct"} <= names


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=[" ".join(c) for c in ALL_COMMANDS])
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def _run(*args, cwd=None):
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*VANTHU, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def test_query_prints_json_on_stdout(seeds_db):
    r = _run(
        "query",
        "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1",
        "--db",
        str(seeds_db),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {"doc_type": "Báo cáo", "n": 1} in rows


def test_query_is_read_only_and_errors_have_no_traceback(seeds_db):
    r = _run("query", "DELETE FROM documents", "--db", str(seeds_db))
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "error" in r.stderr.lower()


def test_missing_database_is_a_clear_error(tmp_path):
    r = _run("show", "x", "--db", str(tmp_path / "nope.duckdb"))
    assert r.returncode == 5
    assert "no database" in r.stderr and "Traceback" not in r.stderr


def test_show_gives_each_value_with_its_evidence(seeds_db):
    r = _run("show", "004_5a3cf1efe37867a9.txt", "--db", str(seeds_db), "--json")
    assert r.returncode == 0, r.stderr
    (doc,) = json.loads(r.stdout)
    fields = {f["name"]: f for f in doc["fields"]}
    assert fields["number"]["value"] == "2749"
    assert fields["number"]["rule"]
    assert fields["number"]["char_start"] is not None
    assert "2749" in fields["number"]["evidence"]
    assert doc["citations"]


def test_eval_scores_and_exit_code_follows_min_score(seeds_db, tmp_path):
    gold = Path(__file__).parent / "data" / "gold" / "seeds.gold.json"
    r = _run("eval", "--gold", str(gold), "--db", str(seeds_db), "--json")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["documents"]["found"] == 8
    r = _run("eval", "--gold", str(gold), "--db", str(seeds_db), "--min-score", "1.01")
    assert r.returncode == 6


def test_ingest_exit_code_and_summary(tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    (box / "note.txt").write_text("Số: 12/BC-UBND\nBÁO CÁO\nKết quả\n", encoding="utf-8")
    (box / "bad.pdf").write_bytes(b"%PDF-1.7 not really")
    db = tmp_path / "x.duckdb"
    r = _run("ingest", str(box), "--db", str(db), "--no-progress")
    assert r.returncode == 3, r.stderr
    assert "bad.pdf" in r.stdout and "quarantined" in r.stdout.lower()
    r = _run("ingest", str(box), "--db", str(db), "--json", "--no-progress")
    assert r.returncode == 0
    s = json.loads(r.stdout)
    assert s["files_new"] == 0 and len(s["quarantined_earlier"]) == 1


def test_review_lists_unsure_fields_worst_first_with_evidence(seeds_db):
    r = _run("review", "--db", str(seeds_db), "--threshold", "1.01", "--limit", "500", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows, "every field below 1.01 should be listed"
    confs = [row["confidence"] for row in rows]
    assert confs == sorted(confs)
    inferred = [
        row
        for row in rows
        if row["doc_id"] and row["field"] == "issuer" and row["confidence"] < 0.9
    ]
    assert inferred, "inferred issuers (seeds 001, 002) are less sure than printed ones"
    assert all(row["rule"] for row in rows)


def test_correct_records_a_row_in_the_corrections_file(seeds_db, tmp_path):
    csv = tmp_path / "c.csv"
    r = _run(
        "query",
        "SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1",
        "--db",
        str(seeds_db),
        "--json",
    )
    doc_id = json.loads(r.stdout)[0]["doc_id"]
    r = _run(
        "correct",
        doc_id,
        "place",
        "Hà Nội",
        "--db",
        str(seeds_db),
        "--corrections",
        str(csv),
        "--note",
        "checked on paper",
    )
    assert r.returncode == 0, r.stderr
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("file_id,ordinal,field,value")
    assert ",place,Hà Nội,checked on paper" in lines[1]
    r = _run("correct", "nope-1", "place", "X", "--db", str(seeds_db), "--corrections", str(csv))
    assert r.returncode == 1 and "no document" in r.stderr


def test_missing_tesseract_stops_the_run_with_exit_code_4(tmp_path):
    from PIL import Image

    box = tmp_path / "box"
    box.mkdir()
    Image.new("L", (200, 100), 255).save(box / "scan.png")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no tesseract on it
    r = subprocess.run(
        [*VANTHU, "ingest", str(box), "--db", str(tmp_path / "x.duckdb"), "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 4, r.stderr
    assert "tesseract" in r.stderr.lower() and "Traceback" not in r.stderr
