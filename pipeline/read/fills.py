"""Handwritten fills: the number and the day (and month) a clerk wrote into the printed blanks.

A document is typed with blanks, ``Số:     /CT-UBND`` and ``Quảng Ngãi, ngày    tháng 5
năm 2021``, and signed; the clerk who registers it writes the number and the day in by
hand (17 of 18 real scans gathered). The page OCR drops blue and green pen on purpose
(``pipeline.read.ocr.drop_colour``: pen strokes across print hide it) and Tesseract
reads black handwriting as junk (``Số:4@```, ``ngày 2#``). So, after the page OCR, and
only where one of these slots came out blank or junk:

1. ``find_slots`` – the slot is found from the printed words around it, in the page's
   OCR words: ``Số`` then the symbol's ``/`` (number); ``ngày`` … ``tháng`` … ``năm``
   and a year (day, month) in the top part of the page.
2. ``crop`` – the whole printed line, anchors included, is cut from the page image with
   the pen colour KEPT (the darkest of the three channels, so blue ink is dark too),
   deskewed and turned as the page OCR did.
3. ``read`` – the line is read by a second engine (``_exec.linerec``: a line recogniser
   that reads handwriting) in a few versions (gray, binarised, more room above); each
   reading is parsed by the printed anchors (``So: 46 /TB-UBND``, ``ngay 24 thang 01
   nam 2025``).
4. ``judge`` – a value is taken only when it is plausible (a number of 1–5 digits; a
   day 1–31 that makes a real date with the printed month and year, not after today, and
   the printed year and month read back the same) and the readings agree on it by a
   majority. Its confidence is the readings' agreement times the engine's own, and never
   0.8 or more (one engine, however sure, is one reading: the harm to avoid is a wrong
   number or date given as sure). Otherwise the slot stays as the page OCR left it
   (empty or junk, which the extractors give a confidence below 0.5).
5. The value is written into the page text in its slot (``Số: 46 /TB-UBND``) as a word
   of its own, with its box and its confidence, so the extractors read it as they read
   any number, and the field's confidence is no higher than this word's
   (``extractors.header.reader.WORD_SURE_FIELDS``); the page's decision reason says
   which slots were re-read and what the page OCR had there.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from pipeline.read import pixels
from pipeline.read._exec import linerec

log = logging.getLogger(__name__)

# (text, x0, y0, x1, y1, confidence, start, end): an OCR word, box as page fractions.
Word = tuple[str, float, float, float, float, float, int, int]

# The header's number and place-date lines stand in the top part of the first page.
HEADER_TOP = 0.40
# A slot's OCR'd content is taken as read (no second reading) when it is one number read
# at least this surely (print: 0.9-0.97 on the real scans); a number read less surely is
# read again, and kept as OCR read it when the second reading agrees.
SURE_WORD_CONF = 0.85
# Below this Tesseract's digits are no reading at all (misread handwriting: 0.0-0.4).
CLEAN_WORD_CONF = 0.6
# Two engines that read different numbers: the second is kept, unsure (review first).
DISAGREE_CONF = 0.45
# Never this sure or more from the second engine alone (issue: no wrong handwritten
# number or date with confidence >= 0.8).
MAX_FILL_CONF = 0.75
# A value read with a letter taken for a digit (l0 -> 10) is at most this sure.
MAPPED_CONF = 0.55
# ... and it counts only when the digits taken were at least this likely in their columns.
MIN_DIGIT_PROB = 0.05
# Room above and below the line's words, in line heights, in each version of the crop:
# handwriting stands higher than print, but a rule above the number line (under the
# issuer's name) must stay out.
CROP_ROOMS = ((0.3, 0.3, "gray"), (0.3, 0.3, "binary"), (0.5, 0.3, "gray"))

# --- the printed anchors in Tesseract's words ------------------------------------------
# "Số:" (also as OCR reads it: "Sô:", "S6:"), maybe with the fill glued on ("Số:4@`").
# Capital "Số", or "số:" with its colon (OCR lowers the S beside handwriting): a body's
# "số 1395/QĐ-UBND" is a citation, not the number line (which also begins its line).
RE_NUMBER_ANCHOR = re.compile(r"^(?:S[ốồổỗộoóòôơ6ỏõỐÔO]\s*[:;.]?|s[ốồổỗộoóòôơ6ỏõ]\s*[:;])")
# The symbol after the blank: "/CT-UBND", "/2026/NQ-CP", "/!CTUBND" (a fill's ink beside
# it), or "2L/CT-UBND" with the fill glued on.
RE_SYMBOL_WORD = re.compile(r"/[^\w\s]{0,2}(?:[A-ZĐ]{2}|(?:19|20)\d{2}/)")
# "ngày" (also damaged: "ngàW/{"), "tháng", "năm" as printed on the place-date line.
RE_DAY_ANCHOR = re.compile(r"^[nN]g(?:[àaảáạã]y|à)")  # not "Ngãi" (Quảng Ngãi, ngày)
RE_MONTH_ANCHOR = re.compile(r"^th[aáàảãạ]ng", re.IGNORECASE)
RE_YEAR_ANCHOR = re.compile(r"^n[aăắằẳẵặâấầãả]m$", re.IGNORECASE)
RE_YEAR = re.compile(r"^(?:19|20)\d{2}[.,;]?$")
RE_DIGITS = re.compile(r"^\d{1,5}$")

# --- the second engine's reading of the whole line (no diacritics: "So", "ngay") -------
# The blank's part of the reading is any short run of signs: what is not a digit in it
# ("6Q", "/1", "l0") is read again as digits only (``LineRead.digits``).
# The slash before the symbol may come out as "I" or "l" ("S6: 55 ICT-UBND").
RE_READ_NUMBER = re.compile(
    r"^\W*S\S{0,2}?\s*[:;.]?\s*(?P<v>[^\s/:;]{1,5})\s*(?:/|[Il|](?=[A-Z]))(?P<sym>\S*)"
)
RE_READ_DATE = re.compile(
    r"ng\S{0,3}y\s*(?P<d>\S{1,3}?)\s*th\S{0,3}ng\s*(?P<m>\S{1,3}?)"
    r"\s*n\S{1,2}m\s*(?P<y>(?:19|20)\d{2})"
)


class Read(Protocol):
    """A reading of a line (``linerec.LineRead``)."""

    text: str
    confidence: float

    def digits(self, first: int, last: int) -> tuple[str, float]: ...


@dataclass(frozen=True, slots=True)
class Slot:
    kind: str  # "number" | "date"
    anchor: int  # index of the anchor word ("Số", "ngày")
    end: int  # index of the last word of the line part read (symbol word, year)
    need_day: bool = False
    need_month: bool = False
    month_word: int = -1  # index of "tháng"
    year_word: int = -1  # index of "năm"


@dataclass(frozen=True, slots=True)
class Fill:
    """One blank read by the second engine."""

    slot: str  # "number" | "day" | "month"
    value: str
    confidence: float
    was: str  # what the page OCR had there
    reads: tuple[str, ...]  # the engine's readings of the line


# ---------------------------------------------------------------- 1. where the blanks are


def _line_of(text: str, start: int) -> int:
    return text.count("\n", 0, max(0, start))


def _clean_digits(words: list[Word], at_least: float = SURE_WORD_CONF) -> bool:
    """The blank's OCR'd words are one number read at least ``at_least`` surely."""
    return (
        len(words) == 1
        and bool(RE_DIGITS.match(words[0][0].strip(".,")))
        and words[0][5] >= at_least
    )


def _ocr_value(words: list[Word]) -> str | None:
    """The number Tesseract read in a blank, if it read one at all."""
    return words[0][0].strip(".,") if _clean_digits(words, CLEAN_WORD_CONF) else None


def _opens_line(text: str, start: int) -> bool:
    """The word at ``start`` begins its line (the number line begins with "Số")."""
    return start == 0 or text[start - 1] in "\n\t"


def _after_place(text: str, start: int) -> bool:
    """The word at ``start`` follows a place and its comma ("Quảng Ngãi, ngày"), or
    begins its line ("Ngày 05 tháng 5 năm 2026" under the number)."""
    return _opens_line(text, start) or text[max(0, start - 2) : start].rstrip().endswith(",")


def find_slots(text: str, words: list[Word]) -> list[Slot]:
    """The number and place-date lines of the page whose blanks OCR left blank or junk."""
    slots: list[Slot] = []
    lines = [_line_of(text, w[6]) for w in words]
    seen: set[str] = set()
    for i, w in enumerate(words):
        if w[2] > HEADER_TOP or w[6] < 0:
            continue
        same = [j for j in range(i + 1, min(len(words), i + 8)) if lines[j] == lines[i]]
        if "number" not in seen and RE_NUMBER_ANCHOR.match(w[0]) and _opens_line(text, w[6]):
            sym = next((j for j in same[:4] if RE_SYMBOL_WORD.search(words[j][0])), None)
            if sym is None:
                glued = RE_SYMBOL_WORD.search(w[0])
                if glued is None:
                    continue
                sym = i
            seen.add("number")
            fill = _number_content(words, i, sym)
            if not _clean_digits(fill):
                slots.append(Slot("number", i, sym))
        elif "date" not in seen and RE_DAY_ANCHOR.match(w[0]) and _after_place(text, w[6]):
            month = next((j for j in same[:3] if RE_MONTH_ANCHOR.match(words[j][0])), None)
            if month is None:
                continue
            year_w = next(
                (j for j in same if j > month and RE_YEAR_ANCHOR.match(words[j][0])), None
            )
            if (
                year_w is None
                or year_w + 1 >= len(words)
                or not RE_YEAR.match(words[year_w + 1][0])
            ):
                continue
            seen.add("date")
            day_fill = _glued(words[i], RE_DAY_ANCHOR) + words[i + 1 : month]
            month_fill = _glued(words[month], RE_MONTH_ANCHOR) + words[month + 1 : year_w]
            need_day, need_month = not _clean_digits(day_fill), not _clean_digits(month_fill)
            if need_day or need_month:
                slots.append(Slot("date", i, year_w + 1, need_day, need_month, month, year_w))
    return slots


def _glued(word: Word, anchor: re.Pattern) -> list[Word]:
    """What OCR glued to a printed anchor ("Số:4@`" -> "4@`"), as a word, or nothing."""
    m = anchor.match(word[0])
    rest = word[0][m.end() :] if m else ""
    return [(rest, *word[1:])] if rest.strip() else []


def _number_content(words: list[Word], anchor: int, sym: int) -> list[Word]:
    """The words in the number blank: glued to "Số:", between, and before the "/"."""
    out = _glued(words[anchor], RE_NUMBER_ANCHOR) if anchor != sym else []
    out += words[anchor + 1 : sym]
    head = words[sym][0].split("/", 1)[0]
    if anchor == sym:
        m = RE_NUMBER_ANCHOR.match(head)
        head = head[m.end() :] if m else head
    if head.strip():
        out.append((head, *words[sym][1:]))
    return out


# ---------------------------------------------------------------- 2. the line, pen kept


def pen_kept(rgb: np.ndarray, skew: float, rotated: int) -> np.ndarray:
    """The page as gray with every ink dark (blue pen too), turned as the OCR turned it."""
    gray = pixels.channel_min(rgb) if rgb.ndim == 3 else rgb
    if abs(skew) >= 0.1:
        gray = pixels.rotate(gray, skew)
    return pixels.turn(gray, rotated)


def crops(gray: np.ndarray, words: list[Word], first: int, last: int) -> list[np.ndarray]:
    """Versions of the line from word ``first`` to word ``last`` (see CROP_ROOMS)."""
    h, w = gray.shape
    part = words[first : last + 1]
    x0 = min(wd[1] for wd in part) * w
    x1 = max(wd[3] for wd in part) * w
    y0 = min(wd[2] for wd in part) * h
    y1 = max(wd[4] for wd in part) * h
    height = float(np.median([(wd[4] - wd[2]) * h for wd in part]))
    pad = max(2, int(0.15 * height))
    out = []
    for above, below, mode in CROP_ROOMS:
        top = max(0, int(y0 - above * height))
        bottom = min(h, int(y1 + below * height))
        img = gray[top:bottom, max(0, int(x0) - pad) : min(w, int(x1) + pad)]
        if img.size == 0:
            continue
        if mode == "binary":
            _, img = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
            img = cv2.copyMakeBorder(img, 8, 8, 8, 8, cv2.BORDER_CONSTANT, value=255)
        else:
            img = cv2.copyMakeBorder(img, 8, 8, 8, 8, cv2.BORDER_REPLICATE)
        out.append(img)
    return out


# ---------------------------------------------------------------- 3-4. read and judge


def _plain(text: str) -> str:
    """Upper case without diacritics ("QĐ-UBND" -> "QD-UBND"), as the recogniser reads."""
    text = text.upper().replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _letters(text: str) -> str:
    """Letters and digits only, plain ("/!CTUBND" -> "CTUBND")."""
    return re.sub(r"[^A-Z0-9]", "", _plain(text))


def _digits(read: Read, m: re.Match[str], group: str) -> tuple[str, float, bool]:
    """The blank's value in a reading: (digits, confidence, read again as digits only)."""
    raw = m.group(group)
    if raw.isdigit():
        return raw, read.confidence, False
    value, conf = read.digits(m.start(group), m.end(group) - 1)
    if conf < MIN_DIGIT_PROB:
        return "", 0.0, True  # no digit was likely there: a sign, not a misread digit
    return value, min(conf, read.confidence), True


def _vote(values: list[tuple[str, float, bool]], n_reads: int) -> tuple[str, float] | None:
    """The value most readings gave, if more than half did; and its confidence."""
    if not values:
        return None
    counts = Counter(v for v, _c, _m in values)
    value, k = counts.most_common(1)[0]
    if k * 2 <= n_reads:
        return None
    agreeing = [(c, m) for v, c, m in values if v == value]
    conf = (k / n_reads) * float(np.mean([c for c, _m in agreeing]))
    conf = min(conf, MAX_FILL_CONF)
    if any(m for _c, m in agreeing):
        conf = min(conf, MAPPED_CONF)
    return value, round(conf, 3)


def judge_number(reads: list[Read], symbol: str = "") -> tuple[str, float] | None:
    """The number written in the blank, from the readings of the number line.

    A reading counts only if what follows its slash begins as the printed ``symbol``
    does (its first two letters, without diacritics): else the line was cut or read
    out of step, and the digits before it may hold part of the symbol.
    """
    values = []
    head = _letters(symbol)[:2]
    for read in reads:
        m = RE_READ_NUMBER.match(read.text)
        if not m or not _letters(m.group("sym")).startswith(head):
            continue
        value, conf, mapped = _digits(read, m, "v")
        if value.isdigit() and 1 <= len(value) <= 5 and int(value) > 0:
            values.append((value, conf, mapped))
    return _vote(values, len(reads))


def judge_date(
    reads: list[Read],
    *,
    printed_year: int,
    printed_month: int | None,
    today: dt.date,
) -> tuple[tuple[str, float] | None, tuple[str, float] | None]:
    """(day, month) written in the blanks, each with its confidence, or None.

    A reading counts only if its year is the printed year, its month the printed month
    (when that was printed), and day, month and year make a real date not after today.
    """
    days, months = [], []
    for read in reads:
        m = RE_READ_DATE.search(read.text)
        if not m or int(m.group("y")) != printed_year:
            continue
        day, conf_d, mapped_d = _digits(read, m, "d")
        month, conf_m, mapped_m = _digits(read, m, "m")
        if not (day.isdigit() and month.isdigit() and len(day) <= 2 and len(month) <= 2):
            continue
        if printed_month is not None and int(month) != printed_month:
            continue
        try:
            when = dt.date(printed_year, int(month), int(day))
        except ValueError:
            continue
        if when > today:
            continue
        days.append((day, conf_d, mapped_d))
        months.append((month, conf_m, mapped_m))
    return _vote(days, len(reads)), _vote(months, len(reads))


# ---------------------------------------------------------------- 5. into the page


def fill_page(
    rgb: np.ndarray,
    text: str,
    words: list[Word],
    *,
    skew: float = 0.0,
    rotated: int = 0,
    today: dt.date | None = None,
) -> tuple[str, list[Word], list[Fill]]:
    """The page text and words with the handwritten blanks read; and what was read.

    Does nothing (and costs nothing but a look at the words) when no blank needs it,
    or when the second engine is not installed.
    """
    slots = find_slots(text, words)
    if not slots or not linerec.available():
        return text, words, []
    today = today or dt.date.today()
    gray = pen_kept(rgb, skew, rotated)
    edits: list[Edit] = []
    fills: list[Fill] = []
    # words of a blank that OCR read unsurely and the second reading could not confirm
    doubted: list[Word] = []
    for slot in slots:
        reads = [
            r for img in crops(gray, words, slot.anchor, slot.end) if (r := linerec.read_line(img))
        ]
        shown = tuple(r.text for r in reads)
        if slot.kind == "number":
            symbol = words[slot.end][0].split("/", 1)[1] if "/" in words[slot.end][0] else ""
            got = judge_number(reads, symbol)
            content = _number_content(words, slot.anchor, slot.end)
            if got is None:
                doubted.extend(content)
                continue
            got = _against_ocr(got, _ocr_value(content))
            if got is None:
                continue
            was = " ".join(w[0] for w in content)
            fills.append(Fill("number", got[0], got[1], was, shown))
            edits.append(_blank_edit(words, slot.anchor, slot.end, got))
        else:
            year = int(words[slot.end][0][:4])
            month_words = _glued(words[slot.month_word], RE_MONTH_ANCHOR)
            month_words += words[slot.month_word + 1 : slot.year_word]
            printed_month = int(month_words[0][0].strip(".,")) if not slot.need_month else None
            day, month = judge_date(
                reads, printed_year=year, printed_month=printed_month, today=today
            )
            day_words = _glued(words[slot.anchor], RE_DAY_ANCHOR)
            day_words += words[slot.anchor + 1 : slot.month_word]
            if day is None or (slot.need_month and month is None):
                doubted.extend(day_words if slot.need_day else [])
                doubted.extend(month_words if slot.need_month else [])
                continue
            day = _against_ocr(day, _ocr_value(day_words)) if slot.need_day else None
            month = _against_ocr(month, _ocr_value(month_words)) if slot.need_month else None
            if day is not None:
                was = " ".join(w[0] for w in day_words)
                fills.append(Fill("day", day[0], day[1], was, shown))
                edits.append(_between_edit(words, slot.anchor, slot.month_word, "ngày", day))
            if month is not None:
                was = " ".join(w[0] for w in month_words)
                fills.append(Fill("month", month[0], month[1], was, shown))
                edits.append(_between_edit(words, slot.month_word, slot.year_word, "tháng", month))
    if doubted:
        words = _unconfirmed(words, doubted)
    if not edits:
        return text, words, fills
    new_text, new_words = _apply(text, words, edits)
    return new_text, new_words, fills


def _unconfirmed(words: list[Word], doubted: list[Word]) -> list[Word]:
    """Words in a blank that OCR read as a number, unsurely, and that the second reading
    could not confirm: their value stands, their confidence drops to DISAGREE_CONF (a
    handwritten "24" Tesseract read at 0.84 may be a 21)."""
    spans = {(w[6], w[7]) for w in doubted if _clean_digits([w], CLEAN_WORD_CONF)}
    return [
        (*w[:5], min(w[5], DISAGREE_CONF), w[6], w[7]) if (w[6], w[7]) in spans else w
        for w in words
    ]


def _against_ocr(got: tuple[str, float] | None, ocr_value: str | None) -> tuple[str, float] | None:
    """The second reading against what Tesseract read there (unsurely): None when they
    agree (the page text stands: two readings agree), the second one marked unsure when
    they differ, the second one as it is when Tesseract read nothing there."""
    if got is None or ocr_value is None:
        return got
    if int(got[0]) == int(ocr_value):
        return None
    return got[0], min(got[1], DISAGREE_CONF)


def _fill_box(words: list[Word], a: int, b: int) -> tuple[float, float, float, float]:
    """The blank's box: from the end of the anchor word to the start of the next word."""
    left, right = words[a], words[b]
    x0 = min(left[3], right[1])
    return x0, min(left[2], right[2]), max(x0, right[1]), max(left[4], right[4])


# An edit of the page text: (start, end, replacement, new words as (text, box, confidence,
# offset in the replacement)).
Edit = tuple[int, int, str, list[tuple[str, tuple[float, float, float, float], float, int]]]


def _blank_edit(words: list[Word], anchor: int, sym: int, got: tuple[str, float]) -> Edit:
    """Rewrite "Số:<junk> <junk>/CT" as "Số: 46 /CT" (the number written apart)."""
    a = words[anchor]
    m = RE_NUMBER_ANCHOR.match(a[0])
    start = a[6] + (m.end() if m else len(a[0]))
    s = words[sym]
    end = s[6] + s[0].index("/")
    box = _fill_box(words, anchor, sym) if anchor != sym else a[1:5]
    return start, end, f" {got[0]} ", [(got[0], box, got[1], 1)]


def _between_edit(
    words: list[Word], anchor: int, nxt: int, printed: str, got: tuple[str, float]
) -> Edit:
    """Rewrite "ngày<junk> <junk> tháng" as "ngày 24 tháng"; the printed anchor is
    restored when the fill swallowed its last letters ("ngàW/{" is "ngày" and a fill)."""
    a = words[anchor]
    start, end = a[6], words[nxt][6]
    anchor_box = a[1:5]
    new = [
        (printed, anchor_box, a[5], 0),
        (got[0], _fill_box(words, anchor, nxt), got[1], len(printed) + 1),
    ]
    return start, end, f"{printed} {got[0]} ", new


def _apply(text: str, words: list[Word], edits: list[Edit]) -> tuple[str, list[Word]]:
    """Apply non-overlapping text edits; words before or after one move with the text,
    words inside go (a printed anchor's part before the edit is kept, and so is the
    symbol's part after it: "2L/CT-UBND" keeps "/CT-UBND"), the edit's words come in."""
    out_text: list[str] = []
    out_words: list[Word] = []
    pos, shift = 0, 0
    edits = sorted(edits, key=lambda e: e[0])
    for start, end, repl, new in edits:
        out_text.append(text[pos:start])
        out_text.append(repl)
        pos = end
        for text_, box, conf, off in new:
            s = start + shift + off
            out_words.append((text_, *box, conf, s, s + len(text_)))
        shift += len(repl) - (end - start)
    out_text.append(text[pos:])

    def moved(i: int) -> int:
        """How far text at old offset i moved (edits wholly before it)."""
        return sum(len(r) - (e - s) for s, e, r, _n in edits if e <= i)

    for w in words:
        inside = [(s, e) for s, e, _r, _n in edits if w[6] < e and w[7] > s]
        if not inside:
            d = moved(w[6])
            out_words.append((*w[:6], w[6] + d, w[7] + d))
            continue
        s, e = inside[0]
        if w[6] < s:  # "Số:4@`": "Số:" stays
            d = moved(w[6])
            out_words.append((w[0][: s - w[6]], *w[1:6], w[6] + d, s + d))
        if w[7] > e:  # "2L/CT-UBND": "/CT-UBND" stays
            d = moved(e)
            out_words.append((w[0][e - w[6] :], *w[1:6], e + d, w[7] + d))
    out_words.sort(key=lambda w: w[6])
    return "".join(out_text), out_words
