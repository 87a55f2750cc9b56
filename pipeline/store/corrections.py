"""Archivists' corrections: they override extracted values in every later run.

Corrections live in a CSV file the archivists own, never in the database alone, so
re-running or upgrading the pipeline — even deleting the database — cannot lose them.
The file belongs to the archive: ``<db stem>.corrections.csv`` beside the database
(``data/curated/archive.corrections.csv`` for ``data/curated/archive.duckdb``), whatever
folder ``vanthu`` is started in (:func:`path_for`); ``--corrections PATH`` overrides it.
``vanthu correct`` and the web app write it with :func:`append`. Columns:

``file_id``   SHA-256 of the file (or a unique prefix of at least 12 hex digits)
``ordinal``   the document's ordinal in the file (1-based)
``field``     a document field (``doc_type``, ``number``, ``symbol``, ``issued_date``,
              ``place``, ``issuer``, ``subject``, ``signer_name`` …), or a segmentation fix:
              ``split_before`` (value: the text of the line where a new document starts)
              or ``merge_with_previous`` (value ignored: this document belongs to the one
              before it)
``value``     the right value (empty means "this field is empty")
``note``, ``author``, ``date``  free text, kept for the record

When the file changes, the documents it names are re-extracted from their stored text
(no OCR) on the next run and the corrections applied again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from schemas.records import DocumentRecord, FileText, PageText

log = logging.getLogger(__name__)

# Where corrections lived before they belonged to the archive (relative to the working
# directory). Still read when the archive's own file does not exist yet, with a warning,
# so an upgrade never drops an office's corrections.
LEGACY_PATH = Path("data/corrections.csv")
DEFAULT_PATH = LEGACY_PATH  # kept for callers of load() without a path
COLUMNS = ("file_id", "ordinal", "field", "value", "note", "author", "date")
SEGMENT_FIELDS = {"split_before", "merge_with_previous"}


@dataclass(frozen=True, slots=True)
class Correction:
    file_id: str
    ordinal: int
    field: str
    value: str | None
    note: str = ""
    author: str = ""
    date: str = ""


@dataclass
class Corrections:
    path: Path | None = None
    rows: list[Correction] = field(default_factory=list)

    def _matching(self, file_id: str) -> list[Correction]:
        return [c for c in self.rows if file_id.startswith(c.file_id)]

    def values_for(self, file_id: str) -> dict[tuple[int, str], Any]:
        """Field overrides for one file: {(ordinal, field): value}; later rows win."""
        out: dict[tuple[int, str], Any] = {}
        for c in self._matching(file_id):
            if c.field not in SEGMENT_FIELDS:
                out[(c.ordinal, c.field)] = c.value
        return out

    def apply_segmentation(self, file_id: str, docs: list[DocumentRecord]) -> list[DocumentRecord]:
        """Split or merge documents as the archivists said; re-extract the pieces."""
        fixes = [c for c in self._matching(file_id) if c.field in SEGMENT_FIELDS]
        if not fixes:
            return docs
        from extractors import extract_documents

        # Work on pieces of text with their page range; rebuild records from the pieces.
        pieces: list[list[Any]] = [[d.text, d.page_start, d.page_end] for d in docs]
        merges = sorted(
            {c.ordinal for c in fixes if c.field == "merge_with_previous"}, reverse=True
        )
        for ordinal in merges:
            i = ordinal - 1
            if 0 < i < len(pieces):
                prev = pieces[i - 1]
                prev[0] = prev[0] + "\n\n" + pieces[i][0]
                prev[2] = pieces[i][2]
                del pieces[i]
            else:
                log.warning("correction: cannot merge document %d of %s", ordinal, file_id[:12])
        splits = [c for c in fixes if c.field == "split_before"]
        for c in splits:
            i = c.ordinal - 1
            if not 0 <= i < len(pieces) or not c.value:
                log.warning("correction: cannot split document %d of %s", c.ordinal, file_id[:12])
                continue
            text = pieces[i][0]
            at = text.find(c.value.strip())
            if at <= 0:
                log.warning(
                    "correction: %r not found in document %d of %s",
                    c.value,
                    c.ordinal,
                    file_id[:12],
                )
                continue
            pieces[i : i + 1] = [
                [text[:at], pieces[i][1], pieces[i][2]],
                [text[at:], pieces[i][1], pieces[i][2]],
            ]
        out: list[DocumentRecord] = []
        for n, (text, p0, p1) in enumerate(pieces, 1):
            ft = FileText(
                media_type="text/plain",
                pages=(PageText(page=1, text=text, source="plain"),),
                text_source="plain",
            )
            found = extract_documents(ft, "", segment=False)
            rec = (
                found[0]
                if found
                else DocumentRecord(ordinal=n, page_start=p0, page_end=p1, text=text)
            )
            rec.ordinal, rec.page_start, rec.page_end = n, p0, p1
            if rec.parent_ordinal is not None:
                rec.parent_ordinal = None
            out.append(rec)
        return out

    def fingerprints(self) -> dict[str, str]:
        groups: dict[str, list[str]] = defaultdict(list)
        for c in self.rows:
            groups[c.file_id].append("\x1f".join([str(c.ordinal), c.field, c.value or ""]))
        return {k: hashlib.sha256("\x1e".join(v).encode()).hexdigest() for k, v in groups.items()}

    def files_to_reapply(self, con) -> list[str]:
        """Files whose corrections changed since they were last applied (read-only safe)."""
        has = con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name = 'corrections_applied'"
        ).fetchone()[0]
        applied = dict(
            con.execute("SELECT file_prefix, fingerprint FROM corrections_applied").fetchall()
            if has
            else []
        )
        now = self.fingerprints()
        prefixes = {p for p in set(applied) | set(now) if applied.get(p) != now.get(p)}
        if not prefixes:
            return []
        ids = [
            r[0]
            for r in con.execute(
                "SELECT file_id FROM files WHERE status = 'ok' ORDER BY path"
            ).fetchall()
        ]
        return [f for f in ids if any(f.startswith(p) for p in prefixes)]

    def mark_applied(self, con) -> None:
        con.execute(
            "CREATE TABLE IF NOT EXISTS corrections_applied "
            "(file_prefix VARCHAR PRIMARY KEY, fingerprint VARCHAR, applied_at TIMESTAMP)"
        )
        con.execute("DELETE FROM corrections_applied")
        now = dt.datetime.now()
        rows = [[p, fp, now] for p, fp in self.fingerprints().items()]
        if rows:
            con.executemany("INSERT INTO corrections_applied VALUES (?,?,?)", rows)
        con.execute(
            "CREATE OR REPLACE TABLE corrections (file_id VARCHAR, ordinal INTEGER, "
            "field VARCHAR, value VARCHAR, note VARCHAR, author VARCHAR, date VARCHAR)"
        )
        if self.rows:
            con.executemany(
                "INSERT INTO corrections VALUES (?,?,?,?,?,?,?)",
                [
                    [c.file_id, c.ordinal, c.field, c.value, c.note, c.author, c.date]
                    for c in self.rows
                ],
            )


def path_for(db_path: str | Path) -> Path:
    """The archive's own corrections file: ``<db stem>.corrections.csv`` beside it."""
    db = Path(db_path)
    return db.with_name(db.stem + ".corrections.csv")


def resolve(db_path: str | Path, override: str | Path | None = None) -> Path:
    """The corrections file to read and write for the archive at ``db_path``.

    ``override`` (``--corrections PATH``) wins; else the archive's own file; else, while
    the archive's file does not exist, the legacy ``data/corrections.csv`` when it exists.
    """
    if override:
        return Path(override)
    own = path_for(db_path)
    if not own.exists() and LEGACY_PATH.exists():
        log.warning(
            "using the legacy corrections file %s; move it to %s (beside the archive)",
            LEGACY_PATH,
            own,
        )
        return LEGACY_PATH
    return own


def load_for(db_path: str | Path, override: str | Path | None = None) -> Corrections:
    """The corrections of the archive at ``db_path`` (see :func:`resolve`)."""
    p = resolve(db_path, override)
    if override is None and not p.exists():
        return Corrections(path=p)  # an archive without corrections yet: nothing to say
    return load(p)


def load(path: str | Path | None = None) -> Corrections:
    """Read the corrections file (missing file = no corrections). Bad rows are logged."""
    p = Path(path) if path else DEFAULT_PATH
    if not p.exists():
        if path:
            log.warning("corrections file %s does not exist", p)
        return Corrections(path=p)
    rows: list[Correction] = []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        for n, rec in enumerate(csv.DictReader(fh), 2):
            fid = (rec.get("file_id") or "").strip().lower()
            fld = (rec.get("field") or "").strip()
            try:
                ordinal = int((rec.get("ordinal") or "").strip())
            except ValueError:
                log.warning(
                    "%s line %d: ordinal %r is not a number; row ignored", p, n, rec.get("ordinal")
                )
                continue
            if len(fid) < 12 or any(ch not in "0123456789abcdef" for ch in fid):
                log.warning(
                    "%s line %d: file_id %r is not a file hash (12+ hex digits); row ignored",
                    p,
                    n,
                    fid,
                )
                continue
            if not fld:
                log.warning("%s line %d: no field named; row ignored", p, n)
                continue
            value = rec.get("value")
            value = value.strip() if value and value.strip() else None
            rows.append(
                Correction(
                    fid,
                    ordinal,
                    fld,
                    value,
                    rec.get("note") or "",
                    rec.get("author") or "",
                    rec.get("date") or "",
                )
            )
    return Corrections(path=p, rows=rows)


def append(path: str | Path, correction: Correction) -> None:
    """Add one correction to the file (creating it with a header if needed)."""
    p = Path(path)
    new = not p.exists()
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(COLUMNS)
        c = replace(correction, date=correction.date or dt.date.today().isoformat())
        w.writerow([c.file_id, c.ordinal, c.field, c.value or "", c.note, c.author, c.date])
