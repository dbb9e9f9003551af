"""The factory, configuration layering, health check, security headers, error pages."""

import os
from pathlib import Path

import pytest

from council import create_app


def test_factory_uses_test_config(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret-key"


def test_refuses_to_start_in_production_without_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setattr("council.Config.SECRET_KEY", None)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    # instance/config.py may exist on a developer machine; point the instance elsewhere.
    monkeypatch.setattr("council.PROJECT_ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_config_layers_instance_then_environment_then_database_url(monkeypatch, tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nPER_PAGE = 7\nLOGIN_MAX_FAILURES = 3\n"
    )
    monkeypatch.setattr("council.PROJECT_ROOT", tmp_path)
    monkeypatch.setenv("FLASK_PER_PAGE", "11")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:1/x")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["LOGIN_MAX_FAILURES"] == 3  # instance file over defaults
    assert app.config["PER_PAGE"] == 11  # environment over the instance file
    # DATABASE_URL over everything; the plain postgresql:// form is mapped to psycopg 3
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:1/x"
    assert app.config["SESSION_COOKIE_SECURE"] is True  # secure by default


def test_default_database_is_sqlite_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("council.PROJECT_ROOT", tmp_path)
    monkeypatch.setenv("FLASK_SECRET_KEY", "x" * 32)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path / 'instance' / 'padome.sqlite'}"
    )


def test_healthz_answers_ok_after_a_database_round_trip(client, count_queries):
    with count_queries() as q:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert q.count == 1


def test_security_headers_on_every_response(client):
    for url in ("/", "/login", "/no-such-page", "/static/css/padome.css"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"]
        response.close()


def test_session_cookie_flags(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    response = client.get("/login")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("lang,text", [("lv", "Lapa nav atrasta"), ("en", "Page not found")])
def test_404_page_in_both_languages(client, lang, text):
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert text in body
    assert f'<html lang="{lang}">' in body
    assert "Traceback" not in body


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_500_page_is_friendly_and_rolls_back(app, client, lang):
    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = client.get(f"/boom?lang={lang}")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "kaboom" not in body and "Traceback" not in body
    assert ("Sistēmā radās kļūda" if lang == "lv" else "Something went wrong") in body


@pytest.mark.parametrize("code", [400, 403, 404, 405, 409, 413, 429, 500])
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_error_page_renders_in_both_languages(app, client, code, lang):
    from flask import abort

    @app.route(f"/raise-{code}")
    def raiser():
        abort(code)

    response = client.get(f"/raise-{code}?lang={lang}")
    assert response.status_code == code
    body = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in body and "<h1>" in body


def test_method_not_allowed_is_friendly(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Traceback" not in response.get_data(as_text=True)


def test_too_large_request_is_friendly(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/login", data={"email": "x" * 1000})
    assert response.status_code == 413


def test_static_assets_are_served_by_the_app(client):
    html = client.get("/").get_data(as_text=True)
    assert "//cdn" not in html and "https://" not in html.split("<body>")[0]
    with client.get("/static/css/padome.css") as response:
        assert response.status_code == 200


def test_query_count_header_only_when_enabled(app, client, tmp_path):
    assert "X-Query-Count" not in client.get("/healthz").headers
    from tests.conftest import make_test_app

    bench_app = make_test_app(None, tmp_path / "b", QUERY_COUNT_HEADER=True)
    (tmp_path / "b").mkdir()
    with bench_app.app_context():
        from council.extensions import db

        db.create_all()
        response = bench_app.test_client().get("/healthz")
        assert response.headers["X-Query-Count"] == "1"
        db.engine.dispose()


@pytest.mark.parametrize("script_root", ["", "/padome"])
def test_url_maker_builds_what_url_for_builds(app, script_root):
    from flask import url_for

    from council.views import url_maker

    with app.test_request_context("/", base_url=f"http://x{script_root}"):
        show = url_maker("recommendations.show", "rec_id")
        for n in (1, 7, 42, 7_654_321_987, 2**31 - 1):
            assert show(n) == url_for("recommendations.show", rec_id=n)
        meeting = url_maker("meetings.show", "meeting_id")
        assert meeting(5) == url_for("meetings.show", meeting_id=5)
        search = url_maker("search.index", "page")  # a query argument works alike
        assert search(3) == url_for("search.index", page=3)
        council = url_maker("recommendations.index", "council", municipality=None, overdue="1")
        assert council(12) == url_for("recommendations.index", council=12, overdue="1")


def test_a_serving_process_settles_the_garbage_collector():
    """app.py (gunicorn's workers, `flask run`): the start-up objects leave the collector's
    generations and the youngest is collected less often."""
    import gc

    from council.serving import YOUNG_THRESHOLD, settle_garbage_collector

    before = gc.get_threshold()
    try:
        settle_garbage_collector()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_app_py_serves_with_the_settled_collector(tmp_path):
    """The entry point gunicorn and `flask` import settles the collector of its process."""
    import subprocess
    import sys

    from council.serving import YOUNG_THRESHOLD

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}",
           "FLASK_SECRET_KEY": "t" * 40}
    out = subprocess.run(
        [sys.executable, "-c", "import gc, app; print(gc.get_threshold()[0], "
         "gc.get_freeze_count() > 0)"], cwd=root, env=env, capture_output=True, text=True,
        check=True).stdout.split()
    assert out == [str(YOUNG_THRESHOLD), "True"]
