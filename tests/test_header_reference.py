"""Reference tables: loaded, validated, and what the header rules rely on."""

from __future__ import annotations

import logging

import pytest

from extractors import reference as R


def test_tables_load_without_warnings(caplog):
    for f in (
        R.doc_types,
        R.provinces_2008,
        R.provinces_2025,
        R.provinces,
        R.all_issuers,
        R.issuers,
        R.titles,
    ):
        f.cache_clear()
    with caplog.at_level(logging.WARNING, logger="extractors.reference"):
        assert len(R.provinces()) == 64  # 63 units before 2025, and thành phố Huế
        assert R.issuers() and R.doc_types() and R.titles().titles
    assert not caplog.records


def test_bad_rows_are_logged_and_skipped(tmp_path, monkeypatch, caplog):
    (tmp_path / "provinces.yaml").write_text(
        "provinces:\n  - {name: Long An, level: tỉnh}\n  - {level: tỉnh}\n"
        "  - {name: X, colour: red}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(R, "DATA_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger="extractors.reference"):
        rows = R._rows("provinces.yaml", "provinces", ("name",))
    assert [r["name"] for r in rows] == ["Long An", "X"]
    assert any("needs name" in r.message for r in caplog.records)
    assert any("unknown keys colour" in r.message for r in caplog.records)


def test_missing_table_is_a_broken_installation(tmp_path, monkeypatch):
    from extractors.errors import ReferenceDataError
    from pipeline.errors import ExitCode, exit_code_of

    monkeypatch.setattr(R, "DATA_DIR", tmp_path)
    with pytest.raises(ReferenceDataError) as err:
        R._load("issuers.yaml")
    assert exit_code_of(err.value) == ExitCode.missing_dependency


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param("Q. Ngãi", "Quảng Ngãi", id="stamp_short_form"),
        pytest.param("Thanh Hoá", "Thanh Hóa", id="old_tone_placement"),
        pytest.param("TP. HCM", "Hồ Chí Minh", id="city_abbreviation"),
        pytest.param("tỉnh Long An", "Long An", id="with_level_word"),
        pytest.param("Tam Kỳ", None, id="a_city_is_no_province"),
    ],
)
def test_province_by_text(text, want):
    p = R.province_by_text(text)
    assert (p.name if p else None) == want


def test_issuer_display_follows_the_gold_convention():
    assert R.issuer_by_code("UBND").display == "UBND"
    assert R.issuer_by_name("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI").code == "BLĐTBXH"
    assert R.issuer_by_name("Bộ Lao động Thương binh và Xã hội").code == "BLĐTBXH"  # hyphen lost


def test_doc_type_codes_are_case_sensitive_first():
    assert R.doc_type_by_code("QĐ").name == "Quyết định"
    assert R.doc_type_by_code("QyĐ").name == "Quy định"


def test_ranks_of_equal_length_keep_the_files_order(tmp_path, monkeypatch):
    # "Trung úy" and "Trung uý" fold alike: the signer rule returns the first one listed,
    # whatever the process's string hashing (a set's order changed it from run to run)
    (tmp_path / "titles.yaml").write_text(
        "titles: [Chủ tịch]\nranks: [Trung uý, Trung úy, Thiếu uý, Thiếu úy, Đại tá]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(R, "DATA_DIR", tmp_path)
    R.titles.cache_clear()
    try:
        assert R.titles().ranks == ("Trung uý", "Trung úy", "Thiếu uý", "Thiếu úy", "Đại tá")
    finally:
        monkeypatch.undo()
        R.titles.cache_clear()
