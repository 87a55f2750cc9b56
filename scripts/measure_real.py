"""Measure header extraction: per-field accuracy on the seeds (text, and the scans' truth
text as an approximation of their OCR), and type + number/symbol match on the real
vbpl and gazette development sets.

    .venv/bin/python scripts/measure_real.py [--shared ../shared] [--misses]

Prints one table per set; exits 0. Needs ``shared/`` (seeds, gold, scans/truth, real/).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors import extract_documents  # noqa: E402
from pipeline.evaluate import SCORED_FIELDS, load_gold, score_records  # noqa: E402
from schemas.records import FileText, PageText  # noqa: E402


def _plain(text: str) -> FileText:
    return FileText("text/plain", (PageText(1, text, "plain"),), "plain")


def _pages(texts: list[str]) -> FileText:
    return FileText(
        "application/pdf", tuple(PageText(i + 1, t, "ocr", 0.9) for i, t in enumerate(texts)), "ocr"
    )


def _ocr(pdf: Path, cache: Path) -> FileText:
    from pipeline.read.text import TextOptions, read_file

    return read_file(pdf, TextOptions(cache_dir=str(cache)))


def measure_seeds(
    shared: Path, truth: bool, show_misses: bool, ocr_cache: Path | None = None
) -> None:
    gold = load_gold(shared / "gold" / "seeds.gold.json")
    preds = {}
    for f in gold["files"]:
        stem = Path(f["source"]).stem
        if ocr_cache is not None:
            ft = _ocr(shared / "scans" / f"{stem}.pdf", ocr_cache)
        elif truth:
            pages = sorted((shared / "scans" / "truth").glob(f"{stem}_p*.txt"))
            ft = _pages([p.read_text(encoding="utf-8") for p in pages])
        else:
            ft = _plain((shared / "seeds" / f["source"]).read_text(encoding="utf-8"))
        preds[stem] = extract_documents(ft, stem)
    rep = score_records(gold, preds, "seeds-truth" if truth else "seeds-text")
    name = "scans truth text (OCR approximation)" if truth else "seeds text"
    if ocr_cache is not None:
        name = "scans, tesseract OCR through pipeline.read.text"
    print(
        f"\n## {name}: documents {rep.documents_found}/{rep.documents_gold} found, "
        f"{sum(len(v) for v in preds.values())} predicted"
    )
    print(f"{'field':<16}{'accuracy':>10}")
    for fld in (*SCORED_FIELDS, "issuer_parent", "signer_title", "recipients", "arrival", "period"):
        acc = rep.accuracy(fld)
        if acc is not None:
            print(f"{fld:<16}{acc:>10.3f}")
    print(f"{'SCORE':<16}{rep.field_score:>10.3f}   (mean over {', '.join(SCORED_FIELDS)})")
    if show_misses:
        for m in rep.misses:
            if m["field"] not in ("citation", "relation"):
                print("   miss", m)


def _norm(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def measure_real(path: Path, show_misses: bool) -> None:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    n = len(rows)
    ok_type = ok_num = ok_both = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    n_docs = 0
    misses = []
    for r in rows:
        docs = extract_documents(_plain(r["text"]), r["id"])
        n_docs += len(docs)
        pub = r["published"]
        first = docs[0] if docs else None
        ptype = first.value("doc_type") if first else None
        num, sym = (first.value("number"), first.value("symbol")) if first else (None, None)
        got = f"{num}/{sym}" if num and sym else (sym or num or "")
        t_ok = _norm(ptype) == _norm(pub["doc_type"])
        n_ok = _norm(got) == _norm(pub["number_symbol"])
        ok_type += t_ok
        ok_num += n_ok
        ok_both += t_ok and n_ok
        by_type[pub["doc_type"]][0] += t_ok and n_ok
        by_type[pub["doc_type"]][1] += 1
        if not (t_ok and n_ok):
            misses.append((r["id"], pub["doc_type"], pub["number_symbol"], ptype, got))
    print(f"\n## {path.name}: {n} published documents -> {n_docs} extracted documents")
    print(f"{'measure':<24}{'rate':>8}")
    print(f"{'doc_type':<24}{ok_type / n:>8.3f}")
    print(f"{'number+symbol':<24}{ok_num / n:>8.3f}")
    print(f"{'type and number':<24}{ok_both / n:>8.3f}")
    for t, (a, b) in sorted(by_type.items()):
        print(f"  {t:<22}{a:>3}/{b:<3}")
    if show_misses:
        for m in misses:
            print("   miss", m)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--ocr", action="store_true", help="also OCR the five scans (minutes)")
    ap.add_argument("--ocr-cache", type=Path, default=Path("/tmp/vanthu-ocr-cache"))
    args = ap.parse_args()
    measure_seeds(args.shared, truth=False, show_misses=args.misses)
    measure_seeds(args.shared, truth=True, show_misses=args.misses)
    if args.ocr:
        measure_seeds(args.shared, truth=True, show_misses=args.misses, ocr_cache=args.ocr_cache)
    for name in ("vbpl_dev.jsonl", "gazette_dev.jsonl"):
        measure_real(args.shared / "real" / name, args.misses)


if __name__ == "__main__":
    main()
