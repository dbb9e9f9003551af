"""Domain rules: plain functions. They flush, never commit; the caller owns the transaction."""


class DomainError(Exception):
    """A refusal with a message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """Bad input for one field; the view shows the message next to that field."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


class NotAllowed(DomainError):
    """The actor may not do this (views answer 403)."""


class InvalidTransition(DomainError):
    """The record's state does not allow this step."""
