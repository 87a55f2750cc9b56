"""Regenerate the OCR-like variants of this set (ocr_*.txt) with the first held-out set's
noise model, scripts/make_heldout_noise.py's ``noisy()`` (reused, not copied; seeded by the
source file name, so the output is deterministic)::

    .venv/bin/python tests/data/heldout2/make_ocr_variants.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

from make_heldout_noise import noisy  # noqa: E402

# source -> (output, signer's name line, seal text put above it)
SOURCES = {
    "02_qd_so_tai_chinh_khanh_hoa_vach_ke.txt": (
        "ocr_02_qd_so_tai_chinh.txt", "Võ Thị Thuý Hằng", "* SỞ TÀI CHÍNH * KHÁNH HÒA"),
    "07_cv_mttq_nghe_an.txt": (
        "ocr_07_cv_mttq.txt", "Hoàng Thị Quỳnh Anh", "ỦY BAN MTTQ VIỆT NAM ✶ TỈNH NGHỆ AN"),
    "12_cd_ubnd_quang_binh_cong_dien.txt": (
        "ocr_12_cd_quang_binh.txt", "Phan Phong Phú", "* UBND TỈNH QUẢNG BÌNH *"),
}

if __name__ == "__main__":
    for src, (dst, name, stamp) in SOURCES.items():
        text = (HERE / src).read_text(encoding="utf-8")
        (HERE / dst).write_text(noisy(text, name, stamp, random.Random(src)), encoding="utf-8")
        print(f"{src} -> {dst}")
