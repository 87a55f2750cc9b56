"""OCR of page images: clean-up, orientation, deskew, header columns, Tesseract, cache.

One page goes through named steps (see :func:`ocr_image`):

1. ``drop_colour`` – red seals and blue/green pen strokes are saturated colour; black
   print is not. Saturated pixels are pushed to paper white so the print under a seal
   or a pen stroke is what remains (measured: ``scripts/measure_ocr.py``).
   Then ``specks`` – on a dusty or speckled page only (a count of isolated dots in a
   few strips, :func:`speck_density`), dots too small to be print are painted paper
   white (:func:`clean_specks`).
2. ``deskew`` – projection-profile search for the skew angle on a small binarized copy,
   then one rotation of the full page. psm 3 drops whole blocks on pages rotated more
   than about 2.4°, and psm 6 misreads lines that drift across each other.
3. ``orientation`` – a page read upside down or sideways gives low word confidences;
   only then is Tesseract's orientation detection (psm 0) asked, so upright pages pay
   nothing for it.
4. ``split_header`` – the two-column header (issuer left, motto right) is found as the
   top band whose lines share a vertical white gutter; its halves are read separately
   (left column first, as an archivist reads it), the rest of the page as one block.
   Reading the page as one block (psm 6) interleaves the two columns line by line.
5. Tesseract (``pipeline/_exec/tesseract.py``) with word confidences; the page's
   confidence is the mean word confidence (0..1).

Results are cached by a hash of the page image + the Tesseract version + every setting,
so a re-run never OCRs a page twice.

Around it, for each page job (:func:`_run_job`): before, a phone photo's page is found,
flattened and evenly lit (``pipeline.read.photo``; scans are left as they are, so their
cache keys stay); after, number and day blanks that OCR left blank or junk are read again
from the image with the pen kept (``pipeline.read.fills``; not cached, cheap when no blank
needs it).

Measured on the 25 degraded 300 dpi pages of shared/scans against their truth
(``scripts/measure_ocr.py``; Tesseract 5.3.0 ``vie``; CPU seconds per page):

| setting | CER | numbers/dates verbatim | header not interleaved | CPU s/page |
|---|---|---|---|---|
| psm 3, nothing else | 3.43% | 96% | 2/5 | 1.92 |
| psm 6, nothing else | 1.55% | 96% | 2/5 | 1.70 |
| + deskew | 1.44% | 97% | 2/5 | 1.99 |
| + colour "value" (red seal light) | 1.06% | 98% | 2/5 | 2.25 |
| + column bands | 0.65% | 98% | 5/5 | 2.40 |
| + pen strokes dropped (default) | 0.29% | 98% | 5/5 | 2.45 |
| default + median 3 | 0.42% | 100% | 4/5 | 2.60 |
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing
import os
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from pipeline.read import fills, photo, pixels
from pipeline.read._exec import tesseract

log = logging.getLogger(__name__)

# Bump when a step changes what text comes out, so old cache entries are not reused.
PIPELINE_VERSION = "ocr-15"


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Every knob of the OCR of one page; chosen by scripts/measure_ocr.py."""

    lang: str = "vie"
    psm: int = 6  # body: one uniform block (psm 3 drops blocks; see module doc)
    header_psm: int = 6
    # "luma" | "value" (max of R, G, B: coloured ink turns light, black stays black) |
    # "pen" ("value", and blue/green strokes pushed to paper white) | "mask" ("value",
    # and every saturated pixel pushed to paper white)
    colour: str = "pen"
    deskew: bool = True
    split_header: bool = True
    orientation: bool = True
    # Below this mean word confidence the page may be sideways/upside down: ask OSD.
    orientation_below: float = 0.55
    max_skew: float = 6.0  # degrees searched either side
    denoise: int = 0  # median blur kernel (0 = none)
    # Dust specks painted out on a speckled page only (speck_density > SPECKS_PER_MP).
    specks: bool = True


@dataclass(frozen=True, slots=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0..1; None when no words
    rotated: int = 0  # orientation fix applied (degrees clockwise)
    skew: float = 0.0  # deskew angle applied (degrees)
    header_split: bool = False
    cached: bool = False
    # (text, x0, y0, x1, y1, confidence 0..1, start, end): every word, its box as fractions
    # of the page image, its characters in ``text``.
    words: tuple[tuple[str, float, float, float, float, float, int, int], ...] = ()
    # Handwritten blanks read again with the pen kept (pipeline.read.fills); not cached:
    # they are read after the cached page OCR, so a better reader needs no re-OCR.
    fills: tuple[fills.Fill, ...] = ()
    # What was done to a photo before OCR (pipeline.read.photo), for the decision reason.
    photo: tuple[str, ...] = ()


# ---------------------------------------------------------------- image steps


def _lift_to_paper(value: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``value`` with the pixels of ``mask`` raised to the paper's brightness (its 90th
    percentile), never darkened."""
    paper = int(pixels.percentile_u8(value, 90))
    out = value.copy()
    flat, idx = out.reshape(-1), np.flatnonzero(mask)
    flat[idx] = np.maximum(flat[idx], paper)
    return out


def _hue_of(rgb: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """OpenCV hue (0..179) of the pixels at flat indices ``idx`` only."""
    px = rgb.reshape(-1, 3)[idx].reshape(-1, 1, 3)
    return cv2.cvtColor(px, cv2.COLOR_RGB2HSV)[:, 0, 0]


def drop_colour(rgb: np.ndarray, mode: str) -> np.ndarray:
    """RGB page -> grayscale page with coloured ink (seals, pen strokes) removed."""
    if rgb.ndim == 2:
        return rgb
    if mode == "luma":
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    value, chroma = pixels.value_chroma(rgb)
    if mode == "value":
        return value
    if mode == "mask":
        # As "value", and every saturated pixel that is not dark goes to paper white.
        # Measured worse: it thins black strokes under a red seal (their edges are red).
        # HSV saturation > 90 is chroma / value > 90 / 255.
        sat = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[..., 1]
        return _lift_to_paper(value, (sat > 90) & (value > 70))
    if mode == "pen":
        # As "value" (a red seal turns light, the black print under it stays), and
        # blue/violet/green strokes (ballpoint underlines, ticks) go to paper white: a
        # light-blue underline is still mid-gray in "value", and Tesseract then drops
        # the whole line above it (seen on shared/scans 001 p3). Red is left to
        # "value": whitening reddish pixels eats the edges of print under a seal.
        # The hue is computed only for the few coloured pixels.
        idx = np.flatnonzero((chroma > 30) & (value > 90))
        if idx.size:
            hue = _hue_of(rgb, idx)
            idx = idx[(hue >= 35) & (hue <= 150)]
        mask = np.zeros(value.size, dtype=bool)
        mask[idx] = True
        return _lift_to_paper(value, mask.reshape(value.shape))
    raise ValueError(f"unknown colour mode {mode!r}")


def _ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink. Otsu's threshold, but never within 40 levels of the
    paper: on a blank noisy area Otsu splits the noise itself."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    paper = pixels.percentile_u8(gray, 90)
    _, ink = cv2.threshold(gray, min(otsu, paper - 40), 255, cv2.THRESH_BINARY_INV)
    return ink


def estimate_skew(gray: np.ndarray, max_angle: float = 6.0) -> float:
    """Angle (degrees, counter-clockwise positive as cv2 uses) that makes lines level."""
    scale = 800 / max(gray.shape[1], 1)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = _ink_mask(small)
    if ink.mean() < 0.5:  # blank page
        return 0.0

    def score(angle: float) -> float:
        rows = _rotate_bin(ink, angle).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    return float(max(fine, key=score))


def _rotate_bin(ink: np.ndarray, angle: float) -> np.ndarray:
    h, w = ink.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    top: int
    bottom: int
    left: int
    right: int


def _text_lines(ink: np.ndarray) -> list[tuple[int, int]]:
    rows = ink.sum(axis=1) > max(2, ink.shape[1] // 400) * 255
    lines, start = [], None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            lines.append((start, y))
            start = None
    if start is not None:
        lines.append((start, len(rows)))
    # Merge slivers (diacritics above a line) into the line below.
    merged: list[tuple[int, int]] = []
    for a, b in lines:
        if merged and a - merged[-1][1] <= 2 and (merged[-1][1] - merged[-1][0]) < 6:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [(a, b) for a, b in merged if b - a >= 3]


def _small_ink(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """The page's ink mask at about 75 dpi, and its scale: columns, regions and blank
    pages are found on it (16 times less to look at than 300 dpi)."""
    scale = min(1.0, 75 / max(dpi, 1))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return _despeckle(_ink_mask(small)), scale


def _despeckle(ink: np.ndarray, max_area: int = 2) -> np.ndarray:
    """Drop specks (scanner noise) that would fill a gutter; keep thin strokes."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.where(stats[:, cv2.CC_STAT_AREA] <= max_area)[0]
    small = small[small != 0]
    if len(small):
        ink = ink.copy()
        ink[np.isin(labels, small)] = 0
    return ink


# Dust and toner specks: a dusty glass or a tired photocopy sprinkles dots of one to a
# few pixels over the page. Tesseract reads the ones near a line as marks and glues
# digits to them ("ngày01thángllnăm206" for "ngày 01 tháng 11 năm 2016"). A page is
# speckled when isolated ink components this small (at 300 dpi: a 2 x 3 pixel dot; a
# full stop or a diacritic dot of 10-11 pt print is four times that) are more than
# SPECKS_PER_MP per megapixel. Measured with scripts/measure_specks.py: 0-13 on the
# real scans of shared/real/scans_dev and the degraded renders, about 240 on the
# speckled renders of scripts/eval_rendered_real.py.
SPECK_AREA = 6
SPECKS_PER_MP = 40.0
# Counted in a few horizontal strips (a fifth of the page): the count costs under a
# tenth of the page's clean-up, which only a speckled page pays.
SPECK_STRIPS, SPECK_STRIP_ROWS = 8, 96


def speck_density(gray: np.ndarray, dpi: int = 300) -> float:
    """Isolated specks per megapixel of the page (gray, full resolution)."""
    h = gray.shape[0]
    rows = min(SPECK_STRIP_ROWS, h)
    step = max(rows, h // SPECK_STRIPS)
    tops = range(0, h - rows + 1, step)
    ink = _speck_ink(np.concatenate([gray[t : t + rows] for t in tops]))
    area = max(1, round(SPECK_AREA * (dpi / 300) ** 2))
    found = 0
    for k in range(len(tops)):
        strip = ink[k * rows : (k + 1) * rows]
        _, _, stats, _ = cv2.connectedComponentsWithStats(strip, connectivity=8)
        st = stats[1:]
        top, height = st[:, cv2.CC_STAT_TOP], st[:, cv2.CC_STAT_HEIGHT]
        inside = (top > 0) & (top + height < rows)  # a glyph cut by the strip's edge
        found += int(np.count_nonzero(inside & (st[:, cv2.CC_STAT_AREA] <= area)))
    return found / (ink.size / 1e6) if ink.size else 0.0


def _speck_ink(gray: np.ndarray) -> np.ndarray:
    """Ink as :func:`_ink_mask` decides it, the paper level taken from a sample."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    paper = float(np.percentile(gray[::8, ::8], 90))
    _, ink = cv2.threshold(gray, min(otsu, paper - 40), 255, cv2.THRESH_BINARY_INV)
    return ink


def clean_specks(gray: np.ndarray, dpi: int = 300) -> np.ndarray:
    """The page with its isolated specks (see SPECK_AREA) painted paper white."""
    ink = _speck_ink(gray)
    area = max(1, round(SPECK_AREA * (dpi / 300) ** 2))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(n, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= area
    out = gray.copy()
    out[small[labels]] = int(np.percentile(gray[::8, ::8], 90))
    return out


def find_header_split(gray: np.ndarray, dpi: int = 300) -> tuple[int, int] | None:
    """(band_bottom_y, split_x) of a two-column header at the top, or None."""
    bands = find_column_bands(gray, dpi)
    top = [b for b in bands if b[0] == "header"]
    return (top[0][2], top[0][3]) if top else None


def find_column_bands(gray: np.ndarray, dpi: int = 300) -> list[tuple[str, int, int, int]]:
    """Two-column bands of the page as (name, top_y, bottom_y, split_x).

    ``header``: the run of top lines that all leave one vertical white gutter in the
    middle of the page (issuer | motto). ``footer``: the same from the bottom up
    (Nơi nhận | signature). Each band must have ink on both sides of its gutter.
    """
    ink, scale = _small_ink(gray, dpi)
    h, w = ink.shape
    cols = np.where(ink.sum(axis=0) > 0)[0]
    if len(cols) == 0:
        return []
    x0, x1 = int(cols[0]), int(cols[-1])
    width = x1 - x0
    if width < w * 0.3:
        return []
    zone = (x0 + int(width * 0.25), x0 + int(width * 0.75))
    # A column gutter is wider than any word gap of justified text (about 3 mm).
    min_gap = max(3, int(width * 0.05))
    lines = _text_lines(ink)
    out: list[tuple[str, int, int, int]] = []
    skip, top = header_band(ink, [ln for ln in lines if ln[0] < h * 0.45], zone, min_gap)
    used = 0
    if top is not None:
        n, split = top
        n += skip
        nxt = lines[n][0] if n < len(lines) else lines[n - 1][1] + 4
        bottom = (lines[n - 1][1] + nxt) // 2
        start = (lines[skip - 1][1] + lines[skip][0]) // 2 if skip else 0
        out.append(("header", int(start / scale), int(bottom / scale), int(split / scale)))
        used = n
    rest = lines[used:]
    low = [ln for ln in reversed(rest) if ln[0] > h * 0.35]
    foot = gutter_band(ink, low, zone, min_gap, min_lines=3)
    if foot is not None:
        n, split = foot
        first = len(rest) - n
        prev = rest[first - 1][1] if first > 0 else rest[first][0] - 4
        top_y = (prev + rest[first][0]) // 2
        out.append(("footer", int(top_y / scale), gray.shape[0], int(split / scale)))
    return out


# Full-width lines that may stand above the two-column header: a gazette's running
# header (CÔNG BÁO/Số 271/Ngày 12-05-2026), a "Người dân cần biết" kicker.
MAX_LINES_ABOVE_HEADER = 2


def header_band(
    ink: np.ndarray, lines: list[tuple[int, int]], zone: tuple[int, int], min_gap: int
) -> tuple[int, tuple[int, int] | None]:
    """(lines skipped above it, gutter_band result) of the two-column header."""
    for skip in range(min(MAX_LINES_ABOVE_HEADER, max(0, len(lines) - 2)) + 1):
        band = gutter_band(ink, lines[skip:], zone, min_gap)
        if band is not None:
            count = _header_ends_with_right_column(ink, lines[skip:], *band)
            return skip, (count, band[1])
    return 0, None


# How far a left-column line may stand below the line above it and still be the
# header's: a V/v of a công văn runs on under the place-and-date line at the header's
# line spacing, while "BÁO CÁO" or "Kính gửi:" typeset flush left (short lines that
# leave the gutter white) come after the blank line that ends the header.
HEADER_GAP_FACTOR = 1.8


def _header_ends_with_right_column(
    ink: np.ndarray, lines: list[tuple[int, int]], count: int, split: int
) -> int:
    """How many of the header band's lines are the header's.

    The band is every top line that leaves the gutter white, so short left-aligned body
    lines after the header join it and would be read before the motto and the date.
    The header ends with the right column's last line (place and date), or with the
    left column's lines that follow that one at the header's own line spacing.
    Line boxes without height (text-layer rows) are left alone.
    """
    band = lines[:count]
    right = [i for i, (a, b) in enumerate(band) if ink[a:b, split:].any()]
    if not right:
        return count
    keep = right[-1] + 1
    # The header's line spacing: the band's narrowest gap (a rule or a blank line between
    # issuer and number, or before the body, makes wide gaps, and a header has few
    # lines; a right column of one line, "Quảng Ngãi, ngày ...", has no gap of its own).
    gaps = [band[i + 1][0] - band[i][1] for i in range(count - 1)]
    heights = [b - a for a, b in band[:keep]]
    typical = float(min(gaps)) if gaps else 0.0
    limit = max(HEADER_GAP_FACTOR * typical, typical + 0.5 * float(np.median(heights)))
    while keep < count and band[keep][0] - band[keep - 1][1] <= limit:
        keep += 1
    return keep


def gutter_band(
    ink: np.ndarray,
    lines: list[tuple[int, int]],
    zone: tuple[int, int],
    min_gap: int,
    min_lines: int = 2,
) -> tuple[int, int] | None:
    """How many of ``lines`` (in the order given) share a gutter, and its x; or None."""
    lo, hi = zone
    used = np.zeros(ink.shape[1], dtype=bool)
    count, gutter = 0, None
    for a, b in lines:
        occupied = used | (ink[a:b].sum(axis=0) > 0)
        run = _widest_gap(occupied[lo:hi])
        if run is None or run[1] - run[0] < min_gap:
            break
        used, count, gutter = occupied, count + 1, (lo + run[0], lo + run[1])
    if count < min_lines or gutter is None:
        return None
    split = (gutter[0] + gutter[1]) // 2
    band_rows = np.zeros(ink.shape[0], dtype=bool)
    for a, b in lines[:count]:
        band_rows[a:b] = True
    band = ink[band_rows]
    if band[:, :split].sum() == 0 or band[:, split:].sum() == 0:
        return None
    return count, split


def _widest_gap(occupied: np.ndarray) -> tuple[int, int] | None:
    best, start = None, None
    for x, occ in enumerate(list(occupied) + [True]):
        if not occ and start is None:
            start = x
        elif occ and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    return best


# ---------------------------------------------------------------- OCR of one page


# Two words on one line further apart than this many times the line's word height are
# in two columns (word spaces are under one em even in justified text): "THƯ KÝ" and
# "CHỦ TRÌ" over the two signers of a biên bản, when no band split them. The text
# keeps a tab there, as a text layer or a typist would, so the columns stay apart.
COLUMN_GAP_HEIGHTS = 3.0


# A line further below the one above than the page's usual white gap between lines,
# plus this fraction of a line's height, starts a new paragraph (typed with space before
# it). The extractors end a Kính gửi list, a subject or a V/v at a blank line, as in a
# text file; Tesseract's own paragraphs (psm 6: one) do not say where those are. Gaps,
# not pitches: a title in a larger font has a larger pitch but the same white gap.
PARAGRAPH_GAP_HEIGHTS = 0.4


def words_to_text(words: Sequence[tesseract.Word], paragraphs: bool = False) -> str:
    """Tesseract's words as lines; with ``paragraphs``, a blank line at each wide gap."""
    return words_to_text_spans(words, paragraphs)[0]


def words_to_text_spans(
    words: Sequence[tesseract.Word], paragraphs: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """As :func:`words_to_text`, and each word's (start, end) in the text."""
    lines: list[str] = []
    boxes: list[list[tuple[int, int]]] = []
    # (line index, start within the line) of each word
    where: list[tuple[int, int]] = []
    key = None
    prev: tesseract.Word | None = None
    for wd in words:
        k = (wd.block, wd.par, wd.line)
        if k != key or prev is None:
            lines.append(wd.text)
            boxes.append([(wd.top, wd.top + wd.height)])
            where.append((len(lines) - 1, 0))
            key = k
        else:
            gap = wd.left - (prev.left + prev.width)
            height = max(prev.height, wd.height, 1)
            lines[-1] += "\t" if gap > COLUMN_GAP_HEIGHTS * height else " "
            where.append((len(lines) - 1, len(lines[-1])))
            lines[-1] += wd.text
            boxes[-1].append((wd.top, wd.top + wd.height))
        prev = wd
    blank_before = [False] * len(lines)
    if paragraphs and len(lines) >= 3:
        # A line's top and bottom: the medians of its words' (most words have neither a
        # descender nor a stacked diacritic).
        tops = [float(np.median([t for t, _ in b])) for b in boxes]
        bottoms = [float(np.median([e for _, e in b])) for b in boxes]
        height = float(np.median([e - t for t, e in zip(tops, bottoms, strict=True)]))
        gaps = [t - e for e, t in zip(bottoms, tops[1:], strict=False)]
        # The usual gap: the lower quartile, as a page of one-line paragraphs (a giấy mời)
        # has as many paragraph gaps as line steps.
        usual = float(np.percentile(gaps, 25))
        for i, gap in enumerate(gaps, start=1):
            blank_before[i] = height > 0 and gap > usual + PARAGRAPH_GAP_HEIGHTS * height
    out: list[str] = []
    line_start: list[int] = []
    pos = 0
    for i, line in enumerate(lines):
        if i:
            if blank_before[i]:
                out.append("")
                pos += 1
            pos += 1  # the newline
        line_start.append(pos)
        out.append(line)
        pos += len(line)
    spans = [
        (line_start[li] + off, line_start[li] + off + len(wd.text))
        for (li, off), wd in zip(where, words, strict=True)
    ]
    return "\n".join(out), spans


Words = list[tuple[str, float, float, float, float, float, int, int]]


def _ocr_regions(
    gray: np.ndarray, s: OcrSettings, dpi: int, timeout: float
) -> tuple[str, list[float], bool, Words]:
    h, w = gray.shape
    regions: list[tuple[int, int, int, int, int]] = []  # top, bottom, left, right, psm
    bands = find_column_bands(gray, dpi) if s.split_header else []
    y = 0
    for _name, top, bottom, x in bands:
        if top > y:
            regions.append((y, top, 0, w, s.psm))
        # Left column first, as an archivist reads it (issuer, then motto).
        regions.append((top, bottom, 0, x, s.header_psm))
        regions.append((top, bottom, x, w, s.header_psm))
        y = bottom
    if y < h:
        regions.append((y, h, 0, w, s.psm))
    split = bool(bands)
    ink, scale = _small_ink(gray, dpi)
    margin = max(4, dpi // 10)
    crops: list[tuple[int, int, bool, int, np.ndarray]] = []  # x0, y0, full width, psm, image
    for top, bottom, left, right, psm in regions:
        # Crop to the ink: an empty noisy area makes Tesseract read noise as text.
        box = _ink_box(ink, top, bottom, left, right, scale)
        if box is None:
            continue
        t, b, le, r = box
        y0, x0 = max(top, t - margin), max(left, le - margin)
        img = gray[y0 : min(bottom, b + margin), x0 : min(right, r + margin)]
        if img.shape[0] < 8 or img.shape[1] < 8:
            continue
        crops.append((x0, y0, left == 0 and right == w, psm, img))
    # Header and body are read with the same psm (the default): one Tesseract process
    # for the page's regions.
    psms = {c[3] for c in crops}
    if len(psms) == 1:
        read = tesseract.run_tsv_many(
            images=[c[4] for c in crops], lang=s.lang, psm=psms.pop(), dpi=dpi, timeout=timeout
        )
    else:
        read = [
            tesseract.run_tsv(image=c[4], lang=s.lang, psm=c[3], dpi=dpi, timeout=timeout)
            for c in crops
        ]
    parts, confs = [], []
    boxes: Words = []
    pos = 0  # where the next part starts in the page text
    for (x0, y0, full, _psm, _img), words in zip(crops, read, strict=True):
        words = [replace(wd, text=unicodedata.normalize("NFC", wd.text)) for wd in words]
        confs.extend(w.conf for w in words if w.conf >= 0)
        text, spans = words_to_text_spans(words, paragraphs=full)
        if text.strip():
            for wd, (a, e) in zip(words, spans, strict=True):
                boxes.append(
                    (
                        wd.text,
                        round((x0 + wd.left) / w, 5),
                        round((y0 + wd.top) / h, 5),
                        round((x0 + wd.left + wd.width) / w, 5),
                        round((y0 + wd.top + wd.height) / h, 5),
                        round(max(0.0, wd.conf) / 100, 4),
                        pos + a,
                        pos + e,
                    )
                )
            parts.append(text)
            pos += len(text) + 1
    return "\n".join(parts), confs, split, boxes


def _ink_box(
    ink: np.ndarray, top: int, bottom: int, left: int, right: int, scale: float
) -> tuple[int, int, int, int] | None:
    """Bounding box (full-resolution top, bottom, left, right) of the ink in a region."""
    sub = ink[
        int(top * scale) : int(np.ceil(bottom * scale)),
        int(left * scale) : int(np.ceil(right * scale)),
    ]
    if int(np.count_nonzero(sub)) < 12:
        return None
    rows = np.where(sub.any(axis=1))[0]
    cols = np.where(sub.any(axis=0))[0]
    t = top + int(rows[0] / scale)
    le = left + int(cols[0] / scale)
    return t, top + int((rows[-1] + 1) / scale), le, left + int((cols[-1] + 1) / scale)


# Orientation detection is asked at this resolution: it judges the shapes of whole
# lines, not letters. On the 17 pages of real scans (scans_dev) turned 0/90/180/270
# degrees it gave the same answer as at 300 dpi on all 68, at two thirds of the cost
# (scripts/measure_tesseract_steps.py osd).
OSD_DPI = 150


def _for_osd(gray: np.ndarray, dpi: int) -> np.ndarray:
    if dpi <= OSD_DPI:
        return gray
    f = OSD_DPI / dpi
    return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def _has_ink(gray: np.ndarray, dpi: int) -> bool:
    """Whether the page has any ink to read, by the test that picks OCR regions."""
    ink, scale = _small_ink(gray, dpi)
    h, w = gray.shape
    return _ink_box(ink, 0, h, 0, w, scale) is not None


def ocr_image(
    rgb: np.ndarray,
    *,
    settings: OcrSettings,
    dpi: int,
    timeout: float = 180.0,
    cache_dir: str | None = None,
) -> OcrResult:
    """OCR one page image (H x W x 3 RGB or H x W gray, uint8)."""
    key = None
    if cache_dir:
        key = cache_key(rgb, settings=settings, dpi=dpi)
        hit = _cache_get(cache_dir, key)
        if hit is not None:
            return hit
    gray = drop_colour(rgb, settings.colour)
    if settings.denoise:
        gray = cv2.medianBlur(gray, settings.denoise)
    if settings.specks and speck_density(gray, dpi) > SPECKS_PER_MP:
        gray = clean_specks(gray, dpi)
    skew = 0.0
    if settings.deskew:
        skew = estimate_skew(gray, settings.max_skew)
        if abs(skew) >= 0.1:
            gray = pixels.rotate(gray, skew)
    text, confs, split, words = _ocr_regions(gray, settings, dpi, timeout)
    conf = float(np.mean(confs)) / 100 if confs else None
    rotated = 0
    # Orientation is asked only of a page read badly, and only when it has ink to read
    # (a blank page, or one with only a stamp the colour step took out, has no regions:
    # nothing to turn, and the question cost 1.2-1.7 s of CPU).
    if (
        settings.orientation
        and (conf is None or conf < settings.orientation_below)
        and _has_ink(gray, dpi)
    ):
        osd = tesseract.run_osd(image=_for_osd(gray, dpi), dpi=min(dpi, OSD_DPI), timeout=timeout)
        if osd is not None and osd.rotate and osd.orientation_conf >= 1.0:
            turned = pixels.turn(gray, osd.rotate)
            t2, c2, s2, w2 = _ocr_regions(turned, settings, dpi, timeout)
            conf2 = float(np.mean(c2)) / 100 if c2 else None
            if conf2 is not None and (conf is None or conf2 > conf):
                text, conf, split, rotated, words = t2, conf2, s2, osd.rotate, w2
    result = OcrResult(
        text=unicodedata.normalize("NFC", text),
        confidence=conf,
        rotated=rotated,
        skew=skew,
        header_split=split,
        words=tuple(words),
    )
    if cache_dir and key:
        _cache_put(cache_dir, key, result)
    return result


# ---------------------------------------------------------------- cache


def cache_key(rgb: np.ndarray, *, settings: OcrSettings, dpi: int) -> str:
    h = hashlib.sha256()
    h.update(repr(rgb.shape).encode())
    h.update(np.ascontiguousarray(rgb).tobytes())
    meta = {
        "tesseract": tesseract.version(),
        "settings": asdict(settings),
        "dpi": dpi,
        "pipeline": PIPELINE_VERSION,
    }
    h.update(json.dumps(meta, sort_keys=True).encode())
    return h.hexdigest()


def _cache_path(cache_dir: str, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.json"


def _cache_get(cache_dir: str, key: str) -> OcrResult | None:
    path = _cache_path(cache_dir, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if "words" not in data:
            # written before word boxes were kept: the page is read once more, so that its
            # words' confidences and boxes are there (same text, same settings)
            return None
        return OcrResult(
            text=data["text"],
            confidence=data["confidence"],
            rotated=data.get("rotated", 0),
            skew=data.get("skew", 0.0),
            header_split=data.get("header_split", False),
            cached=True,
            words=tuple(tuple(wd) for wd in data["words"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring unreadable OCR cache entry %s: %s", path, exc)
        return None


def _cache_put(cache_dir: str, key: str, result: OcrResult) -> None:
    path = _cache_path(cache_dir, key)
    data = asdict(replace(result, cached=False))
    data["tesseract"] = tesseract.version()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write OCR cache entry %s: %s", path, exc)


# ---------------------------------------------------------------- many pages


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page to OCR, described so a worker process can load it itself."""

    kind: str  # "pdf" | "image"
    path: str
    index: int  # 0-based page (PDF) or frame (TIFF) index
    dpi: int  # PDF: render resolution; image: fallback when the file has none


def load_page_image(job: PageJob) -> tuple[np.ndarray, int]:
    """The page as an RGB array and the DPI to tell Tesseract."""
    if job.kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(job.path)
        try:
            page = pdf[job.index]
            # Rendered in RGB order and copied once out of pdfium's buffer: the same
            # pixels as through a PIL image, without its two copies (0.05-0.15 s a page).
            bitmap = page.render(scale=job.dpi / 72, rev_byteorder=True)
            rgb = np.array(bitmap.to_numpy()[..., :3])
        finally:
            pdf.close()
        return rgb, job.dpi
    from PIL import Image

    with Image.open(job.path) as im:
        im.seek(job.index)
        dpi = image_dpi(im, job.dpi)
        rgb = im.convert("RGB")
    return np.asarray(rgb), dpi


def image_dpi(im, fallback: int) -> int:
    """The DPI recorded in the image; else a guess from an A4 page width; else fallback."""
    dpi = im.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    if 150 <= x <= 1200:
        return int(round(x))
    # No DPI, or a camera's nominal 72: guess from an A4 page's short side.
    w, h = im.size
    guess = min(w, h) / 8.27
    if 150 <= guess <= 600:
        return int(round(guess))
    return int(round(x)) if 70 <= x < 150 else fallback


def _run_job(job: PageJob, settings: OcrSettings, timeout: float, cache_dir: str | None):
    rgb, dpi = load_page_image(job)
    rgb, dpi, steps = prepare_photo(rgb, dpi)
    result = ocr_image(rgb, settings=settings, dpi=dpi, timeout=timeout, cache_dir=cache_dir)
    if steps:
        result = replace(result, photo=steps)
    return job.index, fill_blanks(rgb, result)


def prepare_photo(rgb: np.ndarray, dpi: int) -> tuple[np.ndarray, int, tuple[str, ...]]:
    """A phone photo's page found, flattened and evenly lit (``pipeline.read.photo``);
    a scan comes back as it was (the cache key is the image OCR'd, so scans keep theirs).
    A flattened page's DPI is guessed again from its own short side (an A4 page)."""
    prepared = photo.prepare(rgb)
    if not prepared.steps:
        return rgb, dpi, ()
    image = prepared.image
    if prepared.scale != 1.0:
        guess = min(image.shape[:2]) / 8.27
        if 100 <= guess <= 600:
            dpi = int(round(guess))
    return image, dpi, prepared.steps


def fill_blanks(rgb: np.ndarray, result: OcrResult) -> OcrResult:
    """The page's handwritten number and day blanks, where OCR left them blank or junk,
    read again from the page image with the pen kept (``pipeline.read.fills``)."""
    text, words, found = fills.fill_page(
        rgb, result.text, list(result.words), skew=result.skew, rotated=result.rotated
    )
    if not found:
        return result
    return replace(result, text=text, words=tuple(words), fills=tuple(found))


_POOL: tuple[int, ProcessPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()  # ingest reads several files at once, from threads


def _pool(workers: int) -> ProcessPoolExecutor:
    """One pool of OCR workers for the whole run, reused from file to file.

    Workers come from a fork server (started clean, with this module preloaded), so
    they start fast and never inherit the caller's threads (a progress bar, a
    database connection) as a plain fork would.
    """
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None and _POOL[0] == workers:
            return _POOL[1]
        shutdown_pool()
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.read.ocr"])
        _POOL = (workers, ProcessPoolExecutor(max_workers=workers, mp_context=ctx))
        return _POOL[1]


def shutdown_pool(wait: bool = False) -> None:
    """Stop the OCR processes (at exit; a sandbox worker calls it as it ends, since a
    worker process runs no atexit handlers)."""
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=wait, cancel_futures=True)
        _POOL = None


atexit.register(shutdown_pool)


def ocr_jobs(
    jobs: Iterable[PageJob],
    *,
    settings: OcrSettings,
    workers: int,
    timeout: float,
    cache_dir: str | None,
    on_done: Callable[[int], None] | None = None,
) -> dict[int, OcrResult]:
    """OCR pages in parallel, one Tesseract per core. Returns {index: result}.

    Raises the first page's typed error (the whole file is then unreadable).
    """
    jobs = list(jobs)
    n = max(1, workers if workers > 0 else (os.cpu_count() or 1))
    out: dict[int, OcrResult] = {}
    if n == 1 or len(jobs) == 1:  # one page: no process start-up to pay
        for job in jobs:
            idx, res = _run_job(job, settings, timeout, cache_dir)
            out[idx] = res
            if on_done:
                on_done(idx)
        return out
    pool = _pool(n)
    futures = [pool.submit(_run_job, j, settings, timeout, cache_dir) for j in jobs]
    try:
        for fut in as_completed(futures):
            idx, res = fut.result()
            out[idx] = res
            if on_done:
                on_done(idx)
    except BrokenProcessPool:
        shutdown_pool()
        raise
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    return out
