"""The held-out set (tests/data/heldout, gold tests/data/gold/heldout.gold.json): documents
written for this test across the genre (DOMAIN.md), unlike the seeds in form, plus three
OCR-like variants (scripts/make_heldout_noise.py). Ingested once, scored like `vanthu eval`.

Thresholds are what the extractors reached when the set was written, rounded down by
about 0.02; the precise cases below are the hardest ones of the set."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.evaluate import distinct_citations, load_gold, predictions_from_db, score
from tests.conftest import ingest_copy

HELDOUT = Path(__file__).parent / "data" / "heldout"
HELDOUT_GOLD = Path(__file__).parent / "data" / "gold" / "heldout.gold.json"


@pytest.fixture(scope="session")
def heldout_db(tmp_path_factory) -> Path:
    """A database built once from the held-out texts (read it, don't write it)."""
    return ingest_copy(HELDOUT, tmp_path_factory, "heldout")[0]


@pytest.fixture(scope="session")
def gold() -> dict:
    return load_gold(HELDOUT_GOLD)


@pytest.fixture(scope="session")
def predicted(heldout_db: Path) -> dict:
    con = duckdb.connect(str(heldout_db), read_only=True)
    try:
        return predictions_from_db(con)
    finally:
        con.close()


def _doc(predicted: dict, stem: str, ordinal: int = 1) -> dict:
    return next(d for d in predicted[stem] if d["ordinal"] == ordinal)


def _relations(doc: dict) -> dict[tuple[str, str], str]:
    return {
        (c["doc_type"], c["number"]): c["relation"] for c in distinct_citations(doc["citations"])
    }


def test_heldout_meets_the_bar(gold: dict, predicted: dict) -> None:
    rep = score(gold, predicted)
    misses = "\n".join(
        f"{m['where']} {m['field']}: {m['gold']!r} != {m['predicted']!r}" for m in rep.misses
    )
    assert rep.documents_found == rep.documents_gold == 22, misses
    assert rep.documents_extra == 0, misses
    assert rep.field_score >= 0.96, misses
    assert rep.f1 >= 0.98, misses
    assert rep.relation_accuracy >= 0.98, misses


def test_every_gold_deadline_is_found(gold: dict, heldout_db: Path) -> None:
    con = duckdb.connect(str(heldout_db), read_only=True)
    rows = con.execute(
        """SELECT f.path, d.ordinal, l.due_date, l.due_year, l.due_month
           FROM deadlines l JOIN documents d USING (doc_id) JOIN files f USING (file_id)"""
    ).fetchall()
    con.close()
    got: dict[tuple[str, int], set[str]] = {}
    for path, ordinal, date, year, month in rows:
        iso = date.isoformat() if date else (f"{year:04d}-{month:02d}" if year else None)
        got.setdefault((Path(path).name, ordinal), set()).add(iso)
    for f in gold["files"]:
        for d in f["documents"]:
            want = {x["date"] for x in d.get("deadlines", [])}
            assert got.get((f["source"], d["ordinal"]), set()) == want, f["source"]


def test_decision_replaces_one_repeals_another_and_answers_the_proposal(predicted) -> None:
    # "... thay thế Quyết định số 2210/QĐ-UBND ...; bãi bỏ Quyết định số 95/QĐ-UBND ...",
    # "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 215/TTr-CAT-PV01 ..."
    rel = _relations(_doc(predicted, "03_qd_ha_giang_thay_the_danh_sach"))
    assert rel[("Quyết định", "2210")] == rel[("Quyết định", "95")] == "repeals"
    assert rel[("Tờ trình", "215")] == "answers"
    assert rel[("Quyết định", "623")] == rel[("Hướng dẫn", "03")] == "based_on"
    lst = _doc(predicted, "03_qd_ha_giang_thay_the_danh_sach", 2)
    assert lst["doc_type"] == "Danh sách"
    assert _relations(lst) == {("Quyết định", "1862"): "attached_to"}


def test_amending_circular(predicted) -> None:
    d = _doc(predicted, "16_tt_bca_sua_doi_bo_sung")
    assert (d["number"], d["symbol"]) == ("15", "2025/TT-BCA")
    assert _relations(d) == {
        ("Nghị định", "02"): "based_on",
        ("Thông tư", "124"): "amends",
        ("Thông tư liên tịch", "06"): "cites",
        ("Thông tư", "33"): "repeals",
    }


def test_party_documents(predicted) -> None:
    ctr = _doc(predicted, "01_tu_quang_nam_chuong_trinh")
    assert (ctr["doc_type"], ctr["number"], ctr["symbol"]) == ("Chương trình", "25", "CTr/TU")
    assert _relations(ctr)[("Kết luận", "44")] == "answers"
    tb = _doc(predicted, "02_hu_nui_thanh_thong_bao_ket_luan")
    assert (tb["number"], tb["symbol"], tb["place"]) == ("112", "TB/HU", "Núi Thành")


@pytest.mark.parametrize(
    ("ocr", "clean"),
    [
        ("ocr_04_cv_mo_duc", "04_cv_mo_duc_vv_ba_dong"),
        ("ocr_05_bc_thai_binh", "05_bc_quy_thai_binh_pv05_den"),
        ("ocr_09_kh_tu_nghia", "09_kh_tu_nghia_thoi_han"),
    ],
)
def test_ocr_variant_reads_like_its_source(predicted, ocr: str, clean: str) -> None:
    a, b = _doc(predicted, ocr), _doc(predicted, clean)
    for name in ("doc_type", "number", "symbol", "issued_date", "place"):
        assert a[name] == b[name], name

    def cits(d: dict) -> set:
        return {
            (c["doc_type"], c["number"], c["symbol"], c["year"], c["relation"])
            for c in distinct_citations(d["citations"])
        }

    assert cits(a) == cits(b)


# --- header cases the held-out set first caught (tests/data/heldout) -----------------------


def test_subject_of_a_conclusion_notice(predicted) -> None:
    d = _doc(predicted, "02_hu_nui_thanh_thong_bao_ket_luan")
    assert d["subject"].endswith("trật tự quý I năm 2023")


def test_issuer_inferred_without_a_header(predicted) -> None:
    assert _doc(predicted, "15_khong_dau_ca_dien_ban")["issuer"] == "Công an thị xã Điện Bàn"


def test_stamp_line_is_not_part_of_the_title(predicted) -> None:
    assert _doc(predicted, "ocr_09_kh_tu_nghia")["signer_title"] == "Chủ tịch"
