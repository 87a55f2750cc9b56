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
    other_error = 1


class VanthuError(Exception):
    """Base class; carries the exit code the CLI returns."""

    exit_code = ExitCode.other_error


class UnreadableFile(VanthuError):
    """A file that cannot be read. ``reason`` is plain language for an archivist."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
