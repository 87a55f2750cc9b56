"""Synthetic measures of the reading of real captures: handwritten blanks
(pipeline.read.fills) and phone photos (pipeline.read.photo).

Handwritten blanks: renders header pages whose number and day blanks are filled in with
a cursive stroke font, slanted and distorted, in black or blue ink (tests/handwriting.py),
OCRs them as the pipeline does and counts, for the number and the day: right, left empty, wrong, and
wrong with confidence >= 0.8 (must be 0). SYNTHETIC: it says the reading works end to
end; real hands are measured by scripts/eval_real_scans.py.

Photos: photographs the rendered test scan (tests/test_text_helpers.scan_image) as a
phone on a desk would (tests/handwriting.phone_photo: perspective, light from one side)
and counts the header lines OCR reads exactly, with the photo steps and without them.

    python scripts/eval_synthetic_scans.py [--pages 24] [--photos 8] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.read import ocr  # noqa: E402
from tests.handwriting import header_page  # noqa: E402

NUMBER_IN_TEXT = re.compile(r"S\S{1,2}\s*(\d+)\s*/")
DAY_IN_TEXT = re.compile(r"ngày\s*(\d+)\s*tháng")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--photos", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.photos:
        photos(args.photos, args.seed)
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    for k in range(args.pages):
        number = str(rng.randint(1, 10 ** rng.randint(1, 4) - 1))
        month, year = rng.randint(1, 12), rng.randint(2010, 2025)
        day = str(rng.randint(1, 28)).zfill(rng.choice((1, 2)))
        ink = rng.choice(("black", "blue"))
        page = header_page(number, day, month=month, year=year, ink=ink, seed=args.seed * 1000 + k)
        first = ocr.ocr_image(page, settings=ocr.OcrSettings(), dpi=300)
        result = ocr.fill_blanks(page, first)
        got = {f.slot: f for f in result.fills}
        for slot, truth in (("number", number), ("day", day)):
            fill = got.get(slot)
            if fill is None:
                # the page OCR may have read it already (clean digits): then no fill
                rx = NUMBER_IN_TEXT if slot == "number" else DAY_IN_TEXT
                m = rx.search(result.text)
                if m is None:
                    counts[f"{slot} left empty"] += 1
                    print(f"page {k}: {slot} {truth!r} left empty", file=sys.stderr)
                elif int(m.group(1)) == int(truth):
                    counts[f"{slot} right (page OCR)"] += 1
                else:
                    counts[f"{slot} wrong (page OCR)"] += 1
                    print(f"page {k}: {slot} {truth!r} page OCR {m.group(1)!r}", file=sys.stderr)
                continue
            ok = int(fill.value) == int(truth)
            counts[f"{slot} {'right' if ok else 'wrong'}"] += 1
            if not ok and fill.confidence >= 0.8:
                counts[f"{slot} wrong >= 0.8"] += 1
            if not ok:
                print(
                    f"page {k}: {slot} {truth!r} read {fill.value!r} ({fill.confidence})",
                    file=sys.stderr,
                )
    print(f"synthetic handwritten blanks, {args.pages} pages (seed {args.seed}):")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    return 0


HEADER = (
    "CÔNG AN TỈNH BÌNH ĐỊNH",
    "CÔNG AN HUYỆN PHÙ MỸ",
    "Số: 57/BC-CAH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Phù Mỹ, ngày 28 tháng 11 năm 2018",
)


def photos(n: int, seed: int) -> None:
    """Header lines read exactly from synthetic phone photos, with and without the steps."""
    import numpy as np

    from tests.handwriting import phone_photo
    from tests.test_text_helpers import scan_image

    page = np.asarray(scan_image(dpi=220, angle=0.0, red_circle=False))
    rng = random.Random(seed)
    got = Counter()
    for k in range(n):
        shot = phone_photo(page, seed=seed * 100 + k, shade=rng.uniform(0.25, 0.6))
        dpi = ocr.image_dpi(_Frame(shot), 300)
        plain = ocr.ocr_image(shot, settings=ocr.OcrSettings(), dpi=dpi)
        fixed_img, fixed_dpi, steps = ocr.prepare_photo(shot, dpi)
        fixed = ocr.ocr_image(fixed_img, settings=ocr.OcrSettings(), dpi=fixed_dpi)
        got["photos"] += 1
        got["photos corrected"] += bool(steps)
        got["header lines, without the photo steps"] += sum(
            ln in plain.text.splitlines() for ln in HEADER
        )
        got["header lines, with them"] += sum(ln in fixed.text.splitlines() for ln in HEADER)
    print(f"synthetic phone photos, {n} photos x {len(HEADER)} header lines (seed {seed}):")
    for key in got:
        print(f"  {key}: {got[key]}")


class _Frame:
    """What ocr.image_dpi needs of a PIL image: a photo without DPI metadata."""

    def __init__(self, rgb):
        self.info = {}
        self.size = (rgb.shape[1], rgb.shape[0])


if __name__ == "__main__":
    sys.exit(main())
