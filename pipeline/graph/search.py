"""Full-text search over ``documents.text``, Vietnamese-aware.

Index: DuckDB's fts extension (the ``duckdb-extension-fts`` wheel, loaded by path:
``INSTALL fts`` needs the network), built by :func:`build_index` after every ingest
(from :func:`pipeline.graph.build.rebuild_graph`) with accents kept and digits kept:
``stemmer='none', strip_accents=0, ignore='(\\.|[^\\p{L}\\p{N}])+'`` so ``Quảng`` is not
``quang`` and ``07/CT-BCA-V28`` is the terms ``07 ct bca v28``.

Ranking: documents whose text holds the query's references verbatim (``07/CT-BCA-V28``,
spaces and case ignored) or that cite the same node come first, then BM25.
Queries are NFC-normalised. Each hit carries the passage that matches best.

Scores precomputed: beside the fts tables :func:`build_index` writes
``fts_main_documents.impacts`` (termid, docid, impact): each (term, document) pair's part
of the BM25 score (the fts extension's own formula, k=1.2, b=0.75), stored by term. A
query's score is then the sum of its terms' impacts: it reads only its terms' rows
(:func:`ranked_sql`, used by the desk) instead of scoring every document, as the
extension's ``match_bm25`` does (0.05 s instead of 0.8 s on the 100,000-document
synthetic archive); the scores are the same.

Public API: :func:`build_index`, :func:`search`, :func:`ranked_sql`.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.errors import MissingDependency
from pipeline.graph.reference import nfc

log = logging.getLogger(__name__)

FTS_OPTIONS = (
    "stemmer='none', stopwords='none', strip_accents=0, lower=1, ignore='(\\.|[^\\p{L}\\p{N}])+'"
)
# A reference in a query: digits, then / or -, then letters (07/CT-BCA-V28, 09-CT/TW).
REF_IN_QUERY = re.compile(r"\b\d+\s*[/-]\s*[\w/\-Đđ()]+", re.UNICODE)
# A term as the index splits text (runs of letters and digits; FTS_OPTIONS' ``ignore``).
TERM = re.compile(r"[^\W_]+", re.UNICODE)
UNINDEXED_CHUNK = 2000  # new documents' texts read at a time
# The documents the index lacks (added since it was built): an anti-join on ids only.
UNINDEXED_SQL = (
    "SELECT doc_id FROM documents ANTI JOIN fts_main_documents.docs dc"
    " ON dc.name = documents.doc_id"
)


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    score: float
    exact: bool  # the text holds a reference of the query verbatim
    doc_type: str | None
    ref: str | None
    issuer: str | None
    issued_date: str | None
    passage: str
    passage_start: int


def fts_extension_path() -> Path:
    try:
        import duckdb_extension_fts
    except ImportError as e:  # pragma: no cover - pinned dependency
        raise MissingDependency(
            "the duckdb-extension-fts wheel is not installed (pip install -r requirements.txt)"
        ) from e
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    version = "v" + duckdb.__version__
    p = base / version / "fts.duckdb_extension"
    if not p.exists():
        found = sorted(base.glob("*/fts.duckdb_extension"))
        if not found:
            raise MissingDependency(f"no fts extension for duckdb {duckdb.__version__} in {base}")
        p = found[-1]
    return p


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"LOAD '{fts_extension_path()}'")


BM25_K, BM25_B = 1.2, 0.75  # the fts extension's defaults (match_bm25)


def build_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the fts index of ``documents`` and its impacts (needs a writable
    connection)."""
    load_fts(con)
    con.execute(
        f"PRAGMA create_fts_index('documents', 'doc_id', 'text', 'subject', {FTS_OPTIONS},"
        f" overwrite=1)"
    )
    # match_bm25's subscore of each (term, document), once: stored by term, so that a
    # query reads the few row groups of its terms (the index's schema is dropped and
    # rebuilt with overwrite=1, this table with it).
    con.execute(
        f"""
        CREATE OR REPLACE TABLE fts_main_documents.impacts AS
        WITH tf AS (SELECT termid, docid, count(*) AS tf FROM fts_main_documents.terms
                    GROUP BY termid, docid)
        SELECT tf.termid, tf.docid,
               log((st.num_docs - d.df + 0.5) / (d.df + 0.5) + 1)
               * (tf.tf * ({BM25_K} + 1))
               / (tf.tf + {BM25_K} * (1 - {BM25_B} + {BM25_B} * dc.len / st.avgdl)) AS impact
        FROM tf JOIN fts_main_documents.dict d USING (termid)
        JOIN fts_main_documents.docs dc USING (docid)
        CROSS JOIN fts_main_documents.stats st
        ORDER BY tf.termid, tf.docid
        """
    )


def ranked_sql(con: duckdb.DuckDBPyConnection, query: str) -> tuple[str, list] | None:
    """A subquery ``(doc_id, score)`` of the documents matching ``query`` (any of its
    terms), with match_bm25's score, and its parameters; None when the archive has no
    index. Reads the precomputed impacts of the query's terms when the index has them,
    else falls back to the extension's macro (an index built before impacts existed).
    Documents added since the index was built are there too (:func:`unindexed_matches`)."""
    if not _has_index(con):
        return None
    q = nfc(query).strip()
    has_impacts = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema ="
        " 'fts_main_documents' AND table_name = 'impacts'"
    ).fetchone()[0]
    sql, params = _indexed_sql(con, q, has_impacts)
    new = unindexed_matches(con, q)
    if new:  # documents added since the index, scored with its statistics
        sql = f"{sql} UNION ALL SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::DOUBLE[]) AS score"
        params = [*params, [d for d, _ in new], [sc for _, sc in new]]
    return sql, params


def _indexed_sql(con: duckdb.DuckDBPyConnection, q: str, has_impacts: bool) -> tuple[str, list]:
    if not has_impacts:
        load_fts(con)
        return (
            "SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?) AS score FROM documents"
            " WHERE score IS NOT NULL",
            [q],
        )
    # No extension to load: tokenize is a plain SQL macro of the index's schema.
    # The term ids first, as literals: the scan of impacts then skips every row group
    # outside them (a subquery would be a join, read in full).
    ids = [
        int(r[0])
        for r in con.execute(
            "SELECT termid FROM fts_main_documents.dict WHERE term IN"
            " (SELECT unnest(fts_main_documents.tokenize(?)))",
            [q],
        ).fetchall()
    ]
    if not ids:
        return "SELECT NULL::VARCHAR AS doc_id, NULL::DOUBLE AS score WHERE false", []
    in_list = ", ".join(str(i) for i in sorted(ids))
    return (
        "SELECT dc.name AS doc_id, s.score FROM (SELECT docid, sum(impact) AS score"
        f" FROM fts_main_documents.impacts WHERE termid IN ({in_list}) GROUP BY docid) s"
        " JOIN fts_main_documents.docs dc USING (docid)",
        [],
    )


def top_matches(
    con: duckdb.DuckDBPyConnection, query: str, limit: int, offset: int = 0
) -> tuple[int, list[tuple[str, float]]] | None:
    """(number of matching documents, [(doc_id, score)] of the best ``limit`` after
    ``offset``), best first (ties by the index's document number); None when the index
    has no impacts (use :func:`ranked_sql`). One pass over the query's terms' impacts:
    the count comes with the page, and only the page's documents are named. Documents
    added since the index was built are merged in by score (:func:`unindexed_matches`)."""
    if (
        not _has_index(con)
        or not con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema ="
            " 'fts_main_documents' AND table_name = 'impacts'"
        ).fetchone()[0]
    ):
        return None
    new = unindexed_matches(con, query)
    if not new:
        return _top_indexed(con, query, limit, offset)
    # The indexed documents' best offset + limit, merged with the new ones by score.
    total, hits = _top_indexed(con, query, offset + limit, 0)
    merged = sorted(hits + new, key=lambda h: -h[1])  # stable: ties keep each side's order
    return total + len(new), merged[offset : offset + limit]


def _top_indexed(
    con: duckdb.DuckDBPyConnection, query: str, limit: int, offset: int
) -> tuple[int, list[tuple[str, float]]]:
    ids = [
        int(r[0])
        for r in con.execute(
            "SELECT termid FROM fts_main_documents.dict WHERE term IN"
            " (SELECT unnest(fts_main_documents.tokenize(?)))",
            [nfc(query).strip()],
        ).fetchall()
    ]
    if not ids:
        return 0, []
    in_list = ", ".join(str(i) for i in sorted(ids))
    rows = con.execute(
        "SELECT dc.name, t.score, t.total FROM (SELECT docid, score, count(*) OVER () AS total"
        " FROM (SELECT docid, sum(impact) AS score FROM fts_main_documents.impacts"
        f" WHERE termid IN ({in_list}) GROUP BY docid)"
        " ORDER BY score DESC, docid LIMIT ? OFFSET ?) t"
        " JOIN fts_main_documents.docs dc USING (docid) ORDER BY t.score DESC, t.docid",
        [limit, offset],
    ).fetchall()
    if rows:
        return rows[0][2], [(r[0], r[1]) for r in rows]
    total = con.execute(
        f"SELECT count(DISTINCT docid) FROM fts_main_documents.impacts WHERE termid IN ({in_list})"
    ).fetchone()[0]
    return total, []


def _scan(
    con: duckdb.DuckDBPyConnection, terms: list[str], limit: int, where: str = "TRUE"
) -> dict[str, float]:
    """Documents holding query terms, scored by how many (no index needed)."""
    like = [f"%{t}%" for t in terms]
    if not like:
        return {}
    cond = " + ".join("(lower(text) LIKE ?)::INT" for _ in like)
    rows = con.execute(
        f"SELECT doc_id, {cond} AS s FROM documents WHERE {where} AND s > 0"
        " ORDER BY s DESC, doc_id LIMIT ?",
        [*like, max(limit * 5, 100)],
    ).fetchall()
    return {d: float(s) for d, s in rows}


def unindexed_matches(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[str, float]]:
    """Documents added since the index was built that the index would find for
    ``query`` (a term of it among their text's or subject's terms, split as the index
    splits them), with the BM25 score the index's statistics give them, best first;
    [] when there is no index (callers scan then).

    A night adds documents without re-indexing (`vanthu index` does it, whole). Their ids
    come from the index's own list (an anti-join on ids: 17 ms on 100,000 documents);
    their texts are then read by id and scored here, with the index's document count,
    mean length and term document frequencies (a term only new documents hold counts as
    in none), so their scores rank among the indexed documents'. A filter on ``text`` in
    SQL would be evaluated on every document's text (0.12-0.17 s on that archive, more on
    real texts), not on the new ones only."""
    if not _has_index(con):
        return []
    terms = set(TERM.findall(nfc(query).lower()))
    if not terms:
        return []
    ids = [r[0] for r in con.execute(f"{UNINDEXED_SQL} ORDER BY doc_id").fetchall()]
    if not ids:
        return []
    num_docs, avgdl = con.execute("SELECT num_docs, avgdl FROM fts_main_documents.stats").fetchone()
    df = dict.fromkeys(terms, 0)
    df.update(
        con.execute(
            "SELECT term, df FROM fts_main_documents.dict WHERE term IN (SELECT unnest(?))",
            [sorted(terms)],
        ).fetchall()
    )
    # DuckDB's log() is base 10: so is the extension's (and build_index's) idf.
    idf = {t: math.log10((num_docs - n + 0.5) / (n + 0.5) + 1) for t, n in df.items()}
    found = []
    for i in range(0, len(ids), UNINDEXED_CHUNK):
        for doc_id, text, subject in con.execute(
            "SELECT doc_id, text, subject FROM documents"
            " WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids[i : i + UNINDEXED_CHUNK]],
        ).fetchall():
            low = f"{text or ''}\n{subject or ''}".lower()
            if not any(t in low for t in terms):  # cheap: no term even as a substring
                continue
            words = TERM.findall(low)  # 1 ms per 10 KB of text
            if terms.isdisjoint(words):
                continue
            tf = Counter(w for w in words if w in terms)
            norm = BM25_K * (1 - BM25_B + BM25_B * len(words) / (avgdl or 1))
            score = sum(idf[t] * n * (BM25_K + 1) / (n + norm) for t, n in tf.items())
            found.append((doc_id, score))
    return sorted(found, key=lambda h: (-h[1], h[0]))


def index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """The index holds every document of the archive."""
    return unindexed_count(con) == 0


def unindexed_count(con: duckdb.DuckDBPyConnection) -> int | None:
    """How many documents the index lacks (added since it was built); None when there is
    no index at all."""
    if not _has_index(con):
        return None
    return con.execute(f"SELECT count(*) FROM ({UNINDEXED_SQL})").fetchone()[0]


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Is there a text index at all (current or not)?"""
    return _has_index(con)


def _has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name ="
            " 'fts_main_documents'"
        ).fetchone()[0]
    )


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s).lower()


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20) -> list[Hit]:
    """Ranked documents for ``query`` with their best passage."""
    q = nfc(query).strip()
    if not q:
        return []
    refs = [_squash(m.group(0)).rstrip(".,;") for m in REF_IN_QUERY.finditer(q)]
    terms = [t.lower() for t in TERM.findall(q)]
    scores: dict[str, float] = {}
    if _has_index(con):
        load_fts(con)
        rows = con.execute(
            "SELECT doc_id, score FROM (SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?)"
            " AS score FROM documents)"
            " WHERE score IS NOT NULL ORDER BY score DESC, doc_id LIMIT ?",
            [q, max(limit * 5, 100)],
        ).fetchall()
        scores = {d: float(s) for d, s in rows}
        # Documents added since the index was built (it is rebuilt whole, off the nightly
        # path: `vanthu index`), so a search never misses a new document.
        for d, sc in unindexed_matches(con, q):
            scores.setdefault(d, sc)
    else:  # no index yet (a database built before search existed): a scan
        log.info("no fts index; scanning documents.text (run `vanthu index` to index)")
        scores = _scan(con, terms, limit)
    exact: set[str] = set()
    for r in refs:
        pattern = "%" + "%".join(re.findall(r"\w+", r)) + "%"
        cand = con.execute(
            "SELECT doc_id, text FROM documents WHERE lower(text) LIKE ? ORDER BY doc_id LIMIT"
            " 1000",
            [pattern],
        ).fetchall()
        for doc_id, text in cand:
            if r in _squash(text or ""):
                exact.add(doc_id)
                scores.setdefault(doc_id, 0.0)
    if not scores:
        return []
    ranked = sorted(scores, key=lambda d: (d not in exact, -scores[d], d))[:limit]
    meta = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT doc_id, doc_type, coalesce(ref, concat_ws('/', number, symbol)), issuer,"
            " issued_date, text"
            " FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [ranked],
        ).fetchall()
    }
    hits = []
    for d in ranked:
        doc_type, ref, issuer, issued, text = meta.get(d, (None, None, None, None, ""))
        passage, start = best_passage(text or "", terms, refs)
        hits.append(
            Hit(
                d,
                round(scores[d], 4),
                d in exact,
                doc_type,
                ref,
                issuer,
                str(issued) if issued else None,
                passage,
                start,
            )
        )
    return hits


def best_passage(text: str, terms: list[str], refs: list[str], width: int = 240) -> tuple[str, int]:
    """The line (or window of ``width`` characters) holding most query terms."""
    if not text:
        return "", 0
    best = (0, 0, "")
    pos = 0
    for line in text.splitlines(keepends=True):
        low = line.lower()
        score = sum(3 for r in refs if r in _squash(line)) + sum(1 for t in set(terms) if t in low)
        if score > best[0]:
            best = (score, pos, line)
        pos += len(line)
    score, start, line = best
    if not score:
        return text[:width].strip(), 0
    line = line.strip()
    if len(line) > width:
        low = line.lower()
        first = min((low.find(t) for t in terms if t in low), default=0)
        a = max(0, first - width // 3)
        line = ("…" if a else "") + line[a : a + width] + "…"
    return line, start
