"""Golden tables for extract_citations: mention shapes, non-citations, relations,
short forms, issuers. Each row names the case; regression rows name what broke."""

from __future__ import annotations

import pytest

from extractors.citations import extract_citations, normalize_issuer
from schemas.records import Arrival, Citation, DocumentRecord, Field

# --- factories ------------------------------------------------------------------------


def doc(text: str, **fields: tuple[int, int]) -> DocumentRecord:
    """A document built from text only, plus header spans given as (start, end)."""
    d = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    for name, (s, e) in fields.items():
        d.fields[name] = Field(name, None, s, e, rule="test")
    return d


def cites(text: str, **fields: tuple[int, int]) -> list[Citation]:
    d = doc(text, **fields)
    out = extract_citations(d)
    for c in out:  # the evidence invariant holds for every row of every table
        assert d.text[c.char_start : c.char_end] == c.mention
    return out


def key(c: Citation) -> tuple:
    return (c.doc_type, c.number, c.symbol, c.cited_date)


# --- mention shapes --------------------------------------------------------------------

SHAPES = [
    pytest.param(
        "Thực hiện Hướng dẫn số 4126/HD-BCĐ(PV01-PV05) ngày 19/11/2018 của Ban chỉ đạo tỉnh, "
        "Văn phòng báo cáo như sau:",
        ("Hướng dẫn", "4126", "HD-BCĐ(PV01-PV05)", "2018-11-19"),
        id="full_with_unit_suffix",
    ),
    pytest.param(
        "trọng tâm là: Chỉ thị 09-CT/TW ngày 01/12/2011 của Ban Bí thư về tăng cường",
        ("Chỉ thị", "09", "CT/TW", "2011-12-01"),
        id="party_hyphen_without_so",
    ),
    pytest.param(
        "Công an tỉnh ký Kế hoạch số số 01/KHPH- JIA HSIN-CAT ngày 17/4/2018 giữa hai bên",
        ("Kế hoạch", "01", "KHPH-JIA HSIN-CAT", "2018-04-17"),
        id="so_so_typo_and_spaced_symbol",
    ),
    pytest.param(
        "Thực hiện Công văn số 765/HD-CAT-PV11 (PV28) ngày 20/3/2013 của Công an tỉnh về việc",
        ("Công văn", "765", "HD-CAT-PV11(PV28)", "2013-03-20"),
        id="type_as_written_wins_over_code",
    ),
    pytest.param(
        "theo Thông tư số 23/2012/TT-BCA-V28 của Bộ Công an quy định về khu dân cư",
        ("Thông tư", "23", "2012/TT-BCA-V28", None),
        id="year_in_symbol_no_date",
    ),
    pytest.param(
        "V/v tiếp tục triển khai thực\nhiện Công văn số 566/UBND-\nNC ngày 04/02/2021 của\n"
        "Chủ tịch UBND tỉnh",
        ("Công văn", "566", "UBND-NC", "2021-02-04"),
        id="symbol_broken_over_line",
    ),
    pytest.param(
        "Đảng ủy Khối ban hành Công văn số 538 ngày 16/3/2018 đề nghị tổ chức cơ sở Đảng",
        ("Công văn", "538", None, "2018-03-16"),
        id="number_without_symbol",
    ),
    pytest.param(
        "theo Thông tư số 23/2012/TT-BCA ngày 27 tháng 4 năm 2012 của Bộ Công an",
        ("Thông tư", "23", "2012/TT-BCA", "2012-04-27"),
        id="wordy_date",
    ),
    pytest.param(
        "5. Kết quả thực hiện Nghị định số 06/2013/NĐ-CP, ngày 09/1/2013 của Chính phủ về",
        ("Nghị định", "06", "2013/NĐ-CP", "2013-01-09"),
        id="comma_before_date",
    ),
    pytest.param(
        "cụ thể: Chương trình hành động số 25-CTr/TU ngày 28/6/2012 của Ban Thường vụ Tỉnh ủy",
        ("Chương trình", "25", "CTr/TU", "2012-06-28"),
        id="alias_chuong_trinh_hanh_dong",
    ),
    pytest.param(
        "(2) Quy chế phối hợp số 03/QC-BCA-BYT, ngày 26/9/2013 giữa Bộ Công an và Bộ Y tế",
        ("Quy chế", "03", "QC-BCA-BYT", "2013-09-26"),
        id="qualifier_between_type_and_so",
    ),
    pytest.param(
        "(1) Thông tư liên tịch số 06/2015/TTLT/BCA-BGDĐT, ngày 28/08/2015 giữa Bộ Công an",
        ("Thông tư liên tịch", "06", "2015/TTLT/BCA-BGDĐT", "2015-08-28"),
        id="longest_type_name_wins",
    ),
    pytest.param(
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
        ("Luật", "63", "2025/QH15", None),
        id="law_with_its_name",
    ),
    pytest.param(
        "Căn cứ Pháp lệnh Ngoại hối số 28/2005/PL-UBTVQH13;",
        ("Pháp lệnh", "28", "2005/PL-UBTVQH13", None),
        id="ordinance_with_its_name",
    ),
    pytest.param(
        "Căn cứ Nghị quyết số 222/2025/QH15 của Quốc hội về Trung tâm tài chính quốc tế;",
        ("Nghị quyết", "222", "2025/QH15", None),
        id="resolution",
    ),
    pytest.param(
        "THÔNG BÁO công văn số 2121/UBND-NCTCD ngày 23/5/2018 của UBND tỉnh về việc",
        ("Công văn", "2121", "UBND-NCTCD", "2018-05-23"),
        id="capital_label_before_lowercase_type",
    ),
    pytest.param(
        "Chương III\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 45/2019/NĐ-CP NGÀY 21/5/2019",
        ("Nghị định", "45", "2019/NĐ-CP", "2019-05-21"),
        id="all_capitals",
    ),
    pytest.param(
        "¹ (1) Quyết định số 3145/QĐ-UBND ngày 25/8/2017 của UBND tỉnh về thang điểm",
        ("Quyết định", "3145", "QĐ-UBND", "2017-08-25"),
        id="footnote",
    ),
    pytest.param(
        "Kính gửi: Sở Nội vụ\nTheo Văn bản số 1234/SNV-TCBC ngày 02/3/2022 của Sở Nội vụ",
        ("Công văn", "1234", "SNV-TCBC", "2022-03-02"),
        id="generic_van_ban_typed_by_symbol",
    ),
    pytest.param(
        "Luật số: 130/2025/QH15 nhưng trích dẫn Luật số 43/2024/QH15 của Quốc hội",
        ("Luật", "43", "2024/QH15", None),
        id="so_with_colon_elsewhere",
    ),
    pytest.param(
        "theo Quyết định số 12a/QĐ-UBND ngày 01/02/2020 của UBND tỉnh",
        ("Quyết định", "12a", "QĐ-UBND", "2020-02-01"),
        id="number_with_letter",
    ),
    pytest.param(
        "thực hiện Quyết định số 45/QĐ-UBND năm 2020 của UBND tỉnh",
        ("Quyết định", "45", "QĐ-UBND", "2020"),
        id="year_only",
    ),
    pytest.param(
        "triển khai Kế hoạch sổ 12/KH-UBND ngày 01/02/2020 của UBND huyện",
        ("Kế hoạch", "12", "KH-UBND", "2020-02-01"),
        id="ocr_so_with_hook_above",
    ),
    pytest.param(
        "Căn cứ Luật Ngân sách nhà nước số 89/2025/QH15, 83/2015/QH13;",
        ("Luật", "83", "2015/QH13", None),
        id="list_of_normative_refs_without_so",
    ),
    pytest.param(
        "được cấp theo quy định của Nghị quyết số 66.4/2025/NQ-CP thì được",
        ("Nghị quyết", "66.4", "2025/NQ-CP", None),
        id="decimal_number",
    ),
    pytest.param(
        "Thực hiện Quyết đỉnh số 12/QĐ-UBND ngày 01/02/2020 của UBND tỉnh",
        ("Quyết định", "12", "QĐ-UBND", "2020-02-01"),
        id="ocr_damaged_type_marks",
    ),
    pytest.param(
        "theo Kê hoach sô 5/KH-UBND ngày 01/02/2020 của UBND huyện",
        ("Kế hoạch", "5", "KH-UBND", "2020-02-01"),
        id="ocr_damaged_type_and_so",
    ),
    pytest.param(
        "Thực hiện QĐ số 1395/QĐ-UBND ngày 03/8/2016 của UBND tỉnh, Sở báo cáo",
        ("Quyết định", "1395", "QĐ-UBND", "2016-08-03"),
        id="abbreviated_type",
    ),
    pytest.param(
        "các đơn vị thực hiện CV số 12/UBND-NC của UBND huyện",
        ("Công văn", "12", "UBND-NC", None),
        id="abbreviated_cong_van",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_mention_shapes(text: str, expected: tuple) -> None:
    found = [key(c) for c in cites(text)]
    assert expected in found


def test_year_from_symbol_or_date() -> None:
    c1, c2 = cites("Thông tư số 23/2012/TT-BCA và Công văn số 12/UBND-NC ngày 05/3/2019")
    assert (c1.cited_year, c1.cited_month) == (2012, None)
    assert (c2.cited_year, c2.cited_month) == (2019, 3)


def test_list_continuation_shares_the_type() -> None:
    found = cites(
        "Trên cơ sở xem xét các Tờ trình số 1280/TTr-CP và số 1281/TTr-CP ngày "
        "29/10/2025 của Chính phủ"
    )
    assert [(c.doc_type, c.number) for c in found] == [("Tờ trình", "1280"), ("Tờ trình", "1281")]


def test_blank_number_in_attachment_title() -> None:
    text = (
        "ĐỀ CƯƠNG BÁO CÁO\nTổng kết công tác năm 2024\n"
        "(kèm theo Kế hoạch số /KH-BCĐ, ngày /3/2024 của Ban Chỉ đạo tỉnh)\n\nI. ĐẶC ĐIỂM"
    )
    (c,) = cites(text)
    assert (c.number, c.symbol, c.cited_date, c.cited_year, c.cited_month) == (
        None,
        "KH-BCĐ",
        "2024-03",
        2024,
        3,
    )
    assert c.relation == "attached_to"


# --- not citations ------------------------------------------------------------------------

NOT_CITATIONS = [
    pytest.param(
        "tìm hiểu Luật hình sự, Luật dân sự, Luật phòng, chống ma túy... bảo đảm",
        id="unnumbered_laws",
    ),
    pytest.param(
        "Nghị quyết Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ IX - nhiệm kỳ "
        "2015-2020 ngày 26/5/2015, đã xác định rõ",
        id="congress_resolution",
    ),
    pytest.param(
        "4.1. Tờ trình đề nghị khen thưởng, Biên bản họp xét của Hội đồng Thi đua",
        id="unnumbered_minutes_in_body",
    ),
    pytest.param(
        "được tổ chức làm nhiệm vụ theo ca trực đảm bảo trực 24/24, hướng dẫn khách",
        id="around_the_clock",
    ),
    pytest.param("chấm điểm bảng điểm đánh giá đạt 96/100 điểm.", id="score"),
    pytest.param("báo cáo định kỳ trong công tác xây dựng phong trào (quý I/2018).", id="quarter"),
    pytest.param(
        "thực hiện Hợp đồng\n\nCÔNG BÁO/Số 278/Ngày 18-05-2026\n\nĐiều 3.",
        id="gazette_running_header",
    ),
    pytest.param(
        "1. Thay thế Phụ lục số 01, Phụ lục số 03 ban hành kèm theo Thông tư này",
        id="parts_of_a_document",
    ),
    pytest.param("Quyết định thành lập Tổ công tác số 3 của Sở", id="gap_without_symbol"),
    pytest.param(
        "được rà soát trong Báo cáo 6 tháng và Báo cáo năm của Văn phòng",
        id="bare_number_that_resolves_to_nothing",
    ),
    pytest.param(
        "(kèm theo danh sách 150 CQDN triển khai, thực hiện công tác xây dựng phong "
        "trào năm 2018 gửi trên Trang Thông tin điện tử)",
        id="attached_list_no_date",
    ),
    pytest.param("Có đề cương báo cáo kèm theo, kế hoạch số liệu năm 2024", id="so_lieu"),
    pytest.param("Phương án phòng cháy tại trụ sở số 52/3 Hùng Vương", id="address_after_gap"),
    pytest.param("dự thảo Thông tư số /202 /TT-NHNN của Thống đốc", id="template_placeholder"),
    pytest.param("gửi TT Huyện ủy số 5 bản, TT số 3 bản", id="abbreviation_without_symbol"),
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert cites(text) == []


def test_distribution_block_is_not_cited() -> None:
    text = (
        "Thực hiện Công văn số 12/UBND-NC ngày 01/02/2020 của UBND tỉnh, Sở báo cáo./.\n\n"
        "Nơi nhận:\n- Như trên;\n- Đoàn kiểm tra theo Quyết định số 45/QĐ-UBND;\n"
        "- Lưu: VT.\n\nGIÁM ĐỐC\n"
    )
    assert [c.number for c in cites(text)] == ["12"]


def test_distribution_block_from_header_span() -> None:
    text = "Căn cứ Quyết định số 45/QĐ-UBND; các đơn vị theo Quyết định số 46/QĐ-UBND"
    s = text.index("các đơn vị")
    assert [c.number for c in cites(text, distribution_block=(s, len(text)))] == ["45"]


def test_own_number_line_is_not_a_citation() -> None:
    # OCR puts the type line and the number on one line
    text = (
        "UBND TỈNH THANH HÓA KẾ HOẠCH Số: 12/KH-UBND\nThanh Hóa, ngày 02 tháng 4 năm 2018\n"
        "Thực hiện Kế hoạch số 5/KH-BCA ngày 01/3/2018 của Bộ Công an"
    )
    assert [c.number for c in cites(text)] == ["5"]


def test_same_number_elsewhere_is_a_citation() -> None:
    # regression: the own number is excluded by place, not by value (another province's
    # 04/CT-UBND is another document)
    text = (
        "Số: 04/CT-UBND\nĐà Nẵng, ngày 10 tháng 5 năm 2019\nCHỈ THỊ\n"
        "Tham khảo Chỉ thị số 04/CT-UBND ngày 02/4/2018 của UBND tỉnh Thanh Hóa"
    )
    d = doc(text, own_number_line=(0, len("Số: 04/CT-UBND")))
    d.fields["number"] = Field("number", "04", 4, 6)
    d.fields["symbol"] = Field("symbol", "CT-UBND", 7, 14)
    (c,) = extract_citations(d)
    assert (c.number, c.symbol, c.cited_year) == ("04", "CT-UBND", 2018)


def test_appendix_left_in_its_document_is_not_a_self_citation() -> None:
    text = (
        "Số: 212/2025/NĐ-CP\nHà Nội, ngày 25 tháng 7 năm 2025\nNGHỊ ĐỊNH\n...\n"
        "Phụ lục I\nVÍ DỤ\n(Kèm theo Nghị định số 212/2025/NĐ-CP ngày 25 tháng 7 năm 2025 "
        "của Chính phủ)"
    )
    assert cites(text) == []


def test_arrival_stamp_span_is_skipped() -> None:
    text = "ĐẾN Số: 2369 Ngày: 28/11/2018 Công văn số 77/VP\nThực hiện Công văn số 5/UBND"
    d = doc(text)
    d.arrival = Arrival("TT Công báo", "2369", "2018-11-28", 0, text.index("\n"))
    assert [c.number for c in extract_citations(d)] == ["5"]


def test_self_word_is_not_a_gap() -> None:
    # regression (gazette): "Nghị định này có hiệu lực, Nghị định số 94/2024/NĐ-CP" made one
    # mention from "Nghị định này" to the number
    (c,) = cites(
        "2. Kể từ ngày Nghị định này có hiệu lực, Nghị định số 94/2024/NĐ-CP ngày 24 "
        "tháng 7 năm 2024 của Chính phủ hết hiệu lực thi hành."
    )
    assert c.mention.startswith("Nghị định số 94")


# --- relations ------------------------------------------------------------------------------

PLAN = (
    "Số: /KH-BCĐ\nBắc Giang, ngày tháng 3 năm 2024\nKẾ HOẠCH\n"
    "Tổng kết 10 năm thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an\n\n"
    "Thực hiện Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 của Bộ Công an về tổng kết 10 năm "
    "thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an (Chỉ thị số 07), "
    "Ban Chỉ đạo tỉnh xây dựng Kế hoạch như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n"
    "1. Đánh giá việc triển khai Chỉ thị số 07.\n"
    "Triển khai thực hiện Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của Chủ tịch UBND tỉnh.\n"
)

RELATIONS = [
    pytest.param(
        PLAN,
        {
            ("Kế hoạch", "17"): "answers",
            ("Chỉ thị", "07"): "cites",
            ("Quyết định", "1395"): "cites",
        },
        id="opening_thuc_hien_first_named_only",
    ),
    pytest.param(
        "V/v tiếp tục triển khai thực\nhiện Công văn số 566/UBND-\nNC ngày 04/02/2021 của\n"
        "Chủ tịch UBND tỉnh\nQuảng Ngãi, ngày 15 tháng 6 năm 2021\nKính gửi:\n- Công an tỉnh;\n"
        "Theo báo cáo của Công an tỉnh về kết quả triển khai thực hiện Công văn số 566/UBND-NC, "
        "ngày 04/02/2021 của Chủ tịch UBND tỉnh về việc nhân rộng mô hình từ kết quả thí điểm "
        "Quyết định số 1395/QĐ-UBND trên địa bàn tỉnh (viết tắt là Công văn số 566/UBND-NC), "
        "nhìn chung các đơn vị đã triển khai.\n\n1. Các đơn vị thực hiện Công văn số 5500/UBND-NC",
        {
            ("Công văn", "566"): "answers",
            ("Quyết định", "1395"): "cites",
            ("Công văn", "5500"): "cites",
        },
        id="vv_line_and_theo_bao_cao",
    ),
    pytest.param(
        "BIÊN BẢN\nCuộc họp lấy ý kiến\n\nThực hiện Công văn số 765/HD-CAT-PV11 (PV28) ngày "
        "20/3/2013 của Công an tỉnh về việc hướng dẫn thực hiện Thông tư số 23/2012/TT-BCA ngày "
        "27/4/2012 của Bộ Công an và Công văn số 3789/CAT-PV11(PV28) ngày 20/10/2015 của Giám "
        "đốc Công an tỉnh.\n\nI. Thành phần",
        {
            ("Công văn", "765"): "answers",
            ("Thông tư", "23"): "cites",
            ("Công văn", "3789"): "cites",
        },
        id="documents_inside_the_answered_ones_description",
    ),
    pytest.param(
        "BÁO CÁO\nCông tác năm 2018\n\nI. CÔNG TÁC TRIỂN KHAI\n\nTriển khai thực hiện Quyết "
        "định số 1395/QĐ-UBND ngày 03/8/2016 của Chủ tịch UBND tỉnh về việc ban hành Kế hoạch.",
        {("Quyết định", "1395"): "cites"},
        id="trien_khai_after_first_section_is_cites",
    ),
    pytest.param(
        "BẢNG ĐIỂM ĐÁNH GIÁ\nTHỰC HIỆN TIÊU CHÍ AN TOÀN NĂM 2018\n(Kèm theo Biên bản họp ngày "
        "20/11/2018 của Văn phòng UBND tỉnh)\n\nSTT\tNỘI DUNG",
        {("Biên bản", None): "attached_to"},
        id="unnumbered_parent_of_attachment",
    ),
    pytest.param(
        "QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
        "Căn cứ Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ trưởng Bộ Công an;\n"
        "Theo đề nghị của Giám đốc Công an tỉnh;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo",
        {("Luật", "72"): "based_on", ("Thông tư", "124"): "based_on"},
        id="can_cu_lines",
    ),
    pytest.param(
        "Căn cứ Luật Các tổ chức tín dụng số 32/2024/QH15 được sửa đổi, bổ sung bởi Luật số "
        "43/2024/QH15, Luật số 96/2025/QH15;\nTheo đề nghị của Thống đốc;",
        {("Luật", "32"): "based_on", ("Luật", "43"): "based_on", ("Luật", "96"): "based_on"},
        id="can_cu_with_amending_laws",
    ),
    pytest.param(
        "Căn cứ Luật Xử lý vi phạm hành chính số 15/2012/QH13; Luật sửa đổi, bổ sung một số điều "
        "của Luật Xử lý vi phạm hành chính số 67/2020/QH14;\nTheo đề nghị của Bộ trưởng;",
        {("Luật", "15"): "based_on", ("Luật", "67"): "based_on"},
        id="can_cu_list_goes_on_after_semicolon",
    ),
    pytest.param(
        "- Căn cứ chức năng, nhiệm vụ của đơn vị, đánh giá kết quả công tác tham mưu, nhất là "
        "việc triển khai thực hiện Chỉ thị số 07/CT-BCA-V28, Công văn số 1010/UBND-NC...",
        {("Chỉ thị", "07"): "cites", ("Công văn", "1010"): "cites"},
        id="can_cu_without_a_document_as_object",
    ),
    pytest.param(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/QĐ-UBND "
        "ngày 01/02/2020 của UBND tỉnh.",
        {("Quyết định", "12"): "repeals"},
        id="thay_the",
    ),
    pytest.param(
        "2. Bãi bỏ các Thông tư số 02/2019/TT-BGTVT ngày 11 tháng 01 năm 2019 và Thông tư số "
        "03/2019/TT-BGTVT của Bộ trưởng Bộ Giao thông vận tải.",
        {("Thông tư", "02"): "repeals", ("Thông tư", "03"): "repeals"},
        id="bai_bo_a_list",
    ),
    pytest.param(
        "2. Thông tư số 27/2019/TT-BKHCN ngày 26 tháng 12 năm 2019 của Bộ trưởng Bộ Khoa học và "
        "Công nghệ quy định chi tiết thi hành một số điều Nghị định số 132/2008/NĐ-CP hết hiệu "
        "lực kể từ ngày Thông tư này có hiệu lực thi hành.",
        {("Thông tư", "27"): "repeals", ("Nghị định", "132"): "cites"},
        id="het_hieu_luc_governs_the_subject_only",
    ),
    pytest.param(
        "NGHỊ ĐỊNH\nSửa đổi, bổ sung một số điều của Nghị định số 143/2013/NĐ-CP ngày 24 tháng "
        "10 năm 2013 của Chính phủ quy định về bồi hoàn học bổng\n",
        {("Nghị định", "143"): "amends"},
        id="amending_title",
    ),
    pytest.param(
        "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 59/2015/TT-BLĐTBXH ngày 29 tháng "
        "12 năm 2015 của Bộ trưởng như sau:",
        {("Thông tư", "59"): "amends"},
        id="amending_article",
    ),
    pytest.param(
        "theo quy định tại Luật Đầu tư công số 58/2024/QH15 được sửa đổi, bổ sung bởi Luật số "
        "90/2025/QH15 thì việc lập dự án",
        {("Luật", "58"): "cites", ("Luật", "90"): "cites"},
        id="passive_amendment_is_cites",
    ),
    pytest.param(
        "các chế độ tại Thông tư số 40/2017/TT-BTC và Thông tư số 12/2025/TT-BTC ngày 19 tháng 3 "
        "năm 2025 của Bộ trưởng Bộ Tài chính sửa đổi, bổ sung một số điều Thông tư số "
        "40/2017/TT-BTC.",
        {("Thông tư", "40"): "cites", ("Thông tư", "12"): "cites"},
        id="another_document_amends",
    ),
    pytest.param(
        "theo Nghị định số 60/2021/NĐ-CP và các văn bản sửa đổi, bổ sung, thay thế Nghị định số "
        "60/2021/NĐ-CP (nếu có).",
        {("Nghị định", "60"): "cites"},
        id="future_amending_documents",
    ),
    pytest.param(
        "BIÊN BẢN\n\nI. Nội dung\nThực hiện Công văn số 44/UBND ngày 01/02/2019 của UBND tỉnh.",
        {("Công văn", "44"): "cites"},
        id="thuc_hien_after_first_section_is_cites",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relations(text: str, expected: dict) -> None:
    got: dict = {}
    rank = {"answers": 6, "based_on": 5, "attached_to": 4, "repeals": 3, "amends": 2, "cites": 1}
    for c in cites(text):
        k = (c.doc_type, c.number)
        if k not in got or rank[c.relation] > rank[got[k]]:
            got[k] = c.relation
    assert got == expected


def test_numbered_parent_in_attachment_title() -> None:
    text = (
        "DANH SÁCH\nCác tập thể được khen thưởng\n(Ban hành kèm theo Quyết định số 05/QĐ-BCĐ "
        "ngày 12/12/2023 của Ban Chỉ đạo huyện)\n\nSTT\tTên tập thể"
    )
    (c,) = cites(text)
    assert (c.doc_type, c.number, c.symbol, c.relation) == (
        "Quyết định",
        "05",
        "QĐ-BCĐ",
        "attached_to",
    )


def test_documents_inside_the_answered_ones_description_are_not_answered() -> None:
    # "Thực hiện Kế hoạch số 17 ... về tổng kết 10 năm thực hiện Chỉ thị số 07 ...": only
    # the plan is the verb's object (parallel objects: tests/test_citations_scope.py)
    found = cites(PLAN)
    assert {(c.doc_type, c.number) for c in found if c.relation == "answers"} == {
        ("Kế hoạch", "17")
    }


def test_subject_span_from_header_fields() -> None:
    text = (
        "Số: 88/UBND-NC\nV/v triển khai thực hiện Kế hoạch số 9/KH-BCA ngày 02/02/2022 của "
        "Bộ Công an\nKính gửi: Công an tỉnh\nNội dung khác."
    )
    s, e = text.index("V/v"), text.index("\nKính")
    (c,) = cites(text, subject=(s, e), body_start=(text.index("Nội"), text.index("Nội")))
    assert c.relation == "answers"


def test_subject_not_vv_is_not_answers() -> None:
    # seed 002: a plan titled "Tổng kết 10 năm thực hiện Chỉ thị số 07 ..." cites it
    text = "KẾ HOẠCH\nTổng kết 10 năm thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014\n\nI. MỤC"
    (c,) = cites(text, subject=(9, text.index("\n\n")))
    assert c.relation == "cites"


def test_title_line_in_capitals_is_not_an_opening() -> None:
    # regression (seed 000, score sheet): "THỰC HIỆN TIÊU CHÍ ..." made the parent "answers"
    text = (
        "BẢNG ĐIỂM\nTHỰC HIỆN TIÊU CHÍ NĂM 2018\n(Kèm theo Biên bản họp ngày 20/11/2018 của "
        "Văn phòng UBND tỉnh)"
    )
    (c,) = cites(text)
    assert c.relation == "attached_to"


# --- short forms ---------------------------------------------------------------------------


def test_short_forms_point_at_the_full_mention() -> None:
    found = cites(PLAN)
    full = found[0]
    assert (full.number, full.symbol, full.antecedent) == ("07", "CT-BCA-V28", None)
    shorts = [c for c in found if c.mention == "Chỉ thị số 07"]
    assert len(shorts) == 2
    for c in shorts:
        assert c.antecedent == 0
        assert (c.symbol, c.cited_date, c.cited_issuer) == (
            "CT-BCA-V28",
            "2014-08-15",
            "Bộ Công an",
        )


SHORT_FORMS = [
    pytest.param(
        "Căn cứ Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của UBND tỉnh. Kết quả thí "
        "điểm Quyết định 1395 cho thấy",
        "Quyết định 1395",
        id="bare_type_number",
    ),
    pytest.param(
        "Căn cứ Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an. Theo Thông tư 124 thì",
        "Thông tư 124",
        id="bare_circular",
    ),
    pytest.param(
        "Công văn số 566/UBND-NC ngày 04/02/2021 của Chủ tịch UBND tỉnh (viết tắt là "
        "Công văn số 566/UBND-NC), nhìn chung",
        "Công văn số 566/UBND-NC",
        id="viet_tat_la",
    ),
    pytest.param(
        "Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an (sau đây gọi "
        "tắt là Chỉ thị số 07). Thực hiện Chỉ thị số 07,",
        "Chỉ thị số 07",
        id="sau_day_goi_tat_la",
    ),
]


@pytest.mark.parametrize(("text", "short"), SHORT_FORMS)
def test_short_form_cases(text: str, short: str) -> None:
    found = cites(text)
    later = [c for c in found[1:] if c.mention == short]
    assert later and all(c.antecedent == 0 for c in later)
    assert all(c.symbol == found[0].symbol for c in later)


def test_same_number_different_symbol_is_not_a_short_form() -> None:
    # Chỉ thị 09-CT/TW (Ban Bí thư) and 09-CT/TU (a provincial committee) are different
    found = cites(
        "Chỉ thị 09-CT/TW ngày 01/12/2011 của Ban Bí thư; Chỉ thị 09-CT/TU ngày "
        "30/12/2011 của Ban Thường vụ Tỉnh ủy"
    )
    assert [(c.symbol, c.antecedent) for c in found] == [("CT/TW", None), ("CT/TU", None)]


def test_same_number_different_year_is_not_a_short_form() -> None:
    found = cites(
        "Quyết định số 07/QĐ-UBND ngày 01/3/2014 và Quyết định số 07/QĐ-UBND ngày 05/3/2020"
    )
    assert [c.antecedent for c in found] == [None, None]


# A bare short form ("Thông tư 124") with no full mention of its number in the document:
# kept when it reads as a document number, with the symbol and year left for resolution.
SHORT_ALONE = [
    pytest.param(
        "2. Toàn tỉnh đã củng cố 1.250 mô hình tự quản theo Thông tư 124; 98% cơ sở giáo dục",
        ("Thông tư", "124"),
        id="circular_in_a_report",
    ),
    pytest.param(
        "Việc thực hiện được gắn với Quyết định 1395 và các văn bản của tỉnh.",
        ("Quyết định", "1395"),
        id="decision_four_digits",
    ),
    pytest.param(
        "hướng dẫn doanh nghiệp xây dựng lực lượng bảo vệ theo Nghị định 06 của Chính phủ",
        ("Nghị định", "06"),
        id="decree_leading_zero",
    ),
    pytest.param("tổng kết 10 năm thực hiện Chỉ thị 07.", ("Chỉ thị", "07"), id="directive_at_end"),
    pytest.param("Theo Quyết định 1395 của tỉnh", ("Quyết định", "1395"), id="theo_opening"),
]


def test_short_form_alone_keeps_its_issuer() -> None:
    (c,) = cites("theo Nghị định 06 của Chính phủ quy định về cảnh sát bảo vệ")
    assert (c.number, c.symbol, c.cited_issuer) == ("06", None, "Chính phủ")


@pytest.mark.parametrize(("text", "expected"), SHORT_ALONE)
def test_short_form_alone_is_kept_without_symbol_or_year(text: str, expected: tuple) -> None:
    (c,) = cites(text)
    assert (c.doc_type, c.number) == expected
    assert (c.symbol, c.cited_year, c.cited_date, c.antecedent) == (None, None, None, None)
    assert c.rule.startswith("type_number_short")


SHORT_NOT_ALONE = [
    pytest.param("được rà soát trong Báo cáo 6 tháng của Văn phòng", id="report_is_not_a_type"),
    pytest.param("Báo cáo 15 của Văn phòng nêu rõ", id="report_type_not_cited_by_number"),
    pytest.param("xây dựng Kế hoạch 2024 của Công an tỉnh", id="year_not_number"),
    pytest.param("Quyết định 1 lần cho mỗi hồ sơ", id="single_digit_count"),
    pytest.param("khen thưởng theo Quyết định 12 lần trong năm", id="times"),
    pytest.param("thực hiện Kế hoạch 10 năm của ngành", id="years"),
    pytest.param("đạt Nghị quyết 12 điểm trên 15 điểm", id="points"),
    pytest.param("Chỉ thị 85% đơn vị đã triển khai", id="percent"),
    pytest.param("Kế hoạch 12 tháng đầu năm", id="months"),
    pytest.param("theo quyết định 1395 của tỉnh", id="lower_case_type_word"),
    pytest.param("số liệu chi tiết tại Phụ lục 12 kèm theo", id="appendix_is_a_part"),
    pytest.param("V. Kết luận\n12. Hội đồng thẩm định", id="heading_then_list_number"),
    pytest.param("3. Hiệu lực của Thông tư\n12. Thông tư này có hiệu lực", id="line_break"),
    pytest.param("Lãnh đạo Bộ ký ban hành Thông tư 3 ký ban hành", id="flow_chart_step"),
    pytest.param(
        "phải tuân theo các quy định của Nghị quyết 528 (WRC-19 sửa đổi).", id="itu_resolution"
    ),
    pytest.param("tuân thủ Nghị quyết 417 (Rev.WRC-15). Khi ấn định", id="itu_revision_mark"),
    pytest.param(
        "quy định của Nghị quyết 528 (WRC19 sửa đổi), ngoại trừ Quyết định 03 liên quan",
        id="itu_decision_near_a_conference_code",
    ),
]


@pytest.mark.parametrize("text", SHORT_NOT_ALONE)
def test_short_form_alone_that_is_no_document_number_is_dropped(text: str) -> None:
    assert cites(text) == []


# --- a number and symbol without a type word ---------------------------------------------

CODED = [
    pytest.param(
        "2. Công tác đăng ký cư trú thực hiện theo 23/2012/TT-BCA-V28; mô hình tự quản",
        ("Thông tư", "23", "2012/TT-BCA-V28", 2012, None),
        id="circular_number_year_symbol",
    ),
    pytest.param(
        "việc phối hợp bảo đảm an ninh trường học thực hiện theo 06/2015/TTLT-BCA-BGDĐT.",
        ("Thông tư liên tịch", "06", "2015/TTLT-BCA-BGDĐT", 2015, None),
        id="joint_circular",
    ),
    pytest.param(
        "kết quả được tổng hợp tại 1395/QĐ-UBND ngày 10/5/2021 của UBND tỉnh về phong trào",
        ("Quyết định", "1395", "QĐ-UBND", 2021, "UBND tỉnh"),
        id="decision_dated_with_issuer",
    ),
    pytest.param(
        "các cấp ủy tiếp tục quán triệt 09-CT/TW ngày 01/12/2011 của Ban Bí thư",
        ("Chỉ thị", "09", "CT/TW", 2011, "Ban Bí thư Trung ương Đảng"),
        id="party_hyphen_form",
    ),
    pytest.param(
        "Nghị định này thay thế (76/2025/NĐ-CP) trong phần phụ lục",
        ("Nghị định", "76", "2025/NĐ-CP", 2025, None),
        id="in_brackets",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CODED)
def test_number_and_symbol_without_type_word(text: str, expected: tuple) -> None:
    (c,) = cites(text)
    assert (c.doc_type, c.number, c.symbol, c.cited_year, c.cited_issuer) == expected
    assert c.rule.startswith("coded_symbol_ref")
    assert c.mention.startswith(c.number)


NOT_CODED = [
    pytest.param("đề nghị thực hiện theo 120/UBND-NC của UBND huyện", id="no_type_code"),
    pytest.param("Biểu 01/BC kèm theo", id="form_without_issuer"),
    pytest.param("lập theo Mẫu 01/TT-BTC ban hành", id="form_named_by_mau"),
    pytest.param("tiếp nhận công bố.\nMẫu số 06\n58/2025/TT-BKHCN\n......(1)", id="form_label"),
    pytest.param("BM I.1\n58/2025/TT-BKHCN\nCỘNG HÒA XÃ HỘI", id="form_code_label"),
    pytest.param("Ký hiệu: 12/QĐ-UBND", id="ky_hieu_label"),
    pytest.param("giai đoạn 2015-2020 và ngày 15/8/2014", id="period_and_date"),
    pytest.param("đạt 96/100 điểm, quý I/2018, trực 24/24", id="scores_and_quarters"),
    pytest.param("liên hệ 0912-345-678 hoặc 0258/3822", id="phone_numbers"),
]


@pytest.mark.parametrize("text", NOT_CODED)
def test_number_and_symbol_that_is_no_reference(text: str) -> None:
    assert cites(text) == []


def test_coded_symbol_is_not_the_own_number_line() -> None:
    text = "CÔNG AN TỈNH\nSố: 512/BC-CAT-PV05\nThanh Hóa, ngày 20 tháng 11 năm 2023\nBÁO CÁO\n"
    assert cites(text) == []


def test_coded_symbol_repeating_the_own_number_is_not_a_citation() -> None:
    text = (
        "Số: 512/KH-CAT-PV05\nKẾ HOẠCH\nCác đơn vị triển khai theo 512/KH-CAT-PV05, đồng thời "
        "thực hiện theo 12/KH-UBND của UBND tỉnh."
    )
    assert [(c.number, c.symbol) for c in cites(text)] == [("12", "KH-UBND")]


def test_coded_symbol_in_the_distribution_block_is_not_cited() -> None:
    text = (
        "Đề nghị các đơn vị thực hiện.\n\nNơi nhận:\n- Như trên;\n- Đơn vị thực hiện theo "
        "12/KH-UBND;\n- Lưu: VT."
    )
    assert cites(text) == []


def test_a_typed_mention_wins_over_its_own_symbol() -> None:
    (c,) = cites("thực hiện Thông tư số 23/2012/TT-BCA ngày 29/5/2012 của Bộ Công an")
    assert (c.rule, c.mention[:8]) == ("type_so_ref", "Thông tư")


CODED_RELATIONS = [
    pytest.param(
        "Thực hiện 1395/QĐ-UBND ngày 10/5/2021 của UBND tỉnh, Công an tỉnh báo cáo như sau:",
        "answers",
        id="thuc_hien_opening",
    ),
    pytest.param(
        "Căn cứ 23/2012/TT-BCA ngày 29/5/2012 của Bộ Công an;\nCăn cứ tình hình thực tế,",
        "based_on",
        id="can_cu_clause",
    ),
    pytest.param(
        "Điều 3. Quyết định này bãi bỏ 12/QĐ-UBND ngày 05/3/2019 của UBND tỉnh.",
        "repeals",
        id="bai_bo",
    ),
]


@pytest.mark.parametrize(("text", "relation"), CODED_RELATIONS)
def test_relation_cues_apply_to_coded_symbols(text: str, relation: str) -> None:
    (c,) = cites(text)
    assert c.relation == relation


# --- issuers ----------------------------------------------------------------------------------

ISSUERS = [
    pytest.param(
        "Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an về",
        "Bộ Công an",
        id="minister_to_ministry",
    ),
    pytest.param(
        "Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của Chủ tịch UBND tỉnh về việc",
        "UBND tỉnh",
        id="chairman_to_committee",
    ),
    pytest.param(
        "Quy chế phối hợp số 03/QC-BCA-BYT, ngày 26/9/2013 giữa Bộ Công an và Bộ Y tế về công tác",
        "Bộ Công an; Bộ Y tế",
        id="joint",
    ),
    pytest.param(
        "Thông tư liên tịch số 06/2015/TTLT/BCA-BGDĐT, ngày 28/08/2015 giữa Bộ Công an, "
        "Bộ Giáo dục và Đào tạo về việc",
        "Bộ Công an; Bộ Giáo dục và Đào tạo",
        id="joint_with_va_inside_a_name",
    ),
    pytest.param(
        "Chỉ thị số 09-CT/TW của Ban Bí thư về tăng cường", "Ban Bí thư Trung ương Đảng", id="alias"
    ),
    pytest.param(
        "Thông tư số 23/2012/TT-BCA ngày 27/4/2012 của Bộ Công an và Công văn số 3789/"
        "CAT-PV11(PV28)",
        "Bộ Công an",
        id="stops_before_next_document",
    ),
    pytest.param(
        "Hướng dẫn số 4126/HD-BCĐ(PV01-PV05) ngày 19/11/2018 của Ban chỉ đạo phòng, "
        "chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh "
        "Tổ quốc, Văn phòng UBND tỉnh báo cáo",
        "Ban chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn "
        "dân bảo vệ an ninh Tổ quốc",
        id="commas_inside_a_name",
    ),
    pytest.param(
        "Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư khóa XI về tăng cường",
        "Ban Bí thư Trung ương Đảng",
        id="term_of_a_party_body",
    ),
    pytest.param(
        "Nghị quyết số 02/NQ-HĐND ngày 10/7/2023 của HĐND tỉnh khóa XIII, kỳ họp thứ 12",
        "HĐND tỉnh",
        id="term_of_a_council",
    ),
]


@pytest.mark.parametrize(("text", "issuer"), ISSUERS)
def test_issuers(text: str, issuer: str) -> None:
    assert cites(text)[0].cited_issuer == issuer


def test_normalize_issuer_keeps_unknown_titles() -> None:
    assert normalize_issuer("Thủ tướng Chính phủ") == "Thủ tướng Chính phủ"


def test_empty_text() -> None:
    assert extract_citations(doc("")) == []


def test_answer_reported_in_a_news_item_is_cites() -> None:
    # regression (data/samples/thong_bao_web.html): the police's guidance answers the plan;
    # the news item that reports it only cites both
    text = (
        "Ngày 10/7/2023, Công an tỉnh thông báo kết quả 6 tháng đầu năm 2023.\n\n"
        "Thực hiện Kế hoạch số 42/KH-UBND ngày 16/01/2023 của UBND tỉnh về xây dựng phong "
        "trào năm 2023, Công an tỉnh đã tham mưu ban hành Hướng dẫn số 09/HD-CAT-PV05 ngày "
        "20/02/2023 hướng dẫn các đơn vị triển khai."
    )
    assert [c.relation for c in cites(text)] == ["cites", "cites"]


OPENING_CUES = [
    pytest.param(
        "Phúc đáp Công văn số 45/SYT-NV ngày 02/3/2023 của Sở Y tế về việc góp ý, UBND "
        "huyện có ý kiến như sau:",
        id="phuc_dap",
    ),
    pytest.param(
        "Để triển khai thực hiện có hiệu quả Kế hoạch số 12/KH-UBND ngày 05/01/2024 của "
        "UBND tỉnh, UBND xã ban hành Kế hoạch như sau:",
        id="de_trien_khai",
    ),
    pytest.param(
        "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại Thông báo số 23/TB-UBND ngày "
        "10/02/2024, Sở báo cáo như sau:",
        id="thuc_hien_chi_dao_tai",
    ),
    pytest.param(
        "Triển khai Chỉ thị số 04/CT-UBND ngày 02/4/2018 của Chủ tịch UBND tỉnh, Sở Giáo "
        "dục và Đào tạo xây dựng Kế hoạch như sau:",
        id="trien_khai",
    ),
]


@pytest.mark.parametrize("text", OPENING_CUES)
def test_opening_cues_answer_the_first_document(text: str) -> None:
    assert [c.relation for c in cites(text)] == ["answers"]


def test_theo_de_nghi_answers_the_proposing_document() -> None:
    # a decision or submission acts on the proposal it names after "tại" (held-out 03, 06)
    text = (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ;\n"
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01/3/2024."
    )
    assert [c.relation for c in cites(text)] == ["based_on", "answers"]


def test_theo_de_nghi_without_a_proposing_document_answers_nothing() -> None:
    # the proposal is not a document: the one named later is only mentioned
    text = (
        "Theo đề nghị của Giám đốc Sở Tư pháp về việc triển khai Thông tư số "
        "10/2024/TT-BTP ngày 02/5/2024 của Bộ Tư pháp."
    )
    assert [c.relation for c in cites(text)] == ["cites"]


def test_subject_span_after_the_vv_marker() -> None:
    text = (
        "Số: 88/UBND-NC\nV/v triển khai thực hiện Kế hoạch số 9/KH-BCA ngày 02/02/2022 của "
        "Bộ Công an\nKính gửi: Công an tỉnh\nNội dung khác."
    )
    s, e = text.index("V/v") + 4, text.index("\nKính")
    (c,) = cites(text, subject=(s, e), body_start=(text.index("Nội"), text.index("Nội")))
    assert c.relation == "answers"


def test_opening_wins_over_a_title_that_implements() -> None:
    text = (
        "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công "
        "an\n\nThực hiện Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 của Bộ Công an, Ban Chỉ "
        "đạo tỉnh xây dựng Kế hoạch như sau:\n\nI. MỤC ĐÍCH"
    )
    assert [(c.number, c.relation) for c in cites(text)] == [("07", "cites"), ("17", "answers")]


def test_title_that_implements_answers_when_the_opening_names_nothing() -> None:
    text = (
        "KẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công "
        "an\n\nĐể nâng cao hiệu quả phong trào, UBND huyện ban hành Kế hoạch như sau:\n\n"
        "I. MỤC ĐÍCH"
    )
    assert [(c.number, c.relation) for c in cites(text)] == [("07", "answers")]


OCR_DAMAGE = [
    pytest.param(
        "Cân cừ Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an;",
        ("Thông tư", "124", "2021/TT-BCA", "based_on"),
        id="can_cu_marks",
    ),
    pytest.param(
        "BẢNG ĐIỂM\n(Kèm thẻo Biên bản họp ngáy 20/11/2018 của Văn phòng UBND tỉnh)",
        ("Biên bản", None, None, "attached_to"),
        id="kem_theo_and_ngay_marks",
    ),
    pytest.param(
        "(1) Thông tư lĩên tịch sô 06/2015/TTLT/BCA-BGDĐT, ngày 28/08/2015 giữa Bộ Công an",
        ("Thông tư liên tịch", "06", "2015/TTLT/BCA-BGDĐT", "cites"),
        id="type_marks_symbol_code_breaks_the_tie",
    ),
    pytest.param(
        "theo Chỉ thị số 07/CT-BCẤ-V28 ngày 15/8/2014 của Bộ Công an",
        ("Chỉ thị", "07", "CT-BCA-V28", "cites"),
        id="vowel_marks_in_symbol",
    ),
]


@pytest.mark.parametrize(("text", "expected"), OCR_DAMAGE)
def test_ocr_damaged_marks(text: str, expected: tuple) -> None:
    (c,) = cites(text)
    assert (c.doc_type, c.number, c.symbol, c.relation) == expected


def test_attachment_title_line_after_the_header_body_start() -> None:
    # regression (vbpl appendices): the header puts the body before "(Kèm theo ...)"
    text = (
        "PHỤ LỤC I\nTIÊU CHÍ CHO ĐIỂM\n(Kèm theo Thông tư số 03/2026/TT-BKHCN ngày 12 tháng 02 "
        "năm 2026 của Bộ trưởng Bộ Khoa học và Công nghệ)\nPhần I\nTIÊU CHÍ"
    )
    bs = text.index("(Kèm")
    (c,) = cites(text, body_start=(bs, bs))
    assert (c.number, c.relation) == ("03", "attached_to")


def test_unnumbered_parent_only_in_a_title_line() -> None:
    text = (
        "BÁO CÁO\n\nKết quả đã nêu tại biên bản (kèm theo Biên bản họp ngày 20/11/2018 của "
        "Văn phòng) và các tài liệu khác.\n\nI. KẾT QUẢ"
    )
    assert cites(text, body_start=(9, 9)) == []


def test_attachment_carrying_its_parents_number_cites_the_parent() -> None:
    # regression (gazette appendix): the header gave the appendix its parent's number
    text = (
        "Phụ lục\n(Kèm theo Nghị định số 155/2026/NĐ-CP\nngày 15 tháng 5 năm 2026 của Chính phủ)\n"
    )
    d = doc(text)
    d.parent_ordinal = 1
    d.fields["number"] = Field("number", "155", None, None)
    d.fields["symbol"] = Field("symbol", "2026/NĐ-CP", None, None)
    (c,) = extract_citations(d)
    assert (c.number, c.relation) == ("155", "attached_to")


# --- lists, repeals, OCR'd unit codes (held-out set: tests/data/heldout) ---------------

LISTS = [
    pytest.param(
        "Bãi bỏ các Quyết định: số 12/QĐ-UBND ngày 01/02/2020, số 15/QĐ-UBND ngày "
        "03/3/2020 của UBND tỉnh.",
        [("Quyết định", "12", "repeals"), ("Quyết định", "15", "repeals")],
        id="plural_type_colon_list",
    ),
    pytest.param(
        "UBND huyện đã ban hành các Kế hoạch số 33/KH-UBND, 115/KH-UBND và 120/KH-UBND.",
        [("Kế hoạch", "33", "cites"), ("Kế hoạch", "115", "cites"), ("Kế hoạch", "120", "cites")],
        id="list_without_so",
    ),
    pytest.param(
        "Quán triệt các Chỉ thị số 05-CT/TU, 09-CT/TU của Ban Thường vụ Tỉnh ủy.",
        [("Chỉ thị", "05", "cites"), ("Chỉ thị", "09", "cites")],
        id="party_list_without_so",
    ),
    pytest.param(
        "UBND huyện đã triển khai các văn bản số 33/KH-UBND ngày 14/02/2023, số "
        "2011/UBND-NC ngày 12/8/2023.",
        [("Kế hoạch", "33", "cites"), ("Công văn", "2011", "cites")],
        id="generic_word_each_type_from_its_symbol",
    ),
    pytest.param(
        "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 2210/QĐ-UBND "
        "ngày 15/11/2021 của Chủ tịch UBND tỉnh; bãi bỏ Quyết định số 95/QĐ-UBND ngày "
        "18/01/2022 của Chủ tịch UBND tỉnh.",
        [("Quyết định", "2210", "repeals"), ("Quyết định", "95", "repeals")],
        id="replace_one_repeal_another",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists_and_repeals(text: str, expected: list) -> None:
    assert [(c.doc_type, c.number, c.relation) for c in cites(text)] == expected


def test_list_continuation_does_not_take_a_date_or_a_list_number() -> None:
    text = (
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 02/01/2024; 2- Tổ chức tuyên truyền; "
        "theo Quyết định số 15/QĐ-UBND, 15/3/2024 tổ chức hội nghị."
    )
    assert [c.number for c in cites(text)] == ["12", "15"]


def test_colon_after_the_type_needs_a_symbol() -> None:
    assert cites("Kế hoạch: số 5 cán bộ tham gia.") == []


def test_another_document_before_a_repeal_cue_is_still_its_subject() -> None:
    # reported speech: the citing document repeals nothing
    text = "Thông tư số 124/2021/TT-BCA thay thế Thông tư số 23/2012/TT-BCA."
    assert [c.relation for c in cites(text)] == ["cites", "cites"]


@pytest.mark.parametrize(
    ("written", "symbol"),
    [
        ("Kế hoạch số 121/KH-CAT-PVO5 ngày 15/3/2023", "KH-CAT-PV05"),
        ("Công văn số 1520/CO6-P4 ngày 01/3/2022", "C06-P4"),
        ("Kế hoạch số 90/KHPH-BVĐKLA-CAT ngày 22/3/2018", "KHPH-BVĐKLA-CAT"),
        ("Quy chế số 03/QCPH-CAT-MTTQ ngày 10/01/2022", "QCPH-CAT-MTTQ"),
    ],
)
def test_letter_o_for_zero_in_unit_codes(written: str, symbol: str) -> None:
    (c,) = cites(written)
    assert c.symbol == symbol


def test_footnote_mark_is_not_part_of_the_symbol() -> None:
    (c,) = cites("tham mưu ban hành Kế hoạch số 121/KH-CAT-PV05¹ ngày 15/3/2023 của Công an tỉnh.")
    assert (c.symbol, c.cited_date) == ("KH-CAT-PV05", "2023-03-15")


def test_issuing_in_the_answered_documents_subject_still_answers() -> None:
    # "về việc ban hành Kế hoạch ...": the decision's subject, not a news item's report
    text = (
        "Thực hiện Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của Chủ tịch UBND tỉnh về việc "
        "ban hành Kế hoạch số 22/KH-UBND của UBND tỉnh, Sở báo cáo như sau:"
    )
    assert [(c.number, c.relation) for c in cites(text)] == [("1395", "answers"), ("22", "cites")]


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 02/3/2023, Sở Tư pháp nhận được Công văn số 45/UBND-VX của UBND tỉnh về việc góp ý, "
        "sau khi nghiên cứu, Sở có ý kiến như sau:",
        "Sở đã nhận được Công văn số 45/UBND-VX ngày 02/3/2023 của UBND tỉnh "
        "về việc góp ý dự thảo. "
        "Phúc đáp nội dung trên, Sở có ý kiến như sau:",
    ],
)
def test_reply_answers_what_it_received(text: str) -> None:
    assert [(c.number, c.relation) for c in cites(text)] == [("45", "answers")]


def test_received_later_in_the_body_answers_nothing() -> None:
    text = (
        "Năm 2023, đơn vị đã nhận được Bằng khen theo Quyết định số 12/QĐ-UBND ngày "
        "05/01/2024 của UBND tỉnh."
    )
    assert [c.relation for c in cites(text)] == ["cites"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ban Chỉ đạo hoạt động theo Quy chế ban hành kèm theo Quyêt đĩnh số 540/QĐ-BCĐ "
            "ngày 12/5/2021.",
            ("Quyết định", "540"),
            id="damaged_inner_type_code_wins",
        ),
        pytest.param(
            "cùng cấp theo Quy chê phối hợp số 03 /QCPH-CAT-MTTQ ngày 10/01/2022 giữa Công "
            "an tỉnh và Ủy ban MTTQ tỉnh.",
            ("Quy chế", "03"),
            id="damaged_type_with_gap",
        ),
        pytest.param(
            "tiếp tục thực hiện Quyêt đinh 1395/QĐ-UBND của Chủ tịch UBND tỉnh.",
            ("Quyết định", "1395"),
            id="damaged_type_without_so",
        ),
        pytest.param(
            "theo Kế hoạch tổng kết của tỉnh đã được Kêt luân số 44-KL/TW ngày 22/9/2022 yêu cầu.",
            ("Kết luận", "44"),
            id="type_named_by_the_code_after_a_gap",
        ),
    ],
)
def test_types_read_through_ocr_damage(text: str, expected: tuple) -> None:
    (c,) = cites(text)
    assert (c.doc_type, c.number) == expected


def test_lower_case_noun_before_a_form_number_keeps_its_type() -> None:
    # "dự án ... Mẫu số 10/CT": a common noun, not a document named by the code CT
    out = cites("chi phí quản lý dự án đề nghị thanh toán\nMẫu số 10/CT")
    assert all(c.doc_type != "Chỉ thị" for c in out)


def test_proposal_cue_read_through_ocr_damage() -> None:
    text = "Theo đê nghị của Công an tỉnh tai Công văn số 1045/CAT-PV05 ngày 02/5/2024."
    assert [c.relation for c in cites(text)] == ["answers"]


# --- OCR misreadings -------------------------------------------------------------------


def test_cited_date_after_the_citing_document_is_dropped_not_kept():
    # OCR read "2023" as "2028": a document cannot cite a later one, so the date and the
    # year are unknown (the number and symbol stay).
    text = (
        "Căn cứ Tờ trình số 215/TTr-CAT-PV01 ngày 20/9/2028 của Công an tỉnh;\n"
        "Căn cứ Thông tư số 33/2022/TT-BCA ngày 28/12/2029 của Bộ trưởng Bộ Công an."
    )
    d = doc(text)
    d.fields["issued_date"] = Field("issued_date", "2023-09-26", rule="test")
    out = extract_citations(d)
    assert [(c.number, c.symbol, c.cited_date, c.cited_year) for c in out] == [
        ("215", "TTr-CAT-PV01", None, None),
        ("33", "2022/TT-BCA", None, 2022),  # the symbol's own year is still good
    ]


def test_cited_date_before_the_citing_document_is_kept():
    d = doc("Thực hiện Kế hoạch số 35/KH-CAT ngày 22/01/2024 của Công an tỉnh.")
    d.fields["issued_date"] = Field("issued_date", "2024-01", rule="test")
    assert [c.cited_date for c in extract_citations(d)] == ["2024-01-22"]


def test_type_word_starts_are_where_the_type_pattern_matches():
    # the scan led by first letters finds every start the plain look-ahead does, overlapping
    # ones ("Báo cáo" inside "Đề cương báo cáo") and damaged marks ("Quyêt đỉnh") included
    from extractors.citations import patterns as CP

    texts = [
        "Đề cương báo cáo số 5; Quyêt đỉnh số 12/QĐ-UBND, KẾ HOẠCH 30/KH-UBND",
        "xQuyết định; Thông tưliên; Luật 12; lệnh, Dự án\nNghị quyết liên tịch",
        "",
        "văn bản",
        "Kế hoạch phối hợp số 3/KH",
    ]
    for t in texts:
        assert CP.type_word_starts(t) == [m.start() for m in CP.RE_TYPE_WORD_START.finditer(t)]
    assert CP.type_word_starts(texts[0])[:3] == [0, 9, 23]
