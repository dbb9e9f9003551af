"""One blueprint per feature. Views: load → authorize → validate → service → commit → redirect."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import request, url_for


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


_MARKER = 7_654_321_987


def url_maker(endpoint: str, arg: str, **values) -> Callable[[int], str]:
    """`url_for(endpoint, **{arg: n}, **values)` for the many rows of a list that differ only
    in one integer: built by url_for once, then put together per row. A list of 25 rows calls
    url_for 25 times at 3–9 µs each; this costs under half a microsecond a row."""
    head, found, tail = url_for(endpoint, **{arg: _MARKER}, **values).rpartition(str(_MARKER))
    if not found or f"{head}1{tail}" != url_for(endpoint, **{arg: 1}, **values):
        raise ValueError(f"{endpoint}: {arg} is not one integer in the URL")
    return lambda value: f"{head}{int(value)}{tail}"
