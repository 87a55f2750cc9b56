"""The one place that runs the ``tesseract`` binary.

Every call goes through :func:`run_tsv` (OCR with word boxes and confidences),
:func:`run_tsv_many` (the regions of one page, one process),
:func:`run_osd` (orientation) or :func:`version` / :func:`languages`. Arguments are
keyword-only; each call has a timeout. Tesseract's harmless "Empty page!!" outcome
becomes an empty result; any other failure becomes a typed error raised ``from`` the
original exception, so no subprocess error leaks out as a traceback.

Pages are OCR'd through pytesseract, handed over as binary PGM/PPM files: pytesseract's
default, PNG, costs up to seconds to encode on a noisy 300 dpi page; with PGM, pytesseract
took no more CPU than our own call with the image on standard input (README, Dependencies;
``scripts/measure_deps.py ocr``). The DPI is passed explicitly: without it Tesseract
guesses 469 dpi for PNM input and its output changes (shared/TOOLS.md). The version and the
language list are asked directly (pytesseract caches the version for the life of the
process, which would hide a binary changed under it).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipeline.errors import MissingDependency, VanthuError

log = logging.getLogger(__name__)

TESSERACT = os.environ.get("VANTHU_TESSERACT", "tesseract")

# Variables set on every recognition call.
# - tessedit_do_invert=0: Tesseract 5 reads every line it is unsure of a second time as
#   white on black. Official papers print no such text; on the 17 pages of real scans
#   (scans_dev) the second reading changed only words of noise and stamps, and it cost
#   5% of Tesseract's CPU time (measured with scripts/measure_tesseract_steps.py invert).
RECOGNITION_VARIABLES = ("tessedit_do_invert=0",)
_RECOGNITION_CONFIG = " ".join(f"-c {v}" for v in RECOGNITION_VARIABLES)

# "Empty page!!" (and "Empty page!" in some builds) is printed when no text was found.
EMPTY_PAGE = re.compile(r"Empty page!+")


class TesseractError(VanthuError):
    """Tesseract ran but failed on this image (crash, bad image, ...)."""


class TesseractTimeout(TesseractError):
    """Tesseract did not finish within the timeout."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word as Tesseract saw it; box in pixels of the image passed in."""

    text: str
    conf: float  # 0..100
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int


@dataclass(frozen=True, slots=True)
class OsdResult:
    rotate: int  # degrees clockwise to rotate the image to make it upright
    orientation_conf: float


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # One thread per tesseract: we run one tesseract per core instead. With OpenMP
    # threads on, a page took 6.2 s under load against 1.85 s (shared/TOOLS.md).
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _image(image: np.ndarray) -> Image.Image:
    """The page for pytesseract, marked to be written as binary PGM (grey) or PPM (RGB)."""
    if image.dtype != np.uint8:
        raise ValueError("image must be uint8")
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 3)):
        raise ValueError(f"unsupported image shape {image.shape}")
    pil = Image.fromarray(np.ascontiguousarray(image))
    pil.format = "PPM"  # Pillow writes a grey image in this format as PGM
    return pil


_NOT_INSTALLED = (
    "Tesseract is not installed (the program 'tesseract' was not found). "
    "Install it with: apt-get install tesseract-ocr tesseract-ocr-vie"
)


def _pytesseract():  # noqa: ANN202
    """pytesseract, imported at the first OCR call: it imports pandas (0.3 s of start-up
    in every reading process), which a run that reads no scan never needs."""
    import pytesseract

    return pytesseract


def _ocr(call, *, timeout: float) -> str:  # noqa: ANN001 - a pytesseract call
    """Run one pytesseract call (given the module) against our binary, with one thread,
    its errors typed."""
    pytesseract = _pytesseract()
    pytesseract.pytesseract.tesseract_cmd = TESSERACT
    # One thread per tesseract (see _env): pytesseract hands os.environ to the binary.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        return call(pytesseract)
    except pytesseract.TesseractNotFoundError as exc:
        raise MissingDependency(_NOT_INSTALLED) from exc
    except pytesseract.TesseractError as exc:
        message = str(exc.message)
        if EMPTY_PAGE.search(message):
            return ""
        if "Failed loading language" in message or "Error opening data file" in message:
            raise MissingDependency("Tesseract's language data is missing: " + message) from exc
        raise TesseractError(f"tesseract failed (exit {exc.status}): {message[:300]}") from exc
    except RuntimeError as exc:  # pytesseract's "Tesseract process timeout"
        if "timeout" not in str(exc).lower():
            raise
        raise TesseractTimeout(f"tesseract took longer than {timeout:.0f} s on a page") from exc


def _run(args: list[str], *, timeout: float) -> str:
    """The binary called directly, for what is no OCR (``--version``, ``--list-langs``)."""
    cmd = [TESSERACT, *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=_env(), check=False)
    except FileNotFoundError as exc:
        raise MissingDependency(_NOT_INSTALLED) from exc
    except subprocess.TimeoutExpired as exc:
        raise TesseractTimeout(f"tesseract took longer than {timeout:.0f} s on a page") from exc
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        if EMPTY_PAGE.search(stderr):
            return ""
        if "Failed loading language" in stderr or "Error opening data file" in stderr:
            raise MissingDependency(
                "Tesseract's language data is missing: " + stderr.strip().splitlines()[0]
            )
        err = subprocess.CalledProcessError(proc.returncode, cmd, stderr=stderr)
        raise TesseractError(
            f"tesseract failed (exit {proc.returncode}): {stderr.strip()[:300]}"
        ) from err
    return proc.stdout.decode("utf-8", "replace")


def run_tsv(
    *,
    image: np.ndarray,
    lang: str,
    psm: int,
    dpi: int,
    timeout: float,
    extra: tuple[str, ...] = (),
) -> list[Word]:
    """OCR one image; return its words (reading order as Tesseract gives it).

    An empty page gives an empty list.
    """
    config = " ".join(["--psm", str(psm), "--dpi", str(dpi), _RECOGNITION_CONFIG, *extra])
    pil = _image(image)
    # image_to_data without its version check (which exits the process on a version string
    # it cannot parse): the same call, the TSV asked for by its config variable
    out = _ocr(
        lambda pytesseract: pytesseract.run_and_get_output(
            pil, "tsv", lang, f"-c tessedit_create_tsv=1 {config}", timeout=timeout
        ),
        timeout=timeout,
    )
    return parse_tsv(out)


def run_tsv_many(
    *,
    images: Sequence[np.ndarray],
    lang: str,
    psm: int,
    dpi: int,
    timeout: float,
) -> list[list[Word]]:
    """OCR the regions of one page (header columns, body) with one Tesseract process.

    Tesseract reads a list file of images one by one, each on its own, so the words are
    those of one :func:`run_tsv` call per image; but the language model is loaded once,
    not once a region (0.1 s of CPU a call; three or four calls on a page with a
    two-column header). ``timeout`` is per image, as it would be with one call each.
    """
    if len(images) <= 1:
        return [run_tsv(image=img, lang=lang, psm=psm, dpi=dpi, timeout=timeout) for img in images]
    with tempfile.TemporaryDirectory(prefix="vanthu-ocr-") as tmp:
        paths = []
        for i, img in enumerate(images):
            path = os.path.join(tmp, f"{i:03d}.pnm")
            _image(img).save(path, format="PPM")
            paths.append(path)
        listing = os.path.join(tmp, "images.txt")
        with open(listing, "w", encoding="utf-8") as f:
            f.write("\n".join(paths) + "\n")
        args = [listing, "stdout", "-l", lang, "-c", "tessedit_create_tsv=1"]
        args += [a for v in RECOGNITION_VARIABLES for a in ("-c", v)]
        args += ["--psm", str(psm), "--dpi", str(dpi)]
        out = _run(args, timeout=timeout * len(images))
    pages = parse_tsv_pages(out, len(images))
    if not any(pages):
        # "Empty page!!" on one image ends the whole list with no output: read them
        # one by one, so the others keep their words.
        return [run_tsv(image=img, lang=lang, psm=psm, dpi=dpi, timeout=timeout) for img in images]
    return pages


def parse_tsv_pages(out: str, n: int) -> list[list[Word]]:
    """Words of a TSV that holds several images, by image (TSV ``page_num``, from 1)."""
    rows: list[list[str]] = [[] for _ in range(n)]
    for row in out.splitlines()[1:]:
        page = row.split("\t", 2)[1] if row.count("\t") >= 2 else ""
        if page.isdigit() and 1 <= int(page) <= n:
            rows[int(page) - 1].append(row)
    return [parse_tsv("header\n" + "\n".join(r)) for r in rows]


def parse_tsv(out: str) -> list[Word]:
    words: list[Word] = []
    for row in out.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11]
        if not text.strip():
            continue
        words.append(
            Word(
                text=text,
                conf=float(cols[10]),
                left=int(cols[6]),
                top=int(cols[7]),
                width=int(cols[8]),
                height=int(cols[9]),
                block=int(cols[2]),
                par=int(cols[3]),
                line=int(cols[4]),
            )
        )
    return words


OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
OSD_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def run_osd(*, image: np.ndarray, dpi: int, timeout: float) -> OsdResult | None:
    """Orientation detection (psm 0). None when Tesseract cannot tell (too little text)."""
    pil = _image(image)
    try:
        out = _ocr(
            lambda pytesseract: pytesseract.image_to_osd(
                pil, config=f"--dpi {dpi}", timeout=timeout
            ),
            timeout=timeout,
        )
    except TesseractError as exc:
        # "Too few characters. Skipping this page" exits non-zero on near-empty pages.
        log.info("orientation detection gave no answer: %s", exc)
        return None
    rot, conf = OSD_ROTATE.search(out), OSD_CONF.search(out)
    if not rot:
        return None
    return OsdResult(rotate=int(rot.group(1)), orientation_conf=float(conf.group(1)) if conf else 0)


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The Tesseract version string, e.g. '5.3.0'."""
    if shutil.which(TESSERACT) is None:
        raise MissingDependency(_NOT_INSTALLED)
    out = _run(["--version"], timeout=30)
    first = out.strip().splitlines()[0] if out.strip() else ""
    m = re.search(r"(\d+\.\d+[\w.\-]*)", first)
    return m.group(1) if m else first


@functools.lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The installed language data, e.g. ('eng', 'osd', 'vie')."""
    out = _run(["--list-langs"], timeout=30)
    return tuple(ln.strip() for ln in out.splitlines()[1:] if ln.strip())
