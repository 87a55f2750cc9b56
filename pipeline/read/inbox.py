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
- very deep folders are walked without recursion (an explicit stack); a path longer
  than the system's limit (``PATH_MAX``, 4,096 bytes) is recorded as ``path_too_long``;
- names are recorded with control characters (a newline, ``ESC``) and bidirectional
  overrides (U+202E, which shows ``gpj.exe`` as ``exe.jpg``) escaped, so a name cannot
  forge a line of the summary or disguise its extension (:func:`shown_name`);
- the archive's own files (``--db`` inside the inbox: the database, ``<db>.lock``,
  ``<db>.work``, its cache and corrections) are not documents (``archive_file``);
- a hard link is another name of the same file, not a link: nothing tells it from
  the file's first name (both have ``st_nlink`` 2), so it is read like any file
  of the inbox. (Linux's ``fs.protected_hardlinks``, on by default, stops a user
  from hard-linking a file they could not read themselves.)

Between the walk and the read a name can be swapped for a link (a race):
:func:`still_same`, called after hashing and after reading, checks that the path
still leads, without leaving the inbox, to the very file walked (same device and
inode); anything read from a swapped path is dropped (``changing``).

Each path not read comes out as a :class:`Skipped` with a code of
:mod:`pipeline.reasons`; the run records them in ``skipped_paths``.
"""

from __future__ import annotations

import errno
import os
import re
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
    key: tuple[int, int] = (0, 0)  # (st_dev, st_ino) of the file walked
    root: str = ""  # the inbox's real path


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
    except UnicodeEncodeError:
        s = os.fsencode(s).decode("utf-8", "backslashreplace")
    return _UNSAFE.sub(_escape, s)


# Control characters (category Cc: U+0000-001F, U+007F-009F: a newline, ESC, BEL) would
# forge a line or colour the terminal; bidirectional formatting characters (U+202E in
# "bao_cao<U+202E>txt.exe" shows the name as "bao_caoexe.txt") disguise an extension.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    n = ord(m.group(0))
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def shown_path(path: Path) -> str:
    """The recorded form of a path: relative to the working directory when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return shown_name(absolute.relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        return shown_name(absolute)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def archive_paths(db_path: str | Path, *others: str | Path | None) -> tuple[str, ...]:
    """Real paths of an archive's own files, for :func:`walk`'s ``exclude``.

    The database and everything named after it (``<db>.lock``, ``<db>.work``,
    ``<db>.wal``, ``<db>.cache/``, ``<db>.progress.json``), and ``others``
    (the corrections file).
    """
    real = os.path.realpath(db_path)
    return (real, real + ".*", *(os.path.realpath(o) for o in others if o))


def _excluded(name: str, path: Path, exclude: tuple[str, ...]) -> bool:
    real = None  # resolved only for a name that matches (one realpath, not one per file)
    for e in exclude:
        prefix = e[:-1] if e.endswith(".*") else None
        base = os.path.basename(prefix if prefix else e)
        if not (name.startswith(base) if prefix else name == base):
            continue
        real = real or os.path.realpath(path)
        if (real.startswith(prefix)) if prefix else real == e:
            return True
    return False


def walk(inbox: str | Path, exclude: tuple[str, ...] = ()) -> Iterator[Found | Skipped]:
    """Every path under ``inbox``, depth first, in a stable (sorted by name) order.

    ``exclude``: real paths not to read (:func:`archive_paths`); ``x.*`` stands for
    every name that starts with ``x.``.
    """
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
        except OSError as exc:
            yield Skipped(shown_path(path), *os_reason(exc))
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
        if exclude and _excluded(name, path, exclude):
            yield Skipped(shown_path(path), "archive_file")
            continue
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
        yield Found(path, shown_path(path), st.st_size, st.st_mtime, key, root_real)


def _list(folder: Path) -> list[os.DirEntry] | Skipped:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return Skipped(shown_path(folder), "path_too_long")
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


class NotRegular(OSError):
    """The path no longer leads to a regular file (swapped for a pipe or a device)."""


def open_regular(path: str | os.PathLike):
    """Open a file of the inbox for reading, never blocking on a pipe, device or socket
    put in its place since the walk (``O_NONBLOCK``; ``NotRegular`` then)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, "no longer a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_reason(exc: OSError) -> tuple[str, str | None]:
    """The reason code (and detail) of an error met opening or looking at a path."""
    if isinstance(exc, FileNotFoundError):
        return "vanished", None
    if isinstance(exc, NotRegular):
        return "changing", exc.strerror
    if exc.errno == errno.ENAMETOOLONG:
        return "path_too_long", None
    return "unreadable_file", exc.strerror


def still_same(found: Found) -> Skipped | None:
    """After hashing or reading: None when the path still leads, inside the inbox, to
    the file walked, unchanged; else why to drop what was read.

    A name swapped for a link (to ``/etc/passwd``, or through a folder swapped for a
    link) after the walk leads outside the inbox or to another inode: ``changing``.
    """
    try:
        st = os.stat(found.path)
    except OSError as exc:
        return Skipped(found.shown, *os_reason(exc))
    if found.root and not _inside(os.path.realpath(found.path), found.root):
        return Skipped(found.shown, "changing", "now a link out of the inbox")
    if found.key != (0, 0) and (st.st_dev, st.st_ino) != found.key:
        return Skipped(found.shown, "changing", "replaced by another file")
    if st.st_size != found.size or st.st_mtime != found.mtime:
        return Skipped(found.shown, "changing")
    return None
