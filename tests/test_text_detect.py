"""Media types are decided by content, never by the file name."""

from __future__ import annotations

import pytest

from pipeline.read import detect
from pipeline.read.detect import detect_media_type
from pipeline.read.text import count_pages
from tests.test_text_helpers import WEB_PAGE, docx_file, save_png, scan_image, text_pdf, tiff_pages


@pytest.fixture(scope="module")
def small_scan():
    return scan_image(red_circle=False).resize((400, 220))


def test_pdf_detected(tmp_path):
    p = text_pdf(tmp_path / "a.pdf", [["Số: 12/BC-UBND"]])
    assert detect_media_type(p) == detect.PDF


def test_pdf_renamed_txt_is_pdf(tmp_path):
    p = text_pdf(tmp_path / "a.pdf", [["Số: 12/BC-UBND"]])
    renamed = p.rename(tmp_path / "bao_cao.txt")
    assert detect_media_type(renamed) == detect.PDF


def test_text_renamed_pdf_is_text(tmp_path):
    p = tmp_path / "ke_hoach.pdf"
    p.write_text("UBND TỈNH QUẢNG NGÃI\nSố: 12/KH-UBND\n", encoding="utf-8")
    assert detect_media_type(p) == detect.TEXT


def test_pdf_header_after_junk_is_pdf(tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(b"\r\n\r\n%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert detect_media_type(p) == detect.PDF


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("PNG", detect.PNG), ("JPEG", detect.JPEG), ("TIFF", detect.TIFF)],
    ids=["png", "jpeg", "tiff"],
)
def test_images_detected_whatever_the_name(tmp_path, small_scan, fmt, expected):
    p = tmp_path / "scan.pdf"  # wrong extension on purpose
    small_scan.save(p, fmt)
    assert detect_media_type(p) == expected


def test_multipage_tiff_detected(tmp_path, small_scan):
    p = tiff_pages([small_scan, small_scan], tmp_path / "two.tif")
    assert detect_media_type(p) == detect.TIFF
    assert count_pages(p, detect.TIFF) == 2


def test_png_helper_roundtrip(tmp_path, small_scan):
    assert detect_media_type(save_png(small_scan, tmp_path / "a.png")) == detect.PNG


def test_html_detected(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text(WEB_PAGE, encoding="utf-8")
    assert detect_media_type(p) == detect.HTML


def test_text_mentioning_html_tag_is_text(tmp_path):
    p = tmp_path / "note.html"
    p.write_text("Ghi chú: thẻ <html> không phải trang web.\n", encoding="utf-8")
    assert detect_media_type(p) == detect.TEXT


def test_docx_detected(tmp_path):
    p = docx_file(tmp_path / "qd.bin")
    assert detect_media_type(p) == detect.DOCX


def test_plain_zip_is_unknown(tmp_path):
    import zipfile

    p = tmp_path / "archive.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert detect_media_type(p) == detect.UNKNOWN


def test_utf16_text_detected(tmp_path):
    p = tmp_path / "u16.dat"
    p.write_bytes("Kính gửi: Công an tỉnh".encode("utf-16"))
    assert detect_media_type(p) == detect.TEXT


def test_binary_is_unknown(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 4)
    assert detect_media_type(p) == detect.UNKNOWN


def test_legacy_single_byte_text_is_text(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes("Uû ban nh©n d©n tØnh".encode("latin-1"))
    assert detect_media_type(p) == detect.TEXT


def test_a_files_media_type_is_detected_once_on_its_way_in(tmp_path, monkeypatch):
    """Ingest detects the type, and the reader takes it from the record it is handed."""
    from collections import Counter
    from pathlib import Path

    from pipeline.ingest import run_ingest

    calls: Counter[str] = Counter()
    real = detect.detect_bytes

    def counting(head, path=None):  # every detection ends here, whoever imported what
        calls[Path(path).name] += 1
        return real(head, path)

    monkeypatch.setattr(detect, "detect_bytes", counting)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-NC\nV/v thử\n\nNội dung.\n",
        encoding="utf-8",
    )
    (inbox / "b.html").write_text(WEB_PAGE, encoding="utf-8")
    run_ingest(inbox, tmp_path / "a.duckdb", progress=False)
    assert calls == {"a.txt": 1, "b.html": 1}


def test_the_reader_uses_the_type_it_is_handed(tmp_path):
    from pipeline.read.text import read_file

    p = tmp_path / "page.txt"
    p.write_text(WEB_PAGE, encoding="utf-8")
    assert read_file(p).media_type == detect.HTML  # detected from the content
    handed = detect.Detected(p, detect.TEXT)
    assert read_file(handed).media_type == detect.TEXT  # not detected again
