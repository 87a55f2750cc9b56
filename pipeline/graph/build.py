"""Writing the graph: ``rebuild_graph`` reads documents and citations, resolves them
(:mod:`pipeline.graph.resolve`), and rewrites nodes, edges, campaigns and the text index.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb

from pipeline.graph.keys import (
    GRAPH_TABLES,
    NODE_ID_SQL,
    RELATION_STRENGTH,
    RELATIONS,
    Descriptor,
    gazetteer,
    province_in,
)
from pipeline.graph.reference import Reference, load, load_into
from pipeline.graph.resolve import (
    DocFeatures,
    GraphStats,
    _Cit,
    _fetch_dicts,
    _iso,
    doc_features,
    ensure_schema,
    fill_contexts,
    reference_descriptor,
    resolve_rows,
)
from pipeline.graph.summaries import rebuild_summaries

log = logging.getLogger(__name__)


def rebuild_graph(
    con: duckdb.DuckDBPyConnection, *, reference_dir: Path | None = None, index_text: bool = True
) -> GraphStats:
    """(Re)build the citation graph from ``documents`` and ``citations``.

    Sets ``citations.target_key`` for every row and rewrites ``nodes``, ``doc_nodes``,
    ``edges``, ``campaigns``, ``campaign_anchors``, ``campaign_documents``, the desk's
    summaries (``doc_facets``, ``answered``, ``campaign_directing``) and the ``ref_*``
    tables. Idempotent and deterministic: a re-run gives identical tables.

    Args:
        con: an open, writable connection to the archive.
        reference_dir: folder with the reference YAML files (default ``pipeline/graph/data``).
        index_text: also rebuild the full-text index of ``documents`` (pipeline.graph.search).
    Returns:
        counts of what was built.
    """
    t0 = time.perf_counter()
    progress = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")  # no bars on the nightly's stderr
    try:
        return _rebuild(con, reference_dir, index_text, t0)
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if progress else 'false'}")


def _rebuild(
    con: duckdb.DuckDBPyConnection, reference_dir: Path | None, index_text: bool, t0: float
) -> GraphStats:
    from pipeline.graph import campaigns as campaigns_mod

    ref = load(Path(reference_dir) if reference_dir else None)
    ensure_schema(con)
    load_into(con, ref)
    docs = _fetch_dicts(con, DOCS_SQL.format(where="") + " ORDER BY doc_id")
    cits = _fetch_dicts(con, CITS_SQL.format(where="") + " ORDER BY doc_id, seq")
    registry_rows, reg_desc = registry_descriptors(con, ref)
    marks = [("start", t0), ("read", time.perf_counter())]  # logged at debug level
    features = [doc_features(d, ref) for d in docs]
    contexts = fill_contexts(features)
    doc_desc, out, _res = resolve_rows(docs, cits, ref, reg_desc, contexts)
    marks.append(("resolve", time.perf_counter()))
    doc_key = {
        doc_id: (d.key if d is not None else f"DOC/{doc_id}") for doc_id, d in doc_desc.items()
    }

    con.execute("BEGIN TRANSACTION")
    try:
        # Dropping and re-creating is much faster than deleting every row of indexed tables.
        for t in GRAPH_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {t}")
        ensure_schema(con)
        _write_citation_keys(con, out)
        marks.append(("citation keys", time.perf_counter()))
        _write_nodes(con, ref, docs, doc_desc, doc_key, out, registry_rows, reg_desc)
        marks.append(("nodes", time.perf_counter()))
        _write_edges(con)
        write_state(con, features, contexts, doc_desc, out, _res)
        con.execute(PENDING_SQL)
        con.execute("DELETE FROM graph_pending")  # a full build takes in every file
        con.execute(
            "INSERT INTO graph_meta VALUES ('reference', ?)", [reference_fingerprint(reference_dir)]
        )
        marks.append(("edges", time.perf_counter()))
        n_camp, n_cd = campaigns_mod.rebuild_campaigns(con, ref)
        marks.append(("campaigns", time.perf_counter()))
        rebuild_summaries(con)
        marks.append(("summaries", time.perf_counter()))
        con.execute("COMMIT")
        marks.append(("commit", time.perf_counter()))
    except Exception:
        con.execute("ROLLBACK")
        raise
    if index_text:
        from pipeline.graph.search import build_index

        build_index(con)
    marks.append(("text index", time.perf_counter()))
    log.debug(
        "rebuild_graph: %s",
        ", ".join(f"{n} {t - marks[i][1]:.2f}s" for i, (n, t) in enumerate(marks[1:])),
    )
    short = sum(1 for c in out if c.short and c.desc is not None and c.desc.symbol is not None)
    unresolved = sum(1 for c in out if c.key and "?" in c.key)
    stats = GraphStats(
        documents=len(docs),
        citations=len(out),
        nodes=con.execute("SELECT count(*) FROM nodes").fetchone()[0],
        edges=con.execute("SELECT count(*) FROM edges").fetchone()[0],
        resolved_short=short,
        unresolved=unresolved,
        campaigns=n_camp,
        campaign_documents=n_cd,
        seconds=round(time.perf_counter() - t0, 3),
    )
    log.info("graph rebuilt: %s", stats)
    return stats


# Files loaded since the graph was last updated (pipeline.graph.incremental).
PENDING_SQL = "CREATE TABLE IF NOT EXISTS graph_pending (file_id VARCHAR PRIMARY KEY)"

# The rows resolution reads ({where}: a filter on the alias d / c, or nothing).
DOCS_SQL = (
    "SELECT doc_id, file_id, ordinal, doc_type, number, symbol, ref, issued_date,"
    " issued_year, place, issuer, issuer_parent, subject, parent_doc_id, province, recipients,"
    " CASE WHEN province IS NULL THEN left(text, 3000) END AS text FROM documents d {where}"
)
CITS_SQL = (
    "SELECT doc_id, seq, doc_type, number, symbol, cited_date, cited_year, cited_issuer,"
    " relation, antecedent_seq FROM citations c {where}"
)


def registry_descriptors(con: duckdb.DuckDBPyConnection, ref: Reference) -> tuple[list, list]:
    registry_rows = _fetch_dicts(
        con,
        "SELECT province, so_ky_hieu, issued_date, title, target_key FROM registry ORDER BY ALL",
    )
    reg_desc = [
        reference_descriptor(r["so_ky_hieu"], None, _iso(r["issued_date"]), ref, r["province"])
        for r in registry_rows
    ]
    return registry_rows, reg_desc


FEATURE_COLUMNS = (
    "doc_id",
    "file_id",
    "year",
    "province",
    "district",
    "issuer_district",
    "parent_district",
    "place_district",
    "text_district",
    "named",
)


DESC_COLUMNS = (
    "d_type",
    "d_number",
    "d_symbol",
    "d_issuer",
    "d_year",
    "d_scope",
    "d_printed",
    "d_party",
)


def _desc_cells(d: Descriptor | None) -> tuple:
    if d is None:
        return (None,) * len(DESC_COLUMNS)
    return (d.type_code, d.number, d.symbol, d.issuer, d.year, d.scope, d.printed, d.party)


def desc_of(cells: tuple) -> Descriptor | None:
    """The descriptor stored in the ``d_*`` columns (None when there is none)."""
    if cells[0] is None:
        return None
    t, number, symbol, issuer, year, scope, printed, party = cells
    return Descriptor(t, number, symbol, issuer, year, scope or "", printed, bool(party))


def _insert_frame(con, table: str, df) -> None:  # noqa: ANN001
    cols = ", ".join(df.columns)
    con.register("_vt_state", df)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _vt_state")
    finally:
        con.unregister("_vt_state")


def write_state(con, features, contexts, doc_desc, out, res, known=None) -> None:  # noqa: ANN001
    """``graph_doc_state``, ``graph_cit_state`` and ``graph_resolver`` rows of these
    documents, citations and descriptors (see schemas/graph.sql). The caller deletes the
    old rows of those documents first; descriptors in ``known`` are already stored."""
    import pandas as pd

    rows = []
    for f in features:
        d = doc_desc.get(f.doc_id)
        c = contexts[f.doc_id]
        rows.append(
            (
                *(getattr(f, k) for k in FEATURE_COLUMNS),
                d.number if d is not None else None,
                c.province,
                c.district,
                res.doc_fams.get(f.doc_id),
                *_desc_cells(d),
            )
        )
    cols = [*FEATURE_COLUMNS, "token", "ctx_province", "ctx_district", "fam", *DESC_COLUMNS]
    df = pd.DataFrame(rows, columns=cols)
    for k in ("year", "d_year"):
        df[k] = df[k].astype("Int64")
    _insert_frame(con, "graph_doc_state", df)
    cdf = pd.DataFrame(
        [
            (c.doc_id, c.seq, c.token, c.fam, c.desc is None or c.desc.symbol is None)
            + _desc_cells(c.desc)
            for c in out
        ],
        columns=["doc_id", "seq", "token", "fam", "short", *DESC_COLUMNS],
    )
    cdf["d_year"] = cdf["d_year"].astype("Int64")
    _insert_frame(con, "graph_cit_state", cdf)
    descs = res.descriptors() - (known or set())
    rdf = pd.DataFrame(
        [_desc_cells(d) for d in sorted(descs, key=lambda d: d.key)], columns=list(DESC_COLUMNS)
    )
    rdf["d_year"] = rdf["d_year"].astype("Int64")
    cols = ", ".join(DESC_COLUMNS)
    con.register("_vt_state", rdf)
    try:  # each descriptor once
        con.execute(
            f"INSERT INTO graph_resolver SELECT {cols} FROM _vt_state"
            f" EXCEPT SELECT {cols} FROM graph_resolver"
        )
    finally:
        con.unregister("_vt_state")


def stored_descriptors(con: duckdb.DuckDBPyConnection, numbers: set[str]) -> set[Descriptor]:
    """The stored resolver descriptors of these canonical numbers."""
    import pandas as pd

    if not numbers:
        return set()
    con.register("_vt_nums", pd.DataFrame({"n": sorted(numbers)}))
    try:
        rows = con.execute(
            f"SELECT {', '.join(DESC_COLUMNS)} FROM graph_resolver"
            " WHERE d_number IN (SELECT n FROM _vt_nums)"
        ).fetchall()
    finally:
        con.unregister("_vt_nums")
    return {desc_of(r) for r in rows}


def reference_fingerprint(ref_dir: Path | None = None) -> str:
    """A hash of the reference data (national documents, campaigns, provinces ...)."""
    import hashlib

    root = ref_dir or Path(__file__).resolve().parent / "data"
    h = hashlib.sha256()
    for p in sorted(root.glob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def read_features(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None = None
) -> list[DocFeatures]:
    """The stored features of every document (or of ``doc_ids``), in doc_id order."""
    cols = ", ".join(FEATURE_COLUMNS)
    where, params = ("WHERE doc_id IN (SELECT unnest(?))", [doc_ids]) if doc_ids else ("", [])
    return [
        DocFeatures(*r)
        for r in con.execute(
            f"SELECT {cols} FROM graph_doc_state {where} ORDER BY doc_id", params
        ).fetchall()
    ]


def _write_citation_keys(
    con: duckdb.DuckDBPyConnection, out: list[_Cit], *, all_rows: bool = True
) -> None:
    """Set ``citations.target_key`` of the citations in ``out`` (``all_rows``: and clear
    every other one first, as a full build does)."""
    import pandas as pd

    df = pd.DataFrame(
        {"doc_id": [c.doc_id for c in out], "seq": [c.seq for c in out], "k": [c.key for c in out]}
    )
    con.register("_vt_keys", df)
    try:
        if all_rows:
            con.execute("UPDATE citations SET target_key = NULL WHERE target_key IS NOT NULL")
        con.execute(
            "UPDATE citations SET target_key = k.k FROM _vt_keys k WHERE citations.doc_id ="
            " k.doc_id AND citations.seq = k.seq"
        )
    finally:
        con.unregister("_vt_keys")


# What the citations of each node say, most common value first (ties: the longer, then
# the smaller string), computed in SQL over the keys just written to citations.
CITATION_STATS_SQL = """
    WITH c AS (
        SELECT target_key AS k, doc_id, doc_type, CAST(cited_date AS VARCHAR) AS d, cited_issuer
        FROM citations WHERE target_key IS NOT NULL {only}),
    base AS (SELECT k, count(*)::INTEGER AS mentions, count(DISTINCT doc_id)::INTEGER AS cited_by
             FROM c GROUP BY k),
    ty AS (SELECT k, arg_min(v, {'n': -n, 'l': -length(v), 'v': v}) AS v FROM (
             SELECT k, doc_type AS v, count(*) AS n FROM c WHERE coalesce(doc_type, '') <> ''
             GROUP BY ALL) GROUP BY k),
    dt AS (SELECT k, arg_min(v, {'n': -n, 'v': v}) AS v FROM (
             SELECT k, d AS v, count(*) AS n FROM c WHERE d IS NOT NULL GROUP BY ALL) GROUP BY k),
    iss AS (SELECT k, arg_min(v, {'n': -n, 'l': -length(v), 'v': v}) AS v FROM (
             SELECT k, cited_issuer AS v, count(*) AS n FROM c
             WHERE coalesce(cited_issuer, '') <> '' GROUP BY ALL) GROUP BY k)
    SELECT base.k, base.mentions, base.cited_by, ty.v, dt.v, iss.v
    FROM base LEFT JOIN ty USING (k) LEFT JOIN dt USING (k) LEFT JOIN iss USING (k)
"""


def _scope_label(scope: str) -> str:
    if not scope:
        return "national"
    if scope.startswith("unknown"):
        return "unknown"
    return "district" if "/" in scope else "province"


def _write_nodes(
    con, ref: Reference, docs, doc_desc, doc_key, out, registry_rows, reg_desc
) -> None:  # noqa: ANN001, PLR0913
    """Rewrite ``nodes`` and ``doc_nodes`` whole."""
    df = node_frame(con, ref, docs, doc_desc, doc_key, out, registry_rows, reg_desc)
    con.execute("DELETE FROM nodes")
    insert_nodes(con, df)
    dn = doc_node_frame(doc_key)
    con.execute("DELETE FROM doc_nodes")
    insert_doc_nodes(con, dn, first_no=1)


def insert_nodes(con, df) -> None:  # noqa: ANN001
    con.register("_vt_nodes", df)
    try:
        con.execute(
            f"INSERT INTO nodes SELECT *, {NODE_ID_SQL.format('target_key')} FROM _vt_nodes"
            " ORDER BY target_key"
        )
    finally:
        con.unregister("_vt_nodes")


def doc_node_frame(doc_key: dict[str, str]):  # noqa: ANN201
    import pandas as pd

    return pd.DataFrame(sorted(doc_key.items()), columns=["doc_id", "target_key"])


def insert_doc_nodes(con, dn, first_no: int) -> None:  # noqa: ANN001
    """Documents' own nodes; ``doc_no`` numbers them from ``first_no`` in doc_id order."""
    con.register("_vt_dn", dn)
    try:
        con.execute(
            "INSERT INTO doc_nodes SELECT d.doc_id, d.target_key,"
            f" {int(first_no) - 1} + row_number() OVER (ORDER BY d.doc_id), n.node_id"
            " FROM _vt_dn d JOIN nodes n ON n.target_key = d.target_key ORDER BY d.doc_id"
        )
    finally:
        con.unregister("_vt_dn")


def node_frame(
    con, ref: Reference, docs, doc_desc, doc_key, out, registry_rows, reg_desc, keys=None
):  # noqa: ANN001, ANN201, PLR0913
    """The ``nodes`` rows (without node_id) as a data frame; only those of ``keys`` when
    given (the rows read must then hold every document and citation of those keys)."""
    import pandas as pd

    prov_by_slug = {p.slug: p for p in ref.provinces}
    nodes: dict[str, dict] = {}

    def node(key: str, d: Descriptor | None) -> dict:
        n = nodes.get(key)
        if n is None:
            prov = prov_by_slug.get((d.scope.split("/")[0] if d else "") or "")
            n = nodes[key] = {
                "target_key": key,
                "doc_type": None,
                "number": d.number if d else None,
                "symbol": d.symbol if d else None,
                "year": d.year if d else None,
                "issuer": None,
                "title": None,
                "doc_id": None,
                "ref": d.printed if d and d.symbol else None,
                "issued_date": None,
                "scope": _scope_label(d.scope) if d else "archive",
                "province": prov.name if prov else None,
                "province_2025": prov.since_2025 if prov else None,
                "source": None,
                "cited_by": 0,
                "mentions": 0,
            }
        return n

    for d in sorted(docs, key=lambda r: r["doc_id"]):
        k = doc_key[d["doc_id"]]
        if keys is not None and k not in keys:
            continue
        n = node(k, doc_desc.get(d["doc_id"]))
        if n["doc_id"] is None:
            n.update(
                doc_id=d["doc_id"],
                doc_type=d.get("doc_type"),
                issuer=d.get("issuer"),
                title=d.get("subject"),
                issued_date=_iso(d.get("issued_date")),
                source="archive",
            )
            if d.get("ref") or (d.get("number") and d.get("symbol")):
                n["ref"] = d.get("ref") or f"{d['number']}/{d['symbol']}"
            if d.get("issued_year") and not n["year"]:
                n["year"] = d["issued_year"]
            if n["province"] is None:
                p = province_in(d.get("province"), ref) or province_in(d.get("issuer"), ref)
                if p:
                    n["province"] = p
                    n["province_2025"] = next(
                        (x.since_2025 for x in ref.provinces if x.name == p), None
                    )
    for r in ref.documents:
        d = reference_descriptor(r.ref, r.doc_type, r.date, ref)
        if keys is not None and d.key not in keys:
            continue
        n = node(d.key, d)
        if n["source"] is None:
            n.update(
                doc_type=r.doc_type,
                issuer=r.issuer,
                title=r.title,
                issued_date=r.date,
                source="reference",
            )
            n["ref"] = r.ref
    for c in out:
        if c.key not in nodes and (keys is None or c.key in keys):
            node(c.key, c.desc)
    only = "AND target_key IN (SELECT k FROM _vt_only)" if keys is not None else ""
    if keys is not None:
        con.register("_vt_only", pd.DataFrame({"k": sorted(keys)}))
    try:
        sql = CITATION_STATS_SQL.replace("{only}", only)
        stats = {r[0]: r[1:] for r in con.execute(sql).fetchall()}
    finally:
        if keys is not None:
            con.unregister("_vt_only")
    for r, d in zip(registry_rows, reg_desc, strict=True):
        n = nodes.get(d.key)
        if n is not None and n["source"] is None:  # archive and reference data come first
            n.update(
                title=r["title"],
                issued_date=_iso(r["issued_date"]),
                source="registry",
                issuer=f"UBND tỉnh {r['province']}",
                ref=r["so_ky_hieu"],
            )
    g = gazetteer(ref)
    rows = []
    for key in sorted(nodes):
        n = nodes[key]
        mentions, cited_by, c_type, c_date, c_issuer = stats.get(key, (0, 0, None, None, None))
        n["mentions"], n["cited_by"] = mentions, cited_by
        if n["source"] is None:
            n["source"] = "citation"
            n["doc_type"], n["issued_date"], n["issuer"] = c_type, c_date, c_issuer
            if n["issuer"] and n["province"] and not province_in(n["issuer"], ref):
                n["issuer"] = f"{n['issuer']} ({n['province']})"
        if n["doc_type"] is None and key.split("/")[0] in g.type_name_of_code:
            n["doc_type"] = g.type_name_of_code[key.split("/")[0]]
        if n["year"] is None and n["issued_date"]:
            n["year"] = int(str(n["issued_date"])[:4])
        rows.append(n)
    df = pd.DataFrame(
        rows,
        columns=[
            "target_key",
            "doc_type",
            "number",
            "symbol",
            "year",
            "issuer",
            "title",
            "doc_id",
            "ref",
            "issued_date",
            "scope",
            "province",
            "province_2025",
            "source",
            "cited_by",
            "mentions",
        ],
    )
    df["issued_date"] = pd.to_datetime(df["issued_date"], errors="coerce").dt.date
    df["year"] = df["year"].astype("Int64")
    return df


def _write_edges(con, only_docs: str = "") -> None:  # noqa: ANN001
    """Edges from citations (keys set) and doc_nodes, in SQL: one row per (document, node).

    ``only_docs``: a query of doc_ids whose edges alone are written (an update)."""
    where = f"AND c.doc_id IN ({only_docs})" if only_docs else ""
    strength = " ".join(f"WHEN '{r}' THEN {RELATION_STRENGTH[r]}" for r in RELATIONS)
    names = " ".join(f"WHEN {v} THEN '{k}'" for k, v in RELATION_STRENGTH.items())
    con.execute(
        f"""
        INSERT INTO edges
        SELECT a.doc_id, a.target_key,
               CASE a.strength {names} END, a.mentions, n.node_id, a.doc_no, a.strength
        FROM (
            SELECT c.doc_id, c.target_key, any_value(dn.doc_no) AS doc_no,
                   max(CASE c.relation {strength} ELSE 1 END)::INTEGER AS strength,
                   count(*)::INTEGER AS mentions
            FROM citations c JOIN doc_nodes dn ON dn.doc_id = c.doc_id
            -- a document's own number is no citation
            WHERE c.target_key IS NOT NULL AND c.target_key <> dn.target_key {where}
            GROUP BY c.doc_id, c.target_key
        ) a JOIN nodes n ON n.target_key = a.target_key
        -- stored by the node cited: "who cites X" (a document's page, answer matrices,
        -- the graph) reads the few row groups of X instead of every edge; what a document
        -- cites is read from `citations`, stored by document
        ORDER BY a.target_key, a.doc_id
        """
    )
