"""What two of Tesseract's own steps buy on real scans, and what they cost.

    .venv/bin/python scripts/measure_tesseract_steps.py osd    [--pdfs ../shared/real/scans_dev]
    .venv/bin/python scripts/measure_tesseract_steps.py invert [--pdfs ../shared/real/scans_dev]

``osd``: every page turned 0, 90, 180 and 270 degrees, orientation asked at 300 dpi and
at ``pipeline.read.ocr.OSD_DPI``: how often the two answers agree (the turn, or both no
answer) and the seconds each took.

``invert``: every page read by bare Tesseract (``--psm 6``) with its default
``tessedit_do_invert=1`` (a line it is unsure of is read again as white on black) and
with ``tessedit_do_invert=0``: CPU seconds of each, alternated page by page so that the
machine's drift falls on both, and the lines that differ.

Pages are rendered at 300 dpi and cleaned as OCR cleans them (the pen colour mode).
"""

from __future__ import annotations

import argparse
import difflib
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from pipeline.read import ocr, pixels  # noqa: E402
from pipeline.read._exec import tesseract  # noqa: E402


def pages(folder: Path):  # noqa: ANN201
    import pypdfium2 as pdfium

    for pdf in sorted(folder.glob("*.pdf")):
        doc = pdfium.PdfDocument(str(pdf))
        for i in range(len(doc)):
            rgb = np.asarray(doc[i].render(scale=300 / 72).to_pil().convert("RGB"))
            yield f"{pdf.stem} p{i + 1}", ocr.drop_colour(rgb, "pen")


def measure_osd(folder: Path) -> None:
    agree = total = 0
    secs = {300: 0.0, ocr.OSD_DPI: 0.0}
    for name, gray in pages(folder):
        for turn in (0, 90, 180, 270):
            img = pixels.turn(gray, turn) if turn else gray
            got = {}
            for dpi in secs:
                t = time.perf_counter()
                res = tesseract.run_osd(
                    image=ocr._for_osd(img, 300) if dpi != 300 else img, dpi=dpi, timeout=120
                )
                secs[dpi] += time.perf_counter() - t
                # An answer below the confidence OCR asks for counts as none.
                got[dpi] = res.rotate if res and res.orientation_conf >= 1.0 else None
            total += 1
            agree += got[300] == got[ocr.OSD_DPI]
            print(
                f"{name} turned {turn:3d}: 300 dpi {got[300]}, {ocr.OSD_DPI} dpi "
                f"{got[ocr.OSD_DPI]}",
                flush=True,
            )
    print(
        f"\nagree on {agree} of {total}; seconds: 300 dpi {secs[300]:.1f}, "
        f"{ocr.OSD_DPI} dpi {secs[ocr.OSD_DPI]:.1f}"
    )


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_invert(folder: Path) -> None:
    cpu = {"1": 0.0, "0": 0.0}
    changed_pages = changed_lines = lines = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, gray in pages(folder):
            path = Path(tmp) / "page.pgm"
            Image.fromarray(gray).save(path)
            out = {}
            for value in ("1", "0"):
                c0 = _cpu_children()
                out[value] = subprocess.run(
                    [
                        "tesseract",
                        str(path),
                        "stdout",
                        "-l",
                        "vie",
                        "--psm",
                        "6",
                        "--dpi",
                        "300",
                        "-c",
                        f"tessedit_do_invert={value}",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
                ).stdout.splitlines()
                cpu[value] += _cpu_children() - c0
            diff = [d for d in difflib.ndiff(out["1"], out["0"]) if d[:1] in "+-"]
            lines += len(out["1"])
            if diff:
                changed_pages += 1
                changed_lines += sum(1 for d in diff if d.startswith("-"))
                print(f"{name}:")
                for d in diff:
                    print("   ", d)
    print(
        f"\nCPU seconds: invert on {cpu['1']:.1f}, off {cpu['0']:.1f} "
        f"({1 - cpu['0'] / cpu['1']:.0%} less); {changed_pages} pages and "
        f"{changed_lines} of {lines} lines differ (above)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["osd", "invert"])
    ap.add_argument("--pdfs", type=Path, default=Path("../shared/real/scans_dev"))
    args = ap.parse_args()
    (measure_osd if args.what == "osd" else measure_invert)(args.pdfs)


if __name__ == "__main__":
    main()
