"""Full-text search: accents kept, references searchable, ranked, with passages."""

from __future__ import annotations

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli.graph import register
from pipeline.graph.search import search
from tests.test_graph_factory import fixture_archive


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "fx.duckdb"
    fixture_archive(path).close()
    return path


@pytest.fixture(scope="module")
def con(db):
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def test_reference_query_finds_documents_that_print_it_first(con):
    hits = search(con, "06/2015/TTLT-BCA-BGDĐT")
    assert hits[0].doc_id == "qn30-1" and hits[0].exact
    assert "06/2015/TTLT-BCA-BGDĐT" in hits[0].passage


def test_accents_matter(con):
    assert any(h.doc_id == "dt300-1" for h in search(con, "Đồng Tháp"))
    assert search(con, "dong thap") == []


def test_query_is_nfc_normalised(con):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đồng Tháp")
    assert [h.doc_id for h in search(con, nfd)] == [h.doc_id for h in search(con, "Đồng Tháp")]


def test_ranking_prefers_more_matching_terms(con):
    hits = search(con, "Mộ Đức xã Đức Tân")
    assert hits[0].doc_id == "qn07x-1"


def test_cli_search(db):
    a = typer.Typer()
    register(a)
    res = CliRunner().invoke(a, ["search", "Bộ Chỉ huy Quân sự", "--db", str(db), "--json"])
    assert res.exit_code == 0
    assert '"qn120-1"' in res.output
