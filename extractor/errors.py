"""Errors raised by the extraction library.

    ExtractionError
      + UnsupportedFileType      # the bytes are no format we read (or one we cannot read here)
      + ParseError               # the file is unreadable, empty, corrupt, encrypted or too large
      + MissingDependency        # an optional backend (LibreOffice) is not installed
      + ResourceError            # a packaged data file is malformed (raised at load, with file:line)

The library never knows about HTTP: the service maps these to 4xx answers.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Base of every error the library raises on purpose."""


class UnsupportedFileType(ExtractionError):
    """The bytes are of a type the product does not read."""

    def __init__(self, message: str, *, path: str | None = None, kind: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind


class ParseError(ExtractionError):
    """The file is unreadable: empty, corrupt, encrypted, undecodable or over a limit."""

    def __init__(self, message: str, *, path: str | None = None, page: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.page = page


class MissingDependency(ExtractionError):
    """An optional backend is missing; the message says what to install."""


class ResourceError(ExtractionError):
    """A packaged data file is malformed."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(f"{path}:{line}: {message}" if path else message)
        self.path = path
        self.line = line
