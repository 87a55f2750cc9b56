"""What kind of file is this? Decided from the content (magic bytes), never the name.

A PDF renamed ``.txt`` is a PDF; a text renamed ``.pdf`` is text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNKNOWN = "application/octet-stream"

IMAGE_TYPES = frozenset({PNG, JPEG, TIFF})

HEAD_BYTES = 8192

# Some PDF writers put junk (a mail header, a BOM) before "%PDF-"; the spec allows
# the header anywhere in the first 1024 bytes.
PDF_MAGIC = re.compile(rb"%PDF-\d")
# HTML: a doctype or one of the structural tags near the start (after a BOM/whitespace/
# an XML declaration or comments). "<html" inside a plain text mail does not count
# unless it is at the start of the content.
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|article)\b",
    re.IGNORECASE | re.DOTALL,
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class Detected:
    """A file and its media type, decided once on its way in (``detect``) and passed down to
    the reader (``pipeline.read.text.read_file``), which then does not look again."""

    path: Path
    media_type: str


def detect(path: str | Path) -> Detected:
    """``path`` with its media type (raises OSError when it cannot be read)."""
    return Detected(Path(path), detect_media_type(path))


def detect_media_type(path: str | Path) -> str:
    """The media type of ``path`` from its first bytes (and, for ZIP, its members)."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    return detect_bytes(head, path)


def detect_bytes(head: bytes, path: str | Path | None = None) -> str:
    if not head:
        return TEXT  # an empty file; the reader reports it as empty
    if PDF_MAGIC.search(head[:1024]):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if path is not None and _is_docx(path) else UNKNOWN
    if head.startswith(UTF16_BOMS):
        text = _utf16_head(head)
        if HTML_START.match(text.encode("utf-8", "replace")):
            return HTML
        return TEXT
    if _looks_binary(head):
        return UNKNOWN
    if HTML_START.match(head):
        return HTML
    return TEXT


def _is_docx(path: str | Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _utf16_head(head: bytes) -> str:
    enc = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
    body = head[2:]
    return body[: len(body) // 2 * 2].decode(enc, "replace")


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not text in any single-byte encoding."""
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return controls > max(4, len(head) // 100)


# Control bytes a text does not hold (tab, newlines, form feed and escape are allowed).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
