"""The header grammar of Vietnamese administrative documents, as named regexes.

Each constant says which case forced it. Built from small helpers so the same letter
classes (upper case with diacritics, OCR-confused letters) are spelt once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Upper-case Vietnamese letters (with diacritics) and lower-case ones.
UP = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
LO = "a-zàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
LETTER = rf"[{UP}{LO}]"

# --- speed: alternations led by their first letters -----------------------------------
# Python's regex engine jumps to the places where a pattern's first character (or one of
# a set of them) stands; a pattern that opens with a look-behind, or with a case-insensitive
# alternation, is tried at every position of the text instead (the province names, the
# citation cues: a large share of extraction time). ``led_alternation`` writes
# ``(?<!NOT_AFTER)(?i:B1|B2|...)`` so that it opens with the set of the branches' first
# letters (either case): the same matches, the same branch order.

# The characters a first letter is looked for among: Latin and Vietnamese letters, and the
# letter-like symbols that ignore-case matches to Latin ones (the Kelvin sign to "k").
_LETTER_CANDIDATES = tuple(
    chr(c) for c in (*range(0x20, 0x250), *range(0x1E00, 0x1F00), *range(0x2100, 0x2150))
)


def _first_char_pattern(branch: str) -> str:
    r"""The pattern of the first character of ``branch``: ``\X``, ``[...]`` or one character."""
    if branch.startswith("\\"):
        first = branch[:2]
    elif branch.startswith("["):
        first = branch[: branch.index("]", 2) + 1]  # the classes built here hold no "]"
    else:
        first = branch[0]
    if branch[len(first) : len(first) + 1] in ("*", "+", "?", "{"):
        raise ValueError(f"a branch that repeats its first character: {branch!r}")
    return first


def led_alternation(branches: tuple[str, ...], not_after: str | None) -> str:
    r"""``(?<!not_after)(?i:b1|b2|...)``, opening with the set of the branches' first letters.

    ``not_after`` is one character's pattern (``\w``, ``[\w.]``), or None for no look-behind.
    Each branch starts with one character's pattern (a letter, an escaped character or a
    class); after the lead letter only the branches that start with that letter are tried.

    >>> rx = re.compile(led_alternation(("hết hiệu lực", "bãi bỏ"), r"\w"))
    >>> [m.group() for m in rx.finditer("Bãi bỏ; thôi hết hiệu lực, xbãi bỏ")]
    ['Bãi bỏ', 'hết hiệu lực']
    """
    cls, alts = _lead_and_branches(branches)
    if not_after is None:
        return f"{cls}(?i:{alts})"
    return f"{cls}(?<!{not_after}{cls})(?i:{alts})"


def letter_led_starts(
    branches: tuple[str, ...], not_after: str | None, after: str
) -> tuple[str, ...]:
    r"""Where ``(?<!not_after)(?i:b1|b2|...)after`` starts, overlapping starts too, as one
    pattern per letter a branch may start with (either case): each pattern's match is that
    letter alone, and the starts are all the patterns' matches put in order (no place
    matches two of them: a place holds one letter).

    One pattern per letter, opening with the letter itself, case kept: the engine finds a
    literal letter with its fast search, and at the letter tries only the branches that
    may start there, each led by the class of its second letter written out in both cases
    (``[hH](?i:ương trình)``), which the engine tests before entering the branch. (One
    pattern led by the class of all first letters, its groups chosen by look-behinds,
    tried all the groups' look-behinds at every such letter: a twelfth of the seeds'
    extraction time.)

    ``not_after`` is one character's pattern (``\w``), or None for no look-behind.

    >>> rxs = [re.compile(p) for p in letter_led_starts(("báo cáo", "đề cương"), r"\w", "")]
    >>> sorted(m.start() for rx in rxs for m in rx.finditer("Đề cương báo cáo; xbáo cáo"))
    [0, 9]
    """
    firsts = [_first_char_pattern(b) for b in branches]
    rests_of: dict[str, list[str]] = {}
    for f, b in zip(firsts, branches, strict=True):
        for letter in sorted(_letters_of(f)):
            rests_of.setdefault(letter, []).append(_second_led(b[len(f) :]))
    return tuple(
        re.escape(letter)
        + (f"(?<!{not_after}{re.escape(letter)})" if not_after is not None else "")
        + f"(?=(?:{'|'.join(rests)}){after})"
        for letter, rests in rests_of.items()
    )


class LedFinder:
    """``pattern.finditer(text)`` for a pattern that opens with ``led_alternation(branches,
    not_after)``, tried only where one of the branches starts.

    The places are found one first letter at a time (:func:`letter_led_starts`), then the
    pattern is matched at each in order, skipping those inside the last match: the same
    matches as ``finditer`` (which tries the pattern at every letter of the lead class,
    choosing the branches by look-behinds at each: a cue list led by t, c and h is tried at
    most words of a Vietnamese text)."""

    def __init__(self, pattern: re.Pattern[str], branches: tuple[str, ...], not_after: str | None):
        self.pattern = pattern
        self._starts = tuple(re.compile(p) for p in letter_led_starts(branches, not_after, ""))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        starts = sorted(m.start() for rx in self._starts for m in rx.finditer(text))
        end = 0
        for pos in starts:
            if pos < end:
                continue
            m = self.pattern.match(text, pos)
            if m is not None:
                yield m
                end = max(m.end(), pos + 1)


def _second_led(rest: str) -> str:
    r"""``rest`` (a branch after its first character) for use outside ignore-case: led by the
    class of the letters its first character matches in either case, the remainder under
    ``(?i:)``. A rest that opens with an escape (``\s``), a group, or repeats its first
    character stays whole under ``(?i:)``."""
    try:
        first = _first_char_pattern(rest) if rest else "\\"
    except ValueError:
        first = "\\"
    if first.startswith("\\") or first in "().|^$":
        return f"(?i:{rest})"
    letters = "".join(re.escape(c) for c in sorted(_letters_of(first)))
    return f"[{letters}](?i:{rest[len(first) :]})"


def _lead_class(firsts: list[str]) -> str:
    """The class of the letters (either case) the first-character patterns match."""
    lead = sorted(set().union(*(_letters_of(f) for f in set(firsts))))
    return "[" + "".join(re.escape(c) for c in lead) + "]"


def grouped_alternation(branches: tuple[str, ...]) -> str:
    """``(?:b1|b2|...)`` for use where case is ignored, its branches grouped by the letters
    they start with (``(?:C(?:hỉ thị|ông văn)|N(?:ghị định|...)|...)``): where the text's
    letter is none of a group's, the engine passes over the whole group at once. Same
    matches: a group keeps its branches' order and no two groups start alike (else the
    plain alternation is returned)."""
    firsts = [_first_char_pattern(b) for b in branches]
    groups = _groups(firsts, branches)
    if groups is None:
        return "(?:" + "|".join(branches) + ")"
    return (
        "(?:"
        + "|".join(
            f"{members[0][0]}(?:{'|'.join(rest for _, rest in members)})"
            for members in groups.values()
        )
        + ")"
    )


def _groups(
    firsts: list[str], branches: tuple[str, ...]
) -> dict[frozenset[str], list[tuple[str, str]]] | None:
    """The branches (first character, the rest) grouped by the letters their first character
    matches, in order; None when two groups would share a letter."""
    letters = {f: _letters_of(f) for f in set(firsts)}
    groups: dict[frozenset[str], list[tuple[str, str]]] = {}
    for f, b in zip(firsts, branches, strict=True):
        groups.setdefault(letters[f], []).append((f, b[len(f) :]))
    keys = list(groups)
    if any(a & b for i, a in enumerate(keys) for b in keys[i + 1 :]):
        return None
    return groups


def _lead_and_branches(branches: tuple[str, ...]) -> tuple[str, str]:
    """The class of the branches' first letters (either case), and the branches grouped
    by the letters their first character matches, each group behind a look-behind for them.

    A group keeps its branches' order, and no two groups match the same letter, so at any
    place the branch that matches first is the one the plain alternation takes. (Were two
    first characters to match some letters alike but not all, each branch stays alone.)
    """
    firsts = [_first_char_pattern(b) for b in branches]
    groups = _groups(firsts, branches)
    if groups is not None:
        alts = "|".join(
            f"(?<={members[0][0]})(?:{'|'.join(rest for _, rest in members)})"
            for members in groups.values()
        )
    else:
        alts = "|".join(f"(?<={f}){b[len(f) :]}" for f, b in zip(firsts, branches, strict=True))
    return _lead_class(firsts), alts


def _letters_of(first: str) -> frozenset[str]:
    """The letters (either case) one first-character pattern matches."""
    return frozenset(c for c in _LETTER_CANDIDATES if re.fullmatch(f"(?i:{first})", c))


# --- motto (never an issuer) -------------------------------------------------------------
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"; vbpl writes CỘNG HOÀ; OCR loses diacritics or spaces.
# Capitals only: the same words in a sentence ("... nước Cộng hòa xã hội chủ nghĩa Việt Nam
# khóa XV thông qua") are no motto.
# Letters with diacritics are often misprinted or misread (NGHÍA, HOÀ): any letter there.
RE_MOTTO_1 = re.compile(
    r"C\w{2,3}\s*H\w{1,2}\s*X\w\s*H\w{1,2}I\s*CH\w\s*NGH\w{1,2}\s*VI\w{1,2}T\s*NAM"
)
# "Độc lập - Tự do - Hạnh phúc" (hyphen, en dash, or none; vbpl "Tự Do - Hạnh Phúc").
RE_MOTTO_2 = re.compile(
    r"[ĐD][ộo]c\s*l[ậa]p\s*[-–—]?\s*T[ựu]\s*do\s*[-–—]?\s*H[ạa]nh\s*ph[úu]c", re.IGNORECASE
)
# Party documents carry "ĐẢNG CỘNG SẢN VIỆT NAM" top right instead of the state motto.
RE_MOTTO_PARTY = re.compile(r"Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM")
# The Youth Union's documents carry "ĐOÀN TNCS HỒ CHÍ MINH" top right the same way (the
# issuer is on the left: "BCH ĐOÀN TỈNH X"); never an issuer, never the city Hồ Chí Minh.
# Only at the end of a cell: "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH" is a name.
RE_MOTTO_DOAN = re.compile(
    r"(?<!TRUNG ƯƠNG )(?<!BCH )(?<!HÀNH )"
    r"ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+H[ỒO]\s+CH[ÍI]\s+MINH\s*$"
)
MOTTOS = (RE_MOTTO_1, RE_MOTTO_2, RE_MOTTO_PARTY, RE_MOTTO_DOAN)

# Rules under header lines: "-------", "_______", "*******", "[", "|" alone.
RE_RULE_LINE = re.compile(r"^[\s\-_–—=*~.\[\]|]*$")

# --- number line ---------------------------------------------------------------------------
# "Số: 4575/BC-VP"; OCR "Sô:", "S6:", "Sổ:"; "Luật số: 100/2025/QH15", "Nghị quyết số: 93/...";
# colon may be missing or be a dot at the start of a cell ("Số 45-CT/TU"); further into a
# cell (the other column before it) the colon must be there: "TRƯỜNG THPT SỐ 1" is a name.
# The value runs to the end of the cell; a place-date that shares the line (two columns on
# one line) is cut off by the caller.
_NUMBER_PREFIX = (
    r"(?P<prefix>(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Lệnh|Nghị định|LUẬT|NGHỊ QUYẾT|PHÁP LỆNH)\s+)"  # noqa: E501
)
# A web page's metadata box labels its own fields "Số hiệu", "Số ký hiệu", "Số công báo":
# no number line.
_NOT_NUMBER_LABEL = r"(?![ \t]*(?:hiệu|HIỆU|ký\s+hiệu|KÝ\s+HIỆU|công\s+báo|CÔNG\s+BÁO)\b)"
RE_NUMBER_LINE = re.compile(
    rf"(?:^\s*(?:{_NUMBER_PREFIX}[Ss][ốỐ]|(?P<so>S[ốôổỗộớo6]|SỐ|SÓ)){_NOT_NUMBER_LABEL}\s*[:.;]?\s*"
    rf"|(?<=[\s|])(?:{_NUMBER_PREFIX.replace('prefix', 'prefix2')}[Ss][ốỐ]|S[ốôổỗộớ]|SỐ)\s*[:;]\s*)"
    r"(?P<value>[^\n|]*)"
)
# The printed value, once spaces next to "/", "-", "(" are gone: number, separator, symbol.
# Number may be blank ("Số: /KH-BCĐ", "Số: ....../QĐ-UBND"), lose its slash in a scan
# ("2749 UBND-NC"), or be misread handwriting ("2T4S/UBND-VX": letters inside, left empty).
# A dotted number is one number: the Government's "66.15/2026/NQ-CP" (a resolution of a
# numbered series), not 66 and a symbol "15/2026/NQ-CP".
RE_NUMBER_VALUE = re.compile(
    r"^(?P<num>\d{1,5}\.\d{1,3}(?=\s*/)|[0-9OoIl][0-9A-Za-z]{0,7}|[.…_ ]*)"
    r"\s*(?P<sep>[/-]?)\s*(?P<sym>\S.*)?$"
)
# A number as typed: digits, perhaps one letter ("12a") or a dotted part ("66.15").
RE_NUMBER_OK = re.compile(r"\d{1,6}(?:\.\d{1,3})?[a-zA-Z]?")
# The number written by hand into a typed blank: set apart from the slash ("445 /NQ-CP").
RE_HANDWRITTEN_FILL = re.compile(r"^\s*\d{1,6}\s+/")
# What OCR makes of handwriting in the number's blank: signs no number or symbol is
# printed with, glued to a digit or standing in for one ("Số:4@` /TB-UBND",
# "Số:⁄‡4_ /CT-UBND", "ngày 2# tháng"). The number beside them is a misread fill.
RE_OCR_JUNK = re.compile(r"[@`^#{}\[\]‡†⁄Ø£¢§¶°«»~|\\]")

# --- place and date ----------------------------------------------------------------------
# "Quảng Ngãi, ngày 28 tháng 11 năm 2018"; "TP. Hồ Chí Minh, ngày ..."; "Bà Rịa - Vũng Tàu";
# the place's words one space apart (a wider gap is the column gap of a layout text:
# "Số: 210/QĐ-TTr          Tân An, ngày ..."); partial
# "Bắc Giang, ngày tháng 3 năm 2024"; OCR "ngảy", "thảng", "nãm" (any letter there).
RE_PLACE_DATE = re.compile(
    rf"(?P<place>(?:(?:TP|Tp|T\.P|TX|Q|H)\.\s*)?[{UP}][{LO}]+"
    rf"(?:(?: ?- ?| )[{UP}][{LO}]+){{0,4}})\s*,\s*"
    r"(?P<date>ng\w{1,2}y\b[^\n|]{0,40}?n\w{1,2}m\s*(?:(?:19|20)\d{2}|[.…_ ]*)"
    # "Quảng Ngãi, ngày 28/11/2018" (a typist's short form)
    r"|ng\w{1,2}y\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2})",
)
# The same line on a scan where the handwritten day swallowed "ngày" into one misread word
# ("Quảng Ngãi, ngàW/{ tháng 5 năm 2021"): the place and the printed month and year stand.
RE_PLACE_DATE_DAMAGED = re.compile(
    rf"(?P<place>[{UP}][{LO}]+(?:(?: ?- ?| )[{UP}][{LO}]+){{0,4}})\s*,\s*"
    r"(?P<date>\S{1,12}\s+th\w{1,3}ng\s*\d{1,2}\s*n\w{1,2}m\s*(?:19|20)\d{2})"
)
# A date line without a place ("Ngày 05 tháng 5 năm 2026" under the number in some layouts).
RE_DATE_ONLY_LINE = re.compile(
    r"^\s*ng\w{1,2}y\b[^\n|]{0,40}?n\w{1,2}m\s*(?:19|20)\d{2}\s*$", re.IGNORECASE
)

# --- subject ------------------------------------------------------------------------------
# The công văn's trích yếu: "V/v tiếp tục ..."; OCR "V/V", "V\v", "Vv"; "Về việc ...".
RE_VV = re.compile(r"^\s*(?:V\s*[/\\|]\s*[vV]|Vv|Về việc)\b\s*[.:]?\s*", re.UNICODE)
# Lines that open the body and therefore end the header zone.
RE_BODY_OPENER = re.compile(
    r"^\s*(?:[-*]\s*)?(?:Căn cứ|Thực hiện|Triển khai|Theo\b|Để\b|Trong\b|Hôm nay|Vào hồi|Nhằm\b|"
    r"Qua\b|Ngày\s+\d|Tiếp\s+(?:nhận|theo)|Xét\b|Sau khi|Nay\b|Chấp hành|Thời gian\b|"
    # a Giấy mời's opening ("Trân trọng kính mời ..."); "Vừa qua, ..."
    r"Trân trọng\b|Vừa qua\b|"
    r"Điều\s+1\b|Chương\s+I\b|Phần\s+I\b|Phần\s+thứ|[IVX]+\s*[.:]\s|1\s*[.:)]\s|Mục\s+1\b)",
)
# The attachment line: "(Kèm theo Biên bản họp ngày 20/11/2018 ...)", "(Ban hành kèm theo ...)".
RE_ATTACHED_LINE = re.compile(
    r"^\s*\(?\s*(?:Ban hành\s+)?(?:kèm|Kèm|KÈM)\s+(?:theo|THEO)\b", re.UNICODE
)
RE_ATTACHED_TYPE = re.compile(r"(?:kèm|KÈM)\s+(?:theo|THEO)\s+(?P<type>.{0,60})", re.IGNORECASE)
# Blank forms (templates) in appendices: "Số: ........", "……, ngày….. tháng…..năm….",
# "TÊN CƠ QUAN (1)".
RE_TEMPLATE = re.compile(
    r"\.{4,}|…{2,}|…\s*\.|\.\s*…|TÊN\s+(?:CƠ\s+QUAN|TỔ\s+CHỨC|ĐƠN\s+VỊ|CƠ\s+SỞ)|\(\d\)\s*$|^\s*Mẫu\s+(?:số\s+)?\S*\d"
    r"|^\s*(?:BM|Biểu\s+mẫu|Biểu\s+số)\b|(?:ngày|tháng|năm)\s*[.…]{2,}",
    re.MULTILINE,
)

# --- Kính gửi, Nơi nhận --------------------------------------------------------------------
# The addressee label: "Kính gửi:"; a Giấy mời's "Kính mời:"; a Công điện's
# "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:" (its addressees follow, one per line).
RE_KINH_GUI = re.compile(
    r"^\s*(?:(?i:K[íi]nh\s+(?:g[ửu]i|m[ờo]i))\s*[:.]?"
    rf"|(?:[{UP}]+\s+){{0,12}}(?:điện|ĐIỆN|Điện)\s*:\s*$)\s*"
)
RE_NOI_NHAN = re.compile(r"^\s*N[ơo]i\s+nh[ậa]n\s*[:.]?", re.IGNORECASE)
# "- Lưu: VT, QTTV(3b);" is the file copy, not an addressee.
RE_LUU = re.compile(r"^\s*[-+•]?\s*Lưu\s*[:.]?", re.IGNORECASE)
# A routing or purpose note after an addressee: "(qua Phòng PV05)", "(để báo cáo)", "(b/c)".
RE_ROUTING_NOTE = re.compile(
    r"\s*\((?:qua|để|b/c|báo cáo|t/h|thực hiện|phối hợp|p/h|đ/b|chỉ đạo)\b[^)]*\)\s*$",
    re.IGNORECASE,
)
RE_LIST_ITEM = re.compile(r"^\s*[-+•–]\s*")

# --- arrival stamp -------------------------------------------------------------------------
# "ĐẾN Số: 2.3.6.9....." / "ĐẾN\tSố: ..." / "ĐẾN" alone with "Số:" on the next line;
# "Ngày: 28/11/2018"; "Chuyển:" (OCR "Chuyên:").
# (At a line's start or after a space or "|": written after the word, which is looked for
# first, as `(?:^|[\s|])(?P<den>ĐẾN|ĐÉN|DEN|ĐỀN)(?=\s|$|[:.])` would be tried everywhere.)
RE_ARRIVAL_WORD = re.compile(r"(?P<den>Đ(?:ẾN|ÉN|ỀN)|DEN)(?<![^\s|]...)(?=\s|$|[:.])")
RE_ARRIVAL_NUMBER = re.compile(r"S[ốôo6]\s*[:.]?\s*(?P<num>[\d.,\s…]*\d[\d.,…]*)")
RE_ARRIVAL_DATE = re.compile(r"Ng[àa]y\s*[:.]?\s*(?P<date>[\d./\-\s]{6,14}\d)")
# A document's own number has a symbol after it ("Số: 4575/BC-VP"); a stamp's has none.
RE_OWN_NUMBER_SHAPE = re.compile(rf"S[ốô]\s*[:.]?\s*[\d.…_ ]*\s*[/-]\s*[{UP}]")
RE_ARRIVAL_OTHER = re.compile(r"^\s*(?:Chuy[ểêe]n|Lưu hồ sơ|Giờ)\s*[:.]", re.IGNORECASE)

# --- secrecy and urgency ------------------------------------------------------------------
# Printed in capitals, alone, near the number (Luật Bảo vệ bí mật nhà nước 2018; NĐ 30/2020 §II.10).
RE_SECRECY = re.compile(r"(?<![\w])(?P<mark>TUYỆT MẬT|TỐI MẬT|MẬT)(?![\w])")
RE_URGENCY = re.compile(
    r"(?<![\w])(?P<mark>HỎA TỐC HẸN GIỜ|HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|KHẨN)(?![\w])"
)

# --- gazette furniture ---------------------------------------------------------------------
# Running header "CÔNG BÁO/Số 278/Ngày 18-05-2026" (the gazette's number, not the document's),
# the page number under it, and the gazette's e-signature block "Ký bởi: ... Cơ quan: ... Ngày ký:".
RE_GAZETTE_HEADER = re.compile(
    r"^\s*(?:\d{1,4}\s+)?C[ÔO]NG\s*B[ÁA]O\s*/?\s*S[ốỐ]\s*[\d +]+/?\s*Ng[àà]y\s*[\d\-/.]+"
    r"(?:\s+\d{1,4})?\s*$",
    re.IGNORECASE,
)
RE_GAZETTE_ESIGN = re.compile(
    r"^\s*(?:Ký bởi|Người ký|Cơ quan|Ngày ký|Thời gian ký|Email)\s*:", re.IGNORECASE
)
RE_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
# "VĂN BẢN QUY PHẠM PHÁP LUẬT" / "VĂN BẢN HỢP NHẤT" section titles of the gazette.
RE_GAZETTE_SECTION = re.compile(
    r"^\s*(?:VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN HỢP NHẤT|VĂN BẢN KHÁC|PHẦN VĂN BẢN KHÁC)\s*$"
)

# --- signature --------------------------------------------------------------------------
# "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG", "TUQ. GIÁM ĐỐC", "Q. CHỦ TỊCH".
# Party documents write "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ" (normalised to TM., KT.).
# OCR debris before the authority line of a scan, from a pen stroke or the seal's rim
# ("_—_ KT.CHỦ TỊCH").
RE_SCAN_DEBRIS_BEFORE_AUTHORITY = re.compile(r"^[\W_]+(?=(?:TUQ|TM|KT|TL|Q)\s*\.)")
RE_AUTHORITY = re.compile(
    r"^\s*(?:(?P<auth>TUQ|TM|KT|TL|Q)\s*\.|(?P<slash>T/M|K/T|T/L)\s*[.:]?)\s*(?P<rest>.*)$"
)
# The end mark of a body: "./." (also "/." and "./"); closes a document.
RE_END_MARK = re.compile(r"\./\.\s*$|(?<=\w)\s*/\.\s*$")


# Lines are asked these patterns by the hundred; each opens with "^\s*" then one of a few
# letters, so a line that opens with another character is answered without the engine.
def _may_open(s: str, letters: str) -> bool:
    """Whether ``s`` opens with one of ``letters`` or a blank (or is empty)."""
    c = s[:1]
    return c in letters or c.isspace()


def authority_match(s: str) -> re.Match[str] | None:
    """``RE_AUTHORITY.match(s)`` (TUQ, TM, KT, TL, Q, T/M, K/T, T/L: T, K or Q first)."""
    return RE_AUTHORITY.match(s) if _may_open(s, "TKQ") else None


def is_noi_nhan(s: str) -> bool:
    """Whether RE_NOI_NHAN matches at the start of ``s`` (N or n first)."""
    return _may_open(s, "Nn") and RE_NOI_NHAN.match(s) is not None


def is_web_furniture(s: str) -> bool:
    """Whether RE_WEB_FURNITURE matches ``s`` (File, Tệp, Các, Tin, Xem, Chia, any case)."""
    return _may_open(s, "FfTtCcXx") and RE_WEB_FURNITURE.match(s) is not None


def has_end_mark(line: str) -> bool:
    """Whether ``line`` ends with the end mark (RE_END_MARK; every form holds "/.")."""
    return "/." in line and RE_END_MARK.search(line) is not None


# A placeholder for an unsigned column: "(Ký, ghi rõ họ tên, đóng dấu)".
RE_SIGN_PLACEHOLDER = re.compile(r"^\s*\((?:Ký|ký)[^)]*\)\s*$")
# Web pages: attachments offered for download and navigation after the document.
RE_WEB_FURNITURE = re.compile(
    r"^\s*(?:File đính kèm|Tệp đính kèm|Các tin khác|Tin liên quan|Tin khác|Xem thêm|Chia sẻ)\s*:?\s*$",  # noqa: E501
    re.IGNORECASE,
)

# --- reporting periods --------------------------------------------------------------------
RE_PERIOD_QUARTER = re.compile(
    r"qu[ýy]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|năm|-)\s*(?P<y>(?:19|20)\d{2})", re.IGNORECASE
)
RE_PERIOD_HALF = re.compile(
    r"(?P<n>6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s*(?P<y>(?:19|20)\d{2})?", re.IGNORECASE
)
RE_PERIOD_NINE = re.compile(
    r"(?P<n>9|chín)\s+tháng\s+(?:đầu\s+)?năm\s*(?P<y>(?:19|20)\d{2})?", re.IGNORECASE
)
RE_PERIOD_MONTH = re.compile(
    r"tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})", re.IGNORECASE
)
RE_PERIOD_YEAR = re.compile(
    r"(?<!\d\s)(?:năm|Năm|NĂM)\s+(?P<y>(?:19|20)\d{2})(?!\s*[-–]\s*(?:19|20)\d{2})"
)

# --- abbreviation definitions in a body: "an ninh Tổ quốc (ANTQ)" ----------------------------
RE_ABBREV_DEF = re.compile(rf"\((?P<abbr>[{UP}][{UP}0-9&]{{1,11}})\)")


# --- moved from the stage modules: names, issuers, signatures --------------------------------

RE_LOCALITY_WORD = re.compile(
    r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|TP\.)\s", re.IGNORECASE
)

# A level word followed by a place name: "huyện Bình Sơn" (not "Công an huyện" alone).
RE_NAMED_LOCALITY = re.compile(
    rf"\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+[{UP}]"
)

# A first subject line may open like a body ("Thực hiện công tác bảo vệ bí mật nhà nước
# năm 2022") but names no document and is short; the body's opener names one.
RE_SUBJECT_OPENERS_OK = re.compile(
    r"^(?:Thực hiện|Triển khai|Tổ chức|Tăng cường|Nâng cao|Trong|Qua|Về)\b"
)

RE_NAMES_DOCUMENT = re.compile(r"\bsố\s+\d|\d+/[A-ZĐ]|\d+-[A-ZĐ]")

# What an opening sentence has and a trích yếu has not: its own main clause ("...,
# Ủy ban nhân dân tỉnh ban hành Kế hoạch ... như sau", "..., Sở ... hướng dẫn").
RE_TRICH_YEU_NOT = re.compile(
    r"(?i)\bnhư\s+sau\b|,\s*(?:Ủy\s+ban|UBND|Sở|Bộ|Công\s+an|Ban|Cục|Phòng|Văn\s+phòng)\b"
    r"[^,;]{0,80}\b(?:ban\s+hành|xây\s+dựng|hướng\s+dẫn|đề\s+nghị|yêu\s+cầu|chỉ\s+đạo|báo\s+cáo)\b"
)
# The first section of a body: "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Điều 1."
RE_SECTION_START = re.compile(r"^(?:[IVX]+\s*[.:]\s|1\s*[.:)]\s|Điều\s+1\b|Phần\s+I\b)")

# "Trang Thông tin điện tử Công an tỉnh": the web page's owner names itself.
RE_SELF_REF = re.compile(
    r"(?:Trang|Cổng)\s+[Tt]hông\s+tin\s+điện\s+tử\s+(?:của\s+)?"
    r"(?P<org>[^\s,.;()]+(?:\s+[^\s,.;()]+){0,4})"
)

# "(Đã ký)", "(Ký, ghi rõ họ tên)", "[daky]" (vbpl's mark for the signature), a seal's "[".
RE_PLACEHOLDER = re.compile(
    r"^\s*(?:\(\s*(?:Ký|ký|Đã ký|đã ký|Đã kí|đã kí)[^)]*\)|\[?\s*(?:Đã ký|đã ký)\s*\]?"
    r"|\[\s*\w*\s*\]|\[|\]|[\[\]|()]+)\s*$"
)

RE_LEVEL_WORD = re.compile(
    r"(?:tỉnh|huyện|quận|thị xã|xã|phường|thị trấn|thành phố)\b", re.IGNORECASE
)

# "- Lưu: VT, NC.  Đặng Văn Minh" / "- Như trên;   KT. CHỦ TỊCH": OCR puts the two columns of
# the foot (Nơi nhận left, signature right) on one line.
RE_TRAILING_SIG = re.compile(
    rf"^(?P<left>.*?[;.:,])\s+(?P<right>(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?[{UP}][{UP}\s.]{{3,}}"
    rf"|(?:[{UP}][{LO}]+\s+){{1,5}}[{UP}][{LO}]+)\s*$"
)

# A name or title followed by the copy's note that it was signed: "Nguyễn Văn A (đã ký)".
RE_SIGNED_SUFFIX = re.compile(r"\s*[(\[]\s*(?:đã ký|Đã ký|ĐÃ KÝ|ký|Ký)[^)\]]*[)\]]\s*$")

# After a body's name: the body acting in its own text ("Công an tỉnh Kon Tum thông báo",
# "Công an tỉnh đã tham mưu ban hành"): the speaker of a headerless page.
RE_SELF_ACTION = re.compile(
    rf"(?:\s+[{UP}][{LO}]+){{0,3}}\s+(?:đã\s+|đang\s+)?(?:thông báo|báo cáo|xây dựng|ban hành|"
    r"hướng dẫn|tổ chức|triển khai|đề nghị|tham mưu)\b"
)

# A token of symbols only, left in a title by OCR of a seal or a pen stroke: "—", "`", "%>—_"
# (a lone hyphen, slash, ampersand or quote is text: "2016 - 2020", "“An toàn").
RE_SYMBOL_NOISE = re.compile(r"(?![-–&/+“”\"'‘’()]+$)(?:[^\w]|_)+")

# A body written with its level and place, acting: "Công an thị xã Điện Bàn báo cáo ...",
# "UBND huyện Mộ Đức ban hành ...". The org group starts loosely; the caller trims it to
# the organisation head.
RE_NAMED_BODY_ACTION = re.compile(
    rf"(?P<org>(?:[{UP}][{LO}]*\s+){{1,5}}(?:[{LO}]+\s+){{0,2}}"
    r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+"
    rf"[{UP}][{LO}]+(?:\s+[{UP}][{LO}]+){{0,3}})"
    r"\s+(?:đã\s+)?(?:báo cáo|thông báo|xây dựng|ban hành|hướng dẫn|tổ chức|triển khai|đề nghị)\b"
)
# Text of a seal or stamp read over the signature: decorations ("* HUYỆN TƯ NGHĨA *",
# "CÔNG AN TỈNH THÁI BÌNH ✶") or a dotted abbreviation ("U.B.N.D").
RE_SEAL_TEXT = re.compile(r"[*✶★☆✱✳✦]|(?<!\w)(?:[A-ZĐ]\.){2,}[A-ZĐ]?(?!\w)")
