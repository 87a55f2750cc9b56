"""A hostile inbox, generated at test time (nothing of it is kept in the repository).

:func:`make_corpus` writes every case of issue 10 under ``root/inbox`` (and the things
links point at under ``root/outside``) and returns the cases with what must happen to
each: ``read`` (loaded), ``quarantined`` (a ``files`` row with one of the codes) or
``skipped`` (a ``skipped_paths`` row with that code). ``tests/test_hostile.py`` and
``scripts/reliability.py`` both use it.
"""

from __future__ import annotations

import io
import os
import random
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "data" / "samples"
SEED_TEXT = SEEDS / "004_5a3cf1efe37867a9.txt"
SEED_DOCX = SEEDS / "quyet_dinh_kem_danh_sach.docx"
SEED_PDF = SEEDS / "bao_cao_cah_son_tinh.pdf"
# Written into the file outside the inbox: must never appear in the archive.
OUTSIDE_MARKER = "NGOAI-HOP-THU-KHONG-DUOC-DOC"
SCRIPT_MARKER = "KICH-BAN-KHONG-DUOC-CHAY"

# A short administrative text (ASCII-only where a generator needs it).
DOC = (
    "UY BAN NHAN DAN TINH QUANG NGAI\nSo: {n}/BC-UBND\nQuang Ngai, ngay 5 thang 3 nam 2024\n"
    "BAO CAO\nKet qua thuc hien Chi thi so 07/CT-BCA ngay 1/3/2024\n"
)


# Folders this deep (1,000 characters of path). The walk has no depth limit of its own
# (an explicit stack); pytest's and shutil's clean-up recurse, so not deeper than this.
DEPTH = 500


@dataclass
class Case:
    name: str  # what the case is
    rel: str  # its path under the inbox, as written (str; bytes names use os.fsdecode)
    expect: str  # read | quarantined | skipped
    codes: frozenset[str] = field(default_factory=frozenset)  # allowed reason codes
    group: str = "content"  # boundary | content


def _case(name, rel, expect, *codes, group="content") -> Case:
    return Case(name, rel, expect, frozenset(codes), group)


def _png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A 1-bit grayscale PNG; without ``rows`` all white, streamed so it stays small."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    parts = []
    block = row * max(1, min(height, 4_000_000 // len(row)))
    left = height
    while left > 0:
        n = min(left, len(block) // len(row))
        parts.append(comp.compress(block[: n * len(row)]))
        left -= n
    parts.append(comp.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


def many_page_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` pages, each a line of text (written by hand: fast)."""
    objs: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        lines = (DOC.format(n=i + 1) if i == 0 else f"Phu luc trang {i + 1}\n").splitlines()
        ops = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({ln}) Tj T*" for ln in lines) + " ET"
        stream = ops.encode("latin-1")
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in DOC.format(n=9).splitlines():
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """A .docx whose document.xml declares (and holds) ``unpacked_mb`` MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(SEED_DOCX) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info, src.read(info))
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\x00" * (1 << 20)
            for _ in range(unpacked_mb):
                fh.write(block)
    return buf.getvalue()


def multi_frame_tiff(frames: int) -> bytes:
    from PIL import Image

    ims = [Image.new("L", (64, 64), 255) for _ in range(frames)]
    buf = io.BytesIO()
    ims[0].save(buf, format="TIFF", save_all=True, append_images=ims[1:], compression="raw")
    return buf.getvalue()


def enormous_line(chars: int, seed: int = 10) -> str:
    """One line of capitals and citations (the shape that was quadratic), no newline."""
    rnd = random.Random(seed)
    words = [
        "CỦA",
        "VÀ",
        "CÁC",
        "CÓ",
        "ĐƯỢC",
        "CHO",
        "TRONG",
        "NHỮNG",
        "NGƯỜI",
        "VỚI",
        "KHÔNG",
        "NÀY",
        "ĐÃ",
        "CÔNG",
        "TÁC",
        "THỰC",
        "HIỆN",
        "THEO",
        "TỈNH",
        "HUYỆN",
        "XÃ",
        "BÁO",
        "CÁO",
        "CHỦ",
        "TỊCH",
        "PHÓ",
        "CHỦ",
        "TỊCH",
        "GIÁM",
        "ĐỐC",
        "THƯ",
        "KÝ",
    ]
    out, n = [], 0
    while n < chars:
        w = (
            f"Quyết định số {rnd.randint(1, 999)}/QĐ-UBND ngày {rnd.randint(1, 28)}/3/2024"
            if rnd.random() < 0.02
            else rnd.choice(words)
        )
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:chars]


def make_corpus(root: Path, *, big: bool = True, line_chars: int = 3_600_000) -> list[Case]:
    """Write the hostile inbox under ``root``; returns its cases.

    ``big=False`` leaves out the cases that cost seconds (the 1,000-page PDF, the
    300 MB zip bomb, the enormous line), for quick checks.
    """
    inbox = root / "inbox"
    outside = root / "outside"
    inbox.mkdir(parents=True)
    outside.mkdir(parents=True)
    rnd = random.Random(10)
    cases: list[Case] = []
    seed_text = SEED_TEXT.read_text(encoding="utf-8")

    def write(rel: str, data: bytes | str) -> Path:
        p = inbox / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8")
        else:
            p.write_bytes(data)
        return p

    # ---- the boundary --------------------------------------------------------------
    (outside / "secret.txt").write_text(DOC.format(n=66) + OUTSIDE_MARKER + "\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", inbox / "link_to_outside.txt")
    cases.append(
        _case(
            "link to a file outside",
            "link_to_outside.txt",
            "skipped",
            "link_outside",
            group="boundary",
        )
    )
    os.symlink("/etc/hostname", inbox / "etc_hostname.txt")
    cases.append(
        _case(
            "link to /etc/hostname", "etc_hostname.txt", "skipped", "link_outside", group="boundary"
        )
    )
    os.symlink(outside, inbox / "folder_outside")
    cases.append(
        _case(
            "link to a folder outside",
            "folder_outside",
            "skipped",
            "link_outside",
            group="boundary",
        )
    )
    write("docs/real.txt", seed_text)
    cases.append(
        _case("a file reached by a link too (read)", "docs/real.txt", "read", group="boundary")
    )
    os.symlink(inbox / "docs" / "real.txt", inbox / "docs" / "zz_alias.txt")
    cases.append(
        _case(
            "link to a file inside (read once)",
            "docs/zz_alias.txt",
            "skipped",
            "link_duplicate",
            group="boundary",
        )
    )
    (inbox / "loop").mkdir()
    os.symlink(inbox / "loop", inbox / "loop" / "again")
    cases.append(
        _case(
            "folder link that loops",
            "loop/again",
            "skipped",
            "link_duplicate",
            "folder_loop",
            group="boundary",
        )
    )
    os.symlink(inbox / "nowhere.txt", inbox / "broken_link.txt")
    cases.append(
        _case("broken link", "broken_link.txt", "skipped", "link_broken", group="boundary")
    )
    os.mkfifo(inbox / "named_pipe.txt")
    cases.append(
        _case("named pipe (FIFO)", "named_pipe.txt", "skipped", "special_file", group="boundary")
    )
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(inbox / "unix.sock"))
        cases.append(_case("socket", "unix.sock", "skipped", "special_file", group="boundary"))
    except OSError:  # path too long for AF_UNIX
        pass
    finally:
        sock.close()
    try:
        os.mknod(inbox / "device", 0o600 | 0o020000, os.makedev(1, 3))  # like /dev/null
        cases.append(
            _case("character device", "device", "skipped", "special_file", group="boundary")
        )
    except (OSError, PermissionError):
        pass
    bad_name = os.fsdecode(b"bao_cao_\xff\xfe_cu.txt")  # not UTF-8: an old Windows drive
    write(bad_name, DOC.format(n=31))
    cases.append(_case("file name that is not UTF-8", bad_name, "read", group="boundary"))
    deep = "/".join(["d"] * DEPTH)
    folder = str(inbox)
    for _ in range(DEPTH):  # one by one: makedirs recurses
        folder += "/d"
        os.mkdir(folder)
    Path(folder, "sau.txt").write_text(DOC.format(n=32), encoding="utf-8")
    cases.append(_case("folder 500 levels deep", f"{deep}/sau.txt", "read", group="boundary"))
    write("~$bao_cao.docx", b"\x0bNguyen Van A" + b"\x00" * 150)
    cases.append(
        _case("Office lock file", "~$bao_cao.docx", "skipped", "office_lock", group="boundary")
    )
    write(".hidden.txt", DOC.format(n=33))
    cases.append(_case("hidden file", ".hidden.txt", "skipped", "hidden", group="boundary"))
    write(".git/config", "[core]\n")
    cases.append(_case("hidden folder", ".git", "skipped", "hidden", group="boundary"))
    write("x'); DROP TABLE files;--.txt", DOC.format(n=34))
    cases.append(
        _case("SQL in a file name", "x'); DROP TABLE files;--.txt", "read", group="boundary")
    )
    write("$(touch PWNED) `id`.txt", DOC.format(n=35))
    cases.append(_case("shell in a file name", "$(touch PWNED) `id`.txt", "read", group="boundary"))

    # ---- hostile content -----------------------------------------------------------
    write("zero_bytes.pdf", b"")
    cases.append(_case("zero bytes", "zero_bytes.pdf", "quarantined", "empty"))
    pdf = SEED_PDF.read_bytes()
    write("truncated.pdf", pdf[: len(pdf) // 3])
    cases.append(_case("truncated PDF", "truncated.pdf", "quarantined", "pdf_damaged", "no_text"))
    write("random.bin", bytes(rnd.getrandbits(8) for _ in range(50_000)))
    cases.append(_case("random bytes", "random.bin", "quarantined", "unsupported_type"))
    write("random.docx", b"PK\x03\x04" + bytes(rnd.getrandbits(8) for _ in range(5_000)))
    cases.append(
        _case(
            "random bytes named .docx",
            "random.docx",
            "quarantined",
            "unsupported_type",
            "docx_damaged",
        )
    )
    write("text_named.pdf", DOC.format(n=36))
    cases.append(_case("wrong extension (text named .pdf)", "text_named.pdf", "read"))
    write("pdf_named.txt", pdf)
    cases.append(_case("wrong extension (PDF named .txt)", "pdf_named.txt", "read"))
    write("encrypted.pdf", encrypted_pdf())
    cases.append(_case("encrypted PDF", "encrypted.pdf", "quarantined", "pdf_encrypted"))
    write("bomb.png", _png(30_000, 30_000))
    cases.append(
        _case(
            "image decompression bomb (30000 x 30000 PNG)", "bomb.png", "quarantined", "image_bomb"
        )
    )
    png = _png(200, 200)
    write("truncated.png", png[: len(png) // 2])
    cases.append(_case("truncated PNG", "truncated.png", "quarantined", "image_damaged"))
    docx = SEED_DOCX.read_bytes()
    write("truncated.docx", docx[: len(docx) // 2])
    cases.append(
        _case(
            "truncated Word file",
            "truncated.docx",
            "quarantined",
            "docx_damaged",
            "unsupported_type",
        )
    )
    write("frames_300.tif", multi_frame_tiff(300))
    cases.append(_case("300-frame TIFF (blank sheets)", "frames_300.tif", "quarantined", "no_text"))
    legacy = DOC.format(n=37) + "Về việc tăng cường công tác phòng, chống tội phạm\n"
    write("legacy_cp1258.txt", legacy.encode("cp1258", "replace"))
    cases.append(_case("legacy 8-bit text (Windows-1258)", "legacy_cp1258.txt", "read"))
    write(
        "script.html",
        "<!DOCTYPE html><html><head><title>Thông báo</title>"
        f"<script>document.write('{SCRIPT_MARKER}'); fetch('file:///etc/hostname')</script>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<meta http-equiv="refresh" content="0; url=file:///etc/passwd"></head><body>'
        f"<pre>{DOC.format(n=38)}</pre>"
        '<img src="file:///etc/hostname"><iframe src="file:///etc/passwd"></iframe>'
        '<a href="file:///etc/shadow">tệp</a><object data="file:///etc/hostname"></object>'
        f"<noscript>{SCRIPT_MARKER}</noscript>"
        "</body></html>",
    )
    cases.append(_case("HTML with scripts and file:// links", "script.html", "read"))
    if big:
        write("pages_1000.pdf", many_page_pdf(1000))
        cases.append(_case("1,000-page PDF", "pages_1000.pdf", "read"))
        write("bomb.docx", zip_bomb_docx(300))
        cases.append(
            _case(
                "zip bomb (Word file unpacking to 300 MB)", "bomb.docx", "quarantined", "zip_bomb"
            )
        )
        write("one_line.txt", enormous_line(line_chars))
        cases.append(_case(f"one enormous line ({line_chars / 1e6:g} MB)", "one_line.txt", "read"))
    return cases
