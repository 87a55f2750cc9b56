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


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """A database built once from the seed texts (read it, don't write it)."""
    from pipeline.ingest import run_ingest

    d = tmp_path_factory.mktemp("seedsdb")
    box = d / "inbox"
    box.mkdir()
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy2(f, box / f.name)
    db = d / "seeds.duckdb"
    run_ingest(box, db, progress=False, corrections_path=d / "none.csv")
    return db
