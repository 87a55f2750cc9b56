"""Small factory for graph tests: an in-memory archive built from hand-written rows.

The citation extractor is written concurrently, so graph tests insert the rows it
would produce. ``doc(...)`` and ``cit(...)`` build rows with the columns of
``schemas/tables.sql``; ``archive(...)`` creates the tables and inserts them.
``fixture_archive()`` loads the documents of ``tests/data/graph/`` (texts) with the
rows written by hand in ``tests/data/graph/rows.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLES_SQL = ROOT / "schemas" / "tables.sql"
GRAPH_DATA = Path(__file__).resolve().parent / "data" / "graph"

DOC_COLS = [
    "doc_id",
    "file_id",
    "source_path",
    "ordinal",
    "doc_type",
    "number",
    "symbol",
    "ref",
    "issued_date",
    "issued_year",
    "place",
    "issuer",
    "issuer_parent",
    "subject",
    "recipients",
    "distribution",
    "parent_doc_id",
    "province",
    "text",
]
CIT_COLS = [
    "doc_id",
    "seq",
    "mention",
    "doc_type",
    "number",
    "symbol",
    "cited_date",
    "cited_year",
    "cited_month",
    "cited_issuer",
    "relation",
    "antecedent_seq",
]


def doc(doc_id: str, **kw) -> dict:
    row = dict.fromkeys(DOC_COLS)
    row.update(
        doc_id=doc_id, file_id=kw.pop("file_id", doc_id.split("-")[0]), ordinal=kw.pop("ordinal", 1)
    )
    row.update(kw)
    if row["issued_date"] and not row["issued_year"]:
        row["issued_year"] = int(str(row["issued_date"])[:4])
    return row


def cit(
    doc_id: str, seq: int, doc_type: str | None, number: str | None, symbol: str | None, **kw
) -> dict:
    row = dict.fromkeys(CIT_COLS)
    row.update(
        doc_id=doc_id, seq=seq, doc_type=doc_type, number=number, symbol=symbol, relation="cites"
    )
    row.update(kw)
    when = row.pop("cited_date")
    row["cited_date"] = (
        when if when and len(str(when)) == 10 else None
    )  # partial dates: year/month only
    if when and not row["cited_year"]:
        row["cited_year"] = int(str(when)[:4])
    if when and len(str(when)) == 7:
        row["cited_month"] = int(str(when)[5:7])
    return row


def archive(
    docs: list[dict],
    cits: list[dict],
    deadlines: list[dict] = (),
    arrivals: list[dict] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> duckdb.DuckDBPyConnection:
    con = con or duckdb.connect()
    con.execute(TABLES_SQL.read_text(encoding="utf-8"))
    for d in docs:
        con.execute(
            f"INSERT INTO documents ({', '.join(DOC_COLS)})"
            f" VALUES ({', '.join('?' * len(DOC_COLS))})",
            [d[c] for c in DOC_COLS],
        )
    for c in cits:
        con.execute(
            f"INSERT INTO citations ({', '.join(CIT_COLS)})"
            f" VALUES ({', '.join('?' * len(CIT_COLS))})",
            [c[k] for k in CIT_COLS],
        )
    for i, dl in enumerate(deadlines, 1):
        con.execute(
            "INSERT INTO deadlines (doc_id, seq, due_date, due_year, due_month, what) VALUES (?,"
            " ?, ?, ?, ?, ?)",
            [
                dl["doc_id"],
                dl.get("seq", i),
                dl.get("due_date"),
                dl.get("due_year"),
                dl.get("due_month"),
                dl.get("what"),
            ],
        )
    for a in arrivals:
        con.execute(
            "INSERT INTO arrivals (doc_id, receiver, arrival_number, arrival_date) VALUES (?, ?,"
            " ?, ?)",
            [a["doc_id"], a.get("receiver"), a.get("arrival_number"), a.get("arrival_date")],
        )
    return con


def fixture_rows() -> dict:
    """Rows of tests/data/graph/rows.yaml, with each document's text read from its file."""
    spec = yaml.safe_load((GRAPH_DATA / "rows.yaml").read_text(encoding="utf-8"))
    docs, cits, deadlines, arrivals = [], [], [], []
    for d in spec["documents"]:
        d = dict(d)
        fname = d.pop("file")
        d_cits = d.pop("citations", []) or []
        deadlines += [dict(x, doc_id=d["doc_id"]) for x in d.pop("deadlines", []) or []]
        if d.get("arrival"):
            arrivals.append(dict(d.pop("arrival"), doc_id=d["doc_id"]))
        d.pop("arrival", None)
        text = (GRAPH_DATA / fname).read_text(encoding="utf-8")
        docs.append(doc(d.pop("doc_id"), source_path=fname, text=text, **d))
        for i, c in enumerate(d_cits, 1):
            c = dict(c)
            cits.append(
                cit(
                    docs[-1]["doc_id"],
                    c.pop("seq", i),
                    c.pop("doc_type", None),
                    c.pop("number", None),
                    c.pop("symbol", None),
                    **c,
                )
            )
    return {"documents": docs, "citations": cits, "deadlines": deadlines, "arrivals": arrivals}


def fixture_archive(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """The fixture archive, graph built (in memory, or at ``path``)."""
    from pipeline.graph.build import rebuild_graph

    rows = fixture_rows()
    con = duckdb.connect(str(path)) if path else duckdb.connect()
    archive(rows["documents"], rows["citations"], rows["deadlines"], rows["arrivals"], con=con)
    rebuild_graph(con)
    return con


def test_fixture_texts_contain_their_citations():
    """Every hand-written citation row names a number printed in its document's text."""
    rows = fixture_rows()
    text = {d["doc_id"]: d["text"] for d in rows["documents"]}
    for c in rows["citations"]:
        if c["number"]:
            assert c["number"] in text[c["doc_id"]], (c["doc_id"], c["number"])
