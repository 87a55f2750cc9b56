"""Type line, trích yếu (subject), web titles and addressees (Kính gửi) of the header."""

from __future__ import annotations

import logging
import re

from .. import patterns as P
from ..reference import title_canonical
from ..segment import (
    Line,
    is_caps,
    is_furniture,
)
from .issuer import _sentence_type, type_from_symbol
from .model import _SUBJECT_MAX_CHARS, _SUBJECT_MAX_LINES

log = logging.getLogger(__name__)


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
    from ..reference import _is_abbrev  # shared rule for codes kept in capitals

    toks = re.split(r"(\s+)", text)
    out = []
    for t in toks:
        out.append(t if (t.isspace() or _is_abbrev(t)) else t.lower())
    s = "".join(out)
    s = re.sub(r"([“\"‘])(\w)", lambda m: m.group(1) + m.group(2).upper(), s)
    return s[:1].upper() + s[1:]


# The line naming who decides, under a decision's trích yếu: "ỦY BAN NHÂN DÂN TỈNH BÌNH
# ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...", "BỘ TRƯỞNG BỘ ...", "HỘI ĐỒNG NHÂN DÂN ...".
_RE_DECIDER = re.compile(
    r"^(?:CHỦ TỊCH\s+)?(?:ỦY|UỶ) BAN NHÂN DÂN\b|^HỘI ĐỒNG NHÂN DÂN\b"
    r"|^BỘ TRƯỞNG\b|^THỦ TƯỚNG\b|^GIÁM ĐỐC\b|^TỔNG CỤC TRƯỞNG\b"
)


def _clean_item(text: str) -> str:
    s = P.RE_LIST_ITEM.sub("", text.strip())
    return s.strip().rstrip(";.,").strip()


class SubjectMixin:
    """Methods of the header reader (:class:`extractors.header.reader.HeaderReader`)."""

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
        return max(last, self._caps_under_number(last))

    def _caps_under_number(self, last: int) -> int:
        """A page that lost the type line: the trích yếu in capitals stands right under the
        number/place-date row and over the decision's opening ("Số: 57/2020/QĐ-UBND | ..." /
        "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ..." / "ỦY BAN NHÂN DÂN TỈNH ..." / "Căn cứ ...").
        Only when the symbol names a type (the type then comes from its code), so a letter's
        unrelated capitals are never taken; the block must end on the opening or on the
        line naming who decides."""
        sym = self.res.fields.get("symbol")
        if last < 0 or sym is None or not sym.value or type_from_symbol(str(sym.value)) is None:
            return last
        parts: list[tuple[int, int]] = []
        closed = False
        for ln in self.lines[last + 1 : last + 1 + _SUBJECT_MAX_LINES * 2]:
            s = ln.stripped.strip(" |*")
            if ln.blank or not s or is_furniture(s) or P.RE_RULE_LINE.match(s):
                continue
            if P.RE_BODY_OPENER.match(s) or P.RE_KINH_GUI.match(s):
                closed = bool(parts)
                break
            if not is_caps(s) or P.RE_NUMBER_LINE.match(s) or P.RE_PLACE_DATE.search(s):
                break
            if any(rx.fullmatch(s) for rx in P.MOTTOS):
                break
            if _RE_DECIDER.match(s) or title_canonical(s):
                closed = bool(parts)
                break
            a = ln.start + ln.text.find(s)
            parts.append((a, a + len(s)))
            if len(parts) > _SUBJECT_MAX_LINES:
                return last
        if not closed or sum(c.isalpha() for a, b in parts for c in self.text[a:b]) < 15:
            return last
        subject = sentence_case(_join_subject([self.text[a:b] for a, b in parts]))
        self.put(
            "subject",
            subject,
            parts[0][0],
            parts[-1][1],
            rule="caps_under_number",
            confidence=0.75,
        )
        return self._line_of(parts[-1][0])

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
            if (
                P.RE_BODY_OPENER.match(s)
                and (parts or not _subject_like_opener(s))
                and not (not parts and not vv and self._opener_is_trich_yeu(ln))
            ):
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

    def _opener_is_trich_yeu(self, ln: Line) -> bool:
        """A trích yếu in sentence case that begins like an opening: "KẾ HOẠCH" / "Triển
        khai thực hiện Chỉ thị số 04/CT-TTg ngày ... về ..." (the plan's subject, not its
        first sentence). It names what the document implements, ends without the ":", ";"
        or "./." of an opening sentence, has no main clause of its own (", Ủy ban nhân dân
        tỉnh ban hành ... như sau"), and the body's opening or first section follows it."""
        s = ln.stripped
        if not P.RE_SUBJECT_OPENERS_OK.match(s) or len(s) > 400:
            return False
        if s.rstrip().endswith((":", ";", "./.", ",")) or P.RE_TRICH_YEU_NOT.search(s):
            return False
        nxt = next((x for x in self.lines[ln.index + 1 : ln.index + 4] if not x.blank), None)
        if nxt is None:
            return False
        return bool(P.RE_BODY_OPENER.match(nxt.stripped) or P.RE_SECTION_START.match(nxt.stripped))

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
