"""What a web page says of the document before the document itself begins.

Legal portals open a document's page with their own furniture: the site's name, a title
line ("Kế hoạch 328/KH-UBND năm 2019 về ..."), a list of related documents
("- 5Quyết định 568/QĐ-TTg năm 2023 phê duyệt ..."), and often a metadata box::

    Số hiệu: 155/KH-UBND Loại văn bản: Văn bản khác
    Nơi ban hành: Tỉnh Bắc Ninh Người ký: Nguyễn Tiến Nhường
    Ngày ban hành: 26/05/2017 Ngày hiệu lực: Đang cập nhật

or, with the table flattened, ``| Số hiệu | 188/KH-UBND |``. None of it is the document's:
the lines before the header (:func:`preamble_end`) are no citations, and the box's values
(:func:`read_site_box`) are the site's record of the document, evidence of its own kind:
they fill a field the header left empty, and stand beside a header value as a second
candidate, never replacing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..segment import Line, is_caps

# The box's labels (as vbpl.vn, thuvienphapluat.vn, phapluatcongdong.vn, hethongphapluat
# print them) and the field each one is evidence for. Labels not listed end the value
# before them but are not read.
BOX_LABELS = {
    "Số hiệu": "ref",
    "Số ký hiệu": "ref",
    "Loại văn bản": "doc_type",
    "Người ký": "signer",
    "Ngày ban hành": "date",
    "Nơi ban hành": "issuer",
    "Cơ quan ban hành": "issuer",
}
_OTHER_LABELS = (
    "Ngày hiệu lực",
    "Ngày công báo",
    "Số công báo",
    "Lĩnh vực",
    "Tình trạng",
    "Ngày hết hiệu lực",
    "Tình trạng hiệu lực",
    "Ngày có hiệu lực",
)
_ALL = sorted((*BOX_LABELS, *_OTHER_LABELS), key=len, reverse=True)
_LABEL = "|".join(re.escape(x) for x in _ALL)
# "Label: value" up to the next label, "|" or the line end; or a "| Label | value |" row.
_PAIR = re.compile(
    rf"(?<![^\s|])(?P<label>{_LABEL})[ \t]*(?::|\|)[ \t]*"
    rf"(?P<value>[^\n|]*?)[ \t]*(?=\||(?<![^\s])(?:{_LABEL})[ \t]*[:|]|\n|$)"
)
# Values that say nothing: "Đang cập nhật", "Không xác định", "---".
_EMPTY_VALUE = re.compile(r"^(?:Đang cập nh[ậa]t|Không xác định|Không có|[-–.…\s]*)$", re.I)


@dataclass(frozen=True)
class BoxValue:
    """One value of the site's box, with where it is printed."""

    field: str  # ref, doc_type, signer, date, issuer
    label: str
    value: str
    start: int
    end: int


def read_site_box(text: str, end: int) -> dict[str, BoxValue]:
    """The box's values in ``text[:end]`` (the page before the document), first of each."""
    out: dict[str, BoxValue] = {}
    for m in _PAIR.finditer(text, 0, end):
        field = BOX_LABELS.get(m.group("label"))
        value = m.group("value").strip(" \t:;,")
        if field is None or not value or _EMPTY_VALUE.match(value) or field in out:
            continue
        out[field] = BoxValue(field, m.group("label"), value, m.start("value"), m.end("value"))
    return out


def preamble_end(lines: list[Line], anchor_line: int, is_opener: re.Pattern[str]) -> int | None:
    """Index of the header's first line when lines above it are the site's, else None.

    ``anchor_line`` is the first line of the header proper (the motto or the number line).
    The issuer block above it (capitals, rules, "|" and blank lines) belongs to the header;
    what is above that is the page's. A body opener there ("Căn cứ", "Thực hiện") means the
    layout put the document's own text first (an OCR column order): then there is no
    preamble.
    """
    top = anchor_line
    i = anchor_line - 1
    while i >= 0:
        s = lines[i].stripped
        if lines[i].blank or re.fullmatch(r"[\s\-_–—=*~.|]*", s) or is_caps(s):
            if not lines[i].blank and not re.fullmatch(r"[\s\-_–—=*~.|]*", s):
                top = i
            i -= 1
            continue
        break
    if i < 0:
        return None  # nothing above the issuer block
    if any(is_opener.match(ln.stripped) for ln in lines[:top] if not ln.blank):
        return None
    return top
