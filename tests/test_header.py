"""Golden tables for the header grammar: input -> expected, one row per case."""

from __future__ import annotations

import pytest

from extractors.header import extract_header, issuer_from_symbol, sentence_case, type_from_symbol
from extractors.reference import org_case

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


def head(
    number_line: str,
    date_line: str = "Quảng Ngãi, ngày 28 tháng 11 năm 2018",
    issuer: str = "UBND TỈNH QUẢNG NGÃI\nVĂN PHÒNG",
    type_line: str = "BÁO CÁO\nKết quả công tác năm 2018",
) -> dict:
    text = f"{issuer}\n{number_line}\n{MOTTO}{date_line}\n{type_line}\nI. TÌNH HÌNH\nNội dung báo cáo.\n"  # noqa: E501
    return {k: f.value for k, f in extract_header(text).fields.items()}


NUMBER_LINES = [
    pytest.param("Số: 4575/BC-VP", ("4575", "BC-VP", "4575/BC-VP"), id="plain"),
    pytest.param(
        "Số: 23/2012/TT-BCA", ("23", "2012/TT-BCA", "23/2012/TT-BCA"), id="normative_year_in_symbol"
    ),
    pytest.param("Số 09-CT/TW", ("09", "CT/TW", "09-CT/TW"), id="party_hyphen_no_colon"),
    pytest.param(
        "Số: 765/HD-CAT-PV11 (PV28)",
        ("765", "HD-CAT-PV11(PV28)", "765/HD-CAT-PV11(PV28)"),
        id="unit_suffix_spaced_paren",
    ),
    pytest.param("Số: /KH-BCĐ", (None, "KH-BCĐ", "/KH-BCĐ"), id="blank_number"),
    pytest.param("Số:      /TTr-UBND", (None, "TTr-UBND", "/TTr-UBND"), id="blank_number_wide_gap"),
    pytest.param("Số: ....../QĐ-UBND", (None, "QĐ-UBND", "/QĐ-UBND"), id="blank_number_dots"),
    pytest.param("Số: 132 /KH-UBND", ("132", "KH-UBND", "132/KH-UBND"), id="spaced_number"),
    pytest.param(
        "Số: 73 / 2025 /TT-NHNN", ("73", "2025/TT-NHNN", "73/2025/TT-NHNN"), id="spaced_slashes"
    ),
    pytest.param("Số: ~~2749~~ UBND-NC", ("2749", "UBND-NC", "2749/UBND-NC"), id="struck_through"),
    pytest.param("Số: 2749 UBND-NC", ("2749", "UBND-NC", "2749/UBND-NC"), id="slash_lost_in_scan"),
    pytest.param("Sô: 1O5/BC-UBND", ("105", "BC-UBND", "105/BC-UBND"), id="ocr_So_and_letter_O"),
    pytest.param("Số: 2T4S/UBND-VX", (None, "UBND-VX", None), id="handwritten_misread_left_empty"),
    pytest.param("Luật số: 100/2025/QH15", ("100", "2025/QH15", "100/2025/QH15"), id="law_prefix"),
    pytest.param(
        "Số: 01/KHPH- JIA HSIN-CAT",
        ("01", "KHPH-JIA HSIN-CAT", "01/KHPH-JIA HSIN-CAT"),
        id="joint_plan_space_after_hyphen",
    ),
]


@pytest.mark.parametrize(("line", "want"), NUMBER_LINES)
def test_number_line(line, want):
    f = head(line)
    assert (f.get("number"), f.get("symbol"), f.get("ref")) == want


def test_layout_columns_on_one_line_with_a_wide_gap():
    # pdftotext -layout: the left and right header columns on one line, a wide gap between
    text = (
        "SỞ GIAO THÔNG VẬN TẢI TỈNH LONG AN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THANH TRA SỞ                                 Độc lập - Tự do - Hạnh phúc\n"
        "Số: 210/QĐ-TTr                               Tân An, ngày 15 tháng 6 năm 2023\n"
        "QUYẾT ĐỊNH\nXử phạt vi phạm hành chính\nĐiều 1. Nội dung.\n"
    )
    f = {k: v.value for k, v in extract_header(text).fields.items()}
    assert (f["number"], f["symbol"], f["place"], f["issued_date"]) == (
        "210",
        "QĐ-TTr",
        "Tân An",
        "2023-06-15",
    )


def test_number_and_date_on_one_line_with_the_motto_between():
    text = (
        "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "VĂN PHÒNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 4575/BC-VP Quảng Ngãi, ngày 28 tháng 11 năm 2018\nBÁO CÁO\nCông tác năm 2018\nI. X\n"
    )
    f = {k: v.value for k, v in extract_header(text).fields.items()}
    assert (f["number"], f["symbol"], f["place"], f["issued_date"]) == (
        "4575",
        "BC-VP",
        "Quảng Ngãi",
        "2018-11-28",
    )
    assert (f["issuer"], f["issuer_parent"]) == (
        "Văn phòng UBND tỉnh Quảng Ngãi",
        "UBND tỉnh Quảng Ngãi",
    )


DATES = [
    pytest.param("Quảng Ngãi, ngày 28 tháng 11 năm 2018", ("Quảng Ngãi", "2018-11-28"), id="full"),
    pytest.param(
        "Bắc Giang, ngày   tháng 3 năm 2024", ("Bắc Giang", "2024-03"), id="partial_blank_day"
    ),
    pytest.param(
        "Hà Nội, ngày .... tháng .... năm 2024", ("Hà Nội", "2024"), id="blank_day_and_month"
    ),
    pytest.param(
        "TP. Hồ Chí Minh, ngày 05 tháng 01 năm 2023",
        ("TP. Hồ Chí Minh", "2023-01-05"),
        id="city_abbrev",
    ),
    pytest.param(
        "Thanh Hoá, ngày 02 tháng 4 năm 2018",
        ("Thanh Hóa", "2018-04-02"),
        id="old_tone_place_normalised",
    ),
    pytest.param(
        "Quảng Ngãi, ngảy 28 thảng 11 nãm 2018",
        ("Quảng Ngãi", "2018-11-28"),
        id="ocr_confused_words",
    ),
    pytest.param(
        "Đức Phổ, ngày 1? tháng 6 năm 2019", ("Đức Phổ", "2019-06"), id="handwritten_day_left_out"
    ),
]


@pytest.mark.parametrize(("line", "want"), DATES)
def test_place_and_date(line, want):
    f = head("Số: 1/BC-VP", date_line=line)
    assert (f.get("place"), f.get("issued_date")) == want


def test_unreadable_day_gets_low_confidence():
    text = f"UBND TỈNH X\nSố: 1/BC-UB\n{MOTTO}Đức Phổ, ngày 1? tháng 6 năm 2019\nBÁO CÁO\nViệc A\nI. B\n"  # noqa: E501
    assert extract_header(text).fields["issued_date"].confidence < 0.5


TYPES = [
    pytest.param(
        "BÁO CÁO\nCông tác năm 2018", "Báo cáo", "Công tác năm 2018", id="type_line_then_subject"
    ),
    pytest.param(
        "THÔNG BÁO Kết quả công tác quý I năm 2018",
        "Thông báo",
        "Kết quả công tác quý I năm 2018",
        id="type_and_subject_on_one_line",
    ),
    pytest.param(
        "THÔNG TƯ LIÊN TỊCH\nQuy định về phối hợp",
        "Thông tư liên tịch",
        "Quy định về phối hợp",
        id="longest_type_name",
    ),
    pytest.param(
        "CHỈ THỊ\nVỀ TIẾP TỤC ĐẨY MẠNH PHONG TRÀO\nTOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
        "Chỉ thị",
        "Về tiếp tục đẩy mạnh phong trào toàn dân bảo vệ an ninh tổ quốc",
        id="caps_subject_over_two_lines",
    ),
    pytest.param(
        "ĐỀ CƯƠNG BÁO CÁO\nTổng kết 10 năm\n(kèm theo Kế hoạch số /KH-BCĐ)",
        "Đề cương",
        "Tổng kết 10 năm",
        id="alias_and_attached_line",
    ),
    pytest.param(
        "KẾ HOẠCH\nThực hiện công tác bảo vệ bí mật nhà nước năm 2022",
        "Kế hoạch",
        "Thực hiện công tác bảo vệ bí mật nhà nước năm 2022",
        id="subject_opening_like_a_body",
    ),
    pytest.param(
        "LỆNH\nVề việc công bố Luật", "Lệnh", "Về việc công bố Luật", id="presidents_order"
    ),
    pytest.param(
        "QUYẾT ĐỊNH\nCÔNG NHẬN SỰ THỎA THUẬN CỦA CÁC ĐƯƠNG SỰ\nUBND TỈNH QUẢNG NGÃI\nCăn cứ Luật.",
        "Quyết định",
        "Công nhận sự thỏa thuận của các đương sự",
        id="caps_subject_ends_at_the_issuer_named_again",
    ),
    pytest.param(
        "GIẤY MỜI\nHọp Hội đồng thuốc và điều trị quý IV năm 2024\n"
        "Trân trọng kính mời các thành viên Hội đồng tham dự cuộc họp.",
        "Giấy mời",
        "Họp Hội đồng thuốc và điều trị quý IV năm 2024",
        id="invitation_opening_ends_the_subject",
    ),
    pytest.param(
        "KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề công tác cán bộ",
        "Kết luận",
        "về công tác cán bộ",
        id="party_conclusion_without_the_by_line",
    ),
    pytest.param(
        "HIẾN PHÁP\nNước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Hiến pháp",
        "Nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        id="constitution",
    ),
    pytest.param(
        "QUYẾT ĐỊNH\nVề việc khen thưởng\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "Quyết định",
        "Về việc khen thưởng",
        id="authority_line_ends_subject",
    ),
]


@pytest.mark.parametrize(("type_line", "dtype", "subject"), TYPES)
def test_type_and_subject(type_line, dtype, subject):
    f = head("Số: 1/BC-VP", type_line=type_line)
    assert (f.get("doc_type"), f.get("subject")) == (dtype, subject)


SYMBOL_TYPES = [
    pytest.param("2013/NĐ-CP", "Nghị định", id="decree"),
    pytest.param("CT-UBND", "Chỉ thị", id="directive"),
    pytest.param("CT/TW", "Chỉ thị", id="party_directive"),
    pytest.param("KHPH-BVĐKLA-CAT", "Kế hoạch", id="joint_plan_other_code"),
    pytest.param("2015/TTLT/BCA-BGDĐT", "Thông tư liên tịch", id="joint_circular"),
    pytest.param("QyĐ-UBND", "Quy định", id="case_sensitive_code"),
    pytest.param("UBND-NC", None, id="cong_van_has_no_code"),
    pytest.param("2024/L-CTN", "Lệnh", id="presidents_order"),
    pytest.param("KL/TW", "Kết luận", id="party_conclusion"),
    pytest.param("QĐi/TU", "Quy định", id="party_regulation_code"),
]


@pytest.mark.parametrize(("symbol", "want"), SYMBOL_TYPES)
def test_type_from_symbol(symbol, want):
    t = type_from_symbol(symbol)
    assert (t.name if t else None) == want


@pytest.mark.parametrize(
    ("symbol", "want"),
    [
        pytest.param("KH-BCĐ", "Ban Chỉ đạo", id="steering_committee"),
        pytest.param("UBND-NC", "Ủy ban nhân dân", id="cong_van"),
        pytest.param("KH-CAT-PV28", "Công an tỉnh", id="police_with_unit"),
        pytest.param("2013/NĐ-CP", "Chính phủ", id="government"),
    ],
)
def test_issuer_from_symbol(symbol, want):
    assert issuer_from_symbol(symbol).name == want


def test_type_from_symbol_when_the_type_line_is_unreadable():
    f = head(
        "Số: 06/2013/NĐ-CP",
        issuer="CHÍNH PHỦ",
        date_line="Hà Nội, ngày 09 tháng 01 năm 2013",
        type_line="NGHI DINH\nQuy định về bảo vệ cơ quan",
    )
    assert (f["doc_type"], f["issuer"]) == ("Nghị định", "Chính phủ")


ISSUERS = [
    pytest.param(
        "UBND TỈNH QUẢNG NGÃI\nVĂN PHÒNG",
        "Quảng Ngãi",
        ("Văn phòng UBND tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
        id="office_of_committee",
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN", "Thanh Hóa", ("UBND tỉnh Thanh Hóa", None), id="province_from_place"
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI",
        "Quảng Ngãi",
        ("UBND tỉnh Quảng Ngãi", None),
        id="wrapped_name",
    ),
    pytest.param(
        "UBND TỈNH QUẢNG NAM\nSỞ TƯ PHÁP",
        "Tam Kỳ",
        ("Sở Tư pháp tỉnh Quảng Nam", "UBND tỉnh Quảng Nam"),
        id="department_takes_locality",
    ),
    pytest.param(
        "UBND HUYỆN BÌNH SƠN\nCÔNG AN HUYỆN",
        "Bình Sơn",
        ("Công an huyện Bình Sơn", "UBND huyện Bình Sơn"),
        id="district_police",
    ),
    pytest.param(
        "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI",
        "Hà Nội",
        ("Bộ Lao động - Thương binh và Xã hội", None),
        id="central_wrapped",
    ),
    pytest.param(
        "NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM",
        "Hà Nội",
        ("Ngân hàng Nhà nước Việt Nam", None),
        id="central_known_name",
    ),
    pytest.param(
        "ỦY BAN THƯỜNG VỤ\nQUỐC HỘI",
        "Hà Nội",
        ("Ủy ban Thường vụ Quốc hội", None),
        id="known_name_over_org_head",
    ),
    pytest.param("BỘ CÔNG AN", "Hà Nội", ("Bộ Công an", None), id="central_no_province"),
    pytest.param(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
        "Thành phố Hồ Chí Minh",
        ("UBND thành phố Hồ Chí Minh", None),
        id="centrally_run_city_keeps_its_level_word",
    ),
    pytest.param(
        "UBND TP. HCM\nSỞ Y TẾ",
        "TP. Hồ Chí Minh",
        ("Sở Y tế thành phố Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
        id="city_abbreviation_written_out",
    ),
    pytest.param(
        "UBND TỈNH KHÁNH HOÀ\nSỞ TÀI CHÍNH",
        "Nha Trang",
        ("Sở Tài chính tỉnh Khánh Hòa", "UBND tỉnh Khánh Hòa"),
        id="old_tone_placement",
    ),
    pytest.param(
        "HĐND TỈNH QUẢNG NGÃI\nTHƯỜNG TRỰC",
        "Quảng Ngãi",
        ("Thường trực HĐND tỉnh Quảng Ngãi", "HĐND tỉnh Quảng Ngãi"),
        id="standing_committee_is_a_unit",
    ),
    pytest.param(
        "BAN CHỈ ĐẠO\nPHÒNG, CHỐNG TỘI PHẠM TỈNH",
        "Quảng Ngãi",
        ("Ban Chỉ đạo phòng, chống tội phạm tỉnh Quảng Ngãi", None),
        id="phong_chong_is_no_unit_and_bare_level_word_takes_the_place",
    ),
    pytest.param(
        "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH\nVỀ TRẬT TỰ XÃ HỘI",
        "Hà Nội",
        ("Cục cảnh sát quản lý hành chính về trật tự xã hội", None),
        id="xa_hoi_is_no_commune",
    ),
]


@pytest.mark.parametrize(("issuer", "place", "want"), ISSUERS)
def test_issuer(issuer, place, want):
    f = head("Số: 1/BC-X", issuer=issuer, date_line=f"{place}, ngày 01 tháng 02 năm 2020")
    assert (f.get("issuer"), f.get("issuer_parent")) == want


# Bodies whose names hold proper names the casing rules cannot know ("Quân khu 4", "Nông
# thôn"): the scoring compares case-folded, and so do these rows.
ISSUERS_CASEFOLDED = [
    pytest.param(
        "SỞ GIAO THÔNG VẬN TẢI TỈNH LONG AN\nTHANH TRA SỞ",
        "Tân An",
        ("Thanh tra Sở Giao thông vận tải tỉnh Long An", "Sở Giao thông vận tải tỉnh Long An"),
        id="unit_naming_its_parent_by_the_head_word",
    ),
    pytest.param(
        "BỘ NỘI VỤ\nVỤ TỔ CHỨC CÁN BỘ",
        "Hà Nội",
        ("Vụ Tổ chức cán bộ Bộ Nội vụ", "Bộ Nội vụ"),
        id="a_name_ending_in_the_parents_head_word_is_not_a_unit_naming_it",
    ),
    pytest.param(
        "UBND TỈNH QUẢNG NAM\nSỞ TƯ PHÁP\nVĂN PHÒNG SỞ",
        "Tam Kỳ",
        ("Văn phòng Sở Tư pháp tỉnh Quảng Nam", "Sở Tư pháp tỉnh Quảng Nam"),
        id="three_levels_parent_in_full",
    ),
    pytest.param(
        "BỘ TƯ LỆNH QUÂN KHU 4\nBỘ CHỈ HUY QUÂN SỰ\nTỈNH QUẢNG TRỊ",
        "Quảng Trị",
        ("Bộ Chỉ huy Quân sự tỉnh Quảng Trị", "Bộ Tư lệnh Quân khu 4"),
        id="provincial_command_under_its_military_region_is_no_joint_ministry_document",
    ),
    pytest.param(
        "NGÂN HÀNG NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\nCHI NHÁNH TỈNH LÀO CAI",
        "Lào Cai",
        (
            "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam Chi nhánh tỉnh Lào Cai",
            "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
        ),
        id="bank_branch_after_its_national_parent",
    ),
    pytest.param(
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nTỈNH NGHỆ AN\nBAN THƯỜNG TRỰC",
        "Nghệ An",
        (
            "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Nghệ An",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Nghệ An",
        ),
        id="front_committee_name_holding_a_shorter_known_form",
    ),
    pytest.param(
        "BCH ĐOÀN TỈNH BÌNH ĐỊNH          ĐOÀN TNCS HỒ CHÍ MINH\n***",
        "Quy Nhơn",
        ("Ban Chấp hành Đoàn tỉnh Bình Định", None),
        id="youth_union_motto_is_no_issuer_and_no_city",
    ),
    pytest.param(
        "ỦY BAN NHÂN DÂN\nXÃ TƯ NGHĨA",
        "Tư Nghĩa",
        ("UBND xã Tư Nghĩa", None),
        id="commune_directly_under_the_province_2025",
    ),
]


@pytest.mark.parametrize(("issuer", "place", "want"), ISSUERS_CASEFOLDED)
def test_issuer_casefolded(issuer, place, want):
    f = head("Số: 1/BC-X", issuer=issuer, date_line=f"{place}, ngày 01 tháng 02 năm 2020")
    got = (f.get("issuer"), f.get("issuer_parent"))
    assert tuple(x.casefold() if x else x for x in got) == tuple(
        x.casefold() if x else x for x in want
    )


def test_motto_is_never_an_issuer():
    f = head("Số: 1/BC-X", issuer="")
    assert f.get("issuer") in (None,) or "CỘNG HÒA" not in (f.get("issuer") or "").upper()


PERIODS = [
    pytest.param("Kết quả công tác quý I năm 2018", "2018-Q1", id="quarter_roman"),
    pytest.param("Tình hình quý IV/2018", "2018-Q4", id="quarter_slash"),
    pytest.param("Kết quả 6 tháng đầu năm 2024", "2024-H1", id="first_half"),
    pytest.param("Kết quả 6 tháng cuối năm 2023", "2023-H2", id="second_half"),
    pytest.param("Công tác năm 2018", "2018", id="year"),
    pytest.param("Tình hình tháng 5 năm 2024", "2024-05", id="month"),
]


@pytest.mark.parametrize(("subject", "want"), PERIODS)
def test_reporting_period(subject, want):
    assert head("Số: 1/BC-VP", type_line=f"BÁO CÁO\n{subject}").get("period") == want


def test_no_period_for_a_plan():
    assert head("Số: 1/KH-VP", type_line="KẾ HOẠCH\nCông tác năm 2018").get("period") is None


MARKS = [
    pytest.param("MẬT", ("Mật", None), id="secret"),
    pytest.param("TỐI MẬT\nKHẨN", ("Tối mật", "Khẩn"), id="top_secret_urgent"),
    pytest.param("HỎA TỐC", (None, "Hỏa tốc"), id="flash"),
    pytest.param("", (None, None), id="none"),
]


@pytest.mark.parametrize(("marks", "want"), MARKS)
def test_secrecy_and_urgency(marks, want):
    f = head("Số: 1/CV-VP\n" + marks if marks else "Số: 1/CV-VP")
    assert (f.get("secrecy"), f.get("urgency")) == want


def test_kinh_gui_as_a_list():
    text = (
        f"UBND TỈNH X\nSố: 5/UBND-NC\n{MOTTO}Quảng Ngãi, ngày 15 tháng 6 năm 2021\nV/v việc A\n"
        "Kính gửi:\n- Các sở, ban, ngành tỉnh;\n- Công an tỉnh;\n- Báo Quảng Ngãi.\nTheo báo cáo của B.\n"  # noqa: E501
    )
    res = extract_header(text)
    assert res.recipients == ["Các sở, ban, ngành tỉnh", "Công an tỉnh", "Báo Quảng Ngãi"]
    assert text[res.fields["body_start"].start :].startswith("Theo báo cáo")


def test_org_case_and_sentence_case():
    assert org_case("UBND TỈNH QUẢNG NGÃI") == "UBND tỉnh Quảng Ngãi"
    assert org_case("ỦY BAN NHÂN DÂN HUYỆN ĐỨC PHỔ") == "UBND huyện Đức Phổ"
    assert (
        sentence_case("VỀ BẢO ĐẢM ANTT TRONG TÌNH HÌNH MỚI")
        == "Về bảo đảm ANTT trong tình hình mới"
    )


def test_issuer_inferred_from_symbol_and_body():
    text = (
        "Số: /KH-BCĐ\nBắc Giang, ngày tháng 3 năm 2024\nKẾ HOẠCH\nTổng kết công tác\n"
        "Thực hiện Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 của Bộ Công an, Ban Chỉ đạo phòng, chống "  # noqa: E501
        "tội phạm và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc (ANTQ) (Ban Chỉ đạo) tỉnh xây dựng Kế hoạch.\n"  # noqa: E501
    )
    f = extract_header(text).fields
    assert f["issuer"].value == (
        "Ban Chỉ đạo phòng, chống tội phạm và xây dựng phong trào toàn dân "
        "bảo vệ an ninh Tổ quốc tỉnh Bắc Giang"
    )
    assert f["issuer"].inferred and f["issuer"].confidence < 0.7
    assert f["issuer_parent"].value == "UBND tỉnh Bắc Giang"


def test_issuer_inherited_inside_a_file():
    from extractors.header import Context
    from schemas.records import Field

    ctx = Context(
        issuer=Field("issuer", "Văn phòng UBND tỉnh Quảng Ngãi"),
        issuer_parent=Field("issuer_parent", "UBND tỉnh Quảng Ngãi"),
        province="Quảng Ngãi",
    )
    f = extract_header("BIÊN BẢN\nCuộc họp\nHôm nay, vào lúc 8 giờ.\n", context=ctx).fields
    assert f["issuer"].value == "Văn phòng UBND tỉnh Quảng Ngãi" and f["issuer"].inferred


@pytest.mark.parametrize(
    ("issuer", "want"),
    [
        pytest.param(
            "UBND TỈNH QUẢNG NGÁI\nSỞ NỘI VỤ", "Sở Nội vụ tỉnh Quảng Ngãi", id="ngai_tone"
        ),
        pytest.param("UBND TỈNH QUÀNG NAM", "UBND tỉnh Quảng Nam", id="quang_tone"),
        pytest.param("UBND HUYỆN BÌNH SƠN", "UBND huyện Bình Sơn", id="district_untouched"),
    ],
)
def test_issuer_province_with_misread_tones(issuer, want):
    assert head("Số: 12/BC-X", issuer=issuer).get("issuer") == want


def test_issuer_without_diacritics_gets_its_province_back():
    f = head(
        "So: 12/BC-UBND",
        issuer="UBND TINH QUANG NGAI",
        date_line="Quang Ngai, ngay 28 thang 11 nam 2018",
    )
    assert f.get("issuer") == "UBND tỉnh Quảng Ngãi"


def _ocr_doc(text: str):
    from extractors import extract_documents
    from schemas.records import FileText, PageText

    return extract_documents(FileText("application/pdf", (PageText(1, text, "ocr", 0.93),), "ocr"))[
        0
    ]


SCAN_HEADER = (
    "CÔNG BÁO/Số 271/Ngày 12-05-2026 86\nCHÍNH PHỦ\nSố: {num} /NQ-CP\n" + MOTTO + "{date}\n"
    "NGHỊ QUYẾT\nVề việc chuyển giao Vườn quốc gia\nCHÍNH PHỦ\nCăn cứ Luật Tổ chức Chính phủ;\n"
)


def test_handwritten_number_with_unreadable_date_is_left_empty():
    doc = _ocr_doc(SCAN_HEADER.format(num="445", date="Hà Nội, ngày 43 tháng !† năm 2026"))
    f = doc.fields
    assert (f["number"].value, f["symbol"].value, f["issued_date"].value) == (None, "NQ-CP", "2026")
    assert f["number"].confidence < 0.5 and f["issued_date"].confidence < 0.5


def test_handwritten_number_with_a_readable_date_is_kept_with_low_confidence():
    doc = _ocr_doc(SCAN_HEADER.format(num="115", date="Hà Nội, ngày 29 tháng 4 năm 2026"))
    f = doc.fields
    assert (f["number"].value, f["number"].rule) == ("115", "number_handwritten")
    assert f["number"].confidence <= 0.5 < f["issued_date"].confidence


def test_typed_spaced_number_in_a_text_layer_keeps_full_confidence():
    f = extract_header(
        SCAN_HEADER.format(num="115", date="Hà Nội, ngày 29 tháng 4 năm 2026")
    ).fields
    assert f["number"].value == "115" and f["number"].confidence > 0.9


def test_joint_circular_has_both_issuers():
    f = head(
        "Số: 06/2015/TTLT/BCA-BGDĐT",
        issuer="BỘ CÔNG AN - BỘ GIÁO DỤC VÀ ĐÀO TẠO".replace(" - ", "\n"),
        date_line="Hà Nội, ngày 28 tháng 8 năm 2015",
        type_line="THÔNG TƯ LIÊN TỊCH\nQuy định về phối hợp",
    )
    assert (f["issuer"], f.get("issuer_parent")) == ("Bộ Công an; Bộ Giáo dục và Đào tạo", None)


def test_so_inside_a_school_name_is_no_number_line():
    f = head("Số: 25/KH-THPT", issuer="SỞ GD&ĐT QUẢNG NGÃI\nTRƯỜNG THPT SỐ 1 TƯ NGHĨA")
    assert (f["number"], f["symbol"]) == ("25", "KH-THPT")
    assert "Số 1" in f["issuer"] or "số 1" in f["issuer"]


def test_leading_code_of_a_steering_committee_is_written_out():
    f = head("Số: 4126/HD-BCĐ(PV01-PV05)", issuer="BCĐ PHÒNG, CHỐNG TỘI PHẠM TỈNH QUẢNG NGÃI")
    assert f["issuer"] == "Ban Chỉ đạo phòng, chống tội phạm tỉnh Quảng Ngãi"
    assert f["symbol"] == "HD-BCĐ(PV01-PV05)"


def test_district_name_after_its_level_word():
    f = head("Số: 15/BC-CAX", issuer="CÔNG AN HUYỆN TƯ NGHĨA\nCÔNG AN XÃ NGHĨA KỲ")
    assert (f["issuer"], f["issuer_parent"]) == ("Công an xã Nghĩa Kỳ", "Công an huyện Tư Nghĩa")


def test_province_from_the_body_when_the_place_is_a_city():
    text = (
        f"ỦY BAN NHÂN DÂN\nSố: 12/CT-UBND\n{MOTTO}Tam Kỳ, ngày 02 tháng 4 năm 2018\nCHỈ THỊ\nVề việc A\n"  # noqa: E501
        "Trong thời gian qua, các cơ quan trên địa bàn tỉnh Quảng Nam đã triển khai; "
        "Chủ tịch UBND tỉnh Quảng Nam yêu cầu thực hiện./.\n"
    )
    f = extract_header(text).fields
    assert f["issuer"].value == "UBND tỉnh Quảng Nam" and f["issuer"].confidence < 0.9


def test_web_page_titled_in_sentence_case():
    text = (
        "Thông báo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc 6 tháng đầu năm 2023\n"
        "Cập nhật: 10/07/2023 08:15\nNgày 10/7/2023, Công an tỉnh Kon Tum thông báo kết quả.\n"
        "Thực hiện Kế hoạch số 42/KH-UBND của UBND tỉnh Kon Tum, Công an tỉnh đã tham mưu.\n"
        "Công an tỉnh đề nghị các địa phương thực hiện Công văn số 2215/UBND-NC của UBND tỉnh.\n"
    )
    f = {k: v.value for k, v in extract_header(text).fields.items()}
    assert (f["doc_type"], f["period"], f["issuer"]) == (
        "Thông báo",
        "2023-H1",
        "Công an tỉnh Kon Tum",
    )


def test_routing_note_is_not_part_of_the_addressee():
    text = (
        f"CÔNG AN HUYỆN SƠN TỊNH\nSố: 128/BC-CAH\n{MOTTO}Sơn Tịnh, ngày 1 tháng 2 năm 2024\n"
        "BÁO CÁO\nKết quả A\nKính gửi: Công an tỉnh Quảng Ngãi (qua Phòng PV05)\nThực hiện B.\n"
    )
    assert extract_header(text).recipients == ["Công an tỉnh Quảng Ngãi"]


def test_ocr_symbol_noise_is_dropped_from_the_subject():
    f = head("Số: 1/BC-VP", type_line="BIÊN BẢẤ— `\nCuộc họp lấy ý kiến %>—_ năm 2018")
    assert (f["doc_type"], f["subject"]) == ("Biên bản", "Cuộc họp lấy ý kiến năm 2018")


def test_caps_subject_goes_on_in_lower_case():
    f = head(
        "Số 112-TB/HU",
        issuer="HUYỆN ỦY NÚI THÀNH",
        type_line="THÔNG BÁO\nKẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY\ntại buổi làm việc với Công an huyện",  # noqa: E501
    )
    assert f["subject"].casefold() == (
        "kết luận của thường trực huyện ủy tại buổi làm việc với công an huyện"
    )


def test_headerless_report_names_its_issuer_in_the_opening():
    text = (
        "BÁO CÁO\nKết quả công tác quý II năm 2022\n\nThực hiện Kế hoạch số 74/KH-CAT-PV01 ngày "
        "02/4/2022 của Công an tỉnh Quảng Nam về chế độ báo cáo, Công an thị xã Điện Bàn báo cáo "
        "kết quả như sau:\n1. Tình hình ổn định.\n"
    )
    f = extract_header(text).fields
    assert f["issuer"].value == "Công an thị xã Điện Bàn" and f["issuer"].inferred


ADDRESSEE_LABELS = [
    pytest.param(
        "GIẤY MỜI\nDự hội thảo\nKính mời: Ông Nguyễn Văn Minh, Trưởng khoa\nThời gian: 8 giờ.\n",
        ["Ông Nguyễn Văn Minh, Trưởng khoa"],
        id="giay_moi_kinh_moi",
    ),
    pytest.param(
        "CÔNG ĐIỆN\nVề việc ứng phó bão\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n"
        "- Giám đốc Công an tỉnh;\n- Chủ tịch UBND các huyện.\nThực hiện chỉ đạo.\n",
        ["Giám đốc Công an tỉnh", "Chủ tịch UBND các huyện"],
        id="cong_dien_dien_label",
    ),
    pytest.param(
        "BÁO CÁO\nTiết kiệm điện năm 2018\nTiết kiệm điện: các cơ quan thực hiện tốt.\n",
        [],
        id="the_word_dien_in_prose_is_no_label",
    ),
]


@pytest.mark.parametrize(("type_block", "want"), ADDRESSEE_LABELS)
def test_addressee_labels(type_block, want):
    text = f"UBND TỈNH QUẢNG BÌNH\nSố: 05/CĐ-UBND\n{MOTTO}Quảng Bình, ngày 18 tháng 9 năm 2024\n"
    assert extract_header(text + type_block).recipients == want


def test_kinh_gui_under_an_arrival_stamp_and_a_rule():
    text = (
        "BỘ Y TẾ\nCỤC QUẢN LÝ KHÁM, CHỮA BỆNH\n-------\nSố: 1205/KCB-NV\nV/v bảo đảm an ninh\n"
        "UBND HUYỆN GIO LINH\nCÔNG VĂN ĐẾN\nSố: 792\nNgày: 21/5/2024\nChuyển: P.Nvụ\n"
        f"{MOTTO}---------------\nHà Nội, ngày 16 tháng 5 năm 2024\n\n"
        "Kính gửi:\n- Sở Y tế các tỉnh;\n- Y tế các Bộ, ngành.\n\nThời gian qua, nội dung.\n"
    )
    res = extract_header(text)
    assert res.recipients == ["Sở Y tế các tỉnh", "Y tế các Bộ, ngành"]
    assert res.arrival.receiver == "UBND huyện Gio Linh"


def test_a_kinh_gui_item_wrapped_after_a_comma_goes_on_in_capitals():
    # A scan's line ends where the page does: the list of sectors goes on in capitals.
    text = (
        f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\nSố: 05/CĐ-UBND\n{MOTTO}"
        "Quảng Bình, ngày 18 tháng 9 năm 2024\nCÔNG ĐIỆN\nVề việc ứng phó với bão\n\n"
        "Kính gửi:\n- Giám đốc các sở, ngành: Nông nghiệp và Phát triển nông thôn, Công Thương,\n"
        "Giao thông vận tải;\n- Giám đốc Công an tỉnh.\n\nThực hiện Công điện số 96/CĐ-TTg.\n"
    )
    assert extract_header(text).recipients == [
        "Giám đốc các sở, ngành: Nông nghiệp và Phát triển nông thôn, Công Thương, "
        "Giao thông vận tải",
        "Giám đốc Công an tỉnh",
    ]


def test_the_short_rest_of_a_wrapped_addressee_line_ends_its_paragraph():
    text = (
        f"TRƯỜNG ĐẠI HỌC CẦN THƠ\nSố: 88/GM-ĐHCT\n{MOTTO}Cần Thơ, ngày 14 tháng 3 năm 2024\n"
        "GIẤY MỜI\nTham dự Hội thảo khoa học\n\n"
        "Kính mời: PGS.TS. Nguyễn Văn Minh, Trưởng khoa Công nghệ thông tin, Trường\n"
        "Đại học An Giang\n\nTrường Đại học Cần Thơ tổ chức Hội thảo khoa học.\n"
    )
    assert extract_header(text).recipients == [
        "PGS.TS. Nguyễn Văn Minh, Trưởng khoa Công nghệ thông tin, Trường Đại học An Giang"
    ]
