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
from dataclasses import replace

from schemas.records import Field

from .. import patterns as P
from ..dates import parse_date
from ..reference import (
    DocType,
    doc_type_by_name,
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
from .sitebox import preamble_end, read_site_box
from .subject import SubjectMixin
from .symbols import restore_hyphen

log = logging.getLogger(__name__)

# Fields where one misread character makes a wrong value (a digit of a number, a day): on
# an OCR'd page their confidence is at most that of the least sure word they were read
# from (pipeline.read.ocr keeps each word's Tesseract confidence).
WORD_SURE_FIELDS = frozenset(
    {"number", "symbol", "ref", "issued_date", "issued_year", "issued_month"}
)


def extract_header(
    text: str,
    *,
    page_of: Callable[[int], int] = lambda _off: 1,
    conf_of: Callable[[int], float | None] = lambda _off: None,
    word_conf_of: Callable[[int, int], float | None] = lambda _a, _b: None,
    context: Context | None = None,
) -> HeaderResult:
    """All header fields of the document ``text`` (its cleaned text).

    Args:
        text: the document's text; offsets in the result refer to it.
        page_of: page number of an offset into ``text``.
        conf_of: OCR confidence (0..1) of the page holding an offset, None if not OCR.
        word_conf_of: the lowest OCR confidence (0..1) of the words over [start, end),
            None where nothing was OCR'd.
        context: issuer etc. of the previous document of the same file.
    """
    return _Reader(text, page_of, conf_of, context or Context(), word_conf_of).run()


# A web page's title above the document: a type word followed by a number and symbol
# ("THÔNG TƯ 19/2017/TT-BNNPTNT VỀ ...", "KẾ HOẠCH SỐ 328/KH-UBND"); checked on what follows
# the type words.
_PAGE_TITLE_NUMBER = re.compile(r"[ \t]*(?:S[ỐO][ \t]*)?\d{1,5}[ \t]*/[ \t]*(?:\d{4}/)?[A-ZĐ]")


# Sentences a site's notice may add after its opener, above the header.
_SITE_NOTICE_MORE = 2


class _Reader(NumbersMixin, SubjectMixin, IssuerMixin):
    def __init__(self, text, page_of, conf_of, context, word_conf_of=lambda _a, _b: None):
        self.text = text
        self.page_of = page_of
        self.conf_of = conf_of
        self.word_conf_of = word_conf_of
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
        confidence *= factor
        if name in WORD_SURE_FIELDS and value is not None and start is not None:
            # A number or date read by OCR is no surer than its least sure word: a
            # handwritten "01" read "2L" comes with a word confidence of 0.33.
            word = self.word_conf_of(start, end if end is not None else start + 1)
            if word is not None and word < confidence:
                confidence = word
        self.res.fields[name] = Field(
            name=name,
            value=value,
            start=start,
            end=end,
            rule=rule,
            confidence=round(confidence, 3),
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
        self._symbol_hyphen()
        self._type_fallback()
        self._joint_type()
        self._issuer(issuer_pieces, body_line)
        self._marks(pieces)
        self._period()
        self._site_preamble()
        return self.res

    # -- header scan -------------------------------------------------------------------------
    def _scan_header(self, arrival_lines, arrival_spans):
        pieces: list[Piece] = []
        type_at = None  # (line index, offset after type words, DocType)
        vv_at = None
        late = 0
        page_own = self._page_lines_above_header()
        for ln in self.lines[:_HEADER_LINES]:
            if ln.index in page_own:
                continue
            if ln.index in arrival_lines and not any(
                s <= ln.start < e or ln.start <= s < ln.end for s, e in arrival_spans
            ):
                continue
            s = ln.stripped
            if ln.blank or is_furniture(s) or P.RE_PAGE_NUMBER.match(s) or P.RE_RULE_LINE.match(s):
                continue
            if type_at is not None:
                break
            if (
                len(s) > 220
                and not pieces
                and not self.res.fields
                and not (P.RE_BODY_OPENER.match(s) or P.RE_KINH_GUI.match(s))
            ):
                # a long line above anything of the header is the page's own title
                # ("THÔNG TƯ 19/2017/TT-BNNPTNT VỀ SỬA ĐỔI ... DO BỘ TRƯỞNG ... BAN HÀNH"),
                # not a body paragraph: skip it, the header is still to come
                continue
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

    def _page_lines_above_header(self) -> set[int]:
        """Indexes of a web page's own lines printed above the document's header.

        A printed web page wraps the page's long lines, so that they no longer stand out
        as one line above the header (the text's single title line of ``len > 220``):

        - the page's title: a type word in capitals directly followed by a number
          ("THÔNG TƯ 19/2017/TT-BNNPTNT VỀ SỬA ĐỔI ..."), and the lines in capitals it
          wraps onto. A document's own title is the type word alone; its number stands
          on the "Số:" line.
        - the site's sentence ("Để sử dụng toàn bộ tiện ích ... vui lòng lựa chọn" /
          "và đăng ký gói cước."): a body opener and its lower-case continuation lines,
          followed directly by the header (capitals or a header line, and the motto, the
          number line or the place-date within a few lines).
          Without this, the opener reads as the body begun, and the header below it as
          the right column read late (OCR column order), which gives up after 3 lines.

        Only lines before anything of the header count; anything else ends the search.
        """
        out: set[int] = set()
        lines = self.lines[:_HEADER_LINES]
        i = 0
        while i < len(lines):
            s = lines[i].stripped
            if lines[i].blank or is_furniture(s) or P.RE_RULE_LINE.match(s):
                i += 1
                continue
            title = match_type_title(s)
            if title is not None and _PAGE_TITLE_NUMBER.match(s, title[1]):
                out.add(i)
                i += 1
                while i < len(lines) and not lines[i].blank and is_caps(lines[i].stripped):
                    if self._headerish(lines[i].stripped):
                        break
                    out.add(i)
                    i += 1
                continue
            if P.RE_BODY_OPENER.match(s):
                j = i + 1
                while j < len(lines) and lines[j].stripped[:1].islower():
                    j += 1
                # the site's notice may say more, in a sentence or two of its own
                # ("Nếu bạn là thành viên. Vui lòng ĐĂNG NHẬP để tiếp tục."): prose lines
                # ending a sentence, neither capitals nor a line of the header
                more = 0
                while (
                    more < _SITE_NOTICE_MORE
                    and j < len(lines)
                    and not lines[j].blank
                    and lines[j].stripped.endswith(".")
                    and not is_caps(lines[j].stripped)
                    and not self._headerish(lines[j].stripped)
                ):
                    j, more = j + 1, more + 1
                    while j < len(lines) and lines[j].stripped[:1].islower():
                        j += 1
                k = j
                while k < len(lines) and lines[k].blank:
                    k += 1
                nxt = lines[k].stripped if k < len(lines) else ""
                # the header: capitals or a header line next, and the motto, the number
                # or the place-date within a few lines ("Xét đề nghị ...,\nQUYẾT ĐỊNH:"
                # of a page begun mid-document is the body going on)
                soon = [ln.stripped for ln in lines[k : k + 6] if not ln.blank]
                if (
                    nxt
                    and (is_caps(nxt) or self._headerish(nxt))
                    and any(self._headerish(x) for x in soon)
                ):
                    out.update(range(i, j))
                    i = k
                    continue
            break
        return out

    @staticmethod
    def _headerish(s: str) -> bool:
        """A line of the header proper: the motto, the number line, the place and date."""
        return bool(
            any(rx.search(s) for rx in P.MOTTOS)
            or P.RE_NUMBER_LINE.search(s)
            or P.RE_PLACE_DATE.search(s)
        )

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
        m = P.RE_PLACE_DATE.search(cell) or P.RE_PLACE_DATE_DAMAGED.search(cell)
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
        if _LOCALITY_FIRST.match(piece):
            # "TỈNH KON TUM" closing a caps trích yếu ("... CỦA BAN DÂN TỘC" / "TỈNH KON
            # TUM"): a place, not a body, even when the issuer block ends with it
            return False
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
    def _symbol_hyphen(self) -> None:
        """A symbol printed without its hyphen by a PDF text layer ("1961/QĐUBND"):
        split back into type code and issuer code (:mod:`extractors.header.symbols`)."""
        f = self.res.fields.get("symbol")
        fixed = restore_hyphen(str(f.value)) if f is not None and f.value else None
        if fixed is None:
            return
        conf = min(f.confidence, 0.8)
        self.put("symbol", fixed, f.start, f.end, rule="symbol_hyphen_restored", confidence=conf)
        num = self.res.fields.get("number")
        if num is not None and num.value:
            self.put(
                "ref",
                f"{num.value}/{fixed}",
                f.start,
                f.end,
                rule="symbol_hyphen_restored",
                confidence=conf,
            )

    def _joint_type(self) -> None:
        """A joint circular headed only "THÔNG TƯ" whose symbol carries the joint code
        ("01/2004/TTLT-BVHTT-BYT"): the symbol names the narrower type the title begins."""
        dt, sym = self.res.fields.get("doc_type"), self.res.fields.get("symbol")
        if dt is None or dt.rule != "type_line" or sym is None or not sym.value:
            return
        st = type_from_symbol(str(sym.value))
        if st is not None and st.name.startswith(f"{dt.value} "):
            self.put(
                "doc_type", st.name, dt.start, dt.end, rule="type_line_joint_symbol", confidence=0.9
            )

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

    # -- the web page around the document ------------------------------------------------------
    def _site_preamble(self) -> None:
        """The page's own lines above the header: a span citations skip, and the site's
        metadata box read from it (:mod:`extractors.header.sitebox`)."""
        anchors = list(self._motto_lines)
        for k in ("own_number_line", "issued_date"):
            f = self.res.fields.get(k)
            if f is not None and f.start is not None:
                anchors.append(self._line_of(f.start))
        if not anchors:
            return
        top = preamble_end(self.lines, min(anchors), P.RE_BODY_OPENER)
        if top is None:
            return
        end = self.lines[top].start
        self.put("site_preamble", None, 0, end, rule="before_header", confidence=0.9)
        box = read_site_box(self.text, end)
        if box:
            self._site_box(box)

    # A value the site's box gives: it fills what the header left empty (at lower
    # confidence), or stands as a second candidate "<field>_site_box"; when the two
    # disagree, the header's value is kept and its confidence lowered.
    _BOX_FILL_CONFIDENCE = 0.7
    _DISAGREE_FACTOR = 0.75

    def _site_box(self, box) -> None:
        ref = box.get("ref")
        if ref is not None:
            m = P.RE_NUMBER_VALUE.match(re.sub(r"\s*([/-])\s*", r"\1", ref.value))
            num = m.group("num").strip(" .") if m else None
            sym = (m.group("sym") or "").strip(" .,;:") if m else ""
            if m and num and sym:
                self._box_candidate("number", num, ref, also=("symbol", sym))
        dt = box.get("doc_type")
        if dt is not None:
            known = doc_type_by_name(dt.value)
            # a site's category ("Văn bản khác") is no type: kept as evidence only
            self._box_candidate(
                "doc_type",
                known.name if known else dt.value,
                dt,
                fill=known is not None,
                compare=known is not None,
            )
        sg = box.get("signer")
        if sg is not None:
            self._box_candidate("signer_name", sg.value, sg)
        dd = box.get("date")
        if dd is not None:
            d = parse_date(dd.value)
            if d is not None and d.complete:
                had = self.res.fields.get("issued_date")
                self._box_candidate("issued_date", d.iso, dd)
                if had is None or had.value in (None, ""):
                    rule = f"site_box:{dd.label}"
                    for k, v in (("issued_year", d.year), ("issued_month", d.month)):
                        self.put(k, v, dd.start, dd.end, rule=rule, confidence=0.7)
        iss = box.get("issuer")
        if iss is not None:
            # the box names the province or ministry ("Tỉnh Bắc Ninh"), not the issuing body
            self._box_candidate("issuer", iss.value, iss, fill=False, compare=False)

    def _box_candidate(self, name, value, bv, also=None, fill=True, compare=True) -> None:
        rule = f"site_box:{bv.label}"
        mine = self.res.fields.get(name)
        has = mine is not None and mine.value not in (None, "")
        if not has and fill:
            self.put(name, value, bv.start, bv.end, rule=rule, confidence=self._BOX_FILL_CONFIDENCE)
            if also is not None:
                other = self.res.fields.get(also[0])
                if other is None or other.value in (None, ""):
                    self.put(also[0], also[1], bv.start, bv.end, rule=rule, confidence=0.7)
                sym = self.res.fields[also[0]].value
                self.put("ref", f"{value}/{sym}", bv.start, bv.end, rule=rule, confidence=0.7)
            return
        shown = value if also is None else f"{value}/{also[1]}"
        self.put(f"{name}_site_box", shown, bv.start, bv.end, rule=rule, confidence=0.7)
        if not has or not compare:
            return
        header = str(mine.value)
        if also is not None:
            other = self.res.fields.get(also[0])
            header = f"{header}/{other.value if other is not None else ''}"
        if _ref_key(header) != _ref_key(shown):
            for k in (name, *(also[:1] if also else ())):
                f = self.res.fields.get(k)
                if f is not None:
                    self.res.fields[k] = replace(
                        f, confidence=round(f.confidence * self._DISAGREE_FACTOR, 3)
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


# A line that starts with a locality word and its name, not a body ("TỈNH ỦY" is one).
_LOCALITY_FIRST = re.compile(
    r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG)\s+(?!ỦY\b|UỶ\b|ĐOÀN\b|HỘI\b)\w"
)


def _ref_key(s: str) -> str:
    """A value as compared with the site's: case, spaces and "Đ"/"D" forms aside."""
    return re.sub(r"\s+", "", s).casefold()


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
