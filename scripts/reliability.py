"""`make reliability`: every hostile case of issue 10, what happened to it, and the cost.

1. A hostile inbox is generated (tests/hostile.py: links out of the inbox, pipes, bombs,
   a 1,000-page PDF, a 3.6 MB line ...) and read by `vanthu ingest` as a user would;
   each case's outcome is read back from the archive and compared with what must happen.
2. Each hostile file is read again by the reader alone, in its own process under a 2 GB
   address-space limit (resource.setrlimit), to show its peak memory.
3. Extraction time on one enormous line of growing length: the seconds per MB must stay
   flat (linear work), not grow with the length.
4. The guarded query path refuses each way out; a re-run adds nothing; inputs unchanged.
5. `vanthu ingest` with hostile arguments (the disk's root as inbox, the archive inside
   the inbox or on a path it cannot write) refuses in plain words or runs cleanly.

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

from tests.hostile import (  # noqa: E402
    OUTSIDE_MARKER,
    SCRIPT_MARKER,
    based_on_lines,
    enormous_line,
    make_corpus,
)

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
        "file names cannot forge the console (no raw ESC, BEL, newline-in-name, U+202E)": not any(
            c in first.stdout + first.stderr for c in ("\x1b", "\x07", "\u202e")
        )
        and "new\\x0aline.txt" in first.stdout,
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


def linear_table(
    sizes: list[int],
    make=enormous_line,
    title: str = "one enormous line (capitals and citations, no newline)",
) -> tuple[Table, bool]:
    from extractors import extract_documents
    from schemas.records import FileText, PageText

    def run(text: str) -> float:
        ft = FileText("text/plain", (PageText(1, text, "plain"),), "plain")
        t0 = time.process_time()
        extract_documents(ft, "x.txt")
        return time.process_time() - t0

    run(make(20_000))  # warm the caches (reference data, compiled patterns)
    t = Table(
        title=f"Extraction of {title}, CPU seconds",
        title_justify="left",
    )
    for col in ("characters", "seconds", "seconds per MB", "vs smallest"):
        t.add_column(col, justify="right")
    per_mb = []
    for n in sizes:
        s = run(make(n))
        per_mb.append(s / (n / 1e6))
        t.add_row(f"{n:,}", f"{s:.1f}", f"{per_mb[-1]:.1f}", f"{per_mb[-1] / per_mb[0]:.2f}x")
    # Linear: the cost per MB of the longest text is within 2x of the shortest one's
    # (a quadratic step would make it 8x over these sizes).
    return t, per_mb[-1] <= 2.0 * per_mb[0]


def args_table(root: Path) -> tuple[Table, bool]:
    """`vanthu ingest` given hostile arguments: a plain refusal or a clean run, never a
    traceback, and the archive never reads itself."""
    box = root / "args" / "inbox"
    box.mkdir(parents=True)
    (box / "a.txt").write_text("UBND TINH QUANG NGAI\nSo: 5/BC-UBND\nBAO CAO\n", encoding="utf-8")
    ro = root / "args" / "readonly"
    ro.mkdir()
    ro.chmod(0o555)
    cwd = root / "args"
    t = Table(title="`vanthu ingest` with hostile arguments", title_justify="left")
    for col in ("arguments", "must be", "exit", "said", "ok"):
        t.add_column(col, overflow="fold")
    ok = True
    rows = [
        (["ingest", "/", "--db", "x.duckdb"], "refused (2)", {2}),
        (["ingest", "/proc", "--db", "x.duckdb"], "refused (2)", {2}),
        (["ingest", "inbox/a.txt", "--db", "x.duckdb"], "refused (2)", {2}),
        (["ingest", "missing", "--db", "x.duckdb"], "refused (2)", {2}),
        (["ingest", "inbox", "--db", "/proc/x.duckdb"], "cannot write (5)", {5}),
        (["ingest", "inbox", "--db", "/dev/null"], "cannot write (5)", {5}),
        (["ingest", "inbox", "--db", "inbox"], "cannot write (5)", {5}),
        (["ingest", "inbox", "--db", "inbox/in.duckdb"], "run, archive not read", {0}),
        (["ingest", "inbox", "--db", "inbox/in.duckdb"], "run, archive not read", {0}),
        (["ingest", "inbox", "--db", "inbox/in.duckdb"], "nothing new", {0}),
    ]
    if os.geteuid() != 0:  # root writes into a 555 folder anyway
        rows.append((["ingest", "inbox", "--db", "readonly/x.duckdb"], "cannot write (5)", {5}))
    for args, must, codes in rows:
        r = _vanthu([*args, "--no-progress"], cwd)
        last = r.stdout if r.returncode in (0, 3) else r.stderr
        said = (last.strip().splitlines() or [""])[-1][:70]
        good = r.returncode in codes and "Traceback" not in r.stderr
        if must == "nothing new":
            good &= "nothing new" in r.stdout
        ok &= good
        t.add_row(
            " ".join(args[1:]), must, str(r.returncode), said, "yes" if good else "[red]NO[/red]"
        )
    import duckdb

    con = duckdb.connect(str(box / "in.duckdb"), read_only=True)
    own = con.execute("SELECT count(*) FROM file_paths WHERE path LIKE '%in.duckdb%'").fetchone()[0]
    con.close()
    ok &= own == 0
    t.add_row(
        "(the archive in the inbox)",
        "never a document",
        "",
        f"{own} rows",
        "yes" if own == 0 else "[red]NO[/red]",
    )
    ro.chmod(0o755)
    return t, ok


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
    ap.add_argument(
        "--based-sizes",
        default="150000,300000,600000,1200000",
        help="lengths of the text of 'Căn cứ' lines for the second linear-time table",
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
        t3b, ok3b = linear_table(
            [int(s) for s in a.based_sizes.split(",")],
            based_on_lines,
            '"Căn cứ Quyết định số ..." lines (one citation each)',
        )
        out.print(t3b)
        ok3 = ok3 and ok3b
        t4, ok4 = guard_table(root / "archive.duckdb")
        out.print(t4)
        t5, ok5 = args_table(root)
        out.print(t5)
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)  # deep folders: not rmtree
    ok = ok1 and ok2 and ok3 and ok4 and ok5
    out.print("every case handled" if ok else "[red]some cases were NOT handled[/red]")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
