"""The five seed texts through `extract_documents`, scored like `vanthu eval` (issue #3 bar)."""

from __future__ import annotations

import pytest

from extractors import extract_documents
from pipeline.evaluate import load_gold, score_records
from schemas.records import PAGE_BREAK, FileText, PageText
from tests.conftest import SEEDS, SEEDS_GOLD


def _plain(text: str) -> FileText:
    return FileText("text/plain", (PageText(1, text, "plain"),), "plain")


@pytest.fixture(scope="module")
def predicted():
    gold = load_gold(SEEDS_GOLD)
    out = {}
    for f in gold["files"]:
        stem = f["source"].rsplit(".", 1)[0]
        out[stem] = extract_documents(
            _plain((SEEDS / f["source"]).read_text(encoding="utf-8")), stem
        )
    return out


def test_all_eight_documents_are_found(predicted):
    counts = {k: len(v) for k, v in predicted.items()}
    assert counts == {
        "000_fbaf2365db55772f": 3,
        "001_bb4315c6f45e07eb": 1,
        "002_5bc98d156abd9872": 2,
        "003_70d23884daef02f4": 1,
        "004_5a3cf1efe37867a9": 1,
    }


def test_seed_header_fields_reach_the_bar(predicted):
    rep = score_records(load_gold(SEEDS_GOLD), predicted)
    misses = "\n".join(
        f"{m['where']} {m['field']}: {m['gold']!r} != {m['predicted']!r}"
        for m in rep.misses
        if m["field"] not in ("citation", "relation")
    )
    assert rep.documents_found == rep.documents_gold == 8
    assert rep.documents_extra == 0
    assert rep.field_score >= 0.99, misses


def test_attachments_point_at_their_parents(predicted):
    parents = {k: [d.parent_ordinal for d in v] for k, v in predicted.items()}
    assert parents["000_fbaf2365db55772f"] == [None, None, 2]  # score sheet -> minutes
    assert parents["002_5bc98d156abd9872"] == [None, 1]  # outline -> plan


def test_an_attachment_gets_an_attached_to_citation(predicted):
    sheet = predicted["000_fbaf2365db55772f"][2]
    att = [c for c in sheet.citations if c.relation == "attached_to"]
    assert len(att) == 1 and att[0].doc_type == "Biên bản"


def test_spans_the_citation_extractor_relies_on(predicted):
    doc = predicted["004_5a3cf1efe37867a9"][0]
    f = doc.fields
    assert doc.text[f["own_number_line"].start : f["own_number_line"].end].startswith("Số:")
    assert doc.text[f["subject"].start : f["subject"].end].startswith("V/v tiếp tục")
    assert doc.text[f["body_start"].start :].startswith("Theo báo cáo")
    assert doc.text[f["distribution_block"].start :].startswith("Nơi nhận")
    assert f["distribution_block"].end <= f["signature_block"].end


def test_arrival_stamp_is_not_the_documents_number(predicted):
    report = predicted["000_fbaf2365db55772f"][0]
    assert (report.value("number"), report.value("issued_date")) == ("4575", "2018-11-28")
    assert (report.arrival.number, report.arrival.date) == ("2369", "2018-11-28")
    assert report.text[report.arrival.start : report.arrival.end].count("2.3.6.9") == 1


def test_inferred_fields_are_marked_and_less_confident(predicted):
    web = predicted["001_bb4315c6f45e07eb"][0]
    printed = predicted["003_70d23884daef02f4"][0]
    assert web.fields["issuer"].inferred and not printed.fields["issuer"].inferred
    assert web.fields["issuer"].confidence < printed.fields["issuer"].confidence


def test_struck_number_is_kept_with_lower_confidence(predicted):
    f = predicted["004_5a3cf1efe37867a9"][0].fields["number"]
    assert f.value == "2749" and f.rule == "number_struck" and f.confidence < 0.7


def test_pages_are_counted_from_page_breaks():
    seed = (SEEDS / "000_fbaf2365db55772f.txt").read_text(encoding="utf-8")
    cut = seed.index("Quảng Ngãi, ngày 20 tháng 11")
    ft = FileText(
        "application/pdf",
        (PageText(1, seed[:cut], "ocr", 0.9), PageText(2, seed[cut:], "ocr", 0.5)),
        "ocr",
    )
    docs = extract_documents(ft)
    assert [(d.page_start, d.page_end) for d in docs] == [(1, 1), (2, 2), (2, 2)]
    assert PAGE_BREAK not in docs[1].text
    # a poorly read page lowers the confidence of what was read on it
    assert docs[1].fields["issued_date"].confidence < docs[0].fields["issued_date"].confidence


def test_segment_false_keeps_one_document():
    text = (SEEDS / "000_fbaf2365db55772f.txt").read_text(encoding="utf-8")
    docs = extract_documents(_plain(text), segment=False)
    assert len(docs) == 1 and docs[0].value("number") == "4575"


ODD_INPUTS = [
    pytest.param("", id="empty"),
    pytest.param("\n\n\n", id="blank_lines"),
    pytest.param("Số:", id="number_word_alone"),
    pytest.param("ĐẾN Số: Ngày:", id="empty_stamp"),
    pytest.param("KT.\nNơi nhận:\n(Kèm theo", id="fragments_of_a_foot"),
    pytest.param("BÁO CÁO\n" * 50, id="repeated_type_lines"),
    pytest.param("x" * 50_000, id="one_long_line"),
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_inputs_never_raise(text):
    docs = extract_documents(_plain(text))
    for d in docs:
        assert all(0.0 <= f.confidence <= 1.0 for f in d.fields.values())


def test_no_pages_no_documents():
    assert extract_documents(FileText("application/pdf", (), "ocr")) == []
