"""Errors the extractors raise. Extractors import nothing from ``pipeline``; the pipeline maps
these to its own exit codes (``pipeline.errors``)."""

from __future__ import annotations


class ReferenceDataError(RuntimeError):
    """A reference table under ``extractors/data/`` is missing or malformed: a broken
    installation, not a bad input file."""
