"""The import rules of pyproject.toml ([tool.importlinter]) hold: layers, pure extractors,
no cycles. A new import that breaks one fails `make test`, naming the chain of imports."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> list[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    return [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]


def test_import_contracts_are_kept():
    r = subprocess.run(
        [*_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_a_broken_contract_is_reported(tmp_path):
    """The checker really looks: an extractor importing the pipeline is refused."""
    pkg = tmp_path / "extractors"
    shutil.copytree(ROOT / "extractors", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        ROOT / "schemas", tmp_path / "schemas", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (pkg / "bad.py").write_text("from pipeline.errors import VanthuError\n", encoding="utf-8")
    r = subprocess.run(
        [*_lint_imports(), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode != 0
    assert "extractors.bad -> pipeline.errors" in r.stdout
