"""Recommendations: the public register and timeline, CSV, the officers' dashboard and "my work",
drafting, and one endpoint per lifecycle verb (GET shows its form, POST does it)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from .. import formatting
from ..exports.csv import recommendations_csv
from ..extensions import db
from ..forms import apply_errors, opts
from ..forms.recommendations import (
    AnswerForm,
    CloseForm,
    ExtendForm,
    ImplementationForm,
    RegisterForm,
    SendForm,
    WithdrawForm,
)
from ..i18n import current_locale
from ..labels import label
from ..models import RECOMMENDATION_AWAITING_ANSWER, state_allows
from ..permissions import (
    can_draft_recommendations,
    can_follow_up_recommendations,
    is_officer,
    may_act_on_recommendation,
    officer_municipality_id,
    recommendation_actions,
    require,
)
from ..services import (
    InvalidTransition,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
    paging,
    workdays,
)
from ..services import councils as council_service
from ..services import recommendations as rec_service
from . import _recommendations as helpers
from . import page_arg

bp = Blueprint("recommendations", __name__)

PER_PAGE = 25
PER_COUNCIL_ROWS = 20  # the dashboard's per-council table: the councils most behind
MAX_ID = helpers.MAX_ID


def _today() -> date:
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _load(rec_id: int):
    rec = rec_service.get_visible(rec_id, current_user) if rec_id <= MAX_ID else None
    if rec is None:
        abort(404)
    return rec


# --- reading ------------------------------------------------------------------------------------


@bp.route("/recommendations/")
def index():
    form, filters = helpers.filter_form()
    today = _today()
    stmt = rec_service.list_stmt(current_user, filters, today=today)
    pagination = paging.paginate(
        stmt, page=page_arg(), per_page=PER_PAGE, row=rec_service.ListedRecommendation,
        count_select=rec_service.list_count_stmt(current_user, filters, today=today),
        ids_select=rec_service.list_ids_stmt(current_user, filters, today=today))
    dashboard = per_council = None
    per_council_more = False
    if is_officer(current_user):
        dashboard = rec_service.summary(current_user, today=today,
                                        municipality_id=filters.municipality_id)
        if filters.deadline:
            per_council = rec_service.per_council_counts(
                current_user, today=today, municipality_id=filters.municipality_id,
                limit=PER_COUNCIL_ROWS + 1)
            per_council_more = len(per_council) > PER_COUNCIL_ROWS
            per_council = per_council[:PER_COUNCIL_ROWS]
    return render_template(
        "recommendations/index.html", form=form, filters=filters, pagination=pagination,
        states=rec_service.deadline_states(pagination.items, today), dashboard=dashboard,
        per_council=per_council, per_council_more=per_council_more, args=helpers.list_args(),
        today=today,
        soon_until=workdays.due_soon_until(today),
    )


@bp.route("/recommendations/mine")
@login_required
def mine():
    form, filters = helpers.filter_form(default_sort="due")
    today = _today()
    stmt = rec_service.my_work_stmt(current_user, filters, today=today)
    pagination = paging.paginate(
        stmt, page=page_arg(), per_page=PER_PAGE, row=rec_service.ListedRecommendation,
        count_select=rec_service.my_work_count_stmt(current_user, filters, today=today),
        ids_select=rec_service.my_work_ids_stmt(current_user, filters, today=today))
    counts = rec_service.summary(current_user, today=today,
                                 scope=rec_service.my_work_clause(current_user))
    waiting = None
    if can_follow_up_recommendations(current_user):
        waiting = rec_service.summary(
            current_user, today=today,
            municipality_id=officer_municipality_id(current_user)).to_register
    return render_template(
        "recommendations/mine.html", form=form, filters=filters, pagination=pagination,
        states=rec_service.deadline_states(pagination.items, today), counts=counts,
        waiting=waiting, args=helpers.list_args(), today=today,
        soon_until=workdays.due_soon_until(today),
    )


@bp.route("/recommendations.csv")
def export_csv():
    _form, filters = helpers.filter_form()
    today = _today()
    recs = rec_service.export_list(current_user, filters, today=today)

    def days_overdue(rec) -> int:
        if rec.status not in RECOMMENDATION_AWAITING_ANSWER:
            return 0
        return workdays.days_overdue(rec.due_on, today)

    data = recommendations_csv(
        recs, headers=helpers.csv_headers(), label=label, yes_no=(_("yes"), _("no")),
        url=lambda rec: url_for("recommendations.show", rec_id=rec.id, _external=True),
        days_overdue=days_overdue,
    )
    filename = f"priekslikumi-{today.isoformat()}.csv"
    return Response(data, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/recommendations/<int:rec_id>")
def show(rec_id):
    rec = _load(rec_id)
    today = _today()
    return render_template(
        "recommendations/show.html", rec=rec, events=rec_service.timeline(rec),
        source=rec_service.source_info(rec, current_user),
        actions=recommendation_actions(current_user, rec),
        state=rec_service.deadline_state(rec, today),
    )


# --- drafting -----------------------------------------------------------------------------------


@bp.route("/councils/<slug>/recommendations/new", methods=["GET", "POST"])
@login_required
def create(slug):
    council = council_service.get_by_slug(slug)
    if council is None:
        abort(404)
    require(can_draft_recommendations(current_user, council))
    form, decisions = helpers.draft_form(council)
    if request.method == "GET":
        helpers.prefill_from_decision(form, council, decisions)
    elif form.validate_on_submit():
        for attempt in range(3):  # two drafts at once may take the same number: retry
            try:
                rec = rec_service.create_recommendation(
                    council, actor=current_user, title=form.title.data, body=form.body.data,
                    addressee_id=form.addressee_id.data,
                    source_item_id=form.source_item_id.data or None,
                    is_public=form.is_public.data)
                db.session.commit()
            except ValidationFailed as e:
                db.session.rollback()
                apply_errors(form, e)
                break
            except IntegrityError:
                db.session.rollback()
                if attempt == 2:
                    raise
            else:
                flash(_("Draft %(code)s saved. Check it, then send it to the municipality.",
                        code=rec.code), "success")
                return redirect(url_for("recommendations.show", rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("recommendations/create.html", council=council, form=form), status


@bp.route("/recommendations/<int:rec_id>/edit", methods=["GET", "POST"])
@login_required
def edit(rec_id):
    rec = _load(rec_id)
    require(may_act_on_recommendation(current_user, rec, "edit"))
    if not state_allows(rec, "edit"):
        return _refuse(rec, "edit")
    form, _decisions = helpers.draft_form(rec.council, rec)
    conflict = None
    if form.validate_on_submit():
        helpers.require_version(form)
        try:
            rec_service.update_recommendation(
                rec, actor=current_user, version=form.version.data, title=form.title.data,
                body=form.body.data, addressee_id=form.addressee_id.data,
                source_item_id=form.source_item_id.data or None, is_public=form.is_public.data)
        except StaleVersion:
            conflict = helpers.on_stale(form, rec, ["title", "body", "is_public"])
            return render_template("recommendations/edit.html", rec=rec, form=form,
                                   conflict=conflict), 409
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("recommendations.show", rec_id=rec.id))
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The draft has been saved."), "success")
            return redirect(url_for("recommendations.show", rec_id=rec.id))
    status = 400 if request.method == "POST" else 200
    return render_template("recommendations/edit.html", rec=rec, form=form,
                           conflict=conflict), status


# --- lifecycle verbs ----------------------------------------------------------------------------

def _refuse(rec, verb):
    try:
        rec_service.check_state(rec, verb)
    except InvalidTransition as e:
        flash(e.message, "error")
    return redirect(url_for("recommendations.show", rec_id=rec.id))


def _verb(rec_id, verb, form_cls, *, run, success, conflict_fields=(), defaults=None,
          prepare=None, context=None):
    """The shape every verb shares: load → authorize → (GET: form) → validate → service →
    commit → flash → redirect; stale versions answer 409 with both versions."""
    rec = _load(rec_id)
    require(may_act_on_recommendation(current_user, rec, verb))
    form = form_cls()
    if prepare:
        prepare(form, rec)
    template = f"recommendations/{verb}.html"
    extra = context(rec) if context else {}
    if request.method == "GET":
        if not state_allows(rec, verb):
            return _refuse(rec, verb)
        form.version.data = rec.version
        if defaults:
            defaults(form, rec)
        return render_template(template, rec=rec, form=form, conflict=None, **extra)
    if form.validate_on_submit():
        helpers.require_version(form)
        try:
            run(rec, form)
        except StaleVersion:
            rows = helpers.on_stale(form, rec, list(conflict_fields))
            return render_template(template, rec=rec, form=form, conflict=rows,
                                   **(context(rec) if context else {})), 409
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("recommendations.show", rec_id=rec.id))
        except NotAllowed:
            db.session.rollback()
            abort(403)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(success(rec) if callable(success) else success, "success")
            return redirect(url_for("recommendations.show", rec_id=rec.id))
    return render_template(template, rec=rec, form=form, conflict=None, **extra), 400


def _muni(rec):
    return rec.council.municipality


@bp.route("/recommendations/<int:rec_id>/send", methods=["GET", "POST"])
@login_required
def send(rec_id):
    def defaults(form, rec):
        form.sent_on.data = rec_service.today_for(_muni(rec))

    def context(rec):
        today = rec_service.today_for(_muni(rec))
        return {"due_if_today": workdays.answer_due_date(
            today, working_days=_muni(rec).answer_working_days)}

    return _verb(
        rec_id, "send", SendForm, defaults=defaults, context=context,
        conflict_fields=["sent_on"],
        run=lambda rec, f: rec_service.send(rec, actor=current_user, version=f.version.data,
                                            sent_on=f.sent_on.data, note=f.note.data),
        success=lambda rec: _("Sent. The answer is due by %(day)s",
                              day=formatting.date_num(rec.due_on, current_locale())),
    )


@bp.route("/recommendations/<int:rec_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(rec_id):
    return _verb(
        rec_id, "withdraw", WithdrawForm,
        run=lambda rec, f: rec_service.withdraw(rec, actor=current_user,
                                                version=f.version.data, reason=f.reason.data),
        success=_("The recommendation has been withdrawn."),
    )


def _officers(form, rec):
    form.responsible_officer_id.choices = opts(
        rec_service.officer_choices(rec.council.municipality_id))


@bp.route("/recommendations/<int:rec_id>/register", methods=["GET", "POST"])
@login_required
def register(rec_id):
    def defaults(form, rec):
        form.registered_on.data = rec_service.today_for(_muni(rec))
        form.responsible_officer_id.data = current_user.id

    return _verb(
        rec_id, "register", RegisterForm, prepare=_officers, defaults=defaults,
        conflict_fields=["registration_number", "registered_on"],
        run=lambda rec, f: rec_service.register(
            rec, actor=current_user, version=f.version.data,
            registration_number=f.registration_number.data,
            responsible_officer_id=f.responsible_officer_id.data,
            registered_on=f.registered_on.data, note=f.note.data),
        success=_("Registered. The deadline keeps running until the answer is recorded."),
    )


@bp.route("/recommendations/<int:rec_id>/answer", methods=["GET", "POST"])
@login_required
def answer(rec_id):
    def defaults(form, rec):
        form.answered_on.data = rec_service.today_for(_muni(rec))

    return _verb(
        rec_id, "answer", AnswerForm, defaults=defaults,
        conflict_fields=["answered_on", "outcome", "answer_text", "decision_reference"],
        run=lambda rec, f: rec_service.answer(
            rec, actor=current_user, version=f.version.data, answered_on=f.answered_on.data,
            outcome=f.outcome.data, answer_text=f.answer_text.data,
            decision_reference=f.decision_reference.data),
        success=_("The answer has been recorded and published on the timeline."),
    )


@bp.route("/recommendations/<int:rec_id>/extend", methods=["GET", "POST"])
@login_required
def extend(rec_id):
    def limit(rec):
        return workdays.extension_limit(
            rec.sent_on, extension_months=_muni(rec).answer_extension_months)

    def defaults(form, rec):
        form.new_due_on.data = limit(rec)
        form.decided_on.data = min(rec_service.today_for(_muni(rec)), rec.due_on)

    return _verb(
        rec_id, "extend", ExtendForm, defaults=defaults, conflict_fields=["reason"],
        context=lambda rec: {"limit": limit(rec) if rec.sent_on else None},
        run=lambda rec, f: rec_service.extend(rec, actor=current_user, version=f.version.data,
                                              reason=f.reason.data, new_due_on=f.new_due_on.data,
                                              decided_on=f.decided_on.data),
        success=lambda rec: _("The deadline has been extended to %(day)s",
                              day=formatting.date_num(rec.due_on, current_locale())),
    )


@bp.route("/recommendations/<int:rec_id>/implementation", methods=["GET", "POST"])
@login_required
def implementation(rec_id):
    def defaults(form, rec):
        form.on_date.data = rec_service.today_for(_muni(rec))
        if rec.implementation:
            form.implementation.data = rec.implementation.value

    return _verb(
        rec_id, "implementation", ImplementationForm, defaults=defaults,
        conflict_fields=["implementation"],
        run=lambda rec, f: rec_service.record_implementation(
            rec, actor=current_user, version=f.version.data, implementation=f.implementation.data,
            on_date=f.on_date.data, note=f.note.data),
        success=_("The implementation note has been added to the timeline."),
    )


@bp.route("/recommendations/<int:rec_id>/close", methods=["GET", "POST"])
@login_required
def close(rec_id):
    return _verb(
        rec_id, "close", CloseForm,
        run=lambda rec, f: rec_service.close(rec, actor=current_user, version=f.version.data,
                                             note=f.note.data),
        success=_("The recommendation has been closed."),
    )
