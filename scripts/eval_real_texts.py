"""Real texts in `make eval`: web-published documents and published national records.

Every set is scored in two parts, never mixed: ``dev`` (may be looked at while writing
rules) and ``kept-back`` (scored only at the end, reported apart). The kept-back part of
the ../shared/real sets is fixed in tests/data/real_split.json; that of the set gathered
here in tests/data/real_web_extra*/split.json. Both were chosen before any result was seen.

Sets:

* ``web_dev`` (../shared/real/web_dev + web_dev.gold.json), ``web_extra`` and
  ``web_extra2`` (tests/data/real_web_extra*: documents as web portals publish them,
  gathered for issue #9, each with its address; the second set was gathered after the
  first one's kept-back part had been looked at): gold-v1, scored like `vanthu eval`
  (fields, citation P/R/F1, relations);
* ``vbpl_dev`` and ``gazette_dev`` (../shared/real/*.jsonl): type and number+symbol
  against the published record;
* ``born_digital`` (../shared/real/born_digital/*.pdf): type and number+symbol against
  the file name the gazette gave the PDF (``thong-tu-so-33-2026-tt-bca-469654``).

Each part is ingested afresh through the real pipeline into data/curated/eval/.

    python scripts/eval_real_texts.py [--shared ../shared] [--part dev|kept-back|all]
                                      [--only NAME] [--misses] [--json]

While tuning rules, use ``--part dev``: it never reads the kept-back documents.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import load_gold, predictions_from_db, score  # noqa: E402
from pipeline.ingest import run_ingest  # noqa: E402
from pipeline.store.db import connect  # noqa: E402

EVAL_DIR = ROOT / "data" / "curated" / "eval"
SPLIT = ROOT / "tests" / "data" / "real_split.json"
EXTRA = ROOT / "tests" / "data" / "real_web_extra"
# Gathered sets kept in the repo: (name, folder with gold.json + split.json).
GATHERED = (("web_extra", EXTRA), ("web_extra2", ROOT / "tests" / "data" / "real_web_extra2"))
PARTS = ("dev", "kept-back")
GOLD_FIELDS = ("doc_type", "number+symbol", "issued_date", "place", "issuer", "subject", "signer")
err = Console(stderr=True)


@dataclass(frozen=True)
class GoldSet:
    """Documents as files in a folder, with a gold-v1 file."""

    name: str
    gold: Path
    inbox: Path
    kept_back: frozenset[str]


@dataclass(frozen=True)
class PublishedSet:
    """Documents with the type and number+symbol their publisher recorded."""

    name: str
    kept_back: frozenset[str]
    jsonl: Path | None = None
    pdf_folder: Path | None = None


def _kept_back(name: str) -> frozenset[str]:
    sets = json.loads(SPLIT.read_text(encoding="utf-8"))["sets"]
    return frozenset(sets.get(name, ()))


def real_sets(shared: Path | None) -> list[GoldSet | PublishedSet]:
    """Every real text set we can find (the gathered one is in the repo)."""
    out: list[GoldSet | PublishedSet] = []
    if shared is not None:
        real = shared / "real"
        if (real / "web_dev.gold.json").exists():
            out.append(
                GoldSet(
                    "web_dev", real / "web_dev.gold.json", real / "web_dev", _kept_back("web_dev")
                )
            )
    for name, folder in GATHERED:
        if (folder / "gold.json").exists():
            kb = json.loads((folder / "split.json").read_text(encoding="utf-8"))["kept_back"]
            out.append(GoldSet(name, folder / "gold.json", folder, frozenset(kb)))
    if shared is not None:
        real = shared / "real"
        for stem in ("vbpl_dev", "gazette_dev"):
            if (real / f"{stem}.jsonl").exists():
                out.append(PublishedSet(stem, _kept_back(stem), jsonl=real / f"{stem}.jsonl"))
        if (real / "born_digital").is_dir():
            out.append(PublishedSet("born_digital", frozenset(), pdf_folder=real / "born_digital"))
    return out


def _fresh(db: Path) -> Path:
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    return db


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _norm_ref(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").upper().replace(" ", "")


def _ingest(name: str, files: dict[str, bytes]) -> Path:
    """Write ``files`` (name -> content) to a fresh inbox and ingest it; returns the db."""
    inbox = Path(tempfile.mkdtemp(prefix="vanthu-real-"))
    try:
        for fname, data in files.items():
            (inbox / fname).write_bytes(data)
        db = _fresh(EVAL_DIR / f"real-{_slug(name)}.duckdb")
        run_ingest(inbox, db, progress=sys.stderr.isatty())
    finally:
        shutil.rmtree(inbox, ignore_errors=True)
    return db


def _in_part(key: str, kept_back: frozenset[str], part: str) -> bool:
    return (key in kept_back) == (part == "kept-back")


def run_gold_set(s: GoldSet, part: str) -> dict[str, Any] | None:
    gold = load_gold(s.gold)
    files = [f for f in gold["files"] if _in_part(Path(f["source"]).stem, s.kept_back, part)]
    if not files:
        return None
    inputs = {}
    for f in files:
        src = next(s.inbox.glob(f"{Path(f['source']).stem}.*"))
        inputs[src.name] = src.read_bytes()
    db = _ingest(f"{s.name}-{part}", inputs)
    con = connect(db, read_only=True)
    rep = score({**gold, "files": files}, predictions_from_db(con), gold_name=f"{s.name} {part}")
    con.close()
    return {"set": s.name, "part": part, "kind": "gold", "report": rep}


# A gazette PDF's name: <type words>-so-<number>[-<year>]-<symbol words>-<id>
# (``thong-tu-so-33-2026-tt-bca-469654``, ``nghi-quyet-so-115-nq-cp-469452``).
PDF_NAME = re.compile(r"^(?P<type>[a-z-]+?)-so-(?P<ref>[0-9a-z-]+)-(?P<id>\d{4,})$")
TYPE_SLUGS = {"thong-tu": "Thông tư", "nghi-dinh": "Nghị định", "nghi-quyet": "Nghị quyết"}


def _published_from_pdf_name(stem: str) -> dict[str, str] | None:
    m = PDF_NAME.match(stem)
    if not m or m["type"] not in TYPE_SLUGS:
        return None
    parts = m["ref"].split("-")
    num, rest = parts[0], parts[1:]
    year = [rest.pop(0)] if rest and re.fullmatch(r"(19|20)\d\d", rest[0]) else []
    sym = "-".join(rest).upper().replace("ND-", "NĐ-")
    return {"doc_type": TYPE_SLUGS[m["type"]], "number_symbol": "/".join([num, *year, sym])}


def _records(s: PublishedSet) -> list[dict[str, Any]]:
    """[{id, file name, content, published}] for every document of the set."""
    if s.jsonl is not None:
        recs = [json.loads(x) for x in s.jsonl.read_text(encoding="utf-8").splitlines() if x]
        return [
            {
                "id": r["id"],
                "fname": f"{r['id']}.txt",
                "data": r["text"].encode("utf-8"),
                "published": r["published"],
            }
            for r in recs
        ]
    out = []
    for pdf in sorted(s.pdf_folder.glob("*.pdf")) if s.pdf_folder else []:
        pub = _published_from_pdf_name(pdf.stem)
        if pub is not None:
            out.append(
                {"id": pdf.stem, "fname": pdf.name, "data": pdf.read_bytes(), "published": pub}
            )
    return out


def run_published_set(s: PublishedSet, part: str) -> dict[str, Any] | None:
    recs = [r for r in _records(s) if _in_part(r["id"], s.kept_back, part)]
    if not recs:
        return None
    db = _ingest(f"{s.name}-{part}", {r["fname"]: r["data"] for r in recs})
    con = connect(db, read_only=True)
    got = {
        Path(p).stem: (t, n, sy)
        for p, t, n, sy in con.execute(
            "SELECT source_path, doc_type, number, symbol FROM documents WHERE ordinal = 1"
        ).fetchall()
    }
    con.close()
    type_ok = ref_ok = 0
    misses = []
    for r in recs:
        pub = r["published"]
        t, n, sy = got.get(Path(r["fname"]).stem, (None, None, None))
        ref = f"{n}/{sy}" if n and sy else (n or sy or "")
        ok_t = (t or "").casefold() == pub["doc_type"].casefold()
        ok_r = _norm_ref(ref) == _norm_ref(pub["number_symbol"])
        type_ok += ok_t
        ref_ok += ok_r
        if not (ok_t and ok_r):
            misses.append(
                {
                    "id": r["id"],
                    "published": f"{pub['doc_type']} {pub['number_symbol']}",
                    "predicted": f"{t} {ref}",
                }
            )
    return {
        "set": s.name,
        "part": part,
        "kind": "published",
        "documents": len(recs),
        "type": type_ok / len(recs),
        "number_symbol": ref_ok / len(recs),
        "misses": misses,
    }


def run(
    shared: Path | None, parts: tuple[str, ...] = PARTS, only: str | None = None
) -> list[dict[str, Any]]:
    """Score every real text set, each part apart."""
    EVAL_DIR.mkdir(parents=True, exist_ok=True)
    out = []
    for s in real_sets(shared):
        if only and only not in s.name:
            continue
        for part in parts:
            err.print(f"· real {s.name} ({part})")
            r = run_gold_set(s, part) if isinstance(s, GoldSet) else run_published_set(s, part)
            if r is not None:
                out.append(r)
    return out


def as_json(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **{k: v for k, v in r.items() if k != "report"},
            **({"report": r["report"].as_dict()} if "report" in r else {}),
        }
        for r in results
    ]


def print_tables(results: list[dict[str, Any]], out: Console, misses: bool = False) -> None:
    gold = [r for r in results if r["kind"] == "gold"]
    pub = [r for r in results if r["kind"] == "published"]
    if gold:
        t = Table(
            "real text set",
            "part",
            "docs",
            "fields",
            "type",
            "num+sym",
            "date",
            "place",
            "issuer",
            "subject",
            "signer",
            "cit P",
            "cit R",
            "cit F1",
            "relations",
            title="Real texts against gold (dev = tuned on; kept-back = scored only at the end)",
        )
        for r in gold:
            rep = r["report"]
            acc = [rep.accuracy(f) for f in GOLD_FIELDS]
            t.add_row(
                r["set"],
                r["part"],
                f"{rep.documents_found}/{rep.documents_gold}",
                f"{rep.field_score:.3f}",
                *(f"{a:.2f}" if a is not None else "—" for a in acc),
                f"{rep.precision:.3f}",
                f"{rep.recall:.3f}",
                f"{rep.f1:.3f}",
                f"{rep.relation_accuracy:.3f}",
            )
        out.print(t)
    if pub:
        t = Table(
            "published set",
            "part",
            "documents",
            "type",
            "number+symbol",
            title="Real texts against published records",
        )
        for r in pub:
            t.add_row(
                r["set"],
                r["part"],
                str(r["documents"]),
                f"{r['type']:.3f}",
                f"{r['number_symbol']:.3f}",
            )
        out.print(t)
    if misses:
        for r in gold:
            for m in r["report"].misses:
                out.print(
                    f"{r['set']} {r['part']}: {m['where']} {m['field']}: "
                    f"gold={m['gold']!r} predicted={m['predicted']!r}"
                )
        for r in pub:
            for m in r["misses"]:
                out.print(
                    f"{r['set']} {r['part']}: {m['id']}: published={m['published']!r} "
                    f"predicted={m['predicted']!r}"
                )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", default="../shared", help="the shared folder (default ../shared)")
    ap.add_argument(
        "--part",
        choices=("dev", "kept-back", "all"),
        default="all",
        help="which part to score (default all; use dev while tuning)",
    )
    ap.add_argument("--only", help="only sets whose name contains this")
    ap.add_argument("--misses", action="store_true", help="list each miss")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    shared = Path(args.shared)
    if not shared.is_dir():
        err.print(f"[yellow]{shared} not found: scoring only the sets kept in the repo[/yellow]")
        shared = None
    parts = PARTS if args.part == "all" else (args.part,)
    results = run(shared, parts, args.only)
    if args.json:
        print(json.dumps(as_json(results), ensure_ascii=False, indent=2, default=str))
        return 0
    print_tables(results, Console(width=None if sys.stdout.isatty() else 200), args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
