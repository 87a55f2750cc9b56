"""`make reliability`: every hostile case of issue 10, what happened to it, and the cost.

1. A hostile inbox is generated (tests/hostile.py: links out of the inbox, pipes, bombs,
   a 1,000-page PDF, a 3.6 MB line ...) and read by `vanthu ingest` as a user would;
   each case's outcome is read back from the archive and compared with what must happen.
2. Each hostile file is read again by the reader alone, in its own process under a 2 GB
   address-space limit (resource.setrlimit), to show its peak memory.
3. Extraction time on one enormous line of growing length: the seconds per MB must stay
   flat (linear work), not grow with the length.
4. The guarded query path refuses each way out; a re-run adds nothing; inputs unchanged.

Prints tables on stdout; exit code 0 when every case is handled as it must be.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from tests.hostile import OUTSIDE_MARKER, SCRIPT_MARKER, enormous_line, make_corpus  # noqa: E402

out = Console(soft_wrap=True, width=160)
LIMIT_MB = 2048

PROBE = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pipeline.errors import UnreadableFile
from pipeline.read.text import TextOptions, read_file
t = time.monotonic()
try:
    ft = read_file(sys.argv[1], TextOptions(jobs=1, cache_dir=None))
    got = "read: %d pages" % len(ft.pages)
except UnreadableFile as exc:
    got = exc.code
except MemoryError:
    got = "MemoryError"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(
    resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"got": got, "peak_mb": peak / 1024, "seconds": time.monotonic() - t}}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def _vanthu(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
    )


def _hashes(folder: Path) -> dict[str, str]:
    res = {}
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as fh:
                    res[p] = hashlib.sha256(fh.read()).hexdigest()
    return res


def hostile_table(root: Path) -> tuple[Table, bool, dict]:
    import duckdb

    from pipeline.read.inbox import shown_path
    from pipeline.reasons import message

    cases = make_corpus(root, big=True)
    before = _hashes(root / "inbox")
    db = root / "archive.duckdb"
    t0 = time.monotonic()
    first = _vanthu(["ingest", "inbox", "--db", str(db), "--no-progress"], root)
    seconds = time.monotonic() - t0
    second = _vanthu(["ingest", "inbox", "--db", str(db), "--no-progress"], root)
    if not db.exists():
        out.print(f"[red]the ingest wrote no archive[/red] (exit {first.returncode}):")
        out.print(first.stderr[-3000:])
        raise SystemExit(1)
    con = duckdb.connect(str(db), read_only=True)
    files = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT p.path, f.status, f.error_code, f.error FROM file_paths p "
            "JOIN files f USING (file_id)"
        ).fetchall()
    }
    skipped = {
        r[0]: r[1:] for r in con.execute("SELECT path, code, reason FROM skipped_paths").fetchall()
    }
    text = "\n".join(r[0] or "" for r in con.execute("SELECT text FROM pages").fetchall())
    con.close()

    t = Table(title="Hostile inbox: every case through `vanthu ingest`", title_justify="left")
    for col in ("group", "case", "must be", "outcome", "reason (code)", "ok"):
        t.add_column(col, overflow="fold")
    all_ok = True
    for c in cases:
        shown = os.path.relpath(shown_path(root / "inbox" / c.rel), root)
        if c.expect == "skipped":
            code, reason = skipped.get(shown, (None, None))
            got, ok = "skipped", code in c.codes
        else:
            status, code, reason = files.get(shown, ("missing", None, None))
            got = "read" if status == "ok" else status
            ok = got == c.expect and (c.expect == "read" or code in c.codes)
        all_ok &= ok
        must = c.expect + (f" ({'/'.join(sorted(c.codes))})" if c.codes else "")
        why = f"{message(code)} ({code})" if code else ""
        t.add_row(c.group, c.name, must, got, why, "yes" if ok else "[red]NO[/red]")
    checks = {
        "first run exit code 3 (a new file quarantined)": first.returncode == 3,
        "no traceback on the console": "Traceback" not in first.stderr + second.stderr,
        "nothing from outside the inbox in the archive": OUTSIDE_MARKER not in text,
        "no script content in the archive": SCRIPT_MARKER not in text,
        "no input changed": _hashes(root / "inbox") == before,
        "re-run adds nothing (exit 0, archive untouched)": second.returncode == 0
        and "nothing new" in second.stdout,
    }
    all_ok &= all(checks.values())
    return t, all_ok, {"seconds": seconds, "checks": checks, "cases": cases}


def memory_table(root: Path, cases) -> tuple[Table, bool]:
    t = Table(
        title=f"Each hostile file read alone, in its own process limited to {LIMIT_MB} MB "
        "of address space",
        title_justify="left",
    )
    for col in ("case", "outcome", "peak MB", "seconds"):
        t.add_column(col, justify="right" if col in ("peak MB", "seconds") else "left")
    ok = True
    code = PROBE.format(limit=LIMIT_MB * 1024 * 1024)
    for c in cases:
        if c.group != "content":
            continue
        r = subprocess.run(
            [sys.executable, "-c", code, str(root / "inbox" / c.rel)],
            capture_output=True,
            text=True,
            env=_env(),
        )
        try:
            res = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            res = {"got": f"process died ({r.returncode})", "peak_mb": float("nan"), "seconds": 0}
        bad = res["got"] in ("MemoryError", "too_much_memory") or res["got"].startswith("process")
        ok &= not bad and res["peak_mb"] < LIMIT_MB
        t.add_row(c.name, res["got"], f"{res['peak_mb']:.0f}", f"{res['seconds']:.1f}")
    return t, ok


def linear_table(sizes: list[int]) -> tuple[Table, bool]:
    from extractors import extract_documents
    from schemas.records import FileText, PageText

    def run(text: str) -> float:
        ft = FileText("text/plain", (PageText(1, text, "plain"),), "plain")
        t0 = time.process_time()
        extract_documents(ft, "x.txt")
        return time.process_time() - t0

    run(enormous_line(20_000))  # warm the caches (reference data, compiled patterns)
    t = Table(
        title="Extraction of one enormous line (capitals and citations, no newline), CPU seconds",
        title_justify="left",
    )
    for col in ("characters", "seconds", "seconds per MB", "vs smallest"):
        t.add_column(col, justify="right")
    per_mb = []
    for n in sizes:
        s = run(enormous_line(n))
        per_mb.append(s / (n / 1e6))
        t.add_row(f"{n:,}", f"{s:.1f}", f"{per_mb[-1]:.1f}", f"{per_mb[-1] / per_mb[0]:.2f}x")
    # Linear: the cost per MB of the longest text is within 2x of the shortest one's
    # (a quadratic step would make it 8x over these sizes).
    return t, per_mb[-1] <= 2.0 * per_mb[0]


def guard_table(db: Path) -> tuple[Table, bool]:
    import duckdb

    from pipeline.store.db import open_guarded

    t = Table(title="`vanthu query` (guarded connection): ways out", title_justify="left")
    t.add_column("SQL")
    t.add_column("outcome")
    ok = True
    tmp = Path(tempfile.mkdtemp())
    for sql in (
        "DELETE FROM documents",
        f"ATTACH '{tmp}/x.duckdb' AS x",
        f"COPY (SELECT 1) TO '{tmp}/x.csv'",
        "INSTALL httpfs",
        f"LOAD '{tmp}/x.duckdb_extension'",
        "SELECT * FROM read_text('/etc/hostname')",
        "SET enable_external_access = true",
    ):
        con = open_guarded(db)
        try:
            con.execute(sql)
            res, good = "[red]allowed[/red]", False
        except duckdb.Error as exc:
            res, good = "refused: " + str(exc).split("\n")[0][:70], True
        con.close()
        ok &= good
        t.add_row(sql, res)
    shutil.rmtree(tmp, ignore_errors=True)
    return t, ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default="450000,900000,1800000,3600000",
        help="lengths of the enormous line for the linear-time table",
    )
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vanthu-reliability-"))
    try:
        t1, ok1, info = hostile_table(root)
        out.print(t1)
        for name, good in info["checks"].items():
            out.print(f"{'yes' if good else '[red]NO[/red]'}  {name}")
        out.print(f"ingest of the hostile inbox: {info['seconds']:.1f} s\n")
        t2, ok2 = memory_table(root, info["cases"])
        out.print(t2)
        t3, ok3 = linear_table([int(s) for s in a.sizes.split(",")])
        out.print(t3)
        t4, ok4 = guard_table(root / "archive.duckdb")
        out.print(t4)
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)  # deep folders: not rmtree
    ok = ok1 and ok2 and ok3 and ok4
    out.print("every case handled" if ok else "[red]some cases were NOT handled[/red]")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
