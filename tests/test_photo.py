"""Phone photos: page found and flattened, light evened, before OCR (pipeline.read.photo)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from pipeline.read import photo
from pipeline.read.text import TextOptions, read_file
from tests.handwriting import phone_photo
from tests.test_text_helpers import scan_image


def _page(dpi: int = 300) -> np.ndarray:
    return np.asarray(scan_image(dpi=dpi, angle=0.0, red_circle=False))


def test_a_scan_is_left_as_it_is():
    page = _page()
    prepared = photo.prepare(page)
    assert prepared.steps == ()
    assert prepared.image is page


def test_a_photo_is_flattened_and_evenly_lit():
    shot = phone_photo(_page(), seed=2, shade=0.25)
    assert photo.light_spread(shot) < photo.LIGHT_SPREAD
    prepared = photo.prepare(shot)
    assert [s.split(" (")[0] for s in prepared.steps] == [
        "photo: page found and flattened",
        "photo: uneven light evened",
    ]
    assert photo.light_spread(prepared.image) > 0.9
    # the desk is gone: the flattened page is paper to its edges
    border = np.concatenate([prepared.image[:5].ravel(), prepared.image[-5:].ravel()])
    assert np.median(border) > 200


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_ocr_reads_the_header_of_a_phone_photo(tmp_path):
    shot = phone_photo(_page(dpi=220), seed=2, shade=0.25)
    path = tmp_path / "photo.png"
    Image.fromarray(shot).save(path)  # no DPI: a phone's JPEG/PNG rarely has one
    page = read_file(path, TextOptions(jobs=1)).pages[0]
    lines = page.text.splitlines()
    for line in (
        "CÔNG AN TỈNH BÌNH ĐỊNH",
        "CÔNG AN HUYỆN PHÙ MỸ",
        "Số: 57/BC-CAH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Phù Mỹ, ngày 28 tháng 11 năm 2018",
    ):
        assert line in lines
    assert "photo: page found and flattened" in page.decision_reason
