"""The arrival stamp: the receiver's register number and date, never the document's own."""

from __future__ import annotations

import pytest

from extractors.header.arrival import find_arrival, normalise_receiver
from extractors.segment import split_lines

CASES = [
    pytest.param(
        "UBND TỈNH QUẢNG NGÃI\nSố: 4575/BC-VP\nTT CÔNG BÁO & TIN HỌC Q. NGÃI\nĐẾN\tSố: 2.3.6.9.....\n\tNgày: 28/11/2018.....\n\tChuyên:\n",  # noqa: E501
        ("TT Công báo & Tin học Quảng Ngãi", "2369", "2018-11-28"),
        id="dotted_handwritten_number",
    ),
    pytest.param(
        "SỞ NỘI VỤ TỈNH BÌNH ĐỊNH\nĐẾN\nSố: 1275\nNgày: 05/3/2022\nChuyển:\n",
        ("Sở nội vụ tỉnh Bình Định", "1275", "2022-03-05"),
        id="den_alone_then_lines",
    ),
    pytest.param(
        "VĂN PHÒNG UBND TỈNH ĐẾN Số: 88 Ngày: 02-4-2018\n",
        ("Văn phòng UBND tỉnh", "88", "2018-04-02"),
        id="one_line_stamp",
    ),
    pytest.param(
        "UBND HUYỆN GIO LINH\nCÔNG VĂN ĐẾN\nSố: 7g2\nNgày: 21/5/2024\nChuyển: P.Nvụ\n",
        ("UBND huyện Gio Linh", None, "2024-05-21"),
        id="cong_van_den_wording_and_a_garbled_handwritten_number",
    ),
    pytest.param(
        "SỞ Y TẾ TỈNH PHÚ YÊN VĂN BẢN ĐẾN Số: 315 Ngày: 02/4/2024\n",
        ("Sở Y tế tỉnh Phú Yên", "315", "2024-04-02"),
        id="van_ban_den_on_one_line",
    ),
    pytest.param("Số: 12/BC-VP\nQuảng Ngãi, ngày 1 tháng 2 năm 2020\n", None, id="no_stamp"),
    pytest.param("Số: 12/BC-VP\nCÁC ĐƠN VỊ ĐẾN DỰ\n", None, id="den_word_without_number_or_date"),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_arrival(text, want):
    found = find_arrival(split_lines(text))
    got = (
        None
        if found is None
        else (found.arrival.receiver, found.arrival.number, found.arrival.date)
    )
    if want is None or got is None:
        assert got == want
    else:
        assert (got[0].casefold(), got[1], got[2]) == (want[0].casefold(), want[1], want[2])


def test_receiver_short_province_is_expanded():
    assert normalise_receiver("TT CÔNG BÁO & TIN HỌC Q. NGÃI") == "TT Công báo & Tin học Quảng Ngãi"


def test_stamp_on_a_line_before_the_number_line_is_not_the_number():
    from extractors.header import extract_header

    text = (
        "UBND TỈNH QUẢNG NGÃI\nVĂN PHÒNG\nTT CÔNG BÁO Q. NGÃI ĐẾN Số: 2369 Ngày: 28/11/2018\n"
        "Số: 4575/BC-VP\nQuảng Ngãi, ngày 27 tháng 11 năm 2018\nBÁO CÁO\nCông tác năm 2018\nI. A\n"
    )
    res = extract_header(text)
    f = {k: v.value for k, v in res.fields.items()}
    assert (f["number"], f["issued_date"]) == ("4575", "2018-11-27")
    assert (res.arrival.number, res.arrival.date) == ("2369", "2018-11-28")
    assert f["issuer"] == "Văn phòng UBND tỉnh Quảng Ngãi"
