"""Real texts rendered as degraded scans, OCRed and scored against their texts' gold.

SYNTHETIC scans of REAL documents: the dev parts of the real text sets
(../shared/real/web_dev, tests/data/real_web_extra, tests/data/real_web_extra2; their
kept-back parts, fixed in tests/data/real_split.json and the sets' split.json, are never
read here) are typeset like printed paper with the renderer of
scripts/make_heldout_scans.py, degraded as a scanner would, read through the real pipeline
(``run_ingest``: text-layer decision, OCR, extraction) and scored with
pipeline/evaluate.py against the SAME gold as the text versions: fields, citation
P/R/F1, relations. Nobody tuned the OCR path on these documents before this script.

Each document gets one capture, chosen by its hash (DEGRADATIONS): bilevel 200 dpi,
blur, speckle, skew, a red seal stamped over the signature. The same images are scored
a second time under an invisible English OCR layer (the text without its diacritics, as
``ocrmypdf -l eng`` or scanner software leaves it: ../shared/real/scans_bad_layer), which
the pipeline must judge bad and OCR again.

Split, decided before any rendered document was read: the first third of the rendered
documents ordered by sha256('vanthu-rendered-v1:' + set + '/' + name) is held back
(``--part held-back``), scored only at the end; tune on ``--part dev``.

    python scripts/eval_rendered_real.py [--shared ../shared] [--part dev|held-back|all]
        [--variant scan|bad-layer|all] [--reextract] [--misses] [--json]

Rendered PDFs and archives are kept under data/curated/eval/rendered/ so that
``--reextract`` re-runs only the extractors on the stored OCR text (tuning rules
without OCR). Deterministic (fixed seed per document).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_heldout_scans import layout  # noqa: E402
from make_samples import _find_text_row, degrade, rasterize  # noqa: E402

from pipeline.evaluate import load_gold, predictions_from_db, score  # noqa: E402

OUT = ROOT / "data" / "curated" / "eval" / "rendered"
SPLIT = ROOT / "tests" / "data" / "real_split.json"
SALT = "vanthu-rendered-v1:"
SEED = 20261205
PARTS = ("dev", "held-back")
VARIANTS = ("scan", "bad-layer")
# One capture per document (by hash): what real archives hold (issue #8).
DEGRADATIONS = ("bilevel-200", "blur", "speckle", "skew", "seal")


@dataclass(frozen=True)
class Doc:
    set: str
    name: str  # file stem, the gold's source stem
    text: str
    gold_file: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.set}/{self.name}"

    @property
    def digest(self) -> str:
        return hashlib.sha256((SALT + self.key).encode()).hexdigest()


def _sets(shared: Path | None) -> list[tuple[str, Path, Path, frozenset[str]]]:
    """(set name, text folder, gold file, kept-back names) of every real text set."""
    out = []
    if shared is not None and (shared / "real" / "web_dev.gold.json").exists():
        kb = json.loads(SPLIT.read_text(encoding="utf-8"))["sets"].get("web_dev", [])
        real = shared / "real"
        out.append(("web_dev", real / "web_dev", real / "web_dev.gold.json", frozenset(kb)))
    for name, folder in (
        ("web_extra", ROOT / "tests" / "data" / "real_web_extra"),
        ("web_extra2", ROOT / "tests" / "data" / "real_web_extra2"),
    ):
        kb = json.loads((folder / "split.json").read_text(encoding="utf-8"))["kept_back"]
        out.append((name, folder, folder / "gold.json", frozenset(kb)))
    return out


def documents(shared: Path | None) -> list[Doc]:
    """The dev documents of every real text set (kept-back ones are never read)."""
    docs = []
    for set_name, folder, gold_path, kept_back in _sets(shared):
        gold = load_gold(gold_path)
        for gfile in gold["files"]:
            stem = Path(gfile["source"]).stem
            if stem in kept_back:
                continue
            src = folder / f"{stem}.txt"
            if src.exists():
                docs.append(Doc(set_name, stem, src.read_text(encoding="utf-8"), gfile))
    return docs


def split(docs: list[Doc]) -> dict[str, list[Doc]]:
    """The first third by hash is held back (rounded up)."""
    ordered = sorted(docs, key=lambda d: d.digest)
    n = -(-len(ordered) // 3)
    held = {d.key for d in ordered[:n]}
    return {
        "dev": [d for d in docs if d.key not in held],
        "held-back": [d for d in docs if d.key in held],
    }


def degradation(doc: Doc) -> str:
    return DEGRADATIONS[int(doc.digest[-8:], 16) % len(DEGRADATIONS)]


def _speckle(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dust and toner specks: isolated dark dots and a few white drop-outs."""
    out = img.copy()
    h, w = out.shape[:2]
    n = h * w // 2500
    ys, xs = rng.integers(0, h - 2, n), rng.integers(0, w - 2, n)
    for y, x, big in zip(ys, xs, rng.random(n) < 0.3, strict=True):
        out[y : y + 1 + big, x : x + 1 + big] = 30
    ys, xs = rng.integers(0, h, n // 2), rng.integers(0, w, n // 2)
    out[ys, xs] = 250
    return out


def capture(text: str, name: str, kind: str) -> tuple[list[np.ndarray], int]:
    """Pages of ``text`` as ``kind`` of scan, with the scan's dpi."""
    import cv2

    rng = np.random.default_rng([SEED, zlib.crc32(name.encode())])
    dpi = 200 if kind == "bilevel-200" else 300
    pages = rasterize(layout(text), dpi)
    out = []
    for i, page in enumerate(pages):
        seal_at = None
        if kind == "seal" and i == len(pages) - 1:
            seal_at = (int(page.shape[1] * 0.62), _find_text_row(page, "signature"))
        angle = float(rng.uniform(2.0, 3.5) * rng.choice((-1, 1))) if kind == "skew" else 0.0
        if kind not in ("skew", "bilevel-200"):
            angle = float(rng.uniform(-1.0, 1.0))
        img = degrade(page, rng=rng, angle=angle, dpi=dpi, seal_at=seal_at)
        if kind == "blur":
            img = cv2.GaussianBlur(img, (0, 0), 1.4)
        elif kind == "speckle":
            img = _speckle(img, rng)
        elif kind == "bilevel-200":
            gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
            bw = np.where(gray < 150, 0, 255).astype(np.uint8)
            img = cv2.cvtColor(bw, cv2.COLOR_GRAY2RGB)
        out.append(img)
    return out, dpi


def english_layer(text: str) -> list[str]:
    """The text as an English OCR engine gives Vietnamese: no diacritics, đ as d."""
    s = text.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return [ln.strip() for ln in s.splitlines() if ln.strip()]


def to_pdf(pages: list[np.ndarray], dpi: int, layer: list[str] | None) -> bytes:
    """An image-only PDF, or a 'sandwich' with an invisible text layer over the images."""
    from fpdf import FPDF
    from fpdf.enums import TextMode
    from PIL import Image

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 12, 5))
    pdf.set_compression(True)
    if layer is not None:
        pdf.add_font("Serif", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    per_page = -(-len(layer) // len(pages)) if layer else 0
    for k, page in enumerate(pages):
        pdf.add_page()
        im = Image.fromarray(page)
        if dpi == 200:
            im = im.convert("1")
        pdf.image(im, x=0, y=0, w=210, h=297)
        if layer:
            pdf.text_mode = TextMode.INVISIBLE
            pdf.set_font("Serif", size=9)
            pdf.set_xy(15, 15)
            for line in layer[k * per_page : (k + 1) * per_page]:
                pdf.multi_cell(180, 4.5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


def render(docs: list[Doc], variant: str, inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for d in docs:
        target = inbox / f"{d.name}.pdf"
        if target.exists():
            continue
        pages, dpi = capture(d.text, d.key, degradation(d))
        layer = english_layer(d.text) if variant == "bad-layer" else None
        target.write_bytes(to_pdf(pages, dpi, layer))


def run(docs: list[Doc], part: str, variant: str, reextract: bool, scored: bool = True) -> Any:
    from pipeline.ingest import run_ingest
    from pipeline.store.db import connect

    where = OUT / f"{part}-{variant}"
    inbox, db = where / "inbox", where / "archive.duckdb"
    render(docs, variant, inbox)
    run_ingest(inbox, db, progress=sys.stderr.isatty(), reextract_all=reextract)
    if not scored:
        return None
    con = connect(db, read_only=True)
    gold = {"format": "gold-v1", "files": [d.gold_file for d in docs]}
    rep = score(gold, predictions_from_db(con), gold_name=f"rendered {part} {variant}")
    con.close()
    return rep


def run_all(shared: Path | None) -> list[dict[str, Any]]:
    """Every part and variant for `make eval` (scripts/eval_all.py): the rendered scans and
    their OCR are kept from the last run, the extractors run again on the stored text."""
    parts = split(documents(shared))
    out = []
    for part in PARTS:
        for variant in VARIANTS:
            rep = run(parts[part], part, variant, reextract=True)
            out.append({"part": part, "variant": variant, "docs": len(parts[part]), "report": rep})
    return out


def table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    t = Table(
        "part",
        "capture",
        "docs",
        "fields",
        "cit P",
        "cit R",
        "cit F1",
        "relations",
        title="SYNTHETIC: real dev texts as degraded scans (scripts/eval_rendered_real.py)",
    )
    for r in rows:
        rep = r["report"]
        t.add_row(
            r["part"],
            r["variant"],
            str(r["docs"]),
            f"{rep.field_score:.3f}",
            f"{rep.precision:.3f}",
            f"{rep.recall:.3f}",
            f"{rep.f1:.3f}",
            f"{rep.relation_accuracy:.3f}",
        )
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--part", choices=(*PARTS, "all"), default="dev")
    ap.add_argument("--variant", choices=(*VARIANTS, "all"), default="all")
    ap.add_argument("--reextract", action="store_true", help="re-run extractors only")
    ap.add_argument("--fresh", action="store_true", help="render and OCR again")
    ap.add_argument(
        "--ingest-only",
        action="store_true",
        help="render and OCR, score nothing (to OCR the held-back part ahead of scoring it)",
    )
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    shared = Path(a.shared) if Path(a.shared).is_dir() else None
    parts = split(documents(shared))
    results = []
    for part in PARTS if a.part == "all" else (a.part,):
        for variant in VARIANTS if a.variant == "all" else (a.variant,):
            if a.fresh:
                shutil.rmtree(OUT / f"{part}-{variant}", ignore_errors=True)
            rep = run(parts[part], part, variant, a.reextract, scored=not a.ingest_only)
            if rep is None:
                print(f"{part} {variant}: rendered and ingested, not scored", file=sys.stderr)
                continue
            results.append((part, variant, rep))
    if a.json:
        out = [{"part": p, "variant": v, **r.as_dict()} for p, v, r in results]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print("SYNTHETIC: real dev texts rendered as degraded scans (scripts/eval_rendered_real.py)")
    for part, variant, rep in results:
        n = len(parts[part])
        print(
            f"  {part:9} {variant:9} docs {n:2}  fields {rep.field_score:.3f}  "
            f"citations P {rep.precision:.3f} R {rep.recall:.3f} F1 {rep.f1:.3f}  "
            f"relations {rep.relation_accuracy:.3f}"
        )
        if a.misses:
            for m in rep.misses:
                print(f"      {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
