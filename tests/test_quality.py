"""The text-quality measure (pipeline.read.quality): syllable grammar and page score."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.read.quality import has_mark, is_syllable, measure

# An opening as the genre writes it (no sample's text).
GOOD_WORDS_EXAMPLE = (
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về việc tăng cường công tác quản lý, "
    "Sở Giáo dục và Đào tạo yêu cầu các phòng, ban triển khai thực hiện nghiêm túc. "
)


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("nghị", id="ngh_before_i"),
        pytest.param("Quyết", id="qu_yêt"),
        pytest.param("quốc", id="qu_ôc"),
        pytest.param("giữ", id="gi_onset"),
        pytest.param("gìn", id="g_before_i"),
        pytest.param("khuyến", id="medial_u"),
        pytest.param("hoạch", id="medial_o_stop_coda_nặng"),
        pytest.param("trường", id="ươ_nucleus"),
        pytest.param("ĐƯỜNG", id="upper_case"),
        pytest.param("ấy", id="no_onset"),
    ],
)
def test_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("tiép", id="english_ocr_of_tiếp"),
        pytest.param("cia", id="c_before_i"),
        pytest.param("kan", id="k_before_a"),
        pytest.param("gidm", id="no_rhyme"),
        pytest.param("thyc", id="english_ocr_of_thực"),
        pytest.param("họàn", id="two_tones"),
        pytest.param("càc", id="stop_coda_with_huyền"),
        pytest.param("Camera", id="foreign_word"),
    ],
)
def test_invalid_syllables(word):
    assert not is_syllable(word)


def test_marks():
    assert has_mark("đi") and has_mark("cơ") and has_mark("là")
    assert not has_mark("ban")


def test_vietnamese_prose_scores_high():
    q = measure(GOOD_WORDS_EXAMPLE * 3)
    assert q.score is not None and q.score > 0.9


def test_text_stripped_of_marks_scores_low_though_its_syllables_are_valid():
    text = (GOOD_WORDS_EXAMPLE * 3).replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    q = measure(plain)
    assert q.valid > 0.7  # most words are still syllables ("ban", "dan"; not "hien")...
    assert q.score is not None and q.score < 0.3  # ...but the marks are gone


def test_abbreviations_and_codes_are_not_counted():
    q = measure("UBND HĐND CT-UBND 07/CT-BCA-V28 S6 " * 20)
    assert q.words == 0 and q.score is None


def test_ocr_confidence_enters_the_score():
    text = GOOD_WORDS_EXAMPLE * 3
    assert measure(text, 0.4).score < measure(text, 0.95).score


def test_too_few_words_to_judge():
    assert measure("Trang 2").score is None


def test_a_page_that_reads_poorly_lowers_the_confidence_of_its_fields():
    """Text quality is used by field confidences: the same header on a page whose text
    reads poorly (a kept layer without diacritics) is less sure than on a good page."""
    from extractors import extract_documents
    from schemas.records import FileText, PageText

    text = (
        "UBND TỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 120/UBND-NC\nQuảng Ngãi, ngày 05 tháng 3 năm 2024\n"
        "V/v triển khai thực hiện Chỉ thị\nKính gửi: Công an tỉnh\nNội dung./.\n"
    )

    def number_conf(quality):
        page = PageText(1, text, "text-layer", None, quality=quality)
        (doc,) = extract_documents(FileText("application/pdf", (page,), "text-layer"))
        return doc.fields["number"].confidence

    good, poor = number_conf(0.95), number_conf(0.4)
    assert poor < good
    assert poor < 0.8 <= good  # below vanthu review's default threshold: listed for review
