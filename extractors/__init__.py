"""Extractors: one file's text in, its documents with every header field and citation out.

Public API::

    extract_documents(file_text, source_name="") -> list[DocumentRecord]
    clean_text(text, steps=DEFAULT_STEPS) -> str
    segment(text) -> list[Segment]
    extract_header(text, page_of=..., conf_of=..., context=...) -> HeaderResult
"""

from __future__ import annotations

import bisect
import logging

from schemas.records import Citation, DocumentRecord, FileText

from .clean import DEFAULT_STEPS, clean_text
from .header import Context, HeaderResult, extract_header
from .segment import Segment, segment

_segment = segment  # the keyword argument `segment` shadows the stage inside extract_documents

__all__ = [
    "extract_documents",
    "clean_text",
    "segment",
    "extract_header",
    "DEFAULT_STEPS",
    "HeaderResult",
    "Segment",
]

log = logging.getLogger(__name__)


WordSpans = list[tuple[int, int, float]]


# Below this text quality (pipeline.read.quality: valid Vietnamese syllables, diacritics) a
# page reads poorly whatever its source, and every value read from it is less sure.
POOR_QUALITY = 0.7


def _page_trust(page) -> float | None:  # noqa: ANN001 - schemas.records.PageText
    """How far the values read from a page can be trusted, 0..1; None: fully.

    An OCR'd page gives its word confidence; a page whose text reads poorly as Vietnamese
    (quality below POOR_QUALITY, e.g. a scanner's English layer kept because OCR read no
    better) gives its quality, so ``vanthu review`` lists its fields first.
    """
    conf = page.confidence if page.source == "ocr" else None
    quality = getattr(page, "quality", None)
    if quality is not None and quality < POOR_QUALITY:
        conf = quality if conf is None else min(conf, quality)
    return conf


def _clean_pages(
    file_text: FileText, words: WordSpans | None = None
) -> tuple[str, list[int], list[float | None]]:
    """The cleaned text of the file, the offset where each page starts, each page's OCR
    confidence. Pages are cleaned one by one so a step can never join two pages.

    ``words``, when given, receives every OCR'd word as (start, end, confidence) in the
    cleaned file text (the clean-up moves characters; words it rewrote are left out).
    """
    from schemas.records import PAGE_BREAK

    parts, starts, confs = [], [], []
    pos = 0
    for i, page in enumerate(file_text.pages):
        if i:
            parts.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        cleaned = clean_text(page.text)
        starts.append(pos)
        confs.append(_page_trust(page))
        if words is not None and page.words:
            words.extend(_word_spans(page.text, cleaned, page.words, pos))
        parts.append(cleaned)
        pos += len(cleaned)
    if not file_text.pages:
        return "", [0], [None]
    return "".join(parts), starts, confs


def _word_spans(raw: str, cleaned: str, words, base: int) -> WordSpans:
    """OCR words' spans in the raw page text -> spans in the cleaned text (+ base)."""
    if raw == cleaned:
        return [(base + w.start, base + w.end, w.confidence) for w in words if w.start >= 0]
    import difflib

    # raw offset -> cleaned offset, over the stretches the clean-up left equal
    blocks = difflib.SequenceMatcher(None, raw, cleaned, autojunk=False).get_matching_blocks()
    out: WordSpans = []
    k = 0
    for w in sorted((w for w in words if w.start >= 0), key=lambda w: w.start):
        while k < len(blocks) and blocks[k].a + blocks[k].size <= w.start:
            k += 1
        if k < len(blocks) and blocks[k].a <= w.start and w.end <= blocks[k].a + blocks[k].size:
            shift = blocks[k].b - blocks[k].a
            out.append((base + w.start + shift, base + w.end + shift, w.confidence))
    return out


def extract_documents(
    file_text: FileText, source_name: str = "", *, segment: bool = True
) -> list[DocumentRecord]:
    """All documents in one file, in order, with header fields, citations and deadlines.

    Args:
        file_text: output of the text stage.
        source_name: the file's name, for log lines only.
        segment: False to take the whole text as one document (an archivist's correction
            already split or merged the file).

    Returns:
        One DocumentRecord per logical document; an attachment's ``parent_ordinal`` points
        at the document it is attached to.
    """
    word_spans: WordSpans = []
    text, page_starts, page_confs = _clean_pages(file_text, word_spans)
    word_starts = [w[0] for w in word_spans]
    if not text.strip():
        log.info("%s: no text, no documents", source_name or "file")
        return []
    segs = _segment(text) if segment else [Segment(0, len(text), None, "whole_text")]
    docs: list[DocumentRecord] = []
    ctx = Context()
    for k, sg in enumerate(segs):
        doc_text = text[sg.start : sg.end]

        def page_of(off: int, _base: int = sg.start) -> int:
            return bisect.bisect_right(page_starts, _base + off)

        def conf_of(off: int, _base: int = sg.start) -> float | None:
            return page_confs[bisect.bisect_right(page_starts, _base + off) - 1]

        def word_conf_of(a: int, b: int, _base: int = sg.start) -> float | None:
            """The lowest OCR word confidence over [a, b); None where nothing was OCR'd."""
            lo = bisect.bisect_left(word_starts, _base + a) - 1
            confs = [
                c
                for s_, e_, c in word_spans[max(0, lo) : bisect.bisect_left(word_starts, _base + b)]
                if e_ > _base + a and s_ < _base + b
            ]
            return min(confs) if confs else None

        hdr = extract_header(
            doc_text, page_of=page_of, conf_of=conf_of, word_conf_of=word_conf_of, context=ctx
        )
        last = sg.end - 1
        while last > sg.start and text[last].isspace():
            last -= 1
        doc = DocumentRecord(
            ordinal=k + 1,
            page_start=page_of(0) if sg.start < len(text) else len(page_starts),
            page_end=bisect.bisect_right(page_starts, last),
            text=doc_text,
            fields=hdr.fields,
            signers=hdr.signers,
            recipients=hdr.recipients,
            distribution=hdr.distribution,
            arrival=hdr.arrival,
            parent_ordinal=(sg.parent_index + 1) if sg.parent_index is not None else None,
        )
        docs.append(doc)
        ctx = Context(
            issuer=hdr.fields.get("issuer"),
            issuer_parent=hdr.fields.get("issuer_parent"),
            province=doc.value("province"),
            place=doc.value("place"),
        )
    _add_citations(docs, source_name)
    return docs


def _add_citations(docs: list[DocumentRecord], source_name: str) -> None:
    try:
        from .citations import extract_citations
    except ImportError:  # the citation extractor is not installed yet
        log.warning("extractors.citations is missing: documents get no citations")
        extract_citations = None
    try:
        from .deadlines import extract_deadlines
    except ImportError:
        log.warning("extractors.deadlines is missing: documents get no deadlines")
        extract_deadlines = None
    for doc in docs:
        if extract_citations is not None:
            try:
                doc.citations = list(extract_citations(doc))
            except Exception as exc:  # one bad document must not stop the file
                log.error(
                    "%s: citations of document %d failed: %s",
                    source_name or "file",
                    doc.ordinal,
                    exc,
                )
                log.debug("traceback", exc_info=True)
        if extract_deadlines is not None:
            try:
                doc.deadlines = list(extract_deadlines(doc))
            except Exception as exc:
                log.error(
                    "%s: deadlines of document %d failed: %s",
                    source_name or "file",
                    doc.ordinal,
                    exc,
                )
                log.debug("traceback", exc_info=True)
        if doc.parent_ordinal is not None and not any(
            c.relation == "attached_to" for c in doc.citations
        ):
            parent = docs[doc.parent_ordinal - 1]
            doc.citations.append(_attached_to(doc, parent))


def _attached_to(doc: DocumentRecord, parent: DocumentRecord) -> Citation:
    """The attachment's link to its parent, built from the parent's header."""
    from .patterns import RE_ATTACHED_LINE

    mention, start, end = None, 0, 0
    pos = 0
    for line in doc.text.split("\n"):
        if RE_ATTACHED_LINE.match(line.strip(" \t|")):
            mention, start, end = line.strip(), pos + line.find(line.strip()), pos + len(line)
            break
        pos += len(line) + 1
    if mention is None:
        first = next((ln for ln in doc.text.split("\n") if ln.strip()), "")
        mention = first.strip()
        start = doc.text.find(mention)
        end = start + len(mention)
    date = parent.value("issued_date")
    year = parent.value("issued_year")
    month = parent.value("issued_month")
    return Citation(
        mention=mention,
        char_start=start,
        char_end=end,
        doc_type=parent.value("doc_type"),
        number=parent.value("number"),
        symbol=parent.value("symbol"),
        cited_date=date,
        cited_year=year if isinstance(year, int) else None,
        cited_month=month if isinstance(month, int) else None,
        cited_issuer=parent.value("issuer"),
        relation="attached_to",
        rule="attachment_parent",
    )
