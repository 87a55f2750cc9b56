"""Text clean-up before extraction: a list of named steps, applied once per file.

Every extractor works on the cleaned text and every offset refers to it (it is what
``DocumentRecord.text`` holds). Steps never remove a page break (``PAGE_BREAK``) and never
join lines across one, so page numbers stay recoverable by counting form feeds.

>>> clean_text("Sô: 4575/BC-VP")
'Số: 4575/BC-VP'
>>> clean_text("Công văn số 4575 / BC-VP")
'Công văn số 4575/BC-VP'
>>> clean_text("Quảng Ngãi, ngảy 28 thảng 11 nãm 2018")
'Quảng Ngãi, ngày 28 tháng 11 năm 2018'
>>> clean_text("**Cuộc họp** <i>(x)</i>")
'Cuộc họp (x)'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .patterns import LO, UP

# Speed (these steps run over every page): Python's regex engine jumps straight to the
# places where a pattern's first character (or one of a set) occurs, but tries a pattern
# that opens with a look-behind, a look-ahead or a repeat at every position of the text.
# So the patterns here open with a character: a look-behind that belongs before the first
# character is written just after it, over it too (`(?<!\w)s[6o]` is `s(?<!\ws)[6o]`), and
# `[ \t]+` that opens a pattern is `[ \t][ \t]*`. Steps whose change needs a rare
# character or word first look whether the text has one. The matches are the same.


def nfc(text: str) -> str:
    """Unicode NFC: PDFs may store NFD (31% character error before NFC in one test)."""
    return unicodedata.normalize("NFC", text)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\ufffe\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\r\v]")
_MULTI_SPACE = re.compile(r" (?<=\S ) {1,2}(?=\S)")  # 2-3 spaces between two non-spaces


def whitespace(text: str) -> str:
    """Odd spaces to plain ones, zero-width marks out, trailing and leading blanks off.

    Runs of 2–3 spaces inside a line become one; wider gaps (a layout column gap) and tabs
    are kept, since they separate the two header columns.
    """
    text = text.replace("\r\n", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    # each rule only where the blanks it removes stand (a quick look for them first);
    # both at once, line by line: str.rstrip/lstrip, the same as the patterns they replace
    # (``[ \t][ \t]*(?=\n|$)`` then ``(?m)^[ ]+``), which were tried at every space and
    # every position of the text
    trailing = " \n" in text or "\t\n" in text or text.endswith((" ", "\t"))
    leading = "\n " in text or text.startswith(" ")
    if trailing and leading:
        text = "\n".join([ln.rstrip(" \t").lstrip(" ") for ln in text.split("\n")])
    elif trailing:
        text = "\n".join([ln.rstrip(" \t") for ln in text.split("\n")])
    elif leading:
        text = "\n".join([ln.lstrip(" ") for ln in text.split("\n")])
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    return text


_HTML_TAG = re.compile(r"</?(?:i|b|u|em|strong|br|span|p|sup|sub)\b[^>]*>", re.IGNORECASE)


def html_tags(text: str) -> str:
    """Inline HTML left in a web page's text (`<i>(Nếu thiếu ...)</i>`)."""
    return _HTML_TAG.sub("", text)


# "**bold**", "*italic*", "***" around words; a lone "* " bullet at a line start is kept.
# "~~" (struck through) is kept: the number-line rule reads it as a damaged number.
# (Written from its first "*": `\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}`.)
_EMPHASIS = re.compile(r"\*(?:\*{0,2}(?=[^\s*])|(?<=[^\s*]\*)\*{0,2})")


def markdown_marks(text: str) -> str:
    """Markdown emphasis of text exports (`**Cuộc họp ...**`, `(*không tổ chức hội nghị*)`)."""
    if "*" not in text:
        return text
    return _EMPHASIS.sub("", text)


# OCR confusions in the header words: "Sô:"/"Sổ:"/"S6:" for "Số:", "ngảy" for "ngày",
# "thảng" for "tháng", "nãm" for "năm" (only next to digits, so real words stay).
_OCR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    # at a line's start or after a space or "|" (the look-behind after the "S")
    (re.compile(r"S(?<![^\s|]S)[ôổỗộớ6o]\s*:"), "Số:"),
    (re.compile(r"ng(?<!\wng)[ảạàáãa]y(?=\s+(?:\d|tháng|th[ảạáàa]ng|[.…_]))"), "ngày"),
    (re.compile(r"Ng(?<!\wNg)[ảạáãa]y(?=\s*[:\d])"), "Ngày"),
    # after a digit and a space, or after "y" and a space ("ngày 5 thảng 3")
    (re.compile(r"th(?:(?<=\d\sth)[ảạáàa]|(?<=y\sth)[ảạàa])ng(?=\s+\d)"), "tháng"),
    (re.compile(r"n(?<=\d\sn)[ãâảạáàa]m(?=\s+(?:19|20)\d\d)"), "năm"),
    # "số" before a document's number read "s6", "s0", "sô" ("Nghị định s6 64/2007/NĐ-CP"):
    # no Vietnamese word is spelt so, and only when a number follows.
    (re.compile(r"s(?<![^\W\d_]s)[6o0ô](?=[ \t]+\d{1,5}[/-])"), "số"),
)


def ocr_words(text: str) -> str:
    for rx, rep in _OCR_WORDS:
        text = rx.sub(rep, text)
    return text


# "1O/2018" or "O5/CT": a letter O between digits, or before digits and a slash, is a zero;
# "l"/"I" likewise a one. Only inside a number-symbol token (digits then "/" or "-").
_O_IN_NUMBER = re.compile(
    r"([0-9OoIl](?<!\w[0-9OoIl])(?=[0-9OoIl]{0,5}[/-][" + UP + r"0-9])[0-9OoIl]{0,5})(?=[/-])"
)


def _fix_digits(m: re.Match[str]) -> str:
    tok = m.group(1)
    if not any(c.isdigit() for c in tok):
        return tok
    return tok.replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")


# "năm 2O18", "28/1l/2018": a letter O (or l) inside a run of digits.
_O_IN_DIGITS = re.compile(
    r"(?<![\w])(?=[0-9Ol]*[0-9][0-9Ol]*[Ol])(?=[0-9Ol]*[Ol][0-9Ol]*[0-9])[0-9Ol]{2,8}(?![\w])"
)
# Such a token has a digit next to an O or l somewhere: no such pair, nothing to fix.
# Looked for from the O or the l, one letter at a time: the engine finds a literal letter
# with its fast search (a class of digits, O and l is tried at every digit and every l).
_DIGIT_BESIDE_O = tuple(re.compile(rf"{c}(?:(?<=[0-9]{c})|(?=[0-9]))") for c in "Ol")


# A token _O_IN_NUMBER changes holds an O, o, I or l among its last six characters before
# the "/" or "-": a quick look for one first, led by the separator (the pattern is led by
# 0-9, O, o, I, l: every "o" and "l" of the text).
_O_BEFORE_SEPARATOR = re.compile(
    "[/-](?:" + "|".join(f"(?<=[OoIl][0-9OoIl]{{{k}}}[/-])" for k in range(6)) + ")"
)


def ocr_digits(text: str) -> str:
    """`1O/2018/NĐ-CP` -> `10/2018/NĐ-CP`, `năm 2O18` -> `năm 2018` (tokens holding digits)."""
    if _O_BEFORE_SEPARATOR.search(text):
        text = _O_IN_NUMBER.sub(_fix_digits, text)
    if not any(rx.search(text) for rx in _DIGIT_BESIDE_O):
        return text
    return _O_IN_DIGITS.sub(lambda m: m.group(0).replace("O", "0").replace("l", "1"), text)


# The slashes of a reference read as a letter: "64l2007/NĐ-CP" (between number and year),
# "64/2007INĐ-CP" (between year and symbol). Only l, I and | (a "1" may be a digit), only
# between a number and a year or a year and a capitals-and-dash symbol.
_SLASH_BEFORE_YEAR = re.compile(r"(\d(?<![\w/]\d)\d{0,4})[lI|]((?:19|20)\d\d)(?=/[" + UP + r"])")
_SLASH_AFTER_YEAR = re.compile(
    r"[lI|](?<=\d/(?:19|20)\d\d[lI|])(?=[" + UP + r"]{2,}[-–][" + UP + r"])"
)
_YEAR_SLASH_AFTER_L = re.compile(r"/(?<=[lI|](?:19|20)\d\d/)")
_YEAR_L_AFTER_SLASH = re.compile(r"/(?=(?:19|20)\d\d[lI|])")
# A space read before a symbol's dash, the rest maybe on the next line: "64/2007/NĐ -CP",
# "473/TTr -\nNN&PTNT". Only after "/" and a code, before a capitals-only code.
_SPACED_SYMBOL_DASH = re.compile(
    rf"(/[{UP}][{UP}{LO}&]{{0,9}})[ \t]+-[ \t]*\n?[ \t]*"
    rf"(?=[{UP}0-9&]+(?:[\s,.;:)/-]|$))"
)
# Type codes of symbols that lost or gained the bar of "Đ" (closed vocabulary: the
# genre's codes for quyết định, nghị định, hội đồng / ủy ban nhân dân): "QD-UBND",
# "ND-CP", "UBNĐ", "HDND". Only inside a symbol: after "/" or "-", before "-", "/" or its end.
_CODE_FIXES = {"QD": "QĐ", "ND": "NĐ", "UBNĐ": "UBND", "HDND": "HĐND"}
_BAD_CODE = re.compile(r"([/-])(QD|ND|UBNĐ|HDND)(?=[-/]|(?<=UBNĐ|HDND)(?![\w]))")


def ocr_symbols(text: str) -> str:
    r"""`64l2007INĐ -CP` -> `64/2007/NĐ-CP`; `81/2005/QD-UBNĐ` -> `81/2005/QĐ-UBND`.

    >>> ocr_symbols("Nghị định số 64l2007/NĐ-CP; 64/2007INĐ-CP; 64/2007/NĐ -CP ngày")
    'Nghị định số 64/2007/NĐ-CP; 64/2007/NĐ-CP; 64/2007/NĐ-CP ngày'
    >>> ocr_symbols("Tờ trình số 473/TTr -\nNN&PTNT; 81/2005/QD-UBNĐ; 12/ND-CP; 2021 - 2025")
    'Tờ trình số 473/TTr-NN&PTNT; 81/2005/QĐ-UBND; 12/NĐ-CP; 2021 - 2025'
    """
    # (each only where a year stands by a slash and an l, I or |: a quick look first, led
    # by the slash; the patterns are led by every digit and every "l")
    if _YEAR_SLASH_AFTER_L.search(text):
        text = _SLASH_BEFORE_YEAR.sub(r"\1/\2", text)
    if _YEAR_L_AFTER_SLASH.search(text):
        text = _SLASH_AFTER_YEAR.sub("/", text)
    text = _SPACED_SYMBOL_DASH.sub(r"\1-", text)
    return _BAD_CODE.sub(lambda m: m.group(1) + _CODE_FIXES[m.group(2)], text)


# "4575 / BC-VP", "73 / 2025 /TT-NHNN", "132 /KH-UBND": no spaces around "/" after a number.
# Not on the document's own number line: there "Số: 445 /NQ-CP" says the number was written
# into a blank (by hand, on a scan), which the header rule needs to see.
_SPACED_SLASH_LEFT = re.compile(
    r" (?<![Ss]ố:\s\d )(?<![Ss]ố:\s\d\d )(?<![Ss]ố:\s\d\d\d )(?<![Ss]ố:\s\d\d\d\d )"
    rf"(?<=[0-9] ) */(?= *[0-9{UP}])"
)
_SPACED_SLASH_RIGHT = re.compile(rf" (?<=[0-9]/ ) *(?=[0-9{UP}])")
# "UBND-\nNC", "566/\nUBND": a symbol broken at the end of a line (pdftotext, narrow V/v column).
_BROKEN_SYMBOL = re.compile(rf"\n(?<=[0-9{UP}][/-]\n)(?=[0-9{UP}][0-9{UP}]*(?:[\s,.;)]|$))")


def symbol_breaks(text: str) -> str:
    """Broken `/` and `-` inside symbols: spaced slashes, a symbol split over two lines."""
    # each rule only where its break stands (a quick look for it first)
    if " /" in text:
        text = _SPACED_SLASH_LEFT.sub("/", text)
    if "/ " in text:
        text = _SPACED_SLASH_RIGHT.sub("", text)
    if "/\n" in text or "-\n" in text:
        text = _BROKEN_SYMBOL.sub("", text)
    return text


# Old-style tone placement on an open syllable ending in "oa", "oe", "uy" ("hoà", "khoẻ",
# "Thuỷ", "uỷ ban") -> the new style the tables and the gold use ("hòa", "khỏe", "Thủy",
# "ủy"). Only at a word's end: "hoàng", "toán", "thuyền" carry the mark where both styles do.
# "qu" is one consonant: "quý", "Quỳnh" keep theirs, and a misplaced "qúy" is put back.
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_TONE_ON = {"o": "òóỏõọ", "u": "ùúủũụ"}
_LETTER_AFTER = r"(?![^\W\d_])"
# The two vowels that end a word (the onset before them is left as it is).
_OLD_PLACEMENT = re.compile(
    r"([oOuU])(?:(?<=[oO])([àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])|(?<=[uU])([ỳýỷỹỵỲÝỶỸỴ]))" + _LETTER_AFTER
)
# "qúy" at a word's start (the look-behind after the "q").
_Q_MISPLACED = re.compile(r"([qQ])(?<![^\W\d_][qQ])([ùúủũụÙÚỦŨỤ])([yY])" + _LETTER_AFTER)
# What every such match holds, from a literal "q" or "Q" (the engine's fast search; the
# class of both is tried at every q)
_Q_BEFORE_TONED_U = tuple(re.compile(f"{c}(?=[ùúủũụÙÚỦŨỤ][yY])") for c in "qQ")


def _strip_tone(c: str) -> tuple[str, int]:
    """`à` -> (`a`, 0): the base vowel and the tone's index (huyền, sắc, hỏi, ngã, nặng)."""
    low = c.lower()
    for base, toned in (*_TONED.items(), *_TONE_ON.items()):
        if low in toned:
            b = base.upper() if c.isupper() else base
            return b, toned.index(low)
    raise ValueError(c)


def _put_tone(base: str, tone: int) -> str:
    low = base.lower()
    toned = {**_TONED, **_TONE_ON}[low][tone]
    return toned.upper() if base.isupper() else toned


def _new_placement(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2) or m.group(3)
    if first in "uU" and m.string[m.start() - 1 : m.start()] in ("q", "Q"):
        return m.group(0)  # "quý": the tone is on the y in both styles
    base, tone = _strip_tone(second)
    return f"{_put_tone(first, tone)}{base}"


def tone_placement(text: str) -> str:
    """Old-style tone placement made new-style, as the gold writes it.

    >>> tone_placement("Khánh Hoà, Thuỷ lợi, Uỷ ban, UỶ BAN, HOÀ BÌNH, sức khoẻ")
    'Khánh Hòa, Thủy lợi, Ủy ban, ỦY BAN, HÒA BÌNH, sức khỏe'
    >>> tone_placement("quý I, Quỳnh, Hoàng, toán, thuở, thuyền, của, qúy II")
    'quý I, Quỳnh, Hoàng, toán, thuở, thuyền, của, quý II'
    """
    text = _OLD_PLACEMENT.sub(_new_placement, text)

    def q(m: re.Match[str]) -> str:
        base, tone = _strip_tone(m.group(2))
        return f"{m.group(1)}{base}{_put_tone(m.group(3), tone)}"

    if any(rx.search(text) for rx in _Q_BEFORE_TONED_U):  # (a quick look first)
        text = _Q_MISPLACED.sub(q, text)
    return text


# A stacked vowel read twice: Tesseract sometimes emits the bare vowel and then the same
# vowel with its hat or horn ("Thường trụực" for "Thường trực", "Phó Giám đoốc"). No
# Vietnamese word writes u before ư, o before ô/ơ, a before â/ă or e before ê ("ưu",
# "thuở", "cuộc", "tuần", "hoặc", "thuế" pair different vowels and are left alone).
_HAT = {"\u031b": "uo", "\u0302": "aoe", "\u0306": "a"}  # horn, circumflex, breve
_VOWEL_PAIR = re.compile("([uoaeUOAE])([\u0300-\u036f]*)([uoaeUOAE])([\u0300-\u036f]*)")
# A double read is the same vowel twice, the second one marked: no such pair, nothing to do.
_SAME_VOWEL_TWICE = re.compile("([uoaeUOAE])[\u0300-\u036f]*(?i:\\1)[\u0300-\u036f]")


def _hatted_after_same_pattern() -> re.Pattern[str]:
    """The same test before NFD (most texts then skip NFD): a combining mark, or a letter
    with a hat whose base the letter before it has ("uư", "oố")."""
    letters = map(chr, (*range(0x41, 0x250), *range(0x1E00, 0x1F00)))
    every: dict[str, str] = dict.fromkeys("uoae", "")
    hatted: dict[str, str] = dict.fromkeys("uoae", "")
    for c in letters:
        d = unicodedata.normalize("NFD", c)
        base = d[0].lower()
        if base in every:
            every[base] += c
            if any(h in d[1:] for h in _HAT):
                hatted[base] += c
    behind = "|".join(f"(?<=[{every[b]}][{hatted[b]}])" for b in "uoae")
    # a combining mark counts too: one scan for both (a combining mark is no hatted letter)
    return re.compile(f"[\u0300-\u036f{''.join(hatted.values())}](?:(?<=[\u0300-\u036f])|{behind})")


_MARK_OR_HATTED_AFTER_SAME = _hatted_after_same_pattern()


def _merge_pair(m: re.Match[str]) -> str:
    base1, marks1, base2, marks2 = m.groups()
    hats1 = [c for c in marks1 if c in _HAT]
    hats2 = [c for c in marks2 if c in _HAT]
    if hats1 or len(hats2) != 1 or base1.lower() != base2.lower():
        return m.group(0)
    if base2.lower() not in _HAT[hats2[0]]:
        return m.group(0)
    tone1 = [c for c in marks1 if c not in _HAT]
    tone2 = [c for c in marks2 if c not in _HAT]
    if tone1 and tone2 and tone1 != tone2:
        return m.group(0)  # two different tones ("BẢẤ"): not one vowel read twice
    # the tone read on the bare vowel goes to the kept one
    return unicodedata.normalize("NFD", base2 + "".join(hats2 + (tone2 or tone1)))


def doubled_vowels(text: str) -> str:
    """`trụực` -> `trực`: a bare vowel before its own hatted form is an OCR double read.

    >>> doubled_vowels("Phó Bí thư Thường trụực, Giám đoốc, hưu trí, thuở, cuộc, hoặc")
    'Phó Bí thư Thường trực, Giám đốc, hưu trí, thuở, cuộc, hoặc'
    """
    if not _MARK_OR_HATTED_AFTER_SAME.search(text):
        return text
    nfd = unicodedata.normalize("NFD", text)
    if not _SAME_VOWEL_TWICE.search(nfd):
        return text
    fixed = _VOWEL_PAIR.sub(_merge_pair, nfd)
    return text if fixed == nfd else unicodedata.normalize("NFC", fixed)


# A Roman numeral after the words that number parts and annexes, misread: "II" as "H"
# ("Phụ lục H", "tại Phụ lục H kèm theo"), "I" as "l" or "|". Only a token of those
# letters that becomes a valid numeral; "Phụ lục 1" (Arabic) is left alone.
_ROMAN_AFTER = re.compile(
    r"(?<![^\W\d_])((?:Phụ lục|PHỤ LỤC|Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+)"
    r"([IVXHl|]{1,6})(?![^\W_])"
)
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# What a fix needs: one of those words, then a token holding H, l or |.
_ROMAN_MISREAD = re.compile(
    r"(?:Phụ lục|PHỤ LỤC|Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+[IVXHl|]{0,5}[Hl|]"
)


def _roman(m: re.Match[str]) -> str:
    tok = m.group(2)
    if not any(c in "Hl|" for c in tok):
        return m.group(0)
    fixed = tok.replace("H", "II").replace("l", "I").replace("|", "I")
    return m.group(1) + fixed if fixed and _ROMAN.fullmatch(fixed) else m.group(0)


def roman_numerals(text: str) -> str:
    """`Phụ lục H` -> `Phụ lục II`, `Chương l` -> `Chương I` (OCR of serif capitals).

    >>> roman_numerals("Phụ lục I và Phụ lục H; PHỤ LỤC HI; Mục l; Phụ lục 1; Phần Hà")
    'Phụ lục I và Phụ lục II; PHỤ LỤC III; Mục I; Phụ lục 1; Phần Hà'
    """
    if not _ROMAN_MISREAD.search(text):
        return text
    return _ROMAN_AFTER.sub(_roman, text)


# A written-out date broken over two lines by a narrow column or OCR line split
# ("Quảng Ngãi, ngày 17 tháng 10 năm\n2023"): the rules read a date on one line.
_SP = r"[ \t]*\n?[ \t]*"
# (The match opens at "gày", the "n" or "N" before it and what stands before that in
# look-behinds: a literal of three letters is found by the engine's fast search, where a
# class of "n" and "N" was tried at every n. Only line breaks inside are changed, so the
# "n" left out of the match stays as it was.)
_BROKEN_DATE = re.compile(
    rf"gày(?<=[nN]gày)(?<!\w[nN]gày)[ \t]*\n?[ \t]*\d{{1,2}}{_SP}tháng{_SP}\d{{1,2}}{_SP}năm{_SP}"
    r"(?:19|20)\d\d\b"
)


def broken_dates(text: str) -> str:
    r"""`ngày 17 tháng 10 năm\n2023` -> `ngày 17 tháng 10 năm 2023` (one line break only).

    >>> broken_dates("Quảng Ngãi, ngày 17 tháng 10 năm\n2023\nTHÔNG BÁO")
    'Quảng Ngãi, ngày 17 tháng 10 năm 2023\nTHÔNG BÁO'
    >>> broken_dates("an ninh Tổ quốc năm\n2023\n\nKính gửi: Sở Nội vụ")
    'an ninh Tổ quốc năm 2023\n\nKính gửi: Sở Nội vụ'
    """

    def join(m: re.Match[str]) -> str:
        s = m.group(0)
        return re.sub(r"[ \t]*\n[ \t]*", " ", s) if s.count("\n") == 1 else s

    text = _BROKEN_DATE.sub(join, text)
    return _YEAR_ALONE.sub(r"năm \1", text)


# "... an ninh Tổ quốc năm\n2023" (a subject wrapped before its year): a year alone on
# its line reads like a page number and would cut the subject and what follows it.
_YEAR_ALONE = re.compile(r"năm(?<!\wnăm)[ \t]*\n[ \t]*((?:19|20)\d\d[.,;:)]?)(?=[ \t]*(?:\n|$))")


# The genre's mixed-case symbol abbreviations "TTr" (tờ trình) and "CTr" (chương trình)
# read with the second capital T as "I", "l" or "1": "18/TIr-PNV", "25-CIr/TU". Only
# inside a symbol: after a number and "/" or "-", before "-" or "/".
_TR_IN_SYMBOL = re.compile(r"([TC])(?<=\d[/-][TC])[Il1|]r(?=[-/])")


def symbol_letters(text: str) -> str:
    """`18/TIr-PNV` -> `18/TTr-PNV`, `25-CIr/TU` -> `25-CTr/TU`.

    >>> symbol_letters("Số: 18/TIr-PNV; Chương trình số 25-CIr/TU; TIr-PNV")
    'Số: 18/TTr-PNV; Chương trình số 25-CTr/TU; TIr-PNV'
    """
    if not any(f"{c}r" in text for c in "Il1|"):
        return text  # no misread "Tr" (a quick look first: the pattern is tried at every T, C)
    return _TR_IN_SYMBOL.sub(r"\1Tr", text)


# A list dash at a line start read as a spacing accent or another stroke: "ˆ Ủy ban
# nhân dân huyện Gio Linh;" (the dash under a seal's edge or a speck). Only before a
# capital, as the items of a Kính gửi or Nơi nhận list start.
_ODD_DASH_CHARS = "\u02c6\u02dc~\u00ac\u2212\u00b7\u2014"
_ODD_DASH = re.compile(rf"(?m)^[ \t]*[{_ODD_DASH_CHARS}][ \t]+(?=[{UP}])")


def list_dashes(text: str) -> str:
    r"""`ˆ Ủy ban nhân dân huyện Gio Linh;` -> `- Ủy ban nhân dân huyện Gio Linh;`.

    >>> list_dashes("Kính gửi:\nˆ Ủy ban nhân dân huyện A;\n~ UBND huyện B.\n~ 5 người")
    'Kính gửi:\n- Ủy ban nhân dân huyện A;\n- UBND huyện B.\n~ 5 người'
    """
    if not any(c in text for c in _ODD_DASH_CHARS):
        return text  # (a quick look first: the pattern opens with "^", tried everywhere)
    return _ODD_DASH.sub("- ", text)


# --- web-published texts ----------------------------------------------------------------
# Pages some legal portals keep as escaped source: the literal characters "\r\n" where
# the line breaks were (dulieuphapluat.vn: "ỦY BAN NHÂN DÂN | \r\n \r\n CỘNG\r\n HÒA").
# No administrative text prints a backslash before "r" then "n"; a lone one (a file path
# "d:\\new\\...") is left alone: only a text with three or more is taken as escaped.
_ESCAPED_NEWLINE = re.compile(r"(?:\\r)?\\n")


def escaped_newlines(text: str) -> str:
    r"""Literal `\r\n` / `\n` escapes left in a web page's text become line breaks.

    >>> escaped_newlines(r"Số: 54/KH-UBND \r\n | \r\n Lạng Sơn\r\n")
    'Số: 54/KH-UBND \n | \n Lạng Sơn\n'
    >>> escaped_newlines(r"d:\new\CV")
    'd:\\new\\CV'
    """
    if text.count("\\n") < 3:
        return text
    return _ESCAPED_NEWLINE.sub("\n", text)


# Web portals flatten the header table: each cell's lines, then a line holding only "|"
# (thuvienphapluat.vn, thuviennhadat.vn), the narrow columns breaking words anywhere:
# "UỶ BAN NHÂN\nDÂN", "CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM", "Số:\n33/2009/QĐ-UBND",
# "Mỹ\nTho, ngày 24 tháng 12 năm 2009". The header rules read each of these on one line.
_BREAK = r"(?:[ \t]*\n[ \t]*|[ \t]+)"  # a space or one line break between two words


def _phrase(*words: str) -> re.Pattern[str]:
    """The words as one phrase, not inside a longer word (the look-behind after the first)."""
    first = words[0]
    return re.compile(
        first + rf"(?<![^\W\d_]{first})" + _BREAK + _BREAK.join(words[1:]) + r"(?![^\W\d_])"
    )


# The fixed phrases of a header: the national name and the elected/people's bodies.
_HEADER_PHRASES = (
    _phrase("CỘNG", "H(?:ÒA|OÀ)", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"),
    _phrase("(?:ỦY|UỶ)", "BAN", "NHÂN", "DÂN"),
    _phrase("HỘI", "ĐỒNG", "NHÂN", "DÂN"),
    # ("Đ" or "đ" first, not "(?i:Độc)": a pattern led by an ignore-case letter is tried at
    # every position)
    _phrase(
        "[Đđ](?i:ộc)", "(?i:lập)", "[-–]", "(?i:Tự)", "(?i:do)", "[-–]", "(?i:Hạnh)", "(?i:phúc)"
    ),
)
# The first capital "Ủ" lost by a web page's font ("Y BAN NHÂN DÂN\nTỈNH KON TUM"): at a
# line's or a cell's start (after "|" or a tab), spaces before it (_at_cell_start).
_LOST_U = re.compile(r"Y BAN NHÂN DÂN\b")


def _at_cell_start(text: str, pos: int) -> bool:
    """Whether only spaces and tabs stand between a line's start, a "|" or a tab and ``pos``."""
    j = pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] in "\n|" or "\t" in text[j:pos]


# "Số:" alone on its line or cell, the number on the next line or cell.
_NUMBER_NEXT_LINE = re.compile(
    r"(?m)^([ \t]*(?:Số|SỐ)[ \t]*:)[ \t]*(?:\|[ \t]*)?\n[ \t]*(?:\|[ \t]*\n[ \t]*)?"
    r"(?=\d{1,5}(?:[.,]\d{1,3})?[ \t]*[/-])"
    r"|^([ \t]*(?:Số|SỐ)[ \t]*:)[ \t]*\|[ \t]*(?=\d{1,5}(?:[.,]\d{1,3})?[ \t]*[/-])"
)
# What every _NUMBER_NEXT_LINE match holds (a quick look first: that pattern opens with
# "^" and is tried at every position).
_NUMBER_THEN_BREAK = re.compile(r"(?:Số|SỐ)[ \t]*:[ \t]*[|\n]")
# A flattened cell: the lines between two "|" lines. A place-date cell is joined.
_CELL = re.compile(r"(?m)(?<=^\|\n)((?:[^\n|]+\n){2,4}?)(?=\|[ \t]*$)")
_PLACE_DATE_START = re.compile(
    rf"^[{UP}][{LO}]+(?:(?: ?- ?| )[{UP}][{LO}]+){{0,4}}[ \t]*,[ \t]*ngày[ \t]+\d"
)


def _join_lines(m: re.Match[str]) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", m.group(0))


def _place_date_cell(m: re.Match[str]) -> str:
    cell = m.group(1)
    joined = re.sub(r"[ \t]*\n[ \t]*", " ", cell.rstrip("\n"))
    return joined + "\n" if _PLACE_DATE_START.match(joined) else cell


def web_cells(text: str) -> str:
    r"""Header cells a web page broke over lines, each back on one line.

    >>> web_cells("UỶ BAN NHÂN\nDÂN\nTỈNH QUẢNG BÌNH\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM")
    'UỶ BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    >>> web_cells("|\nSố:\n33/2009/QĐ-UBND\n|\nMỹ\nTho, ngày 24 tháng 12 năm 2009\n|\n")
    '|\nSố: 33/2009/QĐ-UBND\n|\nMỹ Tho, ngày 24 tháng 12 năm 2009\n|\n'
    >>> web_cells("Độc lập - Tự do -\nHạnh phúc")
    'Độc lập - Tự do - Hạnh phúc'
    >>> web_cells("Y BAN NHÂN DÂN\nTỈNH KON TUM")
    'ỦY BAN NHÂN DÂN\nTỈNH KON TUM'
    >>> web_cells("|\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐỗ Ngọc An\n|\n")  # not a place-date
    '|\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐỗ Ngọc An\n|\n'
    """
    if "\n" not in text:
        return text
    for rx in _HEADER_PHRASES:
        text = rx.sub(_join_lines, text)
    text = _LOST_U.sub(
        lambda m: "Ủ" + m.group(0) if _at_cell_start(m.string, m.start()) else m.group(0), text
    )
    if _NUMBER_THEN_BREAK.search(text):
        text = _NUMBER_NEXT_LINE.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)
    if "\n|\n" in text:
        text = _CELL.sub(_place_date_cell, text)
    return text


# Dust, toner specks and a seal's edge read as stray marks between words: "ỦY BAN NHÂN DÂN
# _ —. CỘNG HÒA", "__ TỈNH HẢI DƯƠNG", "của Ủy ban nhân dân Thành .", "nhiệm vụ chính ` |".
# They end up inside an issuer ("UBND _ tỉnh Hải Dương") or end a sentence early. A speck
# token is one to three of `_ ` ˆ ~ . —` standing alone between spaces (or at a line's
# ends); never "-" (a dash or a range "2021 - 2025"), "|" (a web page's cells), "..." or
# "…" (a blank to fill), nor a "." after a digit ("1 ." numbering).
_SPECK_TOKEN = r"(?:_{1,2}|[`ˆ~—]{1,3}|—\.|(?<![0-9][ \t])\.)"
_SPECK = re.compile(r"(?m)[ \t](?<=\S[ \t])[ \t]*" + _SPECK_TOKEN + r"(?=[ \t]|$)")
_SPECK_AT_START = re.compile(r"(?m)^[ \t]*" + _SPECK_TOKEN + r"[ \t]+(?=\S)")


def ocr_specks(text: str) -> str:
    r"""`ỦY BAN NHÂN DÂN _ —. CỘNG HÒA` -> `ỦY BAN NHÂN DÂN CỘNG HÒA`.

    >>> ocr_specks("ỦY BAN NHÂN DÂN _ —. CỘNG HÒA\n__ TỈNH HẢI DƯƠNG\nThành .\nphố")
    'ỦY BAN NHÂN DÂN CỘNG HÒA\nTỈNH HẢI DƯƠNG\nThành\nphố'
    >>> ocr_specks("giai đoạn 2021 - 2025\nSố: ..../QĐ-UBND\nĐiều 1 . Phạm vi\nA | B")
    'giai đoạn 2021 - 2025\nSố: ..../QĐ-UBND\nĐiều 1 . Phạm vi\nA | B'
    """
    # a speck between words has a space or tab before it (a quick look for one first)
    if any(f"{blank}{c}" in text for blank in " \t" for c in _SPECK_CHARS):
        text = _SPECK.sub("", text)
    # a speck at a line's start (a quick look for one first: the pattern opens with "^")
    if text.lstrip(" \t")[:1] in _SPECK_CHARS or _SPECK_AFTER_BREAK.search(text):
        text = _SPECK_AT_START.sub("", text)
    return text


_SPECK_CHARS = "_`ˆ~—."  # the characters a speck token (_SPECK_TOKEN) starts with
_SPECK_AFTER_BREAK = re.compile(rf"\n[ \t]*[{_SPECK_CHARS}]")


# A place name broken before its last word, the date line going on: "Mỹ\nTho, ngày 24
# tháng 12 năm 2009", "Tam\nKỳ, ngày ...". Narrow right header columns do it (a web page's
# cell, a scan of a page typeset from one), and the place rule then reads "Tho". Only
# one or two capitalised words alone on their line, directly before a line that opens
# with one more capitalised word, a comma and "ngày" with a day: a place-date line.
_PLACE_BREAK = re.compile(
    rf"(?m)^([ \t]*[{UP}][{LO}]+(?:[ \t]+[{UP}][{LO}]+)?)[ \t]*\n[ \t]*"
    rf"(?=[{UP}][{LO}]+[ \t]*,[ \t]*ngày[ \t]*\d)"
)


# The same column broken after the place's comma: "Quảng Bình,\nngày 25 tháng 5 năm 2015".
# Only a line that holds nothing but capitalised words and the comma, directly before a line
# that opens with "ngày" and a day.
_PLACE_COMMA_BREAK = re.compile(
    rf"(?m)^([ \t]*[{UP}][{LO}]+(?:[ \t]+[{UP}][{LO}]+){{0,3}}[ \t]*,)[ \t]*\n[ \t]*"
    r"(?=ngày[ \t]*\d)"
)


_PLACE_DATE_AFTER_BREAK = re.compile(rf"\n[ \t]*[{UP}][{LO}]+[ \t]*,[ \t]*ngày[ \t]*\d")
_DATE_AFTER_COMMA_BREAK = re.compile(r",[ \t]*\n[ \t]*ngày[ \t]*\d")


def place_breaks(text: str) -> str:
    r"""`Mỹ\nTho, ngày 24 tháng 12` -> `Mỹ Tho, ngày 24 tháng 12` (a place broken over lines).

    >>> place_breaks("Số: 14/2007/QĐ-UBND\nTam\nKỳ, ngày 19 tháng 6 năm 2007\nQUYẾT ĐỊNH")
    'Số: 14/2007/QĐ-UBND\nTam Kỳ, ngày 19 tháng 6 năm 2007\nQUYẾT ĐỊNH'
    >>> place_breaks("Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 1 tháng 2 năm 2020")
    'Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 1 tháng 2 năm 2020'
    >>> place_breaks("TỈNH LONG AN\nAn, ngày 3 tháng 2")  # capitals: an issuer line
    'TỈNH LONG AN\nAn, ngày 3 tháng 2'
    >>> place_breaks("Độc lập - Tự do - Hạnh phúc\nBắc Ninh,\nngày 25 tháng 5 năm 2015")
    'Độc lập - Tự do - Hạnh phúc\nBắc Ninh, ngày 25 tháng 5 năm 2015'
    >>> place_breaks("theo đề nghị của Sở Nội vụ,\nngày 3 tháng 2")  # a sentence: left alone
    'theo đề nghị của Sở Nội vụ,\nngày 3 tháng 2'
    """
    # (each only where the line it joins to stands: a quick look first, led by the line
    # break or the comma; the patterns open with "^" and are tried at every position)
    if _PLACE_DATE_AFTER_BREAK.search(text):
        text = _PLACE_BREAK.sub(r"\1 ", text)
    if _DATE_AFTER_COMMA_BREAK.search(text):
        text = _PLACE_COMMA_BREAK.sub(r"\1 ", text)
    return text


# Pages that lost the spaces around inline markup glue a reference's type word to the word
# before it: "Theo đề nghị của Sở Xây dựng tạiTờ trình số 350/TTr-SXD" (luatminhkhue.vn).
# A lower-case letter directly followed by a capitalised type name and "số <digit>" is
# two words: the space goes back. Only the common type names that open a reference.
_GLUED_REF = re.compile(
    # the capital first (a cheap test at each position), then the letter before it
    rf"(?=[TQNCKBHLP])(?<=[{LO}])(?=(?:Tờ trình|Quyết định|Nghị định|Nghị quyết|Thông tư"
    rf"|Công văn|Kế hoạch|Chỉ thị|Thông báo|Báo cáo|Hướng dẫn|Luật|Pháp lệnh|Chương trình|Kết luận)"
    r"[ \t]+số[ \t]+\d)"
)


def glued_refs(text: str) -> str:
    """`tạiTờ trình số 350/TTr-SXD` -> `tại Tờ trình số 350/TTr-SXD`.

    >>> glued_refs("tạiTờ trình số 350/TTr-SXD; theoQuyết định này; TTr-SXD")
    'tại Tờ trình số 350/TTr-SXD; theoQuyết định này; TTr-SXD'
    """
    if not _LOWER_THEN_CAPITAL.search(text):
        return text  # no lower-case letter glued to such a capital (a quick look first)
    return _GLUED_REF.sub(" ", text)


# Where _GLUED_REF may match: one of its capitals right after a lower-case letter. Led by
# the capital, so the engine jumps from one to the next; _GLUED_REF opens with look-aheads
# and is tried at every position of the text.
_LOWER_THEN_CAPITAL = re.compile(rf"[TQNCKBHLP](?<=[{LO}][TQNCKBHLP])")


Step = Callable[[str], str]

STEPS: dict[str, Step] = {
    "nfc": nfc,
    "tone_placement": tone_placement,
    "escaped_newlines": escaped_newlines,
    "whitespace": whitespace,
    "html_tags": html_tags,
    "markdown_marks": markdown_marks,
    "ocr_words": ocr_words,
    "ocr_specks": ocr_specks,
    "web_cells": web_cells,
    "place_breaks": place_breaks,
    "glued_refs": glued_refs,
    "doubled_vowels": doubled_vowels,
    "roman_numerals": roman_numerals,
    "broken_dates": broken_dates,
    "symbol_letters": symbol_letters,
    "list_dashes": list_dashes,
    "ocr_symbols": ocr_symbols,  # before ocr_digits, which reads "64l2007" as "6412007"
    "ocr_digits": ocr_digits,
    "symbol_breaks": symbol_breaks,
}

DEFAULT_STEPS: tuple[str, ...] = tuple(STEPS)


def clean_text(text: str, steps: Iterable[str] = DEFAULT_STEPS) -> str:
    """Apply the named ``steps`` in order (unknown names raise KeyError)."""
    for name in steps:
        text = STEPS[name](text)
    return text
