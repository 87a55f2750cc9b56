"""Snapshot every record `extractors.extract_documents` gives on every text the project has,
to check that a change meant to be behaviour-neutral (a speed-up, a refactor) is.

The texts are read once through the real reader (`pipeline.read.text.read_file`: plain,
HTML, DOCX, text-layer PDFs, and OCR for scans) and kept in a pickle, so later runs time
and compare extraction only, on exactly the same inputs. Then every record (all fields
with their evidence, signers, recipients, citations, deadlines, arrival) is written as
JSON, one file per input, and compared against an earlier snapshot.

    python scripts/snapshot_extraction.py --inputs /tmp/x/inputs.pkl --out /tmp/x/before
    ... change the extractors ...
    python scripts/snapshot_extraction.py --inputs /tmp/x/inputs.pkl --out /tmp/x/after \
        --compare /tmp/x/before

Inputs: data/samples, tests/data and tests/golden text files, ../shared/seeds, the
../shared/real text sets (web_dev, vbpl_dev/gazette_dev records as eval_real_texts.py
writes them, born_digital PDFs) and, with --ocr, the scans (data/samples, ../shared/scans,
../shared/real scans). On a difference only the input's name and the first differing
path inside its records are printed, never the text (kept-back documents are among the
inputs).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXT_SUFFIXES = {".txt", ".html", ".htm", ".docx"}
SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}


def _files(shared: Path, ocr: bool) -> list[Path]:
    dirs = [
        ROOT / "data" / "samples",
        ROOT / "tests" / "data",
        ROOT / "tests" / "golden",
        shared / "seeds",
        shared / "real" / "web_dev",
        shared / "real" / "born_digital",
    ]
    scan_dirs = [
        ROOT / "data" / "samples",
        shared / "scans",
        shared / "real" / "scans",
        shared / "real" / "scans_dev",
        shared / "real" / "scans_bad_layer",
    ]
    out: list[Path] = []
    for d in dirs:
        if d.is_dir():
            out += [p for p in sorted(d.rglob("*")) if p.suffix.lower() in TEXT_SUFFIXES]
    born = shared / "real" / "born_digital"
    if born.is_dir():
        out += sorted(born.glob("*.pdf"))
    if ocr:
        for d in scan_dirs:
            if d.is_dir():
                out += [p for p in sorted(d.glob("*")) if p.suffix.lower() in SCAN_SUFFIXES]
    return list(dict.fromkeys(out))


def build_inputs(shared: Path, ocr: bool) -> dict[str, object]:
    """name -> FileText, read through the pipeline's reader."""
    from pipeline.read.text import TextOptions, read_file
    from schemas.records import FileText, PageText

    inputs: dict[str, object] = {}
    opts = TextOptions(jobs=1)
    for p in _files(shared, ocr):
        name = str(p.relative_to(p.anchor))
        try:
            inputs[name] = read_file(p, opts)
        except Exception as exc:  # noqa: BLE001 - a file the reader refuses is no input
            print(f"skip {name}: {exc}", file=sys.stderr)
        print(f"read {name}", file=sys.stderr)
    # the published sets' records, written as files the way eval_real_texts.py does
    for stem in ("vbpl_dev", "gazette_dev"):
        jl = shared / "real" / f"{stem}.jsonl"
        if jl.exists():
            for line in jl.read_text(encoding="utf-8").splitlines():
                if line:
                    r = json.loads(line)
                    text = r["text"]
                    inputs[f"{stem}/{r['id']}"] = FileText(
                        "text/plain", (PageText(1, text, "plain", None),), "plain"
                    )
    return inputs


def _plain(obj: object) -> object:
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj


def snapshot(inputs: dict[str, object], out: Path) -> float:
    from extractors import extract_documents

    out.mkdir(parents=True, exist_ok=True)
    t = time.process_time()
    for i, (name, ft) in enumerate(inputs.items()):
        docs = extract_documents(ft, name)
        data = json.dumps(_plain(docs), ensure_ascii=False, indent=1, sort_keys=True)
        (out / f"{i:04d}.json").write_text(f"{name}\n{data}", encoding="utf-8")
    return time.process_time() - t


def _first_diff(a: object, b: object, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path}: type"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: missing on one side"
            if a[k] != b[k]:
                return _first_diff(a[k], b[k], f"{path}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_diff(x, y, f"{path}[{i}]")
    return f"{path}: value"


def compare(before: Path, after: Path) -> int:
    bad = 0
    names = sorted(p.name for p in before.glob("*.json"))
    for n in names:
        a = (before / n).read_text(encoding="utf-8")
        b_path = after / n
        b = b_path.read_text(encoding="utf-8") if b_path.exists() else ""
        if a != b:
            bad += 1
            name = a.split("\n", 1)[0]
            try:
                where = _first_diff(
                    json.loads(a.split("\n", 1)[1]), json.loads(b.split("\n", 1)[1])
                )
            except (IndexError, json.JSONDecodeError):
                where = "unreadable"
            print(f"DIFFERS {name}: {where}")
    print(f"{len(names) - bad}/{len(names)} inputs identical")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--inputs", type=Path, required=True, help="pickle of the read texts")
    ap.add_argument("--ocr", action="store_true", help="also OCR the scans (slow, once)")
    ap.add_argument("--out", type=Path, help="folder for this snapshot")
    ap.add_argument("--compare", type=Path, help="an earlier snapshot to compare --out with")
    args = ap.parse_args(argv)
    if args.inputs.exists():
        inputs = pickle.loads(args.inputs.read_bytes())
    else:
        inputs = build_inputs(args.shared, args.ocr)
        args.inputs.parent.mkdir(parents=True, exist_ok=True)
        args.inputs.write_bytes(pickle.dumps(inputs))
    print(f"{len(inputs)} inputs", file=sys.stderr)
    if args.out:
        cpu = snapshot(inputs, args.out)
        print(f"extraction CPU {cpu:.2f} s", file=sys.stderr)
    if args.compare and args.out:
        return compare(args.compare, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
