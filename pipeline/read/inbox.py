"""Walking the inbox: every regular file in it, and why each other path is not read.

The inbox is a boundary. It is a shared folder that takes files from anyone, so:

- a link is never followed out of the inbox (``link_outside``); a link to another
  place inside it is followed, and what it leads to is read once (``link_duplicate``
  for the second name of a file reached through a link, ``folder_loop`` for a folder
  already walked);
- named pipes, sockets and devices are never opened (``special_file``): only
  ``lstat``/``stat`` look at them, and opening a FIFO would block the night;
- hidden files and folders (``.DS_Store``, ``.git``) and Office lock files
  (``~$báo cáo.docx``, left by Word while a document is open) are not documents;
- names that are not valid UTF-8 (a drive shared with old Windows machines) are walked
  as bytes by the OS and shown with ``\\xNN`` escapes (:func:`shown_name`), so they can
  be stored and printed;
- very deep folders are walked without recursion (an explicit stack).

Each path not read comes out as a :class:`Skipped` with a code of
:mod:`pipeline.reasons`; the run records them in ``skipped_paths``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.reasons import message

# Word, Excel and PowerPoint write "~$" + the document's name beside an open document.
OFFICE_LOCK_PREFIX = "~$"


@dataclass(frozen=True, slots=True)
class Found:
    """A regular file to read."""

    path: Path  # the name as the OS knows it (may hold surrogate escapes)
    shown: str  # the path as recorded: relative to the working directory when inside it
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that is not read, and why."""

    shown: str
    code: str  # pipeline.reasons code
    detail: str | None = None

    @property
    def reason(self) -> str:
        return message(self.code, self.detail)


def shown_name(path: str | os.PathLike) -> str:
    """A path as text that can be stored and printed.

    Undecodable bytes of a file name (kept by Python as lone surrogates, which neither
    DuckDB nor a terminal accept) become ``\\xNN`` escapes.
    """
    s = os.fspath(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "backslashreplace")


def shown_path(path: Path) -> str:
    """The recorded form of a path: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return shown_name(absolute.relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return shown_name(absolute)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk(inbox: str | Path) -> Iterator[Found | Skipped]:
    """Every path under ``inbox``, depth first, in a stable (sorted by name) order."""
    inbox = Path(inbox)
    root_real = os.path.realpath(inbox)
    try:
        st = os.stat(root_real)
    except OSError:
        return
    walked: set[tuple[int, int]] = {(st.st_dev, st.st_ino)}  # folders walked
    linked_files: set[tuple[int, int]] = set()  # files reached through a link
    files_read: set[tuple[int, int]] = set()
    # The folder as given (a relative inbox is shown relative), walked with an explicit
    # stack of (folder, entries left) so depth costs no recursion.
    stack: list[tuple[Path, list[os.DirEntry]]] = []
    entries = _list(inbox)
    if isinstance(entries, Skipped):
        yield entries
        return
    stack.append((inbox, entries))
    while stack:
        folder, left = stack[-1]
        if not left:
            stack.pop()
            continue
        entry = left.pop(0)
        path = folder / entry.name
        name = entry.name
        if name.startswith("."):
            yield Skipped(shown_path(path), "hidden")
            continue
        if name.startswith(OFFICE_LOCK_PREFIX):
            yield Skipped(shown_path(path), "office_lock")
            continue
        try:
            lst = os.lstat(path)
        except FileNotFoundError:
            yield Skipped(shown_path(path), "vanished")
            continue
        except OSError as exc:
            yield Skipped(shown_path(path), "vanished", exc.strerror)
            continue
        is_link = stat.S_ISLNK(lst.st_mode)
        if is_link:
            real = os.path.realpath(path)
            if not _inside(real, root_real):
                yield Skipped(shown_path(path), "link_outside")
                continue
            try:
                st = os.stat(path)  # the target, without opening it
            except OSError:
                yield Skipped(shown_path(path), "link_broken")
                continue
        else:
            st = lst
        key = (st.st_dev, st.st_ino)
        if stat.S_ISDIR(st.st_mode):
            if key in walked:
                yield Skipped(shown_path(path), "link_duplicate" if is_link else "folder_loop")
                continue
            walked.add(key)
            sub = _list(path)
            if isinstance(sub, Skipped):
                yield sub
                continue
            stack.append((path, sub))
            continue
        if not stat.S_ISREG(st.st_mode):
            yield Skipped(shown_path(path), "special_file", _kind(st.st_mode))
            continue
        if is_link:
            if key in files_read or key in linked_files:
                yield Skipped(shown_path(path), "link_duplicate")
                continue
            linked_files.add(key)
        elif key in linked_files:
            # Reached first through a link (which sorted earlier): read once.
            yield Skipped(shown_path(path), "link_duplicate")
            continue
        files_read.add(key)
        yield Found(path, shown_path(path), st.st_size, st.st_mtime)


def _list(folder: Path) -> list[os.DirEntry] | Skipped:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        return Skipped(shown_path(folder), "unreadable_folder", exc.strerror)
    # Sort by the name's bytes: stable whatever the names' encoding.
    entries.sort(key=lambda e: os.fsencode(e.name))
    return entries


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "not a regular file"


def still_same(found: Found) -> Skipped | None:
    """After reading: None when the file is as it was walked, else why to skip it."""
    try:
        st = os.stat(found.path)
    except FileNotFoundError:
        return Skipped(found.shown, "vanished")
    except OSError as exc:
        return Skipped(found.shown, "vanished", exc.strerror)
    if st.st_size != found.size or st.st_mtime != found.mtime:
        return Skipped(found.shown, "changing")
    return None
