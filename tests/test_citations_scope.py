"""How far a relation cue reaches (held-out round 2): parallel objects of one opening
"Thực hiện", an answer verb after a purpose clause, and the end of a "Căn cứ" clause.
Each row: the text and the relation of each distinct cited document (type, number)."""

from __future__ import annotations

import pytest

from extractors.citations import extract_citations
from schemas.records import RELATION_STRENGTH, DocumentRecord


def relations(text: str) -> dict[tuple, str]:
    d = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    out: dict[tuple, str] = {}
    for c in extract_citations(d):
        k = (c.doc_type, c.number)
        if k not in out or RELATION_STRENGTH[c.relation] > RELATION_STRENGTH[out[k]]:
            out[k] = c.relation
    return out


# --- one opening verb, several documents as its objects ---------------------------------

PARALLEL = [
    pytest.param(
        "Thực hiện Kế hoạch số 31-KH/TWĐTN-TNNT ngày 10/02/2025 của Ban Bí thư Trung ương "
        "Đoàn về Tháng hành động vì môi trường; Kế hoạch số 08-KH/HU ngày 20/01/2025 của Ban "
        "Thường vụ Huyện ủy về công tác dân vận, Ban Thường vụ Huyện đoàn xây dựng kế hoạch "
        "như sau:\n\nI. MỤC ĐÍCH",
        {("Kế hoạch", "31"): "answers", ("Kế hoạch", "08"): "answers"},
        id="semicolon_after_the_first_ones_description",
    ),
    pytest.param(
        "Triển khai Chỉ thị số 05/CT-UBND ngày 03/4/2024 của Chủ tịch UBND tỉnh và Kế hoạch "
        "số 77/KH-SGDĐT ngày 15/4/2024 của Sở Giáo dục và Đào tạo, Phòng Giáo dục huyện "
        "hướng dẫn các trường như sau:",
        {("Chỉ thị", "05"): "answers", ("Kế hoạch", "77"): "answers"},
        id="va_between_two_objects",
    ),
    pytest.param(
        "Thực hiện Quyết định số 210/QĐ-UBND ngày 02/3/2024, Công văn số 455/UBND-KGVX ngày "
        "09/3/2024 của UBND tỉnh, Sở Nội vụ báo cáo như sau:",
        {("Quyết định", "210"): "answers", ("Công văn", "455"): "answers"},
        id="comma_between_two_objects",
    ),
    pytest.param(
        "Thực hiện Kế hoạch số 31/KH-UBND ngày 10/02/2025 của UBND tỉnh (sau đây gọi tắt là "
        "Kế hoạch số 31), Công văn số 140/SNV-TĐKT ngày 20/02/2025 của Sở Nội vụ, UBND huyện "
        "báo cáo như sau:",
        {("Kế hoạch", "31"): "answers", ("Công văn", "140"): "answers"},
        id="object_after_the_previous_ones_alias",
    ),
    pytest.param(
        "Thực hiện Công văn số 61/BCA-V05 ngày 11/01/2024 của Bộ Công an về việc thực hiện "
        "Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư, Công an tỉnh báo cáo như sau:",
        {("Công văn", "61"): "answers", ("Chỉ thị", "09"): "cites"},
        id="document_inside_the_description_is_cited",
    ),
    pytest.param(
        "Thực hiện Hướng dẫn số 12/HD-CAT ngày 05/5/2023 của Công an tỉnh hướng dẫn thi hành "
        "Thông tư số 124/2021/TT-BCA ngày 28/12/2021 và Quyết định số 9/QĐ-BCA "
        "ngày 02/01/2022 "
        "của Bộ Công an, Công an huyện báo cáo:",
        {
            ("Hướng dẫn", "12"): "answers",
            ("Thông tư", "124"): "cites",
            ("Quyết định", "9"): "cites",
        },
        id="list_inside_the_description_is_cited",
    ),
    pytest.param(
        "Thực hiện Kế hoạch số 42/KH-UBND ngày 16/01/2023 của UBND tỉnh về phong trào năm "
        "2023; từ ngày 01/02/2023 các đơn vị đã áp dụng Quyết định số 3/QĐ-CAT ngày 05/01/2023 "
        "của Công an tỉnh.",
        {("Kế hoạch", "42"): "answers", ("Quyết định", "3"): "cites"},
        id="semicolon_then_a_new_clause_is_not_an_object",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARALLEL)
def test_parallel_objects_of_the_opening_verb(text: str, expected: dict) -> None:
    assert relations(text) == expected


# --- "Để …, thực hiện Chỉ thị số …": an answer verb after a purpose clause ---------------

PURPOSE = [
    pytest.param(
        "Kính gửi:\n- Các Sở, ban, ngành;\n- UBND các huyện.\n\nThời gian qua đã xảy ra nhiều "
        "vụ cháy nhà ở kết hợp kinh doanh. Để phòng ngừa, kiềm chế cháy, nổ, thực hiện Công "
        "điện số 07/CĐ-TTg ngày 12/9/2023 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu:\n\n"
        "1. Rà soát các cơ sở.",
        {("Công điện", "07"): "answers"},
        id="de_clause_then_thuc_hien_in_the_opening",
    ),
    pytest.param(
        "Nhằm nâng cao chất lượng tiếp công dân, triển khai Kế hoạch số 18/KH-UBND ngày "
        "04/3/2024 của UBND huyện, Thanh tra huyện báo cáo như sau:",
        {("Kế hoạch", "18"): "answers"},
        id="nham_clause_then_trien_khai",
    ),
    pytest.param(
        "Thực hiện Công văn số 15/UBND-NC ngày 02/01/2024 của UBND tỉnh, Sở Y tế báo cáo. Để "
        "bảo đảm tiến độ, thực hiện Chỉ thị số 22/CT-BYT ngày 18/11/2023 của Bộ Y tế, Sở đề "
        "nghị các đơn vị:",
        {("Công văn", "15"): "answers", ("Chỉ thị", "22"): "cites"},
        id="opening_already_answers_an_earlier_document",
    ),
    pytest.param(
        "Thời gian qua các bệnh viện đã thực hiện Chỉ thị số 22/CT-BYT ngày 18/11/2023 của Bộ "
        "trưởng Bộ Y tế, Cục đề nghị các đơn vị:",
        {("Chỉ thị", "22"): "cites"},
        id="lower_case_verb_without_a_purpose_clause",
    ),
    pytest.param(
        "Để bảo đảm tiến độ thực hiện Chỉ thị số 22/CT-BYT ngày 18/11/2023 của Bộ Y tế, Cục "
        "đề nghị các đơn vị:",
        {("Chỉ thị", "22"): "cites"},
        id="document_inside_the_purpose_clause",
    ),
    pytest.param(
        "Cục đề nghị các đơn vị thực hiện như sau:\n\n1. Tổ chức tập huấn. Để bảo đảm an "
        "toàn, thực hiện Thông tư số 09/2016/TTLT-BYT-BCA ngày 28/3/2016, các đơn vị phối hợp.",
        {("Thông tư", "09"): "cites"},
        id="purpose_clause_after_the_opening",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PURPOSE)
def test_answer_verb_after_a_purpose_clause(text: str, expected: dict) -> None:
    assert relations(text) == expected


# --- a "Căn cứ" clause ends where the main clause begins -------------------------------

BASED_ON_SCOPE = [
    pytest.param(
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ ban hành Bộ "
        "tiêu chí quốc gia về xã nông thôn mới, Hội đồng thẩm định xem xét hồ sơ theo Tờ "
        "trình số 41/TTr-UBND ngày 02/6/2023 của UBND huyện.",
        {("Quyết định", "318"): "based_on", ("Tờ trình", "41"): "cites"},
        id="document_in_the_main_clause_is_cited",
    ),
    pytest.param(
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ,\nHội đồng "
        "thẩm định xem xét hồ sơ theo Tờ trình số 41/TTr-UBND ngày 02/6/2023.",
        {("Quyết định", "318"): "based_on", ("Tờ trình", "41"): "cites"},
        id="main_clause_on_a_line_ocr_wrapped",
    ),
    pytest.param(
        "Căn cứ Kế hoạch số 10/KH-UBND ngày 05/01/2024 của UBND huyện, UBND xã báo cáo kết "
        "quả thực hiện Công văn số 5/UBND-VP ngày 02/01/2024 như sau:",
        {("Kế hoạch", "10"): "based_on", ("Công văn", "5"): "cites"},
        id="main_clause_with_its_own_verb",
    ),
    pytest.param(
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ, Thông tư số "
        "12/2024/TT-BNV ngày 05/7/2024 của Bộ Nội vụ và Quyết định số 7/QĐ-UBND ngày "
        "02/01/2024 của UBND tỉnh;\nTheo đề nghị của Trưởng phòng Nội vụ;",
        {
            ("Nghị định", "98"): "based_on",
            ("Thông tư", "12"): "based_on",
            ("Quyết định", "7"): "based_on",
        },
        id="documents_listed_with_the_object",
    ),
    pytest.param(
        "Căn cứ Luật Thi đua, Khen thưởng số 06/2022/QH15 ngày 15/6/2022; Nghị định số "
        "98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ;",
        {("Luật", "06"): "based_on", ("Nghị định", "98"): "based_on"},
        id="capital_after_a_comma_inside_a_law_name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BASED_ON_SCOPE)
def test_based_on_scope(text: str, expected: dict) -> None:
    assert relations(text) == expected
