"""`make eval`: score every gold set the project keeps, and ../shared when it is there.

Each gold set is ingested afresh into its own database under data/curated/eval/ (the
database is rebuilt every time so the scores are those of the code as it is now; the OCR
cache beside it is kept, so scans are not OCR'd again) and scored with the same code as
`vanthu eval`.
Prints one table; `--json` for machines.

    python scripts/eval_all.py [--shared ../shared] [--only NAME] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_real_texts  # noqa: E402  (scripts/: real web, vbpl, gazette, born-digital sets)

from pipeline.evaluate import load_gold, predictions_from_db, score  # noqa: E402
from pipeline.ingest import run_ingest  # noqa: E402
from pipeline.store.db import connect  # noqa: E402
from scripts import eval_real_scans  # noqa: E402

EVAL_DIR = ROOT / "data" / "curated" / "eval"
err = Console(stderr=True)


def gold_sets(shared: Path | None) -> list[tuple[str, Path, Path]]:
    """(name, gold file, inbox) for every gold set we can find."""
    sets = [
        (
            "seeds (text, tests/)",
            ROOT / "tests/data/gold/seeds.gold.json",
            ROOT / "tests/data/seeds",
        ),
        (
            "patterns (tests/)",
            ROOT / "tests/data/gold/patterns.gold.json",
            ROOT / "tests/data/patterns",
        ),
        (
            "held-out 1 (tests/)",
            ROOT / "tests/data/gold/heldout.gold.json",
            ROOT / "tests/data/heldout",
        ),
        (
            "held-out 2 (tests/)",
            ROOT / "tests/data/gold/heldout2.gold.json",
            ROOT / "tests/data/heldout2",
        ),
        ("samples (data/samples)", ROOT / "data/samples.gold.json", ROOT / "data/samples"),
    ]
    if shared is not None:
        sets += [
            ("shared seeds (text)", shared / "gold/seeds.gold.json", shared / "seeds"),
            ("shared seeds (scans)", shared / "gold/seeds.gold.json", shared / "scans"),
        ]
    return [s for s in sets if s[1].exists() and s[2].exists()]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _fresh(db: Path) -> Path:
    """Drop the database (not its OCR cache) so the current code re-reads everything."""
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    return db


def run_gold(name: str, gold: Path, inbox: Path) -> dict:
    db = _fresh(EVAL_DIR / f"{_slug(name)}.duckdb")
    s = run_ingest(inbox, db, progress=sys.stderr.isatty())
    con = connect(db, read_only=True)
    rep = score(load_gold(gold), predictions_from_db(con), gold_name=name)
    con.close()
    return {"name": name, "report": rep, "seconds": s.seconds}


def _norm_ref(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").upper().replace(" ", "")
    return s.replace("Đ", "Đ")


# What ../shared/real/README.md says of the two scanned gazette PDFs (facts from the
# gazette listing and the page images). In 115/NQ-CP the number, day and month are
# handwritten: there a field must be right, or empty with a low confidence.
REAL_SCANS = {
    "nghi-quyet-so-115-nq-cp-469452": {
        "doc_type": "Nghị quyết",
        "ref": "115/NQ-CP",
        "issued_date": "2026-04-29",
        "signer": "Hồ Quốc Dũng",
    },
    "nghi-quyet-so-27-2026-nq-cp-469546": {
        "doc_type": "Nghị quyết",
        "ref": "27/2026/NQ-CP",
        "issued_date": "2026-05-14",
        "signer": "Nguyễn Văn Thắng",
    },
}
LOW_CONFIDENCE = 0.5


def run_real_scans(shared: Path) -> list[dict]:
    """Type, number, date, signer of the real scans: right / empty-and-unsure / wrong."""
    folder = shared / "real" / "scans"
    if not folder.is_dir():
        return []
    db = _fresh(EVAL_DIR / "real-scans.duckdb")
    run_ingest(folder, db, progress=sys.stderr.isatty())
    con = connect(db, read_only=True)
    out = []
    for stem, facts in REAL_SCANS.items():
        row = con.execute(
            "SELECT doc_id, doc_type, number, symbol, issued_date, signer_name FROM documents "
            "WHERE source_path LIKE ? ORDER BY ordinal LIMIT 1",
            [f"%{stem}%"],
        ).fetchone()
        if row is None:
            out.append({"file": stem, "verdicts": dict.fromkeys(facts, "missing")})
            continue
        conf = dict(
            con.execute("SELECT name, confidence FROM fields WHERE doc_id = ?", [row[0]]).fetchall()
        )
        got = {
            "doc_type": row[1],
            "ref": "/".join(x for x in (row[2], row[3]) if x) or None,
            "issued_date": str(row[4]) if row[4] else None,
            "signer": row[5],
        }
        conf_of = {
            "doc_type": conf.get("doc_type"),
            "ref": conf.get("number"),
            "issued_date": conf.get("issued_date"),
            "signer": conf.get("signer_name"),
        }
        verdicts = {}
        for k, want in facts.items():
            if got[k] and _norm_ref(got[k]) == _norm_ref(want):
                verdicts[k] = "right"
            elif not got[k] or (k == "ref" and not row[2]):
                c = conf_of[k]
                verdicts[k] = "empty, unsure" if c is None or c < LOW_CONFIDENCE else "empty, sure"
            else:
                c = conf_of[k]
                verdicts[k] = f"WRONG ({got[k]!r}, conf {c if c is None else round(c, 2)})"
        out.append({"file": stem, "verdicts": verdicts})
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="the shared folder (default ../shared)")
    ap.add_argument("--only", help="only gold sets whose name contains this")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list each miss")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    shared = Path(args.shared)
    if not shared.is_dir():
        err.print(
            f"[yellow]{shared} not found: scoring only the gold sets kept in the repo[/yellow]"
        )
        shared = None
    else:
        err.print(f"scoring the repo's gold sets and those in {shared}")
    EVAL_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    for name, gold, inbox in gold_sets(shared):
        if args.only and args.only not in name:
            continue
        err.print(f"· {name}")
        results.append(run_gold(name, gold, inbox))
    real_texts = eval_real_texts.run(shared) if not args.only else []
    real_scans = run_real_scans(shared) if shared is not None and not args.only else []
    # scans_dev and scans_bad_layer, dev and kept-back apart (scripts/eval_real_scans.py)
    scan_sets = eval_real_scans.run(shared) if shared is not None and not args.only else []
    if args.json:
        print(
            json.dumps(
                {
                    "gold": [{**r["report"].as_dict(), "seconds": r["seconds"]} for r in results],
                    "real_texts": eval_real_texts.as_json(real_texts),
                    "real_scans": real_scans,
                    "real_scan_sets": scan_sets,
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
        return 0
    out = Console(width=None if sys.stdout.isatty() else 200)
    t = Table(
        "gold set",
        "docs",
        "fields",
        "type",
        "num+sym",
        "date",
        "place",
        "issuer",
        "subject",
        "signer",
        "cit P",
        "cit R",
        "cit F1",
        "relations",
        title="vanthu eval",
    )
    for r in results:
        rep = r["report"]
        acc = [
            rep.accuracy(f)
            for f in (
                "doc_type",
                "number+symbol",
                "issued_date",
                "place",
                "issuer",
                "subject",
                "signer",
            )
        ]
        t.add_row(
            r["name"],
            f"{rep.documents_found}/{rep.documents_gold}",
            f"{rep.field_score:.3f}",
            *(f"{a:.2f}" if a is not None else "—" for a in acc),
            *(
                (
                    f"{rep.precision:.3f}",
                    f"{rep.recall:.3f}",
                    f"{rep.f1:.3f}",
                    f"{rep.relation_accuracy:.3f}",
                )
                if rep.cit_gold or rep.cit_pred
                else ("—",) * 4
            ),
        )
    out.print(t)
    eval_real_texts.print_tables(real_texts, out, misses=args.misses)
    if real_scans:
        st = Table(
            "real scan",
            *REAL_SCANS[next(iter(REAL_SCANS))].keys(),
            title="Real scans (../shared/real/scans)",
        )
        for r in real_scans:
            st.add_row(r["file"], *r["verdicts"].values())
        out.print(st)
    for table in eval_real_scans.tables(scan_sets) if scan_sets else []:
        out.print(table)
    if args.misses:
        eval_real_scans.print_misses(out, scan_sets)
        for r in results:
            for m in r["report"].misses:
                out.print(
                    f"{r['name']}: {m['where']} {m['field']}: gold={m['gold']!r} "
                    f"predicted={m['predicted']!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
