"""OCR noise of scans of real documents (scripts/eval_rendered_real.py): the clean steps
that read the genre through it, and the rendered set's split."""

from __future__ import annotations

import sys
from pathlib import Path

from extractors import extract_documents
from extractors.clean import clean_text, ocr_specks, place_breaks
from schemas.records import DocumentRecord, FileText, PageText

ROOT = Path(__file__).resolve().parent.parent


def _ocr_doc(text: str) -> DocumentRecord:
    page = PageText(1, clean_text(text), "ocr")
    docs = extract_documents(FileText("application/pdf", (page,), "ocr"))
    assert docs, "no document read"
    return docs[0]


# The header of a scan typeset from a portal's text: the narrow right column broke the
# place before its last word (no "|" cell lines on paper, unlike the web text).
SCAN_HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 14/2007/QĐ-UBND
Tam
Kỳ, ngày 19 tháng 6 năm 2007
QUYẾT ĐỊNH
Về việc ban hành quy định chức năng, nhiệm vụ của Sở Nông nghiệp
ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM
Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định.
"""


def test_a_place_broken_over_two_lines_of_a_scan_is_read_whole():
    d = _ocr_doc(SCAN_HEADER)
    assert d.value("place") == "Tam Kỳ"
    assert d.value("issued_date") == "2007-06-19"


def test_place_breaks_joins_only_a_lone_place_word_before_a_date_line():
    assert place_breaks("Mỹ\nTho, ngày 24 tháng 12 năm 2009") == "Mỹ Tho, ngày 24 tháng 12 năm 2009"
    # two words alone, then the last one
    assert place_breaks("Thủ Dầu\nMột, ngày 2 tháng 3") == "Thủ Dầu Một, ngày 2 tháng 3"
    # a body sentence ending a line is not a place
    body = "theo đề nghị của\nSở Nội vụ, ngày 3 tháng 2 năm 2020"
    assert place_breaks(body) == body
    # a line of capitals is an issuer, not half a place
    assert place_breaks("TỈNH\nAn, ngày 3 tháng 2") == "TỈNH\nAn, ngày 3 tháng 2"
    # no day after "ngày": not a place-date line
    assert place_breaks("Hà\nNội, ngày tháng năm") == "Hà\nNội, ngày tháng năm"


def test_a_place_date_line_broken_after_the_comma_is_read_whole():
    # the right column broke the line after the place's comma
    assert place_breaks("Bắc Ninh,\nngày 5 tháng 3 năm 2020") == "Bắc Ninh, ngày 5 tháng 3 năm 2020"
    text = SCAN_HEADER.replace("Tam\nKỳ, ngày", "Tam Kỳ,\nngày")
    d = _ocr_doc(text)
    assert (d.value("place"), d.value("issued_date")) == ("Tam Kỳ", "2007-06-19")
    # a sentence that ends with a comma before a date is no place
    body = "Giám đốc Sở Nội vụ,\nngày 3 tháng 2 năm 2020"
    assert place_breaks(body) == body


# Specks on a dusty scan read as marks between the words of the header and at line ends.
SPECKLED_HEADER = """ỦY BAN NHÂN DÂN _ —. CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
__ TỈNH HẢI DƯƠNG\t__-__ Độc lập - Tự do - Hạnh phúc
Số: 30/2016/QĐ-UBND ..
Hải Dương, ngày 01 tháng 11 năm 2016 .
QUYẾT ĐỊNH
Ban hành các nguyên tắc phân bổ vốn đầu tư phát triển giai đoạn 2016 -
2020
ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này các nguyên tắc.
"""


def test_specks_between_header_words_stay_out_of_the_issuer():
    d = _ocr_doc(SPECKLED_HEADER)
    assert d.value("issuer") == "UBND tỉnh Hải Dương"
    assert d.value("place") == "Hải Dương"
    assert d.value("issued_date") == "2016-11-01"


def test_ocr_specks_keeps_dashes_blanks_cells_and_numbering():
    assert ocr_specks("nhân dân Thành .\n_ phố về việc ` ˆ") == "nhân dân Thành\nphố về việc"
    kept = "giai đoạn 2021 - 2025\nSố: ..../QĐ-UBND\nSố: …/KH\nĐiều 1 . Phạm vi\nA | B\n___ /BC"
    assert ocr_specks(kept) == kept


def test_rendered_split_holds_back_a_third_and_never_reads_kept_back_texts():
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_rendered_real as e

    docs = e.documents(None)  # the sets kept in the repo
    names = {d.key for d in docs}
    for set_name, folder in (("web_extra", "real_web_extra"), ("web_extra2", "real_web_extra2")):
        import json

        kept = json.loads((ROOT / "tests" / "data" / folder / "split.json").read_text())
        assert not names & {f"{set_name}/{k}" for k in kept["kept_back"]}
    parts = e.split(docs)
    held, dev = {d.key for d in parts["held-back"]}, {d.key for d in parts["dev"]}
    assert not held & dev and held | dev == names
    assert len(held) == -(-len(docs) // 3)
    # decided by the names alone: the same split whatever the order they come in
    assert {d.key for d in e.split(list(reversed(docs)))["held-back"]} == held


def _cited(mention: str) -> list[tuple[str, str | None, str | None]]:
    text = SCAN_HEADER.replace(
        "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;", f"Căn cứ {mention} của Chính phủ;"
    )
    return [(c.doc_type, c.number, c.symbol) for c in _ocr_doc(text).citations]


def test_ocr_noise_in_a_cited_reference_is_read_through():
    nd = [("Nghị định", "64", "2007/NĐ-CP")]
    assert _cited("Nghị định s6 64/2007/NĐ-CP ngày 10/4/2007") == nd  # "số" as "s6"
    assert _cited("Nghị định số 64l2007/NĐ-CP ngày 10/4/2007") == nd  # "/" as "l"
    assert _cited("Nghị định số 64/2007INĐ-CP ngày 10/4/2007") == nd  # "/" as "I"
    assert _cited("Nghị định số 64/2007/ND-CP ngày 10/4/2007") == nd  # "Đ" lost its bar
    assert _cited("Nghị định số 64/2007/NĐ -CP ngày 10/4/2007") == nd  # a space before "-"
    assert _cited("Quyết định số 81/2005/QD-UBNĐ ngày 02/12/2005") == [
        ("Quyết định", "81", "2005/QĐ-UBND")
    ]
    assert _cited("Tờ trình số 473/TTr -\nSNN ngày 5/6/2007") == [("Tờ trình", "473", "TTr-SNN")]


def test_symbol_fixes_stay_inside_symbols():
    from extractors.clean import ocr_symbols

    kept = "giai đoạn 2021 - 2025; QD là viết tắt; NDI2007; số 12 - Căn cứ; ND-CP của QD"
    assert ocr_symbols(kept) == kept


# A printed web page, OCR'd: the page's title (type word and number, in capitals) wraps
# over three lines above the header, so it no longer stands out as one long line.
PRINTED_PAGE_TITLE = """THÔNG TƯ 07/2021/TT-BTC VỀ HƯỚNG DẪN QUẢN LÝ VÀ SỬ DỤNG KINH PHÍ
THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NÔNG THÔN MỚI DO
BỘ TRƯỞNG BỘ TÀI CHÍNH BAN HÀNH

BỘ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
\tĐộc lập - Tự do - Hạnh phúc
Số: 07/2021/TT-BTC
Hà Nội, ngày 15 tháng 3 năm 2021
THÔNG TƯ
Hướng dẫn quản lý và sử dụng kinh phí thực hiện Chương trình mục tiêu quốc gia
Căn cứ Nghị định số 87/2017/NĐ-CP ngày 26/7/2017 của Chính phủ;
Bộ trưởng Bộ Tài chính ban hành Thông tư hướng dẫn quản lý kinh phí.
Điều 1. Phạm vi điều chỉnh
"""

# A site's sentence above the header, wrapped on paper: it opens like a body ("Để ...").
PRINTED_SITE_SENTENCE = """Để xem toàn văn và các tiện ích của trang, quý khách vui lòng đăng nhập
hoặc đăng ký tài khoản.
ỦY BAN NHÂN DÂN
Số: 215 /QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Huế, ngày 12 tháng 3 năm 2021
ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01/3/2021,
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.
"""


def test_a_page_title_wrapped_above_the_header_is_not_the_documents_title():
    d = _ocr_doc(PRINTED_PAGE_TITLE)
    assert (d.value("number"), d.value("symbol")) == ("07", "2021/TT-BTC")
    assert d.value("issued_date") == "2021-03-15"
    assert d.value("place") == "Hà Nội"
    assert d.value("doc_type") == "Thông tư"
    assert d.value("issuer") == "Bộ Tài chính"
    # the title names the document itself: no citation of itself
    assert [(c.number, c.symbol) for c in d.citations] == [("87", "2017/NĐ-CP")]


def test_a_site_sentence_above_the_header_is_not_the_body_begun():
    d = _ocr_doc(PRINTED_SITE_SENTENCE)
    assert (d.value("number"), d.value("symbol")) == ("215", "QĐ-UBND")
    assert d.value("issued_date") == "2021-03-12"
    assert d.value("place") == "Huế"
    assert d.value("doc_type") == "Quyết định"
    # a notice of two sentences, the second on its own line, as portals print them
    two = PRINTED_SITE_SENTENCE.replace(
        "hoặc đăng ký tài khoản.\n",
        "hoặc đăng ký tài khoản.\nNếu đã có tài khoản. Xin mời ĐĂNG NHẬP lại.\n\n",
    )
    d = _ocr_doc(two)
    assert (d.value("number"), d.value("doc_type")) == ("215", "Quyết định")
    assert d.value("issued_date") == "2021-03-12"
    # a body opener at the top of a page with no header after it is still the body
    body = _ocr_doc("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n" * 3)
    assert body.value("number") is None
    # nor when capitals follow it without the header's lines: the body going on
    going_on = _ocr_doc(
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV,\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    assert going_on.value("doc_type") is None


def test_the_documents_own_number_with_its_own_year_is_never_its_citation():
    text = SCAN_HEADER.replace(
        "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;",
        "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;\n"
        "Bảng 1. Phụ lục của Quyết định 14/2007/QĐ-UBND",
    )
    assert [(c.number, c.symbol) for c in _ocr_doc(text).citations] == [("64", "2007/NĐ-CP")]


def _layout_items(text: str) -> list[tuple]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_heldout_scans import parse

    return parse(text)


def test_renderer_lays_a_flattened_portal_header_table_out_in_two_columns():
    # A portal's header table flattened to text: each cell's lines, then "|".
    text = (
        "Hệ thống pháp luật\nỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n-------\n|\n"
        "CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n"
        "Số: 12/KH-UBND\n|\nLong Xuyên, ngày\n3 tháng 5 năm 2022\n|\nKẾ HOẠCH\nThực hiện"
    )
    items = _layout_items(text)
    assert items[0] == ("line", "Hệ thống pháp luật")
    assert items[1] == (
        "header",
        ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "-------", "Số: 12/KH-UBND"],
        [
            "CỘNG",
            "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Long Xuyên, ngày",
            "3 tháng 5 năm 2022",
        ],
    )
    assert items[2:] == [("line", "KẾ HOẠCH"), ("line", "Thực hiện")]


def test_renderer_ends_a_markdown_header_table_at_the_first_line_that_is_no_row():
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 12/QĐ-UBND | Huế, ngày 3 tháng 5 năm 2022 |\n"
        "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\nCăn cứ Luật Tổ chức chính quyền địa phương;"
    )
    items = _layout_items(text)
    assert items[0] == (
        "header",
        ["ỦY BAN NHÂN DÂN", "Số: 12/QĐ-UBND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Huế, ngày 3 tháng 5 năm 2022"],
    )
    assert [it[0] for it in items[1:]] == ["line", "line"]


def test_a_known_body_read_with_a_wrong_tone_is_written_right():
    from extractors.reference import org_case

    # OCR misreads tones first: corrected only to a name of issuers.yaml
    assert org_case("HỘI ĐÔNG NHÂN DÂN TỈNH AN GIANG") == "HĐND tỉnh An Giang"
    assert org_case("ỦY BAN NHÂN DẦN HUYỆN CHÂU THÀNH") == org_case(
        "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH"
    )
    printed = "HỘI\nĐÔNG NHÂN DÂN\nTỈNH QUẢNG NAM"  # "ĐỒNG" read with the wrong tone
    text = SCAN_HEADER.replace("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM", printed)
    text = text.replace("QĐ-UBND", "NQ-HĐND").replace("QUYẾT ĐỊNH", "NGHỊ QUYẾT")
    d = _ocr_doc(text)
    assert d.value("issuer") == "HĐND tỉnh Quảng Nam"
    # the printed form stays the evidence
    f = d.fields["issuer"]
    assert "ĐÔNG NHÂN DÂN" in d.text[f.start : f.end]
