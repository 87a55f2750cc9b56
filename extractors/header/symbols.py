"""Symbols whose hyphens the text layer lost.

A PDF's text layer (document-sharing sites, some gazettes) often drops every hyphen of a
symbol: ``Số: 1961/QĐUBND``, ``Nghị định số 61/2018/NĐCP``, ``01/2018/TTVPCP``. The
symbol's last part is then a type code glued to an issuer code. It is split back where the
whole part reads as exactly one known type code (extractors/data/doc_types.yaml) followed
by one known issuer code (extractors/data/issuers.yaml); anything else is left as printed.
"""

from __future__ import annotations

from functools import cache

from ..reference import doc_types, issuers


@cache
def _codes() -> tuple[tuple[str, ...], frozenset[str]]:
    types = {t.code for t in doc_types() if t.code} | {
        c for t in doc_types() for c in t.other_codes if c
    }
    return tuple(sorted(types, key=len, reverse=True)), frozenset(i.code for i in issuers())


def restore_hyphen(symbol: str) -> str | None:
    """``QĐUBND`` -> ``QĐ-UBND``, ``2018/NĐCP`` -> ``2018/NĐ-CP``; None when the symbol
    has a hyphen already or its last part is not a type code glued to an issuer code."""
    if not symbol or "-" in symbol:
        return None
    head, _, last = symbol.rpartition("/")
    types, issuer_codes = _codes()
    found = [
        f"{last[: len(t)]}-{last[len(t) :]}"
        for t in types
        if last.startswith(t) and last[len(t) :] in issuer_codes
    ]
    if len(found) != 1:  # no split, or two readings: keep what is printed
        return None
    return f"{head}/{found[0]}" if head else found[0]
