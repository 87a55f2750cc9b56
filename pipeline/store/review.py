"""What an archivist should look at again: one definition for `vanthu review` and the desk.

A value is listed when its review confidence is below the threshold asked for. The review
confidence is the extracted confidence, except that a document date after today is listed
as if it had ``FUTURE_DATE_CONFIDENCE``: no document is dated in the future, so such a
date is a misread digit (OCR read a printed 2023 as 2028), however sure the reading was.
Corrected values and the segmenter's helper spans (not values anyone reads) are never
listed.
"""

from __future__ import annotations

# The segmenter's helper spans: where a part of the document starts, not a value.
HELPER_FIELDS = (
    "body_start",
    "distribution_block",
    "signature_block",
    "own_number_line",
    "recipients_block",
    "site_preamble",
)
# Fields holding the document's own date (ISO text in ``fields.value``).
DATE_FIELDS = ("issued_date",)
FUTURE_DATE_CONFIDENCE = 0.3
FUTURE_DATE_RULE = "+date_after_today"


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _in_future(alias: str) -> str:
    return (
        f"({alias}.name IN ({_quoted(DATE_FIELDS)})"
        f" AND coalesce(TRY_CAST({alias}.value AS DATE) > current_date, false))"
    )


def confidence_sql(alias: str = "f") -> str:
    """SQL: the review confidence of a ``fields`` row."""
    return (
        f"CASE WHEN {_in_future(alias)} THEN least({alias}.confidence, {FUTURE_DATE_CONFIDENCE})"
        f" ELSE {alias}.confidence END"
    )


def rule_sql(alias: str = "f") -> str:
    """SQL: the row's rule, marked when the value is a date after today."""
    return (
        f"CASE WHEN {_in_future(alias)} THEN {alias}.rule || '{FUTURE_DATE_RULE}'"
        f" ELSE {alias}.rule END"
    )


def where_sql(alias: str = "f") -> str:
    """SQL: the rows to list, with one parameter: the confidence threshold."""
    return (
        f"{confidence_sql(alias)} < ? AND NOT coalesce({alias}.corrected, false)"
        f" AND {alias}.name NOT IN ({_quoted(HELPER_FIELDS)})"
    )
