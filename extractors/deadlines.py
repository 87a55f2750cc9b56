"""Deadlines a directing document sets: ``trước ngày 01/5/2024``, ``trong tháng 5/2024``.

A deadline keeps what is due (and from whom, as far as its sentence says), the date
(ISO when complete; a missing year comes from the document's own year or the nearest
year written before it), and its offsets into ``doc.text``. Date ranges of statistics
(``tính từ ngày 15/8/2014 đến ngày 15/6/2024``), issue dates of cited documents and
transitional limits of legal texts (``hồ sơ đã nộp trước ngày ... thì tiếp tục``) are
not deadlines.

Public API::

    extract_deadlines(doc: DocumentRecord) -> list[Deadline]
"""

from __future__ import annotations

import logging
import re

from extractors.citations import find_distribution
from extractors.citations import patterns as P
from extractors.dates import find_dates
from schemas.records import Deadline, DocumentRecord

log = logging.getLogger(__name__)

__all__ = ["extract_deadlines"]

# "trong tháng 5" is a deadline only after a verb of finishing or sending
# ("hoàn thành xong trong tháng 5/2024"); elsewhere it dates an event.
_WITHIN_VERB = re.compile(
    r"(?i)\b(?:hoàn\s+thành|xong|hoàn\s+tất|kết\s+thúc|gửi|nộp|trình|báo\s+cáo\s+về|"
    r"tổ\s+chức|triển\s+khai)\b[^.;\n]{0,60}$"
)
_WHAT_MAX = 200
# between two deadlines of one clause: "trước ngày 05/4/2024 và trước ngày 05/10/2024"
_LIST_JOIN = re.compile(r"(?i)[\s,]*(?:và|hoặc|,)[\s,]*")


def extract_deadlines(doc: DocumentRecord) -> list[Deadline]:
    """Deadlines set in ``doc.text``, in text order.

    Args:
        doc: the document; ``doc.fields['issued_year']`` / ``issued_date`` give the year
            of a date printed without one (``hoàn thành trước 30/9``).

    Returns:
        One Deadline per deadline phrase.
    """
    text = doc.text or ""
    if not text.strip():
        return []
    doc_year = _doc_year(doc, text)
    skip = _skip_spans(doc, text)
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for m in P.DEADLINES_BEFORE.finditer(text):
        if _in(skip, m.start()) or _past_or_transitional(text, m.start(), m.end()):
            continue
        if not P.RE_DEADLINE_STRONG.match(m.group("cue")) and not _asks_action(
            text, m.start(), m.end()
        ):
            continue  # "có thời gian công tác trước ngày 01/01/1995": a period, not a deadline
        d = int(m.group("d") or m.group("d2") or m.group("d3"))
        mo = int(m.group("m") or m.group("m2") or m.group("m3"))
        y = m.group("y") or m.group("y2")
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            continue
        rule = "deadline_before"
        if not y and P.RE_DEADLINE_RECURRING.match(text, m.end()):
            # "trước ngày 10 tháng 7 hằng năm": every year
            out.append(
                Deadline(
                    None,
                    None,
                    mo,
                    _what(text, m.start(), m.end()),
                    m.start(),
                    m.end(),
                    rule + "+recurring",
                )
            )
            taken.append((m.start(), m.end()))
            continue
        if y and doc_year and int(y) < doc_year:
            continue  # before the document was written: a period, not a deadline
        year = int(y) if y else _year_before(text, m.start(), doc_year)
        iso = f"{year:04d}-{mo:02d}-{d:02d}" if year else None
        out.append(
            Deadline(
                iso,
                year,
                mo,
                _what(text, m.start(), m.end()),
                m.start(),
                m.end(),
                rule + ("" if y else "+year_from_context"),
            )
        )
        taken.append((m.start(), m.end()))
    for m in P.RE_DEADLINE_LABEL.finditer(text):
        if _in(skip, m.start()) or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        d = int(m.group("d") or m.group("d2") or m.group("d3"))
        mo = int(m.group("m") or m.group("m2") or m.group("m3"))
        y = m.group("y") or m.group("y2")
        if not (1 <= d <= 31 and 1 <= mo <= 12) or (y and doc_year and int(y) < doc_year):
            continue
        year = int(y) if y else _year_before(text, m.start(), doc_year)
        iso = f"{year:04d}-{mo:02d}-{d:02d}" if year else None
        what = " ".join(P.RE_MD_MARKS.sub("", m.group("label")).split()) or None
        if what and what.casefold() in P.cues().deadline_labels:
            # a bare "Thời hạn:" under a task line ("3. Khảo sát mô hình điểm"): the task
            what = _task_above(text, m.start()) or what
        out.append(
            Deadline(
                iso,
                year,
                mo,
                what,
                m.start("label"),
                m.end(),
                "deadline_label" + ("" if y else "+year_from_context"),
            )
        )
        taken.append((m.start(), m.end()))
    for m in P.DEADLINES_WITHIN.finditer(text):
        if _in(skip, m.start()) or any(s <= m.start() < e for s, e in taken):
            continue
        if not _WITHIN_VERB.search(text, max(0, m.start() - 80), m.start()):
            continue
        if _past_or_transitional(text, m.start(), m.end()):
            continue
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        y = m.group("y")
        if y and doc_year and int(y) < doc_year:
            continue
        year = int(y) if y else _year_before(text, m.start(), doc_year)
        iso = f"{year:04d}-{mo:02d}" if year else None
        out.append(
            Deadline(
                iso,
                year,
                mo,
                _what(text, m.start(), m.end()),
                m.start(),
                m.end(),
                "deadline_within_month" + ("" if y else "+year_from_context"),
            )
        )
    out.sort(key=lambda d: d.char_start)
    return out


def _task_above(text: str, pos: int) -> str | None:
    """The line above ``pos`` without its list number or bullet (a task heading)."""
    end = text.rfind("\n", 0, pos)
    if end <= 0:
        return None
    line = text[text.rfind("\n", 0, end) + 1 : end]
    line = re.sub(
        r"^\s*(?:[-+•*]+|\d+(?:\.\d+)*\.|[a-zđ]\)|[IVX]+\.)\s*", "", P.RE_MD_MARKS.sub("", line)
    )
    line = " ".join(line.split()).strip(" ,;:-.")
    return line[:_WHAT_MAX] or None


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _skip_spans(doc: DocumentRecord, text: str) -> list[tuple[int, int]]:
    spans = []
    for name in ("distribution_block", "signature_block", "own_number_line"):
        f = doc.fields.get(name) if doc.fields else None
        if f is not None and f.start is not None and f.end is not None:
            spans.append((f.start, f.end))
    if doc.arrival is not None and doc.arrival.start is not None and doc.arrival.end is not None:
        spans.append((doc.arrival.start, doc.arrival.end))
    if not (doc.fields and "distribution_block" in doc.fields):
        dist = find_distribution(text)  # the same "Nơi nhận" rule as for citations
        if dist:
            spans.append(dist)
    return spans


def _doc_year(doc: DocumentRecord, text: str) -> int | None:
    for name in ("issued_year", "issued_date"):
        v = doc.value(name) if doc.fields else None
        if isinstance(v, int):
            return v
        if isinstance(v, str) and re.match(r"\d{4}", v):
            return int(v[:4])
    # the place-and-date line near the top: "Bắc Giang, ngày tháng 3 năm 2024"
    for d in find_dates(text[:1500]):
        if d.rule == "wordy_date" and d.year:
            return d.year
    return None


def _year_before(text: str, pos: int, doc_year: int | None) -> int | None:
    """The document's year, else the last year written before the deadline."""
    if doc_year:
        return doc_year
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text[max(0, pos - 2000) : pos])
    return int(years[-1]) if years else None


def _clause_start(text: str, pos: int) -> int:
    lo = max(0, pos - 600)
    starts = [m.end() for m in P.RE_WHAT_START.finditer(text, lo, pos) if m.end() <= pos]
    for s in reversed(starts):
        seg = text[s:pos]
        if seg.count(")") <= seg.count("("):
            return s  # not inside an aside: "(*04 bản ...; 02 bản ...*) gửi về Công an tỉnh"
    return starts[0] if starts else lo


def _asks_action(text: str, start: int, end: int) -> bool:
    s = _clause_start(text, start)
    e = P.RE_CLAUSE_END.search(text, end)
    # the label of a "Thời hạn: trước ngày ..." line counts too
    label = text[max(0, s - 30) : s] if text[max(0, s - 3) : s].rstrip().endswith(":") else ""
    return bool(P.RE_DEADLINE_VERB.search(label + " " + text[s : e.start() if e else len(text)]))


def _past_or_transitional(text: str, start: int, end: int) -> bool:
    s = _clause_start(text, start)
    e = P.RE_CLAUSE_END.search(text, end)
    clause = text[s : e.start() if e else len(text)]
    return bool(P.RE_DEADLINE_NOT.search(clause))


def _what(text: str, pos: int, end: int) -> str | None:
    """What is due: the clause before the deadline (or, when the clause opens with the
    deadline, "Trước ngày 20 tháng 12 hằng năm, chủ sở hữu gửi báo cáo ...", the clause
    after it), without asides and markdown marks."""
    s = _clause_start(text, pos)
    raw = text[s:pos]
    # "gửi về Sở trước ngày 05/4/2024 và trước ngày 05/10/2024": the second is due for
    # the same thing as the first
    prev = [m for rx in (P.DEADLINES_BEFORE, P.DEADLINES_WITHIN) for m in rx.finditer(raw)]
    if prev:
        last = max(prev, key=lambda m: m.end())
        if _LIST_JOIN.fullmatch(raw[last.end() :]):
            raw = raw[: last.start()]
    if not re.search(r"\w{2,}", P.RE_MD_MARKS.sub("", raw).replace("(", "")):
        e = P.RE_CLAUSE_END.search(text, end)
        after = text[end : e.start() if e else len(text)]
        after = (
            P.RE_DEADLINE_RECURRING.sub("", after, count=1)
            if P.RE_DEADLINE_RECURRING.match(after)
            else after
        )
        after = " ".join(P.RE_MD_MARKS.sub("", P.RE_PAREN.sub(" ", after)).split())
        after = after.strip(" ,;:-")
        if not after and text[max(0, s - 3) : s].rstrip().endswith(":"):
            # "Thời gian nộp hồ sơ: chậm nhất ngày 20/4/2024.": the label says what
            colon = text.rfind(":", 0, s)
            label = text[_clause_start(text, colon) : colon]
            after = " ".join(P.RE_MD_MARKS.sub("", label).split()).strip(" ,;:-")
        return after[:_WHAT_MAX] or None
    # a deadline inside an aside: "(*hoàn thành xong trong tháng 5/2024*)" -> the words
    # before the aside say what, the aside's own words say the verb
    verb = ""
    open_paren = raw.rfind("(")
    if open_paren > raw.rfind(")"):
        verb = raw[open_paren + 1 :]
        raw = raw[:open_paren]
    raw = P.RE_PAREN.sub(" ", raw)
    raw = P.RE_MD_MARKS.sub("", raw)
    verb = P.RE_MD_MARKS.sub("", verb)
    # the actor: the shortest comma-separated tail that starts with a capital and says
    # what to do ("..., Ban Chỉ đạo cấp huyện chủ động tổ chức Hội nghị tổng kết")
    parts = [p.strip() for p in raw.split(",")]
    for i in range(len(parts) - 1, 0, -1):
        tail = ", ".join(parts[i:])
        if parts[i][:1].isupper() and P.RE_DEADLINE_VERB.search(tail):
            raw = tail
            break
    what = " ".join(f"{raw} {verb}".split()).strip(" ,;:-")
    if not what:
        return None
    return what[:_WHAT_MAX]
