"""Every numbered document a document cites, and how it relates to it.

One :class:`~schemas.records.Citation` per mention, in text order, with offsets into
``doc.text`` (``doc.text[c.char_start:c.char_end] == c.mention``) and the rule that
found it. Short forms (``Chỉ thị số 07``, ``Quyết định 1395``, ``(viết tắt là Công văn
số 566/UBND-NC)``) point at the full mention they abbreviate through ``antecedent``
(an index into the returned list), as eyecite resolves short citations, and take
the values the short form leaves out (symbol, date, issuer) from it.

Relations (strongest first): ``answers`` (the first document named after
``Thực hiện`` / ``Triển khai`` / ``Theo`` at the start of an opening paragraph, or after
a purpose clause in the opening paragraph (``Để ..., thực hiện Chỉ thị số 22 ...``), and
the documents coordinated with it as objects of the same verb (``Thực hiện A ...; B
...``), but not those named inside their descriptions; or in a ``V/v ... thực hiện ...``
subject), ``based_on`` (a ``Căn cứ`` phrase, up to the main clause that follows it),
``attached_to`` (``(kèm theo Kế hoạch số ...)`` in an attachment's title area),
``repeals`` (``hết hiệu lực``, ``bãi bỏ``, ``thay thế``), ``amends``
(``sửa đổi, bổ sung ...``), else ``cites``.

A reference printed without a type word is read by its symbol's type code
(``theo 23/2012/TT-BCA-V28``, ``tại 1395/QĐ-UBND``, ``09-CT/TW``: rule
``coded_symbol_ref``). A short form with no full mention in its document (``theo Thông
tư 124``) is kept, number only, when it reads as a document number (rule
``type_number_short+no_antecedent``); resolution completes it.

Not citations: the ``Nơi nhận`` block, the arrival stamp, the document's own ``Số:``
line, gazette running headers, unnumbered mentions, bare numbers (``24/24``,
``96/100``, ``quý I/2018``).

Public API::

    extract_citations(doc: DocumentRecord) -> list[Citation]
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from extractors import citation_patterns as P
from extractors.dates import PartialDate, find_dates
from schemas.records import Citation, DocumentRecord

log = logging.getLogger(__name__)

__all__ = ["extract_citations"]

# How far back an attachment cue / alias cue may sit before the mention.
_CUE_WINDOW = 60
# A date must start this close after the reference ("…/UBND-NC, ngày 04/02/2021").
_DATE_WINDOW = 60
# Without header spans, the title area / opening is looked for in this many characters.
_TOP = 1500

# In a V/v subject, the words that make it an answer ("V/v tiếp tục triển khai thực hiện ...")
_VV_ANSWER_WORDS = ["thực hiện", "triển khai", "thi hành", "hưởng ứng", "phúc đáp", "trả lời"]
_ANSWER_WORDS = re.compile(rf"(?i)(?<!\w){P.fuzzy_alternation(_VV_ANSWER_WORDS)}(?!\w)")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    type_written: str | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    date: PartialDate | None
    issuer: str | None
    rule: str
    bare: bool = False  # "Quyết định 1395": no "số", no symbol
    alone_ok: bool = False  # a bare short form that stands without a full mention
    alone_issuer: str | None = None  # "Nghị định 06 của Chính phủ": used when it stands alone
    alias: bool = False  # "(sau đây gọi tắt là Chỉ thị số 07)"
    tail: int = 0  # end of the reference with its date and issuer (for list continuation)
    relation: str = "cites"
    antecedent: int | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    """Where things are in the citing document (header spans or our own detection)."""

    excluded: tuple[tuple[int, int], ...]
    own_ref: tuple[str | None, str | None] | None  # the document's own (number, symbol)
    body_start: int
    opening_end: int
    title_end: int
    subject: tuple[int, int] | None


# --- public --------------------------------------------------------------------------


def extract_citations(doc: DocumentRecord) -> list[Citation]:
    """Every mention of a numbered document in ``doc.text``, in text order.

    Args:
        doc: the citing document; its header spans in ``doc.fields`` (``body_start``,
            ``subject``, ``distribution_block``, ``own_number_line``) and
            ``doc.arrival`` are used when present.

    Returns:
        One Citation per mention; ``antecedent`` links short forms to full mentions.
    """
    text = doc.text or ""
    if not text.strip():
        return []
    ctx = _context(doc, text)
    mentions = _find_mentions(text, ctx)
    mentions = _resolve_short_forms(mentions)
    _assign_relations(mentions, text, ctx)
    own_date = _own_date(doc)
    out = []
    for m in mentions:
        d = m.date
        rule = m.rule
        if d is not None and own_date and _later(d.iso, own_date):
            # A document cites only what exists: a cited date after the citing one is
            # an OCR misreading ("2028" for "2023"); unknown beats wrong.
            d, rule = None, f"{rule}+date_after_own_dropped"
        year = d.year if d and d.year else _year_from_symbol(m.symbol)
        if d is None and year and own_date and _later(str(year), own_date):
            year, rule = None, f"{rule}+year_after_own_dropped"
        out.append(
            Citation(
                mention=text[m.start : m.end],
                char_start=m.start,
                char_end=m.end,
                doc_type=m.doc_type,
                number=m.number,
                symbol=m.symbol,
                cited_date=d.iso if d else None,
                cited_year=year,
                cited_month=d.month if d else None,
                cited_issuer=m.issuer,
                relation=m.relation,
                rule=rule,
                antecedent=m.antecedent,
            )
        )
    return out


def _own_date(doc: DocumentRecord) -> str | None:
    """The citing document's own date (ISO, possibly partial), when the header read it."""
    f = doc.fields.get("issued_date") if doc.fields else None
    v = f.value if f is not None else None
    return v if isinstance(v, str) and re.fullmatch(r"(?:19|20)\d{2}(?:-\d{2}){0,2}", v) else None


def _later(cited: str | None, own: str) -> bool:
    """``cited`` is surely after ``own``: compared on the precision both have."""
    if not cited:
        return False
    n = min(len(cited), len(own))
    return cited[:n] > own[:n]


# --- context -------------------------------------------------------------------------


def _span(doc: DocumentRecord, name: str) -> tuple[int, int] | None:
    f = doc.fields.get(name) if doc.fields else None
    if f is None or f.start is None or f.end is None:
        return None
    return f.start, f.end


def _context(doc: DocumentRecord, text: str) -> _Context:
    excluded: list[tuple[int, int]] = []
    own = _span(doc, "own_number_line")
    if own is None:
        for m in P.RE_OWN_NUMBER.finditer(text, 0, min(len(text), _TOP)):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not re.search(r"Đ[ẾE]N\b|Ngày\s*:", text[line_start : m.end()]):
                own = (m.start(), m.end())
                break
    if own:
        excluded.append(own)
    if doc.arrival is not None and doc.arrival.start is not None and doc.arrival.end is not None:
        excluded.append((doc.arrival.start, doc.arrival.end))
    else:
        m = P.RE_ARRIVAL.search(text, 0, min(len(text), _TOP))
        if m:
            excluded.append((m.start(), m.end()))
    dist = _span(doc, "distribution_block")
    if dist is None:
        dist = find_distribution(text)
    if dist:
        excluded.append(dist)
    excluded.extend((m.start(), m.end()) for m in P.RE_GAZETTE_HEADER.finditer(text))

    bs = _span(doc, "body_start")
    body_start = bs[0] if bs else _guess_body_start(text)
    h = P.RE_SECTION_HEADING.search(text, body_start)
    opening_end = h.start() if h else min(len(text), body_start + _TOP)
    title_end = body_start if bs and bs[0] > 0 else min(opening_end, _TOP)
    subject = _span(doc, "subject") or _find_vv(text)
    # an attachment's header may carry its parent's number: that is no self-reference
    own_ref = None if doc.parent_ordinal is not None else _own_ref(doc, text, own)
    return _Context(tuple(excluded), own_ref, body_start, opening_end, title_end, subject)


def _own_ref(
    doc: DocumentRecord, text: str, own: tuple[int, int] | None
) -> tuple[str | None, str | None] | None:
    number, symbol = doc.value("number"), doc.value("symbol")
    if number or symbol:
        return (
            str(number) if number else None,
            P.normalize_symbol(str(symbol)) if symbol else None,
        )
    if own is None:
        return None
    m = re.search(r"(?i:s[ốôo])\s*[:.]?\s*", text[own[0] : own[1]])
    ref = P.RE_REF.match(text, own[0] + m.end()) if m else None  # "Số: 04/CT-UBND"
    if ref is None or not (ref.group("symbol") or ref.group("symbol2")):
        return None
    return ref.group("number"), P.normalize_symbol(ref.group("symbol") or ref.group("symbol2"))


def find_distribution(text: str) -> tuple[int, int] | None:
    """``Nơi nhận:`` then its list lines (blank lines allowed) up to the first other line."""
    m = P.RE_DISTRIBUTION_START.search(text)
    if not m:
        return None
    end = m.end()
    pos = text.find("\n", m.end())
    rest_of_line = text[m.end() : pos if pos >= 0 else len(text)]
    end = m.end() + len(rest_of_line)
    while pos >= 0:
        nxt = text.find("\n", pos + 1)
        line = text[pos + 1 : nxt if nxt >= 0 else len(text)]
        if line.strip() and not P.RE_LIST_LINE.match(line):
            break
        if line.strip():
            end = pos + 1 + len(line)
        pos = nxt
    return m.start(), end


def _guess_body_start(text: str) -> int:
    """After the ``Kính gửi`` block, else 0 (only the header helper knows better)."""
    m = P.RE_KINH_GUI.search(text, 0, min(len(text), _TOP))
    if not m:
        return 0
    # the addressees: the rest of the line, then list lines; the body starts after them
    pos = text.find("\n", m.end())
    while pos >= 0:
        nxt = text.find("\n", pos + 1)
        line = text[pos + 1 : nxt if nxt >= 0 else len(text)]
        if line.strip() and not P.RE_LIST_LINE.match(line):
            return pos + 1
        pos = nxt
    return m.end()


def _find_vv(text: str) -> tuple[int, int] | None:
    m = P.RE_VV_LINE.search(text, 0, min(len(text), _TOP))
    if not m:
        return None
    e = P.RE_VV_END.search(text, m.end())
    return m.start(), (e.start() if e else min(len(text), m.end() + 300))


def _excluded(ctx: _Context, start: int, end: int) -> bool:
    return any(s <= start < e or s < end <= e for s, e in ctx.excluded)


# --- mentions ------------------------------------------------------------------------


def _find_mentions(text: str, ctx: _Context) -> list[_Mention]:
    found: list[_Mention] = []
    for rx in (P.RE_MENTION_SO, P.RE_MENTION_SO_FUZZY, P.RE_MENTION_ABBR):
        for m in rx.finditer(text):
            mm = _mention_so(text, m)
            if mm is None:
                continue
            if rx is P.RE_MENTION_SO_FUZZY:
                mm.rule += "+fuzzy_type"
            elif rx is P.RE_MENTION_ABBR:
                if mm.symbol is None:
                    continue  # "TT số 5" is too weak without a symbol
                mm.doc_type = P.abbreviations()[m.group("type")]
                mm.rule += "+abbreviated_type"
            found.append(mm)
    for m in P.RE_MENTION_BARE.finditer(text):
        mm = _mention_bare(text, m)
        if mm:
            found.append(mm)
    for m in P.RE_MENTION_BARE_FUZZY.finditer(text):
        mm = _mention_bare(text, m)
        if mm and mm.symbol is not None:
            mm.rule += "+fuzzy_type"
            found.append(mm)
    for m in P.RE_MENTION_CODED.finditer(text):
        mm = _mention_coded(text, m.start(), ctx)
        if mm:
            found.append(mm)
    for m in P.RE_ATTACHED_CUE.finditer(
        text, 0, max(ctx.title_end, min(ctx.opening_end, _TOP) + 200)
    ):
        mm = _mention_unnumbered(text, m.end())
        if mm:
            found.append(mm)
    found.sort(key=lambda x: (x.start, -x.end))
    # list continuation: "Nghị định số 109/2025/NĐ-CP và số 193/2025/NĐ-CP"
    extra: list[_Mention] = []
    for mm in found:
        cur = mm
        while True:
            nxt = _list_continuation(text, cur)
            if nxt is None:
                break
            extra.append(nxt)
            cur = nxt
    found.extend(extra)
    # at one place, the longest mention; of equal ones, the type the symbol's code names
    # ("Thông tư lĩên tịch số 06/2015/TTLT/..." read through OCR-damaged marks)
    # (a list continuation and a coded symbol may find the same words: the list's wins)
    found.sort(
        key=lambda x: (
            x.start,
            -x.end,
            x.doc_type != _type_from_symbol(x.symbol),
            x.rule == _CODED_RULE,
        )
    )
    out: list[_Mention] = []
    last_end = -1
    for mm in found:
        if mm.start < last_end:
            continue  # overlaps a longer mention found first
        if _excluded(ctx, mm.start, mm.end):
            continue
        if _self_reference(text, mm, ctx):
            continue
        mm.alias = bool(P.RE_ALIAS_BEFORE.search(text, max(0, mm.start - _CUE_WINDOW), mm.start))
        out.append(mm)
        last_end = mm.end
    return out


def _self_reference(text: str, m: _Mention, ctx: _Context) -> bool:
    """An appendix left inside its document: "(Kèm theo Nghị định số 212/2025/NĐ-CP ...)"
    names the document itself. (The same number cited elsewhere, e.g. another
    province's 04/CT-UBND, stays a citation.)"""
    if ctx.own_ref is None or m.number is None or m.symbol is None:
        return False
    if (m.number, m.symbol.casefold()) != (ctx.own_ref[0], (ctx.own_ref[1] or "").casefold()):
        return False
    return any(
        c.end() == m.start
        for c in P.RE_ATTACHED_CUE.finditer(text, max(0, m.start - _CUE_WINDOW), m.start)
    )


def _type_of(written: str, symbol: str | None) -> str | None:
    """Type as written wins; a generic word ("văn bản") takes the type from the symbol."""
    t = P.lookup_type(written)
    if t is not None and t.name:
        return t.name
    return _type_from_symbol(symbol)


def _is_attachment_type(written: str) -> bool:
    return (
        P.lookup_type(written) is not None and P.lookup_type(written).name in P.attachment_types()
    )


def _type_from_symbol(symbol: str | None) -> str | None:
    if not symbol:
        return None
    codes = P.code_to_type()
    for seg in re.split(r"[/-]", symbol):
        if seg.isdigit():
            continue
        return codes.get(seg.casefold(), "Công văn")
    return None


def _inner_type_start(
    text: str, gap_start: int, gap_end: int, outer: str, code_type: str | None
) -> re.Match | None:
    """A type word inside the gap may start the mention instead of the outer one:
    "Luật sửa đổi, bổ sung một số điều của Luật Chất lượng ... số 78/2025/QH15"
    (a capitalised inner type), "THÔNG BÁO công văn số 2121/UBND-NCTCD" (an all-capitals
    label before the real type). The type the symbol's code names wins a tie."""
    candidates = []
    for m in re.finditer(P.TYPE, text[gap_start:gap_end]):
        w = m.group("type")
        t = P.lookup_type(w)
        if t is None or not t.name:
            continue  # generic "văn bản" inside a law's name is not a type
        if w[:1].isupper() or outer.isupper():
            candidates.append(m)
    if not candidates and code_type:
        # OCR-damaged marks: "Quy chế ban hành kèm theo Quyêt đinh số 540/QĐ-BCĐ" -- an inner
        # word that reads as the type the symbol's code names
        for m in re.finditer(P.TYPE_FUZZY, text[gap_start:gap_end]):
            t = P.lookup_type(m.group("type"))
            if t is not None and t.name == code_type and m.group("type")[:1].isupper():
                candidates.append(m)
    if not candidates:
        return None
    if code_type:
        for m in reversed(candidates):
            t = P.lookup_type(m.group("type"))
            if t is not None and t.name == code_type:
                return m
        outer_t = P.lookup_type(outer)
        if outer_t is not None and outer_t.name == code_type:
            return None
    return candidates[-1]


# "Nghị định này có hiệu lực, Nghị định số 94/2024/NĐ-CP": "này" is the citing document
_SELF_WORD = re.compile(r"(?i)(?<!\w)này(?!\w)")


def _mention_so(text: str, m: re.Match) -> _Mention | None:
    start, written = m.start(), m.group("type")
    gap = m.group("gap")
    ref = P.RE_REF.match(text, m.end())
    if ref is None:
        return None
    number = ref.group("number")
    raw_symbol = ref.group("symbol") or ref.group("symbol2")
    symbol = P.normalize_symbol(raw_symbol)
    if number is None and symbol is None:
        return None
    if symbol is not None and not re.search(r"[^\W\d_]", symbol):
        return None  # "số 52/3 Hùng Vương": an address, not a symbol (symbols have letters)
    if gap:
        code_type = _type_from_symbol(symbol) if symbol else None
        inner = _inner_type_start(text, m.start("gap"), m.end("gap"), written, code_type)
        if inner is not None:
            start = m.start("gap") + inner.start()
            written = inner.group("type")
            gap = text[m.start("gap") + inner.end() : m.end("gap")].strip() or None
        elif _SELF_WORD.search(gap):
            return None
    if (gap or m.groupdict().get("colon")) and symbol is None:
        return None  # "Tổ công tác số 3": a gap needs a symbol to be a citation
    if symbol is None and _is_attachment_type(written):
        return None  # "Phụ lục số 04", "Mẫu số 02": parts of a document, not documents
    end = ref.end()
    date, tail = _date_after(text, end)
    if symbol is None and written == written.lower() and date is None:
        return None  # lower-case "kế hoạch số 5" without symbol or date: too weak
    issuer, tail = _issuer_after(text, tail)
    rule = "type_gap_so_ref" if gap else "type_so_ref"
    dtype = _type_of(written, symbol)
    coded = P.code_to_type().get(_first_code(symbol) or "") if symbol else None
    if gap and coded and dtype != coded and written[:1].isupper():
        # words between the type and "số" that OCR damaged beyond reading: "Quy chế ban
        # hành kèm theo Quyêt đĩnh số 540/QĐ-BCĐ" names a Quyết định, as its code says
        dtype, rule = coded, rule + "+type_from_code"
    return _Mention(
        start,
        date.end if date else end,
        written,
        dtype,
        number,
        symbol,
        date,
        issuer,
        rule,
        tail=tail,
    )


def _mention_bare(text: str, m: re.Match) -> _Mention | None:
    written = m.group("type")
    ref = P.RE_REF.match(text, m.end())
    if ref is None or ref.group("number") is None:
        return None
    number = ref.group("number")
    symbol = P.normalize_symbol(ref.group("symbol") or ref.group("symbol2"))
    end = ref.end()
    date, tail = _date_after(text, end)
    issuer, tail = _issuer_after(text, tail)
    if symbol is None:
        # "Quyết định 1395", "Thông tư 124": a short form; kept without a full mention of
        # its number in the document only when it reads as a document number
        return _Mention(
            m.start(),
            end,
            written,
            _type_of(written, None),
            number,
            None,
            None,
            None,
            "type_number_short",
            bare=True,
            alone_ok=_short_form_alone_ok(text, written, number, m.start(), end),
            alone_issuer=issuer,
            tail=end,
        )
    return _Mention(
        m.start(),
        date.end if date else end,
        written,
        _type_of(written, symbol),
        number,
        symbol,
        date,
        issuer,
        "type_ref",
        tail=tail,
    )


_CODED_RULE = "coded_symbol_ref"


def _mention_coded(text: str, pos: int, ctx: _Context) -> _Mention | None:
    """A number and symbol printed without a type word, the type read from the symbol's
    code: "đăng ký cư trú thực hiện theo 23/2012/TT-BCA-V28" (a Thông tư), "theo
    06/2015/TTLT-BCA-BGDĐT", "tại 1395/QĐ-UBND", "09-CT/TW". The symbol must carry a known
    type code (doc_types.yaml: TT, TTLT, NĐ, QĐ, CT, KH ...) and an issuer part after it
    ("120/UBND-NC" names no type; "01/BC" of a form names no issuer); "Số: 12/QĐ-UBND",
    "Mẫu 01/TT-BTC" and the citing document's own number are no citations."""
    if P.RE_CODED_NOT_AFTER.search(text, max(0, pos - 20), pos):
        return None
    if re.search(rf"{P.TYPE}[^\S\n]*$", text[max(0, pos - 40) : pos]):
        return None  # a type word before it: the typed rules read it (or rejected it)
    before = text[max(0, pos - 40) : pos].rstrip()
    if not P.RE_CODED_RUNNING_TEXT.search(before) or before[-1:].isupper():
        return None  # not in running text: a label under a form's number, a table cell
    ref = P.RE_REF.match(text, pos)
    if ref is None or ref.group("number") is None:
        return None
    raw = ref.group("symbol") or ref.group("symbol2")
    symbol = P.normalize_symbol(raw)
    if symbol is None:
        return None
    parts = [p for p in re.split(r"[/-]", re.sub(r"\(.*?\)", "", symbol)) if p]
    year = parts[0] if parts and re.fullmatch(r"(?:19|20)\d{2}", parts[0]) else None
    if year:
        parts = parts[1:]
    if len(parts) < 2 or parts[0] not in P.type_codes():
        return None  # no type code first, or no issuer after it
    if not all(re.search(r"[^\W\d_]", p) for p in parts[1:2]):
        return None
    number = ref.group("number")
    if ctx.own_ref is not None and (number, symbol.casefold()) == (
        ctx.own_ref[0],
        (ctx.own_ref[1] or "").casefold(),
    ):
        return None  # the document's own number repeated (a running footer, a table)
    end = ref.end()
    date, tail = _date_after(text, end)
    issuer, tail = _issuer_after(text, tail)
    return _Mention(
        pos,
        date.end if date else end,
        None,
        P.type_codes()[parts[0]],
        number,
        symbol,
        date,
        issuer,
        _CODED_RULE,
        tail=tail,
    )


def _short_form_alone_ok(text: str, written: str, number: str, start: int, end: int) -> bool:
    """A short form with no full mention in its document ("Toàn tỉnh đã củng cố 1.250 mô
    hình tự quản theo Thông tư 124") is a citation when its type is one whose documents
    are cited by number (citation_cues.yaml short_forms.types), the type word is
    capitalised, the number is no year ("Kế hoạch 2024") and is printed as document
    numbers are (two digits at least), and no time or quantity word follows it
    ("Kế hoạch 15 năm", "Quyết định 12 điểm")."""
    t = P.lookup_type(written)
    if t is None or t.name not in P.cues().short_form_types:
        return False
    if not written[:1].isupper():
        return False
    if re.fullmatch(r"(?:19|20)\d{2}", number):
        return False
    if len(number.rstrip("abcdefghijklmnopqrstuvwxyzđ")) < 2:
        # a document number under 10 is printed with its zero ("Chỉ thị 07": Nghị định
        # 30/2020/NĐ-CP, Phụ lục I); "Thông tư 3" (a flow chart's step) is a count
        return False
    if "\n" in text[start:end]:
        return False  # "V. Kết luận\n1. Hội đồng ...": a heading, then a list number
    lo, hi = max(0, start - P.SHORT_FOREIGN_WINDOW), end + P.SHORT_FOREIGN_WINDOW
    if P.RE_SHORT_FOREIGN.search(text, lo, hi):
        return False  # "Nghị quyết 612 (Rev.WRC-12)": the ITU's numbering
    return P.RE_SHORT_NOT_AFTER.match(text, end) is None


def _mention_unnumbered(text: str, pos: int) -> _Mention | None:
    """``(Kèm theo Biên bản họp ngày 20/11/2018 ...)``: the parent, even unnumbered."""
    so = P.RE_MENTION_SO.match(text, pos)
    if so:
        return None  # numbered: found by the usual rule
    m = P.RE_MENTION_UNNUMBERED.match(text, pos)
    if not m:
        return None
    date, tail = _date_after(text, m.end())
    if date is None:
        return None
    issuer, tail = _issuer_after(text, tail)
    written = m.group("type")
    return _Mention(
        m.start(),
        date.end,
        written,
        _type_of(written, None),
        None,
        None,
        date,
        issuer,
        "attached_unnumbered",
        tail=tail,
    )


def _list_continuation(text: str, prev: _Mention) -> _Mention | None:
    for pos in {prev.end, prev.tail}:
        m = P.RE_LIST_CONT.match(text, pos)
        if not m:
            continue
        ref = P.RE_REF.match(text, m.end())
        if ref is None or ref.group("number") is None:
            continue
        symbol = P.normalize_symbol(ref.group("symbol") or ref.group("symbol2"))
        if symbol is None:
            continue
        date, tail = _date_after(text, ref.end())
        issuer, tail = _issuer_after(text, tail)
        # the list shares the type word, unless the symbol names another type, or the
        # word is generic ("các văn bản số 33/KH-UBND ..., số 2011/UBND-NC": a công văn)
        generic = prev.type_written is not None and not getattr(
            P.lookup_type(prev.type_written), "name", None
        )
        dtype = (
            _type_from_symbol(symbol)
            if generic or P.code_to_type().get(_first_code(symbol) or "")
            else prev.doc_type
        )
        start = m.start("so") if m.group("so") is not None else m.end()
        written = prev.type_written if generic else None
        return _Mention(
            start,
            date.end if date else ref.end(),
            written,
            dtype,
            ref.group("number"),
            symbol,
            date,
            issuer,
            "list_continuation",
            tail=tail,
        )
    return None


def _first_code(symbol: str) -> str | None:
    for seg in re.split(r"[/-]", symbol):
        if not seg.isdigit():
            return seg.casefold()
    return None


def _date_after(text: str, pos: int) -> tuple[PartialDate | None, int]:
    """A date printed right after the reference: ``, ngày 19/11/2018``."""
    lead = P.RE_DATE_LEAD.match(text, pos)
    if not lead:
        y = P.RE_YEAR_ONLY.match(text, pos)
        if y:
            return PartialDate(
                int(y.group("y")), None, None, y.start(), y.end(), "year_only"
            ), y.end()
        return None, pos
    q = lead.end()
    window = text[q : q + _DATE_WINDOW]
    for d in find_dates(window):
        head = window[: d.start]
        if d.start == 0 or P.RE_NGAY.fullmatch(head):
            return PartialDate(d.year, d.month, d.day, q + d.start, q + d.end, d.rule), q + d.end
        break
    return None, pos


# --- issuer --------------------------------------------------------------------------


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = P.RE_ISSUER_LEAD.match(text, pos)
    if not m:
        return None, pos
    raw = text[m.end() : m.end() + 300]
    joint = m.group("intro").casefold() == "giữa"
    phrase, used = _issuer_phrase(raw, joint)
    if not phrase:
        return None, pos
    return normalize_issuer(phrase, joint=joint), m.end() + used


def _issuer_stop() -> re.Pattern[str]:
    c = P.cues()
    # also stops where another cited document begins ("của Bộ Công an và Công văn số ...")
    return re.compile(
        rf"(?i)\s+{P.alternation(c.issuer_stop_words)}(?!\w)|[,;.:()“”\"‘’\[\]*_]"
        rf"|\n[^\S\n]*\n|\s+(?:và\s+)?{P.TYPE.replace('(?P<type>', '(?:')}\s+(?:{P.SO}|\d)"
    )


_ISSUER_STOP = _issuer_stop()
_PLACEHOLDER = "\u0001"


def _issuer_phrase(raw: str, joint: bool = False) -> tuple[str, int]:
    protected = raw
    if joint:  # "giữa Bộ Công an, Bộ Giáo dục và Đào tạo": the comma lists bodies
        heads = P.alternation(P.cues().issuer_org_heads)
        protected = re.sub(rf",(?=\s*{heads}(?!\w))", _PLACEHOLDER, protected)
    for cont in P.cues().issuer_comma_continuations:
        pat = re.compile(P.phrase(cont).replace(",", ",?"), re.I)
        protected = pat.sub(lambda mm: mm.group(0).replace(",", _PLACEHOLDER), protected)
    m = _ISSUER_STOP.search(protected)
    cut = m.start() if m else len(protected)
    phrase = protected[:cut].replace(_PLACEHOLDER, ",")
    words = phrase.split()
    if len(words) > 25:
        return "", 0
    return " ".join(words), cut


def normalize_issuer(phrase: str, joint: bool = False) -> str | None:
    """``Bộ trưởng Bộ Công an`` -> ``Bộ Công an``; ``Chủ tịch UBND tỉnh`` -> ``UBND tỉnh``.

    With ``joint`` ("giữa A, B và C") the bodies are listed with "; ".

    >>> normalize_issuer("Bộ trưởng Bộ Công an")
    'Bộ Công an'
    >>> normalize_issuer("Bộ Công an, Bộ Giáo dục và Đào tạo", joint=True)
    'Bộ Công an; Bộ Giáo dục và Đào tạo'
    """
    c = P.cues()
    heads = P.alternation(c.issuer_org_heads)
    parts = [phrase]
    if joint:
        parts = [p for p in re.split(rf",\s*|\s+và\s+(?={heads}\b)", phrase) if p.strip()]
    out = []
    for p in parts:
        p = " ".join(p.split())
        for t in sorted(c.issuer_titles, key=len, reverse=True):
            m = re.match(rf"(?i){P.phrase(t)}\s+(?={heads}(?!\w))", p)
            if m:
                p = p[m.end() :]
                break
        p = c.issuer_aliases.get(p, p)
        if p:
            out.append(p)
    return "; ".join(out) or None


# --- short forms --------------------------------------------------------------------------


def _same_symbol(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    a, b = a.casefold(), b.casefold()
    return a == b or a in b or b in a


def _resolve_short_forms(mentions: list[_Mention]) -> list[_Mention]:
    """Link short forms to the full mention they abbreviate; drop bare numbers that
    resolve to nothing ("Báo cáo 6 tháng" is not "Báo cáo số 6/...")."""
    out: list[_Mention] = []
    for m in mentions:
        ante = None
        if m.number is not None:
            for j, f in enumerate(out):
                if f.doc_type != m.doc_type or f.number != m.number or f.symbol is None:
                    continue
                if not _same_symbol(f.symbol, m.symbol):
                    continue
                fy = f.date.year if f.date else _year_from_symbol(f.symbol)
                my = m.date.year if m.date else _year_from_symbol(m.symbol)
                if fy and my and fy != my:
                    continue
                ante = f.antecedent if f.antecedent is not None else j
                break
        if m.bare and ante is None:
            if not m.alone_ok:
                continue  # "Báo cáo 6 tháng", "Kế hoạch năm 2024": not a document number
            m.rule += "+no_antecedent"
            m.issuer = m.alone_issuer  # the issuer tells resolution national from local
        short = m.symbol is None or m.alias or (m.date is None and ante is not None)
        if ante is not None and short:
            full = out[ante]
            m.antecedent = ante
            m.symbol = m.symbol or full.symbol
            if m.date is None:
                m.date = full.date
            m.issuer = m.issuer or full.issuer
            m.rule += "+antecedent"
        out.append(m)
    return out


def _year_from_symbol(symbol: str | None) -> int | None:
    """``2012/TT-BCA`` -> 2012 (normative documents put the year in the symbol)."""
    if not symbol:
        return None
    m = re.match(r"((?:19|20)\d{2})/", symbol)
    return int(m.group(1)) if m else None


# --- relations -----------------------------------------------------------------------------


def _clause_end(text: str, pos: int, rx: re.Pattern[str] = P.RE_CLAUSE_END) -> int:
    m = rx.search(text, pos)
    return m.start() if m else len(text)


def _assign_relations(mentions: list[_Mention], text: str, ctx: _Context) -> None:
    answers = _answers(mentions, text, ctx)
    based, scopes = _based_on(mentions, text)
    repeals = _cue_governed(mentions, text, ctx, "repeals", scopes)
    amends = _cue_governed(mentions, text, ctx, "amends", scopes)
    for i, m in enumerate(mentions):
        rel = "cites"
        if i in answers:
            rel = "answers"
        elif i in based:
            rel = "based_on"
        elif _attached(text, m, ctx):
            rel = "attached_to"
        elif i in repeals:
            rel = "repeals"
        elif i in amends:
            rel = "amends"
        m.relation = rel
        if rel != "cites":
            m.rule += f"|{rel}"
    # an unnumbered document counts only as an attachment's parent
    keep = [
        i
        for i, m in enumerate(mentions)
        if not (m.rule.startswith("attached_unnumbered") and m.relation != "attached_to")
    ]
    if len(keep) < len(mentions):
        new_index = {old: new for new, old in enumerate(keep)}
        kept = [mentions[i] for i in keep]
        for m in kept:
            if m.antecedent is not None:
                m.antecedent = new_index.get(m.antecedent)
        mentions[:] = kept


def _answers(mentions: list[_Mention], text: str, ctx: _Context) -> set[int]:
    """The answered documents: the V/v subject's, else the opening's (the first document
    after its cue and those listed with it as objects of the same verb), else the proposal
    acted on, else the one a trích yếu starts by implementing ("KẾ HOẠCH / Triển khai thực
    hiện Chỉ thị ...")."""
    vv, title = _subject_answer(mentions, text, ctx)
    opening, title_line = _opening_answer(mentions, text, ctx)
    if not opening:
        proposal = _proposal_answer(mentions, text, ctx)
        if proposal is None:
            proposal = _received_answer(mentions, text, ctx)
        opening = [proposal] if proposal is not None else []
    if vv is not None:
        key = (mentions[vv].doc_type, mentions[vv].number)
        same = any((mentions[i].doc_type, mentions[i].number) == key for i in opening)
        return {vv, *opening} if same else {vv}
    if opening:
        return set(opening)
    title = title if title is not None else title_line
    return {title} if title is not None else set()


def _first_after(mentions: list[_Mention], start: int, end: int) -> int | None:
    return next((i for i, m in enumerate(mentions) if start <= m.start < end), None)


def _subject_answer(
    mentions: list[_Mention], text: str, ctx: _Context
) -> tuple[int | None, int | None]:
    """(V/v subject's answer, trích yếu's answer)."""
    if not ctx.subject:
        return None, None
    s, e = ctx.subject
    sub = text[s:e]
    # the span may start after the "V/v" marker
    is_vv = bool(
        re.match(r"\s*(?:V/v|V\.v|Về việc)\b", sub, re.I)
        or re.search(r"(?i)(?:V/v|V\.v)[\s:]*$", text[max(0, s - 8) : s])
    )
    if is_vv:
        cue = _ANSWER_WORDS.search(sub)
        return (_first_after(mentions, s + cue.end(), e) if cue else None), None
    cue = P.RE_ANSWER_CUE.match(sub.lstrip())
    if cue is None:
        return None, None
    return None, _first_after(mentions, s + len(sub) - len(sub.lstrip()) + cue.end(), e)


def _in_title(text: str, pos: int, ctx: _Context) -> bool:
    """A cue on a trích yếu line: inside the subject span, or right under a type line in
    capitals ("KẾ HOẠCH" / "Triển khai thực hiện Chỉ thị số 07 ...")."""
    if ctx.subject and ctx.subject[0] <= pos < ctx.subject[1]:
        return True
    line_start = text.rfind("\n", 0, pos) + 1
    prev_end = line_start - 1
    while prev_end > 0:
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end].strip(" \t|*")
        if prev:
            return prev == prev.upper() and any(ch.isalpha() for ch in prev)
        prev_end = prev_start - 1
    return False


def _opening_paragraph_end(text: str, ctx: _Context) -> int:
    """The opening paragraph: from the body's first word to a blank line or a ":" that
    ends a line ("... Cục đề nghị các đơn vị:"), within the opening."""
    start = ctx.body_start + (len(text[ctx.body_start :]) - len(text[ctx.body_start :].lstrip()))
    m = _PARAGRAPH_END.search(text, start, ctx.opening_end)
    return m.start() if m else ctx.opening_end


_PARAGRAPH_END = re.compile(r"\n[^\S\n]*\n|:(?=[^\S\n]*\n)")


def _opening_cues(text: str, ctx: _Context) -> list[tuple[int, int, bool]]:
    """(where the cue's word starts, where the cue ends, paragraph-initial?) in text order.

    Paragraph-initial cues ("Thực hiện ...", "- Triển khai ...") anywhere in the opening;
    and, in the opening paragraph only, a lower-case answer verb after a purpose clause
    ("Để bảo đảm ..., thực hiện Chỉ thị số 22/CT-BYT ..., Cục ... đề nghị"): the purpose
    clause says why, the verb names what the document implements."""
    out = []
    for cue in P.RE_ANSWER_CUE.finditer(text, ctx.body_start, ctx.opening_end):
        word_start = cue.end() - len(cue.group(0).lstrip(" \t\n;-+•*"))
        if not P.RE_NOT_ANSWER_CUE.match(text, word_start):
            out.append((word_start, cue.end(), True))
    para_end = _opening_paragraph_end(text, ctx)
    for purpose in P.RE_PURPOSE_START.finditer(text, ctx.body_start, para_end):
        sentence_end = min(para_end, _clause_end(text, purpose.end(), P.RE_SENTENCE_END))
        verb = P.RE_PURPOSE_ANSWER.search(text, purpose.end(), sentence_end)
        if verb is not None:
            out.append((verb.start() + 1, verb.end(), False))
    return sorted(out)


def _opening_answer(
    mentions: list[_Mention], text: str, ctx: _Context
) -> tuple[list[int], int | None]:
    """(the opening's answered documents, a title line's answer met on the way).

    The first cue that names a document wins; an earlier answered document keeps a later
    purpose-clause cue from answering another."""
    title = None
    for word_start, cue_end, initial in _opening_cues(text, ctx):
        end = _clause_end(text, cue_end)
        first = next(
            (
                i
                for i, m in enumerate(mentions)
                if cue_end <= m.start < end and not m.alias and not _after_attached_cue(text, m)
            ),
            None,
        )
        if first is None:
            continue
        if initial and _in_title(text, word_start, ctx):
            title = first if title is None else title
            continue
        if _answered_by_another(mentions, first, text, cue_end):
            return [], title
        return _parallel_objects(mentions, first, text), title
    return [], title


# the end of an alias: "(sau đây gọi tắt là Chỉ thị số 07)", "(viết tắt là "Kế hoạch 17")"
_ALIAS_CLOSE = re.compile(r"[^\S\n]*[\"”’']?[^\S\n]*\)")


def _parallel_objects(mentions: list[_Mention], first: int, text: str) -> list[int]:
    """The first object of an opening verb and the documents coordinated with it, each
    with its own type word and number: "Thực hiện Kế hoạch số 120-KH/TWĐTN-ĐKT ... về tổ
    chức Tháng Thanh niên năm 2024; Chương trình số 12-CTr/TU ..., Ban Thường vụ ...".

    A document follows as a parallel object when nothing but a connector stands between
    it and the previous object's reference (with its date and issuer: "A, B", "A và B"),
    or when a ";" closes the previous object's description and the next item starts with
    the document's type word. A document named inside a description ("... về việc thực
    hiện Chỉ thị số 07", "... hướng dẫn thực hiện Thông tư số 23 ... và Công văn số 3789")
    is only cited: the list ends at the first document that is not coordinated."""
    out = [first]
    end = _based_scope_end(text, mentions[first].end)
    prev_end = max(mentions[first].end, mentions[first].tail)
    for j in range(first + 1, len(mentions)):
        m = mentions[j]
        if m.start >= end:
            break
        if m.alias:  # "(sau đây gọi tắt là Kế hoạch 120)": the previous object's name
            close = _ALIAS_CLOSE.match(text, m.end)
            prev_end = max(prev_end, close.end() if close else m.end)
            continue
        gap = text[prev_end : m.start]
        direct = bool(_CONNECTOR.fullmatch(gap))
        # "...; Chương trình số 12-CTr/TU": the item right after ";" is the document
        new_item = (
            ";" in gap
            and not gap.rsplit(";", 1)[1].strip()
            and _starts_with_type(text[m.start : m.start + 80])
        )
        if not (direct or new_item):
            break
        out.append(j)
        prev_end = max(m.end, m.tail)
    return out


def _proposal_answer(mentions: list[_Mention], text: str, ctx: _Context) -> int | None:
    """The proposal a decision or submission acts on: "Theo đề nghị của Giám đốc Công an
    tỉnh tại Tờ trình số 215/TTr-CAT-PV01 ngày 18/9/2023." (after the "Căn cứ" lines).
    Only a document named right after "tại"/"theo" in that clause counts."""
    for cue in P.RE_PROPOSAL_CUE.finditer(text, ctx.body_start, ctx.opening_end):
        end = _clause_end(text, cue.end())
        for i, m in enumerate(mentions):
            if not cue.end() <= m.start < end or m.alias:
                continue
            if P.RE_PROPOSAL_DOC_BEFORE.search(text, max(0, m.start - 20), m.start):
                return i
            break
    return None


def _received_answer(mentions: list[_Mention], text: str, ctx: _Context) -> int | None:
    """A reply that opens by naming what it received: "Sở Tư pháp nhận được Công văn số
    45/UBND-VX ngày 02/3/2023 của UBND tỉnh về việc góp ý ..., Sở có ý kiến như sau:".
    Only the first document of the body's first sentence, right after the cue."""
    end = min(ctx.opening_end, _clause_end(text, ctx.body_start, P.RE_SENTENCE_END))
    first = _first_after(mentions, ctx.body_start, end)
    if first is None or mentions[first].alias:
        return None
    m = mentions[first]
    if P.RE_RECEIVED_BEFORE.search(text, max(0, m.start - 40), m.start):
        return first
    return None


# Between "Căn cứ" and the document it rests on: at most a few words, no comma.
_BASED_ON_GAP = re.compile(r"[\s*_:]*(?:[^\s,;.()\d]+[\s*_]+){0,5}")
# Between two documents of one list: ", ", " và ", "; "
_CONNECTOR = re.compile(r"[\s*_]*(?:,|;|và|hoặc|cùng)?[\s*_]*(?:(?:,|và)[\s*_]*)?", re.I)


def _starts_with_type(segment: str) -> bool:
    m = re.match(rf"[\s*_:;-]*{P.TYPE}", segment)
    return bool(m) and m.group("type")[:1].isupper()


def _based_scope_end(text: str, pos: int) -> int:
    """A "Căn cứ" clause ends at ";" unless the list goes on with another document
    ("Căn cứ Luật ... số 15/2012/QH13; Luật sửa đổi, bổ sung ... số 67/2020/QH14;")."""
    while True:
        m = P.RE_CLAUSE_END.search(text, pos)
        if m is None:
            return len(text)
        if (
            m.group(0) == ";"
            and _starts_with_type(text[m.end() : m.end() + 80])
            and not P.RE_BASED_ON_CUE.match(text, m.end())
        ):
            pos = m.end()
            continue
        return m.start()


def _based_on(mentions: list[_Mention], text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Documents that are the object of "Căn cứ" ("Căn cứ Thông tư số 124/2021/TT-BCA"),
    and those listed with them ("... được sửa đổi, bổ sung bởi Luật số 43/2024/QH15"), up
    to the end of the phrase: ";" (unless the list goes on), the sentence's end, or the
    start of a main clause with its own verb (those documents are only cited).
    "Căn cứ chức năng, nhiệm vụ ..., nhất là Chỉ thị số 07" rests on no document."""
    out: set[int] = set()
    scopes: list[tuple[int, int]] = []
    for cue in P.RE_BASED_ON_CUE.finditer(text):
        end = _based_scope_end(text, cue.end())
        # "Căn cứ Quyết định số 18/2022/QĐ-TTg ..., Hội nghị xem xét hồ sơ ... theo Tờ trình
        # số 85/TTr-UBND": the phrase ends where the main clause (subject + verb) begins
        main = P.RE_MAIN_CLAUSE.search(text, cue.end(), end)
        if main is not None:
            end = main.start()
        scopes.append((cue.start(), end))
        prev: _Mention | None = None
        for i, m in enumerate(mentions):
            if m.start < cue.end() or m.start >= end:
                continue
            if prev is None:
                between = text[cue.end() : m.start]
                ok = bool(_BASED_ON_GAP.fullmatch(between)) or _starts_with_type(between)
            else:
                between = text[max(prev.tail, prev.end) : m.start]
                ok = (
                    ";" not in between
                    or _starts_with_type(between.rsplit(";", 1)[1])
                    or bool(_BASED_ON_GAP.fullmatch(between.rsplit(";", 1)[1]))
                )
            if not ok:
                break
            out.add(i)
            prev = m
    return out, scopes


# "Thực hiện Kế hoạch số 42 ..., Công an tỉnh đã tham mưu ban hành Hướng dẫn số 09 ...":
# the answer is that other document; the citing one (a news item) only reports it.
_ISSUED_BEFORE = re.compile(r"(?i)(?:ban\s+hành|đã\s+ký|ký\s+ban\s+hành)\s*$")
# ... unless "ban hành" is the subject of the answered document: "Thực hiện Quyết định số
# 1395/QĐ-UBND ... về việc ban hành Kế hoạch ..." answers the decision
_ISSUING_SUBJECT = re.compile(r"(?i)(?<!\w)về(?:\s+việc)?\s+(?:ký\s+)?ban\s+hành\s*$")


def _answered_by_another(mentions: list[_Mention], first: int, text: str, pos: int) -> bool:
    end = _clause_end(text, pos, P.RE_SENTENCE_END)
    for m in mentions[first + 1 :]:
        if m.start >= end:
            break
        if _ISSUED_BEFORE.search(
            text, max(0, m.start - 30), m.start
        ) and not _ISSUING_SUBJECT.search(text, max(0, m.start - 30), m.start):
            return True
    return False


# "(Kèm theo Thông tư số 03/2026/TT-BKHCN ...)" on a line of its own near the top: the
# attachment's title, even where the header's body starts before it
_ATTACHED_LINE = re.compile(r"(?m)^[^\S\n]*\(")


def _attached(text: str, m: _Mention, ctx: _Context) -> bool:
    if not _after_attached_cue(text, m):
        return False
    if m.start < ctx.title_end:
        return True
    line_start = text.rfind("\n", 0, m.start) + 1
    return (
        m.start < min(ctx.opening_end, _TOP) + 200
        and bool(_ATTACHED_LINE.match(text, line_start))
        and m.start - line_start <= _CUE_WINDOW
    )


def _after_attached_cue(text: str, m: _Mention) -> bool:
    lo = max(0, m.start - _CUE_WINDOW)
    return any(c.end() == m.start for c in P.RE_ATTACHED_CUE.finditer(text, lo, m.start))


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 800)
    starts = [x.end() for x in P.RE_SENTENCE_END.finditer(text, lo, pos)]
    return starts[-1] if starts else lo


def _chain(mentions: list[_Mention], first: int, text: str, limit: int) -> list[int]:
    """The first governed mention and those listed right after it ("A và B", "A, B")."""
    out = [first]
    for j in range(first + 1, len(mentions)):
        m, prev = mentions[j], mentions[j - 1]
        if m.start >= limit:
            break
        gap = text[max(prev.end, prev.tail) : m.start]
        if m.alias or _CONNECTOR.fullmatch(gap):
            out.append(j)
        else:
            break
    return out


_AMEND_WORD_ALONE = re.compile(r"(?i)(?:sửa\s+đổi|bổ\s+sung)$")
# a single "Sửa đổi" / "Bổ sung" is a cue only where a provision starts ("Điều 3. Bổ sung ...")
_PROVISION_START = re.compile(
    r"(?:^|\n)[^\S\n]*(?:[-+•*]\s*)?(?:Điều\s+\d+\w*\.\s*|\d+\.\s*|[a-zđ]\)\s*)?$"
)
# "(các) văn bản sửa đổi, bổ sung, thay thế Nghị định số 60/2021/NĐ-CP (nếu có)" names
# future documents, not what the citing document does
_OTHER_DOCS_BEFORE = re.compile(r"(?i)văn\s+bản\s*$")


def _governed_before(text: str, sentence_start: int, pos: int) -> bool:
    """A document that an earlier repeal/amend cue of its sentence already governs is no
    subject for a later cue: "... và thay thế Quyết định số 2210/QĐ-UBND ...; bãi bỏ
    Quyết định số 95/QĐ-UBND ..." repeals both."""
    lo = max(sentence_start, pos - 200)
    return bool(P.RE_REPEAL_CUE.search(text, lo, pos) or P.RE_AMEND_CUE.search(text, lo, pos))


def _cue_governed(
    mentions: list[_Mention], text: str, ctx: _Context, kind: str, scopes: list[tuple[int, int]]
) -> set[int]:
    """Mentions that the citing document repeals / amends.

    The cue governs the first document after it in its clause, when no other document
    stands before the cue in that clause (else that one is the subject: "Thông tư số
    12/2025/TT-BTC ... sửa đổi, bổ sung ... Thông tư số 40/2017/TT-BTC"), and the ones
    listed with it. "... hết hiệu lực" and "bị bãi bỏ" govern the sentence's subject."""
    rx = P.RE_REPEAL_CUE if kind == "repeals" else P.RE_AMEND_CUE
    out: set[int] = set()
    for cue in rx.finditer(text):
        if any(s <= cue.start() < e for s, e in scopes):
            continue  # inside "Căn cứ ...": describes the law relied on
        before = text[max(0, cue.start() - 40) : cue.start()]
        if _OTHER_DOCS_BEFORE.search(before):
            continue
        passive = P.RE_PASSIVE_BEFORE.search(before)
        word = re.sub(r"\s+", " ", cue.group(0)).casefold()
        s = _sentence_start(text, cue.start())
        if kind == "repeals" and (
            word == "hết hiệu lực" or (passive and passive.group(0).strip().casefold() == "bị")
        ):
            first = next((i for i, m in enumerate(mentions) if s <= m.start < cue.start()), None)
            if first is not None:
                out.update(_chain(mentions, first, text, cue.start()))
            continue
        if word == "hết hiệu lực" or passive:
            continue  # "được sửa đổi, bổ sung bởi Luật số 43": not this document's doing
        if kind == "amends":
            if _AMEND_WORD_ALONE.fullmatch(word) and not _PROVISION_START.search(
                text, max(0, cue.start() - 40), cue.start()
            ):
                continue
            tw = re.search(rf"{P.TYPE}\s*$", before)
            if (
                tw
                and cue.start() >= ctx.title_end
                and not re.search(r"(?i)ban\s+hành\s+\S+(?:\s+\S+){0,2}\s*$", before)
            ):
                continue  # "Luật sửa đổi, bổ sung ... số 78/2025/QH15": a law's name
        if any(
            s <= m.start < cue.start() and not _governed_before(text, s, m.start) for m in mentions
        ):
            continue  # another document is the subject of the cue
        end = _clause_end(text, cue.end(), P.RE_SENTENCE_END)
        first = next((i for i, m in enumerate(mentions) if cue.end() <= m.start < end), None)
        if (
            first is not None
            and _after_attached_cue(text, mentions[first])
            and text[max(0, mentions[first].start - _CUE_WINDOW) : mentions[first].start]
            .rstrip()
            .endswith(("(Kèm theo", "(kèm theo"))
        ):
            continue  # "... BÃI BỎ TOÀN BỘ\n(Kèm theo Thông tư số 18/2022/...)": a title
        if first is not None:
            out.update(_chain(mentions, first, text, end))
    return out
