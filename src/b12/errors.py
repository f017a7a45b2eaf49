"""User-facing errors.

Every error a person can cause with bad input is a ``B12Error``: the CLI prints its message
on one line and exits non-zero, the web API turns it into a 4xx. Each message names what was
wrong and what is allowed, so nobody needs a traceback to fix their input.
"""

from __future__ import annotations


class B12Error(Exception):
    """Bad input or a missing prerequisite that the user can fix."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        if self.field:
            return f"{self.field}: {self.message}"
        return self.message


class InputError(B12Error):
    """A value, unit, code or file the user gave is not acceptable."""


class NotFoundError(B12Error):
    """Something the user asked for (a food, a record) does not exist."""


class StoreBusyError(B12Error):
    """The diary database stayed locked by other writers for longer than b12 waits: nothing
    was written, and trying again shortly will work (the API answers 503 with Retry-After)."""

    retry_after_seconds = 1


class DataMissingError(B12Error):
    """A data set the command needs (e.g. the food index) has not been imported yet."""
