"""Fields of real scans: handwritten numbers and days, OCR debris, signatures (issue #8).

Extractor-level: an OCR'd page is given as text with its words' confidences, as
pipeline.read.text hands it over, so no Tesseract is needed.
"""

from __future__ import annotations

import re

import pytest

from extractors import extract_documents
from schemas.records import FileText, OcrWord, PageText

HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
{number_line}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{date_line}
CHỈ THỊ
Về tăng cường công tác quản lý

Thực hiện chỉ đạo của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh yêu cầu như sau./.
Nơi nhận:
- Như trên;
- Lưu: VT.
{signature}
"""


def ocr_page(text: str, unsure: dict[str, float] | None = None, conf: float = 0.93) -> FileText:
    """``text`` as an OCR'd page; every word at 0.95 but those named in ``unsure``."""
    unsure = unsure or {}
    words = [
        OcrWord(m.group(0), 0, 0, 0, 0, unsure.get(m.group(0), 0.95), m.start(), m.end())
        for m in re.finditer(r"\S+", text)
    ]
    return FileText("application/pdf", (PageText(1, text, "ocr", conf, words=tuple(words)),), "ocr")


def fields(ft: FileText) -> dict:
    (doc,) = extract_documents(ft, "scan")
    return doc.fields, doc


def header(number_line="Số: 11/CT-UBND", date_line="Quảng Ngãi, ngày 11 tháng 5 năm 2021",
           signature="CHỦ TỊCH\nNguyễn Văn An"):  # fmt: skip
    return HEADER.format(number_line=number_line, date_line=date_line, signature=signature)


def test_printed_number_and_date_stay_sure():
    f, _ = fields(ocr_page(header()))
    assert f["number"].value == "11" and f["number"].confidence >= 0.8
    assert f["issued_date"].value == "2021-05-11" and f["issued_date"].confidence >= 0.8


def test_a_number_read_from_an_unsure_word_is_never_sure():
    # a handwritten "01" that OCR read "2L" with a word confidence of 0.33
    f, _ = fields(ocr_page(header(number_line="Số: 2L /CT-UBND"), {"2L": 0.33}))
    assert f["number"].confidence < 0.5
    assert f["symbol"].value == "CT-UBND"


def test_a_day_read_from_an_unsure_word_is_never_sure():
    text = header(date_line="Quảng Ngãi, ngày 24 tháng 01 năm 2025")
    f, _ = fields(ocr_page(text, {"24": 0.2}))
    assert f["issued_date"].confidence < 0.5


def test_the_same_text_without_ocr_words_keeps_its_confidence():
    text = header(number_line="Số: 2L /CT-UBND")
    ft = FileText("text/plain", (PageText(1, text, "plain"),), "plain")
    (doc,) = extract_documents(ft, "text")
    assert doc.fields["number"].confidence >= 0.8


@pytest.mark.parametrize(
    "number_line",
    [
        pytest.param("Số:4@` /TB-UBND", id="junk_glued_to_a_digit"),
        pytest.param("Số:⁄‡4_ /TB-UBND", id="junk_before_a_digit_and_an_underscore"),
    ],
)
def test_ocr_junk_in_the_number_is_a_misread_fill_and_the_symbol_stays(number_line):
    f, _ = fields(ocr_page(header(number_line=number_line)))
    assert f["number"].value is None and f["number"].confidence < 0.5
    assert f["symbol"].value == "TB-UBND"


def test_a_blank_number_on_a_scan_is_unsure_but_in_a_text_file_sure():
    text = header(number_line="Số: . /QĐ-UBND")
    f, _ = fields(ocr_page(text))
    assert f["number"].value is None and f["number"].confidence < 0.5
    (doc,) = extract_documents(FileText("text/plain", (PageText(1, text, "plain"),), "plain"))
    assert doc.fields["number"].confidence >= 0.8  # a draft's blank, as printed


def test_place_and_month_kept_when_the_day_swallowed_ngay():
    f, _ = fields(ocr_page(header(date_line="Quảng Ngãi, ngàW/{ tháng 5 năm 2021")))
    assert f["place"].value == "Quảng Ngãi"
    assert f["issued_date"].value == "2021-05"
    assert f["issued_date"].confidence < 0.5


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param("_—_ KT.CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Bình", id="debris_before_authority"),
        pytest.param("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\njN mm\nLê Văn Bình", id="signature_as_letters"),
    ],
)
def test_signer_found_through_scan_debris(signature):
    _, doc = fields(ocr_page(header(signature=signature)))
    assert doc.value("signer_name") == "Lê Văn Bình"


def test_a_symbol_code_damaged_by_ocr_is_corrected_to_a_known_one_printed_form_kept():
    f, doc = fields(ocr_page(header(number_line="Số: 45/BC-CATT-PV05")))
    assert f["symbol"].value == "BC-CAT-PV05"
    assert "CATT>CAT" in f["symbol"].rule  # the printed code, in the evidence
    assert doc.value("ref") == "45/BC-CATT-PV05"  # as printed


def test_an_unknown_code_is_never_invented_and_a_text_file_is_left_as_written():
    f, _ = fields(ocr_page(header(number_line="Số: 45/BC-XYZW")))
    assert f["symbol"].value == "BC-XYZW"
    text = header(number_line="Số: 45/BC-CATT")
    (doc,) = extract_documents(FileText("text/plain", (PageText(1, text, "plain"),), "plain"))
    assert doc.value("symbol") == "BC-CATT"
