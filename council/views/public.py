"""The residents' entry points: home page and health check."""

from flask import Blueprint, render_template
from sqlalchemy import text

from ..extensions import db
from ..models import Municipality
from ..services import councils as council_service
from ..services import home as home_service

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    municipality = council_service.default_municipality()
    return render_template("public/home.html", home=home_service.home_page(municipality))


@bp.route("/about")
def about():
    municipality = council_service.default_municipality()
    settings = municipality or _default_settings()  # the documented defaults before set-up
    return render_template("public/about.html", municipality=municipality, settings=settings)


def _default_settings() -> Municipality:
    """An unsaved Municipality carrying the column defaults (DOMAIN.md)."""
    defaults = {c.key: c.default.arg for c in Municipality.__table__.columns
                if c.default is not None and not callable(c.default.arg)}
    return Municipality(**defaults)


@bp.route("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
