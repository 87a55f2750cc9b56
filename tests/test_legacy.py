"""TCVN3 (ABC) and VNI font mojibake -> Unicode, on strings written for these tests."""

from __future__ import annotations

import pytest

from pipeline.read.legacy import detect_legacy, fix_legacy, tcvn3_to_unicode, vni_to_unicode

TCVN3_CASES = [
    pytest.param("Uû ban nh©n d©n tØnh Qu¶ng Ng·i", "Uỷ ban nhân dân tỉnh Quảng Ngãi", id="issuer"),
    pytest.param(
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", id="motto"
    ),
    pytest.param("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", id="motto2"),
    pytest.param("KÝnh göi: C«ng an huyÖn", "Kính gửi: Công an huyện", id="kinh_gui"),
    pytest.param("N¬i nhËn: - L­u: VT.", "Nơi nhận: - Lưu: VT.", id="noi_nhan_soft_hyphen_u"),
    pytest.param(
        "®­îc ban hµnh theo QuyÕt ®Þnh sè 1395/Q§-UBND",
        "được ban hành theo Quyết định số 1395/QĐ-UBND",
        id="number_with_D",
    ),
    pytest.param("C¤NG AN HUYÖN B×NH S¥N", "CÔNG AN HUYỆN BÌNH SƠN", id="capital_font"),
    pytest.param("TØNH ñY", "TỈNH ỦY", id="capital_line_short_word"),
]

VNI_CASES = [
    pytest.param("UÛy ban nhaân daân", "Ủy ban nhân dân", id="issuer"),
    pytest.param(
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", id="motto"
    ),
    pytest.param("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", id="motto2"),
    pytest.param(
        "Keá hoaïch soá 17/KH-BCA-V05 ngaøy 15/01/2024",
        "Kế hoạch số 17/KH-BCA-V05 ngày 15/01/2024",
        id="citation",
    ),
    pytest.param("ñöôïc, nöôùc, thöôøng tröïc", "được, nước, thường trực", id="horn_vowels"),
    pytest.param("naêm, ñaëc bieät, aên", "năm, đặc biệt, ăn", id="breve"),
    pytest.param("UÛY BAN NHAÂN DAÂN TÆNH", "ỦY BAN NHÂN DÂN TỈNH", id="capitals"),
    pytest.param(
        "Quyeát ñònh, yù kieán, kyû luaät, Myõ", "Quyết định, ý kiến, kỷ luật, Mỹ", id="i_and_y"
    ),
]


@pytest.mark.parametrize(("legacy", "unicode_"), TCVN3_CASES)
def test_tcvn3_to_unicode(legacy, unicode_):
    assert tcvn3_to_unicode(legacy) == unicode_


@pytest.mark.parametrize(("legacy", "unicode_"), VNI_CASES)
def test_vni_to_unicode(legacy, unicode_):
    assert vni_to_unicode(legacy) == unicode_


def test_detects_tcvn3_paragraph():
    s = "Thùc hiÖn KÕ ho¹ch sè 35/KH-CAT ngµy 22/01/2024 cña C«ng an tØnh, C«ng an huyÖn b¸o c¸o"
    assert detect_legacy(s) == "tcvn3"
    assert fix_legacy(s)[0].startswith("Thực hiện Kế hoạch số 35/KH-CAT ngày 22/01/2024 của")


def test_detects_vni_paragraph():
    s = "Thöïc hieän Keá hoaïch soá 35/KH-CAT ngaøy 22/01/2024 cuûa Coâng an tænh, Coâng an huyeän"
    assert detect_legacy(s) == "vni"
    assert fix_legacy(s)[0].startswith("Thực hiện Kế hoạch số 35/KH-CAT ngày 22/01/2024 của")


@pytest.mark.parametrize(
    "s",
    [
        pytest.param("Ủy ban nhân dân tỉnh Quảng Ngãi báo cáo kết quả năm 2018", id="unicode_vi"),
        pytest.param("Số: 4575/BC-VP ngày 28/11/2018", id="ascii_only"),
        pytest.param("Café, résumé, naïve, déjà vu, Müller, señor, façade", id="latin1_words"),
        pytest.param("ÔNG ĐÀO VĂN TÊ và ông Âu", id="unicode_with_latin1_vowels"),
    ],
)
def test_unicode_and_foreign_text_left_alone(s):
    assert detect_legacy(s) is None
    assert fix_legacy(s) == (s, None)


def test_result_is_nfc():
    import unicodedata

    out, enc = fix_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam, ®éc lËp tù do h¹nh phóc")
    assert enc == "tcvn3"
    assert out == unicodedata.normalize("NFC", out)
