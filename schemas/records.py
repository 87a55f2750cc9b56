"""Typed records passed between the pipeline's stages.

Every stage is a plain function from these records to these records:

    SourceFile --(pipeline.read.text.read_file)--> FileText
    FileText   --(extractors.extract_documents)--> list[DocumentRecord]
    DocumentRecord --(pipeline.store.load)--> DuckDB rows

Every extracted value keeps its evidence: the page it was read on, the character
offsets into the document's text (``DocumentRecord.text``) and the rule that found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TextSource = Literal["text-layer", "ocr", "plain", "markup"]
FileTextSource = Literal["text-layer", "ocr", "mixed", "plain", "markup"]

# Between pages in a file's text. Form feed keeps page offsets recoverable.
PAGE_BREAK = "\n\f\n"

RELATIONS = ("answers", "based_on", "attached_to", "repeals", "amends", "cites")
# Strongest first: a cited document's relation is the strongest among its mentions.
RELATION_STRENGTH = {name: len(RELATIONS) - i for i, name in enumerate(RELATIONS)}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file as found in the inbox."""

    path: str
    file_id: str  # SHA-256 of the content
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as OCR read it: its box as fractions (0..1) of the page's width and
    height, and Tesseract's confidence (0..1). ``start``/``end``: its characters in the
    page's OCR text (-1 when not known)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page and how it was obtained."""

    page: int  # 1-based
    text: str  # NFC
    source: TextSource
    confidence: float | None = None  # mean OCR word confidence, 0..1; None if not OCR
    # How well the text reads as Vietnamese, 0..1 (pipeline.read.quality); None: too
    # few words to judge.
    quality: float | None = None
    # Why this text was taken: "text-layer" or "ocr" for a PDF page (the decision of
    # pipeline.read.text.is_born_digital_text) with its reason in words.
    decision: str | None = None
    decision_reason: str | None = None
    words: tuple[OcrWord, ...] = ()  # OCR'd pages: every word with its box


@dataclass(frozen=True, slots=True)
class FileText:
    """Output of the text stage for one file."""

    media_type: str
    pages: tuple[PageText, ...]
    text_source: FileTextSource

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(p.text for p in self.pages)


@dataclass(frozen=True, slots=True)
class Field:
    """One extracted value with its evidence."""

    name: str
    value: object
    start: int | None = None  # offsets into DocumentRecord.text
    end: int | None = None
    rule: str = ""
    confidence: float = 1.0
    page: int | None = None
    inferred: bool = False  # True when not printed but inferred (e.g. issuer from body)


@dataclass(frozen=True, slots=True)
class Signer:
    name: str | None
    title: str | None
    rank: str | None = None  # Đại tá, Thượng tá ...
    authority: str | None = None  # TM., KT., TL., TUQ., Q.
    start: int | None = None
    end: int | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Arrival:
    """The arrival stamp (ĐẾN Số … Ngày …): the receiving office's register."""

    receiver: str | None
    number: str | None
    date: str | None  # ISO, possibly partial
    start: int | None = None
    end: int | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of a numbered document inside a document's text."""

    mention: str
    char_start: int
    char_end: int
    doc_type: str | None
    number: str | None
    symbol: str | None
    cited_date: str | None = None  # ISO, possibly partial ("2024-03")
    cited_year: int | None = None
    cited_month: int | None = None
    cited_issuer: str | None = None
    relation: str = "cites"
    rule: str = ""
    # For a short form ("Chỉ thị số 07") resolved inside the document: the index
    # (in DocumentRecord.citations) of the full mention it abbreviates.
    antecedent: int | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    due_date: str | None  # ISO when complete
    due_year: int | None
    due_month: int | None
    what: str | None
    char_start: int
    char_end: int
    rule: str = ""


@dataclass(slots=True)
class DocumentRecord:
    """One logical document found in a file."""

    ordinal: int  # 1-based, in file order
    page_start: int
    page_end: int
    text: str
    fields: dict[str, Field] = field(default_factory=dict)
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    arrival: Arrival | None = None
    parent_ordinal: int | None = None  # an attachment points at its parent

    def value(self, name: str) -> object:
        f = self.fields.get(name)
        return None if f is None else f.value
