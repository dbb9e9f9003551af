"""One municipality's view when an instance holds several: `/municipalities/<slug>` is what `/`
shows for a single municipality (its feed is `/municipalities/<slug>/calendar.ics`, in
views/feeds.py)."""

from flask import Blueprint, abort, redirect, render_template, url_for

from ..services import home as home_service
from ._municipality import choose

bp = Blueprint("municipalities", __name__, url_prefix="/municipalities")


@bp.route("/")
def index():
    """The list of municipalities is the home page."""
    return redirect(url_for("public.home"))


@bp.route("/<slug>")
def show(slug):
    choice = choose(slug)
    if choice.municipality is None:
        abort(404)
    return render_template("municipalities/show.html", choice=choice,
                           home=home_service.home_page(choice.municipality))
