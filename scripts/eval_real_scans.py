"""Real scans in `make eval`: scans_dev (real scans and photos of signed paper) and
scans_bad_layer (seed scans under an English invisible OCR layer), from ../shared/real.

Each set's development part and kept-back part (tests/data/real_split.json) are ingested
into databases of their own under data/curated/eval/ and scored apart, with the scoring
of `vanthu eval` (pipeline.evaluate.score), document by document so that the fields a
clerk filled in by hand (the gold's ``handwritten``: ``number``, ``date``) are counted
apart from the printed ones. For handwritten fields it also counts the harm that matters:
a wrong value given with confidence >= 0.8 (must be none), and how many were left unsure
(< 0.5, listed first by `vanthu review`).

    python scripts/eval_real_scans.py [--shared ../shared] [--part dev|kept-back|all]
                                      [--json] [--misses]

Scores of the kept-back part are for the end of a piece of work, never for tuning.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import SCORED_FIELDS, load_gold, norm, predictions_from_db, score  # noqa: E402
from pipeline.ingest import run_ingest  # noqa: E402
from pipeline.store.db import connect  # noqa: E402

EVAL_DIR = ROOT / "data" / "curated" / "eval"
SPLIT = ROOT / "tests" / "data" / "real_split.json"
err = Console(stderr=True)

# A gold entry's ``handwritten`` names -> the scored field they fill, and the `fields`
# row whose confidence the pipeline gave that value.
HANDWRITTEN = {
    "number": ("number+symbol", "number"),
    "date": ("issued_date", "issued_date"),
    "issued_date": ("issued_date", "issued_date"),
}
SURE = 0.8  # a wrong handwritten value at or above this confidence is the harm to avoid
UNSURE = 0.5  # below this `vanthu review` lists a field first


@dataclass(frozen=True)
class ScanSet:
    name: str  # also the key in tests/data/real_split.json
    folder: str  # under ../shared/real
    gold: str


SETS = (
    ScanSet("scans_dev", "scans_dev", "scans_dev.gold.json"),
    ScanSet("scans_bad_layer", "scans_bad_layer", "scans_bad_layer.gold.json"),
)


def kept_back(name: str) -> set[str]:
    data = json.loads(SPLIT.read_text(encoding="utf-8"))
    return set(data.get("sets", {}).get(name, []))


def _fresh(db: Path) -> Path:
    """Drop the database (not its OCR cache) so the current code re-reads everything."""
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    return db


def _ingest(files: list[Path], db: Path) -> None:
    inbox = Path(tempfile.mkdtemp(prefix="vanthu-real-scans-"))
    try:
        for f in files:
            shutil.copy2(f, inbox / f.name)
        run_ingest(inbox, _fresh(db), progress=sys.stderr.isatty())
    finally:
        shutil.rmtree(inbox, ignore_errors=True)


def _confidences(con) -> dict[tuple[str, int], dict[str, float]]:
    out: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for src, ordinal, name, conf in con.execute(
        "SELECT d.source_path, d.ordinal, f.name, f.confidence FROM fields f "
        "JOIN documents d USING (doc_id)"
    ).fetchall():
        out[(Path(src).stem, ordinal)][name] = conf
    return out


def _wrong_value(field: str, gold: Any, pred: Any) -> bool:
    """A handwritten value that is there and wrong (a partial date that agrees is not)."""
    if field == "number":
        return bool(pred) and norm(pred) != norm(gold)
    p, g = norm(pred), norm(gold)
    return bool(p) and not g.startswith(p)


def score_part(scan_set: ScanSet, gold: dict, db: Path) -> dict[str, Any]:
    """Per-field, printed and handwritten scores of one part of a set."""
    con = connect(db, read_only=True)
    preds = predictions_from_db(con)
    confs = _confidences(con)
    pages = Counter(
        r[0] for r in con.execute("SELECT coalesce(decision, source) FROM pages").fetchall()
    )
    quality = con.execute("SELECT avg(quality), min(quality) FROM pages").fetchone()
    con.close()
    whole = score(gold, preds, gold_name=scan_set.name)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    hw_right = hw_total = hw_wrong_sure = hw_unsure = 0
    hw_misses: list[dict[str, Any]] = []
    for gfile in gold["files"]:
        stem = Path(gfile["source"]).stem
        for gdoc in gfile["documents"]:
            one = {**gold, "files": [{**gfile, "documents": [gdoc]}]}
            rep = score(one, {stem: preds.get(stem, [])})
            hand = {HANDWRITTEN[h][0]: h for h in gdoc.get("handwritten", []) if h in HANDWRITTEN}
            pdoc = next(
                (p for p in preds.get(stem, []) if int(p["ordinal"]) == int(gdoc["ordinal"])), {}
            )
            for f in SCORED_FIELDS:
                t, r = rep.field_total.get(f, 0), rep.field_right.get(f, 0)
                if not t:
                    continue
                if f in hand:
                    hw_total += t
                    hw_right += r
                    h = hand[f]
                    key = "number" if h == "number" else "issued_date"
                    conf = confs.get((stem, int(gdoc["ordinal"])), {}).get(HANDWRITTEN[h][1])
                    g, p = gdoc.get(key), pdoc.get(key)
                    if not r:
                        if conf is None or conf < UNSURE:
                            hw_unsure += 1
                        if _wrong_value(key, g, p) and conf is not None and conf >= SURE:
                            hw_wrong_sure += 1
                        hw_misses.append(
                            {
                                "where": f"{stem}#{gdoc['ordinal']}",
                                "field": h,
                                "gold": g,
                                "predicted": p,
                                "confidence": conf,
                            }
                        )
                else:
                    total[f] += t
                    right[f] += r
    printed = sum(right.values()) / sum(total.values()) if total else None
    return {
        "set": scan_set.name,
        "documents": f"{whole.documents_found}/{whole.documents_gold}",
        "fields_all": whole.field_score,
        "fields_printed": printed,
        "fields_handwritten": hw_right / hw_total if hw_total else None,
        "handwritten": hw_total,
        "handwritten_wrong_sure": hw_wrong_sure,
        "handwritten_unsure": hw_unsure,
        "per_field": {f: whole.accuracy(f) for f in SCORED_FIELDS},
        "citation_f1": whole.f1 if whole.cit_gold or whole.cit_pred else None,
        "relations": whole.relation_accuracy if whole.cit_match else None,
        "pages": dict(pages),
        "page_quality": {"mean": quality[0], "min": quality[1]},
        "misses": [m for m in whole.misses if m["field"] in SCORED_FIELDS],
        "handwritten_misses": hw_misses,
    }


def run(shared: Path, part: str = "all") -> list[dict[str, Any]]:
    """Score every real scan set of ``shared``/real, dev and kept-back parts apart."""
    out = []
    EVAL_DIR.mkdir(parents=True, exist_ok=True)
    for s in SETS:
        folder, gold_path = shared / "real" / s.folder, shared / "real" / s.gold
        if not folder.is_dir() or not gold_path.exists():
            continue
        gold = load_gold(gold_path)
        held = kept_back(s.name)
        for name in ("dev", "kept-back"):
            if part not in ("all", name):
                continue
            want = {
                Path(f["source"]).stem
                for f in gold["files"]
                if (Path(f["source"]).stem in held) == (name == "kept-back")
            }
            files = sorted(p for p in folder.iterdir() if p.stem in want)
            if not files:
                continue
            err.print(f"· real {s.name} ({name}): {len(files)} files")
            db = EVAL_DIR / f"real-{s.name}-{name}.duckdb"
            _ingest(files, db)
            sub = {**gold, "files": [f for f in gold["files"] if Path(f["source"]).stem in want]}
            res = score_part(s, sub, db)
            res["part"] = name
            out.append(res)
    return out


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def tables(results: list[dict[str, Any]]) -> list[Table]:
    t = Table(
        "real scan set",
        "part",
        "docs",
        "fields",
        "printed",
        "handwr.",
        "hw wrong ≥0.8",
        "hw unsure <0.5",
        *(f.replace("number+symbol", "num+sym") for f in SCORED_FIELDS),
        "cit F1",
        "relations",
        title="Real scans (../shared/real): fields written by hand scored apart",
    )
    for r in results:
        t.add_row(
            r["set"],
            r["part"],
            r["documents"],
            _f(r["fields_all"]),
            _f(r["fields_printed"]),
            f"{_f(r['fields_handwritten'])} of {r['handwritten']}",
            str(r["handwritten_wrong_sure"]),
            str(r["handwritten_unsure"]),
            *(_f(r["per_field"][f]) for f in SCORED_FIELDS),
            _f(r["citation_f1"]),
            _f(r["relations"]),
        )
    p = Table("real scan set", "part", "pages by decision", "page quality mean / min")
    for r in results:
        q = r["page_quality"]
        p.add_row(
            r["set"],
            r["part"],
            ", ".join(f"{k} {v}" for k, v in sorted(r["pages"].items())),
            f"{_f(q['mean'])} / {_f(q['min'])}",
        )
    return [t, p]


def print_misses(out: Console, results: list[dict[str, Any]]) -> None:
    for r in results:
        for m in r["misses"]:
            out.print(
                f"{r['set']} ({r['part']}): {m['where']} {m['field']}: gold={m['gold']!r} "
                f"predicted={m['predicted']!r}"
            )
        for m in r["handwritten_misses"]:
            out.print(
                f"{r['set']} ({r['part']}): {m['where']} handwritten {m['field']}: "
                f"gold={m['gold']!r} predicted={m['predicted']!r} confidence={m['confidence']}"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    ap.add_argument("--part", choices=("dev", "kept-back", "all"), default="all")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list each miss")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "real").is_dir():
        err.print(f"[yellow]{shared}/real not found: nothing to score[/yellow]")
        return 2
    results = run(shared, args.part)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        return 0
    out = Console(width=None if sys.stdout.isatty() else 220)
    for t in tables(results):
        out.print(t)
    if args.misses:
        print_misses(out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
