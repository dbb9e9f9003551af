"""Search across meetings, agenda items, decisions and recommendations (of one municipality
with `?municipality=<slug>`; an unknown slug is ignored like any filter)."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..labels import label
from ..models import SearchKind
from ..services import municipalities as municipality_service
from ..services import search as search_service
from . import page_arg

bp = Blueprint("search", __name__)


@bp.route("/search")
def index():
    query = (request.args.get("q") or "")[:200].replace("\x00", "")
    kind_arg = request.args.get("kind", "")
    kind = SearchKind(kind_arg) if kind_arg in {k.value for k in SearchKind} else None
    municipalities = municipality_service.municipality_names()
    slug = request.args.get("municipality", "")
    municipality = next((m for m in municipalities if m.slug == slug), None)
    results = search_service.search(query, current_user, kind=kind, page=page_arg(),
                                    municipality_id=municipality.id if municipality else None)
    return render_template(
        "search/index.html", results=results, kinds=search_service.KIND_ORDER,
        link_for=search_service.link_for, highlight=search_service.highlight, label=label,
        window=search_service.WINDOW,
        municipalities=municipalities if len(municipalities) > 1 else [],
        municipality=municipality,
    )
