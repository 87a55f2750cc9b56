"""Each reader of the text stage, on small files generated at test time (no tesseract)."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.errors import UnreadableFile
from pipeline.read import detect, ocr, text
from pipeline.read.text import TextOptions, count_pages, is_born_digital_text, read_file
from tests.test_text_helpers import (
    HEADER_LEFT,
    HEADER_RIGHT,
    WEB_PAGE,
    docx_file,
    encrypted_pdf,
    latin1_pdf,
    mixed_pdf,
    scan_image,
    text_pdf,
    two_column_pdf,
)

LINES = [
    "UBND TỈNH QUẢNG NGÃI",
    "Số: 4575/BC-VP",
    "Quảng Ngãi, ngày 28 tháng 11 năm 2018",
    "Thực hiện Hướng dẫn số 4126/HD-BCĐ(PV01-PV05) ngày 19/11/2018 của Ban chỉ đạo,",
    "Văn phòng UBND tỉnh báo cáo tổng kết công tác xây dựng phong trào toàn dân bảo vệ",
    "an ninh Tổ quốc năm 2018 như sau: tổ chức 24 buổi tuyên truyền cho cán bộ, công chức.",
]


def fake_ocr(monkeypatch, text_by_index=None):
    """Replace the OCR of pages by a stub; record which pages were sent to OCR."""
    sent: list[int] = []

    def stub(jobs, *, settings, workers, timeout, cache_dir, on_done=None):
        out = {}
        for j in jobs:
            sent.append(j.index)
            body = (text_by_index or {}).get(j.index, f"OCR trang {j.index + 1}")
            out[j.index] = ocr.OcrResult(text=body, confidence=0.9)
            if on_done:
                on_done(j.index)
        return out

    monkeypatch.setattr(ocr, "ocr_jobs", stub)
    monkeypatch.setattr(text, "check_tesseract", lambda lang="vie": "stub")
    return sent


# ------------------------------------------------------------------ PDF


def test_born_digital_pdf_reads_text_layer(tmp_path, monkeypatch):
    sent = fake_ocr(monkeypatch)
    p = text_pdf(tmp_path / "bc.pdf", [LINES, ["Nơi nhận:", "- Lưu: VT."]])
    pages_done = []
    ft = read_file(p, TextOptions(), on_page=pages_done.append)
    assert ft.media_type == detect.PDF
    assert ft.text_source == "text-layer"
    assert [pg.source for pg in ft.pages] == ["text-layer", "text-layer"]
    assert "Số: 4575/BC-VP" in ft.pages[0].text
    assert "4126/HD-BCĐ(PV01-PV05)" in ft.pages[0].text
    assert ft.pages[1].text.startswith("Nơi nhận:")
    assert pages_done == [1, 1]  # one call per finished page
    assert sent == []


@pytest.mark.parametrize(
    "running", [None, "CÔNG BÁO/Số 323/Ngày 11-06-2026 33"], ids=["plain", "under_running_header"]
)
def test_text_layer_columns_not_interleaved(tmp_path, monkeypatch, running):
    fake_ocr(monkeypatch)
    p = two_column_pdf(tmp_path / "cols.pdf", running_header=running)
    lines = read_file(p, TextOptions()).pages[0].text.splitlines()
    if running:
        assert lines.pop(0) == running
    assert lines[:6] == HEADER_LEFT + HEADER_RIGHT
    # Signature block: the Nơi nhận column, then the signer's column.
    assert lines[-6:] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, PV05.",
        "KT. TRƯỞNG CÔNG AN HUYỆN",
        "PHÓ TRƯỞNG CÔNG AN HUYỆN",
        "Nguyễn Văn An",
    ]


def test_pdf_text_is_nfc_even_when_stored_decomposed(tmp_path, monkeypatch):
    fake_ocr(monkeypatch)
    nfd = [unicodedata.normalize("NFD", ln) for ln in LINES]
    p = text_pdf(tmp_path / "nfd.pdf", [nfd])
    ft = read_file(p, TextOptions())
    assert ft.pages[0].text == unicodedata.normalize("NFC", ft.pages[0].text)
    assert "Quảng Ngãi, ngày 28 tháng 11 năm 2018" in ft.pages[0].text


def test_mixed_pdf_decided_page_by_page(tmp_path, monkeypatch):
    sent = fake_ocr(monkeypatch, {1: "Số: 57/BC-CAH\nPhù Mỹ, ngày 28 tháng 11 năm 2018"})
    p = mixed_pdf(tmp_path / "mixed.pdf", LINES, scan_image(red_circle=False))
    ft = read_file(p, TextOptions())
    assert sent == [1]
    assert [pg.source for pg in ft.pages] == ["text-layer", "ocr"]
    assert ft.text_source == "mixed"
    assert ft.pages[1].confidence == pytest.approx(0.9)
    assert "57/BC-CAH" in ft.pages[1].text


def test_image_only_pdf_goes_to_ocr(tmp_path, monkeypatch):
    sent = fake_ocr(monkeypatch)
    p = tmp_path / "scan.pdf"
    scan_image(red_circle=False).save(p, "PDF", resolution=200)
    ft = read_file(p, TextOptions())
    assert sent == [0]
    assert ft.text_source == "ocr"
    assert count_pages(p, detect.PDF) == 1


# A Vietnamese paragraph, as a good text layer holds it; the same without its marks, as an
# English OCR engine leaves it; and what that engine makes of the marks.
VI = (
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã, "
    "thành phố triển khai thực hiện nghiêm túc các nội dung sau đây. "
) * 4
VI_PLAIN = unicodedata.normalize("NFD", VI.replace("đ", "d")).encode("ascii", "ignore").decode()
VI_ENG_OCR = (
    "Uy ban nhan dan tinh yéu cau cac s6, ban, nganh va Uy ban nhan dan cac huyén, thi xa, "
    "thanh ph6 trién khai thyc hién nghiém tic cac ndi dung sau day. "
) * 4


@pytest.mark.parametrize(
    ("page_text", "cover", "needs_ocr"),
    [
        pytest.param("x" * 500, 0.0, False, id="long_text_layer_too_few_words_to_judge"),
        pytest.param(VI, 0.0, False, id="born_digital_vietnamese"),
        pytest.param(VI, 1.0, False, id="ocr_sandwich_in_good_vietnamese_keeps_its_text"),
        pytest.param(VI_PLAIN, 1.0, True, id="sandwich_without_diacritics"),
        pytest.param(VI_ENG_OCR, 1.0, True, id="sandwich_of_an_english_ocr"),
        pytest.param("x" * 500, 1.0, True, id="sandwich_that_cannot_be_judged"),
        pytest.param(
            "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Văn A",
            0.28,
            True,
            id="e_signature_stamp_over_a_scanned_part",
        ),
        pytest.param(
            "CÔNG BÁO/Số 271/Ngày 12-05-2026 86", 0.6, True, id="gazette_header_over_scan"
        ),
        pytest.param("", 1.0, True, id="pure_scan"),
        pytest.param("Trang 2", 0.0, False, id="short_text_no_image"),
        pytest.param("", 0.0, False, id="blank_page"),
        pytest.param("(cid:12)(cid:13)(cid:14) ab" * 30, 0.0, True, id="unmapped_glyphs"),
        pytest.param("ab\ue001\ue002\ue003" * 40, 0.0, True, id="private_use_glyphs"),
    ],
)
def test_is_born_digital_text(page_text, cover, needs_ocr):
    assert is_born_digital_text(page_text, cover).needs_ocr is needs_ocr


def test_tcvn3_text_layer_is_converted(tmp_path, monkeypatch):
    fake_ocr(monkeypatch)
    p = latin1_pdf(
        tmp_path / "old.pdf",
        [
            "Uû ban nh©n d©n tØnh Qu¶ng Ng·i",
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Thùc hiÖn KÕ ho¹ch sè 17/KH-UBND ngµy 15/01/2024 cña Uû ban nh©n d©n tØnh",
        ],
    )
    ft = read_file(p, TextOptions())
    assert "Uỷ ban nhân dân tỉnh Quảng Ngãi" in ft.text
    assert "Kế hoạch số 17/KH-UBND ngày 15/01/2024" in ft.text
    assert ft.text_source == "text-layer"


def test_vni_text_layer_is_converted(tmp_path, monkeypatch):
    fake_ocr(monkeypatch)
    p = latin1_pdf(
        tmp_path / "vni.pdf",
        [
            "UÛY BAN NHAÂN DAÂN TÆNH",
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
            "Thöïc hieän Keá hoaïch soá 17/KH-UBND ngaøy 15/01/2024 cuûa UÛy ban nhaân daân tænh",
        ],
    )
    ft = read_file(p, TextOptions())
    assert "ỦY BAN NHÂN DÂN TỈNH" in ft.text
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in ft.text


# ------------------------------------------------------------------ unreadable files


def test_empty_file_unreadable(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="empty"):
        read_file(p, TextOptions())


def test_whitespace_only_text_unreadable(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("  \n\n \t\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="no text"):
        read_file(p, TextOptions())


def test_corrupt_pdf_unreadable(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EO")
    with pytest.raises(UnreadableFile, match="damaged") as err:
        read_file(p, TextOptions())
    assert err.value.__cause__ is not None


def test_truncated_real_pdf_unreadable(tmp_path):
    good = text_pdf(tmp_path / "good.pdf", [LINES])
    data = good.read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadableFile):
        read_file(p, TextOptions())


def test_encrypted_pdf_unreadable(tmp_path):
    p = encrypted_pdf(tmp_path / "secret.pdf")
    with pytest.raises(UnreadableFile, match="password"):
        read_file(p, TextOptions())


def test_unsupported_binary_unreadable(tmp_path):
    p = tmp_path / "data.txt"
    p.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(UnreadableFile, match="unsupported"):
        read_file(p, TextOptions())


def test_corrupt_image_unreadable(tmp_path):
    p = tmp_path / "scan.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(UnreadableFile, match="image"):
        read_file(p, TextOptions())


def test_corrupt_docx_unreadable(tmp_path):
    import zipfile

    p = tmp_path / "qd.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", "<not-xml")
    with pytest.raises(UnreadableFile, match="Word"):
        read_file(p, TextOptions())


def test_missing_file_unreadable(tmp_path):
    with pytest.raises(UnreadableFile):
        read_file(tmp_path / "nowhere.pdf", TextOptions())


# ------------------------------------------------------------------ plain text


def test_utf8_plain(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_text("Số: 2749/UBND-NC\r\nV/v tiếp tục triển khai\r\n", encoding="utf-8")
    ft = read_file(p, TextOptions())
    assert ft.media_type == detect.TEXT
    assert ft.text_source == "plain"
    assert ft.pages[0].text == "Số: 2749/UBND-NC\nV/v tiếp tục triển khai"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_encodings(tmp_path, encoding):
    p = tmp_path / "b.txt"
    raw = "Kính gửi: Công an tỉnh Quảng Ngãi"
    data = raw.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    p.write_bytes(data)
    assert read_file(p, TextOptions()).pages[0].text == raw


def _cp1258(s: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter, then a tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in s:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in d if c in tones).encode("cp1258")
    return out


def test_windows_1258_decoded(tmp_path):
    raw = "Ủy ban nhân dân tỉnh Quảng Ngãi báo cáo kết quả thực hiện công tác năm 2018"
    p = tmp_path / "cp1258.txt"
    p.write_bytes(_cp1258(raw))
    assert read_file(p, TextOptions()).pages[0].text == raw


def test_tcvn3_bytes_decoded(tmp_path):
    p = tmp_path / "abc.txt"
    p.write_bytes(
        "Thùc hiÖn KÕ ho¹ch cña Uû ban nh©n d©n tØnh vÒ c«ng t¸c n¨m 2018".encode("cp1252")
    )
    text_ = read_file(p, TextOptions()).pages[0].text
    assert text_ == "Thực hiện Kế hoạch của Uỷ ban nhân dân tỉnh về công tác năm 2018"


def test_plain_text_saved_from_portal_loses_navigation_tail(tmp_path):
    body = "\n\n".join(
        f"Đoạn {i}: Công an tỉnh triển khai Kế hoạch số {i}/KH-CAT." for i in range(6)
    )
    tail = "\n\nCác tin khác:\n\n   \n\nTIN ANTT\nTin ANTT ngày 22/9/2020\n\nSỐ LƯỢT TRUY CẬP\n"
    p = tmp_path / "web.txt"
    p.write_text(body + tail, encoding="utf-8")
    t = read_file(p, TextOptions()).text
    assert t.endswith("Đoạn 5: Công an tỉnh triển khai Kế hoạch số 5/KH-CAT.")


def test_plain_text_marker_at_start_is_kept(tmp_path):
    p = tmp_path / "list.txt"
    p.write_text("Tin liên quan\nmột\nhai\nba\n", encoding="utf-8")
    assert read_file(p, TextOptions()).text.startswith("Tin liên quan")


def test_form_feed_splits_pages(tmp_path):
    p = tmp_path / "ff.txt"
    p.write_text("Trang một\n\fTrang hai\n", encoding="utf-8")
    ft = read_file(p, TextOptions())
    assert [pg.text for pg in ft.pages] == ["Trang một", "Trang hai"]


# ------------------------------------------------------------------ HTML, DOCX


def test_html_main_content_without_navigation(tmp_path):
    p = tmp_path / "tin.html"
    p.write_text(WEB_PAGE, encoding="utf-8")
    ft = read_file(p, TextOptions())
    assert ft.media_type == detect.HTML
    assert ft.text_source == "markup"
    t = ft.text
    assert "Thực hiện Kế hoạch số 35/KH-CAT-PV05 ngày 22/01/2024" in t
    assert "Xã Hoài Châu | Xuất sắc" in t
    for junk in [
        "Trang chủ",
        "Giới thiệu",
        "Các tin khác",
        "Tập huấn nghiệp vụ",
        "SỐ LƯỢT TRUY CẬP",
        "Liên kết website",
        "Bản quyền",
        "var x",
    ]:
        assert junk not in t, junk


def test_html_tail_cut_without_markup_hints(tmp_path):
    # A page like seeds/001: no classes, the navigation is plain blocks after the text.
    body = "".join(
        f"<p>Đoạn {i}: Công an tỉnh triển khai Kế hoạch số {i}/KH-CAT năm 2018.</p>"
        for i in range(1, 8)
    )
    html = (
        f"<html><body><div>{body}<p>Các tin khác:</p><p><a href='/1'>Tin ANTT ngày "
        f"22/9/2020</a></p><p>SỐ LƯỢT TRUY CẬP</p><p>Người dùng Online</p></div></body></html>"
    )
    p = tmp_path / "plain.html"
    p.write_text(html, encoding="utf-8")
    t = read_file(p, TextOptions()).text
    assert "Đoạn 7" in t
    assert "Tin ANTT" not in t and "Người dùng Online" not in t


def test_docx_paragraphs_and_tables(tmp_path):
    p = docx_file(tmp_path / "kh.docx")
    ft = read_file(p, TextOptions())
    assert ft.media_type == detect.DOCX
    assert ft.text_source == "markup"
    lines = ft.text.splitlines()
    # The header table is read column by column: issuer column first, then the motto.
    assert lines[:4] == [
        "UBND TỈNH BÌNH ĐỊNH",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: 88/KH-SGDĐT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert "TT | Đơn vị | Điểm" in lines
    assert "1 | Trường THPT Số 1 | 96" in lines
    assert lines.index("KẾ HOẠCH") < lines.index("TT | Đơn vị | Điểm")


# ------------------------------------------------------------------ text layers judged


def sandwich_pdf(path, scan, layer_lines):
    """A scan with an invisible OCR text layer over it, as scanner software leaves it."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    from tests.test_text_helpers import SERIF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("Serif", "", str(SERIF))
    pdf.set_font("Serif", size=9)
    pdf.add_page()
    pdf.image(scan, x=0, y=0, w=210, h=297)
    pdf.text_mode = TextMode.INVISIBLE
    for line in layer_lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def test_an_english_ocr_layer_over_a_scan_is_ocred_and_the_reason_kept(tmp_path, monkeypatch):
    sent = fake_ocr(monkeypatch, {0: VI})
    lines = [VI_ENG_OCR[i : i + 90] for i in range(0, len(VI_ENG_OCR), 90)]
    p = sandwich_pdf(tmp_path / "sandwich.pdf", scan_image(red_circle=False), lines)
    ft = read_file(p, TextOptions())
    assert sent == [0]
    page = ft.pages[0]
    assert page.source == "ocr" and page.decision == "ocr"
    assert "does not read as Vietnamese" in page.decision_reason
    assert page.quality is not None and page.quality > 0.8  # of the OCR text


def test_a_vietnamese_ocr_layer_over_a_scan_is_kept_at_no_ocr_cost(tmp_path, monkeypatch):
    sent = fake_ocr(monkeypatch)
    lines = [VI[i : i + 90] for i in range(0, len(VI), 90)]
    p = sandwich_pdf(tmp_path / "sandwich.pdf", scan_image(red_circle=False), lines)
    ft = read_file(p, TextOptions())
    assert sent == []
    assert ft.pages[0].decision == "text-layer" and ft.pages[0].quality > 0.8
