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


class StaleVersion(DomainError):
    """The record changed since the user opened the form (optimistic locking).

    ``current`` is the record as it is now; the view shows it beside the user's input, keeps
    what the user typed, and lets them save again on top of the new version.
    """

    def __init__(self, current, message: str = ""):
        super().__init__(message or "stale")
        self.current = current


def expect_version(obj, submitted: int | str | None) -> None:
    """Refuse to save over a version the user has not seen."""
    try:
        submitted_int = int(submitted) if submitted not in (None, "") else None
    except (TypeError, ValueError):
        submitted_int = None
    if submitted_int is None or submitted_int != obj.version:
        raise StaleVersion(obj)
