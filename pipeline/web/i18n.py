"""Labels of the desk in Vietnamese (the default) and English, and dates as offices write them.

A Vietnamese office writes a date in running text as ``ngày 05 tháng 12 năm 2026`` and in
tables as ``05/12/2026`` (day first, two digits). The English view shows ISO dates
(``2026-12-05``), which analysts paste into SQL. A partial date (only the month or the
year is printed) is shown as far as it is known: ``tháng 3 năm 2024`` / ``03/2024``.
"""

from __future__ import annotations

import datetime as dt

LANGS = ("vi", "en")

# key: (Vietnamese, English)
LABELS: dict[str, tuple[str, str]] = {
    "app": ("Bàn văn thư", "Archivists' desk"),
    "home": ("Tổng quan", "Overview"),
    "runs": ("Các lần chạy", "Runs"),
    "documents": ("Văn bản", "Documents"),
    "document": ("Văn bản", "Document"),
    "review": ("Rà soát", "Review"),
    "campaigns": ("Phong trào", "Campaigns"),
    "campaign": ("Phong trào", "Campaign"),
    "export": ("Xuất dữ liệu", "Export"),
    "graph": ("Đồ thị trích dẫn", "Citation graph"),
    "sql": ("Truy vấn SQL", "SQL"),
    "switch_lang": ("English", "Tiếng Việt"),
    "read_only": ("Chỉ đọc", "Read-only"),
    "corrections_on": ("Cho phép sửa", "Corrections allowed"),
    "archive": ("Kho lưu trữ", "Archive"),
    "files": ("Tệp", "Files"),
    "files_read": ("Tệp đã đọc", "Files read"),
    "files_seen": ("Tệp đã thấy", "Files seen"),
    "files_skipped": ("Tệp không đổi (bỏ qua)", "Unchanged files (skipped)"),
    "pages": ("Trang", "Pages"),
    "citations": ("Trích dẫn", "Citations"),
    "quarantined": ("Tệp cách ly", "Quarantined files"),
    "quarantined_none": ("Không có tệp nào bị cách ly.", "No file is quarantined."),
    "reason": ("Lý do", "Reason"),
    "duration": ("Thời gian", "Duration"),
    "started": ("Bắt đầu", "Started"),
    "finished": ("Kết thúc", "Finished"),
    "run": ("Lần chạy", "Run"),
    "inbox": ("Thư mục nhận", "Inbox"),
    "exit_code": ("Mã kết thúc", "Exit code"),
    "running": ("Đang chạy", "Running"),
    "running_ingest": ("Một lần nạp đang chạy", "An ingest is running"),
    "eta": ("Còn khoảng", "About"),
    "not_finished": ("chưa xong", "not finished"),
    "seconds": ("giây", "s"),
    "type": ("Loại", "Type"),
    "ref": ("Số, ký hiệu", "Number/symbol"),
    "date": ("Ngày", "Date"),
    "issued": ("Ngày ban hành", "Issued"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "province": ("Tỉnh", "Province"),
    "year": ("Năm", "Year"),
    "subject": ("Trích yếu", "Subject"),
    "search": ("Tìm trong nội dung", "Full-text search"),
    "filter": ("Lọc", "Filter"),
    "all": ("Tất cả", "All"),
    "clear": ("Bỏ lọc", "Clear"),
    "page": ("Trang", "Page"),
    "of": ("trên", "of"),
    "prev": ("‹ Trước", "‹ Previous"),
    "next": ("Sau ›", "Next ›"),
    "results": ("kết quả", "results"),
    "no_index": (
        "Kho chưa có chỉ mục tìm kiếm: kết quả là các văn bản chứa nguyên cụm từ, chưa xếp"
        " theo mức phù hợp. Chạy «vanthu index» để lập chỉ mục.",
        "The archive has no search index yet: these are the documents that hold the whole"
        " phrase, not ranked. Run “vanthu index” to build it.",
    ),
    "none_found": ("Không tìm thấy văn bản nào.", "No document found."),
    "file": ("Tệp", "File"),
    "field": ("Trường", "Field"),
    "value": ("Giá trị", "Value"),
    "rule": ("Quy tắc", "Rule"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "evidence": ("Căn cứ trong văn bản", "Evidence in the text"),
    "fields": ("Các trường", "Fields"),
    "text": ("Nội dung", "Text"),
    "page_image": ("Ảnh trang", "Page image"),
    "no_image": (
        "Không hiển thị được ảnh trang (tệp gốc không còn ở đường dẫn đã ghi,"
        " hoặc là văn bản thuần).",
        "No page image (the original file is no longer at its recorded path, or it is plain text).",
    ),
    "ocr_boxes": ("Khung chữ OCR", "OCR word boxes"),
    "cites": ("Văn bản này trích dẫn", "This document cites"),
    "cited_by": ("Được trích dẫn bởi", "Cited by"),
    "relation": ("Quan hệ", "Relation"),
    "arrival": ("Đến (sổ công văn đến)", "Arrival"),
    "exit_0": ("hoàn tất", "all went well"),
    "exit_1": ("lỗi", "error"),
    "exit_3": ("có tệp mới bị cách ly", "new files quarantined"),
    "exit_4": ("thiếu Tesseract", "Tesseract missing"),
    "exit_5": ("lỗi cơ sở dữ liệu", "database error"),
    "no_evidence": ("không có căn cứ trong văn bản (suy ra)", "no span in the text (inferred)"),
    "by_arrival": ("theo dấu đến", "arrival stamp"),
    "arrival_number": ("Số đến", "Arrival number"),
    "receiver": ("Nơi nhận đến", "Receiver"),
    "deadlines": ("Thời hạn", "Deadlines"),
    "due": ("Hạn", "Due"),
    "what": ("Nội dung", "What"),
    "signers": ("Người ký", "Signers"),
    "recipients": ("Kính gửi", "To (Kính gửi)"),
    "distribution": ("Nơi nhận", "Copies (Nơi nhận)"),
    "in_archive": ("trong kho", "in the archive"),
    "not_in_archive": ("không có trong kho", "not in the archive"),
    "corrected": ("đã sửa", "corrected"),
    "pending": ("đã sửa, áp dụng ở lần chạy sau", "corrected, applied by the next run"),
    "inferred": ("suy ra", "inferred"),
    "correct": ("Sửa", "Correct"),
    "save": ("Lưu", "Save"),
    "note": ("Ghi chú", "Note"),
    "threshold": ("Ngưỡng độ tin cậy", "Confidence threshold"),
    "review_intro": (
        "Các trường máy chưa chắc chắn, kém nhất trước. Bản sửa được ghi vào tệp sửa của kho"
        " và được áp dụng ở mọi lần chạy sau.",
        "Fields the extractor is unsure of, worst first. A correction is written to the"
        " archive's corrections file and wins in every later run.",
    ),
    "review_readonly": (
        "Bàn văn thư đang ở chế độ chỉ đọc: khởi động với --allow-corrections để sửa.",
        "The desk is read-only: start it with --allow-corrections to correct.",
    ),
    "nothing_to_review": ("Không có trường nào dưới ngưỡng.", "Nothing below the threshold."),
    "saved": ("Đã ghi bản sửa", "Correction recorded"),
    "segmentation": ("Tách / gộp văn bản", "Split / merge documents"),
    "split_before": ("Tách thành văn bản mới từ dòng", "Split: a new document starts at line"),
    "merge_prev": (
        "Gộp văn bản này vào văn bản trước",
        "Merge this document into the previous one",
    ),
    "segment_note": (
        "Có hiệu lực ở lần chạy sau.",
        "Takes effect on the next run.",
    ),
    "corrections_file": ("Tệp sửa", "Corrections file"),
    "configured": ("Phong trào đã khai báo", "Configured campaigns"),
    "revealed": ("Phong trào đồ thị phát hiện", "Campaigns the graph reveals"),
    "revealed_intro": (
        "Văn bản chỉ đạo được nhiều văn bản của nhiều cơ quan trả lời.",
        "Directing documents answered by several documents of several issuers.",
    ),
    "answers": ("Văn bản trả lời", "Answers"),
    "answer_issuers": ("Cơ quan trả lời", "Answering issuers"),
    "directing": ("Văn bản chỉ đạo", "Directing document"),
    "addressee": ("Nơi được gửi", "Addressee"),
    "role": ("Vai trò", "Role"),
    "answer": ("Văn bản trả lời", "Answer"),
    "answered_on": ("Ngày trả lời", "Answered on"),
    "status": ("Tình trạng", "Status"),
    "on time": ("đúng hạn", "on time"),
    "late": ("trễ hạn", "late"),
    "no answer": ("chưa trả lời", "no answer"),
    "answered": ("đã trả lời (không có hạn)", "answered (no deadline)"),
    "not addressed": ("trả lời dù không được gửi", "answered, not addressed"),
    "for information": ("để biết", "for information"),
    "days_late": ("ngày trễ", "days late"),
    "timeline": ("Dòng thời gian trả lời so với hạn", "Answers against deadlines"),
    "coverage": ("Phạm vi theo tỉnh", "Coverage by province"),
    "no_dated_answers": ("Chưa có văn bản trả lời nào có ngày.", "No dated answer yet."),
    "shown": ("hiển thị", "shown"),
    "unknown_province": ("(không rõ tỉnh)", "(province unknown)"),
    "no_number": ("(không số)", "(no number)"),
    "more_offices": ("nơi trả lời khác không vẽ", "more answering offices not drawn"),
    "campaign_documents": ("Văn bản của phong trào", "Campaign documents"),
    "hops": ("Bậc", "Hops"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "anchors": ("Văn bản gốc", "Anchors"),
    "export_intro": (
        "Các bảng dưới dạng Parquet (pandas, Spark) hoặc CSV; đồ thị trích dẫn dạng GraphML"
        " (Gephi, Cytoscape). Dòng lệnh: vanthu export --format parquet|csv|graphml THƯ_MỤC",
        "The tables as Parquet (pandas, Spark) or CSV; the citation graph as GraphML (Gephi,"
        " Cytoscape). Command line: vanthu export --format parquet|csv|graphml DIR",
    ),
    "table": ("Bảng", "Table"),
    "rows": ("Số dòng", "Rows"),
    "graph_intro": (
        "Nhập số ký hiệu (07/CT-BCA-V28), mã văn bản hoặc khóa nút.",
        "Type a reference (07/CT-BCA-V28), a doc_id or a node key.",
    ),
    "show": ("Xem", "Show"),
    "depth": ("Độ sâu", "Depth"),
    "choose_node": ("Có nhiều nút khớp, chọn một:", "Several nodes match, pick one:"),
    "sql_intro": (
        "Chỉ đọc: câu lệnh ghi, đọc tệp hay mạng đều bị chặn.",
        "Read-only: statements that write, read files or the network are refused.",
    ),
    "run_query": ("Chạy", "Run"),
    "error": ("Lỗi", "Error"),
    "not_found": ("Không tìm thấy", "Not found"),
    "busy": (
        "Không mở được kho lưu trữ lúc này",
        "The archive cannot be opened right now",
    ),
    "forbidden": ("Không được phép", "Forbidden"),
    "bad_request": ("Yêu cầu không hợp lệ", "Bad request"),
    "last_run": ("Lần chạy gần nhất", "Last run"),
    "unsure_fields": ("Trường chưa chắc chắn", "Unsure fields"),
    "pages_done": ("trang đã đọc", "pages done"),
    "open": ("Mở", "Open"),
    "sort": ("Sắp xếp", "Sort"),
    "more_rows": ("dòng nữa (tải CSV để xem hết)", "more rows (download the CSV for all)"),
    "legend": ("Chú giải", "Legend"),
    "export_first": ("tệp xuất gồm", "the export holds the first"),
}


# Names of the extracted fields as an archivist calls them (English: the column name).
FIELD_LABELS: dict[str, str] = {
    "doc_type": "Loại văn bản",
    "number": "Số",
    "symbol": "Ký hiệu",
    "ref": "Số, ký hiệu",
    "issued_date": "Ngày ban hành",
    "issued_year": "Năm ban hành",
    "issued_month": "Tháng ban hành",
    "place": "Địa danh",
    "issuer": "Cơ quan ban hành",
    "issuer_parent": "Cơ quan chủ quản",
    "subject": "Trích yếu",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "secrecy": "Độ mật",
    "urgency": "Độ khẩn",
    "period": "Kỳ báo cáo",
    "province": "Tỉnh",
}


# Relations of a citation (pipeline.graph.keys.RELATIONS), as the desk names them.
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "answers": ("trả lời", "answers"),
    "based_on": ("căn cứ", "based on"),
    "attached_to": ("kèm theo", "attached to"),
    "repeals": ("bãi bỏ", "repeals"),
    "amends": ("sửa đổi", "amends"),
    "cites": ("trích dẫn", "cites"),
}


def relation_label(name: str | None, lang: str) -> str:
    pair = RELATION_LABELS.get(name or "")
    if pair is None:
        return name or ""
    return pair[0] if lang == "vi" else pair[1]


def field_label(name: str, lang: str) -> str:
    return FIELD_LABELS.get(name, name) if lang == "vi" else name


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]


def fmt_date(value: object, lang: str = "vi", long: bool = False) -> str:
    """A date as a Vietnamese office writes it (``05/12/2026``; ``long``: ``ngày 05 tháng 12
    năm 2026``), or ISO in English. Accepts a date, a datetime or an ISO string."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        time = value.strftime("%H:%M")
        day = fmt_date(value.date(), lang, long)
        return f"{time} {day}" if lang == "vi" else f"{day} {time}"
    if not isinstance(value, dt.date):
        return str(value)
    if lang != "vi":
        return value.isoformat()
    if long:
        return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def fmt_partial(year: int | None, month: int | None, lang: str = "vi") -> str:
    """A date of which only the month or the year is known."""
    if not year:
        return ""
    if not month:
        return str(year) if lang != "vi" else f"năm {year}"
    return f"{year}-{month:02d}" if lang != "vi" else f"{month:02d}/{year}"


def fmt_seconds(s: float | None, lang: str = "vi") -> str:
    if s is None:
        return ""
    if s < 60:
        return f"{s:.1f} {label('seconds', lang)}"
    m, sec = divmod(int(round(s)), 60)
    if m < 60:
        return f"{m} phút {sec:02d} giây" if lang == "vi" else f"{m} min {sec:02d} s"
    h, m = divmod(m, 60)
    return f"{h} giờ {m:02d} phút" if lang == "vi" else f"{h} h {m:02d} min"
