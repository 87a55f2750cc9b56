"""Number and symbol, place and date of the header (printed, spaced, blank, handwritten)."""

from __future__ import annotations

import logging
import re
from functools import cache

from .. import patterns as P
from ..dates import RE_MONTH_YEAR, parse_date
from ..reference import (
    doc_type_by_name,
    doc_types,
    fold,
    issuers,
    province_by_text,
)
from .model import _UNREADABLE_DATE_RULES

log = logging.getLogger(__name__)


# OCR confusions inside a symbol's codes: a letter doubled ("CATT" for CAT) or one glyph
# read as its look-alike. A code is corrected only to a known one (reference data: the
# issuer codes of data/issuers.yaml and the type codes of data/doc_types.yaml), and only
# when exactly one known code is within one such change.
_LOOKALIKES = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}


@cache
def _known_codes() -> frozenset[str]:
    codes = {i.code for i in issuers()}
    for t in doc_types():
        codes.add(t.code)
        codes.update(t.other_codes)
    return frozenset(c for c in codes if c)


def _one_change(code: str) -> set[str]:
    out = set()
    for i in range(1, len(code)):
        if code[i] == code[i - 1]:
            out.add(code[:i] + code[i + 1 :])  # a doubled letter
    for i, ch in enumerate(code):
        if ch in _LOOKALIKES:
            out.add(code[:i] + _LOOKALIKES[ch] + code[i + 1 :])
    return out


def correct_symbol_codes(symbol: str) -> tuple[str, list[tuple[str, str]]]:
    """The symbol with OCR-damaged codes put right, and the (printed, corrected) pairs.

    >>> correct_symbol_codes("BC-CATT-PV05")
    ('BC-CAT-PV05', [('CATT', 'CAT')])
    >>> correct_symbol_codes("KH-UBND")
    ('KH-UBND', [])
    """
    known = _known_codes()
    changes: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        code = m.group(0)
        if code in known or len(code) < 3:
            return code
        hits = {c for c in _one_change(code) if c in known}
        if len(hits) != 1:
            return code
        (good,) = hits
        changes.append((code, good))
        return good

    return re.sub(r"[A-ZĐ0-9]+", fix, symbol), changes


class NumbersMixin:
    """Methods of the header reader (:class:`extractors.header.reader.HeaderReader`)."""

    # -- number ------------------------------------------------------------------------------
    def _number(self, line_start: int, vstart: int, vend: int, prefix: str | None) -> None:
        raw = self.text[vstart:vend]
        struck = "~~" in raw
        val = raw.replace("~~", " ")
        garbled = bool(P.RE_OCR_JUNK.search(val.split("/", 1)[0]))
        val = P.RE_OCR_JUNK.sub(" ", val)
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
        # "4_/CT-UBND": what is left of a blank's underscores between number and symbol
        sym = re.sub(r"^[.…_]+\s*[/-]?\s*", "", (m.group("sym") or "").strip(" .,;:|"))
        rule, conf = "number_line", 0.95
        if num and not P.RE_NUMBER_OK.fullmatch(num):
            if re.fullmatch(r"[0-9OoIl]{1,6}", num):
                num = num.replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
                rule, conf = "number_repaired", 0.6
            else:
                # handwritten and misread: better empty than wrong
                num, rule, conf = None, "number_misread", 0.3
        if garbled and num:
            # OCR junk beside the digits: a handwritten fill misread; the symbol is printed
            num, rule, conf = None, "number_misread", 0.3
        if num == "":
            num = None
            if rule == "number_line":
                rule = "number_blank"
                if self.conf_of(vstart) is not None:
                    # A blank number on a scan of signed paper was filled in by hand, in
                    # ink the OCR dropped (blue ink is taken for a pen stroke): unsure.
                    rule, conf = "number_blank_on_scan", 0.45
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
        sym_rule = "symbol" if sym else "symbol_missing"
        printed_sym = sym
        if sym and self.conf_of(vstart) is not None:
            fixed, changes = correct_symbol_codes(sym)
            if changes:
                # the printed form stays in the evidence: the rule names it, the offsets
                # point at it, and `ref` keeps the number and symbol as printed
                sym_rule = "symbol_ocr_corrected:" + ",".join(f"{a}>{b}" for a, b in changes)
                sym = fixed
        self.put(
            "symbol",
            sym or None,
            vstart,
            vend,
            rule=sym_rule,
            confidence=min(0.95, conf + 0.2) if sym else 0.5,
        )
        if rule == "number_misread":
            ref = None  # a misread number is no blank one: the printed form is unknown
        else:
            sym = printed_sym  # `ref` is the number and symbol as printed
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
