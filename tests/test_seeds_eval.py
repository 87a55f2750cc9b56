"""Issue #2's bar, kept as a test: the five seed texts, scored like `vanthu eval`."""

from __future__ import annotations

import duckdb

from pipeline.evaluate import load_gold, predictions_from_db, score
from tests.conftest import SEEDS_GOLD


def test_seed_texts_meet_the_pipeline_bar(seeds_db):
    con = duckdb.connect(str(seeds_db), read_only=True)
    rep = score(load_gold(SEEDS_GOLD), predictions_from_db(con))
    con.close()
    misses = "\n".join(
        f"{m['where']} {m['field']}: {m['gold']!r} != {m['predicted']!r}" for m in rep.misses
    )
    assert rep.documents_found == rep.documents_gold == 8, misses
    assert rep.documents_extra == 0, misses
    assert rep.field_score >= 0.95, misses
    assert rep.f1 >= 0.95, misses
    assert rep.relation_accuracy >= 0.90, misses
