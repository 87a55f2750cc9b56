"""Text clean-up steps: each named step on its own, and the default chain."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.clean import DEFAULT_STEPS, STEPS, clean_text
from schemas.records import PAGE_BREAK

CASES = [
    pytest.param("nfc", unicodedata.normalize("NFD", "Quảng Ngãi"), "Quảng Ngãi", id="nfd_to_nfc"),
    pytest.param(
        "whitespace",
        "Số:\u00a04575/BC-VP  \nA\u200bB",
        "Số: 4575/BC-VP\nAB",
        id="nbsp_zero_width_trailing",
    ),
    pytest.param(
        "whitespace", "UBND          CỘNG HÒA", "UBND          CỘNG HÒA", id="column_gap_kept"
    ),
    pytest.param("html_tags", "<i>(Nếu thiếu)</i>", "(Nếu thiếu)", id="inline_html"),
    pytest.param(
        "markdown_marks",
        "**Cuộc họp** (*không tổ chức*)",
        "Cuộc họp (không tổ chức)",
        id="emphasis",
    ),
    pytest.param(
        "markdown_marks",
        "Số: ~~2749~~ UBND-NC",
        "Số: ~~2749~~ UBND-NC",
        id="strike_kept_for_the_number_rule",
    ),
    pytest.param(
        "tone_placement",
        "Khánh Hoà; Thuỷ lợi; Uỷ ban; UỶ BAN NHÂN DÂN; sức khoẻ; Toà án; huỷ bỏ",
        "Khánh Hòa; Thủy lợi; Ủy ban; ỦY BAN NHÂN DÂN; sức khỏe; Tòa án; hủy bỏ",
        id="old_tone_placement_made_new",
    ),
    pytest.param(
        "tone_placement",
        "quý I; Quỳnh; QUỸ; Hoàng; toán; thuở; thuyền; của; khuya",
        "quý I; Quỳnh; QUỸ; Hoàng; toán; thuở; thuyền; của; khuya",
        id="qu_and_closed_syllables_untouched",
    ),
    pytest.param("tone_placement", "Qúy II/2024", "Quý II/2024", id="misplaced_after_qu"),
    pytest.param("ocr_words", "Sô: 12/BC-VP", "Số: 12/BC-VP", id="So_circumflex"),
    pytest.param(
        "ocr_words", "ngảy 28 thảng 11 nãm 2018", "ngày 28 tháng 11 năm 2018", id="date_words"
    ),
    pytest.param(
        "ocr_words", "Tháng ba thảng nãm", "Tháng ba thảng nãm", id="words_without_digits_untouched"
    ),
    pytest.param(
        "ocr_digits",
        "1O/2018/NĐ-CP và năm 2O18",
        "10/2018/NĐ-CP và năm 2018",
        id="letter_O_in_numbers",
    ),
    pytest.param("ocr_digits", "PV01 Ông Lâm", "PV01 Ông Lâm", id="words_untouched"),
    pytest.param(
        "symbol_breaks",
        "4575 / BC-VP; 73 / 2025 /TT-NHNN",
        "4575/BC-VP; 73/2025/TT-NHNN",
        id="spaced_slashes",
    ),
    pytest.param(
        "symbol_breaks",
        "số 566/UBND-\nNC ngày",
        "số 566/UBND-NC ngày",
        id="symbol_broken_over_lines",
    ),
    pytest.param("symbol_breaks", "Số: /KH-BCĐ", "Số: /KH-BCĐ", id="blank_number_untouched"),
    pytest.param(
        "symbol_breaks",
        "Độc lập - Tự do -\nHạnh phúc",
        "Độc lập - Tự do -\nHạnh phúc",
        id="spaced_hyphen_untouched",
    ),
    pytest.param(
        "doubled_vowels",
        "PHÓ BÍ THƯ THƯỜNG TRỤỰC; Phó Giám đoốc; đaậu",
        "PHÓ BÍ THƯ THƯỜNG TRỰC; Phó Giám đốc; đậu",
        id="stacked_vowel_read_twice",
    ),
    pytest.param(
        "doubled_vowels",
        "hưu trí, thuở, cuộc, tuần, hoặc, thuế, xoong, Quảng",
        "hưu trí, thuở, cuộc, tuần, hoặc, thuế, xoong, Quảng",
        id="real_vowel_pairs_untouched",
    ),
    pytest.param(
        "roman_numerals",
        "tại Phụ lục I và Phụ lục H kèm theo\nPHỤ LỤC HI\nMục l",
        "tại Phụ lục I và Phụ lục II kèm theo\nPHỤ LỤC III\nMục I",
        id="roman_numeral_misread",
    ),
    pytest.param(
        "roman_numerals",
        "Phụ lục 1; Phần Hà Nội; Chương HH",
        "Phụ lục 1; Phần Hà Nội; Chương HH",
        id="arabic_and_words_untouched",
    ),
    pytest.param(
        "broken_dates",
        "Quảng Ngãi, ngày 17 tháng 10 năm\n2023\nTHÔNG BÁO; ngày 05 tháng\n6 năm 2024",
        "Quảng Ngãi, ngày 17 tháng 10 năm 2023\nTHÔNG BÁO; ngày 05 tháng 6 năm 2024",
        id="date_broken_over_two_lines",
    ),
    pytest.param(
        "broken_dates",
        "ngày 17 tháng 10 năm\n\n2023 là năm",
        "ngày 17 tháng 10 năm\n\n2023 là năm",
        id="paragraph_break_not_joined",
    ),
    pytest.param(
        "symbol_letters",
        "Số: 18/TIr-PNV\nTờ trình số 44/Tlr-SGDĐT; 25-CIr/TU",
        "Số: 18/TTr-PNV\nTờ trình số 44/TTr-SGDĐT; 25-CTr/TU",
        id="ttr_read_tir",
    ),
    pytest.param(
        "broken_dates",
        "an ninh Tổ quốc năm\n2023\n\nKính gửi: Sở Nội vụ",
        "an ninh Tổ quốc năm 2023\n\nKính gửi: Sở Nội vụ",
        id="year_alone_after_nam",
    ),
    pytest.param(
        "list_dashes",
        "Kính gửi:\nˆ Ủy ban nhân dân huyện Gio Linh;\n- Ủy ban nhân dân huyện Vĩnh Linh.",
        "Kính gửi:\n- Ủy ban nhân dân huyện Gio Linh;\n- Ủy ban nhân dân huyện Vĩnh Linh.",
        id="list_dash_read_as_accent",
    ),
]


@pytest.mark.parametrize(("step", "text", "want"), CASES)
def test_step(step, text, want):
    assert STEPS[step](text) == want


def test_default_chain_keeps_page_breaks():
    text = f"Trang một  \n{PAGE_BREAK}Sô: 1/BC-VP"
    out = clean_text(text)
    assert PAGE_BREAK in out and out.endswith("Số: 1/BC-VP")


def test_steps_are_named_and_ordered():
    assert DEFAULT_STEPS[0] == "nfc" and set(DEFAULT_STEPS) == set(STEPS)
