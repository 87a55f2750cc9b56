"""The writer's batches (pipeline.store.load.insert_rows) go to DuckDB as Arrow tables;
a batch Arrow cannot type (a column of mixed types) goes as a data frame. Both store the
same rows."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from pipeline.store import db as dbmod
from pipeline.store import load

TABLES = {"pages": load.PAGE_COLUMNS, **load.DOC_TABLES}


def _rows(db) -> dict[str, list[list]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: [list(r) for r in con.execute(f"SELECT {', '.join(c)} FROM {t}").fetchall()]
            for t, c in TABLES.items()
        }
    finally:
        con.close()


def _load(path, rows) -> dict[str, list]:
    con = dbmod.connect(path)
    try:
        for t, c in TABLES.items():
            load.insert_rows(con, t, c, rows[t])
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def test_arrow_and_data_frame_batches_store_the_same_rows(seeds_db, tmp_path, monkeypatch):
    rows = _rows(seeds_db)
    assert rows["documents"] and rows["citations"] and rows["fields"]
    # dates, lists (recipients), booleans and empty values are all there
    assert any(v is None for r in rows["documents"] for v in r)
    via_arrow = _load(tmp_path / "arrow.duckdb", rows)

    def untypable(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise pa.ArrowInvalid("forced")

    monkeypatch.setattr(pa, "table", untypable)
    via_frame = _load(tmp_path / "frame.duckdb", rows)
    assert via_arrow == via_frame
    assert all(via_arrow[t] for t in ("documents", "citations", "fields", "pages"))


def test_a_column_of_mixed_types_is_still_loaded(tmp_path):
    con = dbmod.connect(tmp_path / "a.duckdb")
    try:
        cols = ("doc_id", "name", "value", "page")
        load.insert_rows(
            con, "fields", cols, [["d-1", "number", "12", 1], ["d-1", "year", 2024, 1]]
        )
        got = con.execute("SELECT name, value FROM fields ORDER BY name").fetchall()
    finally:
        con.close()
    assert got == [("number", "12"), ("year", "2024")]


@pytest.mark.parametrize("bad", [["d-1", "x", "v", "one"]])
def test_a_value_of_the_wrong_type_fails_the_batch_loudly(tmp_path, bad):
    con = dbmod.connect(tmp_path / "a.duckdb")
    try:
        with pytest.raises(duckdb.Error):
            load.insert_rows(con, "fields", ("doc_id", "name", "value", "page"), [bad])
    finally:
        con.close()
