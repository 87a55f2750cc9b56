"""CLI commands of the citation graph: ``campaign``, ``graph``, ``search``, ``registry import``.

Thin: each command opens the archive, calls one library function, and prints a rich
table or tree (or JSON with ``--json``) to stdout; logs go to stderr; library errors
become a message and an exit code, never a traceback. ``pipeline/cli.py`` calls
:func:`register`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from pipeline.errors import DatabaseError, ExitCode, VanthuError

log = logging.getLogger(__name__)

DEFAULT_DB = Path("data/curated/archive.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The archive (DuckDB file).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]

STATUS_STYLE = {
    "on time": "green",
    "late": "bold red",
    "no answer": "yellow",
    "answered": "cyan",
    "not addressed": "magenta",
    "for information": "dim",
}


def _out() -> Console:
    return Console(soft_wrap=False, width=160)


def _err(msg: str, code: int) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {msg}")
    return typer.Exit(code)


def _open(db: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    if read_only and not db.exists():
        raise _err(
            f"no archive at {db} (run `vanthu ingest` first or pass --db)",
            int(ExitCode.database_error),
        )
    try:
        return duckdb.connect(str(db), read_only=read_only)
    except duckdb.Error as e:
        raise _err(f"cannot open {db}: {e}", int(ExitCode.database_error)) from None


def _needs_graph(con: duckdb.DuckDBPyConnection) -> None:
    ok = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('nodes', 'edges',"
        " 'campaigns')"
    ).fetchone()[0]
    if ok < 3:
        raise _err(
            "this archive has no citation graph yet (run an ingest, which rebuilds it)",
            int(ExitCode.database_error),
        )


def _run(fn):  # noqa: ANN001, ANN202
    """Turn library errors into a message and an exit code."""
    try:
        return fn()
    except typer.Exit:
        raise
    except VanthuError as e:
        raise _err(str(e), int(e.exit_code)) from None
    except duckdb.Error as e:
        raise _err(f"database error: {e}", int(DatabaseError.exit_code)) from None


def campaign(
    ident: Annotated[
        str,
        typer.Argument(
            help="Campaign id (campaigns.yaml), node key or doc_id of a directing document."
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Campaign documents listed.")] = 30,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Who answered a campaign's directing documents, when, on time or late, and who has not.

    Example: vanthu campaign ct07-bca --db data/curated/demo.duckdb
    """
    from pipeline.graph.campaigns import campaign_report

    con = _open(db)
    _needs_graph(con)
    rep = _run(lambda: campaign_report(con, ident))
    if as_json:
        typer.echo(json.dumps(rep, ensure_ascii=False, indent=2))
        return
    out = _out()
    c = rep["campaign"]
    if c:
        out.print(f"[bold]{c['campaign_id']}[/bold] — {c['name']}")
        out.print(f"anchors: {', '.join(c['anchor_keys'])}")
        hops = (
            ", ".join(f"{h} hop{'s' if h > 1 else ''}: {n}" for h, n in c["by_hops"].items())
            or "none"
        )
        out.print(
            f"archive documents in the campaign: {c['documents']} ({hops}); "
            f"{c['first_date'] or '?'} … {c['last_date'] or '?'}"
        )
    if c and rep.get("documents"):
        t = Table(title="who answered or cited the campaign, in date order", title_justify="left")
        for col in ("date", "document", "issuer", "province", "hops", "first step"):
            t.add_column(col)
        for d in rep["documents"][:limit]:
            t.add_row(
                d["issued_date"] or "",
                escape(f"{d['doc_type'] or ''} {d['ref'] or d['doc_id']}".strip()),
                escape(d["issuer"] or ""),
                d["province"] or "",
                str(d["hops"]),
                d["relation"] or "",
            )
        out.print(t)
        if len(rep["documents"]) > limit:
            out.print(f"… {len(rep['documents']) - limit} more (--limit, or --json for all)")
    if not rep["directing"]:
        out.print(
            "no directing document of this campaign in the archive has addressees and answers"
        )
    for d in rep["directing"]:
        t = Table(
            title=f"{d['doc_type'] or ''} {d['ref'] or d['target_key']}"
            f" ({d['issued_date'] or '?'}) — {d['issuer'] or ''}",
            title_justify="left",
        )
        for col in ("addressee", "role", "answer", "issuer", "date", "deadline", "status"):
            t.add_column(col)
        for a in d["answers"]:
            date = f"{a['answered_on']} ({a['date_source']})" if a["answered_on"] else ""
            status = a["status"] + (f" +{a['days_late']}d" if a["days_late"] else "")
            style = STATUS_STYLE.get(a["status"], "")
            t.add_row(
                escape(a["addressee"]) + (" (group)" if a["group"] else ""),
                a["role"],
                escape(a["answer_ref"] or ""),
                escape(a["answer_issuer"] or ""),
                date,
                a["deadline"] or "",
                f"[{style}]{status}[/{style}]" if style else status,
            )
        out.print(t)
        s = d["summary"]
        out.print(
            f"on time {s['on time']}, late {s['late']}, no answer {s['no answer']}, "
            f"answered without deadline {s['answered']}, not addressed {s['not addressed']}"
        )


def graph(
    key: Annotated[
        str, typer.Argument(help="Node key, doc_id, or a reference such as 07/CT-BCA-V28.")
    ],
    depth: Annotated[
        int, typer.Option("--depth", min=1, max=6, help="Levels to follow each way.")
    ] = 1,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Children shown per node.")] = 50,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Who cites a document and what it cites, as a tree.

    Example: vanthu graph 07/CT-BCA-V28 --depth 2 --db data/curated/demo.duckdb
    """
    from pipeline.graph.neighbours import find_key, neighbourhood

    con = _open(db)
    _needs_graph(con)
    keys = _run(lambda: find_key(con, key))
    if not keys:
        raise _err(f"no node matches {key!r}", int(ExitCode.bad_args))
    if len(keys) > 1:
        Console(stderr=True).print(
            f"{key!r} names {len(keys)} nodes; showing {keys[0]} (others: {', '.join(keys[1:6])})"
        )
    trees = _run(lambda: neighbourhood(con, keys[0], depth=depth, limit=limit))
    if as_json:
        typer.echo(
            json.dumps({k: v.to_dict() for k, v in trees.items()}, ensure_ascii=False, indent=2)
        )
        return
    out = _out()
    for name, title in (("cited_by", "cited by"), ("cites", "cites")):
        root = trees[name]
        tree = Tree(f"[bold]{escape(root.label)}[/bold] — {title}")
        _add(tree, root)
        out.print(tree)


def _add(tree: Tree, node) -> None:  # noqa: ANN001 - graph.TreeNode
    for c in node.children:
        label = f"[dim]{c.relation}[/dim] {escape(c.label)}" + (
            " [dim](shown above)[/dim]" if c.seen else ""
        )
        _add(tree.add(label), c)
    if node.more:
        tree.add(f"[dim]… {node.more} more[/dim]")


def search(
    query: Annotated[
        str, typer.Argument(help="Words, names or references (07/CT-BCA-V28); accents matter.")
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Hits to show.")] = 20,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Full-text search of the archive's documents, ranked, with the matching passage.

    Example: vanthu search "Chỉ thị 07/CT-BCA-V28 Quảng Ngãi" --db data/curated/demo.duckdb
    """
    from pipeline.graph.search import search as do_search

    con = _open(db)
    hits = _run(lambda: do_search(con, query, limit=limit))
    if as_json:
        typer.echo(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    out = _out()
    if not hits:
        out.print("no document matches")
        return
    t = Table()
    for col in ("#", "doc_id", "document", "issuer", "date", "passage"):
        t.add_column(col, overflow="fold")
    for i, h in enumerate(hits, 1):
        t.add_row(
            str(i),
            h.doc_id,
            escape(f"{h.doc_type or ''} {h.ref or ''}".strip()) + (" ★" if h.exact else ""),
            escape(h.issuer or ""),
            h.issued_date or "",
            escape(h.passage),
        )
    out.print(t)


registry_app = typer.Typer(
    help="External registries of known documents.",
    epilog='Example: vanthu registry import binhduong_registry.csv --province "Bình Dương"',
    no_args_is_help=True,
)


@registry_app.command("import")
def registry_import(
    file: Annotated[
        Path, typer.Argument(help="CSV with so_ky_hieu, ngay_ban_hanh, trich_yeu, hieu_luc.")
    ],
    province: Annotated[
        str | None,
        typer.Option(
            "--province", help="Province of the registry (default: from the file name or subjects)."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Load a province's registry of its documents, so cited documents get a date and a title.

    Example: vanthu registry import binhduong_registry.csv --province "Bình Dương" --db
        data/curated/archive.duckdb
    """
    from pipeline.graph.build import rebuild_graph
    from pipeline.graph.registry import import_registry
    from pipeline.store import archive

    if not file.exists():
        raise _err(f"no file {file}", int(ExitCode.bad_args))
    # Written like an ingest: under the archive's lock, into a copy swapped in at the end.
    with archive.locked(db), archive.work_copy(db) as con:
        res = _run(lambda: import_registry(con, file, province))
        stats = _run(lambda: rebuild_graph(con))
        res["nodes_with_registry_data"] = con.execute(
            "SELECT count(*) FROM nodes WHERE source = 'registry'"
        ).fetchone()[0]
        log.info("graph rebuilt: %s nodes", stats.nodes)
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False))
    else:
        typer.echo(
            f"{res['file']}: {res['stored']} documents of {res['province']} stored "
            f"({res['read']} rows read, {res['skipped']} without a number)"
        )


def register(app: typer.Typer) -> None:
    """Add ``campaign``, ``graph``, ``search`` and ``registry`` to the vanthu app."""
    app.command("campaign")(campaign)
    app.command("graph")(graph)
    app.command("search")(search)
    app.add_typer(registry_app, name="registry")
