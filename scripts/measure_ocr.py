"""Measure OCR settings on the degraded scans against their page truths.

    .venv/bin/python scripts/measure_ocr.py --scans ../shared/scans [--config NAME ...]

For every named configuration (see CONFIGS) and every page of ``scans/*.pdf`` that has
``scans/truth/<stem>_pNN.txt``: character error rate (Levenshtein distance / truth
length, whitespace runs collapsed to one space, so line breaks do not count), the share
of document numbers and dates in the truth that come out verbatim, whether the page's
header starts with the issuer (columns not interleaved), and seconds per page on one
core (CPU seconds of the worker and its Tesseract processes, so other load on the
machine does not inflate it; pages run in parallel, one Tesseract per core).
Prints a Markdown table; ``--json`` writes per-page rows too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.read.ocr import OcrSettings, PageJob, load_page_image, ocr_image  # noqa: E402

CONFIGS: dict[str, OcrSettings] = {
    # Tesseract alone (what TOOLS.md measured), then one step added at a time.
    "psm3-plain": OcrSettings(
        psm=3, colour="luma", deskew=False, split_header=False, orientation=False
    ),
    "psm6-plain": OcrSettings(
        psm=6, colour="luma", deskew=False, split_header=False, orientation=False
    ),
    "psm6-deskew": OcrSettings(psm=6, colour="luma", split_header=False, orientation=False),
    "psm6-deskew-value": OcrSettings(psm=6, colour="value", split_header=False, orientation=False),
    "psm6-deskew-value-split": OcrSettings(psm=6, colour="value", orientation=False),
    "psm6-deskew-mask-split": OcrSettings(psm=6, colour="mask", orientation=False),
    "psm6-deskew-pen-split": OcrSettings(psm=6, colour="pen", orientation=False),
    "psm4-deskew-pen-split": OcrSettings(psm=4, header_psm=4, colour="pen", orientation=False),
    "default-median3": OcrSettings(denoise=3),
    "default": OcrSettings(),  # pen colour drop, deskew, column bands, orientation check
}

# Numbers with symbols (4575/BC-VP, 09-CT/TW, 23/2012/TT-BCA-V28) and dates (28/11/2018).
NUMBER = re.compile(r"\b\d{1,5}(?:/\d{4})?[/-][A-ZĐ][\wĐđ()/\-]*[\w)]")
DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _page(args):
    pdf, index, name, settings = args
    rgb, dpi = load_page_image(PageJob("pdf", pdf, index, 300))
    # CPU seconds (this worker + its tesseract children): what a page costs one core,
    # whatever else the machine is doing at the time.
    t0 = _cpu()
    res = ocr_image(rgb, settings=settings, dpi=dpi)
    return name, res.text, _cpu() - t0, res.header_split


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scans", default="../shared/scans")
    ap.add_argument("--config", action="append", choices=sorted(CONFIGS))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", help="write per-page rows here")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    a = ap.parse_args()
    scans = Path(a.scans)
    truths = sorted((scans / "truth").glob("*_p[0-9][0-9].txt"))
    if a.limit:
        truths = truths[: a.limit]
    pages = []
    for t in truths:
        stem, num = t.stem.rsplit("_p", 1)
        pages.append((str(scans / f"{stem}.pdf"), int(num) - 1, t.stem, t))
    rows = []
    print("| config | CER % | numbers/dates verbatim | header not interleaved | CPU s/page |")
    print("|---|---|---|---|---|")
    for cname in a.config or list(CONFIGS):
        s = CONFIGS[cname]
        with ProcessPoolExecutor(max_workers=a.jobs) as pool:
            results = list(pool.map(_page, [(p, i, n, s) for p, i, n, _ in pages]))
        dist = total = hits = wanted = first_ok = headers = 0
        secs = 0.0
        for (_, _, name, tpath), (_, text, dt, split) in zip(pages, results, strict=True):
            truth = tpath.read_text(encoding="utf-8")
            t, o = norm(truth), norm(text)
            d = Levenshtein.distance(t, o)
            dist += d
            total += len(t)
            secs += dt
            keys = set(NUMBER.findall(truth)) | set(DATE.findall(truth))
            found = sum(1 for k in keys if k in o)
            hits += found
            wanted += len(keys)
            # The header read column by column: the truth's first three lines (issuer
            # column) come out one after another, not interleaved with the motto.
            head = norm(" ".join(truth.strip().splitlines()[:3]))
            if name.endswith("_p01"):
                headers += 1
                first_ok += head in o
            rows.append(
                {
                    "config": cname,
                    "page": name,
                    "cer": d / max(1, len(t)),
                    "keys": len(keys),
                    "found": found,
                    "missing": sorted(k for k in keys if k not in o),
                    "seconds": dt,
                    "header_split": split,
                }
            )
        print(
            f"| {cname} | {100 * dist / max(1, total):.2f} | {hits}/{wanted} "
            f"({100 * hits / max(1, wanted):.0f}%) | {first_ok}/{headers} | "
            f"{secs / max(1, len(pages)):.2f} |",
            flush=True,
        )
    if a.json:
        Path(a.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
