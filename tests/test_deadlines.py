"""Golden tables for extract_deadlines: each deadline form, and dates that are not
deadlines. Regression rows name the case that forced them."""

from __future__ import annotations

import pytest

from extractors.deadlines import extract_deadlines
from schemas.records import Deadline, DocumentRecord, Field

HEADER_2024 = "Bắc Giang, ngày tháng 3 năm 2024\nKẾ HOẠCH\n"


def doc(text: str, **values: object) -> DocumentRecord:
    d = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    for name, v in values.items():
        d.fields[name] = Field(name, v)
    return d


def deadlines(text: str, **values: object) -> list[Deadline]:
    d = doc(text, **values)
    out = extract_deadlines(d)
    for dl in out:  # evidence: the offsets cover the deadline phrase
        assert d.text[dl.char_start : dl.char_end].strip()
    return out


FORMS = [
    pytest.param(
        HEADER_2024 + "- Xây dựng báo cáo tổng kết gửi về Ban Chỉ đạo tỉnh trước ngày "
        "01/5/2024 để tổng hợp.",
        ("2024-05-01", 2024, 5),
        id="truoc_ngay",
    ),
    pytest.param(
        HEADER_2024 + "* Hồ sơ đề nghị khen thưởng gửi về Công an tỉnh (*qua phòng Tham "
        "mưu*) trước ngày **01/4/2024**, đồng thời gửi kèm file mềm.",
        ("2024-04-01", 2024, 4),
        id="markdown_bold_date",
    ),
    pytest.param(
        HEADER_2024 + "- Xây dựng báo cáo tổng kết gửi về Ban Chỉ đạo tỉnh (*qua Phòng "
        "Tham mưu*) trước **ngày 01/5/2024** để tổng hợp.",
        ("2024-05-01", 2024, 5),
        id="markdown_bold_ngay",
    ),
    pytest.param(
        HEADER_2024 + "Ban Chỉ đạo cấp huyện tổ chức Hội nghị tổng kết (*hoàn thành xong "
        "trong tháng 5/2024*), báo cáo kết quả về Ban Chỉ đạo tỉnh.",
        ("2024-05", 2024, 5),
        id="trong_thang",
    ),
    pytest.param(
        HEADER_2024 + "Các đơn vị tổ chức tự kiểm tra, hoàn thành trước 30/9.",
        ("2024-09-30", 2024, 9),
        id="no_year_from_place_date_line",
    ),
    pytest.param(
        "Các đơn vị gửi báo cáo chậm nhất ngày 15/10/2024.",
        ("2024-10-15", 2024, 10),
        id="cham_nhat",
    ),
    pytest.param(
        HEADER_2024 + "Các huyện gửi hồ sơ về Sở trước ngày 20 tháng 6 năm 2024.",
        ("2024-06-20", 2024, 6),
        id="wordy_date",
    ),
    pytest.param(
        HEADER_2024 + "Các đơn vị hoàn thành việc rà soát trong tháng 7 năm 2024.",
        ("2024-07", 2024, 7),
        id="trong_thang_wordy",
    ),
    pytest.param(
        "a) Trước ngày 20 tháng 12 hằng năm, chủ sở hữu phương tiện gửi báo cáo về "
        "Cục Đường sắt Việt Nam;",
        (None, None, 12),
        id="recurring_yearly",
    ),
    pytest.param(
        HEADER_2024 + "3. Khảo sát mô hình điểm\n- Thời hạn: trước ngày 30/6/2024.",
        ("2024-06-30", 2024, 6),
        id="thoi_han_label",
    ),
    # held-out 07 and 12: a time of day before the date
    pytest.param(
        HEADER_2024 + "Giao Công an tỉnh chuẩn bị báo cáo, gửi về Văn phòng UBND tỉnh "
        "trước 16 giờ 00 ngày 13/11/2024 để tổng hợp.",
        ("2024-11-13", 2024, 11),
        id="time_of_day_before_the_date",
    ),
    pytest.param(
        HEADER_2024 + "3. Báo cáo kết quả về Công an tỉnh trước 17h00, ngày 10/7/2024.",
        ("2024-07-10", 2024, 7),
        id="time_of_day_short",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_deadline_forms(text: str, expected: tuple) -> None:
    (dl,) = deadlines(text)
    assert (dl.due_date, dl.due_year, dl.due_month) == expected


def test_year_from_header_fields() -> None:
    (dl,) = deadlines("Các đơn vị gửi báo cáo về Sở trước ngày 15/10.", issued_year=2021)
    assert dl.due_date == "2021-10-15"
    assert "year_from_context" in dl.rule


NOT_DEADLINES = [
    pytest.param(
        HEADER_2024 + "- Đánh giá kết quả thực hiện Chỉ thị số 07 (số liệu tổng kết "
        "tính từ ngày 15/8/2014 đến ngày 15/6/2024).",
        id="statistics_range",
    ),
    pytest.param(
        HEADER_2024 + "Thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an.",
        id="cited_document_date",
    ),
    pytest.param(
        "Hà Nội, ngày 07 tháng 7 năm 2021\nĐối với người lao động có thời gian công tác "
        "trước ngày 01 tháng 01 năm 1995 được tính là thời gian đã đóng bảo hiểm.",
        id="period_before_the_document",
    ),
    pytest.param(
        HEADER_2024 + "Trong tháng 5/2024, trên địa bàn xảy ra 3 vụ trộm cắp.",
        id="month_of_an_event",
    ),
    pytest.param(
        "bảo đảm trật tự trong các đợt cao điểm (trước, trong và sau Tết Nguyên đán; "
        "Lễ 30/4, Quốc tế Lao động 1/5",
        id="holidays",
    ),
    pytest.param(
        "25.1. Đề lao Hải Phòng\nTừ năm 1945 trở về trước\n25.2. Nhà tù Kiến An",
        id="list_number_after_truoc",
    ),
    pytest.param(
        "Hồ sơ đã nộp trước ngày 01/7/2025 thì tiếp tục giải quyết theo quy định cũ.",
        id="transitional_provision",
    ),
    pytest.param(
        "Trường hợp trong diện tích đất đã giao, cho thuê trước ngày 01/5/2026 có rừng",
        id="past_allocation",
    ),
]


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_deadlines(text: str) -> None:
    assert deadlines(text) == []


WHAT = [
    pytest.param(
        HEADER_2024 + "- Xây dựng báo cáo tổng kết theo đề cương gửi về Ban Chỉ đạo tỉnh "
        "(*qua Phòng Tham mưu - Công an tỉnh*) trước **ngày 01/5/2024** để tổng hợp.",
        "Xây dựng báo cáo tổng kết theo đề cương gửi về Ban Chỉ đạo tỉnh",
        id="bullet_clause_without_aside",
    ),
    pytest.param(
        HEADER_2024 + "căn cứ kết quả tổng kết của đơn vị cơ sở, Ban Chỉ đạo cấp huyện "
        "chủ động tổ chức Hội nghị tổng kết (*hoàn thành xong trong tháng 5/2024*), báo "
        "cáo kết quả.",
        "Ban Chỉ đạo cấp huyện chủ động tổ chức Hội nghị tổng kết hoàn thành xong",
        id="actor_after_comma_and_verb_in_aside",
    ),
    pytest.param(
        "a) Trước ngày 20 tháng 12 hằng năm, chủ sở hữu phương tiện gửi báo cáo về Cục "
        "Đường sắt Việt Nam;",
        "chủ sở hữu phương tiện gửi báo cáo về Cục Đường sắt Việt Nam",
        id="deadline_opens_the_clause",
    ),
    pytest.param(
        HEADER_2024 + "- Thời gian nộp hồ sơ: chậm nhất ngày 20/4/2024.",
        "Thời gian nộp hồ sơ",
        id="label_before_the_colon",
    ),
]


def test_second_deadline_of_a_clause_is_due_for_the_same_thing() -> None:
    out = deadlines(
        HEADER_2024 + "- Các đơn vị gửi báo cáo về Sở trước ngày 05/4/2024 và trước "
        "ngày 05/10/2024."
    )
    assert [(d.due_date, d.what) for d in out] == [
        ("2024-04-05", "Các đơn vị gửi báo cáo về Sở"),
        ("2024-10-05", "Các đơn vị gửi báo cáo về Sở"),
    ]


def test_time_of_a_meeting_is_no_deadline() -> None:
    # a Giấy mời's "Thời gian: 08 giờ 00 phút, ngày 15/11/2023" dates the meeting
    assert (
        deadlines(
            HEADER_2024 + "Thời gian: 08 giờ 00 phút, ngày 15/11/2024 (thứ Sáu).\n"
            "Địa điểm: Hội trường UBND tỉnh."
        )
        == []
    )


@pytest.mark.parametrize(("text", "what"), WHAT)
def test_what(text: str, what: str) -> None:
    (dl,) = deadlines(text)
    assert dl.what == what


def test_deadlines_in_text_order() -> None:
    text = (
        HEADER_2024 + "- Gửi hồ sơ trước ngày 01/4/2024.\n- Gửi báo cáo trước ngày 01/5/2024."
        "\n- Hoàn thành hội nghị trong tháng 6/2024."
    )
    assert [d.due_date for d in deadlines(text)] == ["2024-04-01", "2024-05-01", "2024-06"]


def test_distribution_block_span_is_skipped() -> None:
    text = "Nơi nhận:\n- Sở Nội vụ (gửi trước ngày 01/5/2024);\n- Lưu: VT."
    d = doc(text)
    d.fields["distribution_block"] = Field("distribution_block", None, 0, len(text))
    assert extract_deadlines(d) == []


def test_empty_text() -> None:
    assert extract_deadlines(doc("")) == []


def test_what_skips_separators_inside_an_aside() -> None:
    # regression (seed 002): the ";" inside "(*04 bản ...; 02 bản ...*)" cut the clause
    text = (
        HEADER_2024 + "* Hồ sơ đề nghị khen thưởng (*04 bản đối với Bộ; 03 bản đối với tỉnh; "
        "02 bản đối với Giám đốc*) gửi về Công an tỉnh trước ngày **01/4/2024**, đồng thời"
    )
    (dl,) = deadlines(text)
    assert dl.what == "Hồ sơ đề nghị khen thưởng gửi về Công an tỉnh"


def test_distribution_block_found_without_header_spans() -> None:
    text = (
        "Các đơn vị gửi báo cáo trước ngày 01/5/2024./.\n\nNơi nhận:\n- Như trên;\n"
        "- Sở Nội vụ (gửi trước ngày 02/5/2024);\n- Lưu: VT."
    )
    assert [d.due_date for d in deadlines(text)] == ["2024-05-01"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADER_2024 + "3. Khảo sát mô hình điểm\n- Thời hạn: 30/6/2024.",
            ("2024-06-30", "Khảo sát mô hình điểm"),
        ),
        (
            HEADER_2024 + "Hạn cuối nhận hồ sơ: 17 giờ 00 ngày 30/9/2024.",
            ("2024-09-30", "Hạn cuối nhận hồ sơ"),
        ),
        (
            HEADER_2024 + "- **Thời hạn hoàn thành**: 31/12/2024.",
            ("2024-12-31", "Thời hạn hoàn thành"),
        ),
    ],
)
def test_labelled_time_limit(text: str, expected: tuple) -> None:
    (dl,) = deadlines(text)
    assert (dl.due_date, dl.what) == expected


def test_labelled_quarter_is_no_date() -> None:
    assert deadlines(HEADER_2024 + "- Thời hạn: Quý IV/2024.") == []
