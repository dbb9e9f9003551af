"""Councils: the public list and council page."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..services import councils as council_service
from ..services import elections as election_service

bp = Blueprint("councils", __name__, url_prefix="/councils")


@bp.route("/")
def index():
    municipality = council_service.default_municipality()
    groups = council_service.public_councils_by_status(municipality)
    return render_template("councils/index.html", municipality=municipality, groups=groups)


@bp.route("/<slug>")
def show(slug):
    council = council_service.get_by_slug(slug)
    if council is None:
        abort(404)
    return render_template("councils/show.html", council=council,
                           elections=election_service.council_section(council, current_user))
