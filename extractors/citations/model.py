"""Mentions and the context of one document, shared by the parts of the citation extractor."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from extractors.dates import PartialDate

from . import patterns as P

log = logging.getLogger(__name__)


# How far back an attachment cue / alias cue may sit before the mention.
_CUE_WINDOW = 60
# A date must start this close after the reference ("…/UBND-NC, ngày 04/02/2021").
_DATE_WINDOW = 60
# Without header spans, the title area / opening is looked for in this many characters.
_TOP = 1500

# In a V/v subject, the words that make it an answer ("V/v tiếp tục triển khai thực hiện ...")
_VV_ANSWER_WORDS = ["thực hiện", "triển khai", "thi hành", "hưởng ứng", "phúc đáp", "trả lời"]
_ANSWER_WORDS = re.compile(rf"(?i)(?<!\w){P.fuzzy_alternation(_VV_ANSWER_WORDS)}(?!\w)")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    type_written: str | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    date: PartialDate | None
    issuer: str | None
    rule: str
    bare: bool = False  # "Quyết định 1395": no "số", no symbol
    alone_ok: bool = False  # a bare short form that stands without a full mention
    alone_issuer: str | None = None  # "Nghị định 06 của Chính phủ": used when it stands alone
    alias: bool = False  # "(sau đây gọi tắt là Chỉ thị số 07)"
    tail: int = 0  # end of the reference with its date and issuer (for list continuation)
    relation: str = "cites"
    antecedent: int | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    """Where things are in the citing document (header spans or our own detection)."""

    excluded: tuple[tuple[int, int], ...]
    own_ref: tuple[str | None, str | None] | None  # the document's own (number, symbol)
    body_start: int
    opening_end: int
    title_end: int
    subject: tuple[int, int] | None


def _excluded(ctx: _Context, start: int, end: int) -> bool:
    return any(s <= start < e or s < end <= e for s, e in ctx.excluded)
