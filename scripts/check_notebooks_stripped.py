"""Fail when a notebook is committed with outputs (they belong to whoever ran it)."""

from __future__ import annotations

import sys

import nbformat


def main(paths: list[str]) -> int:
    bad = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        if any(
            c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code"
        ):
            bad.append(p)
    for p in bad:
        print(f"{p}: has outputs; clear them before committing", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
