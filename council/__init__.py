"""Padome: resident advisory councils for Latvian municipalities."""

import os
from pathlib import Path

from flask import Flask

from .config import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_request_hooks(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_path = Path(app.instance_path) / "padome.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):  # the usual hosting form; we speak psycopg 3
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 15}}
    secret = app.config.get("SECRET_KEY")
    if not (app.debug or app.testing) and (not secret or secret in ("dev", "change-me")):
        raise RuntimeError(
            "SECRET_KEY is not set. Put SECRET_KEY = '…' in instance/config.py or set "
            "FLASK_SECRET_KEY (`make run` creates one for you)."
        )


def register_extensions(app: Flask) -> None:
    from . import i18n
    from .extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    from .models.guards import install_translation
    from .models.minutes import install_guard

    install_guard()  # approved minutes are frozen at every flush, whatever the code path
    install_translation()  # … and the database's own refusal raises the same exception
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    from .permissions import PREDICATES
    from .services import search

    search.install_listener()

    app.jinja_env.globals.update(PREDICATES)
    from .views import url_maker

    app.jinja_env.globals["url_maker"] = url_maker

    from .login import init_login

    init_login(app, login_manager)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            from sqlalchemy import event

            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    from .views import (
        admin,
        auth,
        councils,
        elections,
        feeds,
        meetings,
        memberships,
        minutes,
        municipalities,
        people,
        public,
        recommendations,
        search,
        settings,
    )

    for module in (
        public,
        municipalities,
        auth,
        admin,
        councils,
        memberships,
        people,
        settings,
        elections,
        meetings,
        minutes,
        feeds,
        recommendations,
        search,
    ):
        app.register_blueprint(module.bp)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from . import diagnostics, page_cache, security

    security.init_app(app)
    diagnostics.init_app(app)
    page_cache.init_app(app)  # last: it keeps the view's response, before the other hooks
