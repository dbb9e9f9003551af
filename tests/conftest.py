"""Test harness: an app per test with a clean database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), a client that lifts CSRF tokens like a browser, query counting, a
no-network guard, and a live server + system Chromium for browser tests."""

from __future__ import annotations

import contextvars
import os
import re
import shutil
import socket
import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from council import create_app
from council.extensions import db
from council.models.guards import insert_frozen_last

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
DEMO_PASSWORD = "padome-demo"
SYSTEM_CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "WTF_CSRF_ENABLED": True,
    # Real hashing, fewer rounds: the suite logs in hundreds of times.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    # Every request builds its page; tests/test_page_cache.py turns the cache on.
    "PAGE_CACHE": False,
}


# --- database per worker ------------------------------------------------------------------------

def _worker_database_url(worker_id: str) -> str:
    """One PostgreSQL database per xdist worker, created on first use."""
    url = sa.engine.make_url(TEST_DATABASE_URL)
    name = f"{url.database}_{worker_id}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(worker_id, tmp_path_factory):
    if TEST_DATABASE_URL:
        return _worker_database_url(worker_id)
    return None  # SQLite: a fresh file per test


@pytest.fixture(scope="session")
def _pg_schema(database_url):
    """On PostgreSQL the schema is created once per worker; tests empty the tables after."""
    if not database_url:
        yield
        return
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        db.create_all()
        db.engine.dispose()
    yield


def _drop_alembic_version():
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _empty_tables():
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def make_test_app(database_url, tmp_path, **overrides):
    uri = database_url or f"sqlite:///{tmp_path / 'test.sqlite'}"
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": uri, **overrides})


@pytest.fixture
def app(database_url, _pg_schema, tmp_path):
    app = make_test_app(database_url, tmp_path)
    with app.app_context():
        if not database_url:
            db.create_all()
        yield app
        db.session.remove()
        if database_url:
            _empty_tables()
        db.engine.dispose()


# --- clients ------------------------------------------------------------------------------------

# Logged-in pages carry the token in a meta tag; a visitor's forms in a hidden field.
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"'
                       r'|name="csrf_token"[^>]*? value="([^"]+)"')


class Client(FlaskClient):
    """A test client that behaves like a browser: it reads the CSRF token from the page.

    Each request runs as it does in production: in its own application context (fresh `g`,
    its own database session). What the test wrote is committed first so the request sees it,
    and the test's session forgets what it loaded so it sees what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        response = self.get("/login")
        if response.status_code == 302:  # already logged in: any page carries the token
            response = self.get("/profile")
        match = CSRF_META.search(response.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def post_form(self, url, data=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, email, password=DEMO_PASSWORD):
        response = self.post_form("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def logout(self):
        return self.post_form("/logout")


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture(scope="session")
def demo_rows(tmp_path_factory):
    """The Saldus demo, seeded once per worker into a scratch SQLite file and kept as rows.

    Seeding goes through the services (elections, minutes …) and takes seconds; loading the
    rows takes a fraction of that, so every test that wants the demo gets a fresh copy cheaply.
    """
    from council.demo import seed

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    scratch = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with scratch.app_context():
        db.create_all()
        for _line in seed():
            pass
        db.session.commit()
        with db.engine.connect() as conn:
            rows = {
                table.name: [dict(r._mapping) for r in conn.execute(
                    table.select().order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables
            }
        db.session.remove()
        db.engine.dispose()
    return rows


# Tables the database keeps itself (triggers): loading the rows they derive from fills them.
DERIVED_TABLES = {"recommendation_tallies"}


def load_demo(rows) -> None:
    """Insert the demo rows into the (empty) current database, parents first; approved minutes
    and certified elections are frozen after their children are in (the database guards refuse
    children of frozen parents)."""
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM site_revision"))  # the demo's own row replaces it
        insert_frozen_last(conn, [(table, rows[table.name])
                                  for table in db.metadata.sorted_tables])
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in db.metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key and rows[table.name]:
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"{max(r['id'] for r in rows[table.name])})"))


@pytest.fixture
def demo(app, demo_rows):
    """The Saldus demo data (users for every role) in the test database."""
    load_demo(demo_rows)
    return app


DEMO_USERS = {
    "admin": "admin@saldus.example",
    "officer": "officer@saldus.example",
    "secretary": "sekretare@saldus.example",
    "member": "biedrs@saldus.example",
    "other_secretary": "sekretars2@saldus.example",
}


@pytest.fixture
def login_as(client):
    """login_as('secretary') logs the client in as that demo role (None: stay anonymous)."""

    def _login(role):
        if role not in (None, "anonymous"):
            client.login(DEMO_USERS[role])
        return client

    return _login


# --- query counting -----------------------------------------------------------------------------

class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """with count_queries() as q: …; q.count is the number of SQL statements executed.

    Not counted: connection housekeeping, and the revision update that the test's own commit
    (the test client commits what the test wrote before each request) adds."""

    @contextmanager
    def _count():
        counter = QueryCounter()

        def before(conn, cursor, statement, params, context, executemany):
            head = statement.lstrip().upper()
            if head.startswith(("UPDATE SITE_REVISION", "INSERT INTO SITE_REVISION")):
                return
            if not head.startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                counter.statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return _count


# --- no network ---------------------------------------------------------------------------------

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        host = address[0]
        if not (host.startswith("127.") or host in ("localhost", "::1")):
            raise RuntimeError(f"Tests must not use the network (tried {address!r})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Only loopback connections (the test database, the live server) are allowed."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


# --- live server and Chromium for browser tests -------------------------------------------------

def _closing(wsgi_app):
    """The response read whole and closed before the test server sends it. Werkzeug's server
    skips `close()` when the browser drops a connection mid-response (Chromium does for a
    favicon when the page moves on), and the file left open is a ResourceWarning — an error
    here — in whichever test runs next."""
    def app(environ, start_response):
        result = wsgi_app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()
    return app


@pytest.fixture
def live_server(database_url, _pg_schema, tmp_path, demo_rows):
    """The app with the demo data, served on a free loopback port in a thread."""
    app = make_test_app(database_url, tmp_path)
    with app.app_context():
        if not database_url:
            db.create_all()
        load_demo(demo_rows)
        db.session.remove()
    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    yield server
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        if database_url:
            _empty_tables()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": SYSTEM_CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }
