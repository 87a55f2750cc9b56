"""What the desk's pages read from the archive: plain SQL over the tables, one function a page.

Every function takes a read-only connection opened for the request and returns plain
data (dicts and lists) for the templates. Nothing here writes.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.store import corrections as corr
from pipeline.store import review
from pipeline.store.load import SCALAR_FIELDS

PAGE_SIZE = 50
# Fields a correction can set (document columns the loader overrides), and the helper
# spans of the segmenter that are not values an archivist reads.
EDITABLE_FIELDS = (*SCALAR_FIELDS, "issued_date")
HELPER_FIELDS = review.HELPER_FIELDS
# Sortable columns of the documents table: name in the URL -> SQL expression.
SORTS = {
    "date": "issued_date",
    "type": "doc_type",
    "ref": "ref",
    "issuer": "issuer",
    "province": "province",
    "file": "source_path",
}


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# The columns of a document in a list (the documents table, who cites a document).
LIST_COLUMNS = (
    "d.doc_id, d.doc_type, coalesce(d.ref, concat_ws('/', d.number, d.symbol)) AS ref,"
    " d.issued_date, d.issued_year, d.issued_month, d.issuer, d.province, d.subject,"
    " d.source_path"
)


def docs_by_id(
    con: duckdb.DuckDBPyConnection, ids: list[str], columns: str = LIST_COLUMNS
) -> list[dict[str, Any]]:
    """Rows of the given documents, looked up by their key (``= ANY(list)``: the
    primary key's index, a few milliseconds for a page of ids, where a join with
    ``documents`` reads the whole table)."""
    if not ids:
        return []
    return _rows(
        con.execute(f"SELECT {columns} FROM documents d WHERE d.doc_id = ANY(?::VARCHAR[])", [ids])
    )


def has_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    return set(names) <= have


# --- runs ---------------------------------------------------------------------------


def progress_of(db_path: Path) -> dict[str, Any] | None:
    """A running ingest's progress, from ``<db>.progress.json`` (design 1), or None.

    The file is written by the ingest while it holds the archive; a file that cannot be
    parsed (caught mid-write) is treated as absent rather than shown half.
    """
    p = db_path.with_name(db_path.name + ".progress.json")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    # Names as design 1 lists them (pages done/total, files, started_at, eta).
    data.setdefault("files_done", data.get("files"))
    done, total = data.get("pages_done"), data.get("pages_total")
    if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
        data["percent"] = max(0, min(100, int(100 * done / total)))
    return data


def runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    out = _rows(con.execute("SELECT * FROM runs ORDER BY run_id DESC"))
    quarantined = quarantined_files(con)
    by_run: dict[int, list] = {}
    for q in quarantined:
        by_run.setdefault(q["run_id"], []).append(q)
    for r in out:
        r["quarantined"] = by_run.get(r["run_id"], [])
    return out


def quarantined_files(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(
        con.execute(
            "SELECT file_id, path, error, run_id, ingested_at FROM files"
            " WHERE status = 'quarantined' ORDER BY run_id DESC, path"
        )
    )


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = con.execute(
        "SELECT (SELECT count(*) FROM files WHERE status = 'ok'),"
        " (SELECT count(*) FROM files WHERE status = 'quarantined'),"
        " (SELECT count(*) FROM documents), (SELECT count(*) FROM citations)"
    ).fetchone()
    return dict(zip(("files", "quarantined", "documents", "citations"), row, strict=True))


# --- documents ----------------------------------------------------------------------


@dataclass
class DocQuery:
    doc_type: str = ""
    issuer: str = ""
    province: str = ""
    year: int | None = None
    campaign: str = ""
    q: str = ""
    sort: str = "date"
    desc: bool = True
    page: int = 1


def documents(con: duckdb.DuckDBPyConnection, dq: DocQuery) -> dict[str, Any]:
    """:func:`_documents`, and with a search each row's passage that matches best (what
    ``vanthu search`` prints), so the list shows why a document was found."""
    from pipeline.graph.search import has_index

    out = _documents(con, dq)
    q = dq.q.strip()
    out["no_index"] = bool(q) and not has_index(con)  # a scan: the page says so
    if q and out["rows"]:
        from pipeline.graph.reference import nfc
        from pipeline.graph.search import REF_IN_QUERY, TERM, _squash, best_passage

        qn = nfc(q)
        refs = [_squash(m.group(0)).rstrip(".,;") for m in REF_IN_QUERY.finditer(qn)]
        terms = [t.lower() for t in TERM.findall(qn)]
        texts = dict(
            con.execute(
                "SELECT doc_id, text FROM documents WHERE doc_id = ANY(?::VARCHAR[])",
                [[r["doc_id"] for r in out["rows"]]],
            ).fetchall()
        )
        for r in out["rows"]:
            r["passage"] = best_passage(texts.get(r["doc_id"]) or "", terms, refs)[0]
    return out


def _documents(con: duckdb.DuckDBPyConnection, dq: DocQuery) -> dict[str, Any]:
    """One page of the documents table, filtered and sorted, with the total count.

    Full-text search reads the index's precomputed BM25 impacts of the query's terms
    (:func:`pipeline.graph.search.ranked_sql`, accents kept) when the archive has an
    index, and scores the documents added since it was built by reading them
    (:func:`pipeline.graph.search.unindexed_matches`); with no index at all it scans the
    text case-insensitively. With a search and the default sort the best matches come
    first.

    Two small queries instead of one big one: the count (filters only), then the page
    (``ORDER BY ... LIMIT``: DuckDB keeps the top rows, it sorts nothing else). A page
    past the middle is read from the other end (its offset from the end is small), so
    the last page costs what the first does.
    """
    from pipeline.graph.search import ranked_sql, top_matches

    where, params = [], []
    if dq.doc_type:
        where.append("d.doc_type = ?")
        params.append(dq.doc_type)
    if dq.issuer:
        where.append("d.issuer ILIKE ?")
        params.append(f"%{dq.issuer}%")
    if dq.province:
        where.append("d.province = ?")
        params.append(dq.province)
    if dq.year:
        where.append("d.issued_year = ?")
        params.append(dq.year)
    if dq.campaign and has_tables(con, "campaign_documents"):
        where.append("d.doc_id IN (SELECT doc_id FROM campaign_documents WHERE campaign_id = ?)")
        params.append(dq.campaign)
    q = dq.q.strip()
    if q and not where and dq.sort == "relevance":
        # A search alone, best first: the page and the count from the terms' scores.
        page = max(1, dq.page)
        found = top_matches(con, q, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        if found is not None:
            total, hits = found
            pages = max(1, math.ceil(total / PAGE_SIZE))
            if not hits and total and page > pages:
                page = pages
                total, hits = top_matches(con, q, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            by_id = {r["doc_id"]: r for r in docs_by_id(con, [h[0] for h in hits])}
            rows = [by_id[h[0]] for h in hits if h[0] in by_id]
            return {"rows": rows, "total": total, "page": page, "pages": pages}
    ranked = ranked_sql(con, q) if q else None
    if q and ranked is None:  # no index: a scan
        where.append("(d.text ILIKE ? OR d.subject ILIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    cond = ("WHERE " + " AND ".join(where)) if where else ""
    by_score = ranked is not None and dq.sort == "relevance"
    if ranked is not None:
        score_sql, score_params = ranked
        base = f"FROM ({score_sql}) s JOIN documents d ON d.doc_id = s.doc_id {cond}"
        base_params = score_params + params
        count_sql = (
            f"SELECT count(*) FROM ({score_sql})" if not where else f"SELECT count(*) {base}"
        )
        count_params = score_params if not where else base_params
    else:
        base, base_params = f"FROM documents d {cond}", params
        count_sql, count_params = f"SELECT count(*) {base}", params
    total = con.execute(count_sql, count_params).fetchone()[0]
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, dq.page), pages)
    offset = (page - 1) * PAGE_SIZE
    limit = min(PAGE_SIZE, max(0, total - offset))
    # Read from the far end when the page is nearer to it (reversed, then turned back).
    reverse = offset > total / 2
    if reverse:
        offset = max(0, total - offset - limit)

    def order(rev: bool) -> str:
        if by_score:
            return "s.score ASC, d.doc_id DESC" if rev else "s.score DESC, d.doc_id"
        desc = dq.desc != rev
        sort = SORTS.get(dq.sort, "issued_date")
        nulls = "NULLS FIRST" if rev else "NULLS LAST"
        return f"d.{sort} {'DESC' if desc else 'ASC'} {nulls}, d.doc_id {'DESC' if rev else 'ASC'}"

    rows = []
    if limit:
        if by_score and not where:
            # The best matches first, from the scores alone; then their rows.
            srev = "s.score ASC, s.doc_id DESC" if reverse else "s.score DESC, s.doc_id"
            ids = [
                r[0]
                for r in con.execute(
                    f"SELECT s.doc_id FROM ({score_sql}) s ORDER BY {srev} LIMIT ? OFFSET ?",
                    score_params + [limit, offset],
                ).fetchall()
            ]
            by_id = {r["doc_id"]: r for r in docs_by_id(con, ids, LIST_COLUMNS)}
            rows = [by_id[i] for i in ids if i in by_id]
        else:
            rows = _rows(
                con.execute(
                    f"SELECT {LIST_COLUMNS} {base} ORDER BY {order(reverse)} LIMIT ? OFFSET ?",
                    base_params + [limit, offset],
                )
            )
        if reverse:
            rows.reverse()
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values the filters offer (types, provinces, years, campaigns, issuers): from
    the ``doc_facets`` summary the graph build writes, else (an archive without its graph
    yet) from the documents themselves."""
    if (
        has_tables(con, "doc_facets")
        and con.execute("SELECT count(*) FROM (SELECT 1 FROM doc_facets LIMIT 1)").fetchone()[0]
    ):
        sql = "SELECT value FROM doc_facets WHERE kind = '{kind}' ORDER BY {order} LIMIT 500"
        by_count, by_value = "documents DESC, value", "value"
        by_year = "value DESC"
    else:
        sql = (
            "SELECT {expr} AS value FROM documents WHERE {expr} IS NOT NULL GROUP BY 1"
            " ORDER BY {order} LIMIT 500"
        )
        by_count, by_value, by_year = "count(*) DESC, 1", "1", "1 DESC"
    exprs = {"type": "doc_type", "province": "province", "year": "issued_year", "issuer": "issuer"}

    def values(kind: str, order: str) -> list:
        return [
            r[0]
            for r in con.execute(sql.format(kind=kind, expr=exprs[kind], order=order)).fetchall()
        ]

    out = {
        "types": values("type", by_count),
        "provinces": values("province", by_value),
        "years": [int(y) for y in values("year", by_year)],
        "issuers": values("issuer", by_count),
        "campaigns": [],
    }
    if has_tables(con, "campaigns"):
        out["campaigns"] = con.execute(
            "SELECT campaign_id, name FROM campaigns ORDER BY campaign_id"
        ).fetchall()
    return out


# --- one document -------------------------------------------------------------------

CITED_BY_SHOWN = 100  # documents citing it listed on its page (the graph page has them all)


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    cur = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    rows = _rows(cur)
    if not rows:
        return None
    d = rows[0]
    d["fields"] = _rows(
        con.execute(
            "SELECT name, value, page, char_start, char_end, rule, confidence, inferred,"
            " corrected FROM fields WHERE doc_id = ? ORDER BY name",
            [doc_id],
        )
    )
    d["signers"] = _rows(
        con.execute("SELECT * FROM signers WHERE doc_id = ? ORDER BY seq", [doc_id])
    )
    d["arrival"] = (
        _rows(con.execute("SELECT * FROM arrivals WHERE doc_id = ?", [doc_id])) or [None]
    )[0]
    d["deadlines"] = _rows(
        con.execute("SELECT * FROM deadlines WHERE doc_id = ? ORDER BY seq", [doc_id])
    )
    graph = has_tables(con, "nodes", "edges", "doc_nodes")
    if graph:
        # Each lookup by its own key (citations are stored by citing document, edges by
        # the node cited, nodes and documents have their key's index): a join would read
        # whole tables (the most cited document of the 100k archive has 1,800 citers).
        d["citations"] = _rows(
            con.execute("SELECT * FROM citations WHERE doc_id = ? ORDER BY seq", [doc_id])
        )
        keys = sorted({c["target_key"] for c in d["citations"] if c["target_key"]})
        targets = (
            {
                r[0]: r[1:]
                for r in con.execute(
                    "SELECT target_key, doc_id, title FROM nodes"
                    " WHERE target_key = ANY(?::VARCHAR[])",
                    [keys],
                ).fetchall()
            }
            if keys
            else {}
        )
        for c in d["citations"]:
            c["target_doc_id"], c["target_title"] = targets.get(c["target_key"], (None, None))
        key = con.execute("SELECT target_key FROM doc_nodes WHERE doc_id = ?", [doc_id]).fetchone()
        d["target_key"] = key[0] if key else None
        citers = con.execute(
            "SELECT doc_id, relation, mentions FROM edges WHERE target_key = ? AND doc_id <> ?",
            [d["target_key"], doc_id],
        ).fetchall()
        d["cited_by_total"] = len(citers)
        info = {
            r["doc_id"]: r
            for r in docs_by_id(
                con,
                [c[0] for c in citers],
                "d.doc_id, d.doc_type, coalesce(d.ref, concat_ws('/', d.number, d.symbol))"
                " AS ref, d.issuer, d.issued_date",
            )
        }
        rows = [
            {**info.get(c[0], {"doc_id": c[0]}), "relation": c[1], "mentions": c[2]} for c in citers
        ]
        rows.sort(
            key=lambda r: (r.get("issued_date") is None, r.get("issued_date") or 0, r["doc_id"])
        )
        d["cited_by"] = rows[:CITED_BY_SHOWN]
    else:
        d["citations"] = _rows(
            con.execute("SELECT * FROM citations WHERE doc_id = ? ORDER BY seq", [doc_id])
        )
        d["target_key"], d["cited_by"], d["cited_by_total"] = None, [], 0
    f = _rows(
        con.execute(
            "SELECT file_id, path, media_type, pages, text_source, status FROM files"
            " WHERE file_id = ?",
            [d["file_id"]],
        )
    )
    d["file"] = f[0] if f else None
    return d


def ocr_words(
    con: duckdb.DuckDBPyConnection, file_id: str, page: int
) -> list[dict[str, Any]] | None:
    """OCR word boxes of one page (design 4: table ``ocr_words``, fractions of the page);
    None when the archive has no such table (built before boxes were stored)."""
    if not has_tables(con, "ocr_words"):
        return None
    return _rows(
        con.execute(
            "SELECT seq, text, x0, y0, x1, y1, confidence FROM ocr_words"
            " WHERE file_id = ? AND page = ? ORDER BY seq",
            [file_id, page],
        )
    )


def highlight_spans(d: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """Evidence spans (start, end, kind, name) in the document's text — fields, citations,
    deadlines — that nest as HTML can: sorted by start (outer first); a span that crosses
    one already kept (starts inside it, ends after it) is left out."""
    text_len = len(d.get("text") or "")
    spans: list[tuple[int, int, str, str]] = []
    for f in d["fields"]:
        if f["name"] in HELPER_FIELDS:
            continue
        s, e = f["char_start"], f["char_end"]
        if s is not None and e is not None and 0 <= s < e <= text_len:
            spans.append((s, e, "field", f["name"]))
    for c in d["citations"]:
        s, e = c["char_start"], c["char_end"]
        if s is not None and e is not None and 0 <= s < e <= text_len:
            spans.append((s, e, "cite", f"cite-{c['seq']}"))
    for r in d["deadlines"]:
        s, e = r["char_start"], r["char_end"]
        if s is not None and e is not None and 0 <= s < e <= text_len:
            spans.append((s, e, "deadline", f"deadline-{r['seq']}"))
    kept: list[tuple[int, int, str, str]] = []
    open_: list[tuple[int, int, str, str]] = []
    for sp in sorted(spans, key=lambda x: (x[0], -x[1], x[3])):
        while open_ and open_[-1][1] <= sp[0]:
            open_.pop()
        if open_ and sp[1] > open_[-1][1]:
            continue  # crosses the span it starts in
        kept.append(sp)
        open_.append(sp)
    return kept


# --- corrections ------------------------------------------------------------------


def pending_corrections(
    corrections: corr.Corrections, file_id: str, ordinal: int
) -> dict[str, str | None]:
    """The corrections file's values for one document: {field: value}; later rows win."""
    return {
        name: value for (o, name), value in corrections.values_for(file_id).items() if o == ordinal
    }


def segment_corrections(
    corrections: corr.Corrections, file_id: str, ordinal: int
) -> list[corr.Correction]:
    return [
        c
        for c in corrections.rows
        if file_id.startswith(c.file_id) and c.ordinal == ordinal and c.field in corr.SEGMENT_FIELDS
    ]


def unsure_fields(
    con: duckdb.DuckDBPyConnection, threshold: float, limit: int
) -> list[dict[str, Any]]:
    """Fields below ``threshold`` review confidence, worst first (what ``vanthu review``
    lists; ``pipeline.store.review``: a document date after today counts as unsure)."""
    return _rows(
        con.execute(
            f"""SELECT f.doc_id, f.name, f.value, {review.rule_sql()} AS rule,
                       {review.confidence_sql()} AS confidence, f.char_start,
                       f.char_end, d.file_id, d.ordinal, d.doc_type, d.source_path,
                       coalesce(d.ref, concat_ws('/', d.number, d.symbol)) AS ref,
                       substr(d.text, greatest(1, f.char_start - 40 + 1),
                              least(f.char_start, 40)) AS before,
                       substr(d.text, f.char_start + 1, f.char_end - f.char_start) AS span,
                       substr(d.text, f.char_end + 1, 40) AS after
                FROM fields f JOIN documents d USING (doc_id)
                WHERE {review.where_sql()}
                ORDER BY confidence, f.doc_id, f.name LIMIT ?""",
            [threshold, limit],
        )
    )


# --- campaigns -------------------------------------------------------------------


def configured_campaigns(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    if not has_tables(con, "campaigns"):
        return []
    return _rows(
        con.execute(
            "SELECT campaign_id, name, anchor_key, anchors, documents, first_date, last_date"
            " FROM campaigns ORDER BY documents DESC, campaign_id"
        )
    )


def revealed_campaigns(
    con: duckdb.DuckDBPyConnection, min_answers: int = 2, min_issuers: int = 2, limit: int = 50
) -> list[dict[str, Any]]:
    """Directing documents the graph reveals: archive documents answered (``edges.relation
    = 'answers'``) by at least ``min_answers`` documents of at least ``min_issuers``
    different issuers, most answered first."""
    if not has_tables(con, "edges", "doc_nodes"):
        return []
    if has_tables(con, "answered"):  # the summary the graph build writes
        return _rows(
            con.execute(
                """SELECT an.doc_id, d.doc_type,
                          coalesce(d.ref, concat_ws('/', d.number, d.symbol)) AS ref,
                          d.issuer, d.issued_date, d.subject, an.answers, an.issuers
                   FROM (SELECT * FROM answered WHERE answers >= ? AND issuers >= ?
                         ORDER BY answers DESC, issuers DESC, doc_id LIMIT ?) an
                   JOIN documents d ON d.doc_id = an.doc_id
                   ORDER BY an.answers DESC, an.issuers DESC, an.doc_id""",
                [min_answers, min_issuers, limit],
            )
        )
    return _rows(  # an archive whose graph was built before the summaries existed
        con.execute(
            """SELECT dn.doc_id, d.doc_type, coalesce(d.ref, concat_ws('/', d.number, d.symbol))
                      AS ref, d.issuer, d.issued_date, d.subject,
                      count(DISTINCT e.doc_id) AS answers,
                      count(DISTINCT a.issuer) AS issuers
               FROM edges e JOIN doc_nodes dn ON dn.target_key = e.target_key
               JOIN documents d ON d.doc_id = dn.doc_id
               JOIN documents a ON a.doc_id = e.doc_id
               WHERE e.relation = 'answers' AND e.doc_id <> dn.doc_id
               GROUP BY ALL
               HAVING count(DISTINCT e.doc_id) >= ? AND count(DISTINCT a.issuer) >= ?
               ORDER BY answers DESC, issuers DESC, dn.doc_id LIMIT ?""",
            [min_answers, min_issuers, limit],
        )
    )


MATRIX_COLUMNS = (
    "directing_doc_id",
    "directing_ref",
    "addressee",
    "role",
    "answer_doc_id",
    "answer_ref",
    "answer_issuer",
    "answered_on",
    "date_source",
    "deadline",
    "status",
    "days_late",
)


def matrix_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer matrices of a campaign report as flat rows (CSV, Excel)."""
    out = []
    for d in report["directing"]:
        for a in d["answers"]:
            row = {"directing_doc_id": d["doc_id"], "directing_ref": d["ref"], **a}
            out.append({k: row.get(k) for k in MATRIX_COLUMNS})
    return out


def province_coverage(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[tuple]:
    """(province, documents) of the given documents, most first."""
    if not doc_ids:
        return []
    return con.execute(
        "SELECT coalesce(province, '?') AS p, count(*) FROM documents"
        " WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1 ORDER BY 2 DESC, 1",
        [doc_ids],
    ).fetchall()


# The directing documents of a campaign, a page at a time: from the summary the graph
# build writes (campaign_directing, in the order shown) ...
DIRECTING_PAGE_SQL = """
SELECT doc_id, is_anchor, answers, (SELECT count(*) FROM campaign_directing
                                    WHERE campaign_id = $cid) AS total
FROM campaign_directing WHERE campaign_id = $cid AND ord > $offset
ORDER BY ord LIMIT $limit
"""
# ... or, for an archive whose graph was built before it, from the graph itself.
DIRECTING_SQL = """
WITH answered AS (
    SELECT target_key, count(*) AS answers FROM edges WHERE relation = 'answers' GROUP BY 1),
anchors AS (SELECT anchor_key FROM campaign_anchors WHERE campaign_id = $cid)
SELECT d.doc_id, dn.target_key IN (SELECT anchor_key FROM anchors) AS is_anchor,
       coalesce(a.answers, 0) AS answers, count(*) OVER () AS total
FROM documents d JOIN doc_nodes dn USING (doc_id)
LEFT JOIN answered a ON a.target_key = dn.target_key
WHERE dn.target_key IN (SELECT anchor_key FROM anchors)
   OR (a.answers IS NOT NULL
       AND d.doc_id IN (SELECT doc_id FROM campaign_documents WHERE campaign_id = $cid)
       AND (len(coalesce(d.recipients, [])) > 0 OR d.doc_id IN (SELECT doc_id FROM deadlines)))
ORDER BY is_anchor DESC, answers DESC, d.doc_id
LIMIT $limit OFFSET $offset
"""
DIRECTING_PER_PAGE = 5
STATUSES = ("on time", "late", "answered", "no answer", "not addressed", "for information")
CAMPAIGN_DOCS_SHOWN = 100
EXPORT_MAX_DIRECTING = 200


def campaign_view(
    con: duckdb.DuckDBPyConnection,
    ident: str,
    page: int = 1,
    per_page: int = DIRECTING_PER_PAGE,
) -> dict[str, Any]:
    """A campaign (an id of campaigns.yaml) or a directing document (a doc_id the graph
    reveals), with the answer matrices of one page of its directing documents.

    The directing documents of a configured campaign are those ``vanthu campaign``
    reports (``pipeline.graph.campaigns.find_directing_documents``: its anchors in the
    archive, then its documents that have addressees or deadlines and are answered),
    anchors first, then the most answered: a campaign of the 100k synthetic archive has
    22,000 of them, so they come a page at a time.
    """
    from pipeline.graph.campaigns import UnknownCampaign, answer_matrix

    out: dict[str, Any] = {"campaign": None, "directing": [], "documents": []}
    row = con.execute(
        "SELECT campaign_id, name, anchor_key, anchors, documents, first_date, last_date"
        " FROM campaigns WHERE campaign_id = ?",
        [ident],
    ).fetchone()
    if row:
        cols = ("campaign_id", "name", "anchor_key", "anchors", "documents", "first_date")
        out["campaign"] = dict(zip((*cols, "last_date"), row, strict=True))
        out["campaign"]["anchor_keys"] = [
            r[0]
            for r in con.execute(
                "SELECT anchor_key FROM campaign_anchors WHERE campaign_id = ? ORDER BY ord",
                [ident],
            ).fetchall()
        ]
        page = max(1, page)
        sql = DIRECTING_PAGE_SQL if has_tables(con, "campaign_directing") else DIRECTING_SQL
        ids = con.execute(
            sql, {"cid": ident, "limit": per_page, "offset": (page - 1) * per_page}
        ).fetchall()
        total = ids[0][3] if ids else 0
        if not ids and page > 1:
            total = con.execute(sql, {"cid": ident, "limit": 1, "offset": 0}).fetchone()
            total = total[3] if total else 0
        directing = [r[0] for r in ids]
        # The nearest documents first (hops, then doc_id: read from campaign_documents
        # alone), then their rows by key; the documents page lists them all, by date.
        near = con.execute(
            "SELECT doc_id, hops, relation FROM campaign_documents WHERE campaign_id = ?"
            " ORDER BY hops, doc_id LIMIT ?",
            [ident, CAMPAIGN_DOCS_SHOWN],
        ).fetchall()
        info = {
            r["doc_id"]: r
            for r in docs_by_id(
                con,
                [r[0] for r in near],
                "d.doc_id, d.doc_type, coalesce(d.ref, concat_ws('/', d.number, d.symbol))"
                " AS ref, d.issuer, d.issued_date, d.province",
            )
        }
        docs = [{**info.get(r[0], {"doc_id": r[0]}), "hops": r[1], "relation": r[2]} for r in near]
        docs.sort(
            key=lambda r: (
                r["hops"],
                r.get("issued_date") is None,
                r.get("issued_date") or 0,
                r["doc_id"],
            )
        )
        out["documents"] = docs
    else:
        if not con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [ident]).fetchone():
            raise UnknownCampaign(f"{ident!r} is neither a campaign nor a document of the archive")
        directing, total, page = [ident], 1, 1
    for doc_id in directing:
        info = con.execute(
            "SELECT d.doc_id, dn.target_key, d.doc_type, coalesce(d.ref, concat_ws('/',"
            " d.number, d.symbol)), d.issuer, d.issued_date, d.subject FROM documents d"
            " LEFT JOIN doc_nodes dn USING (doc_id) WHERE doc_id = ?",
            [doc_id],
        ).fetchone()
        rows = answer_matrix(con, doc_id)
        keys = ("doc_id", "target_key", "doc_type", "ref", "issuer", "issued_date", "subject")
        entry = dict(zip(keys, info, strict=True))
        entry["issued_date"] = entry["issued_date"].isoformat() if entry["issued_date"] else None
        entry["answers"] = [asdict(r) for r in rows]
        entry["summary"] = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
        out["directing"].append(entry)
    out["total_directing"] = total
    out["page"] = page
    out["pages"] = max(1, math.ceil(total / per_page))
    return out


def campaign_provinces(
    con: duckdb.DuckDBPyConnection, view: dict[str, Any]
) -> list[tuple[str, int]]:
    """Documents by province: of the whole campaign (configured), else of the answers."""
    if view["campaign"]:
        return con.execute(
            "SELECT coalesce(d.province, '?'), count(*) FROM campaign_documents cd"
            " JOIN documents d USING (doc_id) WHERE cd.campaign_id = ?"
            " GROUP BY 1 ORDER BY 2 DESC, 1",
            [view["campaign"]["campaign_id"]],
        ).fetchall()
    ids = [a["answer_doc_id"] for d in view["directing"] for a in d["answers"]]
    return province_coverage(con, [i for i in ids if i])
