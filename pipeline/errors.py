"""Typed errors and the exit codes that scripts can trust."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    # The run finished, but this run quarantined at least one new file (see `files.error`).
    quarantined = 3
    bad_args = 2
    # Tesseract or its Vietnamese data is missing, or another part of the machine is broken.
    missing_dependency = 4
    # The database could not be opened or written.
    database_error = 5
    # Evaluation scored below the threshold asked for with --min-score.
    below_threshold = 6
    # Another `vanthu ingest` holds the archive's lock (use --wait to wait for it).
    archive_busy = 7
    # `vanthu verify` found inbox files changed, missing or never ingested.
    verify_differences = 8
    other_error = 1


class VanthuError(Exception):
    """Base class; carries the exit code the CLI returns."""

    exit_code = ExitCode.other_error


class UnreadableFile(VanthuError):
    """A file that cannot be read. ``reason`` is plain language for an archivist,
    ``code`` its stable code in :mod:`pipeline.reasons` (English and Vietnamese)."""

    def __init__(self, reason: str, code: str = "internal_error"):
        super().__init__(reason)
        self.reason = reason
        self.code = code

    @classmethod
    def of(cls, code: str, detail: str | None = None) -> UnreadableFile:
        """The error for a reason of the table, with this case's detail."""
        from pipeline.reasons import message

        return cls(message(code, detail), code)


class MissingDependency(VanthuError):
    exit_code = ExitCode.missing_dependency


def exit_code_of(exc: BaseException) -> ExitCode:
    """The exit code for an error raised anywhere below the command line."""
    from extractors.errors import ReferenceDataError

    if isinstance(exc, VanthuError):
        return exc.exit_code
    if isinstance(exc, ReferenceDataError):
        return ExitCode.missing_dependency
    return ExitCode.other_error


class DatabaseError(VanthuError):
    exit_code = ExitCode.database_error


class ArchiveBusy(VanthuError):
    """Another ingest holds the archive's lock file."""

    exit_code = ExitCode.archive_busy
