"""The OpenCV page statistics give numpy's values (the OCR's output must not move)."""

import numpy as np
import pytest

from pipeline.read import pixels


@pytest.mark.parametrize("q", [5, 25, 50, 90, 95])
def test_percentile_u8_equals_numpy(q):
    rng = np.random.default_rng(q)
    for _ in range(50):
        shape = (int(rng.integers(1, 60)), int(rng.integers(1, 60)))
        img = rng.integers(0, 256, shape).astype(np.uint8)
        if rng.random() < 0.5:  # paper-like: few distinct levels, many ties
            img = np.clip(img, 200, 206).astype(np.uint8)
        assert pixels.percentile_u8(img, q) == float(np.percentile(img, q))


def test_percentile_u8_of_other_dtypes_falls_back_to_numpy():
    img = np.array([[0.5, 3.0], [9.0, 1.0]])
    assert pixels.percentile_u8(img, 90) == float(np.percentile(img, 90))


def test_value_chroma_and_channel_min_equal_numpy():
    rgb = np.random.default_rng(7).integers(0, 256, (40, 30, 3)).astype(np.uint8)
    value, chroma = pixels.value_chroma(rgb)
    assert np.array_equal(value, rgb.max(axis=2))
    assert np.array_equal(chroma, rgb.max(axis=2) - rgb.min(axis=2))
    assert np.array_equal(pixels.channel_min(rgb), rgb.min(axis=2))


def test_a_pdf_page_is_rendered_to_the_pixels_pil_would_give(tmp_path):
    # The OCR cache is keyed by the page's pixels: rendering straight to RGB must give
    # what pdfium's bitmap gives through a PIL image, colour order included.
    import pypdfium2 as pdfium
    from PIL import Image

    from pipeline.read.ocr import PageJob, load_page_image

    rgb = np.zeros((300, 200, 3), np.uint8)
    rgb[..., 0] = np.arange(200, dtype=np.uint8)  # red rises left to right
    rgb[:, :, 2] = (np.arange(300) % 256).astype(np.uint8)[:, None]  # blue top to bottom
    path = tmp_path / "page.pdf"
    Image.fromarray(rgb).save(path, "PDF", resolution=100)
    got, dpi = load_page_image(PageJob("pdf", str(path), 0, 150))
    pdf = pdfium.PdfDocument(str(path))
    want = np.asarray(pdf[0].render(scale=150 / 72).to_pil().convert("RGB"))
    pdf.close()
    assert dpi == 150 and got.shape == want.shape
    assert np.array_equal(got, want)
    assert got[10, 290, 0] > got[10, 10, 0]  # red still on the right
