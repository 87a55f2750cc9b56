"""The answer matrix and campaign membership on the fixture archive (tests/data/graph)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.graph import register
from pipeline.graph.campaigns import (
    answer_matrix,
    membership,
    membership_relation,
    normalize_addressee,
)
from tests.test_graph_factory import fixture_archive


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "fx.duckdb"
    fixture_archive(path).close()
    return path


@pytest.fixture(scope="module")
def con(db):
    import duckdb

    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def app() -> typer.Typer:
    a = typer.Typer()
    register(a)
    return a


def by_addressee(rows):
    out = {}
    for r in rows:
        out.setdefault(r.addressee, []).append(r)
    return out


def test_answer_on_time_by_arrival_date(con):
    r = by_addressee(answer_matrix(con, "qn120-1"))["Công an tỉnh"][0]
    assert (r.answer_doc_id, r.answered_on, r.date_source, r.status) == (
        "qn45-1",
        "2024-04-12",
        "arrival",
        "on time",
    )


def test_answer_issued_in_time_but_arrived_late_is_late(con):
    r = by_addressee(answer_matrix(con, "qn120-1"))["Sở Giáo dục và Đào tạo"][0]
    assert (r.status, r.days_late, r.deadline) == ("late", 3, "2024-04-15")


def test_missing_answer(con):
    r = by_addressee(answer_matrix(con, "qn120-1"))["Bộ Chỉ huy Quân sự tỉnh"]
    assert [x.status for x in r] == ["no answer"]


def test_group_addressee_collects_its_members(con):
    rows = by_addressee(answer_matrix(con, "qn120-1"))["UBND huyện, thị xã, thành phố"]
    assert all(r.group for r in rows)
    assert {r.answer_doc_id: r.status for r in rows} == {"qn15-1": "on time", "qn88-1": "late"}


def test_distribution_without_answer_is_for_information_only(con):
    rows = by_addressee(answer_matrix(con, "qn120-1"))
    assert "Như trên" not in rows and not any(k.startswith("Lưu") for k in rows)
    assert rows["TT Tỉnh ủy"][0].status == "for information"


def test_answer_from_outside_the_addressees_is_flagged(con):
    rows = answer_matrix(con, "qn15-1")
    assert [(r.answer_doc_id, r.status) for r in rows if r.answer_doc_id] == [
        ("qn07x-1", "not addressed")
    ]


@pytest.mark.parametrize(
    ("label", "province", "norm", "group"),
    [
        pytest.param(
            "Công an tỉnh", "Quảng Ngãi", "công an tỉnh quảng ngãi", False, id="province-body-short"
        ),
        pytest.param(
            "- Sở Giáo dục và Đào tạo;",
            "Quảng Ngãi",
            "sở giáo dục và đào tạo",
            False,
            id="va-is-not-a-list",
        ),
        pytest.param(
            "Các sở, ban, ngành tỉnh",
            "Quảng Ngãi",
            "sở, ban, ngành tỉnh quảng ngãi",
            True,
            id="plural-kinds",
        ),
        pytest.param(
            "Uỷ ban nhân dân huyện Mộ Đức",
            None,
            "ủy ban nhân dân huyện mộ đức",
            False,
            id="old-tone-mark",
        ),
    ],
)
def test_normalize_addressee(label, province, norm, group):
    (a,) = normalize_addressee(label, province)
    assert (a.norm, a.group) == (norm, group)


def test_membership_reaches_through_chains(con):
    rows = {d: (h, rel, path) for d, h, rel, path in membership(con, ["CT/07/CT-BCA/2014"])}
    assert rows["qn120-1"][0] == 1
    assert rows["qn15-1"][0] == 2 and rows["qn15-1"][1] == "answers"
    hops, _, path = rows["qn07x-1"]
    assert hops == 3 and path[0] == "CT/07/CT-BCA/2014" and path[-1].startswith("BC/07/BC-CAX")
    assert "dt300-1" not in rows


def test_campaign_table_matches_membership(con):
    stored = con.execute(
        "SELECT doc_id, hops FROM campaign_documents WHERE campaign_id = 'ct07-bca' ORDER BY 1"
    ).fetchall()
    fresh = sorted((d, h) for d, h, _, _ in membership(con, ["CT/07/CT-BCA/2014"]))
    assert stored == fresh


def test_provincial_campaign_stays_in_its_province(con):
    docs = {
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM campaign_documents WHERE campaign_id = 'qd1395-quang-ngai'"
        ).fetchall()
    }
    assert "qn120-1" in docs and "dt300-1" not in docs


def test_cli_campaign_table(db):
    res = CliRunner().invoke(app(), ["campaign", "ct07-bca", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert (
        "Bộ Chỉ huy Quân sự tỉnh" in res.output
        and "no answer" in res.output
        and "late +3d" in res.output
    )


def test_cli_campaign_json(db):
    res = CliRunner().invoke(app(), ["campaign", "qn120-1", "--db", str(db), "--json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    (d,) = data["directing"]
    assert d["summary"]["no answer"] == 1 and d["summary"]["late"] == 2


def test_cli_campaign_unknown_is_a_message_not_a_traceback(db):
    res = CliRunner().invoke(app(), ["campaign", "no-such-campaign", "--db", str(db)])
    assert (
        res.exit_code != 0
        and "Traceback" not in res.output
        and res.exception is None
        or isinstance(res.exception, SystemExit)
    )


def test_cli_campaign_lists_its_documents_by_date(db):
    res = CliRunner().invoke(app(), ["campaign", "ct07-bca", "--db", str(db), "--json"])
    docs = json.loads(res.output)["documents"]
    assert [d["doc_id"] for d in docs][:2] == ["qn120-1", "qn15-1"]
    assert {d["doc_id"]: d["hops"] for d in docs}["qn07x-1"] == 3


def test_membership_without_paths_has_the_same_documents(con):
    with_paths = {(d, h, r) for d, h, r, _ in membership(con, ["CT/07/CT-BCA/2014"])}
    rows = membership(con, ["CT/07/CT-BCA/2014"], paths=False)
    assert {(d, h, r) for d, h, r, _ in rows} == with_paths and all(p is None for *_, p in rows)


def test_membership_relation_is_the_same_answer_left_in_duckdb(con):
    rel = membership_relation(con, ["CT/07/CT-BCA/2014"])
    assert rel.columns == ["doc_id", "hops", "relation", "path"]
    # read in SQL, without fetching every row: one document's hops and path ends
    hops, first, last = (
        rel.filter("doc_id = 'qn07x-1'").project("hops, path[1], path[-1]").fetchone()
    )
    assert (hops, first) == (3, "CT/07/CT-BCA/2014") and last.startswith("BC/07")
    assert rel.fetchall() == membership(con, ["CT/07/CT-BCA/2014"])
