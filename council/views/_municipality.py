"""Which municipality a page works on: `?municipality=<slug>`, or the instance's only one.

An unknown slug is a 404, never a silent fallback to another municipality. With several
municipalities and none named, pages that work on one (settings, people, a new council) ask
which one instead of guessing.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user

from ..permissions import officer_municipality_id
from ..services import municipalities as municipality_service


def choose(slug: str | None = None) -> municipality_service.Choice:
    """The municipality named by `slug` or the query string (404 when unknown), or the only
    one."""
    try:
        return municipality_service.choose(slug or request.args.get("municipality"))
    except municipality_service.UnknownMunicipality:
        abort(404)


def choose_to_work_on() -> municipality_service.Choice:
    """For pages that work on one municipality (settings, people, a new council): as `choose`,
    and 404 when the instance has no municipality at all. An officer of one municipality works
    on theirs, as if the instance held no other."""
    choice = choose()
    own = officer_municipality_id(current_user)
    if own is not None and (choice.municipality is None or choice.municipality.id == own):
        # Their own municipality is all there is to choose from (another one named: the
        # page's permission check refuses it).
        mine = [m for m in choice.municipalities if m.id == own]
        choice = municipality_service.Choice(mine[0] if mine else None, mine)
    if choice.municipality is None and not choice.needs_choosing:
        abort(404)
    return choice


def chooser(choice: municipality_service.Choice, endpoint: str, title: str, **values):
    """The page that asks which municipality, each linking to `endpoint` for it. A POST must
    name its municipality (its form always does): nothing is guessed, nothing written."""
    if request.method == "POST":
        abort(400)
    links = [(m, url_for(endpoint, municipality=m.slug, **values))
             for m in choice.municipalities]
    return render_template("municipalities/choose.html", title=title, links=links)
