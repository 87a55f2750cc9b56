"""Finding mentions of numbered documents: `số 07/CT-BCA`, bare and coded symbols, short forms,
lists, unnumbered mentions, and the date after a mention."""

from __future__ import annotations

import logging
import re

from extractors.dates import PartialDate, find_dates

from . import patterns as P
from .issuers import _issuer_after
from .model import _CUE_WINDOW, _DATE_WINDOW, _TOP, _Context, _excluded, _Mention

log = logging.getLogger(__name__)

# --- mentions ------------------------------------------------------------------------


def _find_mentions(text: str, ctx: _Context) -> list[_Mention]:
    found: list[_Mention] = []
    starts = P.type_word_starts(text)
    so_at = P.so_word_starts(text)
    so_starts = [p for p in starts if P.so_may_follow(text, p, so_at)]  # others match neither
    for rx in (P.RE_MENTION_SO, P.RE_MENTION_SO_FUZZY, P.RE_MENTION_ABBR):
        matches = (
            P.type_word_matches(rx, text, so_starts)
            if rx is not P.RE_MENTION_ABBR
            else P.type_word_matches(rx, text, P.abbreviation_starts(text))
        )
        for m in matches:
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
    for m in P.type_word_matches(P.RE_MENTION_BARE, text, starts):
        mm = _mention_bare(text, m)
        if mm:
            found.append(mm)
    for m in P.type_word_matches(P.RE_MENTION_BARE_FUZZY, text, starts):
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
    # Earlier full mentions by (type, number), in order: each mention looks only at its
    # own candidates, not at every earlier mention (that was quadratic in the mentions
    # of one enormous text).
    by_key: dict[tuple, list[int]] = {}
    for m in mentions:
        ante = None
        if m.number is not None:
            for j in by_key.get((m.doc_type, m.number), ()):
                f = out[j]
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
        if m.symbol is not None:
            by_key.setdefault((m.doc_type, m.number), []).append(len(out))
        out.append(m)
    return out


def _year_from_symbol(symbol: str | None) -> int | None:
    """``2012/TT-BCA`` -> 2012 (normative documents put the year in the symbol)."""
    if not symbol:
        return None
    m = re.match(r"((?:19|20)\d{2})/", symbol)
    return int(m.group(1)) if m else None
