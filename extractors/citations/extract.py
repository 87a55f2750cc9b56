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
line, gazette running headers, a web page's lines above the header, unnumbered mentions,
bare numbers (``24/24``, ``96/100``, ``quý I/2018``).

Public API::

    extract_citations(doc: DocumentRecord) -> list[Citation]
"""

from __future__ import annotations

import logging
import re

from schemas.records import Citation, DocumentRecord

from . import patterns as P
from .grammar import _find_mentions, _resolve_short_forms, _year_from_symbol
from .model import _TOP, _Context, _Mention
from .relations import _assign_relations

log = logging.getLogger(__name__)

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
    own_date = _own_date(doc)
    mentions = [m for m in _find_mentions(text, ctx) if not _is_own(m, ctx.own_ref, own_date)]
    mentions = _resolve_short_forms(mentions)
    _assign_relations(mentions, text, ctx)
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


def _is_own(m: _Mention, own_ref, own_date: str | None) -> bool:
    """A mention of the document itself: a document never cites itself. Wherever it
    stands (a web page's title line above the header that no span excluded, a running
    footer, a table's caption), its own number and symbol, with its own date or none,
    and a symbol that carries the year ("19/2017/TT-BNNPTNT") or a date that is its own,
    name the document. A symbol without a year names another document when its date or
    year differs ("Chỉ thị số 04/CT-UBND ngày 02/4/2018" in a 2019 04/CT-UBND) or is not
    given (another province's, another year's: kept). An attachment has no own_ref: its
    parent's number in it is a citation of the parent."""
    if own_ref is None or not own_ref[0] or not own_ref[1] or not m.number or not m.symbol:
        return False
    sym = P.normalize_symbol(m.symbol) or ""
    if m.number.lstrip("0") != own_ref[0].lstrip("0") or sym.casefold() != own_ref[1].casefold():
        return False
    if not own_date:
        return False
    if m.date is not None and m.date.iso:
        n = min(len(m.date.iso), len(own_date))
        return m.date.iso[:n] == own_date[:n]
    year = _year_from_symbol(sym)
    return year is not None and str(year) == own_date[:4]


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
    excluded.extend((m.start(), m.end()) for m in P.gazette_header_lines(text))
    # a web page's own lines above the header (its title line, related-document list,
    # metadata box) name documents the site links, not ones the document cites
    pre = _span(doc, "site_preamble")
    if pre:
        excluded.append(pre)

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
    m = P.distribution_start(text)
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
