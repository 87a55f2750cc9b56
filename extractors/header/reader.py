"""Header fields of one document: issuer, number and symbol, place and date, type, subject,
addressees, marks, reporting period; plus the spans the citation extractor relies on.

The header is read as cells: a line is cut at `|`, tabs and wide gaps, then the motto, the
place-date and the number line are cut out of each cell wherever they stand, so that the
two header columns come apart however a text layer or OCR interleaved them. What is left
in capitals above the type line is the issuing body, one or two units (parent / issuer).
A document without a header gets its issuer inferred (from the previous document of the
file, else from the symbol, place and body) and marked ``inferred`` with lower confidence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from schemas.records import Field

from .. import patterns as P
from ..reference import (
    DocType,
    title_canonical,
)
from ..segment import (
    Line,
    is_caps,
    is_furniture,
    match_type_title,
    match_type_title_fuzzy,
    split_lines,
)
from .arrival import find_arrival
from .issuer import IssuerMixin, _attachment_title, _letters, type_from_symbol
from .model import _HEADER_LINES, _PERIODIC_TYPES, Context, HeaderResult, Piece, _ocr_factor
from .numbers import NumbersMixin
from .signer import authority_signer, find_signature
from .subject import SubjectMixin

log = logging.getLogger(__name__)


def extract_header(
    text: str,
    *,
    page_of: Callable[[int], int] = lambda _off: 1,
    conf_of: Callable[[int], float | None] = lambda _off: None,
    context: Context | None = None,
) -> HeaderResult:
    """All header fields of the document ``text`` (its cleaned text).

    Args:
        text: the document's text; offsets in the result refer to it.
        page_of: page number of an offset into ``text``.
        conf_of: OCR confidence (0..1) of the page holding an offset, None if not OCR.
        context: issuer etc. of the previous document of the same file.
    """
    return _Reader(text, page_of, conf_of, context or Context()).run()


class _Reader(NumbersMixin, SubjectMixin, IssuerMixin):
    def __init__(self, text, page_of, conf_of, context):
        self.text = text
        self.page_of = page_of
        self.conf_of = conf_of
        self.ctx: Context = context
        self.lines = split_lines(text)
        self.res = HeaderResult()
        self._type_fuzzy = False  # the type line was read with its tone marks ignored
        self._prefix_type: tuple[DocType, int] | None = None  # "Luật số:", "Nghị quyết số:"
        self._motto_lines: list[int] = []
        self._arrival_spans: tuple[tuple[int, int], ...] = ()
        self._arrival_lines: frozenset[int] = frozenset()
        self._issuer_letters = ""

    # -- helpers ---------------------------------------------------------------------------
    def put(self, name, value, start=None, end=None, rule="", confidence=0.95, inferred=False):
        page = self.page_of(start) if start is not None else None
        factor = _ocr_factor(self.conf_of(start)) if start is not None else 1.0
        self.res.fields[name] = Field(
            name=name,
            value=value,
            start=start,
            end=end,
            rule=rule,
            confidence=round(confidence * factor, 3),
            page=page,
            inferred=inferred,
        )

    # -- main ------------------------------------------------------------------------------
    def run(self) -> HeaderResult:
        arr = find_arrival(self.lines)
        arrival_lines: frozenset[int] = frozenset()
        arrival_spans: tuple[tuple[int, int], ...] = ()
        if arr is not None:
            self.res.arrival = arr.arrival
            arrival_lines = arr.lines
            arrival_spans = arr.spans
        self._arrival_spans = arrival_spans
        self._arrival_lines = arrival_lines
        pieces, type_at, vv_at = self._scan_header(arrival_lines, arrival_spans)
        # the issuer block's letters: an authority line repeating it ends a caps subject
        self._issuer_letters = "".join(_letters(p.text) for p in pieces if is_caps(p.text))
        subj_end_line = self._type_and_subject(type_at, vv_at)
        last_header_line = self._recipients(subj_end_line)
        for k in ("own_number_line", "issued_date"):
            f = self.res.fields.get(k)
            if f is not None and f.start is not None:
                last_header_line = max(last_header_line, self._line_of(f.start))
        body_line = self._body_start(last_header_line)
        issuer_pieces = [
            p
            for p in pieces
            if type_at is None
            or p.line < type_at[0]
            or (p.line == type_at[0] and p.end <= type_at[1])
        ]
        # the right column ends with the place-date, the left with the number: capitals
        # below both (DỰ THẢO, an unreadable type line) are no issuer
        marks = [
            self._line_of(f.start)
            for k, f in self.res.fields.items()
            if k in ("own_number_line", "issued_date") and f.start is not None
        ]
        if self._motto_lines:
            marks.append(max(self._motto_lines))
        if marks:
            issuer_pieces = [p for p in issuer_pieces if p.line <= max(marks)]
        sig = find_signature(self.lines, body_line)
        self.res.signers = sig.signers
        self.res.distribution = sig.distribution
        if sig.distribution_span:
            self.put("distribution_block", None, *sig.distribution_span, rule="noi_nhan")
        if sig.signature_span:
            self.put("signature_block", None, *sig.signature_span, rule="signature_block")
        auth = authority_signer(sig.signers)
        if auth is not None:
            if auth.name:
                self.put(
                    "signer_name", auth.name, auth.start, auth.end, rule=auth.rule, confidence=0.9
                )
            else:
                self.put("signer_name", None, rule="signature_without_name", confidence=0.6)
            self.put(
                "signer_title",
                auth.title,
                auth.start,
                auth.end,
                rule=auth.rule,
                confidence=0.9 if auth.title else 0.6,
            )
        self._handwritten_number()
        self._type_fallback()
        self._issuer(issuer_pieces, body_line)
        self._marks(pieces)
        self._period()
        return self.res

    # -- header scan -------------------------------------------------------------------------
    def _scan_header(self, arrival_lines, arrival_spans):
        pieces: list[Piece] = []
        type_at = None  # (line index, offset after type words, DocType)
        vv_at = None
        late = 0
        for ln in self.lines[:_HEADER_LINES]:
            if ln.index in arrival_lines and not any(
                s <= ln.start < e or ln.start <= s < ln.end for s, e in arrival_spans
            ):
                continue
            s = ln.stripped
            if ln.blank or is_furniture(s) or P.RE_PAGE_NUMBER.match(s) or P.RE_RULE_LINE.match(s):
                continue
            if type_at is not None:
                break
            if P.RE_BODY_OPENER.match(s) or P.RE_KINH_GUI.match(s) or len(s) > 220 or late:
                # OCR may read the right column (place-date) after the left one's Kính gửi
                if "issued_date" in self.res.fields or late > 3:
                    break
                late += 1
                if P.RE_PLACE_DATE.search(s) and not P.RE_BODY_OPENER.match(s):
                    self._cut_known(ln.start, ln.end)
                continue
            for st, en in _cells(ln):
                # cut arrival spans
                if any(a <= st < b for a, b in arrival_spans):
                    continue
                for pst, pen in self._cut_known(st, en):
                    ptxt = self.text[pst:pen]
                    core = ptxt.strip(" \t|*")
                    if not core:
                        continue
                    off = pst + ptxt.find(core)
                    if P.RE_VV.match(core) and vv_at is None and type_at is None:
                        vv_at = (ln.index, off)
                        continue
                    mt = match_type_title(core)
                    fuzzy = False
                    if (
                        mt is None
                        and is_caps(core)
                        and (self.res.fields.get("issued_date") or self.res.fields.get("number"))
                    ):
                        mt = match_type_title_fuzzy(core)  # below the number/date: OCR'd tones
                        fuzzy = mt is not None
                    titled = False
                    if mt is None and type_at is None and len(core) <= 30:
                        # "Phụ lục II" in title case on its own line, over its caps title
                        at = _attachment_title(core)
                        if at is not None:
                            mt, titled = (at, len(core)), True
                    if mt and (titled or is_caps(core[: mt[1]])) and type_at is None:
                        type_at = (ln.index, off + mt[1], mt[0], off)
                        self._type_fuzzy = fuzzy
                        continue
                    if type_at is None and vv_at is None:
                        pieces.append(Piece(off, off + len(core), core, ln.index))
        return pieces, type_at, vv_at

    def _cut_known(self, st: int, en: int) -> list[tuple[int, int]]:
        """Cut motto, place-date and number out of the cell [st, en); record them."""
        cell = self.text[st:en]
        cuts: list[tuple[int, int]] = []
        # the arrival stamp sharing the line ("... ĐẾN Số: 2369 Ngày: 28/11/2018") is cut first
        for a, b in self._arrival_spans:
            if a < en and st < b:
                cuts.append((max(a, st) - st, min(b, en) - st))
        for rx in P.MOTTOS:
            for m in rx.finditer(cell):
                cuts.append((m.start(), m.end()))
                self._motto_lines.append(self._line_of(st))
        m = P.RE_PLACE_DATE.search(cell)
        if m and not _overlaps(cuts, m.start(), m.end()):
            cuts.append((m.start(), m.end()))
            if "issued_date" not in self.res.fields:
                self._place_date(
                    st + m.start("place"),
                    st + m.end("place"),
                    st + m.start("date"),
                    st + m.end("date"),
                )
        else:
            dm = P.RE_DATE_ONLY_LINE.match(cell)
            if dm and "issued_date" not in self.res.fields:
                cuts.append((dm.start(), dm.end()))
                self._place_date(None, None, st + dm.start(), st + dm.end())
        nm = P.RE_NUMBER_LINE.search(cell)
        if nm and not _overlaps(cuts, nm.start(), nm.start() + 1):
            vend = nm.end("value")
            for a, _b in cuts:
                if a > nm.start("value"):
                    vend = min(vend, a)
            if "number" not in self.res.fields and "symbol" not in self.res.fields:
                self._number(
                    st + nm.start(),
                    st + nm.start("value"),
                    st + vend,
                    nm.group("prefix") or nm.group("prefix2"),
                )
                cuts.append((nm.start(), vend))
        cuts.sort()
        out = []
        pos = 0
        for a, b in cuts:
            if a > pos:
                out.append((st + pos, st + a))
            pos = max(pos, b)
        if pos < len(cell):
            out.append((st + pos, en))
        return out

    def _authority_line(self, piece: str) -> bool:
        """The line naming who issues a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "TÒA ÁN
        NHÂN DÂN TỈNH ĐỒNG NAI"): a title first, or the issuer block's name again."""
        if title_canonical(piece):
            return True
        letters = _letters(piece)
        return len(letters) >= 10 and letters in self._issuer_letters

    def _left_of_header(self, a: int, b: int) -> tuple[int, int]:
        """[a, b) without a motto, place-date or number that shares its line."""
        seg = self.text[a:b]
        cut = len(seg)
        for rx in (*P.MOTTOS, P.RE_PLACE_DATE):
            m = rx.search(seg)
            if m:
                cut = min(cut, m.start())
        seg2 = seg[:cut]
        # a "|" or tab cell separator ends the subject cell
        m = re.search(r"\s*[|\t]", seg2)
        if m:
            seg2 = seg2[: m.start()] if seg2[: m.start()].strip() else seg2
        core = seg2.strip(" \t|*")
        if not core:
            return a, a
        off = a + seg.find(core)
        return off, off + len(core)

    def _ends_paragraph(self, index: int) -> bool:
        """The line at ``index`` is the last of its paragraph (blank line or end below)."""
        return index + 1 >= len(self.lines) or self.lines[index + 1].blank

    def _body_start(self, last_header_line: int) -> int:
        for ln in self.lines[last_header_line + 1 :]:
            s = ln.stripped
            if ln.blank or is_furniture(s) or P.RE_RULE_LINE.match(s):
                continue
            self.put("body_start", None, ln.start, ln.start, rule="after_header")
            return ln.index
        self.put("body_start", None, len(self.text), len(self.text), rule="no_body")
        return len(self.lines)

    def _line_of(self, off: int) -> int:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- type without a type line ------------------------------------------------------------
    def _type_fallback(self) -> None:
        if "doc_type" in self.res.fields:
            return
        pt = self._prefix_type
        if pt is not None:
            self.put(
                "doc_type",
                pt[0].name,
                pt[1],
                pt[1] + len(pt[0].name),
                rule="number_prefix",
                confidence=0.9,
            )
            return
        sym = self.res.fields.get("symbol")
        if sym is not None and sym.value:
            dt = type_from_symbol(str(sym.value))
            if dt is not None:
                self.put(
                    "doc_type",
                    dt.name,
                    sym.start,
                    sym.end,
                    rule="symbol_code",
                    confidence=0.85,
                    inferred=True,
                )
                return
        subj = self.res.fields.get("subject")
        if subj is not None and subj.rule == "vv_lines":
            self.put(
                "doc_type",
                "Công văn",
                subj.start,
                subj.start,
                rule="vv_line",
                confidence=0.9,
                inferred=True,
            )
            return
        if sym is not None and sym.value:
            # a symbol with no type code is a công văn's (2749/UBND-NC)
            self.put(
                "doc_type",
                "Công văn",
                sym.start,
                sym.end,
                rule="symbol_without_type_code",
                confidence=0.7,
                inferred=True,
            )

    # -- marks and period ----------------------------------------------------------------------
    def _marks(self, pieces: list[Piece]) -> None:
        zone_end = self.res.fields["body_start"].start if "body_start" in self.res.fields else 0
        zone = self.text[:zone_end]
        for name, rx in (("secrecy", P.RE_SECRECY), ("urgency", P.RE_URGENCY)):
            for m in rx.finditer(zone):
                # "BẢO VỆ BÍ MẬT" in a body's name is no mark
                if zone[max(0, m.start() - 3) : m.start()].strip().endswith("BÍ"):
                    continue
                ln = self.lines[self._line_of(m.start())].stripped
                if len(ln) > len(m.group(0)) + 30:
                    continue
                self.put(
                    name,
                    m.group("mark").replace("HOẢ", "HỎA").capitalize()
                    if name == "urgency"
                    else m.group("mark").capitalize(),
                    m.start(),
                    m.end(),
                    rule=f"{name}_mark",
                    confidence=0.85,
                )
                break

    def _period(self) -> None:
        dt = self.res.fields.get("doc_type")
        subj = self.res.fields.get("subject")
        if dt is None or subj is None or not subj.value or dt.value not in _PERIODIC_TYPES:
            return
        s = str(subj.value)
        year_default = self.res.fields.get("issued_year")
        yd = year_default.value if year_default else None
        m = P.RE_PERIOD_QUARTER.search(s)
        if m:
            q = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(m.group("q").upper()) or int(m.group("q"))
            self.put(
                "period",
                f"{m.group('y')}-Q{q}",
                subj.start,
                subj.end,
                rule="period_quarter",
                confidence=0.85,
            )
            return
        m = P.RE_PERIOD_HALF.search(s)
        if m and (m.group("y") or yd):
            h = 1 if m.group("which").lower() == "đầu" else 2
            self.put(
                "period",
                f"{m.group('y') or yd}-H{h}",
                subj.start,
                subj.end,
                rule="period_half",
                confidence=0.85,
            )
            return
        m = P.RE_PERIOD_NINE.search(s)
        if m and (m.group("y") or yd):
            self.put(
                "period",
                f"{m.group('y') or yd}-9M",
                subj.start,
                subj.end,
                rule="period_nine_months",
                confidence=0.8,
            )
            return
        m = P.RE_PERIOD_MONTH.search(s)
        if m:
            self.put(
                "period",
                f"{m.group('y')}-{int(m.group('m')):02d}",
                subj.start,
                subj.end,
                rule="period_month",
                confidence=0.8,
            )
            return
        m = P.RE_PERIOD_YEAR.search(s)
        if m:
            self.put(
                "period", m.group("y"), subj.start, subj.end, rule="period_year", confidence=0.75
            )


def _overlaps(spans, a, b) -> bool:
    return any(x < b and a < y for x, y in spans)


def _cells(ln: Line) -> list[tuple[int, int]]:
    """Cells of a header line, cut at `|` and tabs. Wide gaps are not cut: a blank number
    or day leaves one ("Số:      /TTr-UBND"); the motto and place-date are cut by pattern."""
    out = []
    for m in re.finditer(r"[^|\t]+", ln.text):
        seg = m.group(0)
        core = seg.strip()
        if core:
            st = ln.start + m.start() + seg.find(core)
            out.append((st, st + len(core)))
    return out
