"""Extractors on recorded OCR text of held-out documents' scans (no Tesseract needed).

``tests/golden/heldout_scans/<name>/text.txt`` is what the text stage read from a
degraded 300 dpi scan of ``tests/data/heldout/<name>.txt`` (rendered and OCR'd by
``scripts/make_heldout_scans.py``; ``meta.json`` names Tesseract's version and
settings). The answers are the held-out gold's, which was written for the text files:
a scan must give the same header fields and the same cited documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import extract_documents
from pipeline.evaluate import load_gold, score_records
from schemas.records import PAGE_BREAK, FileText, PageText

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "heldout_scans"
GOLD = ROOT / "tests" / "data" / "gold" / "heldout.gold.json"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "text.txt").exists())


def _file_text(case: str) -> FileText:
    d = GOLDEN / case
    text = (d / "text.txt").read_text(encoding="utf-8").rstrip("\n")
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    pages = text.split(PAGE_BREAK)
    confs = [p.get("confidence") for p in meta["pages"]]
    assert len(pages) == len(confs), "text.txt and meta.json disagree on pages"
    return FileText(
        meta["media_type"],
        tuple(
            PageText(i + 1, t, "ocr", c) for i, (t, c) in enumerate(zip(pages, confs, strict=True))
        ),
        "ocr",
    )


def _gold_for(case: str) -> dict:
    gold = load_gold(GOLD)
    files = [f for f in gold["files"] if Path(f["source"]).stem == case]
    assert files, f"{case} is not in {GOLD.name}"
    return {**gold, "files": files}


def test_there_are_recorded_scans():
    assert len(CASES) >= 2


@pytest.mark.parametrize("case", CASES)
def test_recording_names_its_ocr(case):
    meta = json.loads((GOLDEN / case / "meta.json").read_text(encoding="utf-8"))
    assert meta["text_source"] == "ocr" and meta["tesseract"] and meta["settings"]["lang"]


@pytest.mark.parametrize("case", CASES)
def test_scan_text_gives_the_gold_fields_and_citations(case):
    docs = extract_documents(_file_text(case), case)
    rep = score_records(_gold_for(case), {case: docs}, case)
    misses = [(m.get("field"), m.get("gold"), m.get("predicted")) for m in rep.misses]
    assert rep.documents_found == rep.documents_gold
    assert rep.field_score == 1.0, misses
    assert rep.f1 == 1.0 and rep.relation_accuracy == 1.0, misses
