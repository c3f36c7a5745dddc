"""The one error type the core raises for an illegal command."""

from __future__ import annotations


class DomainError(Exception):
    """A command that the meeting's rules refuse.

    `code` is stable (tests and clients match on it); `message` is for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.message!r})"
