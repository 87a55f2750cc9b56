"""The seeds' same-node and distinct pairs (gold `graph`), with citation rows shaped as
the gold's citations: doc_type, number, symbol, date, issuer as an extractor gives
them (issuer often short: "UBND tỉnh", "Chủ tịch UBND tỉnh"), plus the citing
document's province."""

from __future__ import annotations

import pytest

from pipeline.graph.build import rebuild_graph
from tests.test_graph_factory import archive, cit, doc

DOCS = [
    doc(
        "000-1",
        file_id="000",
        ordinal=1,
        doc_type="Báo cáo",
        number="4575",
        symbol="BC-VP",
        issued_date="2018-11-28",
        place="Quảng Ngãi",
        issuer="Văn phòng UBND tỉnh Quảng Ngãi",
        issuer_parent="UBND tỉnh Quảng Ngãi",
        province="Quảng Ngãi",
        recipients=["Công an tỉnh"],
    ),
    doc(
        "000-2",
        file_id="000",
        ordinal=2,
        doc_type="Biên bản",
        issued_date="2018-11-20",
        place="Quảng Ngãi",
        issuer="Văn phòng UBND tỉnh Quảng Ngãi",
        province="Quảng Ngãi",
    ),
    doc(
        "000-3",
        file_id="000",
        ordinal=3,
        doc_type="Bảng điểm",
        issuer="Văn phòng UBND tỉnh Quảng Ngãi",
    ),
    doc(
        "002-1",
        file_id="002",
        ordinal=1,
        doc_type="Kế hoạch",
        symbol="KH-BCĐ",
        place="Bắc Giang",
        issuer="Ban Chỉ đạo phòng, chống tội phạm tỉnh Bắc Giang",
        issuer_parent="UBND tỉnh Bắc Giang",
    ),
    doc(
        "002-2",
        file_id="002",
        ordinal=2,
        doc_type="Đề cương",
        issuer="Ban Chỉ đạo tỉnh Bắc Giang",
        parent_doc_id="002-1",
    ),
    doc(
        "003-1",
        file_id="003",
        doc_type="Chỉ thị",
        number="04",
        symbol="CT-UBND",
        issued_date="2018-04-02",
        place="Thanh Hóa",
        issuer="UBND tỉnh Thanh Hóa",
        province="Thanh Hóa",
    ),
    doc(
        "004-1",
        file_id="004",
        doc_type="Công văn",
        number="2749",
        symbol="UBND-NC",
        issued_date="2021-06-15",
        place="Quảng Ngãi",
        issuer="UBND tỉnh Quảng Ngãi",
    ),
    doc(
        "dt-1",
        file_id="dt",
        doc_type="Công văn",
        number="300",
        symbol="UBND-NC",
        issued_date="2021-09-01",
        place="Đồng Tháp",
        issuer="UBND tỉnh Đồng Tháp",
    ),
    doc(
        "na-1",
        file_id="na",
        doc_type="Báo cáo",
        number="12",
        symbol="BC-UBND",
        issued_date="2019-01-10",
        place="Nghệ An",
        issuer="UBND huyện Nam Đàn",
    ),
]

CITS = [
    # 000 ordinal 1
    cit(
        "000-1",
        1,
        "Hướng dẫn",
        "4126",
        "HD-BCĐ(PV01-PV05)",
        cited_date="2018-11-19",
        cited_issuer="Ban chỉ đạo phòng, chống tội phạm",
        relation="answers",
    ),
    cit(
        "000-1",
        2,
        "Chương trình",
        "25",
        "CTr/TU",
        cited_date="2012-06-28",
        cited_issuer="Ban Thường vụ Tỉnh ủy",
    ),
    cit("000-1", 3, "Chỉ thị", "09", "CT/TW", cited_issuer="Ban Bí thư"),
    cit(
        "000-1",
        4,
        "Quyết định",
        "1395",
        "QĐ-UBND",
        cited_date="2016-08-03",
        cited_issuer="Chủ tịch UBND tỉnh",
    ),
    cit(
        "000-1",
        5,
        "Công văn",
        "1655",
        "VP-QTTV",
        cited_date="2017-12-08",
        cited_issuer="Văn phòng UBND tỉnh",
    ),
    # 000 ordinal 2
    cit(
        "000-2",
        1,
        "Công văn",
        "765",
        "HD-CAT-PV11 (PV28)",
        cited_date="2013-03-20",
        cited_issuer="Công an tỉnh",
        relation="answers",
    ),
    cit(
        "000-2",
        2,
        "Thông tư",
        "23",
        "2012/TT-BCA",
        cited_date="2012-04-27",
        cited_issuer="Bộ Công an",
    ),
    cit("000-2", 3, "Công văn", "1655", "VP-QTTV", cited_date="2017-12-08"),
    # 000 ordinal 3: attached to the minutes (no number)
    cit("000-3", 1, "Biên bản", None, None, cited_date="2018-11-20", relation="attached_to"),
    # 002 ordinal 1 and 2
    cit(
        "002-1",
        1,
        "Kế hoạch",
        "17",
        "KH-BCA-V05",
        cited_date="2024-01-15",
        cited_issuer="Bộ Công an",
        relation="answers",
    ),
    cit(
        "002-1",
        2,
        "Chỉ thị",
        "07",
        "CT-BCA-V28",
        cited_date="2014-08-15",
        cited_issuer="Bộ Công an",
    ),
    cit("002-1", 3, "Chỉ thị", "07", None, mention="Chỉ thị số 07", antecedent_seq=2),
    cit("002-1", 4, "Chỉ thị", "07", None, mention="Chỉ thị số 07"),
    cit("002-2", 1, "Kế hoạch", None, "KH-BCĐ", cited_date="2024-03", relation="attached_to"),
    cit(
        "002-2",
        2,
        "Chỉ thị",
        "07",
        "CT-BCA-V28",
        cited_date="2014-08-15",
        cited_issuer="Bộ trưởng Bộ Công an",
    ),
    cit(
        "002-2", 3, "Công văn", "1010", "UBND-NC", cited_date="2018-04-04", cited_issuer="UBND tỉnh"
    ),
    cit("002-2", 4, "Thông tư liên tịch", "06", "2015/TTLT/BCA-BGDĐT", cited_date="2015-08-28"),
    cit(
        "002-2",
        5,
        "Nghị định",
        "06",
        "2013/NĐ-CP",
        cited_date="2013-01-09",
        cited_issuer="Chính phủ",
    ),
    cit("002-2", 6, "Công văn", "1010", None, mention="Công văn số 1010"),
    # 003
    cit(
        "003-1",
        1,
        "Chỉ thị",
        "09",
        "CT/TW",
        cited_date="2011-12-01",
        cited_issuer="Ban Bí thư Trung ương Đảng",
    ),
    cit(
        "003-1",
        2,
        "Nghị định",
        "06",
        "2013/NĐ-CP",
        cited_date="2013-01-09",
        cited_issuer="Chính phủ",
    ),
    cit(
        "003-1",
        3,
        "Thông tư",
        "23",
        "2012/TT-BCA-V28",
        cited_date="2012-04-27",
        cited_issuer="Bộ Công an",
    ),
    cit(
        "003-1",
        4,
        "Chỉ thị",
        "07",
        "CT-BCA-V28",
        cited_date="2014-08-15",
        cited_issuer="Bộ Công an",
    ),
    cit(
        "003-1",
        5,
        "Chỉ thị",
        "09",
        "CT/TU",
        cited_date="2011-12-30",
        cited_issuer="Ban Thường vụ Tỉnh ủy",
    ),
    # 004
    cit(
        "004-1",
        1,
        "Công văn",
        "566",
        "UBND-NC",
        cited_date="2021-02-04",
        cited_issuer="Chủ tịch UBND tỉnh",
        relation="answers",
    ),
    cit("004-1", 2, "Quyết định", "1395", "QĐ-UBND"),
    cit("004-1", 3, "Công văn", "566", "UBND-NC", mention="(viết tắt là Công văn số 566/UBND-NC)"),
    # another province's 1395/QĐ-UBND and 04/CT-UBND; a document citing Chỉ thị 07 by issuer only
    cit(
        "dt-1",
        1,
        "Quyết định",
        "1395",
        "QĐ-UBND",
        cited_date="2021-05-10",
        cited_issuer="UBND tỉnh",
    ),
    cit(
        "dt-1",
        2,
        "Chỉ thị",
        "04",
        "CT-UBND",
        cited_date="2018-04-02",
        cited_issuer="Chủ tịch UBND tỉnh",
    ),
    cit(
        "dt-1",
        3,
        "Chỉ thị",
        "07",
        None,
        mention="Chỉ thị 07 của Bộ Công an",
        cited_issuer="Bộ Công an",
    ),
    cit("na-1", 1, "Chỉ thị", "04", "CT-UBND", cited_date="2018-04-02", cited_issuer="UBND tỉnh"),
]


@pytest.fixture(scope="module")
def con():
    c = archive(DOCS, CITS)
    rebuild_graph(c)
    return c


def key(con, doc_id: str, seq: int) -> str:
    return con.execute(
        "SELECT target_key FROM citations WHERE doc_id = ? AND seq = ?", [doc_id, seq]
    ).fetchone()[0]


SAME = [
    pytest.param([("000-1", 4), ("004-1", 2)], id="1395-quang-ngai-000-and-004-without-year"),
    pytest.param(
        [("002-1", 2), ("002-2", 2), ("003-1", 4), ("002-1", 3), ("002-1", 4), ("dt-1", 3)],
        id="07-CT-BCA-V28-002-003-and-short-forms",
    ),
    pytest.param([("000-2", 2), ("003-1", 3)], id="23-2012-TT-BCA-vs-TT-BCA-V28"),
    pytest.param([("002-2", 5), ("003-1", 2)], id="06-2013-ND-CP"),
    pytest.param([("000-1", 3), ("003-1", 1)], id="09-CT-TW-with-and-without-date"),
    pytest.param([("000-1", 5), ("000-2", 3)], id="1655-VP-QTTV-two-documents-of-one-file"),
    pytest.param([("002-2", 3), ("002-2", 6)], id="short-form-cong-van-1010"),
    pytest.param([("004-1", 1), ("004-1", 3)], id="declared-alias-566"),
]

DISTINCT = [
    pytest.param(("000-1", 3), ("003-1", 5), id="09-CT-TW-vs-09-CT-TU"),
    pytest.param(("002-2", 5), ("002-2", 4), id="06-2013-ND-CP-vs-06-2015-TTLT"),
    pytest.param(("000-1", 4), ("dt-1", 1), id="1395-quang-ngai-vs-dong-thap"),
    pytest.param(("dt-1", 2), ("na-1", 1), id="04-CT-UBND-dong-thap-vs-nghe-an"),
]


@pytest.mark.parametrize("mentions", SAME)
def test_same_document_is_one_node(con, mentions):
    keys = {key(con, d, s) for d, s in mentions}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_different_documents_stay_apart(con, a, b):
    assert key(con, *a) != key(con, *b)


def test_thanh_hoa_04_ct_ubnd_is_the_archive_document(con):
    """A cited document that is in the archive resolves to its doc_id; other provinces' do not."""
    k_doc = con.execute("SELECT target_key FROM doc_nodes WHERE doc_id = '003-1'").fetchone()[0]
    assert (
        con.execute("SELECT doc_id FROM nodes WHERE target_key = ?", [k_doc]).fetchone()[0]
        == "003-1"
    )
    assert key(con, "dt-1", 2) != k_doc and key(con, "na-1", 1) != k_doc
    assert "@thanh-hoa" in k_doc


def test_keys_are_readable(con):
    assert key(con, "002-1", 2) == "CT/07/CT-BCA/2014"
    assert key(con, "000-1", 4) == "QĐ/1395/QĐ-UBND/2016@quang-ngai"
    assert key(con, "003-1", 5) == "CT/09-CT/TU/2011@thanh-hoa"
    assert key(con, "000-1", 3) == "CT/09-CT/TW/2011"


def test_attachment_resolves_to_its_parent(con):
    assert (
        key(con, "000-3", 1)
        == con.execute("SELECT target_key FROM doc_nodes WHERE doc_id='000-2'").fetchone()[0]
    )
    assert (
        key(con, "002-2", 1)
        == con.execute("SELECT target_key FROM doc_nodes WHERE doc_id='002-1'").fetchone()[0]
    )


def test_every_citation_has_a_node(con):
    assert con.execute("SELECT count(*) FROM citations WHERE target_key IS NULL").fetchone()[0] == 0
    missing = con.execute(
        "SELECT count(*) FROM citations WHERE target_key NOT IN (SELECT target_key FROM nodes)"
    )
    assert missing.fetchone()[0] == 0


def test_reference_data_fills_cited_nodes(con):
    title, when = con.execute(
        "SELECT title, issued_date FROM nodes WHERE target_key = 'CT/07/CT-BCA/2014'"
    ).fetchone()
    assert str(when) == "2014-08-15" and "phong trào" in title


def test_district_body_is_scoped_to_its_district(con):
    assert (
        con.execute("SELECT target_key FROM doc_nodes WHERE doc_id='na-1'")
        .fetchone()[0]
        .endswith("@nghe-an/nam-dan")
    )


def test_edges_take_the_strongest_relation(con):
    rel, n = con.execute(
        "SELECT relation, mentions FROM edges WHERE doc_id = '004-1' AND target_key LIKE 'CV/566/%'"
    ).fetchone()
    assert (rel, n) == ("answers", 2)


def test_rebuild_is_idempotent(con):
    def snapshot():
        return [
            con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in (
                "nodes",
                "edges",
                "doc_nodes",
                "campaign_documents",
                "campaigns",
                "campaign_anchors",
            )
        ] + [con.execute("SELECT doc_id, seq, target_key FROM citations ORDER BY ALL").fetchall()]

    before = snapshot()
    rebuild_graph(con)
    assert snapshot() == before


def test_campaign_membership_direct_and_transitive(con):
    rows = dict(
        con.execute(
            "SELECT doc_id, hops FROM campaign_documents WHERE campaign_id = 'ct07-bca'"
        ).fetchall()
    )
    assert rows.get("002-1") == 1 and rows.get("003-1") == 1
    # 002-2 cites Chỉ thị 07 directly too
    assert rows.get("002-2") == 1
    # dt-1 cites 04/CT-UBND of its own province (not Thanh Hóa's), but Chỉ thị 07 directly
    assert rows.get("dt-1") == 1


def test_yearless_mention_stays_apart_when_two_years_are_known():
    """Numbers restart every year: a yearless 12/KH-UBND does not join one of two years."""
    docs = [
        doc("a-1", doc_type="Báo cáo", number="1", symbol="BC-CAT", issued_date="2020-05-01",
            issuer="Công an tỉnh Nghệ An", province="Nghệ An"),
        doc("b-1", doc_type="Báo cáo", number="2", symbol="BC-CAT", issued_date="2021-05-01",
            issuer="Công an tỉnh Nghệ An", province="Nghệ An"),
        doc("c-1", doc_type="Báo cáo", number="3", symbol="BC-CAT", issued_date="2021-06-01",
            issuer="Công an tỉnh Nghệ An", province="Nghệ An"),
    ]  # fmt: skip
    cits = [
        cit(
            "a-1", 1, "Kế hoạch", "12", "KH-UBND", cited_date="2019-03-01", cited_issuer="UBND tỉnh"
        ),
        cit(
            "b-1", 1, "Kế hoạch", "12", "KH-UBND", cited_date="2020-03-01", cited_issuer="UBND tỉnh"
        ),
        cit("c-1", 1, "Kế hoạch", "12", "KH-UBND", cited_issuer="UBND tỉnh"),
    ]
    con = archive(docs, cits)
    rebuild_graph(con, index_text=False)
    keys = {key(con, d, 1) for d in ("a-1", "b-1", "c-1")}
    assert len(keys) == 3 and "KH/12/KH-UBND@nghe-an" in keys


def test_yearless_mention_ignores_years_after_the_citing_document():
    docs = [
        doc("a-1", doc_type="Báo cáo", number="1", symbol="BC-CAT", issued_date="2019-05-01",
            issuer="Công an tỉnh Nghệ An", province="Nghệ An"),
        doc("b-1", doc_type="Báo cáo", number="2", symbol="BC-CAT", issued_date="2023-05-01",
            issuer="Công an tỉnh Nghệ An", province="Nghệ An"),
    ]  # fmt: skip
    cits = [
        cit("a-1", 1, "Kế hoạch", "12", "KH-UBND", cited_issuer="UBND tỉnh"),
        cit(
            "b-1", 1, "Kế hoạch", "12", "KH-UBND", cited_date="2022-03-01", cited_issuer="UBND tỉnh"
        ),
    ]
    con = archive(docs, cits)
    rebuild_graph(con, index_text=False)
    assert key(con, "a-1", 1) == "KH/12/KH-UBND@nghe-an"  # 2022 is after 2019: not that one


def test_by_province_questions_cross_the_2025_merger(con):
    prov, new = con.execute(
        "SELECT province, province_2025 FROM nodes WHERE target_key = ?",
        ["QĐ/1395/QĐ-UBND/2016@quang-ngai"],
    ).fetchone()
    assert (prov, new) == ("Quảng Ngãi", "Quảng Ngãi")
    prov, new = con.execute(
        "SELECT province, province_2025 FROM nodes WHERE doc_id = '002-1'"
    ).fetchone()
    assert (prov, new) == ("Bắc Giang", "Bắc Ninh")
