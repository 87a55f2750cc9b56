"""Isolated specks per megapixel of scanned pages: where SPECKS_PER_MP is set.

    python scripts/measure_specks.py FILE.pdf|FILE.png ... [--dpi 300]

Prints, for every page of each file, the count ``pipeline.read.ocr.speck_density``
makes (what decides whether a page's specks are painted out before OCR), and the time
it took. Measured on 2026-12-05: 0-13 on the dev scans of shared/real/scans_dev and the
seal/blur/skew/bilevel renders of scripts/eval_rendered_real.py, about 240-320 on its
"speckle" renders; SPECKS_PER_MP is 40.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.read.ocr import (  # noqa: E402
    SPECKS_PER_MP,
    PageJob,
    drop_colour,
    load_page_image,
    speck_density,
)


def _page_count(path: str, kind: str) -> int:
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        try:
            return len(pdf)
        finally:
            pdf.close()
    from PIL import Image

    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dpi", type=int, default=300, help="PDF render resolution")
    a = ap.parse_args(argv)
    print(f"threshold: {SPECKS_PER_MP:.0f} specks per megapixel")
    times: list[float] = []
    speckled = 0
    for f in a.files:
        kind = "pdf" if f.lower().endswith(".pdf") else "image"
        for index in range(_page_count(f, kind)):
            try:
                rgb, dpi = load_page_image(PageJob(kind, f, index, a.dpi))
            except Exception as exc:  # noqa: BLE001 - report and go on with the next file
                print(f"{f} p{index + 1}: unreadable ({exc})", file=sys.stderr)
                break
            gray = drop_colour(rgb, "pen")
            t = time.perf_counter()
            d = speck_density(gray, dpi)
            times.append(time.perf_counter() - t)
            verdict = "speckled" if d > SPECKS_PER_MP else "clean"
            speckled += d > SPECKS_PER_MP
            ms = times[-1] * 1000
            print(f"{Path(f).name} p{index + 1}\t{d:7.1f}/MP\t{ms:5.1f} ms\t{verdict}")
    if times:
        mean = sum(times) / len(times)
        print(f"{len(times)} pages, {speckled} speckled; the count: {mean * 1000:.1f} ms/page mean")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
