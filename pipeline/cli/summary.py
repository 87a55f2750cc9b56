"""What a run prints: the summary after ingest, and the evaluation report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pipeline.evaluate import EXTRA_FIELDS, SCORED_FIELDS, Report
from pipeline.ingest import RunSummary

MAX_DOC_ROWS = 40


def summary_dict(s: RunSummary, db: Path) -> dict[str, Any]:
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    totals = dict(
        zip(
            ("files", "documents", "citations", "quarantined"),
            con.execute(
                "SELECT (SELECT count(*) FROM files WHERE status='ok'), "
                "(SELECT count(*) FROM documents), (SELECT count(*) FROM citations), "
                "(SELECT count(*) FROM files WHERE status='quarantined')"
            ).fetchone(),
            strict=True,
        )
    )
    con.close()
    return {
        "run_id": s.run_id,
        "database": str(db),
        "exit_code": s.exit_code,
        "files_seen": s.files_seen,
        "files_new": s.files_new,
        "files_skipped": s.files_skipped,
        "pages_read": s.pages_read,
        "documents_new": s.documents_new,
        "citations_new": s.citations_new,
        "seconds": round(s.seconds, 2),
        "quarantined_new": [{"path": p, "reason": r} for p, r in s.quarantined_new],
        "quarantined_earlier": [{"path": p, "reason": r} for p, r in s.quarantined_before],
        "archive_totals": totals,
        "graph_error": s.graph_error,
        "files_reextracted": s.files_reextracted,
        "skipped_paths": [{"path": p, "code": c, "reason": r} for p, c, r in s.skipped],
        "archive_written": s.wrote,
    }


def print_summary(out: Console, s: RunSummary, db: Path) -> None:
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    if s.new_doc_ids:
        rows = con.execute(
            """SELECT d.doc_id, d.source_path, d.ordinal, d.doc_type,
                      concat_ws('/', d.number, d.symbol) AS ref,
                      coalesce(CAST(d.issued_date AS VARCHAR),
                               concat_ws('-', d.issued_year,
                                         lpad(CAST(d.issued_month AS VARCHAR), 2, '0'))),
                      d.issuer,
                      (SELECT count(*) FROM citations c WHERE c.doc_id = d.doc_id)
               FROM documents d WHERE d.doc_id IN (SELECT unnest(?))
               ORDER BY d.source_path, d.ordinal""",
            [s.new_doc_ids],
        ).fetchall()
        t = Table(title="Documents found in this run", title_justify="left")
        for name, kw in (
            ("file", {"max_width": 26}),
            ("#", {"min_width": 1}),
            ("type", {"min_width": 9}),
            ("number/symbol", {"min_width": 12}),
            ("date", {"min_width": 10}),
            ("issuer", {"max_width": 48}),
            ("cites", {"justify": "right", "min_width": 5}),
        ):
            t.add_column(name, no_wrap=True, overflow="ellipsis", **kw)
        for r in rows[:MAX_DOC_ROWS]:
            t.add_row(
                Path(r[1]).name,
                str(r[2]),
                r[3] or "?",
                r[4] or "",
                r[5] or "",
                r[6] or "",
                str(r[7]),
            )
        out.print(t)
        if len(rows) > MAX_DOC_ROWS:
            out.print(
                f'… and {len(rows) - MAX_DOC_ROWS} more (vanthu query "SELECT * FROM documents")'
            )
    if s.quarantined_new:
        t = Table(
            "file",
            "reason",
            title="Quarantined in this run (not read)",
            title_justify="left",
            style="red",
        )
        for p, r in s.quarantined_new:
            t.add_row(p, r)
        out.print(t)
    if s.skipped:
        t = Table(
            "path",
            "code",
            "why it was not read",
            title="Paths not read (skipped_paths)",
            title_justify="left",
            style="yellow",
        )
        for p, c, r in s.skipped[:MAX_DOC_ROWS]:
            t.add_row(p, c, r)
        out.print(t)
        if len(s.skipped) > MAX_DOC_ROWS:
            out.print(
                f'… and {len(s.skipped) - MAX_DOC_ROWS} more (vanthu query "SELECT * FROM '
                'skipped_paths")'
            )
    if s.files_reextracted:
        out.print(
            f"{s.files_reextracted} stored file(s) re-extracted from their text "
            "(new extraction rules or changed corrections)"
        )
    if s.graph_error:
        out.print(f"[red]the citation graph was not rebuilt:[/red] {s.graph_error}")
    if s.quarantined_before:
        out.print(
            f"{len(s.quarantined_before)} file(s) quarantined on earlier runs are still "
            f"not read: vanthu query \"SELECT path, error FROM files WHERE status='quarantined'\""
        )
    totals = con.execute(
        "SELECT (SELECT count(*) FROM files WHERE status='ok'), (SELECT count(*) FROM documents), "
        "(SELECT count(*) FROM citations)"
    ).fetchone()
    con.close()
    out.print(
        f"files: {s.files_seen} seen, {s.files_new} read, {s.files_skipped} unchanged, "
        f"{len(s.quarantined_new)} quarantined, {len(s.skipped)} other paths not read · "
        f"pages: {s.pages_read} · "
        f"documents: {s.documents_new} new · citations: {s.citations_new} new · "
        f"{s.seconds:.1f} s"
    )
    out.print(f"archive {db}: {totals[0]} files, {totals[1]} documents, {totals[2]} citations")
    if not s.wrote:
        out.print("nothing new: the archive was not changed")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def print_report(out: Console, rep: Report, show_misses: bool = True) -> None:
    t = Table(
        "field",
        "accuracy",
        "right",
        "scored",
        title=f"Fields — {rep.gold_name}",
        title_justify="left",
    )
    for f in SCORED_FIELDS:
        t.add_row(
            f, _pct(rep.accuracy(f)), str(rep.field_right.get(f, 0)), str(rep.field_total.get(f, 0))
        )
    t.add_row("[bold]mean[/bold]", f"[bold]{rep.field_score:.3f}[/bold]", "", "")
    for f in EXTRA_FIELDS:
        if rep.accuracy(f) is not None:
            t.add_row(
                f"[dim]{f}[/dim]",
                f"[dim]{_pct(rep.accuracy(f))}[/dim]",
                str(rep.field_right.get(f, 0)),
                str(rep.field_total.get(f, 0)),
            )
    out.print(t)
    out.print(
        f"documents: {rep.documents_found}/{rep.documents_gold} found"
        + (f", {rep.documents_extra} extra" if rep.documents_extra else "")
        + (
            f" · citations: P {rep.precision:.3f} R {rep.recall:.3f} F1 {rep.f1:.3f} "
            f"({rep.cit_match} of {rep.cit_gold} gold, {rep.cit_pred} predicted) · "
            f"relations right: {rep.relation_accuracy:.3f}"
            if rep.cit_gold or rep.cit_pred
            else " · citations: none recorded in this gold"
        )
    )
    if rep.sources_missing:
        out.print(f"[yellow]not in the database:[/yellow] {', '.join(rep.sources_missing)}")
    if show_misses and rep.misses:
        m = Table("where", "field", "gold", "predicted", title="Misses", title_justify="left")
        for miss in rep.misses:
            m.add_row(miss["where"], miss["field"], str(miss["gold"]), str(miss["predicted"]))
        out.print(m)
