"""`vanthu graph`, `vanthu registry import`, and every graph command's help."""

from __future__ import annotations

import json

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.graph import register
from pipeline.graph.neighbours import find_key, neighbourhood
from tests.test_graph_factory import fixture_archive


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "fx.duckdb"
    fixture_archive(path).close()
    return path


def app() -> typer.Typer:
    a = typer.Typer()
    register(a)

    @a.callback()
    def main() -> None:  # keep sub-commands as sub-commands
        pass

    return a


def test_find_key_accepts_a_printed_reference(db):
    con = duckdb.connect(str(db), read_only=True)
    assert find_key(con, "07/CT-BCA-V28") == ["CT/07/CT-BCA/2014"]
    assert find_key(con, "qn120-1") == ["CV/120/UBND-NC/2024@quang-ngai"]
    # two provinces' 1395/QĐ-UBND: both offered
    assert len(find_key(con, "1395/QĐ-UBND")) == 2


def test_tree_of_citing_documents_follows_depth(db):
    con = duckdb.connect(str(db), read_only=True)
    t1 = neighbourhood(con, "CV/120/UBND-NC/2024@quang-ngai", depth=1)["cited_by"]
    t2 = neighbourhood(con, "CV/120/UBND-NC/2024@quang-ngai", depth=2)["cited_by"]
    assert {c.doc_id for c in t1.children} == {"qn45-1", "qn30-1", "qn88-1", "qn15-1"}
    assert all(not c.children for c in t1.children)
    kh15 = next(c for c in t2.children if c.doc_id == "qn15-1")
    assert "qn07x-1" in {c.doc_id for c in kh15.children}


def test_cli_graph_tree(db):
    res = CliRunner().invoke(app(), ["graph", "120/UBND-NC", "--depth", "2", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "cited by" in res.output and "07/BC-CAX" in res.output and "17/KH-BCA-V05" in res.output


def test_cli_graph_json_and_limit(db):
    res = CliRunner().invoke(
        app(), ["graph", "CT/07/CT-BCA/2014", "--limit", "1", "--json", "--db", str(db)]
    )
    data = json.loads(res.output)
    assert len(data["cited_by"]["children"]) == 1 and data["cited_by"]["more"] >= 2


def test_cli_graph_unknown_key(db):
    res = CliRunner().invoke(app(), ["graph", "99999/XX-YY", "--db", str(db)])
    assert res.exit_code == 2 and "no node" in res.output


def test_cli_missing_database(tmp_path):
    res = CliRunner().invoke(app(), ["graph", "x", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 5 and "no archive" in res.output


REGISTRY_CSV = """,so_ky_hieu,ngay_ban_hanh,trich_yeu,hieu_luc,pdf
0,1395/QĐ-UBND,03/08/2016,ban hành kế hoạch phong trào bảo vệ an ninh tỉnh quảng ngãi,Văn bản,
1,120/UBND-NC,05/03/2024,tổng kết 10 năm thực hiện chỉ thị 07,Văn bản đang có hiệu lực,
2,120/UBND-NC,05/03/2024,tổng kết 10 năm thực hiện chỉ thị 07,Văn bản đang có hiệu lực,
3,,01/01/2020,không có số,Văn bản đang có hiệu lực,
"""


def test_registry_import_fills_cited_nodes(tmp_path):
    path = tmp_path / "reg.duckdb"
    fixture_archive(path).close()
    csv = tmp_path / "quangngai_registry.csv"
    csv.write_text(REGISTRY_CSV, encoding="utf-8")
    res = CliRunner().invoke(app(), ["registry", "import", str(csv), "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert (out["province"], out["stored"], out["skipped"]) == ("Quảng Ngãi", 2, 1)
    con = duckdb.connect(str(path), read_only=True)
    title, when, source = con.execute(
        "SELECT title, issued_date, source FROM nodes WHERE target_key ="
        " 'QĐ/1395/QĐ-UBND/2016@quang-ngai'"
    ).fetchone()
    assert source == "registry" and str(when) == "2016-08-03" and "kế hoạch" in title
    # an archive document keeps its own data
    assert (
        con.execute("SELECT source FROM nodes WHERE doc_id = 'qn120-1'").fetchone()[0] == "archive"
    )
    con.close()
    # importing again changes nothing
    CliRunner().invoke(app(), ["registry", "import", str(csv), "--db", str(path)])
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM registry").fetchone()[0] == 2


def test_registry_needs_a_province_it_can_tell(tmp_path):
    csv = tmp_path / "registry.csv"
    csv.write_text(REGISTRY_CSV.replace("quảng ngãi", "x"), encoding="utf-8")
    res = CliRunner().invoke(
        app(), ["registry", "import", str(csv), "--db", str(tmp_path / "a.duckdb")]
    )
    assert res.exit_code != 0 and "--province" in res.output


@pytest.mark.parametrize("cmd", [["campaign"], ["graph"], ["search"], ["registry", "import"]])
def test_every_command_has_help_with_an_example(cmd):
    res = CliRunner().invoke(app(), [*cmd, "--help"])
    assert res.exit_code == 0 and "Example: vanthu" in res.output and "--db" in res.output
