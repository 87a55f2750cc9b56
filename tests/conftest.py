"""Shared fixtures. Tests never need ../shared or the network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SEEDS = TESTS / "data" / "seeds"
SEEDS_GOLD = TESTS / "data" / "gold" / "seeds.gold.json"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """An empty inbox folder."""
    p = tmp_path / "inbox"
    p.mkdir()
    return p


@pytest.fixture
def seed_inbox(inbox: Path) -> Path:
    """An inbox holding the five seed documents as text files."""
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy2(f, inbox / f.name)
    return inbox


def ingest_copy(folder: Path, tmp_path_factory, name: str):
    """Copy ``folder``'s .txt files to a fresh inbox and ingest them into a new database.

    Returns (database path, run summary). Session fixtures build their archive with it
    once; tests read it and never write it.
    """
    from pipeline.ingest import run_ingest

    d = tmp_path_factory.mktemp(name)
    box = d / "inbox"
    box.mkdir()
    for f in sorted(folder.glob("*.txt")):
        shutil.copy2(f, box / f.name)
    db = d / f"{name}.duckdb"
    summary = run_ingest(box, db, progress=False, corrections_path=d / "none.csv")
    return db, summary


def index_archive(db: Path) -> None:
    """Build ``db``'s text index, as `vanthu index` does after a nightly run."""
    import duckdb

    from pipeline.graph.search import build_index

    con = duckdb.connect(str(db))
    try:
        build_index(con)
    finally:
        con.close()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """A database built once from the seed texts, with its text index as `make nightly`
    leaves it (read it, don't write it)."""
    db = ingest_copy(SEEDS, tmp_path_factory, "seeds")[0]
    index_archive(db)
    return db
