"""Optional per-request diagnostics for benchmarks: `X-Query-Count` on every response.

Off unless QUERY_COUNT_HEADER is set (e.g. FLASK_QUERY_COUNT_HEADER=true); bench/run.py uses it
to prove that pages cost the same number of queries at demo and at national scale.
"""

from flask import Flask, g, has_request_context
from sqlalchemy import event

from .extensions import db


def init_app(app: Flask) -> None:
    if not app.config.get("QUERY_COUNT_HEADER"):
        return
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        if has_request_context() and not statement.lstrip().upper().startswith("PRAGMA"):
            g._query_count = g.get("_query_count", 0) + 1

    event.listen(engine, "before_cursor_execute", count)

    @app.after_request
    def query_count_header(response):
        response.headers["X-Query-Count"] = str(g.get("_query_count", 0))
        return response
