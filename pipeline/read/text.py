"""The text stage: one file in, its pages of NFC text out.

    read_file(path, TextOptions()) -> FileText

The media type is taken from the content (``pipeline.read.detect``), never from the name.

| input | how | PageText.source |
|---|---|---|
| PDF page with real text | pdfplumber; TCVN3/VNI converted (``read.legacy``) | text-layer |
| PDF page without (scan) | pypdfium2 render at ``dpi``, Tesseract (``pipeline.read.ocr``) | ocr |
| PNG / JPEG / TIFF (all frames) | Tesseract | ocr |
| plain text (UTF-8, UTF-16 BOM, legacy 8-bit) | decoded; form feeds split pages | plain |
| HTML | main content only (``pipeline.read.htmltext``) | markup |
| DOCX | paragraphs and tables in order | markup |

Whether a PDF page must be OCR'd is decided in one place: :func:`is_born_digital_text`.
A PDF with both kinds of page is ``mixed``. Every text goes through the same named
clean-up steps (:data:`CLEAN_STEPS`).
"""

from __future__ import annotations

import logging
import re
import stat
import unicodedata
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import MissingDependency, UnreadableFile
from pipeline.read import detect, legacy, ocr, quality
from pipeline.read._exec import tesseract
from schemas.records import FileText, OcrWord, PageText

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TextOptions:
    """Options of the text stage; picklable, passed down to OCR workers."""

    ocr_lang: str = "vie"
    dpi: int = 300
    jobs: int = 0  # 0 = all cores
    cache_dir: str | None = None  # OCR cache folder (beside the database); None = no cache
    timeout: float = 180.0  # per tesseract call

    def ocr_settings(self) -> ocr.OcrSettings:
        return ocr.OcrSettings(lang=self.ocr_lang)


# ---------------------------------------------------------------- clean-up steps


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# C0/C1 controls other than tab, newline and form feed; BOMs and zero-width marks; the
# U+FFFE pypdfium2 writes at a hyphenated line end (shared/TOOLS.md).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufeff\ufffe\u200b\u200c\u200d\u2060]")


def _controls(text: str) -> str:
    return _CONTROL.sub("", text)


def _spaces(text: str) -> str:
    # Non-breaking and other exotic spaces to plain spaces; trailing spaces off.
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


CLEAN_STEPS: dict[str, Callable[[str], str]] = {
    "newlines": _newlines,
    "controls": _controls,
    "nfc": _nfc,
    "spaces": _spaces,
}


def clean_text(text: str, steps: tuple[str, ...] = tuple(CLEAN_STEPS)) -> str:
    for name in steps:
        text = CLEAN_STEPS[name](text)
    return text


# ---------------------------------------------------------------- public API


def read_file(
    path: str | Path | detect.Detected,
    options: TextOptions = TextOptions(),  # noqa: B008 - frozen, safe as a default
    on_page: Callable[[int], None] | None = None,
) -> FileText:
    """Read one file into pages of NFC text.

    Args:
        path: the file, or the file with its media type already detected on its way in
            (:func:`pipeline.read.detect.detect`): the type is then not detected again.
        options: OCR language, DPI, parallel jobs, cache folder, timeout.
        on_page: called as pages finish with how many pages just finished (1), so a
            progress bar can advance by it; OCR'd pages report in completion order.

    Returns:
        FileText with one PageText per page.

    Raises:
        UnreadableFile: corrupt, encrypted, empty or unsupported file (plain reason).
        MissingDependency: OCR is needed and Tesseract or its language data is missing.
    """
    detected = path if isinstance(path, detect.Detected) else None
    path = detected.path if detected is not None else Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise UnreadableFile.of("cannot_open", exc.strerror or str(exc)) from exc
    if st.st_size == 0 and stat.S_ISREG(st.st_mode):  # (the inbox walk passes files only)
        raise UnreadableFile.of("empty")
    try:
        media = detected.media_type if detected is not None else detect.detect_media_type(path)
    except OSError as exc:
        raise UnreadableFile.of("cannot_open", exc.strerror or str(exc)) from exc
    if media == detect.PDF:
        result = _read_pdf(path, options, on_page)
    elif media in detect.IMAGE_TYPES:
        result = _read_image(path, media, options, on_page)
    elif media == detect.TEXT:
        result = _read_plain(path, on_page)
    elif media == detect.HTML:
        result = _read_html(path, on_page)
    elif media == detect.DOCX:
        result = _read_docx(path, on_page)
    else:
        raise UnreadableFile.of("unsupported_type")
    if not any(p.text.strip() for p in result.pages):
        raise UnreadableFile.of("no_text")
    return result


def count_pages(path: str | Path, media_type: str | None = None) -> int:
    """Number of pages, cheaply (for progress totals); 1 when it cannot tell."""
    media_type = media_type or detect.detect_media_type(path)
    try:
        if media_type == detect.PDF:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(path))
            try:
                return len(pdf)
            finally:
                pdf.close()
        if media_type == detect.TIFF:
            from PIL import Image

            with Image.open(path) as im:
                return int(getattr(im, "n_frames", 1))
    except Exception:  # noqa: BLE001 - a count is only a progress hint
        log.debug("could not count pages of %s", path, exc_info=True)
    return 1


def check_tesseract(lang: str = "vie") -> str:
    """Tesseract's version; raises MissingDependency naming what to install."""
    ver = tesseract.version()
    have = set(tesseract.languages())
    missing = [part for part in lang.split("+") if part not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m.lower()}" for m in missing)
        raise MissingDependency(
            f"Tesseract {ver} is installed but its language data {', '.join(missing)!s} is "
            f"missing. Install it with: apt-get install {pkgs}"
        )
    return ver


# ---------------------------------------------------------------- PDF


@dataclass(frozen=True, slots=True)
class PageDecision:
    """What to do with one PDF page, and why (stored per page as ``decision_reason``)."""

    needs_ocr: bool
    reason: str
    quality: float | None = None  # the text layer's quality (pipeline.read.quality)


# Below this many letters a page's text layer is a stub (a running header, a page
# number, a gazette's e-signature stamp over a scanned body) when an image covers part of
# the page.
MIN_LETTERS = 200
# Share of the page an image must cover for the page to count as a scan: a text layer
# over it is a previous OCR (scanner software, ``ocrmypdf -l eng``), judged before it is
# trusted.
SCAN_COVER = 0.3
# Share of the page an image must cover for a short text layer to count as a stamp over a
# scanned part (a gazette page holds the scan of a document's last lines and signature,
# 28% of the page, under an e-signature text of 58 letters).
STAMP_COVER = 0.1
# A previous OCR's layer is kept only if it reads at least this well (seeds' text
# 0.93-0.99, Vietnamese OCR of real scans 0.90-0.97; English OCR layers 0.08-0.18).
GOOD_LAYER = 0.7
# A born-digital layer (no page image) is OCR'd only when it does not read as Vietnamese
# at all (glyphs mapped to the wrong letters); OCR is then kept only if it reads better.
BAD_LAYER = 0.3
# (cid:12) is what pdfminer writes for a glyph it cannot map to Unicode.
CID = re.compile(r"\(cid:\d+\)")


def is_born_digital_text(text: str, image_cover: float) -> PageDecision:
    """Does this page already have real text, or must it be OCR'd?

    The one place that decides. A layer over a page image is a previous OCR and is kept
    only when it reads as good Vietnamese (:mod:`pipeline.read.quality`: valid syllables,
    diacritics); a short layer over an image is a stamp, not the page's text; a layer of
    unmapped glyphs is no text.

    Args:
        text: the page's text layer (after legacy conversion).
        image_cover: share of the page area covered by images (0..1).
    """
    letters = sum(c.isalpha() for c in text)
    junk = len(CID.findall(text)) + text.count("\ufffd")
    junk += sum(1 for c in text if "\ue000" <= c <= "\uf8ff")
    if letters and junk > 0.1 * (letters + junk):
        return PageDecision(True, f"text layer is unmapped glyphs ({junk} of {letters + junk})")
    if letters >= MIN_LETTERS:
        q = quality.measure(text)
        if image_cover >= SCAN_COVER:
            if q.score is not None and q.score >= GOOD_LAYER:
                return PageDecision(
                    False,
                    f"text layer over a page image (a previous OCR) reads as Vietnamese "
                    f"({q.describe()})",
                    q.score,
                )
            return PageDecision(
                True,
                f"text layer over a page image (image covers {image_cover:.0%}) is a previous "
                f"OCR that does not read as Vietnamese ({q.describe()})",
                q.score,
            )
        if q.score is not None and q.score < BAD_LAYER:
            return PageDecision(
                True, f"text layer does not read as Vietnamese ({q.describe()})", q.score
            )
        return PageDecision(False, f"text layer has {letters} letters ({q.describe()})", q.score)
    if image_cover >= STAMP_COVER:
        what = "a stamp or running header over a page image" if letters else "no text layer"
        return PageDecision(
            True, f"image covers {image_cover:.0%} of the page, {letters} letters ({what})"
        )
    if letters:
        return PageDecision(False, f"short text layer ({letters} letters), no page image")
    return PageDecision(False, "blank page")


def _open_pdf_checked(path: Path) -> int:
    """Open with pdfium to tell encrypted from corrupt; return the page count."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise UnreadableFile.of("pdf_encrypted") from exc
        raise UnreadableFile.of("pdf_damaged") from exc
    try:
        return len(pdf)
    finally:
        pdf.close()


def _image_cover(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        x0, x1 = max(0.0, float(im["x0"])), min(float(page.width), float(im["x1"]))
        top, bottom = max(0.0, float(im["top"])), min(float(page.height), float(im["bottom"]))
        if x1 > x0 and bottom > top:
            covered += (x1 - x0) * (bottom - top)
    return min(1.0, covered / area)


def page_text_in_columns(page) -> str:
    """A text-layer page's text, its two-column bands read column by column.

    pdfplumber joins words at the same height into one line, so the header comes out
    ``BỘ CÔNG AN CỘNG HÒA XÃ HỘI ...``. The bands are found as for scans
    (``pipeline.read.ocr.gutter_band``: top lines, then bottom lines, sharing one white
    gutter) on the word boxes; each column is then extracted on its own.
    """
    import numpy as np

    words = page.extract_words()
    if not words:
        return page.extract_text() or ""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    width = int(page.width) + 2
    occ = np.zeros((len(lines), width), dtype=np.uint8)
    for i, ln in enumerate(lines):
        for w in ln:
            occ[i, max(0, int(w["x0"] - page.bbox[0])) : int(w["x1"] - page.bbox[0]) + 1] = 255
    cols = np.where(occ.any(axis=0))[0]
    x0, x1 = int(cols[0]), int(cols[-1])
    zone = (x0 + int((x1 - x0) * 0.25), x0 + int((x1 - x0) * 0.75))
    min_gap = max(3, int((x1 - x0) * 0.05))
    rows = [(i, i + 1) for i in range(len(lines))]
    height = float(page.height)
    top_rows = [r for r in rows if lines[r[0]][0]["top"] - page.bbox[1] < 0.45 * height]
    skip, head = ocr.header_band(occ, top_rows, zone, min_gap)
    used = head[0] + skip if head else 0
    low = [r for r in reversed(rows[used:]) if lines[r[0]][0]["top"] - page.bbox[1] > 0.35 * height]
    foot = ocr.gutter_band(occ, low, zone, min_gap, min_lines=3)
    if head is None and foot is None:
        return page.extract_text() or ""

    left, top_, right, bottom = page.bbox

    def line_top(i: int) -> float:
        return min(w["top"] for w in lines[i])

    def line_bottom(i: int) -> float:
        return max(w["bottom"] for w in lines[i])

    def region(x_a: float, y_a: float, x_b: float, y_b: float) -> str:
        if x_b <= x_a or y_b <= y_a:
            return ""
        return page.within_bbox((x_a, y_a, x_b, y_b)).extract_text() or ""

    parts: list[str] = []
    y = top_
    if head:
        n, split = head
        n += skip
        if skip:
            start = (line_bottom(skip - 1) + line_top(skip)) / 2
            parts.append(region(left, y, right, start))
            y = start
        cut = (line_bottom(n - 1) + line_top(n)) / 2 if n < len(lines) else bottom
        sx = left + split
        parts += [region(left, y, sx, cut), region(sx, y, right, cut)]
        y = cut
    if foot:
        n, split = foot
        first = len(lines) - n
        cut = (line_bottom(first - 1) + line_top(first)) / 2 if first > 0 else y
        cut = max(cut, y)
        sx = left + split
        parts += [
            region(left, y, right, cut),
            region(left, cut, sx, bottom),
            region(sx, cut, right, bottom),
        ]
    else:
        parts.append(region(left, y, right, bottom))
    return "\n".join(p for p in parts if p.strip())


def _read_pdf(path: Path, options: TextOptions, on_page) -> FileText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    n = _open_pdf_checked(path)
    if n == 0:
        raise UnreadableFile.of("pdf_no_pages")
    texts: dict[int, str] = {}
    decisions: dict[int, PageDecision] = {}
    ocr_idx: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                raw = page_text_in_columns(page)
                fixed, enc = legacy.fix_legacy(clean_text(raw))
                if enc:
                    log.info("%s page %d: converted %s text layer to Unicode", path, i + 1, enc)
                decision = is_born_digital_text(fixed, _image_cover(page))
                decisions[i] = decision
                log.debug("%s page %d: %s", path, i + 1, decision.reason)
                texts[i] = fixed
                if decision.needs_ocr:
                    # The rendered page shows the text layer's visible text too (a
                    # gazette's running header over the scan), so OCR reads it as well.
                    ocr_idx.append(i)
                elif on_page:
                    on_page(1)
                # pdfplumber keeps every parsed page; a 1,000-page PDF must not.
                page.close()
    except PDFPasswordIncorrect as exc:
        raise UnreadableFile.of("pdf_encrypted") from exc
    except (
        PSException,
        PdfminerException,
        MalformedPDFException,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
    ) as exc:
        raise UnreadableFile.of("pdf_damaged", str(exc)[:200]) from exc

    results: dict[int, ocr.OcrResult] = {}
    if ocr_idx:
        jobs = [ocr.PageJob("pdf", str(path), i, options.dpi) for i in ocr_idx]
        results = _run_ocr(jobs, options, on_page)

    pages = []
    for i in range(n):
        d = decisions.get(i)
        layer = texts.get(i, "")
        if i in results:
            page = ocr_page(i + 1, results[i], f"ocr: {d.reason}" if d else "ocr")
            if d is not None and d.quality is not None and (page.quality or 0.0) < d.quality:
                # A born-digital layer judged bad, but OCR reads no better (a document in
                # another language): the layer, at least, is what the file says.
                page = PageText(
                    i + 1,
                    layer,
                    "text-layer",
                    quality=d.quality,
                    decision="text-layer",
                    decision_reason=f"{d.reason}; OCR read no better ({page.quality})",
                )
            pages.append(page)
        else:
            pages.append(
                PageText(
                    i + 1,
                    layer,
                    "text-layer",
                    quality=d.quality if d else None,
                    decision="text-layer",
                    decision_reason=d.reason if d else None,
                )
            )
    kinds = {p.source for p in pages}
    source = "mixed" if len(kinds) > 1 else pages[0].source
    return FileText(detect.PDF, tuple(pages), source)


def ocr_page(number: int, r: ocr.OcrResult, reason: str) -> PageText:
    """An OCR'd page: its cleaned text, confidence, quality, decision and word boxes."""
    text = clean_text(r.text)
    words = []
    for w, x0, y0, x1, y1, conf, start, end in r.words:
        if not (0 <= start < end <= len(text) and text[start:end] == w):
            start = end = -1  # the clean-up moved it: the box stays, the offsets go
        words.append(OcrWord(w, x0, y0, x1, y1, conf, start, end))
    q = quality.measure(text, r.confidence)
    if r.photo:
        reason += "; " + "; ".join(r.photo)
    if r.fills:
        # the evidence of a blank read again (pipeline.read.fills): what OCR had there
        reason += "; handwritten blanks read with the pen kept: " + ", ".join(
            f"{f.slot} {f.value} ({f.confidence:.2f}; OCR had {f.was!r})" for f in r.fills
        )
    return PageText(
        number,
        text,
        "ocr",
        r.confidence,
        quality=q.score,
        decision="ocr",
        decision_reason=reason,
        words=tuple(words),
    )


def _run_ocr(jobs: list[ocr.PageJob], options: TextOptions, on_page) -> dict[int, ocr.OcrResult]:
    check_tesseract(options.ocr_lang)
    try:
        return ocr.ocr_jobs(
            jobs,
            settings=options.ocr_settings(),
            workers=options.jobs,
            timeout=options.timeout,
            cache_dir=options.cache_dir,
            on_done=(lambda i: on_page(1)) if on_page else None,
        )
    except MissingDependency:
        raise
    except tesseract.TesseractTimeout as exc:
        raise UnreadableFile.of("ocr_timeout", f"budget {options.timeout:.0f} s") from exc
    except tesseract.TesseractError as exc:
        raise UnreadableFile.of("ocr_failed", str(exc)[:200]) from exc
    except BrokenProcessPool as exc:
        raise UnreadableFile.of("reader_crashed", "an OCR worker stopped") from exc
    except MemoryError as exc:
        raise UnreadableFile.of("too_much_memory") from exc
    except (OSError, ValueError) as exc:
        raise UnreadableFile.of("image_damaged", str(exc)[:200]) from exc


# ---------------------------------------------------------------- images


def _read_image(path: Path, media: str, options: TextOptions, on_page) -> FileText:
    from PIL import Image, UnidentifiedImageError

    blank: set[int] = set()
    try:
        with Image.open(path) as im:
            frames = int(getattr(im, "n_frames", 1))
            for k in range(frames):
                im.seek(k)
                _check_pixels(im.size)
                im.load()
                if _is_blank(im):
                    blank.add(k)
    except Image.DecompressionBombError as exc:
        raise UnreadableFile.of("image_bomb", _pixels_detail(exc)) from exc
    except MemoryError as exc:
        raise UnreadableFile.of("too_much_memory") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableFile.of("image_damaged", str(exc)[:200]) from exc
    jobs = [
        ocr.PageJob("image", str(path), k, options.dpi) for k in range(frames) if k not in blank
    ]
    results = _run_ocr(jobs, options, on_page) if jobs else {}
    if on_page:
        for _ in blank:
            on_page(1)
    pages = tuple(
        ocr_page(k + 1, results[k], "ocr: an image file")
        if k in results
        else PageText(k + 1, "", "ocr", None, decision="ocr", decision_reason="a blank frame")
        for k in range(frames)
    )
    return FileText(media, pages, "ocr")


# A frame whose darkest pixel is lighter than this holds no writing: it is not OCR'd
# (a 300-frame TIFF of blank separator sheets costs no Tesseract call).
BLANK_DARKEST = 200


def _is_blank(im) -> bool:
    lo, _hi = im.convert("L").getextrema()
    return lo > BLANK_DARKEST


# ---------------------------------------------------------------- text, HTML, DOCX


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", re.I)


def decode_text(data: bytes, *, html: bool = False) -> str:
    """Bytes -> str: BOM, then UTF-8, then the best of the likely 8-bit encodings.

    Legacy single-byte Vietnamese text is decoded with the candidate that yields the
    most common Vietnamese syllables (Windows-1258, charset-normalizer's guess, or
    Latin-1 read as TCVN3/VNI font codes and converted).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile.of("text_damaged", "UTF-16") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) > LEGACY_GUESS_BYTES:
        # Guessing an 8-bit encoding scores every candidate on the whole text; a
        # sample decides it as well, then the chosen codec decodes the whole.
        return _decode_large_legacy(data, html=html)
    candidates: list[str] = []
    if html:
        m = META_CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii"), "replace")
            except LookupError:
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        candidates.append(str(best))
    for enc in ("cp1258", "cp1252"):
        candidates.append(data.decode(enc, "replace"))
    scored = []
    for c in candidates:
        fixed, _ = legacy.fix_legacy(c)
        scored.append((legacy.vietnamese_score(fixed), -fixed.count("\ufffd"), fixed))
    return max(scored, key=lambda t: (t[0], t[1]))[2]


# A page scanned at 600 dpi on A3 paper is 7,000 x 10,000 pixels; anything beyond
# this is not a page (a decompression bomb: a few KB that unpack to gigabytes).
MAX_PAGE_PIXELS = 120_000_000


def _check_pixels(size: tuple[int, int]) -> None:
    from PIL import Image

    w, h = size
    if w * h > MAX_PAGE_PIXELS:
        raise Image.DecompressionBombError(f"{w} x {h} pixels, more than any page scan")


def _pixels_detail(exc: Exception) -> str:
    return str(exc).split(" could be")[0][:120]


# Above this size an 8-bit text's encoding is chosen on its first bytes.
LEGACY_GUESS_BYTES = 256 * 1024


def _decode_large_legacy(data: bytes, *, html: bool) -> str:
    """Decode a large non-UTF-8 text with the encoding that reads its start best."""
    sample = data[:LEGACY_GUESS_BYTES]
    encodings: list[str] = []
    if html:
        m = META_CHARSET.search(data[:4096])
        if m:
            encodings.append(m.group(1).decode("ascii"))
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is not None:
        encodings.append(best.encoding)
    encodings += ["cp1258", "cp1252"]
    scored = []
    for enc in encodings:
        try:
            fixed, _ = legacy.fix_legacy(sample.decode(enc, "replace"))
        except LookupError:
            continue
        scored.append((legacy.vietnamese_score(fixed), -fixed.count("\ufffd"), enc))
    return data.decode(max(scored)[2], "replace")


def _as_read(number: int, text: str, source: str) -> PageText:
    """A page of a text, web or Word file: taken as it is, its quality measured."""
    return PageText(
        number,
        text,
        source,  # type: ignore[arg-type]
        quality=quality.measure(text).score,
        decision=source,
        decision_reason="a text file" if source == "plain" else "a web page or Word file",
    )


def _read_plain(path: Path, on_page) -> FileText:
    from pipeline.read.htmltext import cut_web_tail

    text = decode_text(path.read_bytes())
    text, enc = legacy.fix_legacy(clean_text(text))
    if enc:
        log.info("%s: converted %s text to Unicode", path, enc)
    text, cut = cut_web_tail(text)
    if cut:
        log.info("%s: dropped a web portal's navigation after the text", path)
    chunks = text.split("\f")
    pages = tuple(_as_read(i + 1, c.strip("\n"), "plain") for i, c in enumerate(chunks))
    if on_page:
        for _ in pages:
            on_page(1)
    return FileText(detect.TEXT, pages, "plain")


def _read_html(path: Path, on_page) -> FileText:
    from pipeline.read.htmltext import html_to_text

    html = decode_text(path.read_bytes(), html=True)
    text = clean_text(html_to_text(html))
    text, _ = legacy.fix_legacy(text)
    if on_page:
        on_page(1)
    return FileText(detect.HTML, (_as_read(1, text, "markup"),), "markup")


def _read_docx(path: Path, on_page) -> FileText:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_zip(path)
    try:
        document = docx.Document(str(path))
    except MemoryError as exc:
        raise UnreadableFile.of("too_much_memory") from exc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile.of("docx_damaged", str(exc)[:200]) from exc
    lines = docx_lines(document)
    text, _ = legacy.fix_legacy(clean_text("\n".join(lines)))
    if on_page:
        on_page(1)
    return FileText(detect.DOCX, (_as_read(1, text, "markup"),), "markup")


# A Word document of a thousand pages of text unpacks to a few tens of MB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# Text and XML compress about 5-20 times; a member that unpacks a thousand times its
# packed size is a bomb.
MAX_ZIP_RATIO = 1000


def _check_zip(path: Path) -> None:
    """Refuse a .docx whose members unpack to more than any document needs.

    Python's zipfile never unpacks past a member's declared size, so the declared
    sizes are what bounds the work.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile.of("docx_damaged", str(exc)[:200]) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableFile.of("zip_bomb", f"{total / 2**20:,.0f} MB unpacked")
    for i in infos:
        if i.file_size > 10_000_000 and i.file_size > MAX_ZIP_RATIO * max(1, i.compress_size):
            raise UnreadableFile.of(
                "zip_bomb", f"{i.filename} unpacks {i.file_size // max(1, i.compress_size)}x"
            )


def docx_lines(document) -> list[str]:
    """Paragraphs and tables in document order.

    A table whose cells hold several lines is a layout table (the two-column header,
    the Nơi nhận / signature block): it is read column by column, left first, as on a
    scan. Other tables are data: one line per row, cells joined by `` | ``.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            out.extend(_table_lines(Table(child, document)))
    return out


def _table_lines(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            cells.append([p.text for p in cell.paragraphs if p.text.strip()])
        rows.append(cells)
    layout = any(len(c) > 1 for r in rows for c in r)
    lines: list[str] = []
    if layout:
        ncols = max((len(r) for r in rows), default=0)
        for col in range(ncols):
            for r in rows:
                if col < len(r):
                    lines.extend(r[col])
    else:
        for r in rows:
            cells = [" ".join(c) for c in r if c]
            if cells:
                lines.append(" | ".join(cells))
    return lines
