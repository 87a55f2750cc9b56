"""The arrival stamp (ĐẾN Số … Ngày …): the receiving office's register, not the document's.

The stamp is a box near the header: the receiving office on top (`TT CÔNG BÁO & TIN HỌC
Q. NGÃI`), then `ĐẾN Số: 2369`, `Ngày: 28/11/2018`, `Chuyển: ...`. Its numbers are often
handwritten, so OCR and typists write them with dots (`2.3.6.9.....`). The stamp's lines
are returned so that the header never reads its number or date as the document's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.records import Arrival

from .. import patterns as P
from ..dates import parse_date
from ..reference import _is_abbrev, org_case, province_by_text, province_regex
from ..segment import Line, is_caps

_MAX_HEADER_LINES = 45


@dataclass(frozen=True, slots=True)
class ArrivalFound:
    arrival: Arrival
    lines: frozenset[int]  # indices of the lines that belong to the stamp
    spans: tuple[tuple[int, int], ...]  # (start, end) of stamp parts on shared lines


# "Số: 7g2" -- a letter glued to the digits: a handwritten number misread.
_GARBLED_AFTER = re.compile(r"[^\W\d_]")
# The stamp's printed wording before ĐẾN ("CÔNG VĂN ĐẾN", "VĂN BẢN ĐẾN"): not a receiver.
_STAMP_WORDING = re.compile(r"(?:^|\s)(?:CÔNG\s+VĂN|VĂN\s+BẢN|CV)\s*$")


def find_arrival(lines: list[Line]) -> ArrivalFound | None:
    """The arrival stamp among the first lines of a document, or None."""
    head = list(lines[:_MAX_HEADER_LINES])
    for k, ln in enumerate(head):
        m = P.RE_ARRIVAL_WORD.search(ln.text)
        if not m or not is_caps(m.group("den")):
            continue
        den_start = ln.start + m.start("den")
        used = {ln.index}
        spans: list[tuple[int, int]] = []
        number = date = None
        n_conf_text = ""
        # the stamp's own lines: this one and a few under it
        zone = [ln, *head[k + 1 : k + 5]]
        for z in zone:
            t = z.text
            if z is not ln and (
                (
                    number is not None
                    and date is not None
                    and not P.RE_ARRIVAL_OTHER.match(t.strip())
                )
                or P.RE_OWN_NUMBER_SHAPE.search(t)
            ):
                break  # the stamp is read; a number with a symbol is the document's own
            if z is not ln and not (
                P.RE_ARRIVAL_NUMBER.search(t)
                or P.RE_ARRIVAL_DATE.search(t)
                or P.RE_ARRIVAL_OTHER.match(t.strip(" \t|"))
            ):
                if z.blank:
                    continue
                break
            seg_from = m.start("den") if z is ln else 0
            nm = P.RE_ARRIVAL_NUMBER.search(t, seg_from)
            if nm and number is None:
                n_conf_text = nm.group("num")
                number = re.sub(r"\D", "", n_conf_text) or None
                if _GARBLED_AFTER.match(t, nm.end("num")):
                    number = None  # "Số: 7g2": a handwritten number OCR could not read
            dm = P.RE_ARRIVAL_DATE.search(t, seg_from)
            if dm and date is None:
                pd = parse_date(re.sub(r"[.\s]+$", "", dm.group("date")))
                date = pd.iso if pd else None
            used.add(z.index)
            spans.append((z.start + seg_from, z.end))
        if number is None and date is None:
            continue
        # the receiving office: a capitals line just above (or the text before ĐẾN on its line)
        receiver = None
        start = den_start
        before = ln.text[: m.start("den")].strip(" \t|")
        # "CÔNG VĂN ĐẾN": the stamp's own wording, the receiver is the line above
        wording = _STAMP_WORDING.search(before)
        if wording:
            spans.append((ln.start + ln.text.find(before), den_start))
            before = before[: wording.start()].strip(" \t|")
        if before and is_caps(before):
            receiver = before
            start = ln.start + ln.text.find(before)
            spans.append((start, den_start))  # the receiver shares the ĐẾN line
        else:
            for x in reversed(head[max(0, k - 2) : k]):
                s = x.text.strip(" \t|")
                if not s:
                    continue
                if (
                    is_caps(s)
                    and not P.RE_NUMBER_LINE.match(s)
                    and not any(r.search(s) for r in P.MOTTOS)
                ):
                    receiver = s
                    used.add(x.index)
                    start = x.start
                break
        end = max(e for _, e in spans) if spans else ln.end
        arrival = Arrival(
            receiver=normalise_receiver(receiver) if receiver else None,
            number=number,
            date=date,
            start=start,
            end=end,
            rule="arrival_stamp",
        )
        return ArrivalFound(arrival, frozenset(used), tuple(spans))
    return None


def normalise_receiver(text: str) -> str:
    """`TT CÔNG BÁO & TIN HỌC Q. NGÃI` -> `TT Công báo & Tin học Quảng Ngãi`."""
    text = " ".join(text.split())
    prov = None
    matches = list(province_regex().finditer(text))
    m = matches[-1] if matches else None  # the last province named is the receiver's
    if m is not None:
        prov = province_by_text(m.group(0))
    head = text[: m.start()] if (m is not None and prov) else text
    words = head.split()
    out = []
    cap_next = True
    for w in words:
        if _is_abbrev(w):
            out.append(w)
            cap_next = True
            continue
        lw = w.lower()
        out.append(lw[:1].upper() + lw[1:] if cap_next else lw)
        cap_next = w in ("&", "-")
    if prov:
        out.append(prov.name)
        return " ".join(out)
    # no province named: a body with its own locality ("UBND HUYỆN GIO LINH")
    return org_case(text)
