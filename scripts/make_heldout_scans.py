"""Render the held-out texts as degraded desk scans (image-only PDFs) for scan evals.

    .venv/bin/python scripts/make_heldout_scans.py [--out /tmp/heldout_scans]
    .venv/bin/python scripts/make_heldout_scans.py --record   # after rendering

``--record`` OCRs the few scans in RECORDED with the text stage's default settings and
writes ``tests/golden/heldout_scans/<name>/text.txt`` and ``meta.json`` (as
``scripts/make_golden.py`` does), so extractor tests can run on scan text without
Tesseract (``tests/test_heldout_scans_golden.py``).

Each clean held-out ``.txt`` of ``tests/data/heldout/`` and ``tests/data/heldout2/``
(not the ``ocr_*`` variants, which are already noisy text) is typeset on A4 the way the
genre prints (DOMAIN.md): a two-column header — issuer, number and V/v on the left,
the national motto (or the Party's/Union's) with place and date on the right — and
the rest left-aligned in a Times-like serif (DejaVu Serif). A portal's header table in the
text (markdown rows "| issuer | motto |", or cells flattened one under the other and closed
by a "|" line) is printed as those two columns, as the paper it was taken from prints it.
The pages are rasterised at 300 dpi and degraded like a desk scanner (rotation up to ±2°,
blur, noise, uneven light, JPEG; a red seal over the signature on every other document)
with the helpers of ``scripts/make_samples.py``. The PDFs are named like the .txt files so that the
held-out golds match them by name. They are large: write them outside the repo.
Output is deterministic (fixed seed per file).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from make_samples import _find_text_row, _pdf, degrade, image_pdf, rasterize  # noqa: E402

SOURCES = [ROOT / "tests" / "data" / "heldout", ROOT / "tests" / "data" / "heldout2"]
DPI = 300
SEED = 20260522

# The right-hand header column opens with the motto of the issuing system:
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (state), "ĐẢNG CỘNG SẢN VIỆT NAM" (Party),
# "ĐOÀN TNCS HỒ CHÍ MINH" (Youth Union). Matched without diacritics ("CONG HOA", "HOÀ").
MOTTO_RE = re.compile(r"^(CONG HOA XA HOI|DANG CONG SAN VIET NAM|DOAN TNCS)")
# Two header columns already side by side in the text: "HUYỆN ỦY\t\tĐẢNG CỘNG SẢN",
# or as a markdown table row "| SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc |" (a printed
# page shows neither the tabs nor the pipes).
COLUMNS_RE = re.compile(r"\t+| {3,}|\s*\|\s*")
# Side-by-side cells below the header ("Nơi nhận:\t\tTM. ỦY BAN NHÂN DÂN", the two
# signers of a biên bản); a blank to fill ("Số:      /BC-UBND") is fewer spaces.
BODY_COLUMNS_RE = re.compile(r"\t+| {8,}")
# A markdown table's rule row "|---|---|".
TABLE_RULE_RE = re.compile(r"^\|?[\s:|-]+\|[\s:|-]*$")
# The place-and-date line closing the right column: "Quy Nhơn, ngày 20 tháng 02 năm 2024".
PLACE_DATE_RE = re.compile(r",\s*ngày\b.*\btháng\b", re.IGNORECASE)
# Lines that belong to the left header column: capitals, "Số", "V/v", rules, stars.
LEFT_START_RE = re.compile(r"^(Số|So|V/v|-{3,}|\*+)", re.IGNORECASE)


def _plain(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").upper().strip()


def _cells(line: str) -> list[str]:
    """The cells of a row: split on tabs, runs of spaces or table pipes."""
    text = line.strip().strip("|").strip()
    return [c.strip() for c in COLUMNS_RE.split(text)] if text else []


def _headerish_block(block: list[str]) -> bool:
    first = block[0].strip()
    return first.isupper() or bool(LEFT_START_RE.match(first))


# A portal's table flattened to text: each cell's lines, then a line holding only "|".
# The header table of two rows (issuer | motto, number | place and date) reads
# "ỦY BAN NHÂN DÂN / TỈNH VĨNH PHÚC / ------- / | / CỘNG HÒA XÃ HỘI / ... / | /
# Số: 196/KH-UBND / | / Vĩnh Phúc, ngày / 12 tháng 7 năm 2023 / |"; on paper the cells
# are two columns. A cell is a few lines (a wrapped motto and its rule: up to 8).
CELL_END = "|"
MAX_CELL_LINES = 8


def _stacked_cells(lines: list[str], i: int) -> list[tuple[list[str], int]]:
    """The cells of a flattened table starting at line ``i``, each with the line after
    its closing "|"."""
    cells: list[tuple[list[str], int]] = []
    j = i
    while j < len(lines):
        k = j
        while k < len(lines) and lines[k].strip() != CELL_END and k - j <= MAX_CELL_LINES:
            k += 1
        if k >= len(lines) or lines[k].strip() != CELL_END:
            break
        cells.append(([ln.strip() for ln in lines[j:k] if ln.strip()], k + 1))
        j = k + 1
    return cells


def _stacked_header(lines: list[str], i: int) -> tuple[list[str], list[str], list[str], int] | None:
    """(lines above the table, left column, right column, next line) of a flattened
    header table at ``i``: cells in pairs, the motto opening the second; None when no
    such table starts here."""
    if lines[i].strip() in ("", CELL_END):
        return None
    found = _stacked_cells(lines, i)
    found = found[: len(found) // 2 * 2]
    cells = [c for c, _ in found]
    if len(cells) < 2 or not cells[1] or not MOTTO_RE.match(_plain(" ".join(cells[1]))):
        return None
    # The issuer's cell: capitals and rules; a portal's own lines above the table
    # ("Hệ thống pháp luật", no blank line between) are printed above the header.
    first = list(cells[0])
    above: list[str] = []
    while first and any(c.islower() for c in first[0]):
        above.append(first.pop(0))
    if not first or any(c.islower() for ln in first for c in ln):
        return None
    left = first + [ln for c in cells[2::2] for ln in c]
    right = [ln for c in cells[1::2] for ln in c]
    return above, left, right, found[-1][1]


def parse(text: str) -> list[tuple]:
    """The file as ("header", left, right) and ("line", text) items, in order."""
    lines = text.replace("\r", "").split("\n")
    items: list[tuple] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stacked = _stacked_header(lines, i)
        if stacked is not None:
            above, left, right, i = stacked
            items.extend(("line", ln) for ln in above)
            items.append(("header", left, right))
            continue
        parts = _cells(line)
        if len(parts) == 2 and any(MOTTO_RE.match(_plain(p)) for p in parts):
            # Side-by-side columns: this row and the following rows, across blank lines
            # while the next row is still a two-column one.
            left, right = [], []
            while i < n:
                if not lines[i].strip():
                    k = i
                    while k < n and not lines[k].strip():
                        k += 1
                    if k < n and len(_cells(lines[k])) == 2:
                        i = k
                        continue
                    break
                if TABLE_RULE_RE.match(lines[i].strip()):
                    i += 1
                    continue
                ps = _cells(lines[i])
                if len(ps) != 2:
                    break  # the header table ended: "QUYẾT ĐỊNH" or the body, flush left
                if ps and ps[0]:
                    left.append(ps[0])
                if len(ps) > 1 and ps[1]:
                    right.append(ps[1])
                i += 1
            items.append(("header", left, right))
            continue
        if TABLE_RULE_RE.match(line.strip()):
            i += 1
            continue
        if line.strip().startswith("|"):
            line = "    ".join(_cells(line))
        if MOTTO_RE.match(_plain(line)):
            # Left column: the blank-separated blocks just above, while they look like one.
            left: list[str] = []
            j = i
            while items and items[-1][0] == "line":
                k = len(items)
                while k > 0 and items[k - 1][0] == "line" and items[k - 1][1].strip() == "":
                    k -= 1
                start = k
                while start > 0 and items[start - 1][0] == "line" and items[start - 1][1].strip():
                    start -= 1
                block = [it[1] for it in items[start:k]]
                if not block or not _headerish_block(block) or len(block) > 9:
                    break
                left = block + left
                del items[start:]
            right = [line.strip()]
            j = i + 1
            while j < n and (
                _plain(lines[j]).startswith("DOC LAP") or re.fullmatch(r"[-*_\s]+", lines[j] or "x")
            ):
                if lines[j].strip():
                    right.append(lines[j].strip())
                j += 1
            # The place-and-date line: the next non-blank line, or (motto printed first)
            # the first one within a few lines, what lies between being the left column.
            k = j
            while k < n and not lines[k].strip():
                k += 1
            if k < n and PLACE_DATE_RE.search(lines[k]):
                right.append(lines[k].strip())
                j = k + 1
            elif not left:
                for m in range(k, min(n, k + 12)):
                    if PLACE_DATE_RE.search(lines[m]):
                        left = [x.strip() for x in lines[k:m] if x.strip()]
                        right.append(lines[m].strip())
                        j = m + 1
                        break
            items.append(("header", left, right))
            i = j
            continue
        items.append(("line", line))
        i += 1
    return items


def layout(text: str) -> bytes:
    pdf = _pdf()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for item in parse(text):
        if item[0] == "header":
            _, left, right = item
            if pdf.get_y() > pdf.h - 80:
                pdf.add_page()
            left_w, gap = 70.0, 4.0
            x_left = pdf.l_margin - 8
            x_right = x_left + left_w + gap
            right_w = pdf.w - pdf.r_margin - x_right + 6
            top = pdf.get_y() + 2
            pdf.set_xy(x_left, top)
            for k, line in enumerate(left):
                pdf.set_font("Serif", "B" if line.isupper() and k > 0 else "", 10.5)
                pdf.multi_cell(left_w, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
            bottom = pdf.get_y()
            pdf.set_xy(x_right, top)
            for line in right:
                italic = PLACE_DATE_RE.search(line) is not None
                pdf.set_font("Serif", "I" if italic else "B", 10.5)
                pdf.multi_cell(right_w, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_y(max(bottom, pdf.get_y()) + 5)
            continue
        line = item[1].rstrip()
        pdf.set_x(pdf.l_margin)
        if not line.strip():
            pdf.ln(2.5)
            continue
        cells = BODY_COLUMNS_RE.split(line.strip("\n"))
        if len(cells) == 2:
            # Two columns (Nơi nhận | signature): left flush, right centred on its half.
            top = pdf.get_y()
            pdf.set_font("Serif", "B" if cells[0].isupper() else "", 10.5)
            pdf.set_xy(pdf.l_margin - 8, top)
            pdf.multi_cell(
                width * 0.5, 5.5, cells[0].strip(), align="L", new_x="LEFT", new_y="NEXT"
            )
            bottom = pdf.get_y()
            pdf.set_font("Serif", "B" if cells[1].isupper() else "", 10.5)
            pdf.set_xy(pdf.l_margin + width * 0.45, top)
            pdf.multi_cell(
                width * 0.55, 5.5, cells[1].strip(), align="C", new_x="LEFT", new_y="NEXT"
            )
            pdf.set_y(max(bottom, pdf.get_y()))
            continue
        bold = line.isupper() and len(line) < 90
        pdf.set_font("Serif", "B" if bold else "", 11)
        pdf.multi_cell(
            width, 5.8, line.replace("\t", "    "), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


def scan(text: str, name: str, seal: bool) -> bytes:
    rng = np.random.default_rng([SEED, zlib.crc32(name.encode())])
    pages = rasterize(layout(text), DPI)
    scans = []
    for i, page in enumerate(pages):
        h, w = page.shape[:2]
        at = None
        if seal and i == len(pages) - 1:
            at = (int(w * 0.62), _find_text_row(page, "signature"))
        angle = float(rng.uniform(-2.0, 2.0))
        scans.append(degrade(page, rng=rng, angle=angle, dpi=DPI, seal_at=at))
    return image_pdf(scans, DPI)


# Scans whose OCR text is kept as a regression: a công văn whose V/v runs under the
# date and a Kính gửi list; a báo cáo typeset flush left with Nơi nhận | signature
# columns; a biên bản with two signers side by side.
RECORDED = (
    "04_cv_mo_duc_vv_ba_dong",
    "13_bc_phu_cat_cot_tab",
    "08_bb_ca_cam_lam_hai_nguoi_ky",
)


def record_golden(scans: Path) -> None:
    import json

    from make_golden import GOLDEN, record

    for name in RECORDED:
        out = record(f"heldout_scans/{name}", str(scans / f"{name}.pdf"))
        meta_path = out / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["input"] = f"scripts/make_heldout_scans.py -> {name}.pdf (seed {SEED}, {DPI} dpi)"
        meta_path.write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"recorded {out.relative_to(GOLDEN.parent.parent)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/heldout_scans")
    ap.add_argument("--only", default="", help="substring of the file names to render")
    ap.add_argument("--record", action="store_true", help="record OCR of RECORDED scans")
    a = ap.parse_args()
    out = Path(a.out)
    if a.record:
        record_golden(out)
        return 0
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(f for d in SOURCES for f in d.glob("*.txt") if not f.name.startswith("ocr_"))
    for k, f in enumerate(files):
        if a.only and a.only not in f.name:
            continue
        data = scan(f.read_text(encoding="utf-8"), f.stem, seal=k % 2 == 0)
        (out / f"{f.stem}.pdf").write_bytes(data)
        print(f"{f.stem}.pdf {len(data) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
