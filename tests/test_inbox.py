"""The inbox is a boundary: what is read, what is not, and why (pipeline.read.inbox)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipeline import ingest
from pipeline.read import inbox as inboxmod
from pipeline.read.inbox import Found, Skipped, walk
from tests.hostile import DOC, OUTSIDE_MARKER


def _walk(folder: Path) -> tuple[dict[str, Found], dict[str, Skipped]]:
    found, skipped = {}, {}
    for item in walk(folder):
        rel = os.path.relpath(item.path, folder) if isinstance(item, Found) else None
        if isinstance(item, Found):
            found[rel] = item
        else:
            skipped[os.path.relpath(item.shown, inboxmod.shown_path(folder))] = item
    return found, skipped


def test_links_out_of_the_inbox_are_never_followed(tmp_path):
    box, out = tmp_path / "inbox", tmp_path / "outside"
    box.mkdir()
    out.mkdir()
    (out / "secret.txt").write_text(OUTSIDE_MARKER)
    os.symlink(out / "secret.txt", box / "a.txt")
    os.symlink(out, box / "folder")
    os.symlink("/etc/hostname", box / "hostname.txt")
    os.symlink("../outside/secret.txt", box / "relative.txt")
    found, skipped = _walk(box)
    assert found == {}
    assert {k: s.code for k, s in skipped.items()} == {
        "a.txt": "link_outside",
        "folder": "link_outside",
        "hostname.txt": "link_outside",
        "relative.txt": "link_outside",
    }


def test_a_link_inside_the_inbox_is_read_once_and_a_loop_is_not_walked_twice(tmp_path):
    box = tmp_path / "inbox"
    (box / "docs").mkdir(parents=True)
    (box / "docs" / "real.txt").write_text(DOC.format(n=1))
    os.symlink(box / "docs" / "real.txt", box / "docs" / "z_alias.txt")
    os.symlink(box / "docs", box / "z_docs_again")  # the same folder under another name
    os.symlink(box, box / "docs" / "up")  # a loop
    found, skipped = _walk(box)
    assert list(found) == ["docs/real.txt"]
    assert skipped["docs/z_alias.txt"].code == "link_duplicate"
    assert skipped["docs/up"].code in ("link_duplicate", "folder_loop")
    assert skipped["z_docs_again"].code == "link_duplicate"


def test_pipes_sockets_and_devices_are_skipped_without_being_opened(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    os.mkfifo(box / "pipe.txt")  # opening it for reading would block forever
    os.symlink(box / "pipe.txt", box / "link_to_pipe.txt")
    found, skipped = _walk(box)
    assert found == {}
    assert skipped["pipe.txt"].code == "special_file"
    assert skipped["link_to_pipe.txt"].code == "special_file"
    assert "named pipe" in skipped["pipe.txt"].reason


def test_hidden_files_office_locks_and_broken_links_are_recorded_not_dropped(tmp_path):
    box = tmp_path / "inbox"
    (box / ".git").mkdir(parents=True)
    (box / ".git" / "config").write_text("x")
    (box / ".DS_Store").write_bytes(b"\0\0")
    (box / "~$bao_cao.docx").write_bytes(b"\x0bNguyen")
    os.symlink(box / "gone.txt", box / "broken.txt")
    found, skipped = _walk(box)
    assert found == {}
    assert {k: s.code for k, s in skipped.items()} == {
        ".git": "hidden",
        ".DS_Store": "hidden",
        "~$bao_cao.docx": "office_lock",
        "broken.txt": "link_broken",
    }


def test_undecodable_names_and_very_deep_folders_are_read(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    name = os.fsdecode(b"bao_cao_\xff\xfe.txt")
    (box / name).write_text(DOC.format(n=2))
    folder = str(box)
    for _ in range(300):
        folder += "/d"
        os.mkdir(folder)
    Path(folder, "deep.txt").write_text(DOC.format(n=3))
    found, _ = _walk(box)
    assert len(found) == 2
    shown = [f.shown for f in found.values()]
    assert any(s.endswith("bao_cao_\\xff\\xfe.txt") for s in shown)  # printable, storable
    for s in shown:
        s.encode("utf-8")


def test_a_file_that_changes_or_vanishes_after_the_walk_is_noticed(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text(DOC.format(n=4))
    (box / "b.txt").write_text(DOC.format(n=5))
    found, _ = _walk(box)
    (box / "a.txt").write_text(DOC.format(n=4) + "still being copied")
    (box / "b.txt").unlink()
    assert inboxmod.still_same(found["a.txt"]).code == "changing"
    assert inboxmod.still_same(found["b.txt"]).code == "vanished"


def test_ingest_records_skipped_paths_and_a_file_vanishing_mid_run(tmp_path, monkeypatch):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "keep.txt").write_text(DOC.format(n=6), encoding="utf-8")
    (box / "going.txt").write_text(DOC.format(n=7), encoding="utf-8")
    (box / ".hidden.txt").write_text(DOC.format(n=8), encoding="utf-8")
    real_hash = ingest.sha256_file

    def hash_then_vanish(path):
        digest = real_hash(path)
        if Path(path).name == "going.txt":
            Path(path).unlink()  # gone between the walk and the read
        return digest

    monkeypatch.setattr(ingest, "sha256_file", hash_then_vanish)
    db = tmp_path / "a.duckdb"
    s = ingest.run_ingest(box, db, progress=False)
    assert s.files_new == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT path, code FROM skipped_paths").fetchall())
    con.close()
    names = {Path(p).name: c for p, c in rows.items()}
    assert names == {".hidden.txt": "hidden", "going.txt": "vanished"}
    assert {(Path(p).name, c) for p, c, _ in s.skipped} == set(names.items())
