"""One blueprint per feature. Views: load → authorize → validate → service → commit → redirect."""

from urllib.parse import urlsplit

from flask import request


def safe_next(target: str | None) -> str | None:
    """A local path to return to, or None: never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def page_arg() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1
