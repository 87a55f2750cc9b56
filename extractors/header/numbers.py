"""Number and symbol, place and date of the header (printed, spaced, blank, handwritten)."""

from __future__ import annotations

import logging
import re

from .. import patterns as P
from ..dates import RE_MONTH_YEAR, parse_date
from ..reference import (
    doc_type_by_name,
    fold,
    province_by_text,
)
from .model import _UNREADABLE_DATE_RULES

log = logging.getLogger(__name__)


class NumbersMixin:
    """Methods of the header reader (:class:`extractors.header.reader.HeaderReader`)."""

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
