"""Citation helper's quick check: citation P/R/F1 and relation accuracy on the seeds.

Until the segmenter is in, documents are cut from each file here (at the type lines
of attachments: BIÊN BẢN, BẢNG ĐIỂM, ĐỀ CƯƠNG, DANH SÁCH ... after the first document).
With --segmenter the project's extract_documents is used instead.

    .venv/bin/python scripts/check_citations.py [--scans] [--segmenter] [--noise 0.03] [-v]

--noise P swaps the mark of each vowel with probability P (what OCR does to Vietnamese
first), to see how the extractor holds up.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.citations import extract_citations  # noqa: E402
from extractors.deadlines import extract_deadlines  # noqa: E402
from pipeline.evaluate import load_gold, score_records  # noqa: E402
from schemas.records import DocumentRecord  # noqa: E402

SHARED = Path("/work/shared")
# an attachment starts at its capitalised type line (with its place-date line, for minutes)
CUT = re.compile(
    r"(?m)^(?:[^\n]*ngày \d+ tháng \d+ năm \d{4}\s*\n\s*\n?)?"
    r"(?=(?:BIÊN BẢN|BẢNG ĐIỂM|ĐỀ CƯƠNG|DANH SÁCH|PHỤ LỤC)\b)"
)


def cut(text: str) -> list[str]:
    starts = [0]
    for m in CUT.finditer(text):
        line = text[m.start() :].lstrip().split("\n", 1)[0]
        typeline = text[text.find("\n", m.start()) + 1 :] if "ngày" in line else line
        typeline = typeline.lstrip().split("\n", 1)[0] if "ngày" in line else line
        if typeline != typeline.upper():
            continue
        if m.start() - starts[-1] > 200:
            starts.append(m.start())
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


_MARKS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
}


def damage(text: str, p: float, rng: random.Random) -> str:
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch.lower())[0]
        if base in _MARKS and rng.random() < p:
            c = rng.choice(_MARKS[base])
            out.append(c.upper() if ch.isupper() else c)
        else:
            out.append(ch)
    return "".join(out)


def load_texts(scans: bool) -> dict[str, str]:
    out = {}
    if scans:
        pages: dict[str, list[str]] = {}
        for p in sorted(glob.glob(str(SHARED / "scans/truth/*.txt"))):
            stem = re.sub(r"_p\d+$", "", Path(p).stem)
            pages.setdefault(stem, []).append(Path(p).read_text(encoding="utf-8"))
        for stem, pp in pages.items():
            out[stem] = "\n\f\n".join(pp)
    else:
        for p in sorted(glob.glob(str(SHARED / "seeds/*.txt"))):
            out[Path(p).stem] = Path(p).read_text(encoding="utf-8")
    return {k: unicodedata.normalize("NFC", v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scans", action="store_true")
    ap.add_argument("--segmenter", action="store_true")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--noise", type=float, default=0.0)
    a = ap.parse_args()
    rng = random.Random(7)
    gold = load_gold(SHARED / "gold/seeds.gold.json")
    preds: dict[str, list[DocumentRecord]] = {}
    for stem, text in load_texts(a.scans).items():
        if a.noise:
            text = damage(text, a.noise, rng)
        if a.segmenter:
            from extractors import extract_documents
            from schemas.records import FileText, PageText

            ft = FileText(
                "text/plain",
                tuple(PageText(i + 1, t, "plain") for i, t in enumerate(text.split("\n\f\n"))),
                "plain",
            )
            docs = extract_documents(ft, stem)
        else:
            docs = []
            for i, part in enumerate(cut(text), 1):
                d = DocumentRecord(
                    ordinal=i,
                    page_start=1,
                    page_end=1,
                    text=part,
                    parent_ordinal=1 if i > 1 else None,
                )
                d.citations = extract_citations(d)
                d.deadlines = extract_deadlines(d)
                docs.append(d)
        preds[stem] = docs
        if a.v:
            for d in docs:
                print(f"== {stem} #{d.ordinal}")
                for i, c in enumerate(d.citations):
                    print(
                        f"  {i:2d} {c.relation:11s} {c.doc_type} | {c.number} | {c.symbol} | "
                        f"{c.cited_date} | {c.cited_issuer} | ante={c.antecedent} | {c.rule}"
                        f" | {c.mention!r}"
                    )
                for dl in d.deadlines:
                    print(f"  DL {dl.due_date} {dl.due_year}-{dl.due_month} | {dl.what!r}")
    rep = score_records(gold, preds, "seeds")
    d = rep.as_dict()
    print(json.dumps(d["citations"], ensure_ascii=False))
    for miss in rep.misses:
        if miss["field"] in ("citation", "relation"):
            print("MISS", miss)


if __name__ == "__main__":
    main()
