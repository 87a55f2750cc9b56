"""`vanthu show` and `vanthu review`: a document's values with their evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pipeline.errors import MissingDependency
from pipeline.store import review

SNIPPET = 40


def find_documents(con, key: str) -> list[str]:
    """doc_ids matching a doc_id, a file_id (or prefix), or a path (or file name)."""
    rows = con.execute("SELECT doc_id FROM documents WHERE doc_id = ?", [key]).fetchall()
    if rows:
        return [r[0] for r in rows]
    if len(key) >= 8 and all(c in "0123456789abcdef" for c in key.lower()):
        rows = con.execute(
            "SELECT doc_id FROM documents WHERE file_id LIKE ? ORDER BY file_id, ordinal",
            [key.lower() + "%"],
        ).fetchall()
        if rows:
            return [r[0] for r in rows]
    p = str(Path(key))
    rows = con.execute(
        """SELECT d.doc_id FROM documents d JOIN file_paths fp USING (file_id)
           WHERE fp.path = ? OR fp.path LIKE ? OR ? LIKE '%' || fp.path
           GROUP BY d.doc_id, d.ordinal ORDER BY d.ordinal""",
        [p, "%/" + Path(key).name, str(Path(key).resolve())],
    ).fetchall()
    return [r[0] for r in rows]


def _snippet(text: str | None, start: int | None, end: int | None) -> str | None:
    if text is None or start is None or end is None:
        return None
    a, b = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    s = text[a:start] + "⟦" + text[start:end] + "⟧" + text[end:b]
    return " ".join(s.split())


def document_dict(con, doc_id: str) -> dict[str, Any]:
    cur = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    cols = [c[0] for c in cur.description]
    doc = dict(zip(cols, cur.fetchone(), strict=True))
    text = doc.pop("text")
    doc["fields"] = [
        {
            "name": r[0],
            "value": r[1],
            "page": r[2],
            "char_start": r[3],
            "char_end": r[4],
            "rule": r[5],
            "confidence": r[6],
            "inferred": r[7],
            "corrected": r[8],
            "evidence": _snippet(text, r[3], r[4]),
        }
        for r in con.execute(
            "SELECT name, value, page, char_start, char_end, rule, confidence, inferred, "
            "corrected FROM fields WHERE doc_id = ? ORDER BY name",
            [doc_id],
        ).fetchall()
    ]
    doc["signers"] = [
        dict(zip(("name", "title", "rank", "authority"), r, strict=True))
        for r in con.execute(
            "SELECT name, title, rank, authority FROM signers WHERE doc_id = ? ORDER BY seq",
            [doc_id],
        ).fetchall()
    ]
    arr = con.execute(
        "SELECT receiver, arrival_number, arrival_date, arrival_text FROM arrivals "
        "WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    doc["arrival"] = (
        dict(zip(("receiver", "number", "date", "text"), arr, strict=True)) if arr else None
    )
    cur = con.execute("SELECT * FROM citations WHERE doc_id = ? ORDER BY seq", [doc_id])
    ccols = [c[0] for c in cur.description]
    doc["citations"] = [dict(zip(ccols, r, strict=True)) for r in cur.fetchall()]
    cur = con.execute("SELECT * FROM deadlines WHERE doc_id = ? ORDER BY seq", [doc_id])
    dcols = [c[0] for c in cur.description]
    doc["deadlines"] = [dict(zip(dcols, r, strict=True)) for r in cur.fetchall()]
    doc["text_chars"] = len(text or "")
    return doc


def print_document(out: Console, con, doc_id: str) -> None:
    d = document_dict(con, doc_id)
    ref = "/".join(x for x in (d.get("number"), d.get("symbol")) if x) or "(no number)"
    out.rule(f"[bold]{d['doc_id']}[/bold] · {d.get('doc_type') or '?'} {ref}")
    out.print(
        f"file: {d['source_path']} · pages {d['page_start']}–{d['page_end']}"
        + (f" · attached to {d['parent_doc_id']}" if d.get("parent_doc_id") else "")
    )
    t = Table(
        "field",
        "value",
        "conf",
        "page",
        "chars",
        "rule",
        "evidence",
        title="Fields",
        title_justify="left",
    )
    for f in d["fields"]:
        if f["name"] in (
            "body_start",
            "distribution_block",
            "signature_block",
            "own_number_line",
            "site_preamble",
        ):
            continue
        chars = f"{f['char_start']}–{f['char_end']}" if f["char_start"] is not None else ""
        flag = " (inferred)" if f["inferred"] else " (corrected)" if f["corrected"] else ""
        t.add_row(
            f["name"],
            (f["value"] or "∅") + flag,
            "" if f["confidence"] is None else f"{f['confidence']:.2f}",
            "" if f["page"] is None else str(f["page"]),
            chars,
            f["rule"] or "",
            f["evidence"] or "",
        )
    out.print(t)
    if d["recipients"]:
        out.print("[bold]Kính gửi:[/bold] " + "; ".join(d["recipients"]))
    if d["distribution"]:
        out.print("[bold]Nơi nhận:[/bold] " + "; ".join(d["distribution"]))
    for s in d["signers"]:
        out.print(
            "[bold]Signer:[/bold] "
            + " ".join(x for x in (s["authority"], s["title"], s["rank"], s["name"]) if x)
        )
    if d["arrival"]:
        a = d["arrival"]
        out.print(
            f"[bold]Arrival:[/bold] {a['receiver'] or '?'} · số {a['number'] or '?'} · "
            f"{a['date'] or '?'}"
        )
    if d["citations"]:
        c = Table(
            "#",
            "relation",
            "type",
            "number/symbol",
            "date",
            "issuer",
            "chars",
            "key",
            title="Citations",
            title_justify="left",
        )
        for r in d["citations"]:
            ref = "/".join(x for x in (r["number"], r["symbol"]) if x)
            c.add_row(
                str(r["seq"]),
                r["relation"],
                r["doc_type"] or "",
                ref,
                str(r["cited_date"] or r["cited_year"] or ""),
                r["cited_issuer"] or "",
                f"{r['char_start']}–{r['char_end']}",
                r["target_key"] or "",
            )
        out.print(c)
    if d["deadlines"]:
        t = Table("due", "what", "chars", title="Deadlines", title_justify="left")
        for r in d["deadlines"]:
            due = str(
                r["due_date"] or f"{r['due_year']}-{r['due_month']:02d}"
                if r["due_month"]
                else r["due_year"]
            )
            t.add_row(due, r["what"] or "", f"{r['char_start']}–{r['char_end']}")
        out.print(t)


def low_confidence(con, threshold: float, limit: int) -> list[dict[str, Any]]:
    rows = con.execute(
        f"""SELECT {review.confidence_sql()}, f.doc_id, f.name, f.value, {review.rule_sql()},
                  f.char_start, f.char_end, f.page, d.source_path, d.text
           FROM fields f JOIN documents d USING (doc_id)
           WHERE {review.where_sql()}
           ORDER BY 1, f.doc_id, f.name LIMIT ?""",
        [threshold, limit],
    ).fetchall()
    return [
        {
            "confidence": r[0],
            "doc_id": r[1],
            "field": r[2],
            "value": r[3],
            "rule": r[4],
            "page": r[7],
            "source_path": r[8],
            "evidence": _snippet(r[9], r[5], r[6]),
        }
        for r in rows
    ]


# Colours for the evidence view; labels are field names and citation relations.
_COLOURS = {
    "CITES": "#fde68a",
    "ANSWERS": "#fca5a5",
    "BASED_ON": "#93c5fd",
    "ATTACHED_TO": "#c4b5fd",
    "REPEALS": "#f9a8d4",
    "AMENDS": "#f9a8d4",
    "DEADLINE": "#86efac",
}


def evidence_html(con, doc_id: str) -> str:
    """The document's text with every extracted span highlighted (spaCy displaCy).

    Overlapping spans are dropped, longest first kept, so the page stays readable.
    spaCy is an optional dependency (the ``html`` extra): this view is all it serves.
    """
    try:
        from spacy import displacy
    except ImportError as exc:
        raise MissingDependency(
            "the evidence view needs spaCy's displaCy: pip install 'vanthu[html]'"
        ) from exc

    text = con.execute("SELECT text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
    spans: list[tuple[int, int, str]] = []
    for name, start, end in con.execute(
        "SELECT name, char_start, char_end FROM fields WHERE doc_id = ? AND char_start IS "
        "NOT NULL AND char_end > char_start AND name NOT IN ('body_start', "
        "'distribution_block', 'signature_block', 'site_preamble')",
        [doc_id],
    ).fetchall():
        spans.append((start, end, name.upper()))
    for rel, start, end in con.execute(
        "SELECT relation, char_start, char_end FROM citations WHERE doc_id = ?", [doc_id]
    ).fetchall():
        spans.append((start, end, (rel or "cites").upper()))
    for start, end in con.execute(
        "SELECT char_start, char_end FROM deadlines WHERE doc_id = ?", [doc_id]
    ).fetchall():
        spans.append((start, end, "DEADLINE"))
    chosen: list[tuple[int, int, str]] = []
    for s in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(s[1] <= c[0] or s[0] >= c[1] for c in chosen):
            chosen.append(s)
    ents = [{"start": s, "end": e, "label": label} for s, e, label in sorted(chosen)]
    return displacy.render(
        {"text": text, "ents": ents, "title": doc_id},
        style="ent",
        manual=True,
        page=True,
        options={"colors": _COLOURS},
    )
