"""The desk is fast by design: what its pages read instead of aggregating the archive.

Summaries written by the graph build (doc_facets, answered, campaign_directing), the
search's precomputed BM25 impacts, edges stored by the node cited, pages read from the
nearer end, plots drawn from aggregates. Each test checks that the fast path gives what
the slow one gave.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from pipeline.graph.campaigns import find_directing_documents
from pipeline.graph.search import load_fts, ranked_sql, top_matches
from pipeline.web import data, plots
from tests.test_web import _text, client, desk_db  # noqa: F401 - the desk's fixtures


@pytest.fixture
def con(desk_db):  # noqa: F811
    c = duckdb.connect(str(desk_db), read_only=True)
    yield c
    c.close()


def test_doc_facets_hold_the_filter_values_with_their_counts(con):
    for kind, expr in (("type", "doc_type"), ("province", "province"), ("issuer", "issuer")):
        live = dict(
            con.execute(
                f"SELECT {expr}, count(*) FROM documents WHERE {expr} IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        kept = dict(
            con.execute("SELECT value, documents FROM doc_facets WHERE kind = ?", [kind]).fetchall()
        )
        assert kept == live and kept
    f = data.facets(con)
    assert sorted(f["years"], reverse=True) == f["years"] and all(
        isinstance(y, int) for y in f["years"]
    )


def test_answered_counts_the_answers_and_their_issuers(con):
    live = con.execute(
        """SELECT dn.doc_id, count(DISTINCT e.doc_id), count(DISTINCT a.issuer)
           FROM edges e JOIN doc_nodes dn ON dn.target_key = e.target_key
           JOIN documents a ON a.doc_id = e.doc_id
           WHERE e.relation = 'answers' AND e.doc_id <> dn.doc_id GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    kept = con.execute("SELECT doc_id, answers, issuers FROM answered ORDER BY 1").fetchall()
    assert kept == live and kept


def test_campaign_directing_is_what_vanthu_campaign_reports_anchors_first(con):
    cids = [r[0] for r in con.execute("SELECT campaign_id FROM campaigns").fetchall()]
    assert cids
    for cid in cids:
        rows = con.execute(
            "SELECT ord, doc_id, is_anchor, answers FROM campaign_directing"
            " WHERE campaign_id = ? ORDER BY ord",
            [cid],
        ).fetchall()
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
        assert {r[1] for r in rows} == set(find_directing_documents(con, cid)[1])
        keys = [(not r[2], -r[3], r[1]) for r in rows]
        assert keys == sorted(keys)  # anchors, then the most answered


def test_edges_are_stored_by_the_node_they_cite(con):
    stored = con.execute("SELECT target_key, doc_id FROM edges ORDER BY rowid").fetchall()
    assert stored == sorted(stored) and stored


@pytest.mark.parametrize("q", ["Quyết định", "07/CT-BCA-V28", "Quảng Ngãi phong trào", "zzzz"])
def test_search_scores_from_impacts_are_match_bm25s(con, q):
    load_fts(con)
    macro = dict(
        con.execute(
            "SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?) AS s FROM documents"
            " WHERE s IS NOT NULL",
            [q],
        ).fetchall()
    )
    sql, params = ranked_sql(con, q)
    assert "match_bm25" not in sql  # the precomputed path, not the macro
    fast = dict(con.execute(sql, params).fetchall())
    assert fast.keys() == macro.keys()
    assert all(abs(fast[k] - macro[k]) < 1e-9 for k in fast)
    total, hits = top_matches(con, q, 3)
    assert total == len(macro)
    best = sorted(macro.values(), reverse=True)[:3]
    assert [round(s, 9) for _, s in hits] == [round(s, 9) for s in best]


@pytest.mark.parametrize(
    "sort,desc", [("date", True), ("issuer", False), ("type", True), ("ref", False)]
)
def test_every_page_read_from_either_end_is_its_slice_of_the_order(con, monkeypatch, sort, desc):
    monkeypatch.setattr(data, "PAGE_SIZE", 4)
    expr = data.SORTS[sort]
    full = [
        r[0]
        for r in con.execute(
            f"SELECT doc_id FROM documents ORDER BY {expr} {'DESC' if desc else 'ASC'}"
            " NULLS LAST, doc_id"
        ).fetchall()
    ]
    first = data.documents(con, data.DocQuery(sort=sort, desc=desc, page=1))
    assert first["pages"] > 2  # some pages are read from the far end
    seen = []
    for page in range(1, first["pages"] + 1):
        got = data.documents(con, data.DocQuery(sort=sort, desc=desc, page=page))
        assert got["page"] == page and got["total"] == len(full)
        seen += [r["doc_id"] for r in got["rows"]]
    assert seen == full
    past = data.documents(con, data.DocQuery(sort=sort, desc=desc, page=999))
    assert (
        past["page"] == first["pages"]
        and [r["doc_id"] for r in past["rows"]] == full[(first["pages"] - 1) * 4 :]
    )


def test_a_search_alone_pages_through_every_match_best_first(con, monkeypatch):
    monkeypatch.setattr(data, "PAGE_SIZE", 3)
    q = "Quảng Ngãi"
    load_fts(con)
    scores = dict(
        con.execute(
            "SELECT doc_id, fts_main_documents.match_bm25(doc_id, ?) AS s FROM documents"
            " WHERE s IS NOT NULL",
            [q],
        ).fetchall()
    )
    first = data.documents(con, data.DocQuery(q=q, sort="relevance"))
    assert first["total"] == len(scores) > 3
    seen = []
    for page in range(1, first["pages"] + 1):
        seen += [
            r["doc_id"]
            for r in data.documents(con, data.DocQuery(q=q, sort="relevance", page=page))["rows"]
        ]
    assert sorted(seen) == sorted(scores)
    got = [scores[d] for d in seen]
    assert got == sorted(got, reverse=True)


def _report(answers: list[tuple[str, str, str]]) -> dict:
    return {
        "directing": [
            {
                "answers": [
                    {
                        "answer_issuer": who,
                        "addressee": who,
                        "answered_on": day,
                        "status": status,
                        "deadline": "2024-04-15",
                    }
                    for who, day, status in answers
                ]
            }
        ]
    }


LABELS = {"due": "Hạn", "empty": "—", "more_offices": "nơi khác", "fmt": lambda d: d.isoformat()}


def test_the_timeline_draws_one_dot_per_office_day_and_status():
    svg = plots.timeline_svg(
        _report(
            [
                ("UBND huyện A", "2024-04-10", "on time"),
                ("UBND huyện A", "2024-04-10", "on time"),
                ("UBND huyện A", "2024-04-20", "late"),
                ("UBND huyện B", "2024-04-10", "on time"),
            ]
        ),
        LABELS,
        "Dòng thời gian",
    )
    assert svg.count("<circle") - svg.count('r="5" fill') == 3  # dots, legend dots apart
    assert "UBND huyện A · 2024-04-10 · on time (2)" in svg
    assert "Hạn 2024-04-15" in svg and plots.STATUS_COLOURS["late"] in svg


def test_the_timeline_draws_the_busiest_offices_and_counts_the_others():
    day = dt.date(2024, 4, 1)
    answers = [
        (f"Xã {i:02d}", (day + dt.timedelta(days=i % 9)).isoformat(), "on time")
        for i in range(plots.TIMELINE_ROWS + 7)
    ]
    answers += [("Xã 36", "2024-04-02", "late")] * 3  # the busiest office is drawn
    svg = plots.timeline_svg(_report(answers), LABELS, "t")
    rows = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert len(rows) == plots.TIMELINE_ROWS and rows[0] == "Xã 36"
    assert "+7 nơi khác" in svg


def test_relations_and_unknown_provinces_are_named_in_vietnamese(client):  # noqa: F811
    body = _text(client.get("/campaigns/ct07-bca"))
    assert ">trả lời<" in body and ">answers<" not in body and ">cites<" not in body
    svg = client.get("/campaigns/ct07-bca/provinces.svg").get_data(as_text=True)
    assert ">?<" not in svg
    en = _text(client.get("/campaigns/ct07-bca?lang=en"))
    assert ">answers<" in en


def test_a_search_shows_why_each_document_matched(client):  # noqa: F811
    body = _text(client.get("/documents?q=Ngãi"))
    passages = re.findall(r'class="passage">… ([^<]*)<', body)
    assert passages and all("ngãi" in p.lower() for p in passages)


def test_an_archive_built_before_the_summaries_shows_the_same_pages(desk_db, tmp_path):  # noqa: F811
    import shutil

    from pipeline.web.app import create_app

    old = tmp_path / "old" / desk_db.name  # same name: the header shows it
    old.parent.mkdir()
    shutil.copy2(desk_db, old)
    c = duckdb.connect(str(old))
    for t in ("doc_facets", "answered", "campaign_directing", "fts_main_documents.impacts"):
        c.execute(f"DROP TABLE {t}")
    c.close()
    new_client, old_client = create_app(desk_db).test_client(), create_app(old).test_client()
    for url in (
        "/documents",
        "/documents?q=Ngãi&sort=relevance",
        "/campaigns",
        "/campaigns/ct07-bca",
        "/campaigns/ct07-bca?page=2",
    ):
        a, b = new_client.get(url), old_client.get(url)
        assert a.status_code == b.status_code == 200
        strip = lambda r: re.sub(r'name="csrf_token" value="[^"]*"', "", _text(r))  # noqa: E731
        assert strip(a) == strip(b), url
