"""Small fixture files for the text-stage tests, generated in code at test time.

No tests here; the test_text_* / test_ocr_* modules import these builders.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
SERIF = FONT_DIR / "DejaVuSerif.ttf"
SERIF_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"

HEADER_LEFT = ["CÔNG AN TỈNH BÌNH ĐỊNH", "CÔNG AN HUYỆN PHÙ MỸ", "Số: 57/BC-CAH"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Phù Mỹ, ngày 28 tháng 11 năm 2018",
]
BODY = [
    "Thực hiện Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 của Bộ Công an,",
    "Công an huyện báo cáo kết quả ngày 28/11/2018 như sau:",
    "Tổ chức 12 buổi tuyên truyền cho 850 lượt người tham dự.",
]


def text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A born-digital PDF (fpdf2 + DejaVu Serif) with one list of lines per page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("Serif", "", str(SERIF))
    pdf.set_font("Serif", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def mixed_pdf(path: Path, text_lines: list[str], scan: Image.Image) -> Path:
    """Page 1 born-digital text, page 2 a full-page image (a scan)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("Serif", "", str(SERIF))
    pdf.set_font("Serif", size=11)
    pdf.add_page()
    for line in text_lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(scan, x=0, y=0, w=210)
    path.write_bytes(bytes(pdf.output()))
    return path


def latin1_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF whose text layer holds 8-bit font codes (as TCVN3/VNI documents do)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)  # a core font: its text is Latin-1
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="chu", user_password="matkhau")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Bao cao mat")
    path.write_bytes(bytes(pdf.output()))
    return path


def scan_image(
    *,
    dpi: int = 200,
    angle: float = 1.5,
    red_circle: bool = True,
    body: list[str] | None = None,
    seed: int = 7,
) -> Image.Image:
    """A small scan: two-column header, body lines, rotated, noisy, a red circle over text."""
    scale = dpi / 72
    w, h = int(8.27 * dpi), int(4.6 * dpi)
    img = Image.new("RGB", (w, h), (250, 250, 247))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(str(SERIF), int(10.5 * scale))
    fb = ImageFont.truetype(str(SERIF_BOLD), int(10.5 * scale))
    y0 = int(0.35 * dpi)
    line_h = int(15 * scale)
    for i, line in enumerate(HEADER_LEFT):
        font = fb if i == 1 else f
        tw = d.textlength(line, font=font)
        d.text((int(1.9 * dpi - tw / 2), y0 + i * line_h), line, fill=(15, 15, 15), font=font)
    for i, line in enumerate(HEADER_RIGHT):
        font = fb if i < 2 else f
        tw = d.textlength(line, font=font)
        d.text((int(5.6 * dpi - tw / 2), y0 + i * line_h), line, fill=(15, 15, 15), font=font)
    y = y0 + 4 * line_h
    for line in body or BODY:
        d.text((int(0.9 * dpi), y), line, fill=(15, 15, 15), font=f)
        y += line_h
    if red_circle:
        # A seal over the end of the body: red ring through the last lines.
        cx, cy, r = int(5.4 * dpi), y - line_h, int(0.45 * dpi)
        arr = np.asarray(img).astype(np.float32)
        yy, xx = np.mgrid[0:h, 0:w]
        dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        ring = (np.abs(dist - r) < 0.04 * dpi) | (np.abs(dist - 0.7 * r) < 0.02 * dpi)
        red = np.array([210, 40, 45], np.float32)
        arr[ring] = np.minimum(arr[ring], red)
        img = Image.fromarray(arr.astype(np.uint8))
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=(250, 250, 247))
    rng = np.random.default_rng(seed)
    arr = np.asarray(img).astype(np.float32) + rng.normal(0, 6, (h, w, 1))
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    out.info["dpi"] = (dpi, dpi)
    return out


def speckle(rgb: np.ndarray, seed: int = 3) -> np.ndarray:
    """Dust on the scanner glass: dark dots of 1 x 1 and 2 x 2 pixels, one per 2500
    pixels (as scripts/eval_rendered_real.py's "speckle" capture)."""
    rng = np.random.default_rng(seed)
    out = rgb.copy()
    h, w = out.shape[:2]
    n = h * w // 2500
    ys, xs = rng.integers(0, h - 2, n), rng.integers(0, w - 2, n)
    for y, x, big in zip(ys, xs, rng.random(n) < 0.3, strict=True):
        out[y : y + 1 + big, x : x + 1 + big] = 30
    return out


def save_png(img: Image.Image, path: Path, dpi: int = 200) -> Path:
    img.save(path, "PNG", dpi=(dpi, dpi))
    return path


def image_pdf(img: Image.Image, path: Path, dpi: int = 200) -> Path:
    img.save(path, "PDF", resolution=dpi)
    return path


def tiff_pages(imgs: list[Image.Image], path: Path, dpi: int = 200) -> Path:
    imgs[0].save(
        path,
        "TIFF",
        save_all=True,
        append_images=imgs[1:],
        dpi=(dpi, dpi),
        compression="tiff_deflate",
    )
    return path


def docx_file(path: Path) -> Path:
    import docx

    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    left.text = "UBND TỈNH BÌNH ĐỊNH"
    left.add_paragraph("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    left.add_paragraph("Số: 88/KH-SGDĐT")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chỉ thị số 07/CT-BCA-V28 ngày 15/8/2014 của Bộ Công an.")
    data = d.add_table(rows=2, cols=3)
    for cell, v in zip(data.rows[0].cells, ["TT", "Đơn vị", "Điểm"], strict=True):
        cell.text = v
    for cell, v in zip(data.rows[1].cells, ["1", "Trường THPT Số 1", "96"], strict=True):
        cell.text = v
    d.add_paragraph("Nơi nhận: - Lưu: VT.")
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue())
    return path


WEB_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title>
<script>var x = 1;</script></head><body>
<div class="top-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gt">Giới thiệu</a></li>
<li><a href="/vb">Văn bản chỉ đạo</a></li></ul></div>
<div id="breadcrumb"><a href="/">Trang chủ</a> / Tin hoạt động</div>
<div class="wrapper"><div class="content-detail">
<h2>Công an huyện Hoài Nhơn sơ kết phong trào toàn dân bảo vệ an ninh Tổ quốc</h2>
<p>Ngày 05/7/2024, Công an huyện Hoài Nhơn tổ chức sơ kết 6 tháng đầu năm 2024.</p>
<p>Thực hiện Kế hoạch số 35/KH-CAT-PV05 ngày 22/01/2024 của Công an tỉnh, các xã đã
tổ chức 48 buổi tuyên truyền, thu hút hơn 3.000 lượt người tham gia.</p>
<p>Hội nghị biểu dương 12 tập thể và 25 cá nhân có thành tích xuất sắc.</p>
<table><tr><td>Xã Hoài Châu</td><td>Xuất sắc</td></tr></table>
<h3>Các tin khác</h3>
<ul><li><a href="/t/1">Ra quân tấn công trấn áp tội phạm dịp Tết</a></li>
<li><a href="/t/2">Tập huấn nghiệp vụ cho Công an xã</a></li></ul>
</div></div>
<div class="sidebar"><h3>Liên kết website</h3><a href="http://x">Bộ Công an</a></div>
<div class="counter">SỐ LƯỢT TRUY CẬP: 998.877 - Đang online: 12</div>
<footer>Bản quyền © Công an huyện Hoài Nhơn</footer>
</body></html>"""


def two_column_pdf(path: Path, *, running_header: str | None = None) -> Path:
    """A born-digital page whose header and signature block are two columns."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("Serif", "", str(SERIF))
    pdf.set_font("Serif", size=11)
    pdf.add_page()
    if running_header:
        pdf.cell(0, 7, running_header, align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    for i, line in enumerate(HEADER_LEFT):
        pdf.set_xy(15, top + 6 * i)
        pdf.cell(70, 6, line, align="C")
    for i, line in enumerate(HEADER_RIGHT):
        pdf.set_xy(95, top + 6 * i)
        pdf.cell(100, 6, line, align="C")
    pdf.set_xy(20, top + 30)
    for line in BODY * 3:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 8
    for i, line in enumerate(["Nơi nhận:", "- Như trên;", "- Lưu: VT, PV05."]):
        pdf.set_xy(15, y + 6 * i)
        pdf.cell(70, 6, line)
    for i, line in enumerate(
        ["KT. TRƯỞNG CÔNG AN HUYỆN", "PHÓ TRƯỞNG CÔNG AN HUYỆN", "", "Nguyễn Văn An"]
    ):
        pdf.set_xy(105, y + 6 * i)
        pdf.cell(90, 6, line, align="C")
    path.write_bytes(bytes(pdf.output()))
    return path
