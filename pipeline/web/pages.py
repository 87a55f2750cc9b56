"""Page images for the desk, rendered from the archive's original files.

A browser names a file only by its id (the SHA-256 the archive keys it by) and a page
number; the paths tried are the ones the archive recorded for that id (``files.path``,
``file_paths.path``), and a candidate is used only when its content still hashes to
that id — so no path from the browser is ever opened, and a file changed on disk since
the run is never shown as if it were the one that was read. PDFs are rendered with
pypdfium2, images (TIFF, JPEG, PNG, multi-page TIFF) with Pillow; text, HTML and Word
files have no page image (the desk shows their text).
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

RENDER_WIDTH = 1000  # pixels: readable beside the fields, small enough to send quickly
IMAGE_TYPES = ("image/",)
PDF_TYPE = "application/pdf"
_verified: dict[tuple[str, int, float], str] = {}  # (path, size, mtime) -> sha256
_cache: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_CACHE_ITEMS = 64
_lock = threading.Lock()


def renderable(media_type: str | None) -> bool:
    return bool(media_type) and (media_type == PDF_TYPE or media_type.startswith(IMAGE_TYPES))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def original_file(
    con: duckdb.DuckDBPyConnection, file_id: str, db_path: Path
) -> tuple[Path, str] | None:
    """(path, media type) of the original file with this id, verified by its hash."""
    row = con.execute(
        "SELECT path, media_type, size_bytes FROM files WHERE file_id = ?", [file_id]
    ).fetchone()
    if row is None:
        return None
    first, media, size = row
    recorded = [first] + [
        r[0]
        for r in con.execute(
            "SELECT path FROM file_paths WHERE file_id = ? ORDER BY last_seen DESC", [file_id]
        ).fetchall()
    ]
    # A recorded path is relative to the folder the ingest ran in: usually the working
    # directory of the desk, else a parent of the archive's folder (data/curated/x.duckdb).
    bases = [Path.cwd(), *db_path.resolve().parents[:3]]
    for p in dict.fromkeys(recorded):
        cands = [Path(p)] if Path(p).is_absolute() else [b / p for b in bases]
        for c in cands:
            try:
                st = c.stat()
            except OSError:
                continue
            if size is not None and st.st_size != size:
                continue
            k = (str(c), st.st_size, st.st_mtime)
            digest = _verified.get(k) or _sha256(c)
            _verified[k] = digest
            if digest == file_id:
                return c, media or ""
    return None


def render_page(path: Path, media_type: str, page: int, width: int = RENDER_WIDTH) -> bytes:
    """PNG bytes of page ``page`` (1-based). Raises IndexError for a page that is not there."""
    from PIL import Image

    if media_type == PDF_TYPE:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(pdf):
                raise IndexError(page)
            pg = pdf[page - 1]
            scale = width / pg.get_width()
            img = pg.render(scale=scale).to_pil()
        finally:
            pdf.close()
    else:
        with Image.open(path) as im:
            n = getattr(im, "n_frames", 1)
            if not 1 <= page <= n:
                raise IndexError(page)
            im.seek(page - 1)
            img = im.convert("L") if im.mode in ("1", "L", "I;16") else im.convert("RGB")
            if img.width > width:
                img = img.resize((width, round(img.height * width / img.width)))
            else:
                img = img.copy()
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def page_png(
    con: duckdb.DuckDBPyConnection, file_id: str, page: int, db_path: Path
) -> bytes | None:
    """The rendered page, or None when the file has no image or cannot be found."""
    key = (file_id, page)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = original_file(con, file_id, db_path)
    if found is None or not renderable(found[1]):
        return None
    try:
        png = render_page(found[0], found[1], page)
    except IndexError:
        return None
    except Exception as exc:  # a damaged file: no image, the text view still works
        log.warning("cannot render %s page %d: %s", file_id[:12], page, exc)
        return None
    with _lock:
        _cache[key] = png
        while len(_cache) > _CACHE_ITEMS:
            _cache.popitem(last=False)
    return png
