"""Signature blocks and the distribution list."""

from __future__ import annotations

import pytest

from extractors.header.signer import authority_signer, find_signature, normalise_title
from extractors.segment import split_lines

END = "Nội dung văn bản./.\n"

CASES = [
    pytest.param(
        "CHÁNH VĂN PHÒNG\n\n\nNguyễn Minh Đạo",
        [("Nguyễn Minh Đạo", "Chánh Văn phòng", None, None)],
        id="title_and_name",
    ),
    pytest.param(
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Phước Hiền",
        [("Trần Phước Hiền", "Phó Chủ tịch", "KT.", None)],
        id="tm_kt_title",
    ),
    pytest.param(
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Văn Phong",
        [("Nguyễn Văn Phong", "Chánh Văn phòng", "TL.", None)],
        id="tl",
    ),
    pytest.param(
        "TUQ. BỘ TRƯỞNG\nCỤC TRƯỞNG\nThiếu tướng Tô Văn Huệ",
        [("Tô Văn Huệ", "Cục trưởng", "TUQ.", "Thiếu tướng")],
        id="tuq_rank_same_line",
    ),
    pytest.param(
        "Q. GIÁM ĐỐC\nVõ Ngọc Thành", [("Võ Ngọc Thành", "Q. Giám đốc", "Q.", None)], id="acting"
    ),
    pytest.param(
        "TRƯỞNG BAN\n\nCHỦ TỊCH UBND TỈNH\nLê Ánh Dương",
        [("Lê Ánh Dương", "Trưởng ban; Chủ tịch UBND tỉnh", None, None)],
        id="two_stacked_titles",
    ),
    pytest.param(
        "GIÁM ĐỐC\nĐại tá\nNguyễn Văn Bình",
        [("Nguyễn Văn Bình", "Giám đốc", None, "Đại tá")],
        id="rank_on_its_own_line",
    ),
    pytest.param("CHỦ TỊCH |", [(None, "Chủ tịch", None, None)], id="title_without_name"),
    pytest.param(
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nĐặng Văn Minh",
        [("Đặng Văn Minh", None, None, None)],
        id="name_without_title",
    ),
    pytest.param(
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nNGUYỄN VĂN AN",
        [("Nguyễn Văn An", "Phó Giám đốc", "KT.", None)],
        id="caps_name_and_placeholder",
    ),
    pytest.param(
        "Thư ký\nLê Xuân Diệp\nCHÁNH VĂN PHÒNG\nNguyễn Minh Đạo",
        [
            ("Lê Xuân Diệp", "Thư ký", None, None),
            ("Nguyễn Minh Đạo", "Chánh Văn phòng", None, None),
        ],
        id="minutes_two_signers",
    ),
    pytest.param(
        "THƯ KÝ\tCHỦ TỌA\nNguyễn Thị Lan\tTrần Văn Hùng",
        [("Nguyễn Thị Lan", "Thư ký", None, None), ("Trần Văn Hùng", "Chủ tọa", None, None)],
        id="two_signers_side_by_side",
    ),
    pytest.param(
        "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT, NC. Đặng Văn Minh",
        [("Đặng Văn Minh", "Phó Chủ tịch", "KT.", None)],
        id="signature_column_on_noi_nhan_lines",
    ),
    pytest.param(
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\nLê Viết Chữ",
        [("Lê Viết Chữ", "Bí thư", "TM.", None)],
        id="party_slash_form",
    ),
    pytest.param(
        "TIN ANTT\nVideo Thumbnail\nNgười dùng Online", [], id="web_navigation_is_no_signer"
    ),
    pytest.param(
        "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Thanh",
        [("Lê Văn Thanh", "Thứ trưởng", "KT.", None)],
        id="gazette_esign_skipped",
    ),
]


@pytest.mark.parametrize(("block", "want"), CASES)
def test_signature(block, want):
    res = find_signature(split_lines(END + block), 0)
    assert [(s.name, s.title, s.authority, s.rank) for s in res.signers] == want


def test_distribution_items_without_luu():
    res = find_signature(
        split_lines(
            END + "Nơi nhận:\n- Như trên;\n- Chủ tịch, các PCT UBND tỉnh (b/c);\n"
            "- VPUB: CVP, PCVP,\nKGVX, CBTH;\n- Lưu: VT, QTTV(3b);\nCHÁNH VĂN PHÒNG\nNguyễn Minh Đạo"  # noqa: E501
        ),
        0,
    )
    assert res.distribution == [
        "Như trên",
        "Chủ tịch, các PCT UBND tỉnh (b/c)",
        "VPUB: CVP, PCVP, KGVX, CBTH",
    ]


def test_the_chair_signs_with_authority():
    res = find_signature(split_lines(END + "Thư ký\nLê Xuân Diệp\nCHỦ TRÌ\nTrần Quốc Hùng"), 0)
    assert authority_signer(res.signers).name == "Trần Quốc Hùng"


@pytest.mark.parametrize(
    ("title", "want"),
    [
        pytest.param("CHỦ TỊCH UBND TỈNH", "Chủ tịch UBND tỉnh", id="title_with_body"),
        pytest.param("TRƯỞNG CÔNG AN HUYỆN", "Trưởng Công an huyện", id="level_word_lower"),
        pytest.param("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng", id="longest_title_first"),
    ],
)
def test_normalise_title(title, want):
    assert normalise_title(title) == want


@pytest.mark.parametrize(
    ("block", "want"),
    [
        pytest.param(
            "THƯ KÝ CHỦ TỌA\nNguyễn Thị Lan Trần Văn Hùng",
            [("Nguyễn Thị Lan", "Thư ký"), ("Trần Văn Hùng", "Chủ tọa")],
            id="three_and_three_words",
        ),
        pytest.param(
            "CHỦ TRÌ THƯ KÝ\n\nNguyễn Văn Dũng Phạm Thị Lan Hương",
            [("Nguyễn Văn Dũng", "Chủ trì"), ("Phạm Thị Lan Hương", "Thư ký")],
            id="three_and_four_words_after_a_blank",
        ),
    ],
)
def test_side_by_side_signers_separated_by_single_spaces(block, want):
    res = find_signature(split_lines(END + block), 0)
    assert [(s.name, s.title) for s in res.signers] == want


def test_one_title_over_one_long_name_is_not_split():
    res = find_signature(split_lines(END + "CHỦ TỊCH\nTôn Nữ Thị Ninh"), 0)
    assert [(s.name, s.title) for s in res.signers] == [("Tôn Nữ Thị Ninh", "Chủ tịch")]


def test_signed_note_after_the_name():
    res = find_signature(split_lines(END + "GIÁM ĐỐC\nNguyễn Văn Bình (đã ký)"), 0)
    assert [(s.name, s.title) for s in res.signers] == [("Nguyễn Văn Bình", "Giám đốc")]


@pytest.mark.parametrize(
    "seal",
    [
        pytest.param("* HUYỆN TƯ NGHĨA * U.B.N.D", id="stars_and_dotted_abbreviation"),
        pytest.param("CÔNG AN TỈNH THÁI BÌNH ✶", id="star_glyph"),
    ],
)
def test_seal_text_over_the_signature_is_not_a_title(seal):
    res = find_signature(
        split_lines(END + f"TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n{seal}\nTrần Văn Hậu"), 0
    )
    assert [(s.name, s.title) for s in res.signers] == [("Trần Văn Hậu", "Chủ tịch")]


def test_court_title():
    res = find_signature(split_lines(END + "THẨM PHÁN\nVõ Minh Tuấn"), 0)
    assert [(s.name, s.title) for s in res.signers] == [("Võ Minh Tuấn", "Thẩm phán")]
