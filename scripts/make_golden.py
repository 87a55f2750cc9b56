"""Re-record the OCR golden texts in tests/golden/<case>/ (review the diff afterwards).

    .venv/bin/python scripts/make_golden.py        # or: make golden

For every case in CASES: OCR the input with the text stage's default settings and write
``text.txt`` (the file's text, pages separated as in FileText.text) and ``meta.json``
(input, Tesseract version, every OCR setting, per-page confidence). ``expected.json``
is hand-written (strings the OCR must get verbatim) and is never overwritten.
Extractor tests can read ``text.txt`` without Tesseract.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.read import ocr  # noqa: E402
from pipeline.read.text import TextOptions, check_tesseract, read_file  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"

# case name -> input file (relative to the repository root)
CASES = {
    "cong_van_scan": "data/samples/cong_van_scan.pdf",
    "ke_hoach_xa_scan": "data/samples/ke_hoach_xa_scan.tif",
}


def record(case: str, source: str) -> Path:
    options = TextOptions(jobs=0)
    ft = read_file(ROOT / source, options)
    out = GOLDEN / case
    out.mkdir(parents=True, exist_ok=True)
    (out / "text.txt").write_text(ft.text + "\n", encoding="utf-8")
    meta = {
        "input": source,
        "media_type": ft.media_type,
        "text_source": ft.text_source,
        "tesseract": check_tesseract(options.ocr_lang),
        "settings": asdict(options.ocr_settings()),
        "pipeline": ocr.PIPELINE_VERSION,
        "dpi": options.dpi,
        "pages": [{"page": p.page, "confidence": p.confidence} for p in ft.pages],
    }
    (out / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return out


def main() -> int:
    for case, source in CASES.items():
        out = record(case, source)
        print(f"recorded {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
