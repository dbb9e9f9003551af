"""The residents' entry points: home page, about and health check.

With one municipality `/` is its home page; with several, `/` lists them and each has its home
page at `/municipalities/<slug>` (views/municipalities.py).
"""

from flask import Blueprint, render_template
from sqlalchemy import text

from ..extensions import db
from ..models import Municipality
from ..services import home as home_service
from ..services import municipalities as municipality_service
from ._municipality import choose

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    municipalities = municipality_service.all_municipalities()
    if len(municipalities) > 1:
        return render_template("public/home.html", home=None,
                               rows=municipality_service.overview(municipalities))
    only = municipalities[0] if municipalities else None
    return render_template("public/home.html", home=home_service.home_page(only), rows=None)


@bp.route("/about")
def about():
    """How councils work, with the numbers of the municipality's by-law (`?municipality=`), or
    the law's defaults while several municipalities exist and none is chosen."""
    choice = choose()
    municipality = choice.municipality
    settings = municipality or _default_settings()  # the documented defaults
    return render_template("public/about.html", municipality=municipality, settings=settings,
                           choice=choice)


def _default_settings() -> Municipality:
    """An unsaved Municipality carrying the column defaults (DOMAIN.md)."""
    defaults = {c.key: c.default.arg for c in Municipality.__table__.columns
                if c.default is not None and not callable(c.default.arg)}
    return Municipality(**defaults)


@bp.route("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
