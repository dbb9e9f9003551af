"""Optimistic-locking support for views: compare the saved record with the user's input."""

from __future__ import annotations


def conflict_rows(form, current, fields: list[str]) -> list[tuple[str, object, object]]:
    """(label, saved value, submitted value) for each field name; used with conflict_notice."""
    rows = []
    for name in fields:
        field = getattr(form, name)
        theirs = getattr(current, name, None)
        if hasattr(theirs, "value"):
            theirs = theirs.value
        yours = field.data
        rows.append((field.label.text, "" if theirs is None else theirs,
                     "" if yours is None else yours))
    return rows


def refresh_version(form, current) -> None:
    """After showing a conflict, the next save is made on top of the saved version."""
    form.version.data = current.version
    form.version.raw_data = [str(current.version)]
