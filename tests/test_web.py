"""The archivists' desk (`vanthu serve`) through Flask's test client: every route, the
values it shows, its safety rules, and errors as pages (never a traceback)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from html import unescape
from pathlib import Path

import duckdb
import pytest

from pipeline.store import corrections as corr
from pipeline.web import data, i18n
from pipeline.web.app import create_app
from tests.conftest import ROOT, SEEDS, index_archive

SAMPLES = ROOT / "data" / "samples"
PDF = SAMPLES / "bao_cao_cah_son_tinh.pdf"  # born-digital: a text layer, no OCR needed


@pytest.fixture(scope="session")
def desk_db(tmp_path_factory) -> Path:
    """An archive of the campaign samples, a born-digital PDF and a three-document seed
    (built once; tests read it and never write it)."""
    from pipeline.ingest import run_ingest

    d = tmp_path_factory.mktemp("desk")
    box = d / "inbox"
    box.mkdir()
    for f in sorted((SAMPLES / "campaign").glob("*.txt")):
        shutil.copy2(f, box / f.name)
    shutil.copy2(PDF, box / PDF.name)
    shutil.copy2(SEEDS / "000_fbaf2365db55772f.txt", box / "000.txt")
    db = d / "desk.duckdb"
    run_ingest(box, db, progress=False, corrections_path=d / "none.csv")
    index_archive(db)  # as `make nightly` and `make demo` do after the ingest
    return db


def _q(db: Path, sql: str, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _doc(db: Path, like: str) -> str:
    return _q(db, "SELECT doc_id FROM documents WHERE source_path LIKE ? ORDER BY 1", like)[0][0]


@pytest.fixture
def client(desk_db, tmp_path):
    app = create_app(desk_db, corrections_path=tmp_path / "c.csv")
    return app.test_client()


@pytest.fixture
def rw(desk_db, tmp_path):
    """A desk started with --allow-corrections, writing to a corrections file in tmp."""
    path = tmp_path / "c.csv"
    app = create_app(desk_db, allow_corrections=True, corrections_path=path)
    return app.test_client(), path


def _csrf(client, url: str = "/") -> str:
    body = client.get(url).get_data(as_text=True)
    m = re.search(r'name="csrf_token" value="([^"]+)"', body)
    if m:
        return m.group(1)
    with client.session_transaction() as s:
        return s["csrf"]


def _mark_text(body: str, ident: str) -> str:
    """The text inside the <mark id=ident> (marks nest: a number inside its reference)."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        depth, buf = 0, []

        def handle_starttag(self, tag, attrs):
            if tag == "mark" and (self.depth or dict(attrs).get("id") == ident):
                self.depth += 1

        def handle_endtag(self, tag):
            if tag == "mark" and self.depth:
                self.depth -= 1

        def handle_data(self, d):
            if self.depth:
                self.buf.append(d)

    p = P()
    p.buf = []
    p.feed(body)
    return "".join(p.buf)


def _text(resp) -> str:
    return unescape(resp.get_data(as_text=True))


# --- dates and labels ---------------------------------------------------------------


def test_dates_are_written_as_vietnamese_offices_write_them():
    d = dt.date(2026, 12, 5)
    assert i18n.fmt_date(d) == "05/12/2026"
    assert i18n.fmt_date(d, long=True) == "ngày 05 tháng 12 năm 2026"
    assert i18n.fmt_date("2026-12-05", "en") == "2026-12-05"
    assert i18n.fmt_partial(2024, 3) == "03/2024" and i18n.fmt_partial(2024, None) == "năm 2024"
    assert i18n.fmt_date(None) == ""


def test_labels_are_vietnamese_by_default_and_english_with_the_switch(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "Bàn văn thư" in _text(r) and "Văn bản" in _text(r)
    r = client.get("/lang/en?next=/documents")
    assert r.status_code == 302 and r.headers["Location"].endswith("/documents")
    body = _text(client.get("/documents"))  # the cookie now says English
    assert "Documents" in body and "Full-text search" in body
    # an outside address after the switch is not followed
    r = client.get("/lang/vi?next=//evil.example/")
    assert r.headers["Location"] == "/"


# --- runs -------------------------------------------------------------------------------


def test_runs_page_shows_each_run_and_a_running_ingest(client, desk_db):
    run_id, files_new, docs_new = _q(
        desk_db, "SELECT run_id, files_new, documents_new FROM runs ORDER BY run_id DESC"
    )[0]
    body = _text(client.get("/runs"))
    row = re.search(rf'data-run="{run_id}">(.*?)</tr>', body, re.S).group(1)
    assert f'files-new">{files_new}<' in row and f'docs-new">{docs_new}<' in row
    assert "0 <small>hoàn tất</small>" in row  # the exit code in plain words
    assert "Không có tệp nào bị cách ly." in body
    progress = desk_db.with_name(desk_db.name + ".progress.json")
    progress.write_text(
        '{"pages_done": 30, "pages_total": 120, "files": 4, "started_at":'
        ' "2026-12-05T01:00:00", "eta": "5 phút"}',
        encoding="utf-8",
    )
    try:
        body = _text(client.get("/runs"))
        assert "Một lần nạp đang chạy" in body and "30 / 120" in body and "25%" in body
        progress.write_text('{"pages_done": 3', encoding="utf-8")  # caught mid-write
        assert client.get("/runs").status_code == 200
    finally:
        progress.unlink()


def test_runs_page_shows_the_progress_while_the_archive_cannot_be_opened(desk_db, tmp_path):
    db = tmp_path / "busy.duckdb"
    shutil.copy2(desk_db, db)
    db.with_name(db.name + ".progress.json").write_text(
        '{"pages_done": 5, "pages_total": 10}', encoding="utf-8"
    )
    writer = duckdb.connect(str(db))  # an ingest that writes the archive in place
    try:
        r = create_app(db).test_client().get("/runs")
    finally:
        writer.close()
    body = _text(r)
    assert r.status_code == 200 and "5 / 10" in body and "50%" in body
    assert 'id="busy"' in body


def test_quarantined_files_are_listed_with_their_plain_reason(tmp_path):
    from pipeline.ingest import run_ingest

    box = tmp_path / "box"
    box.mkdir()
    shutil.copy2(SEEDS / "004_5a3cf1efe37867a9.txt", box / "cv.txt")
    (box / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage, not a pdf")
    db = tmp_path / "q.duckdb"
    run_ingest(box, db, progress=False, corrections_path=tmp_path / "c.csv")
    reason = _q(db, "SELECT error FROM files WHERE status = 'quarantined'")[0][0]
    body = _text(create_app(db).test_client().get("/runs"))
    assert "broken.pdf" in body and reason in body
    assert "3 <small>có tệp mới bị cách ly</small>" in body


# --- documents ---------------------------------------------------------------------


def test_documents_table_shows_every_document_with_its_values(client, desk_db):
    body = _text(client.get("/documents"))
    n = _q(desk_db, "SELECT count(*) FROM documents")[0][0]
    assert f'id="result-count">{n}<' in body
    assert "45/BC-CAT-PV05" in body and "Phòng tham mưu Công an tỉnh Quảng Ngãi" in body
    assert "10/04/2024" in body  # its date, day first


@pytest.mark.parametrize(
    ("args", "where", "params"),
    [
        ({"type": "Báo cáo"}, "doc_type = ?", ["Báo cáo"]),
        ({"issuer": "Mộ Đức"}, "issuer ILIKE ?", ["%Mộ Đức%"]),
        ({"province": "Quảng Ngãi"}, "province = ?", ["Quảng Ngãi"]),
        ({"year": "2024"}, "issued_year = ?", [2024]),
        (
            {"campaign": "ct07-bca"},
            "doc_id IN (SELECT doc_id FROM campaign_documents WHERE campaign_id = ?)",
            ["ct07-bca"],
        ),
    ],
)
def test_each_filter_keeps_exactly_the_matching_documents(client, desk_db, args, where, params):
    want = {r[0] for r in _q(desk_db, f"SELECT doc_id FROM documents WHERE {where}", *params)}
    assert want, "the sample archive has documents for this filter"
    body = client.get("/documents", query_string=args).get_data(as_text=True)
    shown = set(re.findall(r'class="doc-link" href="/documents/([^"]+)"', body))
    assert shown == want


def test_full_text_search_finds_the_documents_that_hold_the_words(client, desk_db):
    want = {r[0] for r in _q(desk_db, "SELECT doc_id FROM documents WHERE text ILIKE '%Sơn Tịnh%'")}
    body = client.get("/documents", query_string={"q": "Sơn Tịnh"}).get_data(as_text=True)
    shown = set(re.findall(r'class="doc-link" href="/documents/([^"]+)"', body))
    assert want and want <= shown


def test_sorting_and_pages(client, desk_db, monkeypatch):
    issuers = [
        r[0]
        for r in _q(
            desk_db, "SELECT issuer FROM documents ORDER BY issuer ASC NULLS LAST, doc_id LIMIT 3"
        )
    ]
    monkeypatch.setattr(data, "PAGE_SIZE", 3)
    body = _text(client.get("/documents?sort=issuer&dir=asc"))
    rows = re.findall(r"<tr>\s*<td class=\"date\">.*?</tr>", body, re.S)
    shown = [re.findall(r"<td>(.*?)</td>", r, re.S)[2] for r in rows]
    assert shown == issuers
    p1 = set(re.findall(r'doc-link" href="/documents/([^"]+)"', _text(client.get("/documents"))))
    p2 = set(
        re.findall(r'doc-link" href="/documents/([^"]+)"', _text(client.get("/documents?page=2")))
    )
    assert len(p1) == 3 and p2 and not p1 & p2
    assert client.get("/documents?page=9999&year=abc").status_code == 200  # clamped, ignored


# --- one document -------------------------------------------------------------------


def test_a_document_shows_each_field_with_its_evidence_highlighted(client, desk_db):
    doc_id = _doc(desk_db, "%02_bc45%")
    body = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    text = _q(desk_db, "SELECT text FROM documents WHERE doc_id = ?", doc_id)[0][0]
    for name, start, end, rule in _q(
        desk_db,
        "SELECT name, char_start, char_end, rule FROM fields WHERE doc_id = ?"
        " AND name IN ('issuer', 'subject', 'issued_date', 'doc_type')",
        doc_id,
    ):
        assert f'id="ev-{name}"' in body, name
        assert _mark_text(body, f"ev-{name}") == text[start:end], name
        assert f'href="#ev-{name}"' in body and rule in body
    assert "ngày 10 tháng 04 năm 2024" in unescape(body)
    assert "Nguyễn Văn A" in unescape(body)  # the signer


def test_a_document_links_what_it_cites_and_what_cites_it(client, desk_db):
    answer = _doc(desk_db, "%02_bc45%")
    directive = _doc(desk_db, "%01_cv120%")
    body = client.get(f"/documents/{answer}").get_data(as_text=True)
    assert f'href="/documents/{directive}"' in body  # it answers 120/UBND-NC, in the archive
    body = client.get(f"/documents/{directive}").get_data(as_text=True)
    cited_by = re.search(r'id="cited-by">(.*?)</ul>', body, re.S).group(1)
    assert f'href="/documents/{answer}"' in cited_by
    deadlines = _q(desk_db, "SELECT due_date FROM deadlines WHERE doc_id = ?", directive)
    assert deadlines and i18n.fmt_date(deadlines[0][0]) in body


def test_the_page_image_is_rendered_from_the_original_file_by_its_id(client, desk_db):
    doc_id = _doc(desk_db, "%.pdf")
    file_id = doc_id and _q(desk_db, "SELECT file_id FROM documents WHERE doc_id = ?", doc_id)[0][0]
    body = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert f"/files/{file_id}/page/1.png" in body
    assert "ocr-word" not in body  # no ocr_words table in this archive: no boxes, no error
    r = client.get(f"/files/{file_id}/page/1.png")
    assert r.status_code == 200 and r.mimetype == "image/png"
    from PIL import Image

    img = Image.open(io.BytesIO(r.data))
    assert img.width == 1000 and img.height > img.width  # a portrait A4 page
    assert client.get(f"/files/{file_id}/page/2.png").status_code == 404
    # nothing but a file id of the archive is ever looked up
    assert client.get("/files/..%2F..%2Fetc%2Fpasswd/page/1.png").status_code == 404
    assert client.get(f"/files/{'0' * 64}/page/1.png").status_code == 404


def test_a_changed_original_is_not_shown_as_the_file_that_was_read(desk_db, tmp_path):
    from pipeline.web import pages

    db = tmp_path / "copy.duckdb"
    shutil.copy2(desk_db, db)
    fake = tmp_path / "fake.pdf"
    shutil.copy2(PDF, fake)
    with fake.open("ab") as fh:
        fh.write(b"\n%changed")
    con = duckdb.connect(str(db))
    file_id = con.execute("SELECT file_id FROM files WHERE path LIKE '%.pdf'").fetchone()[0]
    con.execute(
        "UPDATE files SET path = ?, size_bytes = ? WHERE file_id = ?",
        [str(fake), fake.stat().st_size, file_id],
    )
    con.execute("DELETE FROM file_paths WHERE file_id = ?", [file_id])
    con.close()
    con = duckdb.connect(str(db), read_only=True)
    assert pages.original_file(con, file_id, db) is None
    con.close()


def test_image_pages_are_rendered_with_pillow():
    from pipeline.web.pages import render_page

    png = render_page(SAMPLES / "ke_hoach_xa_scan.tif", "image/tiff", 2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(IndexError):
        render_page(SAMPLES / "ke_hoach_xa_scan.tif", "image/tiff", 3)


def test_ocr_word_boxes_are_drawn_over_the_page_when_stored(desk_db, tmp_path):
    db = tmp_path / "boxes.duckdb"
    shutil.copy2(desk_db, db)
    con = duckdb.connect(str(db))
    doc_id, file_id = con.execute(
        "SELECT doc_id, file_id FROM documents WHERE source_path LIKE '%.pdf'"
    ).fetchone()
    # the archive's own table (schemas/tables.sql); this page's words are replaced by two
    con.execute("DELETE FROM ocr_words WHERE file_id = ?", [file_id])
    con.execute(
        "INSERT INTO ocr_words (file_id, page, seq, text, x0, y0, x1, y1, confidence)"
        " VALUES (?, 1, 1, 'CÔNG', 0.1, 0.05, 0.2, 0.07, 0.93),"
        " (?, 1, 2, 'AN', 0.21, 0.05, 0.25, 0.07, 0.41)",
        [file_id, file_id],
    )
    con.close()
    body = create_app(db).test_client().get(f"/documents/{doc_id}").get_data(as_text=True)
    rects = re.findall(r'<rect class="ocr-word( low)?" x="([\d.]+)" y="([\d.]+)"', body)
    assert [(low, float(x), float(y)) for low, x, y in rects] == [
        ("", 0.1, 0.05),
        (" low", 0.21, 0.05),
    ]
    assert "CÔNG (0.93)" in unescape(body)


def test_an_unknown_document_is_a_page_not_a_traceback(client):
    r = client.get("/documents/nope-1")
    assert r.status_code == 404
    body = _text(r)
    assert "Không tìm thấy" in body and "Traceback" not in body


# --- review and corrections -------------------------------------------------------------


def test_review_lists_unsure_fields_worst_first(client, desk_db):
    body = client.get("/review?threshold=0.9").get_data(as_text=True)
    rows = re.findall(
        r'<tr class="review-row" data-doc="([^"]+)" data-field="([^"]+)">\s*'
        r'<td class="n">([\d.]+)</td>',
        body,
    )
    assert rows
    confs = [float(c) for _d, _f, c in rows]
    assert confs == sorted(confs) and max(confs) < 0.9
    worst = _q(
        desk_db,
        "SELECT min(confidence) FROM fields WHERE NOT coalesce(corrected, false) AND name NOT"
        " IN ('body_start', 'distribution_block', 'signature_block', 'own_number_line',"
        " 'recipients_block')",
    )[0][0]
    assert confs[0] == pytest.approx(worst, abs=0.005)
    assert "chế độ chỉ đọc" in unescape(body) and 'action="/correct"' not in body


def test_a_read_only_desk_refuses_every_write(client, desk_db, tmp_path):
    doc_id = _doc(desk_db, "%02_bc45%")
    token = _csrf(client)
    r = client.post(
        "/correct", data={"csrf_token": token, "doc_id": doc_id, "field": "place", "value": "X"}
    )
    assert r.status_code == 403
    assert not (tmp_path / "c.csv").exists()


def test_a_correction_is_written_as_vanthu_correct_writes_it_and_shown_at_once(rw, desk_db):
    client, path = rw
    doc_id = _doc(desk_db, "%02_bc45%")
    file_id, ordinal = _q(
        desk_db, "SELECT file_id, ordinal FROM documents WHERE doc_id = ?", doc_id
    )[0]
    token = _csrf(client, f"/documents/{doc_id}")
    r = client.post(
        "/correct",
        data={
            "csrf_token": token,
            "doc_id": doc_id,
            "field": "issued_date",
            "value": "11/04/2024",  # as an office types it: day first
            "note": "ngày trên bản giấy",
        },
    )
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/documents/{doc_id}")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == list(corr.COLUMNS)
    assert rows[0]["file_id"] == file_id and rows[0]["ordinal"] == str(ordinal)
    assert rows[0]["field"] == "issued_date" and rows[0]["value"] == "2024-04-11"
    assert rows[0]["note"] == "ngày trên bản giấy" and rows[0]["date"]
    loaded = corr.load(path).values_for(file_id)  # the loader the ingest uses reads it back
    assert loaded[(ordinal, "issued_date")] == "2024-04-11"
    body = _text(client.get(f"/documents/{doc_id}"))
    row = re.search(r'data-field="issued_date">(.*?)</tr>', body, re.S).group(1)
    assert "pending-value" in row and "2024-04-11" in row and "<s" in row
    # the review page shows the pending value over the extracted one too
    body = _text(client.get("/review?threshold=1.0"))
    row = re.search(rf'data-doc="{doc_id}" data-field="issued_date">(.*?)</tr>', body, re.S).group(
        1
    )
    assert "2024-04-11" in row and "pending" in row


def test_a_correction_of_a_field_that_was_not_found_is_shown_too(rw, desk_db):
    client, _path = rw
    doc_id = _doc(desk_db, "%02_bc45%")
    assert not _q(desk_db, "SELECT 1 FROM fields WHERE doc_id = ? AND name = 'urgency'", doc_id)
    client.post(
        "/correct",
        data={"csrf_token": _csrf(client), "doc_id": doc_id, "field": "urgency", "value": "KHẨN"},
    )
    body = _text(client.get(f"/documents/{doc_id}"))
    row = re.search(r'data-field="urgency">(.*?)</tr>', body, re.S).group(1)
    assert "KHẨN" in row and "pending" in row


def test_a_bad_correction_is_refused_with_a_page(rw, desk_db):
    client, path = rw
    doc_id = _doc(desk_db, "%02_bc45%")
    token = _csrf(client)
    for form, code in (
        ({"field": "issued_date", "value": "31/02/2024"}, 400),
        ({"field": "text", "value": "x"}, 400),
        ({"field": "place", "value": "x", "doc_id": "nope-1"}, 404),
    ):
        r = client.post("/correct", data={"csrf_token": token, "doc_id": doc_id, **form})
        assert r.status_code == code and "Traceback" not in _text(r), form
    assert not path.exists()


def test_a_post_without_the_csrf_token_is_refused(rw, desk_db):
    client, path = rw
    doc_id = _doc(desk_db, "%02_bc45%")
    r = client.post("/correct", data={"doc_id": doc_id, "field": "place", "value": "X"})
    assert r.status_code == 400 and "tải lại trang" in _text(r)
    r = client.post(
        "/correct",
        data={"csrf_token": "forged", "doc_id": doc_id, "field": "place", "value": "X"},
    )
    assert r.status_code == 400
    assert not path.exists()


def test_split_and_merge_are_recorded_for_the_next_run(rw, desk_db):
    client, path = rw
    second = _q(desk_db, "SELECT doc_id FROM documents WHERE ordinal = 2 ORDER BY 1")[0][0]
    token = _csrf(client)
    r = client.post(
        "/segment",
        data={"csrf_token": token, "doc_id": second, "action": "split", "line": "BẢNG ĐIỂM"},
    )
    assert r.status_code == 302
    r = client.post("/segment", data={"csrf_token": token, "doc_id": second, "action": "merge"})
    assert r.status_code == 302
    rows = [(c.ordinal, c.field, c.value) for c in corr.load(path).rows]
    assert rows == [(2, "split_before", "BẢNG ĐIỂM"), (2, "merge_with_previous", None)]
    assert "merge_with_previous" in _text(client.get(f"/documents/{second}"))
    first = second[:-1] + "1"
    r = client.post("/segment", data={"csrf_token": token, "doc_id": first, "action": "merge"})
    assert r.status_code == 400  # nothing before the first document


# --- campaigns --------------------------------------------------------------------------


def test_campaigns_lists_configured_and_revealed_ones(client, desk_db):
    body = _text(client.get("/campaigns"))
    for cid, name in _q(desk_db, "SELECT campaign_id, name FROM campaigns"):
        assert f"/campaigns/{cid}" in body and name in body
    revealed = data.revealed_campaigns(duckdb.connect(str(desk_db), read_only=True))
    directive = _doc(desk_db, "%01_cv120%")
    assert directive in [r["doc_id"] for r in revealed]
    assert f'href="/campaigns/{directive}"' in body


def test_a_campaign_shows_its_answer_matrix_in_colours_and_its_plots(client, desk_db):
    body = _text(client.get("/campaigns/ct07-bca"))
    assert "45/BC-CAT-PV05" in body and "status status-on-time" in body
    assert "status status-late" in body and "status status-no-answer" in body
    assert "đúng hạn" in body and "trễ hạn" in body
    for plot in ("timeline", "provinces"):
        r = client.get(f"/campaigns/ct07-bca/{plot}.svg")
        assert r.status_code == 200 and r.mimetype == "image/svg+xml"
        assert r.data.lstrip().startswith(b"<?xml") and b"<svg" in r.data
    svg = client.get("/campaigns/ct07-bca/provinces.svg").get_data(as_text=True)
    assert "Quảng Ngãi" in svg
    svg = client.get("/campaigns/ct07-bca/timeline.svg").get_data(as_text=True)
    assert "Phòng tham mưu Công an tỉnh Quảng Ngãi" in svg and "#16a34a" in svg  # on time


def test_a_changed_archive_is_seen_on_the_next_request_despite_the_cache(desk_db, tmp_path):
    db = tmp_path / "changing.duckdb"
    shutil.copy2(desk_db, db)
    c = create_app(db).test_client()
    assert "Tên mới của phong trào" not in _text(c.get("/campaigns/ct07-bca"))
    con = duckdb.connect(str(db))
    con.execute(
        "UPDATE campaigns SET name = 'Tên mới của phong trào' WHERE campaign_id = ?", ["ct07-bca"]
    )
    con.execute("CHECKPOINT")
    con.close()
    assert "Tên mới của phong trào" in _text(c.get("/campaigns/ct07-bca"))


def test_campaign_matrix_exports_as_csv_and_excel(client):
    r = client.get("/campaigns/ct07-bca/matrix.csv")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    late = [x for x in rows if x["status"] == "late"]
    assert late and all(int(x["days_late"]) > 0 for x in late)
    assert {"on time", "late", "no answer"} <= {x["status"] for x in rows}
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get("/campaigns/ct07-bca/matrix.xlsx").data))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == list(data.MATRIX_COLUMNS)
    col = header.index("status")
    statuses = {row[col].value: row[col].fill.fgColor.rgb for row in ws.iter_rows(min_row=2)}
    assert statuses["late"].endswith("DC2626") and statuses["on time"].endswith("16A34A")
    assert len(list(ws.iter_rows(min_row=2))) == len(rows)


def test_an_unknown_campaign_is_a_page(client):
    r = client.get("/campaigns/no-such-campaign")
    assert r.status_code == 404 and "no-such-campaign" in _text(r)
    assert client.get("/campaigns/no-such-campaign/timeline.svg").status_code == 404


# --- graph, SQL, export --------------------------------------------------------------------


def test_the_graph_draws_a_nodes_neighbourhood_with_links(client, desk_db):
    key = _q(desk_db, "SELECT target_key FROM nodes WHERE ref LIKE '07/CT-BCA%'")[0][0]
    body = client.get("/graph", query_string={"key": "07/CT-BCA-V28"}).get_data(as_text=True)
    assert "<svg" in body
    citing = _q(
        desk_db,
        "SELECT DISTINCT dn.target_key FROM edges e JOIN doc_nodes dn"
        " USING (doc_id) WHERE e.target_key = ?",
        key,
    )
    assert citing
    from urllib.parse import unquote

    svg = body[body.index("<svg") : body.index("</svg>")]
    linked = {unquote(h) for h in re.findall(r'<a href="/graph\?key=([^"]+)"', svg)}
    assert {k for (k,) in citing} <= linked and key in linked
    r = client.get("/graph", query_string={"key": "99999/XYZ"})
    assert r.status_code == 200 and "Không tìm thấy" in _text(r)


def test_sql_box_answers_and_downloads_csv(client, desk_db):
    q = "SELECT doc_type, count(*) AS n FROM documents GROUP BY 1 ORDER BY n DESC, 1"
    want = _q(desk_db, q)
    body = _text(client.get("/sql", query_string={"q": q}))
    assert f"<td>{want[0][0]}</td><td>{want[0][1]}</td>" in body
    r = client.get("/sql.csv", query_string={"q": q})
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0] == ["doc_type", "n"] and rows[1] == [want[0][0], str(want[0][1])]


@pytest.mark.parametrize(
    "q",
    [
        "DELETE FROM documents",
        "CREATE TABLE x AS SELECT 1",
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY documents TO '/tmp/vanthu_leak.csv'",
        "SET enable_external_access = true",
        "ATTACH '/tmp/other.duckdb'",
    ],
)
def test_sql_box_refuses_writes_files_and_settings(client, desk_db, q):
    n = _q(desk_db, "SELECT count(*) FROM documents")[0][0]
    r = client.get("/sql", query_string={"q": q})
    assert r.status_code == 200 and 'id="sql-error"' in r.get_data(as_text=True)
    assert client.get("/sql.csv", query_string={"q": q}).status_code == 400
    assert _q(desk_db, "SELECT count(*) FROM documents")[0][0] == n
    assert not Path("/tmp/vanthu_leak.csv").exists()


def test_a_runaway_query_is_interrupted_and_reported(desk_db):
    app = create_app(desk_db)
    app.config["SQL_TIMEOUT"] = 0.5
    q = "SELECT count(*) FROM range(100000000000) a, range(1000) b"
    r = app.test_client().get("/sql", query_string={"q": q})
    assert r.status_code == 200 and "INTERRUPT" in r.get_data(as_text=True).upper()


def test_export_page_and_downloads(client, desk_db):
    body = _text(client.get("/export"))
    n = _q(desk_db, "SELECT count(*) FROM documents")[0][0]
    assert re.search(rf"<td>documents</td><td class=\"n\">{n}</td>", body)
    r = client.get("/export/documents.parquet")
    assert r.status_code == 200 and r.data[:4] == b"PAR1"
    r = client.get("/export/citations.csv")
    assert r.status_code == 200 and r.data.decode().startswith("doc_id,seq,mention")
    r = client.get("/export/citation_graph.graphml")
    assert r.status_code == 200 and b"<graphml" in r.data
    assert client.get("/export/secrets.csv").status_code == 404
    assert client.get("/export/documents.exe").status_code == 404


def test_a_missing_archive_is_a_page_not_a_traceback(tmp_path):
    c = create_app(tmp_path / "none.duckdb").test_client()
    r = c.get("/documents")
    assert r.status_code == 503 and "Không mở được kho lưu trữ" in _text(r)


def test_each_request_opens_the_archive_and_closes_it(client, desk_db, tmp_path):
    """Nothing is held between requests: the nightly run can replace the file, and a
    writer can open it, right after a page was served."""
    assert client.get("/documents").status_code == 200
    con = duckdb.connect(str(desk_db))  # a writer: fails while any reader holds the file
    con.close()
    replacement = tmp_path / "new.duckdb"
    shutil.copy2(desk_db, replacement)
    c2 = create_app(replacement).test_client()
    assert c2.get("/").status_code == 200
    replacement.with_name("swap.duckdb").write_bytes(replacement.read_bytes())
    replacement.with_name("swap.duckdb").replace(replacement)  # os.replace under the app
    assert c2.get("/documents").status_code == 200


def test_every_route_answers_without_a_traceback(client, desk_db):
    doc_id = _doc(desk_db, "%.pdf")
    for url in (
        "/",
        "/runs",
        "/documents",
        f"/documents/{doc_id}",
        "/review",
        "/campaigns",
        "/campaigns/ct07-bca",
        "/export",
        "/graph",
        "/sql",
        "/lang/en",
    ):
        r = client.get(url)
        assert r.status_code in (200, 302), url
        assert "Traceback" not in r.get_data(as_text=True), url
    assert client.get("/documents/x/y/z").status_code == 404
    assert client.post("/documents").status_code in (400, 405)


def test_a_merge_recorded_at_the_desk_takes_effect_on_the_next_run(tmp_path, monkeypatch):
    from pipeline.ingest import run_ingest

    monkeypatch.chdir(tmp_path)
    box = tmp_path / "box"
    box.mkdir()
    shutil.copy2(SEEDS / "000_fbaf2365db55772f.txt", box / "000.txt")  # three documents
    db = tmp_path / "a" / "archive.duckdb"
    run_ingest(box, db, progress=False)
    before = _q(db, "SELECT ordinal FROM documents ORDER BY 1")
    assert [r[0] for r in before] == [1, 2, 3]
    second = _q(db, "SELECT doc_id FROM documents WHERE ordinal = 2")[0][0]
    client = create_app(db, allow_corrections=True).test_client()
    r = client.post(
        "/segment", data={"csrf_token": _csrf(client), "doc_id": second, "action": "merge"}
    )
    assert r.status_code == 302
    assert _q(db, "SELECT count(*) FROM documents")[0][0] == 3  # not before the run
    run_ingest(box, db, progress=False)
    assert [r[0] for r in _q(db, "SELECT ordinal FROM documents ORDER BY 1")] == [1, 2]
