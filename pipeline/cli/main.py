"""The `vanthu` command line: thin commands over the library.

Results go to stdout (a table for people, --json/--csv for programs); logs and the
progress bar go to stderr. Library errors become a one-line message and an exit code
(see pipeline.errors.ExitCode); no tracebacks unless --debug.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.errors import ExitCode, VanthuError, exit_code_of
from pipeline.read.sandbox import DEFAULT_BUDGETS

DEFAULT_DB = "data/curated/archive.duckdb"
DEFAULT_INBOX = "data/raw"

# Piped output is read by people too (in logs, mails): give tables room.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)
log = logging.getLogger("vanthu")

app = typer.Typer(
    name="vanthu",
    help="Vietnamese administrative documents in, citation graph out.\n\n"
    "Example: vanthu ingest data/samples --db data/curated/demo.duckdb",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

DbOption = Annotated[Path, typer.Option("--db", help="The archive database (DuckDB file).")]


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="More log lines on stderr.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Tracebacks on errors.")] = False,
) -> None:
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    app.info.context_settings = {}
    _State.debug = debug


class _State:
    debug = False


# --- ingest ---------------------------------------------------------------------


@app.command(epilog="Example: vanthu ingest data/raw --db data/curated/archive.duckdb")
def ingest(
    inbox: Annotated[Path, typer.Argument(help="Folder to read, recursively.")] = Path(
        DEFAULT_INBOX
    ),
    db: DbOption = Path(DEFAULT_DB),
    jobs: Annotated[int, typer.Option(help="OCR processes (0 = all cores).")] = 0,
    corrections: Annotated[
        Path | None,
        typer.Option(
            help="Archivists' corrections CSV (default: <db stem>.corrections.csv beside --db)."
        ),
    ] = None,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract", help="Re-run extraction on every stored file (after an upgrade)."
        ),
    ] = False,
    retry_quarantined: Annotated[
        bool,
        typer.Option(
            "--retry-quarantined", help="Try again the files quarantined on earlier runs."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar.")] = False,
    executor: Annotated[
        str,
        typer.Option(help="Where files are read: local (worker processes) or dask (a cluster)."),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="The Dask scheduler with --executor dask, e.g. tcp://HOST:8786."),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="When another ingest runs on this archive, wait for it."),
    ] = False,
    page_budget: Annotated[
        float,
        typer.Option(
            help="Seconds allowed for one page (PDF parsing or OCR) before the file is quarantined."
        ),
    ] = DEFAULT_BUDGETS.page_seconds,
    file_budget: Annotated[
        float,
        typer.Option(help="Seconds allowed to extract the documents of one file."),
    ] = DEFAULT_BUDGETS.file_seconds,
    memory_mb: Annotated[
        int, typer.Option(help="Memory (address space, MB) of the process reading one file.")
    ] = DEFAULT_BUDGETS.memory_mb,
) -> None:
    """Read every new file in INBOX into the archive and print what was found.

    Files are never modified, moved or deleted. Unchanged files are skipped. Exit code 0
    when all went well, 3 when this run quarantined a new file (see `files.error`), 7 when
    another ingest is running on the same archive (or pass --wait).
    """
    from pipeline.cli.summary import print_summary, summary_dict
    from pipeline.ingest import run_ingest
    from pipeline.read.sandbox import Budgets

    if page_budget <= 0 or file_budget <= 0 or memory_mb < 0:
        raise typer.BadParameter("budgets must be positive")
    s = run_ingest(
        inbox,
        db,
        jobs=jobs,
        corrections_path=corrections,
        reextract_all=reextract,
        retry_quarantined=retry_quarantined,
        progress=not no_progress,
        executor=executor,
        scheduler=scheduler,
        wait=wait,
        budgets=Budgets(page_seconds=page_budget, file_seconds=file_budget, memory_mb=memory_mb),
    )
    if as_json:
        _json(summary_dict(s, db))
    else:
        print_summary(out, s, db)
    raise typer.Exit(s.exit_code)


# --- show -----------------------------------------------------------------------


@app.command(
    epilog="Example: vanthu show data/samples/000_fbaf2365db55772f.txt "
    "--db data/curated/demo.duckdb"
)
def show(
    doc: Annotated[str, typer.Argument(help="A doc_id, a file_id (prefix), or a file path.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json")] = False,
    html: Annotated[
        Path | None,
        typer.Option(help="Also write the text with every extracted span highlighted (HTML)."),
    ] = None,
) -> None:
    """Everything known about a document, each value with its evidence."""
    from pipeline.cli.show import document_dict, find_documents, print_document
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    docs = find_documents(con, doc)
    if not docs:
        raise VanthuError(f"no document matches {doc!r}")
    if as_json:
        _json([document_dict(con, d) for d in docs])
    else:
        for d in docs:
            print_document(out, con, d)
    if html is not None:
        from pipeline.cli.show import evidence_html

        html.write_text("\n".join(evidence_html(con, d) for d in docs), encoding="utf-8")
        err.print(f"evidence view written to {html}")


# --- query ----------------------------------------------------------------------


@app.command(epilog='Example: vanthu query "SELECT doc_type, count(*) FROM documents GROUP BY 1"')
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_csv: Annotated[bool, typer.Option("--csv")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown in the table view.")] = 200,
) -> None:
    """Run read-only SQL against the archive and print the result.

    The SQL can read the archive and nothing else: it cannot write, ATTACH, COPY … TO,
    INSTALL/LOAD extensions or read files.
    """
    import duckdb

    from pipeline.store.db import open_guarded

    con = open_guarded(db)
    try:
        cur = con.execute(sql)
    except duckdb.Error as exc:
        raise VanthuError(f"query refused or failed: {str(exc).splitlines()[0]}") from exc
    if cur.description is None:
        return
    cols = [c[0] for c in cur.description]
    rows = cur.fetchall()
    if as_json:
        _json([dict(zip(cols, r, strict=True)) for r in rows])
    elif as_csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        t = Table(*cols)
        for r in rows[:limit]:
            t.add_row(*("" if v is None else str(v) for v in r))
        out.print(t)
        if len(rows) > limit:
            err.print(f"({len(rows) - limit} more rows; use --csv or --json for all)")


# --- eval -----------------------------------------------------------------------


@app.command(
    name="eval",
    epilog="Example: vanthu eval --gold tests/data/gold/seeds.gold.json "
    "--db data/curated/demo.duckdb",
)
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="A gold-v1 JSON file.")],
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json")] = False,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List each miss.")] = True,
    min_score: Annotated[
        float | None, typer.Option(help="Exit 6 when the field score or citation F1 is below this.")
    ] = None,
) -> None:
    """Score the archive against a gold file: per-field accuracy, citation P/R/F1, misses."""
    from pipeline.cli.summary import print_report
    from pipeline.evaluate import load_gold, predictions_from_db, score
    from pipeline.store.db import connect

    try:
        g = load_gold(gold)
    except (OSError, ValueError) as exc:
        raise VanthuError(f"cannot read gold file: {exc}") from exc
    con = connect(db, read_only=True)
    rep = score(g, predictions_from_db(con), gold_name=str(gold))
    if as_json:
        _json(rep.as_dict())
    else:
        print_report(out, rep, show_misses=misses)
    if min_score is not None and min(rep.field_score, rep.f1) < min_score:
        raise typer.Exit(int(ExitCode.below_threshold))


# --- review & correct -------------------------------------------------------------


@app.command(epilog="Example: vanthu review --threshold 0.8 --db data/curated/demo.duckdb")
def review(
    db: DbOption = Path(DEFAULT_DB),
    threshold: Annotated[float, typer.Option(help="List fields below this confidence.")] = 0.8,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Fields the extractor is unsure of, worst first, with their evidence.

    Fix one with `vanthu correct DOC_ID FIELD VALUE`; the correction wins in every later run.
    """
    from pipeline.cli.show import low_confidence
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    rows = low_confidence(con, threshold, limit)
    if as_json:
        _json(rows)
        return
    t = Table(
        "conf",
        "doc_id",
        "field",
        "value",
        "rule",
        "evidence",
        title=f"Fields below confidence {threshold}",
    )
    for r in rows:
        t.add_row(
            f"{r['confidence']:.2f}",
            r["doc_id"],
            r["field"],
            str(r["value"] or "∅"),
            r["rule"] or "",
            r["evidence"] or "",
        )
    out.print(t)
    if not rows:
        err.print("nothing below the threshold")


@app.command(
    epilog="Example: vanthu correct 3f9a2c1d0b4e5f60-1 issued_date 2018-11-28 "
    '--note "date handwritten"'
)
def correct(
    doc_id: Annotated[str, typer.Argument(help="The document (doc_id as in `documents`).")],
    field: Annotated[
        str, typer.Argument(help="Field name, or split_before / merge_with_previous.")
    ],
    value: Annotated[str, typer.Argument(help="The right value ('' for empty).")],
    db: DbOption = Path(DEFAULT_DB),
    corrections: Annotated[
        Path | None,
        typer.Option(help="The corrections CSV (default: <db stem>.corrections.csv beside --db)."),
    ] = None,
    note: Annotated[str, typer.Option(help="Why.")] = "",
    author: Annotated[str, typer.Option(help="Who.")] = "",
) -> None:
    """Record an archivist's correction; it overrides the extracted value from the next run on."""
    from pipeline.store import corrections as corr
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    row = con.execute(
        "SELECT file_id, ordinal FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    if row is None:
        raise VanthuError(f"no document {doc_id!r} in {db}")
    path = corr.resolve(db, corrections)
    corr.append(path, corr.Correction(row[0], row[1], field, value or None, note, author))
    err.print(f"recorded in {path}; run `vanthu ingest` to apply it")


# --- export & serve -----------------------------------------------------------------


@app.command(epilog="Example: vanthu export --format parquet out/ --db data/curated/demo.duckdb")
def export(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write into (created).")],
    fmt: Annotated[
        str, typer.Option("--format", help="parquet or csv (every table), graphml (the graph).")
    ] = "parquet",
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """The tables as Parquet (pandas, Spark) or CSV; the citation graph as GraphML (Gephi)."""
    from pipeline.store.db import connect
    from pipeline.store.export import ExportError
    from pipeline.store.export import export as do_export

    con = connect(db, read_only=True)
    try:
        written = do_export(con, out_dir, fmt)
    except ExportError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(int(ExitCode.bad_args)) from None
    finally:
        con.close()
    for p in written:
        sys.stdout.write(f"{p}\n")
    err.print(f"{len(written)} file(s) written to {out_dir}")


@app.command(epilog="Example: vanthu serve --db data/curated/demo.duckdb --port 8765")
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on (this machine only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    allow_corrections: Annotated[
        bool,
        typer.Option(
            "--allow-corrections",
            help="Let the desk write corrections (else it only reads).",
        ),
    ] = False,
    corrections: Annotated[
        Path | None,
        typer.Option(help="The corrections CSV (default: <db stem>.corrections.csv beside --db)."),
    ] = None,
) -> None:
    """The archivists' desk: a local web app over the archive (runs, documents, review,
    campaigns, graph, SQL, export). Read-only unless --allow-corrections."""
    try:
        from pipeline.web.app import create_app
    except ImportError as exc:
        err.print(
            f"[red]error:[/red] the web extra is not installed ({exc.name}); "
            "run `make demo` or `pip install -e .[web]`"
        )
        raise typer.Exit(int(ExitCode.missing_dependency)) from None
    if not db.exists():
        from pipeline.errors import DatabaseError

        raise DatabaseError(f"no database at {db} (run `vanthu ingest` first)")
    web = create_app(
        db, allow_corrections=allow_corrections, corrections_path=corrections, precompile=True
    )
    mode = "corrections allowed" if allow_corrections else "read-only"
    err.print(f"vanthu desk on http://{host}:{port}/ ({mode}) · archive {db} · Ctrl-C to stop")
    web.run(host=host, port=port, debug=False, use_reloader=False)


# --- verify ---------------------------------------------------------------------


@app.command(epilog="Example: vanthu verify data/raw --db data/curated/archive.duckdb")
def verify(
    inbox: Annotated[Path, typer.Argument(help="The inbox to check, recursively.")] = Path(
        DEFAULT_INBOX
    ),
    db: DbOption = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="List unchanged files too.")] = False,
) -> None:
    """Re-hash the inbox against the archive: files changed, missing or never ingested,
    and keys the archive holds twice.

    Exit code 0 when every file is as the archive read it, 8 when something differs.
    Never writes anything.
    """
    from pipeline.verify import PROBLEMS
    from pipeline.verify import verify as run_verify

    if not inbox.is_dir():
        raise typer.BadParameter(f"{inbox} is not a folder")
    rep = run_verify(inbox, db)
    counts = {k: rep.count(k) for k in ("ok", "quarantined", *PROBLEMS)}
    if as_json:
        _json(
            {
                "inbox": rep.inbox,
                "all_well": rep.all_well,
                "counts": counts,
                "repeated_keys": rep.repeated_keys,
                "files": [{"path": p, "status": st, "detail": d} for p, st, d in rep.rows],
            }
        )
    else:
        t = Table("path", "status", "detail", title=f"verify {rep.inbox}", title_justify="left")
        for p, st, d in rep.rows:
            if show_all or st in PROBLEMS:
                t.add_row(p, st, d)
        if t.row_count:
            out.print(t)
        out.print(" · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))
        for table, n in sorted(rep.repeated_keys.items()):
            out.print(f"[red]{table}: {n} key(s) held by more than one row[/red]")
        out.print("all well" if rep.all_well else "[red]the inbox differs from the archive[/red]")
    raise typer.Exit(0 if rep.all_well else int(ExitCode.verify_differences))


def _register_optional() -> None:
    try:
        from pipeline.cli.graph import register
    except ImportError:
        return
    register(app)
    from pipeline.cli.run import register as register_run

    register_run(app)


_register_optional()


def main() -> None:
    """Console-script entry point: no tracebacks, trustworthy exit codes."""
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except VanthuError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected
        # typer vendors its own click, so recognise its exceptions by what they do
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "Abort":
            sys.exit(1)
        code = exit_code_of(exc)  # a broken reference table (extractors) is exit code 4
        if code != ExitCode.other_error:
            err.print(f"[red]error:[/red] {exc}")
            sys.exit(int(code))
        if _State.debug:
            raise
        err.print(f"[red]error:[/red] {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(int(ExitCode.other_error))


if __name__ == "__main__":
    main()
