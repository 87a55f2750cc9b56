"""Segmentation: one DocumentRecord per logical document, never a split inside one."""

from __future__ import annotations

import pytest

from extractors.clean import clean_text
from extractors.segment import match_type_title, segment

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
REPORT = (
    f"UBND TỈNH X\nVĂN PHÒNG\nSố: 1/BC-VP\n{MOTTO}Quảng Ngãi, ngày 28 tháng 11 năm 2018\n"
    "BÁO CÁO\nCông tác năm 2018\nI. CÔNG TÁC TRIỂN KHAI\nNội dung.\nII. KẾT QUẢ\n"
    "Biên bản được lập thành 03 bản.\nBÁO CÁO\nDòng này là một tiêu đề trong thân văn bản.\n"
    "Kính đề nghị tổng hợp./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCHÁNH VĂN PHÒNG\nNguyễn Minh Đạo\n"  # noqa: E501
)
BODY = "Nội dung của phụ lục gồm nhiều dòng, đủ dài để là một văn bản riêng. " * 6

CASES = [
    pytest.param(REPORT, ["file_start"], id="headings_and_type_words_in_the_body_never_split"),
    pytest.param(
        REPORT
        + "Quảng Ngãi, ngày 20 tháng 11 năm 2018\nBIÊN BẢN\nCuộc họp\nHôm nay ./.\nTHƯ KÝ\nLê Văn A\n",  # noqa: E501
        ["file_start", "title_after_header"],
        id="minutes_after_a_signed_report",
    ),
    pytest.param(
        REPORT + "BẢNG ĐIỂM ĐÁNH GIÁ\n(Kèm theo Biên bản họp ngày 20/11/2018)\nSTT Nội dung\n",
        ["file_start", "title_with_attached_line"],
        id="attachment_with_kem_theo",
    ),
    pytest.param(
        REPORT + "PHỤ LỤC\nDANH MỤC\n" + BODY,
        ["file_start", "attachment_title"],
        id="appendix_with_a_body",
    ),
    pytest.param(
        REPORT + "File đính kèm:\nDANH SÁCH cơ quan, doanh nghiệp năm 2018\nCác tin khác:\n",
        ["file_start"],
        id="web_page_attachment_links",
    ),
    pytest.param(
        REPORT + "CÔNG BÁO/Số 12/Ngày 01-02-2024\n46\nQUY ĐỊNH CHUNG\nĐiều 1.\n",
        ["file_start"],
        id="gazette_running_header_and_chapter_title",
    ),
    pytest.param(
        REPORT
        + "PHỤ LỤC\n(Kèm theo Thông tư số 1/2024/TT-BCA)\nMẫu số 01\n"
        + f"TÊN CƠ QUAN\nSố: ......\n{MOTTO}"
        "......, ngày ... tháng ... năm ...\nBIÊN BẢN\n" + BODY,
        ["file_start", "title_with_attached_line"],
        id="blank_forms_inside_an_appendix",
    ),
    pytest.param(
        REPORT + "Phụ lục I\nMỨC THU HỌC PHÍ NĂM HỌC 2023 - 2024\n"
        "(Kèm theo Quyết định số 15/2024/QĐ-UBND ngày 28/3/2024)\n1. Mầm non 300.\n"
        "Phụ lục II\nĐỐI TƯỢNG ĐƯỢC MIỄN, GIẢM HỌC PHÍ\n"
        "(Kèm theo Quyết định số 15/2024/QĐ-UBND ngày 28/3/2024)\n1. Miễn học phí.\n",
        ["file_start", "title_with_attached_line", "next_appendix"],
        id="two_appendices_in_title_case_each_a_document",
    ),
    pytest.param(
        # a scan's narrow line wraps the title before its school years
        REPORT + "Phụ lục I\nMỨC THU HỌC PHÍ NĂM HỌC\n2023 - 2024\n\n"
        "(Kèm theo Quyết định số 15/2024/QĐ-UBND ngày 28/3/2024)\n1. Mầm non 300.\n\n"
        "Phụ lục II\nĐỐI TƯỢNG ĐƯỢC MIỄN, GIẢM HỌC PHÍ\n"
        "(Kèm theo Quyết định số 15/2024/QĐ-UBND ngày 28/3/2024)\n1. Miễn học phí.\n",
        ["file_start", "title_with_attached_line", "next_appendix"],
        id="appendix_title_wrapped_before_its_years",
    ),
    pytest.param(
        REPORT + "PHỤ LỤC 1\n(Kèm theo Báo cáo số 1/BC-VP)\nBảng 1. Danh mục\n"
        "PHỤ LỤC 2\n(Kèm theo Báo cáo số 1/BC-VP)\nBảng 2. Danh mục\n",
        ["file_start", "title_with_attached_line", "next_appendix"],
        id="two_appendices_in_capitals",
    ),
    pytest.param(
        REPORT + "PHỤ LỤC\n(Kèm theo Báo cáo số 1/BC-VP)\nNội dung theo Phụ lục 2 của Thông tư.\n"
        "Phụ lục 2\nBảng dưới đây.\n",
        ["file_start", "title_with_attached_line"],
        id="an_appendix_named_in_an_appendix_without_its_kem_theo_line_is_no_document",
    ),
    pytest.param(
        REPORT
        + f"UBND TỈNH X\nVĂN PHÒNG\n{MOTTO}Số: 2/KH-VP\nQuảng Ngãi, ngày 29 tháng 11 năm 2018\nKẾ HOẠCH\nViệc B\n",  # noqa: E501
        ["file_start", "motto_after_close"],
        id="second_letter_with_its_own_header",
    ),
    pytest.param(
        REPORT.replace(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHÁNH VĂN PHÒNG\nNguyễn Minh Đạo\n", ""
        ).replace("tổng hợp./.", "tổng hợp.")
        + "BIÊN BẢN\nCuộc họp\n",
        ["file_start"],
        id="no_split_before_the_document_closes",
    ),
]


@pytest.mark.parametrize(("text", "rules"), CASES)
def test_segment(text, rules):
    assert [s.rule for s in segment(clean_text(text))] == rules


def test_attachment_parent_is_the_document_named_in_kem_theo():
    text = (
        REPORT
        + "Quảng Ngãi, ngày 20 tháng 11 năm 2018\nBIÊN BẢN\nCuộc họp\nHôm nay ./.\nTHƯ KÝ\nLê Văn A\n"  # noqa: E501
        "BẢNG ĐIỂM\n(Kèm theo Biên bản họp ngày 20/11/2018)\nSTT\n"
    )
    assert [s.parent_index for s in segment(clean_text(text))] == [None, None, 1]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        pytest.param("BIÊN BẢN", "Biên bản", id="minutes"),
        pytest.param("THÔNG BÁO Kết quả công tác", "Thông báo", id="type_then_subject"),
        pytest.param("ĐỀ CƯƠNG BÁO CÁO", "Đề cương", id="alias_longest_first"),
        pytest.param("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch", id="longest_name"),
        pytest.param("Biên bản được lập thành 03 bộ", None, id="type_word_in_a_sentence"),
        pytest.param("BÁO CÁOVIÊN", None, id="not_a_word_boundary"),
    ],
)
def test_type_title(line, want):
    m = match_type_title(line)
    got = m[0].name if m and line[: m[1]].isupper() else None
    assert got == want


def test_a_headerless_tail_before_the_first_document_is_not_filed():
    text = (
        "CÔNG BÁO/Số 10/Ngày 05-01-2024\n3\n...tổ chức thực hiện Thông tư này./.\n"
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Quốc Hùng\n"
        f"BỘ CÔNG AN\nSố: 02/2024/TT-BCA\n{MOTTO}Hà Nội, ngày 02 tháng 01 năm 2024\n"
        "THÔNG TƯ\nQuy định về X\nCăn cứ Luật Y;\n"
    )
    segs = segment(clean_text(text))
    assert [s.rule for s in segs] == ["file_start_after_fragment"]
    assert clean_text(text)[segs[0].start :].startswith("BỘ CÔNG AN")


def test_a_damaged_type_line_under_its_place_date_still_opens_a_document():
    text = REPORT + "Quảng Ngãi, ngày 20 tháng 11 năm 2018\nBIÊN BẢẤ— `\nCuộc họp\nHôm nay ./.\n"
    assert [s.rule for s in segment(clean_text(text))] == ["file_start", "title_after_header"]
