"""A page cache for what is read most: GET pages kept for a minute in each worker process.

Residents read the same council pages, calendars and minutes over and over; building them
again for every reader costs a dozen queries and a template. Here a page is built once and then
served from memory, keyed by

- the data's revision: one number (`site_revision`) that every committed write moves on, so a
  write anywhere — any worker, the shell, a migration script going through the ORM — makes every
  cached page stale at once, on every worker;
- the full URL and the language, and for a logged-in user their id and session (their pages
  carry their own CSRF token and menu), so nobody is ever served someone else's page;
- at most PAGE_CACHE_SECONDS of age, for what depends on the clock ("upcoming", "overdue").

Only complete 200 responses that set no cookie and leave the session alone are kept; a visit
with a pending flash message, a request with `Cache-Control: no-cache` or a non-GET request
never touches the cache. Reading the revision costs one primary-key query per cacheable request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .extensions import db
from .i18n import current_locale
from .models import SiteRevision

WROTE = "padome_wrote"
# Writes that change no page: login throttling, and the revision itself.
QUIET_TABLES = ("login_failures", "site_revision")
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


# --- the revision -------------------------------------------------------------------------------

def _note_writes(conn, cursor, statement, parameters, context, executemany) -> None:
    head = statement.lstrip()[:120].upper()
    if head.startswith(WRITE_VERBS) and not any(t.upper() in head for t in QUIET_TABLES):
        conn.info[WROTE] = True


def _forget_writes(conn) -> None:
    conn.info.pop(WROTE, None)


def _bump_on_commit(session: Session) -> None:
    if session.get_transaction() is None:
        return
    session.flush()  # what commit would flush next; its writes count too
    conn = session.connection()
    if conn.info.pop(WROTE, False):
        bump(conn)


def bump(conn) -> None:
    """Move the revision on, in the caller's transaction."""
    table = SiteRevision.__table__
    moved = conn.execute(table.update().where(table.c.id == 1)
                         .values(value=table.c.value + 1)).rowcount
    if not moved:  # a database emptied by hand (the tests' truncation)
        conn.execute(table.insert().values(id=1, value=1))


def revision() -> int:
    return db.session.scalar(sa.select(SiteRevision.value).where(SiteRevision.id == 1)) or 0


def install_listeners() -> None:
    """Once per process: note writes on every connection, bump the revision on commit."""
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)
        event.listen(Engine, "rollback", _forget_writes)
        event.listen(Engine, "commit", _forget_writes)
        event.listen(Session, "before_commit", _bump_on_commit)


# --- the store ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    stored_at: float


class PageStore:
    """Least recently used pages, bounded by count and by bytes; safe across threads."""

    def __init__(self, max_pages: int, max_bytes: int, seconds: float):
        self.max_pages, self.max_bytes, self.seconds = max_pages, max_bytes, seconds
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.stored_at > self.seconds:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> None:
        if len(page.body) > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._pages and (len(self._pages) > self.max_pages
                                   or self._bytes > self.max_bytes):
                self._drop(next(iter(self._pages)))

    def _drop(self, key: tuple) -> None:
        self._bytes -= len(self._pages.pop(key).body)

    def __len__(self) -> int:
        return len(self._pages)


# --- the request hooks --------------------------------------------------------------------------

def _cacheable_request() -> bool:
    if not current_app.config.get("PAGE_CACHE"):
        return False
    if request.method != "GET" or request.endpoint in (None, "static", "public.healthz"):
        return False
    if "_flashes" in session:
        return False
    asked = f"{request.headers.get('Cache-Control', '')} {request.headers.get('Pragma', '')}"
    return "no-cache" not in asked.lower()


def _key() -> tuple:
    # The session's CSRF secret keeps a page that carries a form token to that session alone.
    who = current_user.get_id() if current_user.is_authenticated else None
    return (revision(), request.url, current_locale(), who, session.get("csrf_token"))


def _serve_cached():
    if not _cacheable_request():
        return None
    key = _key()
    store: PageStore = current_app.extensions["page_cache"]
    page = store.get(key)
    if page is None:
        g.page_cache_key = key
        return None
    response = Response(page.body, status=page.status, headers=page.headers)
    return response.make_conditional(request) if "ETag" in response.headers else response


def _in_memory(response: Response, limit: int) -> bool:
    """Whether the body is bytes we can keep; a small send_file() of bytes is read into memory."""
    if response.direct_passthrough:
        if response.content_length is None or response.content_length > limit:
            return False
        body = b"".join(response.response)
        if hasattr(response.response, "close"):
            response.response.close()
        response.direct_passthrough = False
        response.set_data(body)
    return not response.is_streamed


def _store(response: Response) -> Response:
    key = g.pop("page_cache_key", None)
    store: PageStore = current_app.extensions["page_cache"]
    if (key is None or response.status_code != 200 or "Set-Cookie" in response.headers
            or session.modified or "_flashes" in session
            or not _in_memory(response, store.max_bytes // 8)):
        return response
    headers = [(k, v) for k, v in response.headers.items() if k != "Content-Length"]
    store.put(
        key, Page(response.status_code, headers, response.get_data(), time.monotonic()))
    return response


def init_app(app: Flask) -> None:
    """Register after the other request hooks: stores the view's own response (security headers
    and cookies are added afresh to every response, cached or not)."""
    install_listeners()
    app.extensions["page_cache"] = PageStore(
        app.config["PAGE_CACHE_MAX_PAGES"], app.config["PAGE_CACHE_MAX_BYTES"],
        app.config["PAGE_CACHE_SECONDS"])
    app.before_request(_serve_cached)
    app.after_request(_store)
