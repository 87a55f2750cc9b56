"""Synthetic fixtures: a typed header whose number and day blanks are filled in "by hand".

The printed lines are set in DejaVu Serif as the genre prints them; the fill is drawn
with OpenCV's Hershey script font (a cursive stroke font, nothing like the print), a
little rotated, larger than the print and standing above the line, in black or blue
ballpoint ink, as clerks write. Scores on these pages are synthetic: they say the
reading works end to end, not how well it reads real hands (scripts/eval_real_scans.py).
"""

from __future__ import annotations

import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tests.test_text_helpers import SERIF, SERIF_BOLD

INKS = {"black": (25, 25, 30), "blue": (30, 60, 190)}


def _script(
    canvas: np.ndarray, text: str, x: int, y: int, width: int, ink, rng: random.Random
) -> None:
    """Draw ``text`` as handwriting with its baseline at (x, y), about ``width`` wide at
    most, on an RGB canvas."""
    scale = rng.uniform(1.9, 2.3)
    thick = rng.choice((3, 4))
    (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SCRIPT_COMPLEX, scale, thick)
    if w > width:  # a clerk writes smaller to keep within the blank
        scale *= width / w
        (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SCRIPT_COMPLEX, scale, thick)
    pad = 20
    tile = np.full((h + 2 * pad, w + 2 * pad, 3), 255, np.uint8)
    cv2.putText(
        tile, text, (pad, pad + h), cv2.FONT_HERSHEY_SCRIPT_COMPLEX, scale, ink, thick, cv2.LINE_AA
    )
    m = cv2.getRotationMatrix2D((tile.shape[1] / 2, tile.shape[0] / 2), rng.uniform(-6, 6), 1.0)
    m[0, 1] -= rng.uniform(0.2, 0.45)  # a slant to the right
    m[0, 2] += 0.3 * tile.shape[0]
    tile = cv2.warpAffine(tile, m, (tile.shape[1], tile.shape[0]), borderValue=(255, 255, 255))
    # an unsteady hand: a smooth random displacement of every pixel (elastic distortion)
    gen = np.random.default_rng(rng.randrange(1 << 30))
    dx, dy = (
        cv2.GaussianBlur(gen.uniform(-1, 1, tile.shape[:2]).astype(np.float32), (0, 0), 8) * 70
        for _ in range(2)
    )
    ys, xs = np.mgrid[0 : tile.shape[0], 0 : tile.shape[1]].astype(np.float32)
    tile = cv2.remap(
        tile,
        xs + dx,
        ys + dy,
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(255, 255, 255),
    )
    top = max(0, y - h - pad - rng.randint(0, 8))
    region = canvas[top : top + tile.shape[0], x : x + tile.shape[1]]
    tile = tile[: region.shape[0], : region.shape[1]]
    np.minimum(region, tile, out=region)  # ink over paper and print


def header_page(
    number: str | None,
    day: str | None,
    *,
    month: int = 5,
    year: int = 2021,
    symbol: str = "CT-UBND",
    ink: str = "black",
    seed: int = 0,
) -> np.ndarray:
    """An RGB 300 dpi page (A4 width, a third of its height): the two-column header with
    ``number`` and ``day`` written into the blanks (None: the blank left empty)."""
    rng = random.Random(seed)
    w, h = 2480, 1400
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(str(SERIF), 42)
    fb = ImageFont.truetype(str(SERIF_BOLD), 42)
    fi = ImageFont.truetype(str(SERIF).replace("Serif.ttf", "Serif-Italic.ttf"), 42)
    d.text((330, 150), "ỦY BAN NHÂN DÂN", font=f, fill="black")
    d.text((300, 205), "TỈNH QUẢNG NGÃI", font=fb, fill="black")
    d.line((380, 262, 640, 262), fill="black", width=3)
    d.text((1150, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=fb, fill="black")
    d.text((1330, 205), "Độc lập - Tự do - Hạnh phúc", font=fb, fill="black")
    d.line((1330, 262, 1880, 262), fill="black", width=3)
    # "Số:" then a blank of about 12 mm, then the symbol
    d.text((300, 310), "Số:", font=f, fill="black")
    d.text((640, 310), f"/{symbol}", font=f, fill="black")  # a blank of about 25 mm
    place = "Quảng Ngãi, ngày"
    d.text((1150, 310), place, font=fi, fill="black")
    x_blank = 1150 + int(d.textlength(place, font=fi)) + 20
    d.text((x_blank + 130, 310), f"tháng {month} năm {year}", font=fi, fill="black")
    d.text((1000, 470), "CHỈ THỊ", font=fb, fill="black")
    d.text((620, 530), "Về việc tăng cường công tác phòng, chống thiên tai", font=fb, fill="black")
    for k in range(8):
        d.text(
            (300, 680 + 60 * k),
            "Thực hiện chỉ đạo của Thủ tướng Chính phủ, Ủy ban nhân dân",
            font=f,
            fill="black",
        )
    page = np.asarray(img).copy()
    colour = INKS[ink]
    if number:
        _script(page, number, 390, 355, 230, colour, rng)
    if day:
        _script(page, day, x_blank - 5, 355, 120, colour, rng)
    # a scanner's grain
    noise = np.random.default_rng(seed).normal(0, 6, page.shape[:2])[..., None]
    return np.clip(page.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def phone_photo(page: np.ndarray, *, seed: int = 0, shade: float = 0.45) -> np.ndarray:
    """A page as a phone photographs it on a desk: smaller than the frame, in perspective
    (each corner moved by up to 6% of the frame), turned a little, lit from one side (the
    far side down to ``shade`` of the near side's light), with sensor noise."""
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    fh, fw = int(h * 1.45), int(w * 1.35)
    frame = np.empty((fh, fw, 3), np.uint8)
    frame[:] = (92, 78, 64)  # a wooden desk
    mx, my = (fw - w) / 2, (fh - h) / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = src + np.array([mx, my], np.float32)
    dst += rng.uniform(-0.06, 0.06, (4, 2)).astype(np.float32) * np.array([fw, fh], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    frame = cv2.warpPerspective(
        page, m, (fw, fh), dst=frame, borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_LINEAR
    )
    # light from the left: a linear fall-off across the frame, a little curved
    xs = np.linspace(0.0, 1.0, fw, dtype=np.float32)[None, :]
    ys = np.linspace(-1.0, 1.0, fh, dtype=np.float32)[:, None]
    light = 1.0 - (1.0 - shade) * xs - 0.08 * ys**2
    out = frame.astype(np.float32) * light[..., None] + rng.normal(0, 4, (fh, fw, 1))
    return np.clip(out, 0, 255).astype(np.uint8)
