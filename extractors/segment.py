"""Split one file's cleaned text into its documents.

A file often holds several documents: a report, then its minutes (BIÊN BẢN) and the
score sheet attached to them; a plan, then the outline attached to it (ĐỀ CƯƠNG BÁO CÁO
(kèm theo Kế hoạch số ...)); a decision, then its list (DANH SÁCH ... (Kèm theo Quyết định
số ...)). A new document starts only after the current one has closed (end mark `./.`,
`Nơi nhận:`, a signature block) and only on a type title in capitals that shows it opens a
document: a header just above it (place-date, number, motto), a `(kèm theo ...)` line just
under it, or an attachment type with a body of its own. A heading (`I. CÔNG TÁC ...`), a
gazette running header, or a type word inside a sentence never splits.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from . import patterns as P
from .reference import DocType, doc_types, fold, rank_keys, title_canonical, titles

log = logging.getLogger(__name__)


class Line(NamedTuple):
    """One line of a text. A named tuple, not a dataclass: every text is cut into its lines
    several times, and a frozen dataclass took four times as long to build."""

    index: int
    start: int  # offset of the first character in the text the lines were cut from
    end: int  # offset just after the last character (before the newline)
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip(" \t|")

    @property
    def blank(self) -> bool:
        return not self.text.strip(" \t|") or self.text.strip() == "\f"


def split_lines(text: str, offset: int = 0, limit: int | None = None) -> list[Line]:
    """The lines of ``text`` (offsets plus ``offset``); only the first ``limit`` if given."""
    out = []
    pos = offset
    raws = text.split("\n") if limit is None else text.split("\n", limit)[:limit]
    for i, raw in enumerate(raws):
        end = pos + len(raw)
        out.append(_new_line(Line, (i, pos, end, raw)))  # Line(i, pos, end, raw), built faster
        pos = end + 1
    return out


_new_line = tuple.__new__


@dataclass(frozen=True, slots=True)
class Segment:
    start: int  # offsets into the file's cleaned text
    end: int
    parent_index: int | None  # index (0-based) of the segment it is attached to
    rule: str


# --- line classes --------------------------------------------------------------------------


def is_furniture(line: str) -> bool:
    """Gazette running header, its page number, its e-signature block, a section title."""
    s = line.strip(" \t|")
    return s == "\f" or _FURNITURE.match(s) is not None


def _scoped(rx: re.Pattern[str]) -> str:
    """``rx`` as a group that keeps its own case and line flags, to join with others."""
    flags = ("i" if rx.flags & re.IGNORECASE else "") + ("m" if rx.flags & re.MULTILINE else "")
    return f"(?{flags}:{rx.pattern})" if flags else f"(?:{rx.pattern})"


# The three furniture patterns as one alternation: asked of every line, one match instead
# of three (at the line's start an alternation tries each in turn, as the `or` did).
_FURNITURE = re.compile(
    "|".join(_scoped(rx) for rx in (P.RE_GAZETTE_HEADER, P.RE_GAZETTE_ESIGN, P.RE_GAZETTE_SECTION))
)


def _letters(text: str) -> tuple[int, int]:
    """(letters, capital letters); builtins over the string, not a Python loop per
    character (an enormous line is asked this several times)."""
    n = sum(map(str.isalpha, text))
    return n, (sum(map(str.isupper, filter(str.isalpha, text))) if n else 0)


def caps_ratio(text: str) -> float:
    n, up = _letters(text)
    return up / n if n else 0.0


def is_caps(text: str, threshold: float = 0.85) -> bool:
    n, up = _letters(text)
    return n >= 2 and up / n >= threshold


@cache
def _type_title_regex() -> re.Pattern[str]:
    forms: dict[str, DocType] = {}
    for t in doc_types():
        for f in (t.name, *t.aliases):
            forms[f.upper()] = t
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(rf"^\s*(?:\d+\.\s*)?(?P<type>{body})(?![{P.UP}{P.LO}])")


def match_type_title(text: str) -> tuple[DocType, int] | None:
    """The type a title line opens with, in capitals (`BIÊN BẢN`, `THÔNG BÁO Kết quả ...`).

    Returns the type and the offset (in ``text``) just after the type words.
    """
    m = _type_title_regex().match(text)
    if not m:
        return None
    word = m.group("type")
    key = " ".join(word.split())
    for t in doc_types():
        if key in (t.name.upper(), *(a.upper() for a in t.aliases)):
            return t, m.end("type")
    return None


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def strip_tones(text: str) -> str:
    """Tone marks off, vowel shapes kept (Ỉ -> I, Ế -> Ê): OCR confuses tones first."""
    import unicodedata

    d = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))


@cache
def _toneless_types() -> tuple[tuple[str, DocType], ...]:
    forms = []
    for t in doc_types():
        for f in (t.name, *t.aliases):
            forms.append((strip_tones(f.upper()), t))
    return tuple(sorted(forms, key=lambda x: -len(x[0])))


def match_type_title_fuzzy(text: str) -> tuple[DocType, int] | None:
    """Like :func:`match_type_title`, tone marks aside (`CHÍ THỊ` read for `CHỈ THỊ`)."""
    exact = match_type_title(text)
    if exact is not None:
        return exact
    bare = strip_tones(text.lstrip())
    lead = len(text) - len(text.lstrip())
    for form, t in _toneless_types():
        if bare.startswith(form) and (len(bare) == len(form) or not bare[len(form)].isalpha()):
            return t, lead + len(form)
    return _approximate_type(text)


_APPROX_MIN = 85.0  # rapidfuzz ratio of a damaged type line to the type's name


def _approximate_type(text: str) -> tuple[DocType, int] | None:
    """A type line a seal or a stroke damaged ("BIÊN BẢẤ— `" for BIÊN BẢN): the line's
    first words close to a type name of two words or more (one-word names are too short)."""
    from rapidfuzz import fuzz

    core = text.strip()
    lead = len(text) - len(text.lstrip())
    best = None
    for form, t in _toneless_types():
        if " " not in form:
            continue
        head = strip_tones(core[: len(form)])
        score = fuzz.ratio(head, form)
        rest = core[len(form) :].strip(" —–-`'\".,")
        if (
            score >= _APPROX_MIN
            and (not rest or not any(c.isalpha() for c in rest[:1]))
            and (best is None or score > best[0])
        ):
            best = (score, t, lead + len(form))
    return (best[1], best[2]) if best else None


_LIST_SEMICOLON = re.compile(r";\s*\S")


def is_title_line(line: str) -> bool:
    """A signer's title in capitals (`CHÁNH VĂN PHÒNG`, `KT. CHỦ TỊCH`) or a known title."""
    s = line.strip(" \t|")
    if P.authority_match(s):
        return True
    if _LIST_SEMICOLON.search(s):
        return False  # "Trưởng Ban Dân tộc tỉnh; Thủ trưởng ...": the executors' list
    return bool(title_canonical(s)) and len(s) < 80


def is_person_name(line: str) -> bool:
    """A signer's name: 2–6 capitalised words, the first a family name (after a rank)."""
    s = line.strip(" \t|.,;'`\"‘’")
    key = fold(s)
    for r, _, rank_key in rank_keys():
        if key.startswith(rank_key):
            s = s[len(r) :].strip()
            break
    words = s.split()
    if not 2 <= len(words) <= 6 or any(map(str.isdigit, s)) or any(c in s for c in ":/()[]"):
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    # every syllable of a Vietnamese name has a vowel ("Mã Hs" is a table header)
    if not all(any(c in _VOWELS for c in w.lower()) for w in words):
        return False
    if title_canonical(s) is not None or P.authority_match(s):
        return False
    if is_caps(s) and words[0].title() not in titles().surnames:
        return False
    return words[0] in titles().surnames or words[0].title() in titles().surnames


_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def is_header_line(line: str) -> bool:
    """A line that belongs above a type title: place-date, number, motto, rule, stamp."""
    s = line.strip(" \t|")
    if not s or P.RE_RULE_LINE.match(s):
        return True
    if P.RE_PLACE_DATE.search(s) or P.RE_DATE_ONLY_LINE.match(s) or P.RE_NUMBER_LINE.match(s):
        return True
    if any(rx.search(s) for rx in P.MOTTOS):
        return True
    if P.RE_ARRIVAL_WORD.search(s) or P.RE_ARRIVAL_OTHER.match(s):
        return True
    if P.RE_SECRECY.fullmatch(s) or P.RE_URGENCY.fullmatch(s):
        return True
    return is_caps(s) and not is_title_line(s) and len(s) < 90


def _strong_header_line(line: str) -> bool:
    s = line.strip(" \t|")
    return bool(
        P.RE_PLACE_DATE.search(s)
        or P.RE_NUMBER_LINE.match(s)
        or any(rx.search(s) for rx in P.MOTTOS)
    )


# --- segmentation --------------------------------------------------------------------------

_LOOKAHEAD_ATTACHED = 8  # lines under a title where "(kèm theo ...)" may stand
_MIN_ATTACHMENT_BODY = 300  # characters of body an attachment without a header must have


def _body_chars_after(lines: list[Line], i: int, limit: int = 2000) -> int:
    n = 0
    for ln in lines[i + 1 :]:
        s = ln.stripped
        if P.is_web_furniture(s):
            break
        if match_type_title(s) and n > 0 and is_caps(s[:20]):
            break
        n += len(s)
        if n >= limit:
            break
    return n


def _closes(line: str, prev_title: bool) -> bool:
    s = line.strip(" \t|")
    if P.has_end_mark(s) or P.is_noi_nhan(s):
        return True
    am = P.authority_match(s)
    if am and is_caps(am.group("rest") or ""):
        return True
    return prev_title and is_person_name(s)


def segment(text: str) -> list[Segment]:
    """The documents in ``text`` (a file's cleaned text), in order."""
    lines = split_lines(text)
    starts: list[tuple[int, str]] = [(0, "file_start")]
    closed = False
    furniture = False
    prev_title = False
    last_close_line = -1
    cur_start_line = 0
    in_appendix = False  # appendices run on to the end: forms inside them are not documents
    for i, ln in enumerate(lines):
        s = ln.stripped
        if ln.blank or is_furniture(s) or P.RE_PAGE_NUMBER.match(s):
            continue
        if P.is_web_furniture(s):
            furniture = True
            continue
        if in_appendix and i > cur_start_line and _next_appendix(lines, i):
            # signed or not, the next appendix of the same document starts here
            starts.append((ln.start, "next_appendix"))
            cur_start_line = i
            closed = False
            prev_title = False
            continue
        if closed and not furniture and i > cur_start_line:
            rule = _new_document_rule(lines, i, last_close_line, in_appendix)
            if rule:
                first = _extend_back(lines, i, last_close_line)
                starts.append((lines[first].start, rule))
                cur_start_line = first
                mt = match_type_title(s) or _title_case_attachment(lines, i)
                in_appendix = (
                    mt is not None and mt[0].kind == "attachment" and mt[0].name == "Phụ lục"
                )
                closed = False
                prev_title = False
                continue
        if _closes(s, prev_title):
            closed = True
            last_close_line = i
        prev_title = is_title_line(s)
    segs = []
    for k, (st, rule) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        segs.append(Segment(st, end, None, rule))
    if len(segs) > 1 and segs[1].rule in _STRONG_STARTS and _is_fragment(text[: segs[1].start]):
        # the tail of a document that began before this file (a gazette issue cut at a page)
        log.info("segment: a headerless fragment before the first document is not filed")
        segs = [Segment(segs[1].start, segs[1].end, None, "file_start_after_fragment"), *segs[2:]]
    return _link_parents(text, segs)


_STRONG_STARTS = {"title_after_header", "motto_after_close"}


def _is_fragment(text: str) -> bool:
    """No header of its own (number, motto, place-date, type title, V/v) in its first lines,
    but a close: the end of a document whose start is not in the file."""
    lines = [ln for ln in split_lines(text) if not ln.blank and not is_furniture(ln.stripped)]
    for ln in lines[:15]:
        s = ln.stripped
        if P.RE_NUMBER_LINE.match(s) or P.RE_PLACE_DATE.search(s) or P.RE_VV.match(s):
            return False
        if any(rx.search(s) for rx in P.MOTTOS):
            return False
        mt = match_type_title(s)
        if mt and is_caps(s[: mt[1]]):
            return False
    return any(_closes(ln.stripped, False) for ln in lines)


# What may follow an attachment's title word on its line: "II", "2", "A".
_TITLE_NUMBER = re.compile(r"(?:\s+(?:[IVXLC]+|\d+|[A-Z]))?\s*$")


def _title_case_attachment(lines: list[Line], i: int) -> tuple[DocType, int] | None:
    """`Phụ lục` / `Phụ lục II` in title case, right above its `(Kèm theo ...)` line (gazette)."""
    s = lines[i].stripped
    if len(s) > 30:
        return None
    for t in doc_types():
        if t.kind != "attachment":
            continue
        if not (s.startswith(t.name) and _TITLE_NUMBER.match(s, len(t.name))):
            continue
        return (t, len(t.name)) if _attached_line_below(lines, i) else None
    return None


def _attached_line_below(lines: list[Line], i: int) -> bool:
    """A `(Kèm theo ...)` line under the title at ``i``, past at most three lines of a
    capitals title between them (`Phụ lục I` / `MỨC THU HỌC PHÍ ...` / `(Kèm theo ...)`)."""
    seen = 0
    for ln in lines[i + 1 : i + 10]:
        if ln.blank:
            continue
        s = ln.stripped
        if P.RE_ATTACHED_LINE.match(s):
            return True
        seen += 1
        # a capitals title wrapped before its years ("... NĂM HỌC" / "2023 - 2024") has
        # a line without letters, which is still the title's
        if seen > 3 or not (is_caps(s) or not any(c.isalpha() for c in s)):
            return False
    return False


def _next_appendix(lines: list[Line], i: int) -> bool:
    """Inside an appendix, the title of the next one (`Phụ lục II` with its own
    `(Kèm theo ...)` line): appendices follow one another without a signature between."""
    s = lines[i].stripped
    mt = match_type_title(s) or _title_case_attachment(lines, i)
    return (
        mt is not None
        and mt[0].kind == "attachment"
        and len(s) <= 30
        and _attached_line_below(lines, i)
    )


def _is_template(lines: list[Line], first: int, i: int) -> bool:
    """A blank form (an appendix's model document): placeholders in its header or title."""
    for ln in lines[first : i + 1]:
        s = ln.stripped
        if P.RE_ARRIVAL_WORD.search(s):
            continue
        if P.RE_TEMPLATE.search(s):
            return True
    return False


def _real_header(lines: list[Line], first: int, i: int) -> bool:
    """A filled-in header: a number with digits or a complete printed year above the title."""
    for ln in lines[first:i]:
        s = ln.stripped
        m = P.RE_NUMBER_LINE.match(s)
        if m and re.match(r"\s*\d", m.group("value") or ""):
            return True
        if P.RE_PLACE_DATE.search(s) and re.search(r"(?:19|20)\d\d", s):
            return True
    return False


def _new_document_rule(
    lines: list[Line], i: int, last_close: int, in_appendix: bool = False
) -> str | None:
    s = lines[i].stripped
    mt = match_type_title(s)
    if mt is None:
        mt = _title_case_attachment(lines, i)
    if mt is None and is_caps(s) and len(s) < 40 and _after_place_date(lines, i, last_close):
        mt = match_type_title_fuzzy(s)  # a damaged type line right under its place-date
    if mt is not None:
        dtype, end = mt
        head = s[:end]
        first = _extend_back(lines, i, last_close)  # (only here and below: it reads back)
        if (not is_caps(head) and dtype.kind != "attachment") or _is_template(lines, first, i):
            return None
        if in_appendix:
            return "title_after_header" if _real_header(lines, first, i) else None
        # a header just above the title
        j = i - 1
        while j > last_close and (lines[j].blank or is_furniture(lines[j].stripped)):
            j -= 1
        if j > last_close and _strong_header_line(lines[j].stripped):
            return "title_after_header"
        for ln in lines[i + 1 : i + 1 + _LOOKAHEAD_ATTACHED]:
            if P.RE_ATTACHED_LINE.match(ln.stripped):
                return "title_with_attached_line"
        if dtype.kind == "attachment" and _body_chars_after(lines, i) >= _MIN_ATTACHMENT_BODY:
            return "attachment_title"
        return None
    # a full header (motto) after a closed document: a second letter in the same file
    if len(s) < 80 and (P.RE_MOTTO_1.search(s) or P.RE_MOTTO_PARTY.search(s)) and not in_appendix:
        first = _extend_back(lines, i, last_close)
        window = lines[i + 1 : i + 14]
        if any(
            P.RE_TEMPLATE.search(ln.stripped) and not P.RE_ARRIVAL_WORD.search(ln.stripped)
            for ln in window
        ) or _is_template(lines, first, i):
            return None
        for ln in window:
            t = ln.stripped
            if (match_type_title(t) and is_caps(t[:12])) or P.RE_VV.match(t):
                return "motto_after_close"
    return None


def _after_place_date(lines: list[Line], i: int, last_close: int) -> bool:
    j = i - 1
    while j > last_close and (lines[j].blank or is_furniture(lines[j].stripped)):
        j -= 1
    return j > last_close and bool(P.RE_PLACE_DATE.search(lines[j].stripped))


def _extend_back(lines: list[Line], i: int, last_close: int) -> int:
    first = i
    j = i - 1
    while j > last_close:
        s = lines[j].stripped
        if lines[j].blank or is_furniture(s):
            j -= 1
            continue
        if is_header_line(s) and not is_person_name(s):
            first = j
            j -= 1
            continue
        break
    return first


def _link_parents(text: str, segs: list[Segment]) -> list[Segment]:
    """An attachment points at the document it is attached to (the nearest earlier one of
    the type its `(kèm theo <type> ...)` line names, else the nearest earlier main document)."""
    out: list[Segment] = []
    kinds: list[tuple[DocType | None, bool]] = []
    for k, sg in enumerate(segs):
        lines = split_lines(text[sg.start : sg.end], limit=20)
        dtype = None
        attached_type = None
        for ln in lines:
            mt = match_type_title(ln.stripped)
            if mt and dtype is None and is_caps(ln.stripped[: mt[1]]):
                dtype = mt[0]
            m = (
                P.RE_ATTACHED_TYPE.search(ln.stripped)
                if P.RE_ATTACHED_LINE.match(ln.stripped)
                else None
            )
            if m and attached_type is None:
                named = fold(m.group("type"))
                attached_type = next(
                    (
                        t.name
                        for t in sorted(doc_types(), key=lambda t: -len(t.name))
                        if named.startswith(fold(t.name))
                    ),
                    m.group("type"),
                )
        is_attachment = k > 0 and (
            attached_type is not None or (dtype is not None and dtype.kind == "attachment")
        )
        parent = None
        if is_attachment:
            for j in range(k - 1, -1, -1):
                pt, p_att = kinds[j]
                if (
                    attached_type
                    and pt is not None
                    and fold(attached_type).startswith(fold(pt.name))
                ):
                    parent = j
                    break
            if parent is None:
                for j in range(k - 1, -1, -1):
                    if not kinds[j][1]:
                        parent = j
                        break
        kinds.append((dtype, is_attachment))
        out.append(Segment(sg.start, sg.end, parent, sg.rule))
    return out
