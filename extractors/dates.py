"""Dates as Vietnamese administrative documents print them.

A regex for the printed forms (fast, exact, handles partial dates); dateparser is
left for free-form phrases elsewhere. Partial dates keep only what is printed.

>>> parse_date("ngày 28 tháng 11 năm 2018").iso
'2018-11-28'
>>> parse_date("ngày  tháng 3 năm 2024").iso
'2024-03'
>>> parse_date("19/11/2018").iso
'2018-11-19'
>>> parse_date("03-8-2016").iso
'2016-08-03'
>>> parse_date("30.8.2019").iso
'2019-08-30'
>>> parse_date("ngày /3/2024").iso
'2024-03'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int | None
    month: int | None
    day: int | None
    start: int = 0
    end: int = 0
    rule: str = ""

    @property
    def complete(self) -> bool:
        return None not in (self.year, self.month, self.day)

    @property
    def iso(self) -> str | None:
        """ISO form of what is known: '2018-11-28', '2024-03', '2024'; None if no year."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        if not self.complete:
            return None
        try:
            return dt.date(self.year, self.month, self.day)  # type: ignore[arg-type]
        except ValueError:
            return None


# "ngày 28 tháng 11 năm 2018"; blanks where a draft leaves the day or month empty
# ("ngày  tháng 3 năm 2024", "ngày .... tháng ... năm 2024"). OCR may drop diacritics
# (ngay/thang/nam) or confuse them (ngảy, thảng): accept any letter there.
_BLANK = r"[\s.…_/-]*"
RE_WORDY_DATE = re.compile(
    r"ng\w{1,2}y\s*(?P<d>\d{1,2})?"
    + _BLANK
    + r"th\w{1,3}ng\s*(?P<m>\d{1,2})?"
    + _BLANK
    + r"n\w{1,2}m\s*(?P<y>(?:19|20)\d{2})",
    re.IGNORECASE,
)

# "19/11/2018", "03-8-2016", "30.8.2019", "28/08/2015"; also "/3/2024" (blank day).
RE_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})?\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?!\d)"
)

# What every RE_NUMERIC_DATE match holds, led by its first separator.
_NUMERIC_DATE_PARTS = re.compile(r"[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}(?!\d)")

# "tháng 5/2024", "tháng 5 năm 2024"
RE_MONTH_YEAR = re.compile(
    r"th\w{1,3}ng\s+(?P<m>\d{1,2})\s*(?:/|n\w{1,2}m)\s*(?P<y>(?:19|20)\d{2})(?!\d)", re.IGNORECASE
)


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    return y is None or 1945 <= y <= 2100


def _mk(match: re.Match[str], rule: str, offset: int = 0) -> PartialDate | None:
    g = match.groupdict()
    d = int(g["d"]) if g.get("d") else None
    m = int(g["m"]) if g.get("m") else None
    y = int(g["y"]) if g.get("y") else None
    if not _valid(y, m, d):
        return None
    if d is not None and m is None:
        return None
    return PartialDate(y, m, d, match.start() + offset, match.end() + offset, rule)


def find_dates(text: str) -> list[PartialDate]:
    """All printed dates in ``text``, in order, non-overlapping."""
    found: list[PartialDate] = []
    taken: list[tuple[int, int]] = []
    for rule, rx in (
        ("wordy_date", RE_WORDY_DATE),
        ("numeric_date", RE_NUMERIC_DATE),
        ("month_year", RE_MONTH_YEAR),
    ):
        if rx is RE_NUMERIC_DATE and not _NUMERIC_DATE_PARTS.search(text):
            continue  # (a quick look first: RE_NUMERIC_DATE is tried at every position)
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            pd = _mk(m, rule)
            if pd is not None:
                found.append(pd)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


def parse_date(text: str) -> PartialDate | None:
    """The first printed date in ``text`` (None when there is none)."""
    dates = find_dates(text)
    return dates[0] if dates else None


def date_at(text: str, pos: int, window: int = 40) -> PartialDate | None:
    """A date starting within ``window`` characters after ``pos`` (e.g. after a mention)."""
    for d in find_dates(text[pos : pos + window + 40]):
        if d.start <= window:
            return PartialDate(d.year, d.month, d.day, d.start + pos, d.end + pos, d.rule)
    return None
