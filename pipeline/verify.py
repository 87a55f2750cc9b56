"""``vanthu verify``: is the inbox still what the archive read?

Every file under the inbox is re-hashed (size and mtime are not trusted: a file can
change and keep both) and compared with what the archive recorded for its path:

| status | meaning |
|---|---|
| ``ok`` | same content as when it was ingested (or known content under a new name) |
| ``quarantined`` | ingested, not readable, and unchanged since (see ``files.error``) |
| ``changed`` | the archive read different content under this path |
| ``missing`` | the archive read this path, and it is no longer in the inbox |
| ``not_ingested`` | content the archive has never seen |

All is well when nothing is ``changed``, ``missing`` or ``not_ingested``, and no table
holds a key twice (``repeated_keys``: the tables that grow with the archive declare no
PRIMARY KEY, see pipeline/store/db.py UNKEYED). The archive is opened read-only; verify
never writes anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.read import inbox as inboxmod
from pipeline.store import db as dbmod

PROBLEMS = ("changed", "missing", "not_ingested")
CHUNK = 1 << 20


@dataclass
class VerifyReport:
    inbox: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, detail)
    repeated_keys: dict[str, int] = field(default_factory=dict)  # table -> keys held twice

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r[1] == status)

    @property
    def all_well(self) -> bool:
        return not self.repeated_keys and not any(r[1] in PROBLEMS for r in self.rows)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _under(path: str, prefix: str) -> bool:
    if prefix in ("", "."):
        return not path.startswith("/")
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def verify(inbox: str | Path, db_path: str | Path) -> VerifyReport:
    """Compare every file under ``inbox`` with the archive at ``db_path``."""
    inbox = Path(inbox)
    rep = VerifyReport(inboxmod.shown_path(inbox))
    con = dbmod.connect(db_path, read_only=True)
    try:
        by_path = dict(con.execute("SELECT path, file_id FROM file_paths").fetchall())
        status_of = dict(con.execute("SELECT file_id, status FROM files").fetchall())
        rep.repeated_keys = dbmod.repeated_keys(con)
    finally:
        con.close()
    seen: set[str] = set()
    for item in inboxmod.walk(inbox, inboxmod.archive_paths(db_path)):
        if not isinstance(item, inboxmod.Found):
            continue
        seen.add(item.shown)
        try:
            digest = _sha256(item.path)
        except OSError as exc:
            rep.rows.append((item.shown, "missing", exc.strerror or str(exc)))
            continue
        recorded = by_path.get(item.shown)
        if recorded is not None and recorded != digest:
            rep.rows.append(
                (item.shown, "changed", f"archive read {recorded[:12]}…, now {digest[:12]}…")
            )
        elif digest in status_of:
            st = "quarantined" if status_of[digest] == "quarantined" else "ok"
            detail = "" if recorded is not None else "known content under a new name"
            rep.rows.append((item.shown, st, detail))
        else:
            rep.rows.append((item.shown, "not_ingested", "never read into this archive"))
    for path in sorted(by_path):
        if _under(path, rep.inbox) and path not in seen:
            rep.rows.append((path, "missing", "read by the archive, no longer in the inbox"))
    rep.rows.sort()
    return rep
