"""Image steps before OCR (no tesseract): colour drop, deskew, column bands, DPI."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline.read.ocr import (
    SPECK_AREA,
    SPECKS_PER_MP,
    clean_specks,
    drop_colour,
    estimate_skew,
    find_column_bands,
    image_dpi,
    speck_density,
)
from pipeline.read.pixels import rotate
from tests.test_text_helpers import scan_image, speckle


@pytest.fixture(scope="module")
def page_gray():
    img = scan_image(angle=0.0, red_circle=False)
    return drop_colour(np.asarray(img.convert("RGB")), "pen")


def test_pen_colour_drop():
    rgb = np.full((10, 40, 3), 245, np.uint8)
    rgb[:, 0:10] = (15, 15, 15)  # black print
    rgb[:, 10:20] = (205, 35, 40)  # red seal
    rgb[:, 20:30] = (101, 108, 154)  # blue ballpoint
    rgb[:, 30:40] = (12, 2, 2)  # print under the seal
    gray = drop_colour(rgb, "pen")
    assert gray[0, 5] < 40 and gray[0, 35] < 40  # print stays dark
    assert gray[0, 15] > 200  # red turns light
    assert gray[0, 25] > 200  # blue stroke goes to paper


@pytest.mark.parametrize("angle", [-2.0, 1.5, 3.0])
def test_skew_estimate_undoes_rotation(page_gray, angle):
    rotated = rotate(page_gray, angle)
    assert estimate_skew(rotated) == pytest.approx(-angle, abs=0.25)


def test_header_band_found_between_the_columns(page_gray):
    bands = find_column_bands(page_gray, dpi=200)
    assert [b[0] for b in bands] == ["header"]
    _, top, bottom, split = bands[0]
    w = page_gray.shape[1]
    # The split lies in the white gutter between issuer (centred at 1.9 in) and motto.
    assert 0.35 * w < split < 0.55 * w
    # The band stops above the body (body starts 4 lines down, at about 1.18 in).
    assert bottom < 1.3 * 200


def test_no_band_on_a_page_of_full_lines():
    img = Image.new("L", (1654, 1000), 250)
    from PIL import ImageDraw, ImageFont

    from tests.test_text_helpers import SERIF

    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(str(SERIF), 29)
    for i in range(8):
        d.text(
            (150, 100 + 45 * i),
            "Thực hiện Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 " * 2,
            fill=10,
            font=f,
        )
    assert find_column_bands(np.asarray(img), dpi=200) == []


@pytest.mark.parametrize(
    ("size", "dpi", "expected"),
    [
        pytest.param((1654, 2339), None, 200, id="a4_200dpi_no_metadata"),
        pytest.param((2480, 3508), (300, 300), 300, id="metadata"),
        pytest.param((4000, 3000), (72, 72), 363, id="camera_72dpi_a4_guess"),
        pytest.param((500, 400), None, 300, id="tiny_falls_back"),
    ],
)
def test_image_dpi(size, dpi, expected):
    im = Image.new("L", size, 255)
    if dpi:
        im.info["dpi"] = dpi
    assert image_dpi(im, 300) == expected


def test_header_band_stops_before_flush_left_short_lines():
    # A báo cáo typeset flush left: the type line and the Kính gửi list are short and
    # leave the gutter white, but they come after the header's blank line; read as
    # header they would be put before the motto and the date.
    body = ["BÁO CÁO", "Kính gửi:", "- Công an tỉnh;", "- Công an huyện."]
    img = scan_image(angle=0.0, red_circle=False, body=body)
    gray = drop_colour(np.asarray(img.convert("RGB")), "pen")
    bands = find_column_bands(gray, dpi=200)
    assert [b[0] for b in bands][:1] == ["header"]
    line_h = 15 * 200 / 72
    body_top = 0.35 * 200 + 4 * line_h
    assert bands[0][2] < body_top


def test_words_far_apart_on_a_line_are_kept_apart_by_a_tab():
    from pipeline.read._exec.tesseract import Word
    from pipeline.read.ocr import words_to_text

    def w(text, left, line=1):
        return Word(text, 95.0, left, 100 * line, 30 * len(text), 40, 1, 1, line)

    # "THƯ KÝ" over the left signer, "CHỦ TRÌ" over the right one, one Tesseract line;
    # a justified line's stretched word space (under one em) stays a space.
    words = [w("THƯ", 300), w("KÝ", 420), w("CHỦ", 1500), w("TRÌ", 1620)]
    words += [w("Căn", 300, 2), w("cứ", 420 + 40, 2)]
    assert words_to_text(words) == "THƯ KÝ\tCHỦ TRÌ\nCăn cứ"


def test_a_wide_line_gap_in_the_body_is_a_blank_line():
    from pipeline.read._exec.tesseract import Word
    from pipeline.read.ocr import words_to_text

    # Lines at a 70 px pitch; the Kính gửi list ends with 30 px more space before the
    # body. A blank line there is what ends the list for the extractors.
    tops = [100, 170, 240, 340, 410]
    texts = ["Kính gửi:", "- Công an huyện;", "- UBND các xã.", "Thực hiện Kế hoạch", "số 12."]
    words = [
        Word(t, 95.0, 300, y, 400, 40, 1, 1, i)
        for i, (t, y) in enumerate(zip(texts, tops, strict=True))
    ]
    assert words_to_text(words, paragraphs=True).split("\n") == [
        "Kính gửi:",
        "- Công an huyện;",
        "- UBND các xã.",
        "",
        "Thực hiện Kế hoạch",
        "số 12.",
    ]
    # Header columns are read without it (their spacing is the typesetter's, not paragraphs).
    assert "\n\n" not in words_to_text(words)


@pytest.fixture(scope="module")
def page_300():
    img = scan_image(dpi=300, angle=0.6, red_circle=False)
    return drop_colour(np.asarray(img.convert("RGB")), "pen")


def test_a_speckled_page_is_told_from_a_clean_one(page_300):
    assert speck_density(page_300, 300) < SPECKS_PER_MP / 4
    dusty = speckle(page_300)
    assert speck_density(dusty, 300) > SPECKS_PER_MP * 4


def _big_components(gray: np.ndarray) -> int:
    import cv2

    ink = (gray < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] > SPECK_AREA).sum())


def test_clean_specks_paints_out_the_dots_and_keeps_the_print(page_300):
    # On a clean page it takes nothing of the print: full stops and diacritic dots are
    # larger than a speck at 300 dpi.
    kept = clean_specks(page_300, 300)
    assert _big_components(kept) == _big_components(page_300)
    assert np.count_nonzero(kept < 128) >= 0.999 * np.count_nonzero(page_300 < 128)
    dusty = speckle(page_300)
    cleaned = clean_specks(dusty, 300)
    assert speck_density(cleaned, 300) < SPECKS_PER_MP / 4
    # the print is still there: what was ink on the clean page is ink after the clean-up
    # (a speck touching a letter stays: it is part of the letter's component)
    ink = page_300 < 128
    assert np.count_nonzero(cleaned[ink] < 128) >= 0.99 * np.count_nonzero(ink)
