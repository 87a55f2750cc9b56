"""Whole documents written for these tests (tests/data/citations/<case>/text.txt) against
their expected.json: the distinct documents cited, with relation, and the deadlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.citations import extract_citations
from extractors.deadlines import extract_deadlines
from schemas.records import RELATION_STRENGTH, Citation, DocumentRecord

CASES = Path(__file__).parent / "data" / "citations"


def distinct(cits: list[Citation]) -> dict[tuple, str]:
    """Mentions grouped by their full mention (antecedent); strongest relation wins."""
    out: dict[tuple, str] = {}
    for c in cits:
        root = c if c.antecedent is None else cits[c.antecedent]
        k = (root.doc_type, root.number, root.symbol, root.cited_year)
        if k not in out or RELATION_STRENGTH[c.relation] > RELATION_STRENGTH[out[k]]:
            out[k] = c.relation
    return out


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case: str) -> None:
    text = (CASES / case / "text.txt").read_text(encoding="utf-8")
    expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
    doc = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    got = distinct(extract_citations(doc))
    want = {
        (c["doc_type"], c["number"], c["symbol"], c["year"]): c["relation"]
        for c in expected["citations"]
    }
    assert got == want
    dls = [d.due_date for d in extract_deadlines(doc)]
    assert dls == [d["due_date"] for d in expected["deadlines"]]
