"""Records and limits shared by the parts of the header reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.records import Arrival, Field, Signer

from .. import patterns as P

_HEADER_LINES = 60  # the header never runs longer than this many lines
_SUBJECT_MAX_LINES = 8
_SUBJECT_MAX_CHARS = 900

# Organisation-name heads, child units that take their parent's locality, and central
# bodies come from issuers.yaml (reference.org_grammar()).
_PERIODIC_TYPES = {"Báo cáo", "Thông báo"}
_UNREADABLE_DATE_RULES = {
    "place_date_unreadable_day",
    "place_date_year_only",
    "place_date_invalid_day",
    "place_date_unreadable",
}


@dataclass(slots=True)
class Piece:
    """A run of text left in a header cell once motto, number and place-date are cut out."""

    start: int
    end: int
    text: str
    line: int


@dataclass(slots=True)
class HeaderResult:
    fields: dict[str, Field] = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    arrival: Arrival | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a document may inherit from the one before it in the same file."""

    issuer: Field | None = None
    issuer_parent: Field | None = None
    province: str | None = None
    place: str | None = None


def _ocr_factor(conf: float | None) -> float:
    return 1.0 if conf is None else 0.6 + 0.4 * max(0.0, min(1.0, conf))


def _is_mark(text: str) -> bool:
    t = text.strip(" .")
    return bool(
        P.RE_SECRECY.fullmatch(t) or P.RE_URGENCY.fullmatch(t) or t in ("ĐỘ MẬT", "ĐỘ KHẨN")
    )
