"""Property-based tests of every extractor (hypothesis): for any text, no exception, every
offset inside the text, and every piece of evidence equal to ``text[start:end]``.

Texts are drawn two ways: any Unicode at all, and shuffles of the genre's own pieces
(headers, numbers, dates, citations, signatures) with noise between them, which reach
far deeper into the rules than random characters do.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import extract_documents
from extractors.citations import extract_citations, find_distribution
from extractors.clean import clean_text
from extractors.dates import find_dates
from extractors.deadlines import extract_deadlines
from extractors.header import extract_header
from extractors.segment import segment, split_lines
from schemas.records import DocumentRecord, FileText, PageText

PIECES = [
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "Số: 120/UBND-NC",
    "Số:    /BC-CAT",
    "Quảng Ngãi, ngày 05 tháng 3 năm 2024",
    "ngày  tháng 3 năm 2024",
    "BÁO CÁO",
    "CÔNG VĂN",
    "QUYẾT ĐỊNH",
    "V/v triển khai Chỉ thị số 07/CT-BCA-V28",
    "Kính gửi: - Công an tỉnh;\n- Sở Giáo dục và Đào tạo",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
    "Thực hiện Kế hoạch số 15/KH-UBND ngày 20/3/2024 của UBND huyện Mộ Đức,",
    "theo Quyết định 1395/QĐ-UBND năm 2016",
    "Nghị định số 23/2012/NĐ-CP; Thông tư 12/2012/TT-BCA",
    "báo cáo về Sở trước ngày 15/4/2024.",
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "Nguyễn Văn An",
    "Đại tá Trần Văn Hùng",
    "ĐẾN Số: 123 Ngày: 12/4/2024",
    "THƯ KÝ CHỦ TỌA",
    "PHỤ LỤC",
    "(Kèm theo Quyết định số 05/QĐ-BCĐ)",
    "\f",
    "",
]

any_text = st.text(max_size=400)
genre_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=25).map(
    "\n".join
)
texts = st.one_of(any_text, genre_text)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _inside(start, end, text: str) -> bool:
    return start is not None and end is not None and 0 <= start <= end <= len(text)


@SETTINGS
@given(texts)
def test_clean_text_never_fails(text):
    assert isinstance(clean_text(text), str)


@SETTINGS
@given(texts)
def test_dates_are_inside_the_text(text):
    for d in find_dates(text):
        assert _inside(d.start, d.end, text)


@SETTINGS
@given(texts)
def test_segments_and_lines_are_inside_the_text_in_order(text):
    last = 0
    for sg in segment(text):
        assert _inside(sg.start, sg.end, text) and sg.start >= last
        last = sg.start
    for ln in split_lines(text):
        assert text[ln.start : ln.end] == ln.text


@SETTINGS
@given(texts)
def test_header_fields_have_their_evidence_in_the_text(text):
    hdr = extract_header(text)
    for f in hdr.fields.values():
        if f.start is not None:
            assert _inside(f.start, f.end, text), f
    for s in hdr.signers:
        if s.start is not None:
            assert _inside(s.start, s.end, text), s
    if hdr.arrival is not None and hdr.arrival.start is not None:
        assert _inside(hdr.arrival.start, hdr.arrival.end, text)


@SETTINGS
@given(texts)
def test_citations_are_their_mention_in_the_text(text):
    doc = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    for c in extract_citations(doc):
        assert _inside(c.char_start, c.char_end, text), c
        assert text[c.char_start : c.char_end] == c.mention, c
    span = find_distribution(text)
    if span is not None:
        assert _inside(*span, text)


@SETTINGS
@given(texts)
def test_deadlines_are_inside_the_text(text):
    doc = DocumentRecord(ordinal=1, page_start=1, page_end=1, text=text)
    for d in extract_deadlines(doc):
        assert _inside(d.char_start, d.char_end, text), d


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=3))
def test_whole_files_give_documents_whose_evidence_is_their_own_text(pages):
    ft = FileText(
        "text/plain", tuple(PageText(i + 1, t, "plain") for i, t in enumerate(pages)), "plain"
    )
    for doc in extract_documents(ft, "x.txt"):
        assert 1 <= doc.page_start <= doc.page_end <= len(pages)
        for f in doc.fields.values():
            if f.start is not None:
                assert _inside(f.start, f.end, doc.text), f
        for c in doc.citations:
            assert doc.text[c.char_start : c.char_end] == c.mention, c
        for d in doc.deadlines:
            assert _inside(d.char_start, d.char_end, doc.text), d
