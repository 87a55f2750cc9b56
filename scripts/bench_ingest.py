"""Ingest speed per page and peak memory, with ratios against baselines measured in the same run.

    python scripts/bench_ingest.py [--pages N] [--shared ../shared]

Baselines (the plain use of the same tools, no vanthu around them):
* text layer: pdfplumber ``page.extract_text()`` on every page, one process;
* OCR: bare ``tesseract`` (``vie``, psm 6, 300 dpi) on every page image, one process —
  what a naive loop does. vanthu adds deskew, header columns, seal suppression and
  runs one tesseract per core.

Inputs: the scanned seeds in ../shared/scans when present (first --pages pages), else the
generated scanned sample in data/samples. Timings are wall-clock on this machine; read
the ratios, not the absolute numbers (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _scan_pdfs(shared: Path | None) -> list[Path]:
    if shared and (shared / "scans").is_dir():
        return sorted((shared / "scans").glob("*.pdf"))
    return sorted(p for p in (ROOT / "data/samples").glob("*.pdf") if "scan" in p.name)


def _text_pdfs(shared: Path | None) -> list[Path]:
    """Born-digital PDFs: the real gazette ones in ../shared when present, else the sample."""
    if shared and (shared / "real/born_digital").is_dir():
        return sorted((shared / "real/born_digital").glob("*.pdf"))
    return sorted(p for p in (ROOT / "data/samples").glob("*.pdf") if "scan" not in p.name)


def _render_pages(pdfs: list[Path], limit: int, out: Path) -> list[Path]:
    import pypdfium2 as pdfium

    imgs = []
    for pdf in pdfs:
        doc = pdfium.PdfDocument(str(pdf))
        for i in range(len(doc)):
            if len(imgs) >= limit:
                return imgs
            img = doc[i].render(scale=300 / 72).to_pil().convert("L")
            p = out / f"{pdf.stem}_{i + 1}.png"
            img.save(p, dpi=(300, 300))
            imgs.append(p)
    return imgs


def bench_text_layer(pdfs: list[Path]) -> tuple[float, float, int]:
    import pdfplumber

    from pipeline.read.text import TextOptions, read_file

    n = 0
    t0 = time.perf_counter()
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                n += 1
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p in pdfs:
        read_file(p, TextOptions())
    ours = time.perf_counter() - t0
    return base, ours, n


def bench_ocr(imgs: list[Path], tmp: Path) -> tuple[float, float]:
    from pipeline.read.text import TextOptions, read_file

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    t0 = time.perf_counter()
    for img in imgs:
        subprocess.run(
            ["tesseract", str(img), "stdout", "-l", "vie", "--psm", "6", "--dpi", "300"],
            capture_output=True,
            env=env,
            check=False,
        )
    base = time.perf_counter() - t0
    # vanthu on the same pages, as one multi-page TIFF so pages run in parallel; cold cache
    from PIL import Image

    frames = [Image.open(p) for p in imgs]
    tiff = tmp / "pages.tif"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], dpi=(300, 300))
    t0 = time.perf_counter()
    read_file(tiff, TextOptions(cache_dir=None))
    ours = time.perf_counter() - t0
    return base, ours


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=6, help="scanned pages to OCR (default 6)")
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args()
    shared = Path(args.shared) if Path(args.shared).is_dir() else None
    tmp = Path(tempfile.mkdtemp(prefix="vanthu-bench-"))
    table = Table(
        "stage",
        "pages",
        "baseline s/page",
        "vanthu s/page",
        "speed-up",
        title=f"Ingest speed ({os.cpu_count()} cores)",
    )
    try:
        pdfs = _text_pdfs(shared)
        if pdfs:
            base, ours, n = bench_text_layer(pdfs)
            table.add_row(
                "text layer (pdfplumber baseline)",
                str(n),
                f"{base / n:.4f}",
                f"{ours / n:.4f}",
                f"{base / ours:.2f}×",
            )
        imgs = _render_pages(_scan_pdfs(shared), args.pages, tmp)
        if imgs and shutil.which("tesseract"):
            base, ours = bench_ocr(imgs, tmp)
            n = len(imgs)
            table.add_row(
                "OCR (bare tesseract loop baseline)",
                str(n),
                f"{base / n:.3f}",
                f"{ours / n:.3f}",
                f"{base / ours:.2f}×",
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    Console().print(table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Console().print(f"peak memory: this process {peak:.0f} MiB, largest child {kids:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
