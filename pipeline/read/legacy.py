"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI) in text layers -> Unicode.

Old documents typed with .Vn (TCVN3) or VNI fonts keep the font's 8-bit codes in the
PDF text layer, so the text reads ``Uû ban nh©n d©n`` (TCVN3) or ``UÛy ban nhaân daân``
(VNI). :func:`fix_legacy` detects either and converts to NFC Unicode; text that is
already Unicode Vietnamese is returned unchanged. The tables live in
``pipeline/read/data/legacy_vn.yaml``.

Detection: a legacy text has almost no Vietnamese-specific Unicode letters, and once
converted, many more of its words are common Vietnamese syllables than before.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

DATA = Path(__file__).with_name("data") / "legacy_vn.yaml"

# Letters only Vietnamese Unicode text has and no 8-bit font can show (ă đ ơ ư and the
# toned vowels); â ê ô are left out on purpose: they are Latin-1, and VNI uses them.
VIET_UNICODE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
WORD = re.compile(r"[^\W\d_]+")

# Very common syllables of administrative Vietnamese; used only to score a decoding.
COMMON = frozenset(
    [
        "của",
        "và",
        "các",
        "được",
        "trong",
        "người",
        "năm",
        "ngày",
        "nhân",
        "dân",
        "công",
        "việt",
        "nam",
        "không",
        "có",
        "những",
        "này",
        "với",
        "cho",
        "tỉnh",
        "huyện",
        "xã",
        "ban",
        "hành",
        "thực",
        "hiện",
        "theo",
        "về",
        "đã",
        "là",
        "một",
        "số",
        "tại",
        "quyết",
        "định",
        "báo",
        "cáo",
        "kế",
        "hoạch",
        "chỉ",
        "thị",
        "an",
        "ninh",
        "trật",
        "tự",
        "phòng",
        "chống",
        "tổ",
        "quốc",
        "bảo",
        "vệ",
        "phong",
        "trào",
        "toàn",
        "cơ",
        "quan",
        "đơn",
        "vị",
        "tình",
        "hình",
        "kết",
        "quả",
        "tháng",
        "hội",
        "chủ",
        "nghĩa",
        "độc",
        "lập",
        "do",
        "hạnh",
        "phúc",
        "ủy",
        "uỷ",
        "cộng",
        "hòa",
        "hoà",
        "nội",
        "dung",
        "đồng",
        "chí",
        "văn",
        "bản",
        "sở",
        "giáo",
        "dục",
        "đào",
        "tạo",
        "lao",
        "động",
        "xây",
        "dựng",
        "triển",
        "khai",
        "tuyên",
        "truyền",
        "pháp",
        "luật",
        "nhà",
        "nước",
        "đảng",
        "bộ",
        "thường",
        "trực",
        "sau",
        "đây",
        "gửi",
        "kính",
        "nơi",
        "nhận",
        "lưu",
        "cấp",
        "trên",
        "địa",
        "điều",
        "khoản",
        "đề",
        "nghị",
        "chịu",
        "trách",
        "nhiệm",
        "các",
        "ngành",
        "đoàn",
        "thể",
        "học",
        "sinh",
    ]
)


@dataclass(frozen=True, slots=True)
class Tables:
    tcvn3: dict[str, str]
    vni_marks: dict[str, str]
    vni_bases: dict[str, str]
    vni_letters: dict[str, str]


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    t = Tables(
        tcvn3=dict(raw["tcvn3"]),
        vni_marks=dict(raw["vni"]["marks"]),
        vni_bases=dict(raw["vni"]["bases"]),
        vni_letters=dict(raw["vni"]["letters"]),
    )
    for k in [*t.tcvn3, *t.vni_marks, *t.vni_letters]:
        if len(k) != 1:
            log.warning("legacy_vn.yaml: key %r is not one character; ignored", k)
    return t


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) mojibake to Unicode, e.g. ``Uû ban nh©n d©n`` -> ``Uỷ ban nhân dân``."""
    table = tables().tcvn3
    out = "".join(table.get(ch, ch) for ch in text)
    return _fix_capital_words(unicodedata.normalize("NFC", out))


def _fix_capital_words(text: str) -> str:
    # TCVN3 capital fonts draw lower-case codes as capitals: "ñY BAN" is "ỦY BAN".
    # A word whose ASCII letters are all capitals is a capital word; a short one ("Uû")
    # only when its line is mostly capital words.
    def ascii_letters(w: str) -> str:
        return "".join(c for c in w if c.isascii())

    lines = []
    for line in text.split("\n"):
        words = WORD.findall(line)
        caps = sum(1 for w in words if len(ascii_letters(w)) >= 2 and ascii_letters(w).isupper())
        lower = sum(1 for w in words if any(c.islower() for c in ascii_letters(w)))
        capital_line = caps >= 1 and caps >= 2 * lower

        def up(m: re.Match[str], capital_line: bool = capital_line) -> str:
            w = m.group(0)
            a = ascii_letters(w)
            if a and a.isupper() and (len(a) >= 2 or capital_line):
                return w.upper()
            return w

        lines.append(WORD.sub(up, line))
    return "\n".join(lines)


def vni_to_unicode(text: str) -> str:
    """Convert VNI mojibake to Unicode, e.g. ``UÛy ban nhaân daân`` -> ``Ủy ban nhân dân``."""
    t = tables()
    out: list[str] = []
    for ch in text:
        mark = t.vni_marks.get(ch) or t.vni_marks.get(ch.lower())
        if mark and out:
            prev = out[-1]
            base = unicodedata.normalize("NFD", prev)
            letter = base[:1].lower()
            existing = base[1:]
            allowed = t.vni_bases.get(letter) if letter in t.vni_bases else None
            if letter == "o" and "\u031b" in existing:  # ơ
                allowed, existing = t.vni_bases["ơ"], existing.replace("\u031b", "")
            elif letter == "u" and "\u031b" in existing:  # ư
                allowed, existing = t.vni_bases["ư"], existing.replace("\u031b", "")
            modifier = mark[:-1] if len(mark) == 2 else (mark if mark in "\u0302\u0306" else "")
            ok = (
                allowed is not None
                and not any(c in existing for c in "\u0301\u0300\u0309\u0303\u0323\u0302\u0306")
                and (not modifier or modifier in allowed)
            )
            if ok:
                out[-1] = unicodedata.normalize("NFC", base + mark)
                continue
        out.append(t.vni_letters.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def vietnamese_score(text: str) -> float:
    """Share of the words of ``text`` that are common Vietnamese syllables."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return 0.0
    return sum(w in COMMON for w in words) / len(words)


def detect_legacy(text: str) -> str | None:
    """'tcvn3', 'vni' or None (already Unicode, or not Vietnamese)."""
    marked = len(VIET_UNICODE.findall(text))
    if marked > 0.02 * len(text):
        return None  # Unicode Vietnamese (letters <= len(text)): no need to count them
    letters = sum(c.isalpha() for c in text)
    if letters < 8:
        return None
    if marked > 0.02 * letters:
        return None
    if not any(ord(c) >= 0xA0 for c in text):
        return None  # plain ASCII: nothing to convert
    base = vietnamese_score(text)
    best, best_score = None, base
    for name, conv in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        s = vietnamese_score(conv(text))
        if s > best_score:
            best, best_score = name, s
    if best and best_score >= 0.15 and best_score >= base + 0.1:
        return best
    return None


def fix_legacy(text: str) -> tuple[str, str | None]:
    """(Unicode NFC text, the legacy encoding converted from or None)."""
    enc = detect_legacy(text)
    if enc == "tcvn3":
        return tcvn3_to_unicode(text), enc
    if enc == "vni":
        return vni_to_unicode(text), enc
    return unicodedata.normalize("NFC", text), None
