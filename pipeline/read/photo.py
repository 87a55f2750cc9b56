"""Phone photos of paper: find the page and flatten it, even out the light, before OCR.

A scanner gives the page edge to edge under even light; a phone gives the page as a
quadrilateral on a desk (perspective), lit from one side (a gradient, a shadow). Both
throw Tesseract off: slanted lines, and text in the dark part lost to the threshold.
Two named steps, each taken only when the image needs it, so that scans pay a look at a
small copy of the page and nothing else:

1. ``flatten_page`` – the page is the largest bright convex region of the image; when it
   fills less than ``PAGE_FILLS_FRAME`` of the frame and has four corners, it is warped
   to a rectangle (its own width and height, the longer of each pair of sides).
2. ``even_light`` – the paper's brightness is measured over the page (text removed by a
   grey closing: text is thin, paper is everywhere); when the darkest paper is below
   ``LIGHT_SPREAD`` of the brightest, each channel is divided by it, so paper is white
   everywhere and ink keeps its contrast (colour kept for the seal and pen steps).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Below this share of the frame the page is "on a desk": found and flattened.
PAGE_FILLS_FRAME = 0.88
# A page smaller than this share of the frame is not believed (a form, a label).
PAGE_MIN_SHARE = 0.25
# Even the light when the 5th percentile of the paper's brightness is below this share
# of its 95th (measured: a flatbed scan 0.93-0.99, a phone photo by a window 0.45-0.7).
LIGHT_SPREAD = 0.80
WORK_SIZE = 600  # the long side of the small copy the checks look at


@dataclass(frozen=True, slots=True)
class Prepared:
    image: np.ndarray  # RGB, corrected or the same array
    steps: tuple[str, ...]  # what was done, for the page's decision reason
    scale: float = 1.0  # page width after / before (for the DPI)


def _small(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """A gray copy of about WORK_SIZE pixels on its long side, and its scale. Every k-th
    pixel, not an average: these checks look at paper and desk, not at strokes, and a
    scan pays only for this look (a few milliseconds)."""
    k = max(1, int(np.ceil(max(rgb.shape[:2]) / WORK_SIZE)))
    sub = np.ascontiguousarray(rgb[::k, ::k])
    gray = cv2.cvtColor(sub, cv2.COLOR_RGB2GRAY) if sub.ndim == 3 else sub
    return gray, 1.0 / k


def find_page(rgb: np.ndarray, small: tuple[np.ndarray, float] | None = None) -> np.ndarray | None:
    """The page's four corners (full-resolution x, y; clockwise from top left), or None
    when the page fills the frame or no four-cornered page stands out."""
    small, f = small or _small(rgb)
    blur = _without_light_slope(cv2.GaussianBlur(small, (5, 5), 0))
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # close the text (dark strokes inside the paper) so the page is one region
    k = max(3, int(0.03 * max(small.shape)))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    page = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(page) / float(small.shape[0] * small.shape[1])
    if not PAGE_MIN_SHARE <= share < PAGE_FILLS_FRAME:
        return None
    hull = cv2.convexHull(page)
    peri = cv2.arcLength(hull, True)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None:
        return None
    return _order(quad) / f


def _without_light_slope(gray: np.ndarray) -> np.ndarray:
    """The image with the light's slope across it taken out: a plane fitted to the log
    brightness (the light falls off smoothly from one side; a page in the middle of the
    frame adds little slope of its own), so that the paper on the dark side is still
    brighter than the desk on the bright side."""
    h, w = gray.shape
    log = np.log1p(gray.astype(np.float32))
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs, ys = xs / w, ys / h
    step = 4  # the plane is fitted on every 4th pixel each way
    a = np.stack(
        [
            np.ones(xs[::step, ::step].size, np.float32),
            xs[::step, ::step].ravel(),
            ys[::step, ::step].ravel(),
        ],
        axis=1,
    )
    coef, *_ = np.linalg.lstsq(a, log[::step, ::step].ravel(), rcond=None)
    flat = log - (coef[1] * xs + coef[2] * ys)
    return cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)


def _order(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def flatten_page(rgb: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The page inside ``quad`` warped to an upright rectangle."""
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    m = cv2.getPerspectiveTransform(quad, dst)
    return cv2.warpPerspective(
        rgb, m, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def paper_light(gray: np.ndarray) -> np.ndarray:
    """The paper's brightness at every pixel of a (small) gray page: text closed away."""
    k = max(5, int(0.04 * max(gray.shape)) | 1)
    paper = cv2.morphologyEx(
        gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    )
    return cv2.GaussianBlur(paper, (0, 0), k / 2)


def light_spread(rgb: np.ndarray, small: np.ndarray | None = None) -> float:
    """Darkest paper / brightest paper (5th / 95th percentile), 0..1; 1 is even light."""
    small = small if small is not None else _small(rgb)[0]
    # light changes slowly across a page: a third of the small copy each way is enough
    light = paper_light(small[::3, ::3]).astype(np.float32)
    hi = float(np.percentile(light, 95))
    return float(np.percentile(light, 5)) / hi if hi > 0 else 1.0


def even_light(rgb: np.ndarray) -> np.ndarray:
    """Each channel divided by the paper's brightness: white paper, ink kept."""
    small, f = _small(rgb)
    light = paper_light(small).astype(np.float32)
    light = cv2.resize(light, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)
    light = np.maximum(light, 1.0)
    target = float(np.percentile(light, 95))
    img = rgb.astype(np.float32)
    out = img * (target / light)[..., None] if img.ndim == 3 else img * (target / light)
    return np.clip(out, 0, 255).astype(np.uint8)


def prepare(rgb: np.ndarray) -> Prepared:
    """The page ready for OCR: flattened and evened out where it needs it."""
    steps: list[str] = []
    image = rgb
    scale = 1.0
    small = _small(image)  # one small copy for both checks of a page left as it is
    quad = find_page(image, small)
    if quad is not None:
        image = flatten_page(image, quad)
        scale = image.shape[1] / rgb.shape[1]
        steps.append("photo: page found and flattened")
        small = _small(image)
    spread = light_spread(image, small[0])
    if spread < LIGHT_SPREAD:
        image = even_light(image)
        steps.append(f"photo: uneven light evened (darkest paper {spread:.2f} of brightest)")
    return Prepared(image, tuple(steps), scale)
