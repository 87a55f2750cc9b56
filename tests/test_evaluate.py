"""The scoring rules of `vanthu eval` (issue #2), on gold and predictions written here."""

from __future__ import annotations

import copy

import pytest

from pipeline.evaluate import distinct_citations, score


def _gold(**doc):
    base = {
        "ordinal": 1,
        "doc_type": "Báo cáo",
        "number": "12",
        "symbol": "BC-UBND",
        "issued_date": "2020-05-04",
        "place": "Hà Nam",
        "issuer": "UBND huyện Kim Bảng tỉnh Hà Nam",
        "subject": "Kết quả công tác quý I",
        "signers": [{"name": "Trần Văn A", "title": "Chủ tịch"}],
        "citations": [],
    }
    base.update(doc)
    return {"format": "gold-v1", "files": [{"source": "a.txt", "documents": [base]}]}


def test_identical_prediction_scores_one():
    g = _gold()
    rep = score(g, {"a": copy.deepcopy(g["files"][0]["documents"])})
    assert rep.field_score == 1.0
    assert rep.documents_found == 1


def test_source_matches_by_stem_so_scans_score_with_text_gold():
    g = _gold()
    rep = score(g, {"a": g["files"][0]["documents"]})
    assert not rep.sources_missing
    rep = score(g, {"b": g["files"][0]["documents"]})
    assert rep.sources_missing == ["a.txt"]


@pytest.mark.parametrize(
    ("field", "pred", "right"),
    [
        pytest.param("place", "  HÀ   nam ", True, id="case_and_space_folded"),
        pytest.param("issuer", "UBND huyện Kim Bảng, tỉnh Hà Nam", True, id="issuer_fuzzy_close"),
        pytest.param("issuer", "Công an tỉnh Hà Nam", False, id="issuer_fuzzy_far"),
        pytest.param("doc_type", "Kế hoạch", False, id="type_exact"),
    ],
)
def test_field_comparison(field, pred, right):
    g = _gold()
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0][field] = pred
    rep = score(g, {"a": p})
    assert (rep.accuracy(field) == 1.0) is right


def test_empty_gold_is_right_only_when_prediction_is_empty():
    g = _gold(number=None)
    p = copy.deepcopy(g["files"][0]["documents"])
    assert score(g, {"a": p}).accuracy("number+symbol") == 1.0
    p[0]["symbol"] = None
    p[0]["number"] = "12"
    assert score(_gold(number=None, symbol=None), {"a": p}).accuracy("number+symbol") == 0.0


def test_distinct_citations_keep_the_strongest_relation():
    mentions = [
        {
            "doc_type": "Chỉ thị",
            "number": "07",
            "symbol": "CT-BCA-V28",
            "year": 2014,
            "relation": "cites",
        },
        {
            "doc_type": "Chỉ thị",
            "number": "07",
            "symbol": None,
            "year": None,
            "relation": "answers",
        },
    ]
    groups = distinct_citations(mentions)
    assert len(groups) == 1
    assert groups[0]["relation"] == "answers"


def test_citations_match_on_type_number_and_year_when_both_know_it():
    cit = {
        "doc_type": "Quyết định",
        "number": "1395",
        "symbol": "QĐ-UBND",
        "year": 2016,
        "relation": "cites",
    }
    g = _gold(citations=[cit])
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["citations"] = [{**cit, "year": None}]
    rep = score(g, {"a": p})
    assert (rep.precision, rep.recall) == (1.0, 1.0)
    p[0]["citations"] = [{**cit, "year": 2021}]
    rep = score(g, {"a": p})
    assert rep.cit_match == 0 and rep.f1 == 0.0


def test_relation_accuracy_counts_matched_citations():
    cit = {
        "doc_type": "Kế hoạch",
        "number": "17",
        "symbol": "KH-BCA-V05",
        "year": 2024,
        "relation": "answers",
    }
    g = _gold(citations=[cit])
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["citations"] = [{**cit, "relation": "cites"}]
    rep = score(g, {"a": p})
    assert rep.f1 == 1.0
    assert rep.relation_accuracy == 0.0
    assert any(m["field"] == "relation" for m in rep.misses)


def test_null_gold_relation_is_matched_but_not_scored():
    """gold-v1: relation null = more than one reading is defensible (web_dev's notes)."""
    open_rel = {"doc_type": "Quyết định", "number": "34", "year": 2014, "relation": None}
    firm = {"doc_type": "Công văn", "number": "2928", "year": 2014, "relation": "answers"}
    g = _gold(citations=[open_rel, firm])
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["citations"] = [{**open_rel, "relation": "based_on"}, {**firm, "relation": "cites"}]
    rep = score(g, {"a": p})
    assert rep.cit_match == 2 and rep.f1 == 1.0
    assert rep.relation_accuracy == 0.0  # only the firm one is scored, and it is wrong
    assert [m["gold"] for m in rep.misses if m["field"] == "relation"] == [
        "Công văn 2928 (2014) answers"
    ]
    p[0]["citations"][1]["relation"] = "answers"
    assert score(g, {"a": p}).relation_accuracy == 1.0


def test_gold_without_citations_key_scores_no_citations():
    g = _gold()
    del g["files"][0]["documents"][0]["citations"]
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["citations"] = [
        {"doc_type": "Kế hoạch", "number": "1", "symbol": "KH-X", "year": 2020, "relation": "cites"}
    ]
    rep = score(g, {"a": p})
    assert rep.cit_gold == rep.cit_pred == 0


def test_gold_may_name_only_the_signer_with_authority():
    g = _gold()
    gdoc = g["files"][0]["documents"][0]
    del gdoc["signers"]
    gdoc["signer_name"] = "Trần Văn A"
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["signers"] = [{"name": "Lê B", "title": "Thư ký"}, {"name": "Trần Văn A", "title": "x"}]
    assert score(g, {"a": p}).accuracy("signer") == 1.0


def test_a_field_the_gold_does_not_record_is_not_scored_but_null_is():
    g = _gold()
    del g["files"][0]["documents"][0]["subject"]
    p = copy.deepcopy(g["files"][0]["documents"])
    p[0]["subject"] = "anything"
    rep = score(g, {"a": p})
    assert rep.accuracy("subject") is None
    g["files"][0]["documents"][0]["subject"] = None
    assert score(g, {"a": p}).accuracy("subject") == 0.0
