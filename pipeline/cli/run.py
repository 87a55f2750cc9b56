"""CLI commands around the nightly run: ``watch``, ``rebuild``, ``index``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

log = logging.getLogger("vanthu")
err = Console(stderr=True)

DEFAULT_DB = "data/curated/archive.duckdb"
DbOption = Annotated[Path, typer.Option("--db", help="The archive database (DuckDB file).")]


def watch(
    inbox: Annotated[Path, typer.Argument(help="Folder to watch, recursively.")] = Path("data/raw"),
    db: DbOption = Path(DEFAULT_DB),
    settle: Annotated[
        float, typer.Option(help="Seconds a file's size must stay the same before it is read.")
    ] = 2.0,
    jobs: Annotated[int, typer.Option(help="Worker processes (0 = all cores).")] = 0,
) -> None:
    """Ingest files as they arrive in INBOX (what is there already first), until Ctrl-C.

    Each arrival runs the same incremental ingest as the nightly run, under the same
    archive lock: unchanged files are skipped, the graph is updated, not rebuilt.
    """
    from pipeline.cli.summary import print_summary
    from pipeline.watch import watch as run_watch

    if not inbox.is_dir():
        from pipeline.errors import ExitCode, VanthuError

        e = VanthuError(f"inbox {inbox} is not a folder")
        e.exit_code = ExitCode.bad_args
        raise e
    out = Console()
    err.print(f"watching {inbox} → {db} (Ctrl-C stops)")
    runs = run_watch(
        inbox,
        db,
        settle=settle,
        jobs=jobs,
        progress=False,
        on_run=lambda s: print_summary(out, s, db) if s.files_new or s.quarantined_new else None,
    )
    err.print(f"stopped after {runs} run(s)")


def rebuild(
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Rebuild the whole citation graph and the full-text index of the archive.

    A nightly run updates only what its new files touch; this recomputes everything
    (nodes, edges, campaigns, the text index), e.g. to check or after a manual change.
    """
    from pipeline.graph.build import rebuild_graph
    from pipeline.store import archive

    # as an ingest writes: under the writer lock (exit code 7 when an ingest runs), into a
    # copy that replaces the archive, so readers keep their snapshot
    with archive.locked(db), archive.work_copy(db) as con:
        stats = rebuild_graph(con, index_text=True)
    typer.echo(
        f"graph rebuilt: {stats.documents} documents, {stats.citations} citations, "
        f"{stats.nodes} nodes, {stats.edges} edges, {stats.campaign_documents} campaign "
        f"documents, text index ({stats.seconds:.1f} s)"
    )


def index(
    db: DbOption = Path(DEFAULT_DB),
    if_behind: Annotated[
        int,
        typer.Option(
            "--if-behind",
            help="Rebuild only when at least this many documents are not in the index yet"
            " (or there is no index). 0: whenever it is not current.",
        ),
    ] = 0,
) -> None:
    """Rebuild the full-text index (in its own step: `vanthu ingest` never builds it).

    Searches find documents added since the last index by reading them (slower as they
    grow); with no index at all they scan every text. `make nightly` runs
    `vanthu index --if-behind 200` after the ingest.
    """
    import time

    from pipeline.graph.search import build_index, unindexed_count
    from pipeline.store import archive
    from pipeline.store.db import connect

    t0 = time.monotonic()
    with archive.locked(db):
        con = connect(db, read_only=True)
        try:
            behind = unindexed_count(con)
            documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
        if behind == 0:
            typer.echo("text index already current")
            return
        if behind is not None and behind < if_behind:
            typer.echo(
                f"text index left as it is: {behind} document(s) not in it yet"
                f" (fewer than --if-behind {if_behind}; searches read them)"
            )
            return
        if not documents:
            typer.echo("no documents to index")
            return
        with archive.work_copy(db) as con:
            build_index(con)
    typer.echo(f"text index rebuilt: {documents} documents ({time.monotonic() - t0:.1f} s)")


def register(app: typer.Typer) -> None:
    app.command("watch", epilog="Example: vanthu watch data/raw --db data/curated/archive.duckdb")(
        watch
    )
    app.command("rebuild", epilog="Example: vanthu rebuild --db data/curated/archive.duckdb")(
        rebuild
    )
    app.command(
        "index",
        epilog="Example: vanthu index --db data/curated/archive.duckdb --if-behind 200",
    )(index)
