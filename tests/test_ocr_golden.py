"""Golden OCR texts: tests/golden/<case>/ (recorded by scripts/make_golden.py).

The recorded texts are checked without Tesseract (they hold what a reader must find);
re-running the OCR and comparing with the recording needs Tesseract of the recorded
version and is marked ``ocr``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.read import ocr
from pipeline.read.text import TextOptions, read_file

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "meta.json").exists())


def load(case: str) -> tuple[str, dict, dict]:
    d = GOLDEN / case
    text = (d / "text.txt").read_text(encoding="utf-8").rstrip("\n")
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((d / "expected.json").read_text(encoding="utf-8"))
    return text, meta, expected


def test_there_are_golden_cases():
    assert len(CASES) >= 2


@pytest.mark.parametrize("case", CASES)
def test_recording_has_what_a_reader_needs(case):
    text, _, expected = load(case)
    flat = " ".join(text.split())
    missing = [s for s in expected["must_contain"] if s not in flat]
    assert not missing, f"{case}: OCR lost {missing}"
    lines = text.splitlines()
    order = expected["lines_in_order"]
    start = lines.index(order[0])
    assert lines[start : start + len(order)] == order, "header columns interleaved"


@pytest.mark.parametrize("case", CASES)
def test_recording_matches_current_settings(case):
    _, meta, _ = load(case)
    assert meta["settings"] == asdict(TextOptions().ocr_settings()), "run `make golden`"
    assert meta["pipeline"] == ocr.PIPELINE_VERSION, "run `make golden`"


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize("case", CASES)
def test_ocr_reproduces_recording(case):
    from pipeline.read._exec import tesseract

    text, meta, _ = load(case)
    if tesseract.version() != meta["tesseract"]:
        pytest.skip(f"recorded with tesseract {meta['tesseract']}, have {tesseract.version()}")
    ft = read_file(ROOT / meta["input"], TextOptions())
    assert ft.text == text
