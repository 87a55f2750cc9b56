"""A hostile inbox, run through `vanthu ingest` as a user would (tests/hostile.py).

Each case ends as the corpus says (read, quarantined with one of its reason codes, or
skipped with its code); nothing outside the inbox is read, no script runs, no input
changes, the console shows no traceback, and a re-run adds nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.read.inbox import shown_path
from pipeline.reasons import REASONS, message
from tests.hostile import OUTSIDE_MARKER, SCRIPT_MARKER, make_corpus

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(folder: Path) -> dict[str, str]:
    """Hash of every regular file (never opening pipes, sockets or devices)."""
    out = {}
    stack = [folder]
    while stack:
        d = stack.pop()
        for e in os.scandir(d):
            st = os.lstat(e.path)
            if stat.S_ISDIR(st.st_mode):
                stack.append(Path(e.path))
            elif stat.S_ISREG(st.st_mode):
                out[e.path] = hashlib.sha256(Path(e.path).read_bytes()).hexdigest()
            else:
                out[e.path] = f"mode {st.st_mode:o}"
    return out


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    cases = make_corpus(root, big=True, line_chars=300_000)
    before = _snapshot(root)
    db = root / "archive.duckdb"
    args = ["ingest", "inbox", "--db", str(db), "--no-progress", "--page-budget", "120"]
    first = _run(args, root)
    second = _run(args, root)
    return root, cases, before, db, first, second


def test_the_run_goes_on_with_no_traceback_and_says_a_file_was_quarantined(hostile_run):
    root, cases, before, db, first, second = hostile_run
    assert first.returncode == 3, first.stderr
    for out in (first.stdout, first.stderr):
        assert "Traceback" not in out
        assert "internal error" not in out
    assert "Paths not read" in first.stdout  # the summary shows the skipped paths


def test_every_case_ends_as_it_must(hostile_run):
    root, cases, before, db, first, second = hostile_run
    con = duckdb.connect(str(db), read_only=True)
    files = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT p.path, f.status, f.error_code, f.error FROM file_paths p "
            "JOIN files f USING (file_id)"
        ).fetchall()
    }
    skipped = dict(con.execute("SELECT path, code FROM skipped_paths").fetchall())
    con.close()
    wrong = []
    for c in cases:
        # Paths are recorded relative to the working directory (here: root).
        shown = os.path.relpath(shown_path(root / "inbox" / c.rel), root)
        if c.expect == "skipped":
            got = ("skipped", skipped.get(shown))
            ok = got[1] in c.codes
        elif c.expect == "read":
            got = files.get(shown, ("missing",))[:2]
            ok = got[0] == "ok"
        else:
            got = files.get(shown, ("missing",))[:2]
            ok = got[0] == "quarantined" and got[1] in c.codes
        if not ok:
            wrong.append((c.name, c.expect, sorted(c.codes), got))
    assert wrong == []


def test_every_reason_is_plain_words_with_a_code_in_both_languages(hostile_run):
    root, cases, before, db, first, second = hostile_run
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT error_code, error FROM files WHERE status = 'quarantined' "
        "UNION ALL SELECT code, reason FROM skipped_paths"
    ).fetchall()
    con.close()
    assert rows
    for code, reason in rows:
        assert code in REASONS
        assert reason.startswith(message(code))  # the table's English, then the detail
        assert REASONS[code].vi and REASONS[code].vi != REASONS[code].en


def test_nothing_outside_the_inbox_is_read_and_no_script_runs(hostile_run):
    root, cases, before, db, first, second = hostile_run
    con = duckdb.connect(str(db), read_only=True)
    text = "\n".join(r[0] or "" for r in con.execute("SELECT text FROM pages").fetchall())
    con.close()
    assert OUTSIDE_MARKER not in text
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if len(hostname) > 6:
        assert hostname not in text
    assert SCRIPT_MARKER not in text  # script and noscript content is not text
    assert not (root / "PWNED").exists() and not (root / "inbox" / "PWNED").exists()


def test_no_input_is_changed(hostile_run):
    root, cases, before, db, first, second = hostile_run
    after = _snapshot(root)
    inputs = {k: v for k, v in before.items() if "/inbox/" in k or "/outside/" in k}
    assert {k: after.get(k) for k in inputs} == inputs


def test_a_rerun_adds_nothing(hostile_run):
    root, cases, before, db, first, second = hostile_run
    assert second.returncode == 0, second.stderr  # quarantined on an earlier night
    assert "nothing new: the archive was not changed" in second.stdout
    assert "Traceback" not in second.stderr
