"""Why a path was not read, or a file not loaded: one table of stable codes.

Every quarantined file (``files.error_code``) and every skipped path
(``skipped_paths.code``) carries one of these codes, so any interface can show the
reason in its user's language. ``files.error`` / ``skipped_paths.reason`` keep the
English message (with the Vietnamese term where it helps) and, after a colon, the
detail of this case (the library's words, a size, a limit).

Codes are stable: never rename one; add a new one instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    en: str
    vi: str


_TABLE = (
    # ---- paths in the inbox that are not read (skipped_paths) ----------------------
    Reason(
        "hidden",
        "hidden file or folder (name starts with a dot), not read",
        "tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm), không đọc",
    ),
    Reason(
        "office_lock",
        "Office lock file (~$…) left by an open document, not a document",
        "tệp khóa của Office (~$…) do tài liệu đang mở để lại, không phải văn bản",
    ),
    Reason(
        "link_outside",
        "link that leads outside the inbox, not followed",
        "liên kết trỏ ra ngoài thư mục đầu vào, không theo",
    ),
    Reason(
        "link_broken",
        "link whose target does not exist",
        "liên kết trỏ tới tệp không tồn tại",
    ),
    Reason(
        "link_duplicate",
        "link to a file or folder of the inbox already read under another name",
        "liên kết tới tệp hoặc thư mục đã được đọc dưới tên khác",
    ),
    Reason(
        "folder_loop",
        "folder already walked (a link loop), not walked twice",
        "thư mục đã được duyệt (vòng lặp liên kết), không duyệt lại",
    ),
    Reason(
        "special_file",
        "named pipe, socket or device, not a file: never opened",
        "ống dẫn, socket hoặc thiết bị, không phải tệp: không mở",
    ),
    Reason(
        "unreadable_folder",
        "folder cannot be listed",
        "không liệt kê được thư mục",
    ),
    Reason(
        "vanished",
        "the file disappeared while the inbox was read; it will be read when it is back",
        "tệp biến mất trong khi đọc; sẽ được đọc khi có lại",
    ),
    Reason(
        "changing",
        "the file changed while it was read (still being copied?); it will be read next run",
        "tệp thay đổi trong khi đọc (đang được sao chép?); sẽ được đọc ở lần chạy sau",
    ),
    # ---- files that are quarantined (files.error_code) -----------------------------
    Reason("empty", "the file is empty (tệp rỗng: 0 bytes)", "tệp rỗng (0 byte)"),
    Reason(
        "cannot_open",
        "the file cannot be opened for reading",
        "không mở được tệp để đọc",
    ),
    Reason(
        "unsupported_type",
        "unsupported file type (định dạng không hỗ trợ): not a PDF, image, text, web page "
        "or Word (.docx) document",
        "định dạng không hỗ trợ: không phải PDF, ảnh, văn bản, trang web hay tệp Word (.docx)",
    ),
    Reason(
        "no_text",
        "no text could be read from the file (không đọc được nội dung): it is blank or "
        "contains no recognisable writing",
        "không đọc được nội dung: tệp trắng hoặc không có chữ nhận dạng được",
    ),
    Reason(
        "pdf_encrypted",
        "the PDF is password-protected (tệp PDF có mật khẩu): it cannot be read without "
        "the password",
        "tệp PDF có mật khẩu: không đọc được nếu không có mật khẩu",
    ),
    Reason(
        "pdf_damaged",
        "the PDF is damaged and cannot be read (tệp PDF bị hỏng)",
        "tệp PDF bị hỏng, không đọc được",
    ),
    Reason(
        "pdf_no_pages", "the PDF has no pages (tệp PDF không có trang nào)", "PDF không có trang"
    ),
    Reason(
        "image_damaged",
        "the image is damaged and cannot be opened (ảnh bị hỏng)",
        "ảnh bị hỏng, không mở được",
    ),
    Reason(
        "image_bomb",
        "the image is too large to be a page (ảnh quá lớn): its pixels would not fit in "
        "memory (a decompression bomb)",
        "ảnh quá lớn so với một trang văn bản: không đủ bộ nhớ để giải nén (bom giải nén)",
    ),
    Reason(
        "zip_bomb",
        "the Word document unpacks to far more than any document needs (tệp nén bất thường): "
        "a decompression bomb",
        "tệp Word giải nén ra dung lượng bất thường (bom giải nén)",
    ),
    Reason(
        "docx_damaged",
        "the Word document is damaged and cannot be opened (tệp Word bị hỏng)",
        "tệp Word bị hỏng, không mở được",
    ),
    Reason(
        "text_damaged",
        "the text is damaged and cannot be decoded (văn bản bị hỏng)",
        "văn bản bị hỏng, không giải mã được",
    ),
    Reason(
        "ocr_failed",
        "the scanned page could not be read by OCR (lỗi khi OCR)",
        "không nhận dạng được trang quét (lỗi OCR)",
    ),
    Reason(
        "ocr_timeout",
        "reading a scanned page took longer than its time budget (quá thời gian OCR)",
        "nhận dạng một trang quét vượt quá thời gian cho phép",
    ),
    Reason(
        "page_timeout",
        "reading one page took longer than its time budget (quá thời gian đọc trang)",
        "đọc một trang vượt quá thời gian cho phép",
    ),
    Reason(
        "file_timeout",
        "extracting the documents of this file took longer than its time budget "
        "(quá thời gian trích xuất)",
        "trích xuất văn bản của tệp vượt quá thời gian cho phép",
    ),
    Reason(
        "too_much_memory",
        "reading the file needed more memory than its limit (vượt giới hạn bộ nhớ)",
        "đọc tệp cần nhiều bộ nhớ hơn giới hạn cho phép",
    ),
    Reason(
        "reader_crashed",
        "the reader of this file stopped unexpectedly (lỗi khi đọc); it will be tried again "
        "with --retry-quarantined",
        "trình đọc tệp dừng bất thường; có thể thử lại với --retry-quarantined",
    ),
    Reason(
        "extract_failed",
        "the text was read but documents could not be extracted (lỗi trích xuất)",
        "đã đọc được chữ nhưng không trích xuất được văn bản",
    ),
    Reason(
        "internal_error",
        "the file could not be read because of an error in vanthu (lỗi chương trình)",
        "không đọc được tệp do lỗi của chương trình",
    ),
)

REASONS: dict[str, Reason] = {r.code: r for r in _TABLE}

# Paths skipped on purpose (the archivist needs to do nothing) versus paths that were
# not read for now and will be on a later run.
SKIP_CODES = frozenset(
    {
        "hidden",
        "office_lock",
        "link_outside",
        "link_broken",
        "link_duplicate",
        "folder_loop",
        "special_file",
        "unreadable_folder",
        "vanished",
        "changing",
    }
)


def message(code: str, detail: str | None = None, lang: str = "en") -> str:
    """The plain message of ``code`` in ``lang`` (``en`` or ``vi``), with its detail."""
    r = REASONS.get(code) or REASONS["internal_error"]
    text = r.vi if lang == "vi" else r.en
    return f"{text}: {detail}" if detail else text
