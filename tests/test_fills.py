"""Handwritten number and day blanks read again with the pen kept (pipeline.read.fills)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.read import fills, ocr
from pipeline.read._exec import linerec

TODAY = dt.date(2026, 12, 5)


def _w(text, x0, start, conf=0.95, y0=0.1):
    return (text, x0, y0, x0 + 0.01 * len(text), y0 + 0.015, conf, start, start + len(text))


def _words(text: str, confs: dict[str, float] | None = None) -> list[fills.Word]:
    """Words of a one-page text, boxes laid out left to right, line by line."""
    out, pos = [], 0
    for li, line in enumerate(text.split("\n")):
        x = 0.1
        for tok in line.split(" "):
            start = text.index(tok, pos)
            out.append(_w(tok, x, start, (confs or {}).get(tok, 0.95), y0=0.05 + 0.03 * li))
            x += 0.01 * len(tok) + 0.01
            pos = start + len(tok)
    return out


# ---------------------------------------------------------------- finding the blanks


def test_a_printed_number_and_day_need_no_second_reading():
    text = "Số: 46/TB-UBND\nQuảng Ngãi, ngày 24 tháng 01 năm 2025"
    assert fills.find_slots(text, _words(text)) == []


def test_junk_in_the_blanks_is_read_again():
    text = "Số:4@` /TB-UBND\nQuảng Ngãi, ngày 2# thángØ†? năm 2025"
    slots = fills.find_slots(text, _words(text, {"Số:4@`": 0.6, "2#": 0.9}))
    kinds = {s.kind: s for s in slots}
    assert set(kinds) == {"number", "date"}
    assert kinds["date"].need_day and kinds["date"].need_month


def test_a_misread_low_confidence_number_is_read_again():
    text = "Số: 2L /CT-UBND"
    assert [s.kind for s in fills.find_slots(text, _words(text, {"2L": 0.33}))] == ["number"]


@pytest.mark.parametrize(
    "text",
    [
        "số: 9@3 /CTUBND",  # the S read small beside the handwriting, the hyphen lost
        "Số: /⁄⁄ /!CTUBND",  # ink beside the symbol's slash
        "Số: ‡4 /2026/NQ-CP",  # a symbol with its year
    ],
)
def test_number_lines_as_ocr_damages_them_are_found(text):
    slots = fills.find_slots(text, _words(text, dict.fromkeys(text.split()[1:-1], 0.3)))
    assert [s.kind for s in slots] == ["number"]


def test_a_citation_in_the_body_is_no_number_line():
    # "số 1395/QĐ-UBND" read with a low confidence in the first lines of a page 2
    text = "Thực hiện Quyết định số 1395/QĐ-UBND ngày 04 tháng 02 năm 2021"
    assert fills.find_slots(text, _words(text, {"1395/QĐ-UBND": 0.59})) == []


def test_the_place_is_no_day_anchor():
    # "Ngãi," is not "ngày": the blank after "ngày" is the day, not what follows "Ngãi"
    text = "Quảng Ngãi, ngày 15 tháng 6 năm 2021"
    assert fills.find_slots(text, _words(text)) == []


# ---------------------------------------------------------------- judging readings


class FakeRead:
    """A reading as the line recogniser gives it; ``digits`` reads a part as digits
    only, here by the recogniser's usual second choices (Q -> 8, l -> 1, / -> 1)."""

    SECOND = str.maketrans({"Q": "8", "l": "1", "/": "1", "O": "0"})

    def __init__(self, text: str, confidence: float = 0.95):
        self.text, self.confidence = text, confidence

    def digits(self, first: int, last: int) -> tuple[str, float]:
        part = self.text[first : last + 1].translate(self.SECOND)
        return "".join(c for c in part if c.isdigit()), 0.6


def _reads(*texts: str, conf: float = 0.95) -> list[FakeRead]:
    return [FakeRead(t, conf) for t in texts]


def test_digits_only_decoding_takes_the_best_digit_where_a_letter_won():
    import numpy as np

    chars = ("", "S", ":", "6", "8", "Q", "/", " ")
    # frames: S : blank 6 blank Q(0.6, 8 0.3) blank /
    rows = [(1, 0.9), (2, 0.9), (0, 0.9), (3, 0.9), (0, 0.9), (5, 0.6), (0, 0.9), (6, 0.9)]
    probs = np.full((len(rows), len(chars)), 0.01, dtype=np.float32)
    for t, (k, p) in enumerate(rows):
        probs[t, k] = p
    probs[5, 4] = 0.3
    text = "S:6Q/"
    read = linerec.LineRead(text, 0.85, (0, 1, 3, 5, 7), probs, chars)
    assert read.digits(2, 3) == ("68", pytest.approx(0.6))


def test_number_taken_when_readings_agree_and_never_sure():
    got = fills.judge_number(
        _reads("S6: 46 /TB-UBND", "S6: 46 /TB-UBND", "So: 46/TB-UBND", conf=0.99)
    )
    assert got is not None and got[0] == "46"
    assert got[1] < 0.8  # one engine, however sure, is one reading


def test_number_left_when_readings_disagree():
    reads = _reads("S6: 41 /CT-UBND", "S6: 11 /CT-UBND", "S6: 71 /CT-UBND")
    assert fills.judge_number(reads) is None


def test_number_with_a_letter_for_a_digit_is_unsure():
    got = fills.judge_number(_reads("S: 6Q /QD-UBND", "S6: 6Q /QD-UBND", "S6: 68 /QD-UBND"))
    assert got is not None and got[0] == "68"
    assert got[1] <= fills.MAPPED_CONF


@pytest.mark.parametrize(
    "read,month,why",
    [
        ("ngay 30 thang 02 nam 2025", None, "no 30 February"),
        ("ngay 24 thang 01 nam 2024", 1, "the printed year is 2025"),
        ("ngay 24 thang 03 nam 2025", 1, "the printed month is 1"),
        ("ngay 24 thang 12 nam 2026", None, "after today"),
    ],
)
def test_implausible_days_are_refused(read, month, why):
    year = 2026 if "2026" in read else 2025
    day, _ = fills.judge_date(
        _reads(read, read, read), printed_year=year, printed_month=month, today=TODAY
    )
    assert day is None, why


def test_day_and_month_read_together():
    day, month = fills.judge_date(
        _reads("ngay 04 thang01 nam 2021", "ngay 04 thang01 nam 2021", "ngay 04 thing01 nam 2021"),
        printed_year=2021,
        printed_month=None,
        today=TODAY,
    )
    assert day is not None and day[0] == "04" and day[1] < 0.8
    assert month is not None and month[0] == "01"


def test_a_day_with_its_first_stroke_read_as_a_slash_is_read_again_as_digits():
    day, _ = fills.judge_date(
        _reads("ngay/1 thang 5 nam 2021", "ngay/1 thang 5 nam 2021", "ngay1 thang 5 nam 2021"),
        printed_year=2021,
        printed_month=5,
        today=TODAY,
    )
    assert day is not None and day[0] == "11" and day[1] <= fills.MAPPED_CONF


# ---------------------------------------------------------------- writing into the page


def test_fill_written_into_the_text_with_words_that_still_point_at_it():
    text = "ỦY BAN\nSố:4@` /TB-UBND\nQuảng Ngãi, ngày 2# tháng 01 năm 2025\nTHÔNG BÁO"
    words = _words(text)
    num = next(i for i, w in enumerate(words) if w[0].startswith("Số"))
    day = next(i for i, w in enumerate(words) if w[0] == "ngày")
    month = next(i for i, w in enumerate(words) if w[0] == "tháng")
    edits = [
        fills._blank_edit(words, num, num + 1, ("46", 0.7)),
        fills._between_edit(words, day, month, "ngày", ("24", 0.6)),
    ]
    new_text, new_words = fills._apply(text, words, edits)
    assert new_text == "ỦY BAN\nSố: 46 /TB-UBND\nQuảng Ngãi, ngày 24 tháng 01 năm 2025\nTHÔNG BÁO"
    for w in new_words:
        assert new_text[w[6] : w[7]] == w[0]
    confs = {w[0]: w[5] for w in new_words}
    assert confs["46"] == 0.7 and confs["24"] == 0.6
    assert "4@`" not in {w[0] for w in new_words} and "2#" not in {w[0] for w in new_words}


# ---------------------------------------------------------------- end to end (synthetic)

needs_engine = pytest.mark.skipif(not linerec.available(), reason="line recogniser not installed")


@needs_engine
@pytest.mark.parametrize("ink", ["blue", "black"])
def test_handwritten_number_and_day_read_from_a_rendered_scan(ink):
    from tests.handwriting import header_page

    page = header_page("46", "24", month=1, year=2025, ink=ink, seed=3)
    first = ocr.ocr_image(page, settings=ocr.OcrSettings(), dpi=300)
    result = ocr.fill_blanks(page, first)
    got = {f.slot: f for f in result.fills}
    # whatever the page OCR made of the fill, the text now holds what was written, or
    # the blank is left as OCR left it; never a different number
    if "number" in got:
        assert got["number"].value == "46" and got["number"].confidence < 0.8
        assert "Số: 46 /CT-UBND" in result.text
    if "day" in got:
        assert got["day"].value == "24" and got["day"].confidence < 0.8
        assert "ngày 24 tháng" in result.text
    assert got, "neither blank was read"
    for w in result.words:
        assert result.text[w[6] : w[7]] == w[0]


@needs_engine
def test_empty_blanks_stay_empty():
    from tests.handwriting import header_page

    page = header_page(None, None, seed=5)
    first = ocr.ocr_image(page, settings=ocr.OcrSettings(), dpi=300)
    result = ocr.fill_blanks(page, first)
    assert result.fills == ()
    assert result.text == first.text


def test_a_sign_where_no_digit_is_likely_gives_no_value():
    class NoDigit(FakeRead):
        def digits(self, first, last):
            return "4", 0.0007  # the model's best digit for "H", and how unlikely it is

    reads = [NoDigit("ngay 29 thang H nam 2026")] * 3
    day, month = fills.judge_date(reads, printed_year=2026, printed_month=None, today=TODAY)
    assert day is None and month is None  # the day needs its month: both left empty


def test_a_number_read_unsurely_by_ocr_is_read_again():
    text = "Số: 445 /NQ-CP"
    words = _words(text, {"445": 0.67})
    assert [s.kind for s in fills.find_slots(text, words)] == ["number"]
    assert fills.find_slots(text, _words(text, {"445": 0.93})) == []  # print, read surely


def test_two_engines_that_agree_leave_the_page_as_it_is_and_that_differ_are_unsure():
    assert fills._against_ocr(("46", 0.7), "46") is None
    assert fills._against_ocr(("415", 0.7), "445") == ("415", fills.DISAGREE_CONF)
    assert fills._against_ocr(("46", 0.7), None) == ("46", 0.7)


def test_an_unsure_ocr_number_the_second_reading_cannot_confirm_loses_its_confidence():
    text = "Số: 24 /UBND-NC"
    words = _words(text, {"24": 0.84})
    out = fills._unconfirmed(words, [w for w in words if w[0] == "24"])
    assert [w[0] for w in out] == [w[0] for w in words]  # the value stands
    assert {w[0]: w[5] for w in out}["24"] == fills.DISAGREE_CONF
    assert {w[0]: w[5] for w in out}["Số:"] == 0.95
