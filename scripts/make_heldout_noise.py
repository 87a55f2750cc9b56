"""Make OCR-like variants of three held-out documents (tests/data/heldout/ocr_*.txt).

The variants imitate what Tesseract and old text layers do to these documents
(TOOLS.md, DOMAIN.md "Scans"): tone marks dropped from some words or placed the old
way (``hoà`` for ``hòa``), ``Số`` read ``Sô``, ``ngày`` read ``ngảy``, ``0`` read as
``O`` inside symbols, a ``/`` with a space beside it, and a stray stamp line near the
signature. The output is committed; this script documents how it was made and
regenerates it deterministically (fixed seed)::

    .venv/bin/python scripts/make_heldout_noise.py
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout"

# source file -> (output file, signer's name line, stamp line put above that name)
SOURCES = {
    "04_cv_mo_duc_vv_ba_dong.txt": (
        "ocr_04_cv_mo_duc.txt",
        "Huỳnh Văn Tường",
        "* ỦY BAN NHÂN DÂN HUYỆN MỘ ĐỨC *",
    ),
    "05_bc_quy_thai_binh_pv05_den.txt": (
        "ocr_05_bc_thai_binh.txt",
        "Thượng tá Phạm Đức Hiếu",
        "CÔNG AN TỈNH THÁI BÌNH ✶",
    ),
    "09_kh_tu_nghia_thoi_han.txt": (
        "ocr_09_kh_tu_nghia.txt",
        "Trần Văn Hậu",
        "* HUYỆN TƯ NGHĨA * U.B.N.D",
    ),
}

# New-style tone placement -> the old style some fonts and OCR produce.
OLD_TONES = {"hòa": "hoà", "hóa": "hoá", "thủy": "thuỷ", "Hòa": "Hoà", "khỏe": "khoẻ"}
DROP_RATE = 0.07  # share of body words that lose their tone marks
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYMBOL = re.compile(r"\b(\d{1,5})/([A-ZĐ][A-ZĐ0-9-]+)")


def drop_tones(word: str) -> str:
    """Remove tone marks (keep vowel shapes: ă â ê ô ơ ư)."""
    nfd = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS))


def noisy(text: str, name: str, stamp: str, rng: random.Random) -> str:
    lines = text.split("\n")
    out: list[str] = []
    n_symbol = 0
    for line in lines:
        if line.startswith("Số:"):
            line = "Sô:" + line[3:]
        elif ", ngày " in line and " năm " in line and len(line) < 60:
            line = line.replace("ngày", "ngảy", 1)
        else:
            for new, old in OLD_TONES.items():
                line = line.replace(new, old)

            def symbol(m: re.Match[str]) -> str:
                nonlocal n_symbol
                n_symbol += 1
                num, sym = m.group(1), m.group(2)
                if n_symbol % 3 == 1:
                    return f"{num} /{sym}"  # broken slash
                if n_symbol % 3 == 2:
                    return f"{num.replace('0', 'O')}/{sym.replace('0', 'O')}"  # O for 0
                return f"{num}/ {sym}"

            line = _SYMBOL.sub(symbol, line)
            if len(line) > 60:  # body prose, not header lines
                words = line.split(" ")
                line = " ".join(
                    drop_tones(w) if w.isalpha() and rng.random() < DROP_RATE else w for w in words
                )
        out.append(line)
    # the stamp sits over the signature, just above the name
    out.insert(out.index(name), stamp)
    return "\n".join(out)


def main() -> None:
    for src, (dst, name, stamp) in SOURCES.items():
        rng = random.Random(src)
        text = (HELDOUT / src).read_text(encoding="utf-8")
        (HELDOUT / dst).write_text(noisy(text, name, stamp, rng), encoding="utf-8")
        print(f"{src} -> {dst}")


if __name__ == "__main__":
    main()
