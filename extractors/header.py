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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from schemas.records import Arrival, Field, Signer

from . import patterns as P
from .arrival import find_arrival
from .dates import RE_MONTH_YEAR, parse_date
from .reference import (
    DocType,
    Issuer,
    doc_type_by_code,
    doc_type_by_name,
    fold,
    issuer_by_code,
    issuer_by_name,
    issuers,
    org_case,
    org_grammar,
    province_by_text,
    province_regex,
    title_canonical,
)
from .reference import (
    doc_types as doc_types_all,
)
from .segment import (
    Line,
    is_caps,
    is_furniture,
    match_type_title,
    match_type_title_fuzzy,
    split_lines,
)
from .signer import authority_signer, find_signature

log = logging.getLogger(__name__)

_HEADER_LINES = 60  # the header never runs longer than this many lines
_SUBJECT_MAX_LINES = 8
_SUBJECT_MAX_CHARS = 900

# Organisation-name heads, child units that take their parent's locality, and central
# bodies come from issuers.yaml (reference.org_grammar()).
_PERIODIC_TYPES = {"Báo cáo", "Thông báo"}
_UNREADABLE_DATE_RULES = {
    "place_date_unreadable_day",
    "place_date_year_only",
    "place_date_invalid_day",
    "place_date_unreadable",
}


@dataclass(slots=True)
class Piece:
    """A run of text left in a header cell once motto, number and place-date are cut out."""

    start: int
    end: int
    text: str
    line: int


@dataclass(slots=True)
class HeaderResult:
    fields: dict[str, Field] = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    arrival: Arrival | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a document may inherit from the one before it in the same file."""

    issuer: Field | None = None
    issuer_parent: Field | None = None
    province: str | None = None
    place: str | None = None


def _ocr_factor(conf: float | None) -> float:
    return 1.0 if conf is None else 0.6 + 0.4 * max(0.0, min(1.0, conf))


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


class _Reader:
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

    # -- number ------------------------------------------------------------------------------
    def _number(self, line_start: int, vstart: int, vend: int, prefix: str | None) -> None:
        raw = self.text[vstart:vend]
        struck = "~~" in raw
        val = raw.replace("~~", " ")
        val = " ".join(val.split())
        # no spaces next to "/", "-", "(" inside the symbol
        val = re.sub(r"\s*([/(])\s*", r"\1", val)
        val = (
            re.sub(r"(?<=\S)\s*-\s*(?=[A-ZĐ0-9])", "-", val)
            if re.match(r"^[\d.…_ ]*[/-]", val) is None
            else re.sub(r"\s*-\s*(?=[A-ZĐ0-9(])", "-", val)
        )
        m = P.RE_NUMBER_VALUE.match(val)
        self.put("own_number_line", None, line_start, vend, rule="number_line")
        if prefix:
            dt = doc_type_by_name(prefix.strip())
            if dt:
                self._prefix_type = (dt, line_start)
        if not m:
            self.put("number", None, vstart, vend, rule="number_unreadable", confidence=0.3)
            return
        num = m.group("num").strip(" .…_")
        sep = m.group("sep")
        sym = (m.group("sym") or "").strip(" .,;:|")
        rule, conf = "number_line", 0.95
        if num and not P.RE_NUMBER_OK.fullmatch(num):
            if re.fullmatch(r"[0-9OoIl]{1,6}", num):
                num = num.replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
                rule, conf = "number_repaired", 0.6
            else:
                # handwritten and misread: better empty than wrong
                num, rule, conf = None, "number_misread", 0.3
        if num == "":
            num = None
            if rule == "number_line":
                rule = "number_blank"
        if struck:
            rule, conf = "number_struck", min(conf, 0.6)
        elif num and not sep:
            rule, conf = "number_no_separator", min(conf, 0.75)
        if sym and not re.match(rf"^[{P.UP}0-9]", sym):
            sym = ""
        sym = sym.split("  ")[0].strip()
        self.put(
            "number",
            num,
            vstart,
            vend,
            rule=rule,
            confidence=conf if num else (0.9 if rule == "number_blank" else conf),
        )
        self.put(
            "symbol",
            sym or None,
            vstart,
            vend,
            rule="symbol" if sym else "symbol_missing",
            confidence=min(0.95, conf + 0.2) if sym else 0.5,
        )
        if rule == "number_misread":
            ref = None  # a misread number is no blank one: the printed form is unknown
        else:
            ref = f"{num}{sep or '/'}{sym}" if num and sym else (f"/{sym}" if sym else num)
        self.put("ref", ref, vstart, vend, rule=rule, confidence=conf)

    def _handwritten_number(self) -> None:
        """On a scan, a number set apart from its symbol ("Số: 445 /NQ-CP") was written into
        the blank by hand; OCR misreads handwriting. Keep it with low confidence, or leave it
        empty when the day and month beside it were unreadable too (handwritten as well)."""
        num = self.res.fields.get("number")
        if num is None or not num.value or num.start is None or self.conf_of(num.start) is None:
            return
        raw = self.text[num.start : num.end]
        if not P.RE_HANDWRITTEN_FILL.match(raw):
            return
        date = self.res.fields.get("issued_date")
        date_unreadable = date is not None and date.rule in _UNREADABLE_DATE_RULES
        if date_unreadable:
            self.put(
                "number",
                None,
                num.start,
                num.end,
                rule="number_handwritten_unreadable",
                confidence=0.25,
            )
            ref = self.res.fields.get("ref")
            if ref is not None:
                self.put(
                    "ref",
                    None,
                    ref.start,
                    ref.end,
                    rule="number_handwritten_unreadable",
                    confidence=0.25,
                )
        else:
            self.put(
                "number", num.value, num.start, num.end, rule="number_handwritten", confidence=0.5
            )

    # -- place and date ----------------------------------------------------------------------
    def _place_date(self, pst, pen, dst, den) -> None:
        if pst is not None:
            place_raw = self.text[pst:pen].strip()
            prov = province_by_text(place_raw)
            place = (
                prov.name
                if prov is not None
                and fold(prov.name)
                == fold(re.sub(r"^(?:tỉnh|thành phố)\s+", "", place_raw, flags=re.I))
                else place_raw
            )
            self.put("place", place, pst, pen, rule="place_date", confidence=0.95)
        dtxt = self.text[dst:den]
        pd = parse_date(dtxt)
        rule, conf = "place_date", 0.95
        if pd is None:
            m = RE_MONTH_YEAR.search(dtxt)
            pd = parse_date(m.group(0)) if m else None
            rule, conf = "place_date_unreadable_day", 0.4
            if pd is None:
                ym = re.search(r"(?:19|20)\d{2}", dtxt)
                if ym:
                    self._set_date(
                        int(ym.group(0)), None, None, dst, den, "place_date_year_only", 0.4
                    )
                else:
                    self.put(
                        "issued_date", None, dst, den, rule="place_date_unreadable", confidence=0.2
                    )
                return
        elif not pd.complete:
            # a draft leaves day (and month) blank: what is printed is right
            blanks = re.search(r"ng\w{1,2}y\s*[.…_ ]*\s*th", dtxt)
            rule, conf = (
                ("place_date_partial", 0.85) if blanks else ("place_date_unreadable_day", 0.4)
            )
        if pd.as_date() is None and pd.complete:
            self._set_date(pd.year, pd.month, None, dst, den, "place_date_invalid_day", 0.3)
            return
        self._set_date(pd.year, pd.month, pd.day, dst, den, rule, conf)

    def _set_date(self, y, m, d, st, en, rule, conf):
        iso = (
            None
            if y is None
            else (
                f"{y:04d}"
                if m is None
                else (f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}")
            )
        )
        self.put("issued_date", iso, st, en, rule=rule, confidence=conf)
        self.put("issued_year", y, st, en, rule=rule, confidence=conf)
        self.put("issued_month", m, st, en, rule=rule, confidence=conf)

    # -- type and subject --------------------------------------------------------------------
    def _type_and_subject(self, type_at, vv_at) -> int:
        """Type line and subject; returns the index of the last line used."""
        last = -1
        for f in ("own_number_line", "issued_date"):
            if f in self.res.fields and self.res.fields[f].start is not None:
                last = max(last, self._line_of(self.res.fields[f].start))
        if type_at is not None:
            li, after, dtype, tstart = type_at
            fuzzy = self._type_fuzzy
            self.put(
                "doc_type",
                dtype.name,
                tstart,
                after,
                rule="type_line_tones_ignored" if fuzzy else "type_line",
                confidence=0.75 if fuzzy else 0.95,
            )
            self._type_line_type = dtype
            ln = self.lines[li]
            rest = self.text[after : ln.end]
            first = (after, ln.end) if any(c.isalnum() for c in rest) else None
            last = max(last, li)
            end_line = self._subject_lines(li, first, vv=False)
            return max(last, end_line)
        if vv_at is not None:
            li, off = vv_at
            # the V/v may come before the place-date: Kính gửi is looked for under the V/v
            return self._subject_lines(li, (off, self.lines[li].end), vv=True)
        if "own_number_line" not in self.res.fields:
            return max(last, self._web_title())
        return last

    def _web_title(self) -> int:
        """A headerless page titled in sentence case ("Thông báo kết quả ... 6 tháng đầu năm
        2023"): the type is the title's first words, the subject the rest of it."""
        seen = 0
        for ln in self.lines[:12]:
            s = ln.stripped
            if ln.blank or is_furniture(s):
                continue
            seen += 1
            if seen > 3 or P.RE_BODY_OPENER.match(s):
                break
            if len(s) > 250 or s.endswith(("./.", ".", ":")):
                continue
            dt = _sentence_type(s)
            if dt is None:
                continue
            off = ln.start + ln.text.find(s)
            cut = len(dt.name)
            rest = s[cut:].strip(" :-–")
            self.put("doc_type", dt.name, off, off + cut, rule="web_title", confidence=0.75)
            if len(rest) > 5:  # not a bare numbering ("Phụ lục II")
                rs = off + s.find(rest, cut)
                self.put(
                    "subject",
                    rest[:1].upper() + rest[1:],
                    rs,
                    rs + len(rest),
                    rule="web_title",
                    confidence=0.75,
                )
            return ln.index
        return -1

    def _subject_lines(self, li: int, first: tuple[int, int] | None, vv: bool) -> int:
        parts: list[tuple[int, int]] = []
        if first is not None:
            a, b = first
            parts.append(self._left_of_header(a, b))
        mode_caps = None
        if parts:
            mode_caps = is_caps(self.text[parts[0][0] : parts[0][1]])
        end_line = li
        gap = False
        for ln in self.lines[li + 1 : li + 1 + _SUBJECT_MAX_LINES * 2]:
            s = ln.stripped
            if ln.blank or is_furniture(s) or P.RE_PAGE_NUMBER.match(s):
                if vv and parts:
                    break
                gap = bool(parts) or gap
                continue
            if (
                P.RE_RULE_LINE.match(s)
                or P.RE_KINH_GUI.match(s)
                or P.RE_ATTACHED_LINE.match(s)
                or P.RE_NOI_NHAN.match(s)
            ):
                break
            if P.RE_BODY_OPENER.match(s) and (parts or not _subject_like_opener(s)):
                break
            if parts and (
                gap
                and s[:1].isupper()
                or s.rstrip().endswith(("./.", ":"))
                or (not vv and re.search(r"\w:\s", s))
            ):
                break
            if any(rx.fullmatch(s) for rx in P.MOTTOS):
                continue
            a, b = self._left_of_header(ln.start, ln.end)
            piece = self.text[a:b].strip(" \t|*")
            if not piece:
                if parts and (P.RE_PLACE_DATE.search(s) or P.RE_NUMBER_LINE.match(s)):
                    break
                continue
            if not parts and not vv and (P.RE_PLACE_DATE.search(s)):
                continue
            caps = is_caps(piece)
            if not parts and not vv and caps and re.match(r"^CỦA\s", piece):
                continue  # "CỦA BAN THƯỜNG VỤ TỈNH ỦY": names the issuer, not the subject
            if mode_caps is None:
                mode_caps = caps
            elif mode_caps and not caps and piece[:1].islower():
                mode_caps = False  # "KẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY" / "tại buổi làm việc ..."
            elif caps != mode_caps and sum(c.isalpha() for c in piece) > 3:
                break
            if len(s) > 200 and parts:
                break
            if parts and caps and not vv and self._authority_line(piece):
                break  # "TÒA ÁN NHÂN DÂN TỈNH ĐỒNG NAI" under a caps subject: who decides
            parts.append((a, b))
            end_line = ln.index
            if (
                len(parts) >= _SUBJECT_MAX_LINES
                or sum(b - a for a, b in parts) > _SUBJECT_MAX_CHARS
            ):
                break
        if not parts:
            return end_line
        subject = _join_subject([self.text[a:b] for a, b in parts])
        if vv:
            subject = (
                P.RE_VV.sub("V/v ", subject, count=1)
                if not subject.startswith("Về việc")
                else subject
            )
        elif is_caps(subject):
            subject = sentence_case(subject)
        self.put(
            "subject",
            subject,
            parts[0][0],
            parts[-1][1],
            rule="vv_lines" if vv else "type_line_subject",
            confidence=0.9,
        )
        return end_line

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

    # -- Kính gửi ---------------------------------------------------------------------------
    def _recipients(self, after_line: int) -> int:
        last = after_line
        start_idx = max(after_line + 1, 0)
        # an arrival stamp's lines between the V/v and the Kính gửi do not count
        for ln in self.lines[start_idx : start_idx + 12 + len(self._arrival_lines)]:
            s = ln.stripped
            if ln.blank or P.RE_RULE_LINE.match(s):
                continue
            if ln.index in self._arrival_lines or any(
                a <= ln.start < b for a, b in self._arrival_spans
            ):
                continue  # an arrival stamp between the V/v and the Kính gửi
            if P.RE_KINH_GUI.match(s):
                return self._kinh_gui(ln)
            if P.RE_BODY_OPENER.match(s) or len(s) > 120:
                break
            if (
                P.RE_PLACE_DATE.search(s)
                or P.RE_NUMBER_LINE.match(s)
                or any(rx.search(s) for rx in P.MOTTOS)
            ):
                last = ln.index  # the header goes on under a V/v
                continue
            if is_caps(s):
                last = ln.index  # an authority line of a normative document
                continue
            break
        return last

    def _kinh_gui(self, ln: Line) -> int:
        items: list[str] = []
        m = P.RE_KINH_GUI.match(ln.text.lstrip(" \t|"))
        rest = ln.stripped[m.end() :].strip() if m else ""
        rest = self.text[ln.start : ln.end]
        rest = P.RE_KINH_GUI.sub("", rest.lstrip(" \t|"), count=1).strip(" \t|")
        if rest:
            items.extend(
                x for x in re.split(rf";\s*(?=\S)|\s+[-–]\s+(?=[{P.UP}])", rest) if x.strip()
            )
        last = ln.index
        gap = False  # a blank line since the last item: a wrapped line no longer goes on
        for nxt in self.lines[ln.index + 1 : ln.index + 40]:
            s = nxt.stripped
            if nxt.blank:
                gap = gap or bool(items)
                continue
            if P.RE_PLACE_DATE.search(s) and len(s) < 70 or any(rx.fullmatch(s) for rx in P.MOTTOS):
                continue
            if P.RE_LIST_ITEM.match(s) and len(s) < 200:
                items.append(s)
                last = nxt.index
                gap = False
                continue
            if (
                items
                and not gap
                and not P.RE_BODY_OPENER.match(s)
                and len(s) < 120
                and not items[-1].rstrip().endswith((";", ".", ":"))
                # a wrapped item: lower case goes on; so does a name list cut after a
                # comma ("Nông nghiệp và Phát triển nông thôn, Công Thương,\nGiao thông")
                and (
                    s[:1].islower()
                    or items[-1].rstrip().endswith(",")
                    # the short rest of a wrapped line, ending its paragraph
                    # ("..., Trường" / "Đại học An Giang" / blank)
                    or (len(s) < 60 and self._ends_paragraph(nxt.index))
                )
            ):
                items[-1] += " " + s
                last = nxt.index
                continue
            break
        # "Công an tỉnh (qua Phòng PV05)": the routing note is not part of the addressee
        self.res.recipients = [
            r for r in (P.RE_ROUTING_NOTE.sub("", _clean_item(x)) for x in items) if r
        ]
        end = self.lines[last].end
        self.put("recipients_block", None, ln.start, end, rule="kinh_gui")
        return last

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

    # -- issuer ------------------------------------------------------------------------------
    def _issuer(self, pieces: list[Piece], body_line: int) -> None:
        cands = [
            p
            for p in pieces
            if is_caps(p.text)
            and not _is_mark(p.text)
            and not P.RE_GAZETTE_SECTION.match(p.text)
            and not P.RE_AUTHORITY.match(p.text)
            and not (title_canonical(p.text) and not _starts_org(p.text))
            and len(p.text) < 120
        ]
        place = self.res.fields.get("place")
        place_prov = province_by_text(str(place.value)) if place and place.value else None
        if cands:
            units = _issuer_units([p.text for p in cands])
            unit_pieces = cands
            if units:
                issuer, parent = _compose_issuer(
                    units, place_prov.name if place_prov else None, self.text
                )
                st, en = unit_pieces[0].start, unit_pieces[-1].end
                rule, conf = "issuer_lines", 0.9
                if not parent and _lacks_locality(issuer):
                    # "ỦY BAN NHÂN DÂN" over a place that is no province (a provincial city):
                    # the province the body names most
                    body = (
                        self.text[self.lines[body_line].start :]
                        if body_line < len(self.lines)
                        else ""
                    )
                    prov = _most_frequent_province(body)
                    if prov is not None:
                        issuer = f"{issuer} {prov.level} {prov.name}"
                        rule, conf = "issuer_lines_province_from_body", 0.65
                self.put("issuer", issuer, st, en, rule=rule, confidence=conf)
                if parent:
                    self.put("issuer_parent", parent, st, en, rule="issuer_lines", confidence=0.9)
                else:
                    self.put("issuer_parent", None, rule="issuer_lines", confidence=0.8)
                self._province(issuer, parent, place_prov)
                return
        # no issuer lines: inherit from the previous document of the file
        if self.ctx.issuer is not None and self.ctx.issuer.value:
            self.put(
                "issuer",
                self.ctx.issuer.value,
                rule="inherited_from_previous_document",
                confidence=0.75,
                inferred=True,
            )
            par = self.ctx.issuer_parent.value if self.ctx.issuer_parent else None
            self.put(
                "issuer_parent",
                par,
                rule="inherited_from_previous_document",
                confidence=0.7,
                inferred=True,
            )
            if self.ctx.province:
                self.put(
                    "province",
                    self.ctx.province,
                    rule="inherited_from_previous_document",
                    confidence=0.7,
                    inferred=True,
                )
            return
        issuer, parent, rule = self._infer_issuer(place_prov, body_line)
        if issuer:
            self.put("issuer", issuer, rule=rule, confidence=0.55, inferred=True)
            self.put("issuer_parent", parent, rule=rule, confidence=0.5, inferred=True)
            self._province(issuer, parent, place_prov, inferred=True)
        else:
            self.put("issuer", None, rule="issuer_not_found", confidence=0.2)

    def _province(self, issuer, parent, place_prov, inferred=False) -> None:
        prov = None
        for s in (issuer, parent):
            if s:
                m = province_regex().search(s)
                if m:
                    prov = province_by_text(m.group(0))
                    break
        if prov is None and place_prov is not None and not _is_central(issuer or ""):
            prov = place_prov
        if prov is not None:
            self.put(
                "province",
                prov.name,
                rule="issuer_or_place",
                confidence=0.85 if not inferred else 0.55,
                inferred=inferred,
            )

    def _infer_issuer(self, place_prov, body_line: int) -> tuple[str | None, str | None, str]:
        body = self.text[self.lines[body_line].start :] if body_line < len(self.lines) else ""
        prov = place_prov or _most_frequent_province(body)
        prov_name = prov.name if prov else None
        level_word = prov.level if prov else "tỉnh"
        abbrevs = _abbreviations(self.text)
        sym = self.res.fields.get("symbol")
        code_issuer = issuer_from_symbol(str(sym.value)) if sym is not None and sym.value else None
        if code_issuer is not None:
            long = _long_name_in_body(code_issuer, body, abbrevs)
            if long:
                name, has_loc = long
                issuer = (
                    f"{name} {level_word} {prov_name}"
                    if prov_name and code_issuer.level == "local"
                    else name
                )
                rule = "inferred_symbol_and_body"
            else:
                issuer = _with_locality(code_issuer.display, code_issuer, prov_name, level_word)
                rule = "inferred_symbol_and_place"
            parent = None
            if code_issuer.parent:
                pi = issuer_by_code(code_issuer.parent)
                if pi is not None:
                    parent = _with_locality(pi.display, pi, prov_name, level_word)
            return issuer, parent, rule
        # a body naming itself in full as it acts: "Công an thị xã Điện Bàn báo cáo ..."
        named = _named_self_action(body)
        if named:
            return named, None, "inferred_named_in_body"
        # a web page or a bare text: the local body the text speaks for
        best = _self_named_body(body)
        if best is not None:
            iss, _count = best
            return (
                _with_locality(iss.display, iss, prov_name, level_word),
                None,
                "inferred_body_mentions",
            )
        return None, None, "issuer_not_found"

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


# --- free helpers ----------------------------------------------------------------------------


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


def _subject_like_opener(s: str) -> bool:
    return (
        bool(P.RE_SUBJECT_OPENERS_OK.match(s))
        and len(s) < 150
        and not P.RE_NAMES_DOCUMENT.search(s)
        and not s.rstrip().endswith((":", "./."))
    )


def _join_subject(parts: list[str]) -> str:
    out = ""
    for p in parts:
        # symbols alone are OCR noise (a seal, a stroke): "— `", "%>—_"
        p = " ".join(t for t in p.replace("**", "").split() if not P.RE_SYMBOL_NOISE.fullmatch(t))
        if not out:
            out = p
        elif re.search(rf"[{P.UP}0-9][/-]$", out):
            out += p
        else:
            out += " " + p
    return out.strip()


_QUOTE_OPEN = "“\"'‘("


def sentence_case(text: str) -> str:
    """A title printed in capitals in sentence case; codes (ANTT, UBND) kept.

    >>> sentence_case("VỀ TIẾP TỤC ĐẨY MẠNH PHONG TRÀO")
    'Về tiếp tục đẩy mạnh phong trào'
    """
    from .reference import _is_abbrev  # shared rule for codes kept in capitals

    toks = re.split(r"(\s+)", text)
    out = []
    for t in toks:
        out.append(t if (t.isspace() or _is_abbrev(t)) else t.lower())
    s = "".join(out)
    s = re.sub(r"([“\"‘])(\w)", lambda m: m.group(1) + m.group(2).upper(), s)
    return s[:1].upper() + s[1:]


def _clean_item(text: str) -> str:
    s = P.RE_LIST_ITEM.sub("", text.strip())
    return s.strip().rstrip(";.,").strip()


def _is_mark(text: str) -> bool:
    t = text.strip(" .")
    return bool(
        P.RE_SECRECY.fullmatch(t) or P.RE_URGENCY.fullmatch(t) or t in ("ĐỘ MẬT", "ĐỘ KHẨN")
    )


def _starts_org(text: str) -> bool:
    """A capitals line opening a body's name ("VĂN PHÒNG", "SỞ TƯ PHÁP"; not "PHÒNG, CHỐNG")."""
    u = text.upper()
    return any(u == h or u.startswith(h + " ") for h in org_grammar().heads)


def _issuer_units(lines: list[str]) -> list[str]:
    """Group capitals lines into units: a parent above, the issuer below, wrapped lines joined."""
    units: list[str] = []
    for raw in lines:
        t = " ".join(raw.replace("*", " ").split()).strip(" ")
        if not t.strip(" -–"):
            continue
        if not units:
            units.append(t)
            continue
        joined = f"{units[-1]} {t}"
        prev = units[-1]
        if (
            issuer_by_name(joined.strip(" -–")) is not None
            or prev.endswith(("-", "–", "VÀ", ",", "&"))
            or t.startswith(("VÀ ", "- ", "– ", "VIỆT NAM"))
            or not _starts_org(t)
        ):
            units[-1] = joined
        else:
            units.append(t)
    # the gazette prints the issuer once as a section title, then in the header: keep one
    dedup: list[str] = []
    for u in (x.strip(" -–") for x in units):
        if not dedup or _letters(dedup[-1]) != _letters(u):
            dedup.append(u)
    return dedup


def _letters(s: str) -> str:
    return "".join(c for c in fold(s) if c.isalnum())


def _is_central(name: str) -> bool:
    f = fold(name)
    known = issuer_by_name(name)
    if known is not None:
        return known.level == "central"
    if province_regex().search(name) or P.RE_NAMED_LOCALITY.search(name):
        return False  # "Bộ Chỉ huy Quân sự tỉnh Quảng Trị" is a province's
    if any(f.startswith(h) for h in org_grammar().central_heads):
        return True
    return f.endswith(" việt nam")  # a national body ("Ngân hàng ... Việt Nam")


def _compose_issuer(units: list[str], place: str | None, text: str) -> tuple[str, str | None]:
    names = [org_case(u) for u in units]
    if len(names) >= 2 and all(_is_central(n) for n in names):
        # a joint document of two central bodies (thông tư liên tịch): both issue it
        return "; ".join(names), None
    if len(names) == 1:
        only = names[0]
        return _add_place(only, place), None
    parent = _add_place(names[-2], place)
    if len(names) >= 3 and not _is_central(names[-2]):
        # three levels ("UBND TỈNH X" / "SỞ TƯ PHÁP" / "VĂN PHÒNG SỞ"): the parent in full
        parent = _compose_issuer(units[:-1], place, text)[0]
    child = names[-1]
    head = fold(parent).split()[0] if parent.strip() else ""
    rest = fold(child)[: -len(head)].strip() if head else ""
    if (
        head
        and fold(child).endswith(" " + head)
        and (rest + " ").upper() in {h + " " for h in org_grammar().heads}
    ):
        # "THANH TRA SỞ" / "VĂN PHÒNG BỘ" under "Sở Giao thông vận tải tỉnh Long An" /
        # "Bộ Y tế": the unit names its parent by the parent's head word
        return f"{child[: -len(head)].rstrip()} {parent}", parent
    if (fold(child) + " ").startswith(org_grammar().parent_first):
        # "Ngân hàng ... Việt Nam" / "Chi nhánh tỉnh Lào Cai": the branch after its parent
        return f"{parent} {child}", parent
    if P.RE_NAMED_LOCALITY.search(child) or _is_central(child) or province_regex().search(child):
        return child, parent
    child_case = child[:1].upper() + child[1:]
    if (fold(child) + " ").startswith(org_grammar().takes_locality):
        loc = _locality(parent)
        if loc:
            level = loc.split()[0]
            if fold(child).endswith(" " + fold(level)):
                # "Công an huyện" + "huyện Bình Sơn" -> "Công an huyện Bình Sơn"
                return f"{child_case}{loc[len(level) :]}", parent
            return f"{child_case} {loc}", parent
        return f"{child_case} {parent}", parent
    return f"{child_case} {parent}", parent


def _add_place(name: str, place: str | None) -> str:
    """`UBND` + place Thanh Hóa -> `UBND tỉnh Thanh Hóa` (a local body printed without locality)."""
    if _is_central(name) or province_regex().search(name) or not place:
        return name
    prov = province_by_text(place)
    if prov is None:
        return name
    if re.search(rf"\b{prov.level}$", name):
        # "Ban Chỉ đạo phòng, chống tội phạm tỉnh" + Quảng Ngãi
        return f"{name} {prov.name}"
    if P.RE_NAMED_LOCALITY.search(name) or P.RE_LOCALITY_WORD.search(name + " "):
        return name
    return f"{name} {prov.level} {prov.name}"


def _lacks_locality(name: str) -> bool:
    """A local body written without its place ("UBND", "Công an tỉnh")."""
    if _is_central(name) or province_regex().search(name) or P.RE_NAMED_LOCALITY.search(name):
        return False
    iss = issuer_by_name(name)
    return iss is not None and iss.level == "local" or bool(re.search(r"\b(?:tỉnh|huyện)$", name))


def _locality(parent: str) -> str | None:
    m = re.search(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+.+$", parent)
    return m.group(0) if m else None


def _with_locality(display: str, iss: Issuer, prov_name: str | None, level_word: str) -> str:
    if iss.level == "central" or not prov_name:
        return display
    if P.RE_LOCALITY_WORD.search(display + " "):
        # "Công an tỉnh" already says its level
        return f"{display} {prov_name}"
    return f"{display} {level_word} {prov_name}"


def type_from_symbol(symbol: str) -> DocType | None:
    """The type a symbol's code names: `2013/NĐ-CP` -> Nghị định; `UBND-NC` -> None."""
    for tok in re.split(r"[/\-()\s]+", symbol):
        if not tok or tok.isdigit():
            continue
        return doc_type_by_code(tok)
    return None


def issuer_from_symbol(symbol: str) -> Issuer | None:
    """The issuing body a symbol names after its type code: `KH-BCĐ` -> Ban Chỉ đạo."""
    toks = [t for t in re.split(r"[/\-()\s]+", symbol) if t and not t.isdigit()]
    if toks and doc_type_by_code(toks[0]) is not None:
        toks = toks[1:]
    for t in toks:
        base = re.sub(r"\d+$", "", t)
        iss = issuer_by_code(base)
        if iss is not None:
            return iss
    return None


def _abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a text defines: `an ninh Tổ quốc (ANTQ)` -> {"ANTQ": "an ninh Tổ quốc"}."""
    out: dict[str, str] = {}
    for m in P.RE_ABBREV_DEF.finditer(text):
        abbr = m.group("abbr")
        letters = [c for c in abbr if c.isalpha()]
        before = text[max(0, m.start() - 120) : m.start()].split()
        # take as many words before as the abbreviation has letters (initials must agree)
        n = len(letters)
        if n < 2 or len(before) < n:
            continue
        words = before[-n:]
        if all(
            w[:1].upper() == letters[i].upper() or (letters[i] == "Đ" and w[:1] in "đĐ")
            for i, w in enumerate(words)
        ):
            out.setdefault(abbr, " ".join(words))
    return out


def _long_name_in_body(iss: Issuer, body: str, abbrevs: dict[str, str]) -> tuple[str, bool] | None:
    """The body's full name as its own text spells it, where it defines a short form:
    `Ban Chỉ đạo phòng, chống ... bảo vệ ANTQ (Ban Chỉ đạo) tỉnh` -> the long name."""
    # the description may hold abbreviation definitions of its own: "an ninh Tổ quốc (ANTQ)"
    rx = re.compile(
        re.escape(iss.name)
        + rf"(?P<desc>(?:[^().;:]|\([{P.UP}]{{2,10}}\)){{0,240}}?)\s*\((?![{P.UP}]{{2,10}}\))(?P<short>[^)]{{2,40}})\)\s*(?P<loc>tỉnh|thành phố|huyện)?",  # noqa: E501
        re.IGNORECASE,
    )
    for m in rx.finditer(body):
        short = m.group("short")
        if fold(short) != fold(iss.name) and not fold(iss.name).startswith(fold(short)):
            continue
        desc = re.sub(rf"\s*\([{P.UP}]{{2,10}}\)", "", m.group("desc"))
        for abbr, full in abbrevs.items():
            desc = re.sub(rf"(?<!\w){re.escape(abbr)}(?!\w)", full, desc)
        name = " ".join((iss.name + desc).split())
        return name, bool(m.group("loc"))
    return None


def _most_frequent_province(body: str):
    c = Counter()
    for m in province_regex().finditer(body):
        p = province_by_text(m.group(0))
        if p is not None:
            c[p.name] += 1
    if not c:
        return None
    return province_by_text(c.most_common(1)[0][0])


def _named_self_action(body: str) -> str | None:
    """The first body named with its place that acts in the opening of the text."""
    for m in P.RE_NAMED_BODY_ACTION.finditer(body[:_OPENING_CHARS]):
        org = " ".join(m.group("org").split())
        # keep the body's name from its head word on ("..., Công an thị xã Điện Bàn")
        words = org.split()
        for k in range(len(words)):
            if _starts_org(" ".join(words[k:])):
                return " ".join(words[k:])
    return None


_OPENING_CHARS = 1500  # where a headerless text says who is speaking


def _attachment_title(line: str) -> DocType | None:
    """`Phụ lục`, `Phụ lục II`, `Danh sách 2` alone on a line, in any case."""
    low = fold(line)
    for t in doc_types_all():
        if t.kind != "attachment":
            continue
        for form in (t.name, *t.aliases):
            if re.fullmatch(rf"{re.escape(fold(form))}(?:\s+(?:[ivxlc]+|\d{{1,2}}|[a-z]))?", low):
                return t
    return None


def _sentence_type(line: str) -> DocType | None:
    """The type a title opens with in sentence or title case, followed by more words."""
    low = fold(line)
    for t in sorted(doc_types_all(), key=lambda t: -len(t.name)):
        for form in (t.name, *t.aliases):
            f = fold(form)
            if low.startswith(f + " ") and len(low) > len(f) + 10 and t.kind != "copy":
                return t
            if t.kind == "attachment" and re.fullmatch(rf"{re.escape(f)}(?:\s+\S{{1,5}})?", low):
                return t  # "Phụ lục", "Phụ lục II" over its "(Kèm theo ...)" line
    return None


def _self_named_body(body: str) -> tuple[Issuer, int] | None:
    scores: Counter[str] = Counter()
    local = [i for i in issuers() if i.level == "local"]
    for i in local:
        for form in {i.name, i.display, *i.aliases}:
            hits = list(re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", body))
            scores[i.code] += len(hits)
            # "Công an tỉnh Kon Tum thông báo ...": the body speaks for itself
            for h in hits:
                if P.RE_SELF_ACTION.match(body, h.end()):
                    scores[i.code] += 3
    for m in P.RE_SELF_REF.finditer(body):
        org = m.group("org")
        for i in local:
            if fold(org).startswith(fold(i.name)) or fold(org).startswith(fold(i.display)):
                scores[i.code] += 10
    if not scores:
        return None
    code, n = scores.most_common(1)[0]
    if n < 2:
        return None
    iss = issuer_by_code(code)
    return (iss, n) if iss else None
