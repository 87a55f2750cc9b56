"""Pure key functions: parse_ref, citation_key, names in text."""

from __future__ import annotations

import pytest

from pipeline.graph.keys import (
    Context,
    citation_key,
    district_in,
    issuer_code_of,
    parse_ref,
    province_in,
)
from pipeline.graph.reference import load, nfc

PRINTED = [
    pytest.param(("23", "2012/TT-BCA-V28"), "23/2012/TT-BCA", id="unit-suffix-dropped"),
    pytest.param(
        ("06", "2015/TTLT/BCA-BGDĐT"), "06/2015/TTLT-BCA-BGDĐT", id="slash-between-issuers"
    ),
    pytest.param(("09", "CT/TW"), "09-CT/TW", id="party-hyphen"),
    pytest.param(("09-CT/TW", None), "09-CT/TW", id="whole-ref-in-number"),
    pytest.param((None, "07/CT-BCA-V28"), "07/CT-BCA", id="whole-ref-in-symbol"),
    pytest.param(("4126", "HD-BCĐ(PV01-PV05)"), "4126/HD-BCĐ", id="parenthesised-units"),
    pytest.param(("765", "HD-CAT-PV11 (PV28)"), "765/HD-CAT", id="spaced-parenthesis"),
    pytest.param(("1395", "QÐ-UBND"), "1395/QĐ-UBND", id="eth-for-d-stroke"),
    pytest.param(("7", "CT–BCA"), "07/CT-BCA", id="en-dash-and-short-number"),
    pytest.param(("25", "CTr/TU"), "25-CTr/TU", id="mixed-case-type-code"),
    pytest.param(("01", "KHPH- JIA HSIN-CAT"), "01/KHPH-JIAHSIN-CAT", id="spaces-in-symbol"),
]


@pytest.mark.parametrize(("args", "printed"), PRINTED)
def test_parse_ref_printed(args, printed):
    assert parse_ref(*args).printed == printed


def test_year_from_symbol_beats_missing_date():
    assert (
        citation_key(doc_type="Thông tư", number="124", symbol="2021/TT-BCA").key
        == "TT/124/TT-BCA/2021"
    )


def test_scope_from_issuer_named_in_the_mention():
    d = citation_key(
        doc_type="Quyết định",
        number="10",
        symbol="QĐ-UBND",
        cited_year=2020,
        cited_issuer="UBND tỉnh Nghệ An",
        context=Context(province="Quảng Ngãi"),
    )
    assert d.key.endswith("@nghe-an")


def test_unknown_province_is_kept_apart():
    a = citation_key(
        doc_type="Chỉ thị",
        number="04",
        symbol="CT-UBND",
        cited_year=2018,
        context=Context(file_id="aaaa1111"),
    )
    b = citation_key(
        doc_type="Chỉ thị",
        number="04",
        symbol="CT-UBND",
        cited_year=2018,
        context=Context(file_id="bbbb2222"),
    )
    assert a.key != b.key and "unknown" in a.key


def test_national_symbol_ignores_the_citing_province():
    a = citation_key(
        doc_type="Nghị định", number="06", symbol="2013/NĐ-CP", context=Context(province="Long An")
    )
    assert a.key == "NĐ/06/NĐ-CP/2013"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Chủ tịch UBND tỉnh", "UBND"),
        ("Văn phòng UBND tỉnh Quảng Ngãi", "VP"),
        ("Bộ trưởng Bộ Công an", "BCA"),
        ("Ban Thường vụ Tỉnh ủy Thanh Hóa", "TU"),
        ("Ban Bí thư Trung ương Đảng", "TW"),
        ("Giám đốc Công an tỉnh", "CAT"),
    ],
)
def test_issuer_code_of(text, code):
    assert issuer_code_of(text) == code


def test_names_in_text():
    assert province_in("UBND tỉnh Thanh Hoá") == "Thanh Hóa"
    assert province_in("Bộ Công an") is None
    assert district_in("UBND huyện Mộ Đức, tỉnh Quảng Ngãi") == "mo-duc"
    assert district_in("UBND thành phố Hà Nội") is None


def test_reference_data_is_consistent():
    ref = load()
    assert len(ref.provinces) == 63 and len(ref.provinces_2025) == 34
    assert {p.since_2025 for p in ref.provinces} == set(ref.provinces_2025)
    merged = {p.name: p.since_2025 for p in ref.provinces}
    assert merged["Bình Dương"] == "Hồ Chí Minh" and merged["Kon Tum"] == "Quảng Ngãi"
    assert nfc("Hoà Bình") == "Hòa Bình" and nfc("quý") == "quý"


def test_type_word_does_not_split_a_symbol_without_type_code():
    """Regression (seed 004): "Hướng dẫn số 1527/CAT-PV01(PV05)" elsewhere called a công văn."""
    ctx = Context(province="Quảng Ngãi")
    a = citation_key(
        doc_type="Hướng dẫn", number="1527", symbol="CAT-PV01(PV05)", cited_year=2021, context=ctx
    )
    b = citation_key(
        doc_type="Công văn", number="1527", symbol="CAT-PV01", cited_year=2021, context=ctx
    )
    assert a.key == b.key == "CV/1527/CAT/2021@quang-ngai"


def test_draft_without_number_is_its_own_document():
    from pipeline.graph.keys import document_key

    row = {"doc_id": "x-1", "doc_type": "Kế hoạch", "number": None, "symbol": "KH-BCĐ"}
    row.update(ref="/KH-BCĐ", issuer="Ban Chỉ đạo tỉnh Bắc Giang", issued_year=2024)
    assert document_key(row) is None


def test_short_form_of_a_joint_plan():
    """Regression (seed 001): "Kế hoạch số 90" after "Kế hoạch 90/KHPH-BVĐKLA-CAT"."""
    from pipeline.graph.resolve import resolve_rows

    docs = [{"doc_id": "la-1", "file_id": "la", "province": "Long An", "issued_year": 2018}]
    cits = [
        {"doc_id": "la-1", "seq": 1, "doc_type": "Kế hoạch", "number": "90",
         "symbol": "KHPH-BVĐKLA-CAT", "cited_date": "2018-03-22"},
        {"doc_id": "la-1", "seq": 2, "doc_type": "Kế hoạch", "number": "90", "symbol": None},
    ]  # fmt: skip
    _, out, _ = resolve_rows(docs, cits, load())
    assert out[0].key == out[1].key == "KHPH/90/KHPH-BVĐKLA-CAT/2018@long-an"
