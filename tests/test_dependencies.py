"""Dependencies earn their place: every runtime requirement is imported by the package, every
third-party module the package imports is a runtime requirement (or an extra's, imported only
where it is needed), and requirements.txt pins exactly what pyproject.toml names."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "extractors", "schemas")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Distribution name -> the module it installs, where they differ.
MODULE_OF = {
    "pillow": "PIL",
    "opencv-python-headless": "cv2",
    "duckdb-extension-fts": "duckdb_extension_fts",
    "pyyaml": "yaml",
    "python-docx": "docx",
    "beautifulsoup4": "bs4",
    "charset-normalizer": "charset_normalizer",
    "import-linter": "importlinter",
    "fpdf2": "fpdf",
}
# Modules that come with a declared package, which is built on them (pdfplumber on
# pdfminer.six: its exceptions are caught by read/text.py).
COMES_WITH = {"pdfminer": "pdfplumber"}
# Modules used by name rather than imported: BeautifulSoup(html, "lxml") loads lxml.
USED_BY_NAME = {"lxml": re.compile(r"BeautifulSoup\([^)]*[\"']lxml[\"']")}


def _name(req: str) -> str:
    return re.split(r"[\s\[<>=!~;]", req.strip(), maxsplit=1)[0].lower()


def _module(dist: str) -> str:
    return MODULE_OF.get(dist, dist.replace("-", "_"))


def _imports() -> dict[str, list[tuple[str, bool]]]:
    """Top-level module -> [(file, imported at module level?)] over the package's code."""
    out: dict[str, list[tuple[str, bool]]] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top = {id(n) for n in tree.body}
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for n in names:
                    out.setdefault(n.split(".")[0], []).append(
                        (str(path.relative_to(ROOT)), id(node) in top)
                    )
    return out


def _source() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
    )


RUNTIME = [_name(r) for r in PYPROJECT["project"]["dependencies"]]
EXTRAS = {
    k: [_name(r) for r in v] for k, v in PYPROJECT["project"]["optional-dependencies"].items()
}


def test_every_runtime_requirement_is_imported_by_the_package():
    imported = _imports()
    source = _source()
    unused = [
        d
        for d in RUNTIME
        if _module(d) not in imported and not (d in USED_BY_NAME and USED_BY_NAME[d].search(source))
    ]
    assert unused == [], f"runtime requirements nothing in {PACKAGES} imports: {unused}"


def test_every_third_party_import_of_the_package_is_declared():
    ours = set(PACKAGES)
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    runtime = {_module(d) for d in RUNTIME}
    optional = {_module(d) for ds in EXTRAS.values() for d in ds}
    for module, where in _imports().items():
        if module in ours or module in stdlib or module in runtime:
            continue
        if COMES_WITH.get(module) in RUNTIME:
            continue
        assert module in optional, f"{module} imported by {where} is not a declared dependency"
        # an extra's package is imported only inside the function that needs it
        at_top = [f for f, top in where if top]
        assert at_top == [], f"optional {module} imported at module level in {at_top}"


def test_tools_and_notebook_packages_are_no_runtime_requirement():
    for tool in (
        "pytest",
        "ruff",
        "import-linter",
        "hypothesis",
        "fpdf2",
        "matplotlib",
        "networkx",
        "nbformat",
        "nbclient",
        "ipykernel",
        "spacy",
    ):
        assert tool not in RUNTIME, tool


def test_requirements_txt_pins_exactly_what_pyproject_names():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert "==" in line, f"not pinned: {line}"
        pins[_name(line)] = line
    declared = set(RUNTIME) | {d for ds in EXTRAS.values() for d in ds}
    assert set(pins) == declared


def test_reading_processes_start_without_pandas():
    # Every reading process imports the readers and extractors at its start; pytesseract
    # imports pandas (0.3 s) and is imported only when a page is OCR'd.
    code = (
        "import sys, pipeline.read.text, pipeline.read.ocr, extractors;"
        "print(sorted(m for m in ('pandas', 'pytesseract') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"
