"""The inbox is a boundary: what is read, what is not, and why (pipeline.read.inbox)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

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


def test_a_name_swapped_for_a_link_after_the_walk_is_dropped(tmp_path):
    """The race: a file or folder replaced by a link out of the inbox between walk and read.

    The outside copies have the same size and time, so only where the path now leads
    (another inode, outside the inbox) tells them apart.
    """
    box, out = tmp_path / "inbox", tmp_path / "outside"
    (box / "sub").mkdir(parents=True)
    (out / "sub").mkdir(parents=True)
    for rel in ("a.txt", "sub/c.txt"):
        (box / rel).write_text(DOC.format(n=4))
        (out / rel).write_text(DOC.format(n=4))
        st = os.stat(box / rel)
        os.utime(out / rel, ns=(st.st_atime_ns, st.st_mtime_ns))
    found, _ = _walk(box)
    assert inboxmod.still_same(found["a.txt"]) is None
    (box / "a.txt").unlink()
    os.symlink(out / "a.txt", box / "a.txt")
    os.rename(box / "sub", box / "sub_old")
    os.symlink(out / "sub", box / "sub")
    assert inboxmod.still_same(found["a.txt"]).code == "changing"
    assert inboxmod.still_same(found["sub/c.txt"]).code == "changing"


def test_ingest_drops_a_file_swapped_for_a_link_while_it_is_hashed(tmp_path, monkeypatch):
    box, out = tmp_path / "inbox", tmp_path / "outside"
    box.mkdir()
    out.mkdir()
    (box / "keep.txt").write_text(DOC.format(n=6), encoding="utf-8")
    (box / "swap.txt").write_text(DOC.format(n=7), encoding="utf-8")
    (out / "secret.txt").write_text(DOC.format(n=7), encoding="utf-8")  # same size
    real_hash = ingest.sha256_file

    def hash_then_swap(path):
        digest = real_hash(path)
        if Path(path).name == "swap.txt":
            st = os.stat(path)
            os.utime(out / "secret.txt", ns=(st.st_atime_ns, st.st_mtime_ns))
            Path(path).unlink()
            os.symlink(out / "secret.txt", path)
        return digest

    monkeypatch.setattr(ingest, "sha256_file", hash_then_swap)
    db = tmp_path / "a.duckdb"
    s = ingest.run_ingest(box, db, progress=False)
    assert s.files_new == 1
    con = duckdb.connect(str(db), read_only=True)
    paths = {Path(p).name for (p,) in con.execute("SELECT path FROM file_paths").fetchall()}
    rows = {
        Path(p).name: c for p, c in con.execute("SELECT path, code FROM skipped_paths").fetchall()
    }
    con.close()
    assert paths == {"keep.txt"}
    assert rows == {"swap.txt": "changing"}


def test_the_archive_inside_the_inbox_is_not_read_as_a_document(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "keep.txt").write_text(DOC.format(n=6), encoding="utf-8")
    db = box / "archive.duckdb"
    ingest.run_ingest(box, db, progress=False)
    second = ingest.run_ingest(box, db, progress=False)
    assert second.files_new == 0
    con = duckdb.connect(str(db), read_only=True)
    paths = {Path(p).name for (p,) in con.execute("SELECT path FROM file_paths").fetchall()}
    skipped = {
        Path(p).name: c for p, c in con.execute("SELECT path, code FROM skipped_paths").fetchall()
    }
    con.close()
    assert paths == {"keep.txt"}
    assert skipped["archive.duckdb"] == "archive_file"
    assert skipped["archive.duckdb.lock"] == "archive_file"
    third = ingest.run_ingest(box, db, progress=False)
    assert not third.wrote  # a re-run adds nothing


def test_names_cannot_forge_a_line_or_hide_their_extension():
    assert inboxmod.shown_name("new\nline.txt") == "new\\x0aline.txt"
    assert inboxmod.shown_name("a\x1b[31m.txt") == "a\\x1b[31m.txt"
    assert inboxmod.shown_name("bao_cao\u202etxt.exe") == "bao_cao\\u202etxt.exe"
    assert inboxmod.shown_name("Quyết định số 12.pdf") == "Quyết định số 12.pdf"


def test_a_path_past_the_system_limit_is_recorded_not_lost(tmp_path, monkeypatch):
    box = tmp_path / "inbox"
    box.mkdir()
    monkeypatch.chdir(box)
    for _ in range(20):  # one level at a time: the whole path is past what open() takes
        os.mkdir("L" * 230)
        os.chdir("L" * 230)
    Path("deep.txt").write_text(DOC.format(n=9))
    monkeypatch.chdir(tmp_path)
    skipped = [s for s in walk("inbox") if isinstance(s, Skipped)]
    assert [s.code for s in skipped] == ["path_too_long"]


def test_the_whole_disk_or_a_kernel_folder_is_not_an_inbox(tmp_path):
    from pipeline.errors import VanthuError

    for inbox in ("/", "/proc", "/sys/kernel"):
        with pytest.raises(VanthuError, match="system folder") as err:
            ingest.run_ingest(inbox, tmp_path / "a.duckdb", progress=False)
        assert err.value.exit_code == 2
    assert not (tmp_path / "a.duckdb").exists()


def test_a_file_swapped_for_a_named_pipe_after_the_walk_does_not_hold_the_run(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.pdf").write_text(DOC.format(n=4))
    found, _ = _walk(box)
    (box / "a.pdf").unlink()
    os.mkfifo(box / "a.pdf")  # opening it for reading without O_NONBLOCK would block
    with pytest.raises(OSError) as err:
        ingest.sha256_file(found["a.pdf"].path)
    assert inboxmod.os_reason(err.value)[0] == "changing"
