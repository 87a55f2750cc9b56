"""Page times of the archivists' desk (`vanthu serve`) on a synthetic archive.

Each page is requested through Flask's test client exactly as a browser would ask for
it (the request opens the archive read-only, runs its queries, renders the template,
closes the archive): the time is the whole request. ``first`` is the first request of a
page with the desk's small in-process cache emptied before it (it keeps filter values,
campaign lists and answer matrices per state of the archive: what a first visitor after
a night's run waits for), ``seconds`` the best of ``REPEAT`` after it. The
issue's aim is under 300 ms a page on the 100k-document synthetic archive; the target
column judges the first request.

``make bench`` (scripts/bench_speed.py) calls :func:`rows` with the
path of its synthetic archive and prints the rows in its table. Alone:

    python scripts/bench_web.py                      # builds a 100,000-document archive
    python scripts/bench_web.py --db synth.duckdb    # an archive built before (with its graph)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TARGET_S = 0.300
COUNT_BY_TYPE = "SELECT doc_type, count(*) FROM documents GROUP BY 1"
REPEAT = 3


def _pages(con) -> list[tuple[str, str]]:  # noqa: ANN001
    """(what, url) of the pages timed, with values taken from the archive itself."""
    doc_type, province, year = con.execute(
        "SELECT doc_type, province, issued_year FROM documents"
        " WHERE province IS NOT NULL AND issued_year IS NOT NULL"
        " GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    issuer = con.execute(
        "SELECT issuer FROM documents WHERE issuer IS NOT NULL"
        " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    busiest = con.execute(
        "SELECT dn.doc_id FROM doc_nodes dn JOIN nodes n USING (target_key)"
        " ORDER BY n.cited_by DESC LIMIT 1"
    ).fetchone()[0]
    campaign = con.execute(
        "SELECT campaign_id FROM campaigns ORDER BY documents DESC LIMIT 1"
    ).fetchone()
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    last_page = max(1, (n + 49) // 50)
    from urllib.parse import quote

    pages = [
        ("overview", "/"),
        ("runs", "/runs"),
        ("documents, first page", "/documents"),
        ("documents, last page", f"/documents?page={last_page}"),
        ("documents sorted by issuer", "/documents?sort=issuer&dir=asc"),
        ("documents of a type", f"/documents?type={quote(doc_type)}"),
        (
            "documents of a province and year",
            f"/documents?province={quote(province)}&year={year}",
        ),
        ("documents of an issuer (part of the name)", f"/documents?issuer={quote(issuer[:12])}"),
        (
            "documents of a campaign",
            f"/documents?campaign={quote(campaign[0])}" if campaign else "/documents",
        ),
        ("documents, full-text search", f"/documents?q={quote('Quyết định')}"),
        ("documents, search a reference", f"/documents?q={quote('07/CT-BCA-V28')}"),
        ("a document (the most cited)", f"/documents/{busiest}"),
        ("review (unsure fields)", "/review"),
        ("campaigns (configured and revealed)", "/campaigns"),
        ("graph: the most cited node", f"/graph?key={busiest}"),
        ("SQL box: a count by type", "/sql?q=" + quote(COUNT_BY_TYPE)),
    ]
    if campaign:
        pages.append(("a campaign (answer matrices)", f"/campaigns/{campaign[0]}"))
        pages.append(("a campaign's timeline plot", f"/campaigns/{campaign[0]}/timeline.svg"))
    return pages


def rows(db_path: str | Path) -> list[dict]:
    """One row per page: ``step``, ``first`` (seconds, first request), ``seconds`` (best
    of REPEAT after it), ``status`` (HTTP), ``target`` (the first request against
    ``< 0.300 s``). The archive must have its graph."""
    import duckdb

    from pipeline.web import app as web_app
    from pipeline.web.app import create_app

    db_path = Path(db_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        pages = _pages(con)
    finally:
        con.close()
    # Started as `vanthu serve` starts it (templates compiled); the app's own start
    # (imports, templates) is not a page's time.
    client = create_app(db_path, precompile=True).test_client()
    client.get("/")
    out = []
    for what, url in pages:
        web_app._CACHE.clear()  # the first request computes everything it shows
        t = time.perf_counter()
        r = client.get(url)
        r.get_data()
        first = time.perf_counter() - t
        best, status = float("inf"), None
        for _ in range(REPEAT):
            t = time.perf_counter()
            r = client.get(url)
            r.get_data()
            best = min(best, time.perf_counter() - t)
            status = r.status_code
        out.append(
            {
                "step": f"web: {what}",
                "first": round(first, 4),
                "seconds": round(best, 4),
                "status": status,
                "target": f"< {TARGET_S:.3f} s: " + ("ok" if first < TARGET_S else "SLOW"),
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Page times of the desk on a synthetic archive.")
    ap.add_argument("--db", type=Path, help="an archive with its graph (default: build one)")
    ap.add_argument("--docs", type=int, default=100_000)
    a = ap.parse_args()
    from rich.console import Console
    from rich.table import Table

    with tempfile.TemporaryDirectory() as tmp:
        db = a.db
        if db is None:
            import duckdb
            from synth_archive import generate, write

            from pipeline.graph.build import rebuild_graph

            db = Path(tmp) / "synth.duckdb"
            Console(stderr=True).print(f"building a {a.docs:,}-document synthetic archive …")
            con = duckdb.connect(str(db))
            write(con, generate(a.docs, a.docs * 10))
            rebuild_graph(con)
            con.close()
        result = rows(db)
    load = f" · load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    t = Table(title=f"vanthu desk: page times, target < {TARGET_S} s{load}")
    for c in ("step", "first", f"best of {REPEAT}", "status", "target"):
        t.add_column(c, justify="left" if c in ("step", "target") else "right")
    for r in result:
        t.add_row(
            r["step"], f"{r['first']:.3f}", f"{r['seconds']:.3f}", str(r["status"]), r["target"]
        )
    Console().print(t)


if __name__ == "__main__":
    main()
