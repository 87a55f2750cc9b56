"""Where the time of a cold text ingest goes, with or without the cost of extraction.

Makes the bench's inbox of seed-sized text files (``scripts/bench_speed.py``), then runs
``run_ingest`` into an empty archive in this process, timed, optionally under cProfile
(the writer's process; the workers are separate processes).

``--free-extract`` makes extraction free: every file's documents are computed once
beforehand (cached on disk, keyed by the text's hash) and the sandbox workers return
them from that cache instead of running the extractors. What remains is the
orchestration: walking, hashing, IPC to the workers, loading, the graph, the index.

Usage:
    python scripts/profile_ingest.py --files 600 --free-extract
    python scripts/profile_ingest.py --files 120 --profile parent.prof
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

CACHE_ENV = "VANTHU_PROFILE_EXTRACT_CACHE"


def _key(ft) -> str:  # noqa: ANN001
    h = hashlib.sha256()
    for p in ft.pages:
        h.update(p.text.encode())
    return h.hexdigest()


def install_free_extract() -> None:
    """In a worker (imported by the fork server): extraction answered from the cache."""
    import extractors

    with open(os.environ[CACHE_ENV], "rb") as fh:
        cache = pickle.load(fh)  # noqa: S301 - our own file, written just before
    real = extractors.extract_documents

    def cached(ft, source_name=None):  # noqa: ANN001, ANN202
        hit = cache.get(_key(ft))
        return list(hit) if hit is not None else real(ft, source_name)

    extractors.extract_documents = cached


def build_cache(inbox: Path, cache_path: Path) -> None:
    from extractors import extract_documents
    from pipeline.read import text
    from pipeline.read.detect import detect

    opts = text.TextOptions(jobs=1)
    cache = {}
    if cache_path.exists():
        with open(cache_path, "rb") as fh:
            cache = pickle.load(fh)  # noqa: S301
    added = 0
    for p in sorted(inbox.iterdir()):
        ft = text.read_file(detect(p), opts)  # the text as the workers read it
        k = _key(ft)
        if k not in cache:
            cache[k] = extract_documents(ft, p.name)
            added += 1
    if added:
        with open(cache_path, "wb") as fh:
            pickle.dump(cache, fh)
    print(f"extraction cache: {len(cache)} texts ({added} new)", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=600)
    ap.add_argument("--free-extract", action="store_true")
    ap.add_argument("--profile", help="write the writer process's cProfile stats here")
    ap.add_argument("--keep", help="keep the archive at this path")
    ap.add_argument("--cache", default="/tmp/vanthu_profile_extract.pkl")
    args = ap.parse_args()

    from bench_speed import make_text_inbox

    tmp = Path(tempfile.mkdtemp(prefix="vt-prof-"))
    inbox = make_text_inbox(tmp / "texts", args.files)
    if args.free_extract:
        build_cache(inbox, Path(args.cache))
        os.environ[CACHE_ENV] = args.cache
        from pipeline.read import sandbox

        ctx = sandbox._context()
        ctx.set_forkserver_preload(
            ["pipeline.read.text", "pipeline.read.ocr", "extractors", "profile_ingest"]
        )
        import profile_ingest  # noqa: F401 - the fork server imports it too

    from pipeline import ingest
    from pipeline.ingest import run_ingest

    spent: dict[str, float] = {}
    first: list[float] = []

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    for name in ("_run", "_flush", "_update_graph", "_load_one", "sha256_file", "detect"):
        setattr(ingest, name, timed(name, getattr(ingest, name)))
    from pipeline.graph import incremental

    incremental.update_graph = timed("graph update", incremental.update_graph)
    from pipeline import executors

    real_run = executors.LocalExecutor.run

    def run(self, jobs, on_pages=None):  # noqa: ANN001, ANN202
        t = time.perf_counter()
        for done in real_run(self, jobs, on_pages):
            if not first:
                first.append(time.perf_counter() - t)
            yield done
        spent["executor (all files back)"] = time.perf_counter() - t

    executors.LocalExecutor.run = run

    db = Path(args.keep) if args.keep else tmp / "a.duckdb"
    prof = cProfile.Profile() if args.profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    s = run_ingest(inbox, db, progress=False)
    if prof:
        prof.disable()
        prof.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(30)
    secs = time.perf_counter() - t0
    if first:
        spent["first file back"] = first[0]
    spent["writer process CPU"] = time.process_time() - c0
    from pipeline.read import sandbox

    tick = os.sysconf("SC_CLK_TCK")
    for w in sandbox._POOL.all:  # noqa: SLF001 - a measuring tool
        with open(f"/proc/{w.proc.pid}/stat") as fh:
            f = fh.read().rsplit(")", 1)[1].split()
        spent[f"worker {w.proc.pid} CPU"] = (int(f[11]) + int(f[12])) / tick
    for name, t in spent.items():
        print(f"  {name:28s} {t:6.2f} s", file=sys.stderr)
    print(
        f"{args.files} files, {s.documents_new} documents, {s.citations_new} citations: "
        f"{secs:.2f} s = {args.files / secs:.1f} files/s"
        f"{' (extraction free)' if args.free_extract else ''}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
elif CACHE_ENV in os.environ:  # imported by the fork server
    install_free_extract()
