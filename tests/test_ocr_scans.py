"""OCR on tiny generated scans: rotated 1.5°, a red circle over the text (runs tesseract)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from pipeline.read import ocr
from pipeline.read.text import TextOptions, read_file
from tests.test_text_helpers import (
    HEADER_LEFT,
    HEADER_RIGHT,
    image_pdf,
    save_png,
    scan_image,
    speckle,
    tiff_pages,
)

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed"),
]


@pytest.fixture(scope="module")
def scan():
    return scan_image(angle=1.5, red_circle=True)


def test_scan_png_number_date_header(tmp_path, scan):
    p = save_png(scan, tmp_path / "bc.png")
    ft = read_file(p, TextOptions(jobs=1))
    assert ft.text_source == "ocr" and ft.media_type == "image/png"
    page = ft.pages[0]
    t = page.text
    assert "Số: 57/BC-CAH" in t
    assert "Phù Mỹ, ngày 28 tháng 11 năm 2018" in t
    assert "28/11/2018" in t
    assert "17/KH-BCA-V05" in t
    # Under the red circle: "của Bộ Công an" and "tham dự" survive the seal.
    assert "của Bộ Công an" in t
    # The header is read column by column: the issuer column is not interleaved.
    lines = t.splitlines()
    assert lines[:3] == HEADER_LEFT
    assert lines[3:6] == HEADER_RIGHT
    assert 0.5 < page.confidence <= 1.0


def test_scanned_pdf_two_pages_in_parallel_and_cached(tmp_path, scan, monkeypatch):
    from PIL import Image

    other = scan_image(angle=-1.0, red_circle=False)
    p = tmp_path / "scan.pdf"
    scan.save(p, "PDF", resolution=200, save_all=True, append_images=[other])
    assert isinstance(other, Image.Image)
    cache = tmp_path / "cache"
    done: list[int] = []
    ft = read_file(p, TextOptions(jobs=2, cache_dir=str(cache)), on_page=done.append)
    assert done == [1, 1]  # one call per finished page
    assert [pg.source for pg in ft.pages] == ["ocr", "ocr"]
    assert all("57/BC-CAH" in pg.text for pg in ft.pages)
    assert len(list(cache.rglob("*.json"))) == 2

    # A re-run never OCRs again: every page comes from the cache.
    def boom(**kwargs):
        raise AssertionError("tesseract called on a cached page")

    monkeypatch.setattr(ocr.tesseract, "run_tsv", boom)
    again = read_file(p, TextOptions(jobs=1, cache_dir=str(cache)))
    assert [pg.text for pg in again.pages] == [pg.text for pg in ft.pages]


def test_multipage_tiff(tmp_path):
    a = scan_image(angle=0.8, red_circle=False)
    b = scan_image(angle=-0.8, red_circle=False, body=["Nơi nhận:", "- Lưu: VT, PV05."])
    p = tiff_pages([a, b], tmp_path / "two.tiff")
    ft = read_file(p, TextOptions(jobs=1))
    assert ft.media_type == "image/tiff"
    assert len(ft.pages) == 2
    assert "Nơi nhận:" in ft.pages[1].text
    assert "Lưu: VT" in ft.pages[1].text and "PV05" in ft.pages[1].text
    assert "Số: 57/BC-CAH" in ft.pages[0].text


def test_upside_down_page_is_turned(tmp_path):
    img = scan_image(angle=0.0, red_circle=False).rotate(180)
    p = image_pdf(img, tmp_path / "upside.pdf")
    ft = read_file(p, TextOptions(jobs=1))
    assert "57/BC-CAH" in ft.text
    assert np.isfinite(ft.pages[0].confidence)


def test_a_speckled_scan_keeps_its_number_and_date():
    # Dust specks next to the number line glue marks to its digits ("TT S03//15U CAI"
    # for "Số: 57/BC-CAH"); on a speckled page they are painted out before OCR.
    rgb = speckle(np.asarray(scan_image(dpi=300, angle=0.6, red_circle=False).convert("RGB")))
    text = ocr.ocr_image(rgb, settings=ocr.OcrSettings(), dpi=300).text
    lines = text.splitlines()
    assert lines[:3] == HEADER_LEFT
    assert lines[3:6] == HEADER_RIGHT
    assert "17/KH-BCA-V05 ngày 15/01/2024" in text


def _osd_calls(monkeypatch) -> list[tuple[tuple[int, ...], int]]:
    """Orientation questions asked of Tesseract (image shape, dpi), answered by it."""
    calls: list[tuple[tuple[int, ...], int]] = []
    real = ocr.tesseract.run_osd

    def spy(*, image, dpi, timeout):  # noqa: ANN001, ANN202
        calls.append((image.shape, dpi))
        return real(image=image, dpi=dpi, timeout=timeout)

    monkeypatch.setattr(ocr.tesseract, "run_osd", spy)
    return calls


def test_orientation_is_asked_of_an_upside_down_page_at_150_dpi(monkeypatch):
    calls = _osd_calls(monkeypatch)
    img = scan_image(dpi=300, angle=0.0, red_circle=False).rotate(180)
    rgb = np.asarray(img.convert("RGB"))
    res = ocr.ocr_image(rgb, settings=ocr.OcrSettings(), dpi=300)
    assert res.rotated == 180 and "57/BC-CAH" in res.text
    [(shape, dpi)] = calls
    assert dpi == 150 and abs(shape[0] - rgb.shape[0] / 2) <= 1


def test_a_page_with_only_a_stamp_is_not_asked_its_orientation(monkeypatch):
    # The red stamp is taken out with the colour: nothing is left to read or to turn.
    calls = _osd_calls(monkeypatch)
    rgb = np.full((1200, 900, 3), 255, np.uint8)
    yy, xx = np.ogrid[:1200, :900]
    ring = np.abs(np.hypot(yy - 800, xx - 400) - 120) < 8
    rgb[ring] = (220, 30, 40)
    res = ocr.ocr_image(rgb, settings=ocr.OcrSettings(), dpi=300)
    assert res.text.strip() == "" and res.confidence is None
    assert calls == []
