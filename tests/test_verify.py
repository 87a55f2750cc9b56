"""`vanthu verify`: the inbox re-hashed against the archive; exit code says if all is well."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.ingest import run_ingest
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]


def _verify(box: Path, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli.main", "verify", str(box), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_verify_finds_changed_missing_and_never_ingested_files(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for p in seeds[:3]:
        shutil.copy2(p, box / p.name)
    db = tmp_path / "a.duckdb"
    run_ingest(box, db, progress=False)
    r = _verify(box, db)
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["all_well"] and rep["counts"]["ok"] == 3

    changed, gone = box / seeds[0].name, box / seeds[1].name
    st = changed.stat()
    data = bytearray(changed.read_bytes())
    data[100] ^= 1  # one bit, same size, same mtime: only a re-hash sees it
    changed.write_bytes(bytes(data))
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns))
    gone.unlink()
    shutil.copy2(seeds[3], box / seeds[3].name)  # arrived after the last run
    shutil.copy2(seeds[2], box / "copy_of_known.txt")  # known content, new name

    r = _verify(box, db)
    assert r.returncode == 8
    rep = json.loads(r.stdout)
    status = {Path(f["path"]).name: f["status"] for f in rep["files"]}
    assert status == {
        seeds[0].name: "changed",
        seeds[1].name: "missing",
        seeds[2].name: "ok",
        seeds[3].name: "not_ingested",
        "copy_of_known.txt": "ok",
    }
    assert not rep["all_well"]
