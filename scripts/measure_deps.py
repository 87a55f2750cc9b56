"""Measure the packages the design names against what the project does without them.

Three questions, each printed as a Markdown table (README "Dependencies" quotes them):

- ``ocr``: calling Tesseract directly with the page on stdin (the wrapper before), through
  pytesseract as it comes (PNG), and through pytesseract with the page as PGM (what
  ``pipeline/read/_exec/tesseract.py`` does now), on the same page images, language, psm and
  DPI: wall and CPU seconds per page (median of interleaved runs), same words or not.
- ``dates``: dateparser on free-form deadline phrases the printed-form regex of
  ``extractors/deadlines.py`` may not cover, against what that extractor finds in the same
  sentence; each answer marked right, wrong or none against the date the phrase means.
- ``gazetteer``: spaCy's PhraseMatcher over the issuer and province gazetteer vs the one
  alternation regex ``pipeline/graph/keys.py`` uses, on the project's own document texts:
  characters per second and whether the matches agree.

Usage::

    .venv/bin/python scripts/measure_deps.py            # all three
    .venv/bin/python scripts/measure_deps.py dates ocr  # some

The timings depend on the machine's load: run it on an idle machine, or read the ratios.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


# ---------------------------------------------------------------------------------------
# OCR: pytesseract vs our wrapper
# ---------------------------------------------------------------------------------------
def _pages(limit: int = 6):
    """Grey page images at 300 dpi: the sample scans, and real gazette scans when present."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    out = []
    tif = ROOT / "data" / "samples" / "ke_hoach_xa_scan.tif"
    with Image.open(tif) as im:
        for i in range(min(getattr(im, "n_frames", 1), 2)):
            im.seek(i)
            out.append((f"{tif.name}#{i + 1}", np.asarray(im.convert("L"))))
    pdfs = [ROOT / "data" / "samples" / "cong_van_scan.pdf"]
    pdfs += sorted((SHARED / "real" / "scans").glob("*.pdf"))
    for pdf in pdfs:
        doc = pdfium.PdfDocument(str(pdf))
        for i in range(min(len(doc), 2)):
            img = doc[i].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
            out.append((f"{pdf.name}#{i + 1}", np.asarray(img)))
        doc.close()
    return out[:limit]


def _pnm(image) -> bytes:
    """Binary PGM of a grey page: how the wrapper before pytesseract fed Tesseract's stdin."""
    h, w = image.shape
    return b"P5\n%d %d\n255\n" % (w, h) + image.tobytes()


def measure_ocr(rounds: int = 3) -> None:
    import os
    import resource
    import subprocess

    import pytesseract
    from PIL import Image

    from pipeline.read._exec import tesseract

    os.environ["OMP_THREAD_LIMIT"] = "1"  # one thread per tesseract, as ingest runs them
    lang, psm, dpi = "vie", 6, 300

    def direct_stdin(img):  # the wrapper before: the binary called with the page on stdin
        args = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
        out = subprocess.run(
            [*args, "tsv"], input=_pnm(img), capture_output=True, check=True
        ).stdout.decode()
        return [w.text for w in tesseract.parse_tsv(out)]

    def pytesseract_png(img):  # pytesseract as it comes: the page written as PNG
        data = pytesseract.image_to_data(
            Image.fromarray(img),
            lang=lang,
            config=f"--psm {psm} --dpi {dpi}",
            output_type=pytesseract.Output.DICT,
        )
        levels = zip(data["text"], data["level"], strict=True)
        return [t for t, lvl in levels if lvl == 5 and t.strip()]

    def vanthu(img):  # pipeline/read/_exec/tesseract.py: pytesseract, the page as PGM
        words = tesseract.run_tsv(image=img, lang=lang, psm=psm, dpi=dpi, timeout=300)
        return [w.text for w in words]

    def cpu() -> float:
        """CPU seconds of this process and of its finished children (the tesseracts)."""
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + ch.ru_utime + ch.ru_stime

    ways = {
        "direct call, PGM on stdin (before)": direct_stdin,
        "pytesseract, PNG (its default)": pytesseract_png,
        "pytesseract, PGM (vanthu now)": vanthu,
    }
    try:  # not a dependency: pip install --target DIR tesserocr, then PYTHONPATH=DIR
        import tesserocr

        tessdata = os.environ.get("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata/")
        api = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK)
        version = tesserocr.tesseract_version().split()[1]

        def in_process(img):  # tesserocr: the C API, no process or file per page
            api.SetImage(Image.fromarray(img))
            api.SetSourceResolution(dpi)
            return [w.text for w in tesseract.parse_tsv("header\n" + api.GetTSVText(0))]

        ways[f"tesserocr {tesserocr.__version__} (its Tesseract {version})"] = in_process
    except ImportError:
        pass
    names = list(ways)
    pages = _pages()
    wall = {n: [] for n in names}
    cpus = {n: [] for n in names}
    rows = []
    for page, img in pages:
        w: dict[str, list[float]] = {n: [] for n in names}
        c: dict[str, list[float]] = {n: [] for n in names}
        words = {}
        for r in range(rounds):  # interleaved, the order turned each round
            for n in names[r % len(names) :] + names[: r % len(names)]:
                t0, c0 = time.perf_counter(), cpu()
                words[n] = ways[n](img)
                w[n].append(time.perf_counter() - t0)
                c[n].append(cpu() - c0)
        same = sum(words[n] == words[names[2]] for n in names)  # same words as vanthu's call
        for n in names:
            wall[n].append(statistics.median(w[n]))
            cpus[n].append(statistics.median(c[n]))
        rows.append((page, img.shape, [(wall[n][-1], cpus[n][-1]) for n in names], same))
    print(f"\n### Tesseract calls (vie, psm {psm}, {dpi} dpi, one thread), median of {rounds}\n")
    print("wall s / CPU s (this process and its tesseract) per page\n")
    print("| page | pixels | " + " | ".join(names) + " | ways with vanthu's words |")
    print("|---|---|" + "---|" * len(names) + "---|")
    for page, shape, vals, same in rows:
        cells = " | ".join(f"{a:.2f} / {b:.2f}" for a, b in vals)
        print(f"| {page} | {shape[1]}x{shape[0]} | {cells} | {same} of {len(names)} |")
    cells = " | ".join(f"**{sum(wall[n]):.2f} / {sum(cpus[n]):.2f}**" for n in names)
    print(f"| **all {len(rows)} pages** | | {cells} | |")
    base = sum(cpus[names[0]])
    print(
        "\nCPU against the direct call: "
        + ", ".join(f"{n} {sum(cpus[n]) / base:.2f}" for n in names[1:])
    )


# ---------------------------------------------------------------------------------------
# Dates: dateparser on free-form deadline phrases vs the deadline extractor
# ---------------------------------------------------------------------------------------
# Phrases that set a due date, as directing documents write them, and the date each means for
# a document issued on ISSUED (the last day of a month or quarter when a period is named;
# None when the phrase names no calendar date). Written for this measurement from the
# genre's wording (DOMAIN.md), not taken from any sample.
ISSUED = datetime(2024, 3, 10)
PHRASES: list[tuple[str, str | None]] = [
    ("trước ngày 15/4/2024", "2024-04-15"),
    ("trước ngày 15/4", "2024-04-15"),
    ("trước ngày 15 tháng 4 năm 2024", "2024-04-15"),
    ("chậm nhất ngày 20/5/2024", "2024-05-20"),
    ("trước 17 giờ 00 ngày 25/4/2024", "2024-04-25"),
    ("trong tháng 5/2024", "2024-05"),
    ("trong quý II năm 2024", "2024-06-30"),
    ("trong quý 3/2024", "2024-09-30"),
    ("cuối tháng 3", "2024-03-31"),
    ("cuối tháng 6 năm 2024", "2024-06-30"),
    ("đầu tháng 4/2024", None),  # "early April": no one day
    ("trong 6 tháng đầu năm 2024", "2024-06-30"),
    ("trước ngày 31 tháng 12", "2024-12-31"),
    ("trong năm 2024", "2024-12-31"),
    ("trong thời hạn 15 ngày kể từ ngày nhận được văn bản này", None),  # counted from receipt
    ("trước Tết Nguyên đán", None),
]
SENTENCE = "Đề nghị các đơn vị báo cáo kết quả thực hiện về Sở Nội vụ {phrase} để tổng hợp."


def _extractor_answer(phrase: str) -> str | None:
    from extractors.deadlines import extract_deadlines
    from schemas.records import DocumentRecord, Field

    text = SENTENCE.format(phrase=phrase)
    doc = DocumentRecord(1, 1, 1, text, fields={"issued_year": Field("issued_year", ISSUED.year)})
    found = extract_deadlines(doc)
    return found[0].due_date if found else None


def _dateparser_answer(parser, phrase: str) -> str | None:
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    d = data.date_obj
    return f"{d:%Y-%m}" if data.period == "month" else f"{d:%Y-%m-%d}"


def _mark(got: str | None, want: str | None) -> str:
    if got is None:
        return "none" if want is not None else "right (none)"
    return "right" if got == want else "wrong"


def measure_dates() -> None:
    import dateparser
    from dateparser.search import search_dates

    settings = {
        "RELATIVE_BASE": ISSUED,
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "last",
    }
    parser = dateparser.date.DateDataParser(languages=["vi"], settings=settings)
    print("\n### Free-form deadline phrases: the deadline extractor vs dateparser\n")
    print(f"Document issued {ISSUED:%Y-%m-%d}; each phrase inside: `{SENTENCE}`\n")
    print("| phrase | means | extractor | dateparser (phrase) | dateparser search_dates |")
    print("|---|---|---|---|---|")
    score = {"extractor": 0, "dateparser": 0, "search": 0}
    for phrase, want in PHRASES:
        ex = _extractor_answer(phrase)
        dp = _dateparser_answer(parser, phrase)
        hits = search_dates(SENTENCE.format(phrase=phrase), languages=["vi"], settings=settings)
        sd = ", ".join(f"`{t}`->{d:%Y-%m-%d}" for t, d in hits or [])
        sd_first = f"{hits[0][1]:%Y-%m-%d}" if hits else None
        for k, got in (("extractor", ex), ("dateparser", dp), ("search", sd_first)):
            score[k] += _mark(got, want).startswith("right")
        print(
            f"| {phrase} | {want or '(no date)'} | {ex or '—'} ({_mark(ex, want)}) "
            f"| {dp or '—'} ({_mark(dp, want)}) | {sd or '—'} ({_mark(sd_first, want)}) |"
        )
    n = len(PHRASES)
    print(
        f"| **right of {n}** | | {score['extractor']} | {score['dateparser']} | {score['search']} |"
    )
    t0 = time.perf_counter()
    k = 0
    for _ in range(5):
        for phrase, _want in PHRASES:
            parser.get_date_data(phrase)
            k += 1
    dp_rate = k / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    k = 0
    for _ in range(5):
        for phrase, _want in PHRASES:
            _extractor_answer(phrase)
            k += 1
    ex_rate = k / (time.perf_counter() - t0)
    print(
        f"\nSpeed: dateparser {dp_rate:,.0f} phrases/s (a reused DateDataParser); "
        f"the deadline extractor {ex_rate:,.0f} sentences/s (whole sentence, all rules)."
    )


# ---------------------------------------------------------------------------------------
# Gazetteer: spaCy PhraseMatcher vs one alternation regex
# ---------------------------------------------------------------------------------------
def _texts() -> list[str]:
    out = []
    for d in ("seeds", "heldout", "heldout2", "graph_heldout", "graph"):
        for p in sorted((ROOT / "tests" / "data" / d).glob("*.txt")):
            out.append(p.read_text(encoding="utf-8"))
    return out


def measure_gazetteer(rounds: int = 5) -> None:
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    from pipeline.graph.keys import gazetteer
    from pipeline.graph.reference import fold, load

    g = gazetteer(load())
    phrases = sorted({a for a, _ in g.issuer_aliases})
    texts = [fold(t) for t in _texts()]
    chars = sum(len(t) for t in texts)

    def by_regex(t: str) -> set[tuple[int, str]]:
        return {(m.start(), m.group(1)) for m in g.issuer_re.finditer(t)}

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("ISSUER", [nlp.make_doc(p) for p in phrases])

    def by_spacy(t: str) -> set[tuple[int, str]]:
        doc = nlp.make_doc(t)
        # longest first, no overlaps: what the regex's alternation gives
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        return {(sp.start_char, sp.text) for sp in spans}

    results = {}
    for name, fn in (("regex (keys.py)", by_regex), ("spaCy PhraseMatcher", by_spacy)):
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            found = [fn(t) for t in texts]
            times.append(time.perf_counter() - t0)
        results[name] = (statistics.median(times), found)
    rf, sf = results["regex (keys.py)"][1], results["spaCy PhraseMatcher"][1]
    agree = sum(a == b for a, b in zip(rf, sf, strict=True))
    only_regex = sum(len(a - b) for a, b in zip(rf, sf, strict=True))
    only_spacy = sum(len(b - a) for a, b in zip(rf, sf, strict=True))
    print("\n### Issuer gazetteer: one regex vs spaCy PhraseMatcher\n")
    print(
        f"{len(phrases)} phrases, {len(texts)} documents of tests/data ({chars:,} characters), "
        f"median of {rounds} runs.\n"
    )
    print("| matcher | seconds | characters/s | matches |")
    print("|---|---|---|---|")
    for name, (t, found) in results.items():
        print(f"| {name} | {t:.4f} | {chars / t:,.0f} | {sum(len(f) for f in found)} |")
    print(
        f"\nSame matches in {agree} of {len(texts)} documents; {only_regex} found by the regex "
        f"only, {only_spacy} by the PhraseMatcher only (longest non-overlapping spans of both; "
        "spaCy's Vietnamese tokenizer without pyvi splits on spaces only, so a phrase before "
        "a comma or inside a longer token is not found)."
    )


def main(argv: list[str]) -> int:
    which = argv or ["ocr", "dates", "gazetteer"]
    for w in which:
        {"ocr": measure_ocr, "dates": measure_dates, "gazetteer": measure_gazetteer}[w]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
