"""What `vanthu review` and the desk list: one rule, a date after today listed as unsure."""

import datetime as dt

import pytest

from pipeline.cli.show import low_confidence
from pipeline.store import db, review
from pipeline.web import data


@pytest.fixture()
def archive(tmp_path):
    con = db.connect(tmp_path / "a.duckdb")
    con.execute(
        "INSERT INTO documents (doc_id, file_id, source_path, ordinal, text)"
        " VALUES ('d-1', 'f', 'a.pdf', 1, 'Hà Nội, ngày 10 tháng 02 năm 2028 ...')"
    )
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    past = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    rows = [
        ("issued_date", future, "place_date", 0.95),  # a misread year: after today
        ("number", "12", "number_line", 0.95),  # sure, listed by nothing
        ("place", "Hà Nội", "place_date", 0.6),  # unsure
        ("body_start", "x", "segment", 0.1),  # a helper span, never listed
    ]
    for name, value, rule, conf in rows:
        con.execute(
            "INSERT INTO fields (doc_id, name, value, char_start, char_end, rule, confidence)"
            " VALUES ('d-1', ?, ?, 0, 5, ?, ?)",
            [name, value, rule, conf],
        )
    con.execute(
        "INSERT INTO documents (doc_id, file_id, source_path, ordinal, text)"
        " VALUES ('d-2', 'g', 'b.pdf', 1, 'x')"
    )
    con.execute(
        "INSERT INTO fields (doc_id, name, value, char_start, char_end, rule, confidence)"
        " VALUES ('d-2', 'issued_date', ?, 0, 1, 'place_date', 0.95)",
        [past],
    )
    yield con
    con.close()


def test_review_lists_a_date_after_today_first_whatever_its_confidence(archive):
    rows = low_confidence(archive, 0.8, 50)
    assert [(r["doc_id"], r["field"]) for r in rows] == [("d-1", "issued_date"), ("d-1", "place")]
    assert rows[0]["confidence"] == review.FUTURE_DATE_CONFIDENCE
    assert rows[0]["rule"] == "place_date" + review.FUTURE_DATE_RULE
    assert rows[1]["rule"] == "place_date"


def test_the_desk_lists_the_same_values_as_the_command(archive):
    desk = data.unsure_fields(archive, 0.8, 50)
    command = low_confidence(archive, 0.8, 50)
    assert [(r["doc_id"], r["name"], r["confidence"], r["rule"]) for r in desk] == [
        (r["doc_id"], r["field"], r["confidence"], r["rule"]) for r in command
    ]


def test_a_corrected_date_is_not_listed(archive):
    archive.execute("UPDATE fields SET corrected = true WHERE name = 'issued_date'")
    assert [r["field"] for r in low_confidence(archive, 0.8, 50)] == ["place"]
