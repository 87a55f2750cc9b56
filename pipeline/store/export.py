"""The archive for other tools: tables as Parquet or CSV, the citation graph as GraphML.

``vanthu export --format parquet|csv|graphml DIR`` and the web app's Export page both
call :func:`export`. Parquet is written by DuckDB itself (``COPY ... (FORMAT parquet)``):
pandas (``pd.read_parquet``) and Spark (``spark.read.parquet``) read it with its types
(dates stay dates, ``recipients`` stays a list). CSV is one file per table with a
header. GraphML (one file, ``citation_graph.graphml``) is what Gephi and Cytoscape open:
one node per ``nodes`` row (documents of the archive and documents only cited), one
directed edge per ``edges`` row, from the citing document's node to the cited node, with
its relation; written as a stream so a million edges never sit in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import duckdb

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "graphml")
# The tables people analyse, in the order of the README. Internal tables (the fts index,
# corrections_applied, meta, reference copies) are left out.
TABLES = (
    "runs",
    "files",
    "file_paths",
    "pages",
    "documents",
    "fields",
    "signers",
    "arrivals",
    "citations",
    "deadlines",
    "corrections",
    "nodes",
    "doc_nodes",
    "edges",
    "campaigns",
    "campaign_anchors",
    "campaign_documents",
    "registry",
)
GRAPHML_NAME = "citation_graph.graphml"
# (attribute, GraphML type) of each node; ``label`` is what Gephi shows.
NODE_ATTRS = (
    ("label", "string"),
    ("doc_type", "string"),
    ("ref", "string"),
    ("year", "int"),
    ("issuer", "string"),
    ("province", "string"),
    ("scope", "string"),
    ("doc_id", "string"),
    ("in_archive", "boolean"),
    ("cited_by", "int"),
)
EDGE_ATTRS = (("relation", "string"), ("mentions", "int"), ("doc_id", "string"))


class ExportError(ValueError):
    """Asked for a format or table that does not exist."""


def present_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The exportable tables this archive has (an archive before its first graph has none
    of the graph tables)."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    return [t for t in TABLES if t in have]


def export_table(con: duckdb.DuckDBPyConnection, table: str, path: Path, fmt: str) -> Path:
    """One table to ``path`` as Parquet or CSV."""
    if table not in present_tables(con):
        raise ExportError(f"no table {table!r} in this archive")
    if fmt not in ("parquet", "csv"):
        raise ExportError(f"a table is exported as parquet or csv, not {fmt!r}")
    opts = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' ({opts})")
    return path


def _graphml_lines(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for name, typ in NODE_ATTRS:
        yield f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n'
    for name, typ in EDGE_ATTRS:
        yield f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n'
    yield '  <graph id="citations" edgedefault="directed">\n'
    cur = con.execute(
        "SELECT target_key, doc_type, coalesce(ref, concat_ws('/', number, symbol)), year,"
        " issuer, province, scope, doc_id, cited_by FROM nodes ORDER BY target_key"
    )
    while rows := cur.fetchmany(10_000):
        for key, doc_type, ref, year, issuer, province, scope, doc_id, cited_by in rows:
            label = " ".join(x for x in (doc_type, ref or key) if x)
            vals = {
                "label": label,
                "doc_type": doc_type,
                "ref": ref,
                "year": year,
                "issuer": issuer,
                "province": province,
                "scope": scope,
                "doc_id": doc_id,
                "in_archive": "true" if doc_id else "false",
                "cited_by": cited_by,
            }
            data = "".join(
                f'<data key="{k}">{escape(str(v))}</data>' for k, v in vals.items() if v is not None
            )
            yield f"    <node id={quoteattr(key)}>{data}</node>\n"
    cur = con.execute(
        "SELECT dn.target_key, e.target_key, e.relation, e.mentions, e.doc_id"
        " FROM edges e JOIN doc_nodes dn USING (doc_id) ORDER BY e.doc_id, e.target_key"
    )
    n = 0
    while rows := cur.fetchmany(10_000):
        for src, dst, relation, mentions, doc_id in rows:
            n += 1
            data = "".join(
                f'<data key="e_{k}">{escape(str(v))}</data>'
                for k, v in (("relation", relation), ("mentions", mentions), ("doc_id", doc_id))
                if v is not None
            )
            ends = f"source={quoteattr(src)} target={quoteattr(dst)}"
            yield f'    <edge id="e{n}" {ends}>{data}</edge>\n'
    yield "  </graph>\n</graphml>\n"


def export_graphml(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """The citation graph as GraphML (directed: citing document -> cited document)."""
    if not {"nodes", "edges", "doc_nodes"} <= set(present_tables(con)):
        raise ExportError("this archive has no citation graph yet (run an ingest)")
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(_graphml_lines(con))
    return path


def export(con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str) -> list[Path]:
    """Every table (parquet, csv) or the graph (graphml) into ``out_dir``; the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        return [export_graphml(con, out / GRAPHML_NAME)]
    return [export_table(con, t, out / f"{t}.{fmt}", fmt) for t in present_tables(con)]
