"""Writing one file's results into the archive: idempotent upserts on natural keys.

A file's rows are keyed by its content hash, documents by ``<file_id[:16]>-<ordinal>``,
so loading the same file twice replaces its rows with identical ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from schemas.records import DocumentRecord, FileText, OcrWord, PageText

DOC_COLUMNS = (
    "doc_id",
    "file_id",
    "source_path",
    "ordinal",
    "page_start",
    "page_end",
    "doc_type",
    "number",
    "symbol",
    "ref",
    "issued_date",
    "issued_year",
    "issued_month",
    "place",
    "issuer",
    "issuer_parent",
    "issuer_inferred",
    "subject",
    "signer_name",
    "signer_title",
    "recipients",
    "distribution",
    "secrecy",
    "urgency",
    "period",
    "parent_doc_id",
    "province",
    "text",
)

# Fields kept on the documents row itself (the rest only in `fields`).
SCALAR_FIELDS = (
    "doc_type",
    "number",
    "symbol",
    "ref",
    "place",
    "issuer",
    "issuer_parent",
    "subject",
    "signer_name",
    "signer_title",
    "secrecy",
    "urgency",
    "period",
    "province",
)
SPAN_FIELDS = {
    "body_start",
    "distribution_block",
    "signature_block",
    "own_number_line",
    "site_preamble",
}


def doc_id_for(file_id: str, ordinal: int) -> str:
    return f"{file_id[:16]}-{ordinal}"


def iso_to_date(iso: object) -> dt.date | None:
    if not isinstance(iso, str) or len(iso) != 10:
        return None
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def _year_month(iso: object) -> tuple[int | None, int | None]:
    if not isinstance(iso, str) or len(iso) < 4 or not iso[:4].isdigit():
        return None, None
    month = int(iso[5:7]) if len(iso) >= 7 and iso[5:7].isdigit() else None
    return int(iso[:4]), month


def _str(v: object) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def delete_file_rows(con: duckdb.DuckDBPyConnection, file_id: str) -> None:
    """Remove everything derived from one file (before re-loading it)."""
    doc_ids = [
        r[0]
        for r in con.execute("SELECT doc_id FROM documents WHERE file_id = ?", [file_id]).fetchall()
    ]
    for table in ("fields", "signers", "arrivals", "citations", "deadlines"):
        if doc_ids:
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
    con.execute("DELETE FROM documents WHERE file_id = ?", [file_id])
    con.execute("DELETE FROM pages WHERE file_id = ?", [file_id])
    con.execute("DELETE FROM ocr_words WHERE file_id = ?", [file_id])


def upsert_file(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: str,
    path: str,
    size: int,
    media_type: str | None,
    pages: int | None,
    text_source: str | None,
    ocr_confidence: float | None,
    status: str,
    error: str | None,
    run_id: int,
    error_code: str | None = None,
) -> None:
    con.execute("DELETE FROM files WHERE file_id = ?", [file_id])
    con.execute(
        "INSERT INTO files (file_id, path, size_bytes, media_type, pages, text_source, "
        "ocr_confidence, status, error, ingested_at, run_id, error_code) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            file_id,
            path,
            size,
            media_type,
            pages,
            text_source,
            ocr_confidence,
            status,
            error,
            dt.datetime.now(),
            run_id,
            error_code,
        ],
    )


def insert_pages(con: duckdb.DuckDBPyConnection, file_id: str, pages: Sequence[PageText]) -> None:
    """The pages, with their quality and text decision, and every OCR'd word's box."""
    con.executemany(
        "INSERT INTO pages (file_id, page, source, confidence, text, quality, decision, "
        "decision_reason) VALUES (?,?,?,?,?,?,?,?)",
        [
            [
                file_id,
                p.page,
                p.source,
                p.confidence,
                p.text,
                p.quality,
                p.decision,
                p.decision_reason,
            ]
            for p in pages
        ],
    )
    words = [
        [
            file_id,
            p.page,
            k,
            w.text,
            w.x0,
            w.y0,
            w.x1,
            w.y1,
            w.confidence,
            w.start if w.start >= 0 else None,
            w.end if w.start >= 0 else None,
        ]
        for p in pages
        for k, w in enumerate(p.words)
    ]
    if words:
        import pandas as pd

        # one bulk insert: a page holds hundreds of words
        df = pd.DataFrame(  # noqa: F841 - read by DuckDB below
            words,
            columns=[
                "file_id",
                "page",
                "seq",
                "text",
                "x0",
                "y0",
                "x1",
                "y1",
                "confidence",
                "char_start",
                "char_end",
            ],
        )
        con.execute("INSERT INTO ocr_words SELECT * FROM df")


def stored_words(con: duckdb.DuckDBPyConnection, file_id: str) -> dict[int, tuple[OcrWord, ...]]:
    """The OCR'd words of a file's pages, as read (for re-extraction from stored text)."""
    out: dict[int, list[OcrWord]] = {}
    for page, text, x0, y0, x1, y1, conf, a, b in con.execute(
        "SELECT page, text, x0, y0, x1, y1, confidence, char_start, char_end FROM ocr_words "
        "WHERE file_id = ? ORDER BY page, seq",
        [file_id],
    ).fetchall():
        out.setdefault(page, []).append(
            OcrWord(text, x0, y0, x1, y1, conf, -1 if a is None else a, -1 if b is None else b)
        )
    return {k: tuple(v) for k, v in out.items()}


def mean_confidence(ft: FileText) -> float | None:
    confs = [p.confidence for p in ft.pages if p.confidence is not None]
    return sum(confs) / len(confs) if confs else None


def insert_documents(
    con: duckdb.DuckDBPyConnection,
    *,
    file_id: str,
    source_path: str,
    docs: Sequence[DocumentRecord],
    corrected: dict[tuple[int, str], Any] | None = None,
) -> tuple[int, int]:
    """Insert the documents of one file; returns (documents, citations) written."""
    corrected = corrected or {}
    n_cit = 0
    for doc in docs:
        doc_id = doc_id_for(file_id, doc.ordinal)
        values = {name: doc.value(name) for name in SCALAR_FIELDS}
        issued = doc.value("issued_date")
        for (ordinal, name), value in corrected.items():
            if ordinal == doc.ordinal:
                if name == "issued_date":
                    issued = value
                elif name in values:
                    values[name] = value
        year, month = _year_month(issued)
        issuer_field = doc.fields.get("issuer")
        row = {
            **{k: _str(v) for k, v in values.items()},
            "doc_id": doc_id,
            "file_id": file_id,
            "source_path": source_path,
            "ordinal": doc.ordinal,
            "page_start": doc.page_start,
            "page_end": doc.page_end,
            "issued_date": iso_to_date(issued),
            "issued_year": year if year is not None else doc.value("issued_year"),
            "issued_month": month if month is not None else doc.value("issued_month"),
            "issuer_inferred": bool(issuer_field and issuer_field.inferred),
            "recipients": list(doc.recipients),
            "distribution": list(doc.distribution),
            "parent_doc_id": (
                doc_id_for(file_id, doc.parent_ordinal) if doc.parent_ordinal else None
            ),
            "text": doc.text,
        }
        con.execute(
            f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in DOC_COLUMNS)})",
            [row[c] for c in DOC_COLUMNS],
        )
        field_rows = []
        for name, f in doc.fields.items():
            value = f.value
            is_corr = (doc.ordinal, name) in corrected
            if is_corr:
                value = corrected[(doc.ordinal, name)]
            field_rows.append(
                [
                    doc_id,
                    name,
                    _str(value),
                    f.page,
                    f.start,
                    f.end,
                    f.rule,
                    1.0 if is_corr else f.confidence,
                    f.inferred,
                    is_corr,
                ]
            )
        for (ordinal, name), value in corrected.items():
            if ordinal == doc.ordinal and name not in doc.fields:
                field_rows.append(
                    [doc_id, name, _str(value), None, None, None, "correction", 1.0, False, True]
                )
        if field_rows:
            con.executemany(
                "INSERT INTO fields (doc_id, name, value, page, char_start, char_end, rule, "
                "confidence, inferred, corrected) VALUES (?,?,?,?,?,?,?,?,?,?)",
                field_rows,
            )
        if doc.signers:
            con.executemany(
                "INSERT INTO signers (doc_id, seq, name, title, rank, authority) "
                "VALUES (?,?,?,?,?,?)",
                [
                    [doc_id, i, s.name, s.title, s.rank, s.authority]
                    for i, s in enumerate(doc.signers, 1)
                ],
            )
        if doc.arrival is not None:
            a = doc.arrival
            text = doc.text[a.start : a.end] if a.start is not None and a.end is not None else None
            con.execute(
                "INSERT INTO arrivals (doc_id, receiver, arrival_number, arrival_date, "
                "arrival_text) VALUES (?,?,?,?,?)",
                [doc_id, a.receiver, a.number, iso_to_date(a.date), text],
            )
        if doc.citations:
            rows = []
            for i, c in enumerate(doc.citations):
                rows.append(
                    [
                        doc_id,
                        i,
                        c.mention,
                        c.char_start,
                        c.char_end,
                        c.doc_type,
                        c.number,
                        c.symbol,
                        iso_to_date(c.cited_date),
                        c.cited_year,
                        c.cited_month,
                        c.cited_issuer,
                        c.relation,
                        c.rule,
                        c.antecedent,
                    ]
                )
            con.executemany(
                "INSERT INTO citations (doc_id, seq, mention, char_start, char_end, doc_type, "
                "number, symbol, cited_date, cited_year, cited_month, cited_issuer, relation, "
                "rule, antecedent_seq) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            n_cit += len(rows)
        if doc.deadlines:
            con.executemany(
                "INSERT INTO deadlines (doc_id, seq, due_date, due_year, due_month, what, "
                "char_start, char_end) VALUES (?,?,?,?,?,?,?,?)",
                [
                    [
                        doc_id,
                        i,
                        iso_to_date(d.due_date),
                        d.due_year,
                        d.due_month,
                        d.what,
                        d.char_start,
                        d.char_end,
                    ]
                    for i, d in enumerate(doc.deadlines)
                ],
            )
    return len(docs), n_cit
