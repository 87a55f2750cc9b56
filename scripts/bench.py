"""Speed of the citation graph on a synthetic archive, with ratios to naive baselines.

Builds a synthetic archive (scripts/synth_archive.py), then times:

- ``rebuild_graph`` (resolution of every citation, nodes, edges, campaigns, text index);
  it has no baseline in the same run: compare with an older checkout on the same
  machine (``--debug`` prints its phase times);
- campaign membership of the busiest campaign (ct07-bca) with paths, computed from
  ``edges`` level by level in SQL and left in DuckDB
  (``pipeline.graph.campaigns.membership_relation``; read here by one aggregate over
  doc_id, hops, relation and every path), against three baselines measured in the same
  run: the same rows handed to Python (``membership``: 100k path lists), a Python
  breadth-first search over the edges fetched from the database, and the plain
  recursive CTE with a path list as cycle guard (TOOLS.md), stopped after
  ``--cte-timeout`` seconds;
- the stored membership look-up (``campaign_documents``), what ``vanthu campaign`` reads;
- the ``graph`` query (who cites the most cited node, and what those cite, depth 2)
  against a Python BFS over fetched edges.

Usage:  python scripts/bench.py            # 20,000 documents, 200,000 citations (~1-2 min)
        python scripts/bench.py --full     # 100,000 documents, 1,000,000 citations
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from synth_archive import generate, write  # noqa: E402

from pipeline.graph.campaigns import membership, membership_relation  # noqa: E402
from pipeline.graph.neighbours import neighbourhood  # noqa: E402
from pipeline.graph.resolve import rebuild_graph  # noqa: E402


def timed(fn, repeat: int = 1):  # noqa: ANN001, ANN201
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def python_bfs_membership(con: duckdb.DuckDBPyConnection, anchors: list[str]) -> dict[str, int]:
    cited_by: dict[str, list[str]] = defaultdict(list)
    for key, doc in con.execute("SELECT target_key, doc_id FROM edges").fetchall():
        cited_by[key].append(doc)
    own = dict(con.execute("SELECT doc_id, target_key FROM doc_nodes").fetchall())
    anchor_docs = {d for d, k in own.items() if k in anchors}
    hops: dict[str, int] = {}
    frontier, level = list(anchors), 0
    while frontier:
        level += 1
        nxt = []
        for k in frontier:
            for d in cited_by.get(k, ()):
                if d not in hops and d not in anchor_docs:
                    hops[d] = level
                    nxt.append(own[d])
        frontier = nxt
    return hops


def recursive_cte_membership(
    con: duckdb.DuckDBPyConnection, anchors: list[str], timeout: float
) -> int | None:
    sql = f"""
        WITH RECURSIVE walk(doc_id, key, hops, path) AS (
            SELECT e.doc_id, dn.target_key, 1, [e.target_key, dn.target_key]
            FROM edges e JOIN doc_nodes dn ON dn.doc_id = e.doc_id
            WHERE e.target_key IN ({", ".join(repr(a) for a in anchors)})
            UNION ALL
            SELECT e.doc_id, dn.target_key, w.hops + 1, list_append(w.path, dn.target_key)
            FROM walk w JOIN edges e ON e.target_key = w.key JOIN doc_nodes dn ON dn.doc_id =
                e.doc_id
            WHERE NOT list_contains(w.path, dn.target_key) AND w.hops < 30
        )
        SELECT count(DISTINCT doc_id) FROM walk"""
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        return con.execute(sql).fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        timer.cancel()


def python_bfs_graph(con: duckdb.DuckDBPyConnection, key: str, depth: int) -> int:
    cited_by: dict[str, list[str]] = defaultdict(list)
    for k, doc in con.execute("SELECT target_key, doc_id FROM edges").fetchall():
        cited_by[k].append(doc)
    own = dict(con.execute("SELECT doc_id, target_key FROM doc_nodes").fetchall())
    seen, frontier = {key}, [key]
    for _ in range(depth):
        nxt = []
        for k in frontier:
            for d in cited_by.get(k, ())[:50]:
                if own[d] not in seen:
                    seen.add(own[d])
                    nxt.append(own[d])
        frontier = nxt
    return len(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description="Citation graph benchmarks on a synthetic archive.")
    ap.add_argument("--full", action="store_true", help="100,000 documents and 1,000,000 citations")
    ap.add_argument("--docs", type=int)
    ap.add_argument("--citations", type=int)
    ap.add_argument(
        "--cte-timeout", type=float, help="stop the recursive CTE after (default 10 s, 30 --full)"
    )
    ap.add_argument(
        "--db", type=Path, help="keep the synthetic archive here (default: a temp file)"
    )
    ap.add_argument("--debug", action="store_true", help="log rebuild_graph's phase times")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if a.debug:
        logging.getLogger("pipeline.graph.resolve").setLevel(logging.DEBUG)
    n_docs = a.docs or (100_000 if a.full else 20_000)
    n_cits = a.citations or n_docs * 10
    a.cte_timeout = a.cte_timeout or (30.0 if a.full else 10.0)
    err = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = a.db or Path(tmp) / "synth.duckdb"
        path.unlink(missing_ok=True)
        err.print(f"generating {n_docs:,} documents / {n_cits:,} citations …")
        t_gen, tables = timed(lambda: generate(n_docs, n_cits))
        con = duckdb.connect(str(path))
        write(con, tables)
        n_cits = len(tables["citations"])
        err.print("rebuild_graph …")
        t_rebuild, stats = timed(lambda: rebuild_graph(con))
        t_rerun, _ = timed(lambda: rebuild_graph(con))
        anchors = [
            r[0]
            for r in con.execute(
                "SELECT anchor_key FROM campaign_anchors WHERE campaign_id = 'ct07-bca'"
            ).fetchall()
        ]
        err.print("membership …")

        def in_duckdb():  # noqa: ANN202 - the answer, read without leaving DuckDB
            return (
                membership_relation(con, anchors)
                .aggregate("count(*), max(hops), count(DISTINCT relation), sum(len(path))")
                .fetchone()
            )

        t_member, agg = timed(in_duckdb, repeat=3)
        t_rows, rows = timed(lambda: membership(con, anchors), repeat=3)
        assert agg[0] == len(rows) and agg[3] == sum(len(r[3]) for r in rows), (agg, len(rows))
        t_member_np, _ = timed(
            lambda: (
                membership_relation(con, anchors, paths=False)
                .aggregate("count(*), max(hops)")
                .fetchone()
            ),
            repeat=3,
        )
        t_lookup, _ = timed(
            lambda: con.execute(
                "SELECT count(*), max(hops) FROM campaign_documents WHERE campaign_id = 'ct07-bca'"
            ).fetchall(),
            repeat=3,
        )
        t_pybfs, py = timed(lambda: python_bfs_membership(con, anchors))
        assert len(py) == len(rows), (len(py), len(rows))
        t_cte, cte = timed(lambda: recursive_cte_membership(con, anchors, a.cte_timeout))
        hub = con.execute(
            "SELECT target_key FROM nodes WHERE doc_id IS NOT NULL ORDER BY cited_by DESC LIMIT 1"
        ).fetchone()[0]
        t_graph, _ = timed(lambda: neighbourhood(con, hub, depth=2, limit=50), repeat=3)
        t_graph_py, _ = timed(lambda: python_bfs_graph(con, hub, 2))
        con.close()

    t = Table(
        title=f"vanthu graph bench: {n_docs:,} documents, {n_cits:,} citations,"
        f" {stats.nodes:,} nodes, "
        f"{stats.edges:,} edges; ct07-bca has {len(rows):,} documents,"
        f" max {max(r[1] for r in rows)} hops"
    )
    for c in ("step", "seconds", "baseline", "baseline s", "speed-up"):
        t.add_column(c, justify="right" if c != "step" and c != "baseline" else "left")
    t.add_row("generate synthetic archive", f"{t_gen:.2f}", "", "", "")
    t.add_row(
        "rebuild_graph (first run)",
        f"{t_rebuild:.2f}",
        "",
        "",
        f"{n_cits / t_rebuild:,.0f} citations/s",
    )
    t.add_row("rebuild_graph (re-run, idempotent)", f"{t_rerun:.2f}", "", "", "")
    cte_s = f"{t_cte:.2f}" if cte is not None else f">{a.cte_timeout:.0f} (stopped)"
    t.add_row(
        "campaign membership with paths, SQL BFS (in DuckDB)",
        f"{t_member:.3f}",
        "the same rows handed to Python",
        f"{t_rows:.3f}",
        f"{t_rows / t_member:.1f}x",
    )
    t.add_row(
        "", "", "Python BFS over fetched edges", f"{t_pybfs:.3f}", f"{t_pybfs / t_member:.1f}x"
    )
    t.add_row(
        "",
        "",
        "recursive CTE, path-list guard",
        cte_s,
        f"{(t_cte if cte is not None else a.cte_timeout) / t_member:.1f}x"
        + ("" if cte is not None else "+"),
    )
    t.add_row(
        "  the same without paths (doc, hops, first step)",
        f"{t_member_np:.3f}",
        "Python BFS over fetched edges",
        f"{t_pybfs:.3f}",
        f"{t_pybfs / t_member_np:.1f}x",
    )
    t.add_row("campaign membership, stored look-up", f"{t_lookup:.4f}", "", "", "")
    t.add_row(
        f"graph query, depth 2 ({hub})",
        f"{t_graph:.3f}",
        "Python BFS over fetched edges",
        f"{t_graph_py:.3f}",
        f"{t_graph_py / t_graph:.1f}x",
    )
    Console(width=150).print(t)
    load1, load5, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load1:.1f} (1 min), {load5:.1f} (5 min)")


if __name__ == "__main__":
    main()
