"""Regenerate the generated files of the sample inbox ``data/samples/``.

    .venv/bin/python scripts/make_samples.py [--out data/samples] [--shared ../shared]

Writes, from documents written for this project (invented units, numbers and people,
in the form of Nghị định 30/2020/NĐ-CP):

- ``bao_cao_cah_son_tinh.pdf``  born-digital PDF (fpdf2, DejaVu Serif): a Công an huyện
  báo cáo answering the provincial police's Kế hoạch.
- ``cong_van_scan.pdf``         image-only PDF (200 dpi): a UBND huyện công văn with a
  V/v over several lines and a Kính gửi list; rotated 1.2°, noise, blur, red seal.
- ``ke_hoach_xa_scan.tif``      two-page bilevel TIFF (200 dpi, Group 4) of a UBND xã
  kế hoạch.
- ``thong_bao_web.html``        a portal page: menus, breadcrumbs, a visit counter and
  a "Các tin khác" list around a thông báo.
- ``quyet_dinh_kem_danh_sach.docx`` a quyết định (header in a borderless table) with its
  attached danh sách (a data table).
- ``../samples.gold.json``      gold annotations for these files (format gold-v1) plus
  the five seed texts' entries copied from ``shared/gold/seeds.gold.json``.

The seed texts (``0NN_*.txt``) are copied from ``shared/seeds`` when ``--shared`` has
them. Output is deterministic (fixed random seed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@dataclass
class Doc:
    """An administrative document laid out like a printed one."""

    issuer: list[str]  # left header: parent body, then the issuer (bold)
    number: str  # "Số: 128/BC-CAH"
    place_date: str
    doc_type: str | None  # "BÁO CÁO"; None for a công văn
    subject: list[str]  # under the type line, or the V/v lines of a công văn
    recipients: list[str]  # Kính gửi
    body: list[str]  # paragraphs; a paragraph starting with "#" is a bold heading
    noi_nhan: list[str]
    sign: list[str]  # authority and title lines, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer: str
    attachment: Attachment | None = None


@dataclass
class Attachment:
    title: list[str]
    note: str  # "(Kèm theo Quyết định số ...)"
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

# ------------------------------------------------------------------ the documents

BAO_CAO = Doc(
    issuer=["CÔNG AN TỈNH QUẢNG NGÃI", "CÔNG AN HUYỆN SƠN TỊNH"],
    number="Số: 128/BC-CAH",
    place_date="Sơn Tịnh, ngày 25 tháng 4 năm 2024",
    doc_type="BÁO CÁO",
    subject=[
        "Kết quả xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "quý I năm 2024",
    ],
    recipients=["Công an tỉnh Quảng Ngãi (qua Phòng PV05)"],
    body=[
        "Thực hiện Kế hoạch số 35/KH-CAT-PV05 ngày 22/01/2024 của Công an tỉnh Quảng Ngãi "
        "về triển khai Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024 của Bộ Công an về xây "
        "dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024, Công an huyện Sơn Tịnh "
        "báo cáo kết quả quý I năm 2024 như sau:",
        "#I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "Công an huyện đã tham mưu Ban Chỉ đạo huyện ban hành Kế hoạch số 12/KH-BCĐ ngày "
        "05/02/2024 triển khai phong trào trên địa bàn; tổ chức quán triệt Chỉ thị số "
        "07/CT-BCA-V28 ngày 15/8/2014 của Bộ trưởng Bộ Công an đến 100% cán bộ, chiến sĩ.",
        "Tiếp tục thực hiện Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ trưởng Bộ "
        "Công an quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở "
        "giáo dục đạt tiêu chuẩn \u201cAn toàn về an ninh, trật tự\u201d; hướng dẫn 14 cơ quan, "
        "doanh nghiệp, nhà trường đăng ký xây dựng đạt tiêu chuẩn.",
        "#II. KẾT QUẢ THỰC HIỆN",
        "1. Công tác tuyên truyền: phối hợp tổ chức 36 buổi tuyên truyền với 4.250 lượt "
        "người tham dự; phát 1.200 tờ rơi về phòng, chống tội phạm lừa đảo trên không gian mạng.",
        "2. Xây dựng mô hình: duy trì 18 mô hình tự quản về an ninh, trật tự; xây dựng mới "
        "mô hình \u201cCamera an ninh\u201d tại xã Tịnh Hà với 42 camera.",
        "3. Quần chúng cung cấp 57 nguồn tin về tội phạm; giúp bắt, xử lý 9 vụ, 15 đối tượng.",
        "#III. PHƯƠNG HƯỚNG QUÝ II NĂM 2024",
        "Tiếp tục triển khai Kế hoạch số 35/KH-CAT-PV05; tổ chức sơ kết 6 tháng, gửi báo "
        "cáo về Công an tỉnh (qua Phòng PV05) trước ngày 15/6/2024.",
        "Công an huyện Sơn Tịnh báo cáo Công an tỉnh Quảng Ngãi./.",
    ],
    noi_nhan=[
        "- Như trên;",
        "- Ban Chỉ đạo huyện;",
        "- Lãnh đạo Công an huyện;",
        "- Lưu: VT, ĐTH.",
    ],
    sign=["KT. TRƯỞNG CÔNG AN HUYỆN", "PHÓ TRƯỞNG CÔNG AN HUYỆN"],
    signer="Thượng tá Trần Quốc Hưng",
)

CONG_VAN = Doc(
    issuer=["ỦY BAN NHÂN DÂN", "HUYỆN ĐỨC PHỔ"],
    number="Số: 1043/UBND-NC",
    place_date="Đức Phổ, ngày 08 tháng 5 năm 2023",
    doc_type=None,
    subject=[
        "V/v tiếp tục triển khai thực hiện",
        "Công văn số 1822/UBND-NC ngày",
        "21/4/2023 của UBND tỉnh",
    ],
    recipients=[
        "- Công an huyện;",
        "- Phòng Giáo dục và Đào tạo huyện;",
        "- Ủy ban nhân dân các xã, thị trấn.",
    ],
    body=[
        "Thực hiện Công văn số 1822/UBND-NC ngày 21/4/2023 của UBND tỉnh Quảng Ngãi về việc "
        "đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ sở giáo dục, Chủ tịch "
        "UBND huyện yêu cầu:",
        "1. Công an huyện chủ trì, phối hợp Phòng Giáo dục và Đào tạo rà soát các trường "
        "đăng ký đạt tiêu chuẩn theo Thông tư số 124/2021/TT-BCA; báo cáo kết quả về UBND "
        "huyện trước ngày 30/6/2023.",
        "2. UBND các xã, thị trấn tổ chức tuyên truyền đến từng khu dân cư; lồng ghép với "
        "Kế hoạch số 86/KH-UBND ngày 14/3/2023 của UBND huyện.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    ],
    noi_nhan=[
        "- Như trên;",
        "- TT Huyện ủy, TT HĐND huyện;",
        "- CT, PCT UBND huyện;",
        "- Lưu: VT, NC.",
    ],
    sign=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    signer="Phạm Thị Thu Hà",
)

KE_HOACH = Doc(
    issuer=["ỦY BAN NHÂN DÂN", "XÃ NGHĨA KỲ"],
    number="Số: 27/KH-UBND",
    place_date="Nghĩa Kỳ, ngày 12 tháng 3 năm 2024",
    doc_type="KẾ HOẠCH",
    subject=[
        "Tổ chức \u201cNgày hội toàn dân bảo vệ an ninh Tổ quốc\u201d",
        "năm 2024 trên địa bàn xã",
    ],
    recipients=[],
    body=[
        "Căn cứ Kế hoạch số 64/KH-UBND ngày 01/3/2024 của UBND huyện Tư Nghĩa về tổ chức "
        "\u201cNgày hội toàn dân bảo vệ an ninh Tổ quốc\u201d năm 2024; Ủy ban nhân dân xã "
        "Nghĩa Kỳ xây dựng Kế hoạch thực hiện như sau:",
        "#I. MỤC ĐÍCH, YÊU CẦU",
        "1. Tôn vinh các tập thể, cá nhân có thành tích trong phong trào; nâng cao ý thức "
        "cảnh giác của nhân dân trước các thủ đoạn của tội phạm.",
        "2. Tổ chức trang trọng, thiết thực, tiết kiệm; bảo đảm an toàn tuyệt đối.",
        "#II. THỜI GIAN, ĐỊA ĐIỂM",
        "Ngày hội tổ chức điểm tại thôn An Hòa vào ngày 19/8/2024; các thôn còn lại hoàn "
        "thành trước ngày 31/8/2024.",
        "#III. NỘI DUNG",
        "1. Phần lễ: báo cáo kết quả phong trào năm 2023 và 6 tháng đầu năm 2024; biểu dương, "
        "khen thưởng tập thể, cá nhân tiêu biểu; phát động thi đua và ký kết giao ước thi đua "
        "giữa các thôn.",
        "2. Phần hội: tổ chức các hoạt động văn hóa, văn nghệ, thể dục, thể thao; thi tìm hiểu "
        "pháp luật về phòng, chống ma túy, phòng, chống lừa đảo trên không gian mạng.",
        "3. Kinh phí: từ ngân sách xã theo dự toán được duyệt và nguồn xã hội hóa; Công an xã "
        "phối hợp bộ phận Tài chính - Kế toán lập dự toán, trình Chủ tịch UBND xã trước ngày "
        "30/6/2024.",
        "#IV. TỔ CHỨC THỰC HIỆN",
        "1. Công an xã là cơ quan thường trực, tham mưu UBND xã chỉ đạo, kiểm tra, tổng hợp "
        "kết quả, báo cáo UBND huyện (qua Công an huyện) trước ngày 05/9/2024.",
        "2. Ủy ban Mặt trận Tổ quốc xã và các đoàn thể phối hợp vận động nhân dân tham gia.",
        "3. Trưởng các thôn xây dựng nội dung Ngày hội phù hợp với tình hình thực tế; thực "
        "hiện theo Hướng dẫn số 15/HD-CAH ngày 05/3/2024 của Công an huyện Tư Nghĩa.",
        "Trên đây là Kế hoạch tổ chức \u201cNgày hội toàn dân bảo vệ an ninh Tổ quốc\u201d năm "
        "2024 của UBND xã Nghĩa Kỳ./.",
    ],
    noi_nhan=[
        "- UBND huyện (b/c);",
        "- Công an huyện (b/c);",
        "- TT Đảng ủy, HĐND xã;",
        "- Các thôn;",
        "- Lưu: VT.",
    ],
    sign=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    signer="Võ Văn Thành",
)

QUYET_DINH = Doc(
    issuer=["UBND HUYỆN BÌNH SƠN", "BAN CHỈ ĐẠO 138"],
    number="Số: 05/QĐ-BCĐ",
    place_date="Bình Sơn, ngày 20 tháng 11 năm 2023",
    doc_type="QUYẾT ĐỊNH",
    subject=[
        "Về việc khen thưởng tập thể có thành tích xuất sắc trong",
        "phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023",
    ],
    recipients=[],
    body=[
        "TRƯỞNG BAN CHỈ ĐẠO 138 HUYỆN BÌNH SƠN",
        "Căn cứ Quyết định số 214/QĐ-UBND ngày 10/02/2021 của UBND huyện về việc kiện toàn "
        "Ban Chỉ đạo 138 huyện;",
        "Căn cứ Quyết định số 1395/QĐ-UBND ngày 03/8/2016 của Chủ tịch UBND tỉnh Quảng Ngãi;",
        "Xét đề nghị của Công an huyện tại Tờ trình số 311/TTr-CAH ngày 14/11/2023,",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen cho 03 tập thể có thành tích xuất sắc (có danh sách kèm theo).",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        "Điều 3. Công an huyện, các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./.",
    ],
    noi_nhan=["- Như Điều 3;", "- Lưu: VT, CAH."],
    sign=["TRƯỞNG BAN", "", "CHỦ TỊCH UBND HUYỆN"],
    signer="Lê Minh Tuấn",
    attachment=Attachment(
        title=["DANH SÁCH", "tập thể được khen thưởng"],
        note="(Kèm theo Quyết định số 05/QĐ-BCĐ ngày 20/11/2023 của Ban Chỉ đạo 138 huyện)",
        header=["TT", "Tập thể", "Thành tích"],
        rows=[
            ["1", "Công an xã Bình Châu", "Xây dựng mô hình tự quản tiêu biểu"],
            ["2", "Trường THPT Vạn Tường", "Đạt chuẩn \u201cAn toàn về an ninh, trật tự\u201d"],
            ["3", "Công ty TNHH Minh Phát", "Phát hiện, tố giác tội phạm"],
        ],
    ),
)

WEB_ARTICLE_TITLE = (
    "Thông báo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc 6 tháng đầu năm 2023"
)
WEB_ARTICLE = [
    "Ngày 10/7/2023, Công an tỉnh Kon Tum thông báo kết quả thực hiện phong trào toàn dân "
    "bảo vệ an ninh Tổ quốc 6 tháng đầu năm 2023.",
    "Thực hiện Kế hoạch số 42/KH-UBND ngày 16/01/2023 của UBND tỉnh Kon Tum về xây dựng "
    "phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023, Công an tỉnh đã tham mưu ban hành "
    "Hướng dẫn số 09/HD-CAT-PV05 ngày 20/02/2023 hướng dẫn các đơn vị, địa phương triển khai.",
    "Trong 6 tháng, toàn tỉnh có 1.034 khu dân cư đăng ký đạt tiêu chuẩn \u201cAn toàn về an "
    "ninh, trật tự\u201d theo Thông tư số 124/2021/TT-BCA; nhân dân cung cấp 412 nguồn tin có "
    "giá trị, giúp lực lượng Công an giải quyết 96 vụ việc.",
    "Công an tỉnh đề nghị các địa phương tiếp tục thực hiện Công văn số 2215/UBND-NC ngày "
    "05/6/2023 của UBND tỉnh về tăng cường công tác bảo đảm an ninh, trật tự ở cơ sở.",
]


# ------------------------------------------------------------------ PDF layout


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    # A fixed date keeps `make samples` byte-for-byte reproducible.
    pdf.set_creation_date(dt.datetime(2024, 4, 25, 8, 0, tzinfo=dt.UTC))
    pdf.set_margins(30, 20, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Serif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("Serif", "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
    return pdf


def layout_pdf(doc: Doc) -> bytes:
    """The document typeset on A4 like a printed original; returns PDF bytes."""
    pdf = _pdf()
    pdf.add_page()
    left_w, gap = 68.0, 4.0
    x_left = pdf.l_margin - 8
    x_right = x_left + left_w + gap
    right_w = pdf.w - pdf.r_margin - x_right + 6
    top = pdf.get_y()
    # Left column: parent body, issuer (bold), number, V/v lines of a công văn.
    pdf.set_xy(x_left, top)
    pdf.set_font("Serif", "", 10.5)
    pdf.cell(left_w, 5.5, doc.issuer[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 10.5)
    for line in doc.issuer[1:]:
        pdf.cell(left_w, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "", 10.5)
    pdf.set_xy(x_left, pdf.get_y() + 1.5)
    pdf.cell(left_w, 5.5, doc.number, align="C", new_x="LEFT", new_y="NEXT")
    if doc.doc_type is None:
        pdf.set_font("Serif", "", 9.5)
        for line in doc.subject:
            pdf.cell(left_w, 4.8, line, align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    # Right column: motto, place and date.
    pdf.set_xy(x_right, top)
    pdf.set_font("Serif", "B", 10.5)
    pdf.cell(right_w, 5.5, MOTTO[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(right_w, 5.5, MOTTO[1], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x_right, pdf.get_y() + 1.5)
    pdf.set_font("Serif", "I", 10.5)
    pdf.cell(right_w, 5.5, doc.place_date, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)
    pdf.set_x(pdf.l_margin)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if doc.doc_type:
        pdf.set_font("Serif", "B", 12)
        pdf.cell(width, 6.5, doc.doc_type, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "B", 11)
        for line in doc.subject:
            pdf.cell(width, 5.8, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if doc.recipients:
        pdf.set_font("Serif", "", 11)
        if len(doc.recipients) == 1:
            pdf.cell(
                width, 6, "Kính gửi: " + doc.recipients[0], align="C", new_x="LMARGIN", new_y="NEXT"
            )
        else:
            pdf.set_x(pdf.l_margin + 30)
            pdf.cell(22, 6, "Kính gửi:")
            for line in doc.recipients:
                pdf.set_x(pdf.l_margin + 52)
                pdf.cell(width - 52, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    _body(pdf, doc.body, width)
    _signature(pdf, doc, width)
    if doc.attachment:
        _attachment(pdf, doc.attachment, width)
    return bytes(pdf.output())


def _body(pdf, paragraphs: list[str], width: float) -> None:
    for para in paragraphs:
        if para.startswith("#"):
            pdf.set_font("Serif", "B", 11)
            pdf.multi_cell(width, 6, para[1:], align="L", new_x="LMARGIN", new_y="NEXT")
        elif para.isupper():
            pdf.set_font("Serif", "B", 11)
            pdf.multi_cell(width, 6, para, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Serif", "", 11)
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(width, 5.6, "      " + para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def _signature(pdf, doc: Doc, width: float) -> None:
    need = 6 + max(5 + 4.6 * len(doc.noi_nhan), 5.5 * len(doc.sign) + 22)
    if pdf.get_y() + need > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    left_w = width * 0.45
    pdf.set_xy(pdf.l_margin - 8, top)
    pdf.set_font("Serif", "B", 10)
    pdf.cell(left_w, 5, "Nơi nhận:", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "", 9)
    for line in doc.noi_nhan:
        pdf.cell(left_w, 4.6, line, new_x="LEFT", new_y="NEXT")
    x_right = pdf.l_margin + width * 0.45
    pdf.set_xy(x_right, top)
    pdf.set_font("Serif", "B", 10.5)
    for line in doc.sign:
        pdf.cell(width * 0.55, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x_right, pdf.get_y() + 16)
    pdf.cell(width * 0.55, 5.5, doc.signer, align="C", new_x="LMARGIN", new_y="NEXT")


def _attachment(pdf, att: Attachment, width: float) -> None:
    pdf.add_page()
    pdf.set_font("Serif", "B", 12)
    for line in att.title:
        pdf.cell(width, 6.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "I", 10.5)
    pdf.multi_cell(width, 5.5, att.note, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Serif", "", 10.5)
    with pdf.table(col_widths=(10, 60, 80)) as table:
        for row in [att.header, *att.rows]:
            r = table.row()
            for cell in row:
                r.cell(cell)


# ------------------------------------------------------------------ scans


def rasterize(pdf_bytes: bytes, dpi: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    pages = [np.asarray(p.render(scale=dpi / 72).to_pil().convert("RGB")) for p in pdf]
    pdf.close()
    return pages


def degrade(
    rgb: np.ndarray, *, rng: np.random.Generator, angle: float, dpi: int, seal_at=None
) -> np.ndarray:
    """A desk scan of a tired original: seal, rotation, blur, noise, uneven light."""
    import cv2

    img = rgb.astype(np.float32)
    h, w = img.shape[:2]
    if seal_at is not None:
        img = _red_seal(img, seal_at, radius=int(0.8 * dpi / 2.54 * 1.0 * 2))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    img = cv2.warpAffine(
        img, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(246, 244, 238)
    )
    img = cv2.GaussianBlur(img, (0, 0), 0.7)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.06 * ((xx / w - 0.3) ** 2 + (yy / h - 0.4) ** 2)
    img = img * light[..., None] * np.array([0.98, 0.97, 0.94], np.float32)
    img += rng.normal(0, 9, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _red_seal(img: np.ndarray, centre: tuple[int, int], radius: int) -> np.ndarray:
    import cv2

    seal = np.zeros(img.shape[:2], np.uint8)
    cx, cy = centre
    cv2.circle(seal, (cx, cy), radius, 255, max(3, radius // 18))
    cv2.circle(seal, (cx, cy), int(radius * 0.72), 255, max(2, radius // 30))
    for k in range(24):  # a ring of "lettering"
        a = 2 * math.pi * k / 24
        px = int(cx + 0.86 * radius * math.cos(a))
        py = int(cy + 0.86 * radius * math.sin(a))
        cv2.circle(seal, (px, py), max(2, radius // 16), 255, -1)
    star = np.array(
        [
            (
                cx + int(0.3 * radius * math.cos(math.pi / 2 + k * 4 * math.pi / 5)),
                cy - int(0.3 * radius * math.sin(math.pi / 2 + k * 4 * math.pi / 5)),
            )
            for k in range(5)
        ],
        np.int32,
    )
    cv2.fillPoly(seal, [star], 255)
    alpha = (seal.astype(np.float32) / 255 * 0.75)[..., None]
    red = np.array([205, 35, 40], np.float32)
    # Multiply blend: print under the seal stays dark, paper turns red.
    return img * (1 - alpha) + np.minimum(img, red) * alpha


def image_pdf(pages: list[np.ndarray], dpi: int) -> bytes:
    from PIL import Image

    ims = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    fixed = time.gmtime(1714032000)  # 2024-04-25 08:00 UTC
    ims[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=ims[1:],
        resolution=dpi,
        quality=70,
        creationDate=fixed,
        modDate=fixed,
    )
    return buf.getvalue()


def bilevel_tiff(pages: list[np.ndarray], dpi: int) -> bytes:
    import cv2
    from PIL import Image

    ims = []
    for p in pages:
        gray = cv2.cvtColor(p, cv2.COLOR_RGB2GRAY)
        _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        ims.append(Image.fromarray(bw).convert("1"))
    buf = io.BytesIO()
    ims[0].save(
        buf, "TIFF", save_all=True, append_images=ims[1:], compression="group4", dpi=(dpi, dpi)
    )
    return buf.getvalue()


# ------------------------------------------------------------------ HTML, DOCX


def web_page() -> str:
    menu = "".join(
        f'<li><a href="/{k}">{t}</a></li>'
        for k, t in [
            ("", "Trang chủ"),
            ("gioi-thieu", "Giới thiệu"),
            ("tin-tuc", "Tin tức"),
            ("van-ban", "Văn bản"),
            ("hoi-dap", "Hỏi đáp"),
            ("lien-he", "Liên hệ"),
        ]
    )
    others = "".join(
        f'<li><a href="/tin/{i}">{t}</a> <span class="date">({d})</span></li>'
        for i, (t, d) in enumerate(
            [
                ("Công an tỉnh tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc", "15/8/2023"),
                ("Tuyên truyền phòng, chống lừa đảo qua mạng tại các trường học", "02/7/2023"),
                ("Kế hoạch số 42/KH-UBND của UBND tỉnh về phong trào năm 2023", "16/01/2023"),
            ]
        )
    )
    paras = "\n".join(f"    <p>{p}</p>" for p in WEB_ARTICLE)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>{WEB_ARTICLE_TITLE} - Cổng thông tin Công an tỉnh Kon Tum</title>
  <style>body {{ font-family: serif; }} .menu li {{ display: inline; }}</style>
  <script>var visits = 1203456;</script>
</head>
<body>
<div id="top-banner"><img src="/banner.png" alt="CÔNG AN TỈNH KON TUM"> Vì nhân dân phục vụ</div>
<div class="menu main-menu"><ul>{menu}</ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/tin-tuc">Tin tức</a>
  &raquo; Phong trào toàn dân bảo vệ ANTQ</div>
<div class="container">
  <div class="col-left sidebar">
    <h3>Chuyên mục</h3>
    <ul><li><a href="/an-ninh">An ninh trật tự</a></li><li><a href="/pccc">PCCC</a></li>
    <li><a href="/giao-thong">An toàn giao thông</a></li></ul>
  </div>
  <div class="col-main">
   <div class="news-detail">
    <h1>{WEB_ARTICLE_TITLE}</h1>
    <div class="post-date">Cập nhật: 10/07/2023 08:15 | Lượt xem: 1.532</div>
{paras}
    <p style="text-align:right"><strong>Phòng PV05 - Công an tỉnh Kon Tum</strong></p>
   </div>
   <div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>
   <div class="other-news">
    <h3>Các tin khác:</h3>
    <ul>{others}</ul>
   </div>
  </div>
  <div class="col-right">
    <div class="box-counter"><h3>SỐ LƯỢT TRUY CẬP</h3><p>1.203.456</p>
      <p>Người dùng Online: 37</p></div>
  </div>
</div>
<div id="footer">Bản quyền thuộc Công an tỉnh Kon Tum. Địa chỉ: 496 Trần Phú, TP Kon Tum.
  Điện thoại: 069.4289.123</div>
</body>
</html>
"""


def docx_bytes(doc: Doc) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    # Header as a borderless two-column table, as offices type it in Word.
    t = d.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    left.text = ""
    for i, line in enumerate([*doc.issuer, doc.number]):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        r = p.add_run(line)
        r.bold = i == 1
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate([*MOTTO, doc.place_date]):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        r = p.add_run(line)
        r.bold = i < 2
        r.italic = i == 2
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.doc_type:
        p = d.add_paragraph()
        p.add_run(doc.doc_type).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.subject:
        p = d.add_paragraph()
        p.add_run(line).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for para in doc.body:
        p = d.add_paragraph()
        r = p.add_run(para.lstrip("#"))
        r.bold = para.startswith("#") or para.isupper()
    s = d.add_table(rows=1, cols=2)
    nl, sg = s.rows[0].cells
    nl.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in doc.noi_nhan:
        nl.add_paragraph(line)
    for i, line in enumerate([*doc.sign, "", doc.signer]):
        p = sg.paragraphs[0] if i == 0 else sg.add_paragraph()
        p.add_run(line).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.attachment:
        att = doc.attachment
        d.add_page_break()
        for line in att.title:
            p = d.add_paragraph()
            p.add_run(line).bold = True
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p = d.add_paragraph()
        p.add_run(att.note).italic = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        tbl = d.add_table(rows=0, cols=len(att.header))
        tbl.style = "Table Grid"
        for row in [att.header, *att.rows]:
            cells = tbl.add_row().cells
            for c, v in zip(cells, row, strict=True):
                c.text = v
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack a ZIP with fixed member dates, so `make samples` is reproducible."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 4, 25, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ------------------------------------------------------------------ gold


def _cit(doc_type, number, symbol, date, issuer, relation="cites"):
    return {
        "doc_type": doc_type,
        "number": number,
        "symbol": symbol,
        "date": date,
        "year": int(date[:4])
        if date
        else (int(symbol.split("/")[0]) if symbol and symbol.split("/")[0].isdigit() else None),
        "issuer": issuer,
        "relation": relation,
    }


def gold_entries() -> list[dict]:
    qn = "UBND tỉnh Quảng Ngãi"
    return [
        {
            "source": "bao_cao_cah_son_tinh.pdf",
            "documents": [
                {
                    "ordinal": 1,
                    "doc_type": "Báo cáo",
                    "number": "128",
                    "symbol": "BC-CAH",
                    "issued_date": "2024-04-25",
                    "place": "Sơn Tịnh",
                    "issuer": "Công an huyện Sơn Tịnh",
                    "issuer_parent": "Công an tỉnh Quảng Ngãi",
                    "subject": "Kết quả xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc quý I "
                    "năm 2024",
                    "signers": [{"name": "Trần Quốc Hưng", "title": "Phó Trưởng Công an huyện"}],
                    "recipients": ["Công an tỉnh Quảng Ngãi"],
                    "period": "2024-Q1",
                    "citations": [
                        _cit(
                            "Kế hoạch",
                            "35",
                            "KH-CAT-PV05",
                            "2024-01-22",
                            "Công an tỉnh Quảng Ngãi",
                            "answers",
                        ),
                        _cit("Kế hoạch", "17", "KH-BCA-V05", "2024-01-15", "Bộ Công an"),
                        _cit(
                            "Kế hoạch", "12", "KH-BCĐ", "2024-02-05", "Ban Chỉ đạo huyện Sơn Tịnh"
                        ),
                        _cit("Chỉ thị", "07", "CT-BCA-V28", "2014-08-15", "Bộ Công an"),
                        _cit("Thông tư", "124", "2021/TT-BCA", "2021-12-28", "Bộ Công an"),
                    ],
                    "deadlines": [
                        {"date": "2024-06-15", "what": "báo cáo sơ kết 6 tháng gửi Công an tỉnh"}
                    ],
                }
            ],
        },
        {
            "source": "cong_van_scan.pdf",
            "documents": [
                {
                    "ordinal": 1,
                    "doc_type": "Công văn",
                    "number": "1043",
                    "symbol": "UBND-NC",
                    "issued_date": "2023-05-08",
                    "place": "Đức Phổ",
                    "issuer": "UBND huyện Đức Phổ",
                    "issuer_parent": None,
                    "subject": "V/v tiếp tục triển khai thực hiện Công văn số 1822/UBND-NC ngày "
                    "21/4/2023 của UBND tỉnh",
                    "signers": [{"name": "Phạm Thị Thu Hà", "title": "Phó Chủ tịch"}],
                    "recipients": [
                        "Công an huyện",
                        "Phòng Giáo dục và Đào tạo huyện",
                        "Ủy ban nhân dân các xã, thị trấn",
                    ],
                    "citations": [
                        _cit("Công văn", "1822", "UBND-NC", "2023-04-21", qn, "answers"),
                        _cit("Thông tư", "124", "2021/TT-BCA", None, "Bộ Công an"),
                        _cit("Kế hoạch", "86", "KH-UBND", "2023-03-14", "UBND huyện Đức Phổ"),
                    ],
                    "deadlines": [
                        {
                            "date": "2023-06-30",
                            "what": "Công an huyện báo cáo kết quả rà soát về UBND huyện",
                        }
                    ],
                }
            ],
        },
        {
            "source": "ke_hoach_xa_scan.tif",
            "documents": [
                {
                    "ordinal": 1,
                    "doc_type": "Kế hoạch",
                    "number": "27",
                    "symbol": "KH-UBND",
                    "issued_date": "2024-03-12",
                    "place": "Nghĩa Kỳ",
                    "issuer": "UBND xã Nghĩa Kỳ",
                    "issuer_parent": None,
                    "subject": "Tổ chức \u201cNgày hội toàn dân bảo vệ an ninh Tổ quốc\u201d năm "
                    "2024 trên địa bàn xã",
                    "signers": [{"name": "Võ Văn Thành", "title": "Chủ tịch"}],
                    "recipients": [],
                    "citations": [
                        _cit(
                            "Kế hoạch",
                            "64",
                            "KH-UBND",
                            "2024-03-01",
                            "UBND huyện Tư Nghĩa",
                            "based_on",
                        ),
                        _cit("Hướng dẫn", "15", "HD-CAH", "2024-03-05", "Công an huyện Tư Nghĩa"),
                    ],
                    "deadlines": [
                        {"date": "2024-06-30", "what": "dự toán kinh phí trình Chủ tịch UBND xã"},
                        {"date": "2024-08-31", "what": "các thôn hoàn thành Ngày hội"},
                        {"date": "2024-09-05", "what": "Công an xã báo cáo kết quả về UBND huyện"},
                    ],
                }
            ],
        },
        {
            "source": "thong_bao_web.html",
            "documents": [
                {
                    "ordinal": 1,
                    "doc_type": "Thông báo",
                    "number": None,
                    "symbol": None,
                    "issued_date": None,
                    "place": None,
                    "issuer": "Công an tỉnh Kon Tum",
                    "issuer_parent": None,
                    "subject": "Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc 6 tháng đầu "
                    "năm 2023",
                    "signers": [],
                    "recipients": [],
                    "period": "2023-H1",
                    "notes": "A news page: no header, number or signer; the subject is the "
                    "headline without its type word. Menus, the visit counter and the "
                    "'Các tin khác' list are not part of the document.",
                    "citations": [
                        _cit("Kế hoạch", "42", "KH-UBND", "2023-01-16", "UBND tỉnh Kon Tum"),
                        _cit(
                            "Hướng dẫn", "09", "HD-CAT-PV05", "2023-02-20", "Công an tỉnh Kon Tum"
                        ),
                        _cit("Thông tư", "124", "2021/TT-BCA", None, "Bộ Công an"),
                        _cit("Công văn", "2215", "UBND-NC", "2023-06-05", "UBND tỉnh Kon Tum"),
                    ],
                }
            ],
        },
        {
            "source": "quyet_dinh_kem_danh_sach.docx",
            "documents": [
                {
                    "ordinal": 1,
                    "doc_type": "Quyết định",
                    "number": "05",
                    "symbol": "QĐ-BCĐ",
                    "issued_date": "2023-11-20",
                    "place": "Bình Sơn",
                    "issuer": "Ban Chỉ đạo 138 huyện Bình Sơn",
                    "issuer_parent": "UBND huyện Bình Sơn",
                    "subject": "Về việc khen thưởng tập thể có thành tích xuất sắc trong "
                    "phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023",
                    "signers": [
                        {"name": "Lê Minh Tuấn", "title": "Trưởng ban; Chủ tịch UBND huyện"}
                    ],
                    "recipients": [],
                    "citations": [
                        _cit(
                            "Quyết định",
                            "214",
                            "QĐ-UBND",
                            "2021-02-10",
                            "UBND huyện Bình Sơn",
                            "based_on",
                        ),
                        _cit("Quyết định", "1395", "QĐ-UBND", "2016-08-03", qn, "based_on"),
                        # "Xét đề nghị của ... tại Tờ trình số 311": decided on its proposal.
                        _cit(
                            "Tờ trình",
                            "311",
                            "TTr-CAH",
                            "2023-11-14",
                            "Công an huyện Bình Sơn",
                            "answers",
                        ),
                    ],
                },
                {
                    "ordinal": 2,
                    "doc_type": "Danh sách",
                    "number": None,
                    "symbol": None,
                    "issued_date": None,
                    "place": None,
                    "issuer": "Ban Chỉ đạo 138 huyện Bình Sơn",
                    "issuer_parent": "UBND huyện Bình Sơn",
                    "subject": "tập thể được khen thưởng",
                    "signers": [],
                    "recipients": [],
                    "citations": [
                        _cit(
                            "Quyết định",
                            "05",
                            "QĐ-BCĐ",
                            "2023-11-20",
                            "Ban Chỉ đạo 138 huyện Bình Sơn",
                            "attached_to",
                        ),
                    ],
                },
            ],
        },
    ]


# ------------------------------------------------------------------ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    # The gold sits beside the inbox, not in it: everything in an inbox is a document.
    ap.add_argument("--gold", default=str(ROOT / "data" / "samples.gold.json"))
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240425)
    dpi = 200

    (out / "bao_cao_cah_son_tinh.pdf").write_bytes(layout_pdf(BAO_CAO))

    pages = rasterize(layout_pdf(CONG_VAN), dpi)
    h, w = pages[-1].shape[:2]
    # The seal over the signature, as stamped: over the title, left of the name.
    sig_y = _find_text_row(pages[-1], "signature")
    seal = (int(w * 0.60), sig_y)
    scans = [
        degrade(p, rng=rng, angle=1.2, dpi=dpi, seal_at=seal if i == len(pages) - 1 else None)
        for i, p in enumerate(pages)
    ]
    (out / "cong_van_scan.pdf").write_bytes(image_pdf(scans, dpi))

    pages = rasterize(layout_pdf(KE_HOACH), dpi)[:2]
    scans = [degrade(p, rng=rng, angle=-0.8 + 1.4 * i, dpi=dpi) for i, p in enumerate(pages)]
    (out / "ke_hoach_xa_scan.tif").write_bytes(bilevel_tiff(scans, dpi))

    (out / "thong_bao_web.html").write_text(web_page(), encoding="utf-8")
    (out / "quyet_dinh_kem_danh_sach.docx").write_bytes(docx_bytes(QUYET_DINH))

    shared = Path(a.shared)
    seeds_gold = []
    if (shared / "seeds").is_dir():
        for f in sorted((shared / "seeds").glob("*.txt")):
            shutil.copyfile(f, out / f.name)
        gold_path = shared / "gold" / "seeds.gold.json"
        if gold_path.exists():
            seeds_gold = json.loads(gold_path.read_text(encoding="utf-8"))["files"]
    elif Path(a.gold).exists():
        old = json.loads(Path(a.gold).read_text(encoding="utf-8"))["files"]
        seeds_gold = [f for f in old if f["source"].endswith(".txt")]
    gold = {
        "format": "gold-v1",
        "notes": "Gold annotations for the sample inbox data/samples/ (same format as "
        "shared/gold/seeds.gold.json). The .txt entries are copied from the seeds' "
        "gold; the others describe the documents written in scripts/make_samples.py. "
        "period 2023-H1 is the first half-year.",
        "files": seeds_gold + gold_entries(),
    }
    Path(a.gold).write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {out} ({total / 1e6:.2f} MB)")
    return 0


def _find_text_row(rgb: np.ndarray, what: str) -> int:
    """y of the signer's name: the last inked row of the right half of the page."""
    gray = rgb.mean(axis=2)
    h, w = gray.shape
    rows = np.where((gray[:, w // 2 :] < 128).sum(axis=1) > 0)[0]
    return int(rows[-1] - 0.03 * h) if len(rows) else h // 2


if __name__ == "__main__":
    raise SystemExit(main())
