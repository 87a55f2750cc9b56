"""The nightly run: nothing is lost, bad files are quarantined, re-runs change nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import ingest
from pipeline.errors import ExitCode
from pipeline.ingest import run_ingest
from tests.conftest import SEEDS


def _snapshot(folder: Path) -> dict[str, tuple[str, float]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _q(db: Path, sql: str, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture
def mixed_inbox(inbox: Path) -> Path:
    shutil.copy2(SEEDS / "003_70d23884daef02f4.txt", inbox / "chi-thi.txt")
    sub = inbox / "2024" / "thang-3"
    sub.mkdir(parents=True)
    shutil.copy2(SEEDS / "004_5a3cf1efe37867a9.txt", sub / "cong-van.txt")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ngarbage")
    (inbox / "empty.docx").write_bytes(b"")
    (inbox / "program.exe").write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 4)
    (inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return inbox


def test_every_file_gets_a_row_and_bad_ones_a_reason(mixed_inbox, tmp_path):
    db = tmp_path / "a.duckdb"
    s = run_ingest(mixed_inbox, db, progress=False)
    rows = {Path(r[0]).name: (r[1], r[2]) for r in _q(db, "SELECT path, status, error FROM files")}
    assert rows["chi-thi.txt"] == ("ok", None)
    assert rows["cong-van.txt"][0] == "ok"  # found recursively
    for bad in ("broken.pdf", "empty.docx", "program.exe"):
        status, reason = rows[bad]
        assert status == "quarantined"
        assert reason and len(reason) > 15 and "Traceback" not in reason
    assert ".DS_Store" not in rows
    assert s.exit_code == ExitCode.quarantined
    assert len(s.quarantined_new) == 3


def test_input_files_are_never_modified_moved_or_deleted(mixed_inbox, tmp_path):
    before = _snapshot(mixed_inbox)
    run_ingest(mixed_inbox, tmp_path / "a.duckdb", progress=False)
    run_ingest(mixed_inbox, tmp_path / "a.duckdb", progress=False, retry_quarantined=True)
    assert _snapshot(mixed_inbox) == before


def test_rerun_over_unchanged_inbox_loads_nothing_and_does_not_rehash(
    mixed_inbox, tmp_path, monkeypatch
):
    db = tmp_path / "a.duckdb"
    run_ingest(mixed_inbox, db, progress=False)
    docs_before = _q(db, "SELECT doc_id, doc_type, number, subject FROM documents ORDER BY 1")
    cits_before = _q(db, "SELECT doc_id, seq, target_key FROM citations ORDER BY 1, 2")

    def no_hashing(path):
        raise AssertionError(f"re-hashed unchanged file {path}")

    monkeypatch.setattr(ingest, "sha256_file", no_hashing)
    s = run_ingest(mixed_inbox, db, progress=False)
    assert s.files_new == 0 and s.documents_new == 0
    assert s.files_skipped == s.files_seen
    # quarantined on an earlier night: listed, but this night does not fail
    assert s.exit_code == ExitCode.ok
    assert len(s.quarantined_before) == 3
    assert (
        _q(db, "SELECT doc_id, doc_type, number, subject FROM documents ORDER BY 1") == docs_before
    )
    assert _q(db, "SELECT doc_id, seq, target_key FROM citations ORDER BY 1, 2") == cits_before
    # nothing to write: the archive file is not even copied, so no second `runs` row
    assert not s.wrote
    assert _q(db, "SELECT count(*) FROM runs")[0][0] == 1


def test_same_content_under_two_paths_is_one_file_with_two_paths(inbox, tmp_path):
    shutil.copy2(SEEDS / "003_70d23884daef02f4.txt", inbox / "a.txt")
    db = tmp_path / "a.duckdb"
    run_ingest(inbox, db, progress=False)
    shutil.copy2(SEEDS / "003_70d23884daef02f4.txt", inbox / "copy-of-a.txt")
    s = run_ingest(inbox, db, progress=False)
    assert s.files_new == 0
    assert _q(db, "SELECT count(*) FROM files")[0][0] == 1
    paths = sorted(Path(r[0]).name for r in _q(db, "SELECT path FROM file_paths"))
    assert paths == ["a.txt", "copy-of-a.txt"]
    assert Path(_q(db, "SELECT path FROM files")[0][0]).name == "a.txt"  # first path seen


def test_touched_file_with_same_content_is_rehashed_but_not_reloaded(inbox, tmp_path):
    f = inbox / "a.txt"
    shutil.copy2(SEEDS / "003_70d23884daef02f4.txt", f)
    db = tmp_path / "a.duckdb"
    run_ingest(inbox, db, progress=False)
    os.utime(f, (f.stat().st_atime, f.stat().st_mtime + 100))
    s = run_ingest(inbox, db, progress=False)
    assert s.files_new == 0 and s.files_skipped == 1


def test_documents_in_a_file_get_one_row_each_with_attachment_links(seeds_db):
    rows = _q(
        seeds_db,
        "SELECT source_path, ordinal, doc_type, parent_doc_id FROM documents "
        "ORDER BY source_path, ordinal",
    )
    by_file: dict[str, list] = {}
    for path, ordinal, doc_type, parent in rows:
        by_file.setdefault(Path(path).stem, []).append((ordinal, doc_type, parent))
    assert [t for _, t, _ in by_file["000_fbaf2365db55772f"]] == [
        "Báo cáo",
        "Biên bản",
        "Bảng điểm",
    ]
    assert [t for _, t, _ in by_file["002_5bc98d156abd9872"]] == ["Kế hoạch", "Đề cương"]
    # the outline is attached to the plan
    assert by_file["002_5bc98d156abd9872"][1][2].endswith("-1")


def test_citation_offsets_point_into_the_document_text(seeds_db):
    rows = _q(
        seeds_db,
        "SELECT d.text, c.mention, c.char_start, c.char_end FROM citations c "
        "JOIN documents d USING (doc_id)",
    )
    assert rows
    for text, mention, start, end in rows:
        assert text[start:end] == mention


def test_new_database_path_starts_cold(seed_inbox, tmp_path):
    s1 = run_ingest(seed_inbox, tmp_path / "one.duckdb", progress=False)
    s2 = run_ingest(seed_inbox, tmp_path / "two.duckdb", progress=False)
    assert s1.files_new == s2.files_new == 5


def test_new_extraction_rules_reextract_stored_files_without_reading_them(
    seed_inbox, tmp_path, monkeypatch
):
    db = tmp_path / "a.duckdb"
    run_ingest(seed_inbox, db, progress=False)
    s = run_ingest(seed_inbox, db, progress=False)
    assert s.files_reextracted == 0  # same rules: nothing to redo

    from pipeline.read import text

    def no_reading(*args, **kwargs):
        raise AssertionError("re-read a stored file")

    monkeypatch.setattr(text, "read_file", no_reading)
    monkeypatch.setattr(ingest, "extraction_fingerprint", lambda: "rules-of-a-new-version")
    s = run_ingest(seed_inbox, db, progress=False)
    assert s.files_reextracted == 5 and s.files_new == 0
    assert _q(db, "SELECT count(*) FROM documents")[0][0] == 8


def test_pages_keep_quality_decision_and_ocr_word_boxes(tmp_path):
    from pipeline.store import db as dbmod
    from pipeline.store import load
    from schemas.records import OcrWord, PageText

    con = dbmod.connect(tmp_path / "a.duckdb")
    words = (
        OcrWord("Số:", 0.1, 0.2, 0.15, 0.22, 0.95, 0, 3),
        OcrWord("2L", 0.16, 0.2, 0.2, 0.22, 0.33),
    )
    page = PageText(1, "Số: 2L", "ocr", 0.64, 0.5, "ocr", "image covers 100%", words)
    load.insert_pages(con, "f1", [page])
    row = con.execute("SELECT quality, decision, decision_reason FROM pages").fetchone()
    assert row == (0.5, "ocr", "image covers 100%")
    assert load.stored_words(con, "f1") == {1: words}
    load.delete_file_rows(con, "f1")
    assert con.execute("SELECT count(*) FROM ocr_words").fetchone()[0] == 0
