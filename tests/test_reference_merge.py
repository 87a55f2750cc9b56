"""One table for provinces, issuers and type codes: the merged tables hold what each old copy
held, and both readers (the extractors and the citation graph) read the same facts as before.

The two old copies of each table (extractors/data and pipeline/graph/data before the merge of
2026-12-05) are kept as fixtures in tests/data/reference_before_merge/; nothing reads them but
this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors import reference as R
from pipeline.graph import keys as K
from pipeline.graph.reference import fold, load, nfc, slug

OLD = Path(__file__).parent / "data" / "reference_before_merge"


def _old(name: str) -> dict:
    return yaml.safe_load((OLD / name).read_text(encoding="utf-8"))


OLD_X_PROVINCES = _old("extractors_provinces.yaml")["provinces"]
OLD_G = _old("graph_provinces.yaml")
OLD_X_ISSUERS = _old("extractors_issuers.yaml")
OLD_G_ISSUERS = _old("graph_issuers.yaml")
OLD_X_TYPES = _old("extractors_doc_types.yaml")["types"]


# ---- provinces ---------------------------------------------------------------------------
@pytest.mark.parametrize("row", OLD_X_PROVINCES, ids=[r["name"] for r in OLD_X_PROVINCES])
def test_every_old_extractor_form_reads_as_the_same_province(row):
    for form in (row["name"], *row["short"]):
        p = R.province_by_text(form)
        assert p is not None and (p.name, p.level) == (row["name"], row["level"]), form


def test_the_extractors_read_the_same_provinces_as_before():
    assert sorted((p.name, p.level) for p in R.provinces()) == sorted(
        (r["name"], r["level"]) for r in OLD_X_PROVINCES
    )


@pytest.mark.parametrize("row", OLD_G["provinces"], ids=[r["name"] for r in OLD_G["provinces"]])
def test_every_old_graph_name_alias_and_merger_is_kept(row):
    ref = load()
    by_name = ref.province_by_name()
    p = by_name[fold(row["name"])]
    assert p.name == nfc(row["name"]) and p.slug == slug(row["name"])
    assert p.kind == row["kind"]
    assert p.since_2025 == nfc(row["since_2025"])
    assert p.former == tuple(nfc(f) for f in row.get("former") or ())
    for alias in row.get("aliases") or ():
        assert by_name[fold(alias)] is p, alias


def test_the_2025_units_are_the_same_34():
    ref = load()
    assert ref.provinces_2025 == tuple(nfc(p["name"]) for p in OLD_G["provinces_2025"])
    old_level = {
        p["name"]: "thành phố" if p["kind"] == "thanh-pho" else "tỉnh"
        for p in OLD_G["provinces_2025"]
    }
    assert {p.name: p.level for p in R.provinces_2025()} == old_level


def test_the_old_extractor_forms_name_the_same_province_in_the_graph():
    """A form either copy knew names one province for both readers (Huế, the 2025 city, is
    filed by the graph under the one 2008-2025 province that became it)."""
    by_name = load().province_by_name()
    for row in OLD_X_PROVINCES:
        for form in (row["name"], *row["short"]):
            if form == "Vũng Tàu":  # a city inside the province: not a province to the graph
                assert fold(form) not in by_name
                continue
            want = "Thừa Thiên Huế" if row["name"] == "Huế" else row["name"]
            assert by_name[fold(form)].name == want, form


def test_a_city_inside_a_province_stays_a_district_for_the_graph():
    assert K.district_in("UBND thành phố Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu") == "vung-tau"
    assert R.province_by_text("Vũng Tàu").name == "Bà Rịa - Vũng Tàu"


# ---- issuers -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "row", OLD_X_ISSUERS["issuers"], ids=[r["code"] for r in OLD_X_ISSUERS["issuers"]]
)
def test_every_old_header_issuer_is_kept(row):
    i = R.issuer_by_code(row["code"])
    assert i is not None and i.code == row["code"]
    assert (i.name, i.display, i.level, i.parent) == (
        row["name"],
        row.get("display") or row["name"],
        row["level"],
        row.get("parent"),
    )
    assert i.aliases == tuple(row.get("aliases") or ())
    for form in (row["name"], *(row.get("aliases") or ())):
        assert R.issuer_by_name(form).code == row["code"]


def test_the_header_rules_read_no_new_issuer():
    assert [i.code for i in R.issuers()] == [r["code"] for r in OLD_X_ISSUERS["issuers"]]
    assert R.org_grammar() is not None
    assert (
        _old("extractors_issuers.yaml")["org_grammar"]
        == yaml.safe_load((Path(R.DATA_DIR) / "issuers.yaml").read_text(encoding="utf-8"))[
            "org_grammar"
        ]
    )


# The old graph file spelled three names with commas in a flow mapping without quotes, so YAML
# cut them at the first comma (and split one alias in two); the merged table quotes them.
_CUT_BY_YAML = {
    "VP": "Văn phòng (UBND, HĐND, Tỉnh ủy)",
    "TU": "Tỉnh ủy (Ban Chấp hành, Ban Thường vụ)",
    "TW": "Trung ương Đảng (Ban Chấp hành, Bộ Chính trị, Ban Bí thư)",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
}


@pytest.mark.parametrize(
    "row", OLD_G_ISSUERS["issuers"], ids=[r["code"] for r in OLD_G_ISSUERS["issuers"]]
)
def test_every_old_graph_issuer_keeps_its_scope_party_and_phrases(row):
    ref = load()
    i = {x.code: x for x in ref.issuers}[row["code"]]
    assert i.scope == row["scope"] and i.party == bool(row.get("party"))
    assert i.name == _CUT_BY_YAML.get(row["code"], nfc(row["name"]))
    old_aliases = [nfc(a) for a in row.get("aliases") or ()]
    if row["code"] == "BVHTTDL":
        old_aliases = ["bộ văn hóa, thể thao và du lịch"]
    assert list(i.aliases) == old_aliases
    for alias in old_aliases:
        assert K.issuer_code_of(f"của {alias} tỉnh X", ref) is not None


def test_the_graph_reads_the_same_issuer_codes_and_party_codes():
    ref = load()
    assert {i.code for i in ref.issuers} == {r["code"] for r in OLD_G_ISSUERS["issuers"]}
    old_party = {r["code"].upper() for r in OLD_G_ISSUERS["issuers"] if r.get("party")}
    old_fallback = {"TW", "TU", "HU", "ĐU", "ĐUK", "THU", "QU", "BCS"}  # keys.py before
    assert ref.party_codes == old_party | old_fallback


# ---- type codes --------------------------------------------------------------------------
def test_the_extractors_read_the_same_types():
    new = {t.name: t for t in R.doc_types()}
    assert list(new) == [r["name"] for r in OLD_X_TYPES]
    for r in OLD_X_TYPES:
        t = new[r["name"]]
        assert (t.code, t.kind) == (r.get("code") or "", r["kind"])
        assert t.other_codes == tuple(r.get("other_codes") or ())
        assert t.aliases == tuple(r.get("aliases") or ())


def test_the_graph_reads_the_same_types_and_codes():
    ref = load()
    old = OLD_G_ISSUERS["doc_types"]
    assert sorted((t.code, t.name, t.names) for t in ref.doc_types) == sorted(
        (nfc(r["code"]), nfc(r["name"]), tuple(nfc(n) for n in r.get("names") or ())) for r in old
    )
    # the constants keys.py held before the merge
    assert ref.normative_codes == {"NĐ", "TT", "TTLT", "NQLT", "L", "PL", "VBHN"}
    assert ref.short_type_pairs == {("KH", "KHPH"), ("NQ", "NQLT"), ("TT", "TTLT")}


def test_every_symbol_code_of_the_graph_is_a_code_of_the_extractors_or_a_key_of_its_own():
    codes = {c for t in R.doc_types() for c in (t.code, *t.other_codes) if c}
    own_keys = {"CV", "L", "QH"}  # Công văn has no code; laws are keyed L; QH of Quốc hội
    assert {t.code for t in load().doc_types} <= codes | own_keys
