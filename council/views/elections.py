"""Elections of council members: records, one POST per lifecycle verb, nominations, the count,
the draw by lot, certification, the results protocol and filling vacancies from the reserve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import render_error
from ..exports import election_docx
from ..extensions import db
from ..forms import ConfirmForm, apply_errors, opts
from ..forms.elections import (
    CancelForm,
    DeclineForm,
    EditElectionForm,
    ElectionForm,
    EligibilityForm,
    NominationForm,
    ReserveForm,
    WithdrawForm,
    count_form,
    lots_form,
)
from ..i18n import lazy_gettext as _l
from ..labels import label
from ..models import (
    Candidate,
    Citizenship,
    ElectionKind,
    ElectionMethod,
    Membership,
    Person,
    TerritorialUnit,
)
from ..models.elections import CertifiedElectionChanged
from ..permissions import can_run_elections, can_view_council_records, require
from ..services import (
    DomainError,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
    nominations,
    paging,
    vacancies,
)
from ..services import councils as council_service
from ..services import election_eligibility as eligibility
from ..services import elections as election_service
from . import page_arg
from ._conflict import conflict_rows, refresh_version

bp = Blueprint("elections", __name__, url_prefix="/councils")


@bp.app_errorhandler(CertifiedElectionChanged)
def _certified(_e):
    """The ORM's or the database's guard caught a change the services should have refused."""
    db.session.rollback()
    return render_error(409, _("This election is certified"),
                        _("Certified results are final: nothing about this election can be "
                          "changed afterwards."))


# --- loading ------------------------------------------------------------------------------------

def _council(slug):
    council = council_service.get_by_slug(slug)
    if council is None:
        abort(404)
    return council


def _election(slug, election_id):
    election = election_service.get_election(_council(slug), election_id)
    if election is None:
        abort(404)
    return election


def _for_runner(slug, election_id):
    election = _election(slug, election_id)
    require(can_run_elections(current_user, election.council))
    return election


def _candidate(election, candidate_id) -> Candidate:
    candidate = next((c for c in election.candidates if c.id == candidate_id), None)
    if candidate is None:
        abort(404)
    return candidate


def _to_election(election):
    return redirect(url_for("elections.show", slug=election.council.slug,
                            election_id=election.id))


def _refusal(error: DomainError, back):
    """A refusal of the service: 403 for permission, otherwise its message and ``back``."""
    db.session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    flash(error.message, "error")
    return back


def _refused(election, error: DomainError):
    return _refusal(error, _to_election(election))


def _status() -> int:
    return 400 if request.method == "POST" else 200


@dataclass
class _Outcome:
    done: bool = False  # the service call succeeded and is committed
    result: object = None
    refused: object = None  # the response after a refusal (flash + redirect, or 403)
    conflict: list | None = None  # stale version: rows for conflict_notice


def _submit(form, call, refuse, conflict_fields=()) -> _Outcome:
    """Validate the form and run one service call: commit on success; a field error, a
    conflict or a refusal otherwise (each rolled back)."""
    if not form.validate_on_submit():
        return _Outcome()
    try:
        result = call()
    except StaleVersion as e:
        db.session.rollback()
        rows = conflict_rows(form, e.current, list(conflict_fields))
        refresh_version(form, e.current)
        return _Outcome(conflict=rows)
    except ValidationFailed as e:
        db.session.rollback()
        apply_errors(form, e)
        return _Outcome()
    except DomainError as e:
        return _Outcome(refused=refuse(e))
    db.session.commit()
    return _Outcome(done=True, result=result)


def _page(template, outcome: _Outcome, **context):
    status = 409 if outcome.conflict else _status()
    return render_template(template, conflict=outcome.conflict, **context), status


def _check(election, predicate):
    """A state check before showing a form: the refusal response, or None."""
    try:
        predicate(election)
    except DomainError as e:
        return _refused(election, e)
    return None


# --- reading ------------------------------------------------------------------------------------

@bp.route("/<slug>/elections/")
def index(slug):
    council = _council(slug)
    stmt = election_service.elections_stmt(council, current_user)
    pagination = paging.page_of(stmt, page=page_arg(), per_page=20)
    return render_template("elections/index.html", council=council, pagination=pagination)


def _results(election) -> dict:
    results = election_service.shows_results(election)
    return {
        "ranking": election_service.ranking(election) if results else None,
        "turnout": election_service.turnout(election) if results else None,
        "candidates": election_service.active_candidates(election),
        "withdrawn": [c for c in election.candidates if c.status.value == "withdrawn"],
    }


MISSING_DATA = {"birth_date": _l("date of birth"), "citizenship": _l("citizenship"),
                "territory_id": _l("declared residence")}


@bp.route("/<slug>/elections/<int:election_id>")
def show(slug, election_id):
    election = _election(slug, election_id)
    if not election_service.can_view_election(current_user, election):
        abort(404)
    context = _results(election)
    if not can_view_council_records(current_user, election.council):
        return render_template("elections/show_public.html", election=election, **context)
    missing = {c.id: [str(MISSING_DATA[name]) for name in eligibility.check(c)[1]]
               for c in context["candidates"] if c.status.value == "nominated"}
    return render_template(
        "elections/show.html", election=election, form=ConfirmForm(), missing=missing,
        can_run=can_run_elections(current_user, election.council),
        voting_blockers=election_service.voting_blockers(election),
        certification_blockers=(election_service.certification_blockers(election)
                                if context["ranking"] else []),
        **context)


@bp.route("/<slug>/elections/<int:election_id>/protocol.docx")
def protocol(slug, election_id):
    election = _election(slug, election_id)
    insider = can_view_council_records(current_user, election.council)
    allowed = (election_service.shows_results(election) if insider
               else election.status.value == "certified")
    if not allowed:
        abort(404)
    data = election_docx.build(
        election, election_service.ranking(election),
        municipality_name=election.council.municipality.name, public=not insider,
        turnout=election_service.turnout(election), created=election.certified_at)
    name = f"velesanu-protokols-{election.council.slug}-{election.id}.docx"
    return send_file(BytesIO(data), as_attachment=True, download_name=name, mimetype=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


# --- the record ---------------------------------------------------------------------------------

def _election_data(form) -> election_service.ElectionData:
    return election_service.ElectionData(
        kind=ElectionKind(form.kind.data), seats=form.seats.data, held_on=form.held_on.data,
        voting_ends_on=form.voting_ends_on.data, place=form.place.data.strip(),
        method=ElectionMethod(form.method.data), votes_per_ballot=form.votes_per_ballot.data,
        term_start=form.term_start.data, term_end=form.term_end.data)


@bp.route("/<slug>/elections/new", methods=["GET", "POST"])
@login_required
def create(slug):
    council = _council(slug)
    require(can_run_elections(current_user, council))
    form = ElectionForm(data=election_service.new_election_defaults(council)
                        if request.method == "GET" else None)
    outcome = _submit(form, lambda: election_service.create_election(
        council, _election_data(form), actor=current_user),
        lambda e: _refusal(e, redirect(url_for("councils.show", slug=council.slug))))
    if outcome.done:
        flash(_("The election has been created. Open nominations when the candidate "
                "list may be filled."), "success")
        return _to_election(outcome.result)
    return _page("elections/new.html", outcome, council=council, form=form)


EDIT_FIELDS = ["kind", "seats", "held_on", "voting_ends_on", "place", "method",
               "votes_per_ballot", "term_start", "term_end"]


@bp.route("/<slug>/elections/<int:election_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, election_id):
    election = _for_runner(slug, election_id)
    refused = _check(election, election_service.require_changeable)
    if refused:
        return refused
    form = EditElectionForm(obj=election)
    outcome = _submit(form, lambda: election_service.update_election(
        election, _election_data(form), actor=current_user, version=form.version.data),
        partial(_refused, election), EDIT_FIELDS)
    if outcome.done:
        flash(_("The election has been saved."), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/edit.html", outcome, election=election, form=form)


# --- lifecycle verbs (one POST each) ------------------------------------------------------------

def _verb(slug, election_id, action, message):
    election = _for_runner(slug, election_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(election, actor=current_user)
    except DomainError as e:
        return _refused(election, e)
    db.session.commit()
    flash(message, "success")
    return _to_election(election)


@bp.route("/<slug>/elections/<int:election_id>/open-nominations", methods=["POST"])
@login_required
def open_nominations(slug, election_id):
    return _verb(slug, election_id, election_service.open_nominations,
                 _("Nominations are open: add the candidates as they are nominated."))


@bp.route("/<slug>/elections/<int:election_id>/close-nominations", methods=["POST"])
@login_required
def close_nominations(slug, election_id):
    return _verb(slug, election_id, election_service.close_nominations,
                 _("Nominations are closed. Check every candidate's eligibility, then start "
                   "the voting."))


@bp.route("/<slug>/elections/<int:election_id>/start-voting", methods=["POST"])
@login_required
def start_voting(slug, election_id):
    return _verb(slug, election_id, election_service.start_voting,
                 _("Voting has started. Enter the count when the ballots have been counted."))


@bp.route("/<slug>/elections/<int:election_id>/count", methods=["GET", "POST"])
@login_required
def count(slug, election_id):
    election = _for_runner(slug, election_id)
    refused = _check(election, election_service.check_counting)
    if refused:
        return refused
    candidates = election_service.eligible_candidates(election)
    prefill = {"voters_registered": election.voters_registered,
               "ballots_cast": election.ballots_cast,
               "ballots_invalid": election.ballots_invalid,
               **{f"votes_{c.id}": c.votes for c in candidates}}
    form = count_form(candidates, data=prefill)
    outcome = _submit(form, lambda: election_service.count_votes(election, election_service.Count(
        voters_registered=form.voters_registered.data, ballots_cast=form.ballots_cast.data,
        ballots_invalid=form.ballots_invalid.data,
        votes={c.id: form[f"votes_{c.id}"].data for c in candidates}), actor=current_user),
        partial(_refused, election))
    if outcome.done:
        if outcome.result.open_ties:
            flash(_("The count is saved. Some candidates have equal votes: draw lots "
                    "before certifying."), "warning")
        else:
            flash(_("The count is saved. Check the results, then certify them."), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/count.html", outcome, election=election,
                                    form=form, candidates=candidates)


@bp.route("/<slug>/elections/<int:election_id>/draw-lots", methods=["GET", "POST"])
@login_required
def draw_lots(slug, election_id):
    election = _for_runner(slug, election_id)
    ties = (election_service.ranking(election).open_ties
            if election.status.value == "counted" else [])
    if not ties:
        return _refused(election, DomainError(_("There is no tie to resolve.")))
    form = lots_form(ties)
    outcome = _submit(form, lambda: election_service.draw_lots(
        election, actor=current_user, drawn_by=form.drawn_by.data, notes=form.notes.data,
        order={c.id: int(form[f"lot_{c.id}"].data) for t in ties for c in t.candidates}),
        partial(_refused, election))
    if outcome.done:
        flash(_("The draw by lot is recorded."), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/draw_lots.html", outcome, election=election,
                                    form=form, ties=ties)


@bp.route("/<slug>/elections/<int:election_id>/certify", methods=["GET", "POST"])
@login_required
def certify(slug, election_id):
    election = _for_runner(slug, election_id)
    if election.status.value != "counted":
        return _refused(election, DomainError(_("Only a counted election can be certified.")))
    form = ConfirmForm()
    outcome = _submit(form, lambda: election_service.certify(election, actor=current_user),
                      partial(_refused, election))
    if outcome.done:
        flash(_("The results are certified. The elected candidates are members of the council "
                "from the start of the term."), "success")
        return _to_election(election)
    if outcome.refused:
        return outcome.refused
    return render_template(
        "elections/certify.html", election=election, form=form,
        ranking=election_service.ranking(election),
        blockers=election_service.certification_blockers(election))


@bp.route("/<slug>/elections/<int:election_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(slug, election_id):
    election = _for_runner(slug, election_id)
    refused = _check(election, election_service.require_changeable)
    if refused:
        return refused
    form = CancelForm()
    outcome = _submit(form, lambda: election_service.cancel(
        election, actor=current_user, reason=form.reason.data), partial(_refused, election))
    if outcome.done:
        flash(_("The election has been cancelled."), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/cancel.html", outcome, election=election,
                                    form=form)


# --- candidates ---------------------------------------------------------------------------------

def _territory_choices(council, empty_label):
    units = db.session.execute(
        select(TerritorialUnit.id, TerritorialUnit.name)
        .where(TerritorialUnit.municipality_id == council.municipality_id)
        .order_by(TerritorialUnit.name)).all()
    return opts([(0, empty_label)] + [(u.id, u.name) for u in units])


def _person_choices(council):
    rows = db.session.execute(
        select(Person.id, Person.full_name, TerritorialUnit.name.label("unit"))
        .outerjoin(TerritorialUnit, Person.territory_id == TerritorialUnit.id)
        .where(Person.municipality_id == council.municipality_id)
        .order_by(Person.full_name, Person.id)).all()
    return opts([(0, _("— a new person (fill in below) —"))]
                + [(r.id, f"{r.full_name} ({r.unit})" if r.unit else r.full_name) for r in rows])


def _territory(council, territory_id):
    return db.session.get(TerritorialUnit, territory_id) if territory_id else None


def _new_person(form, council):
    if not (form.full_name.data or "").strip():
        return None
    return nominations.NewPerson(
        full_name=form.full_name.data, territory=_territory(council, form.territory_id.data),
        birth_date=form.birth_date.data,
        citizenship=Citizenship(form.citizenship.data) if form.citizenship.data else None,
        email=form.email.data, phone=form.phone.data,
        publish_consent=form.publish_consent.data)


@bp.route("/<slug>/elections/<int:election_id>/candidates/new", methods=["GET", "POST"])
@login_required
def candidate_create(slug, election_id):
    election = _for_runner(slug, election_id)
    refused = _check(election, nominations.check_nominations_open)
    if refused:
        return refused
    council = election.council
    form = NominationForm(data={"nominated_on": vacancies.local_today()}
                          if request.method == "GET" else None)
    form.person_id.choices = _person_choices(council)
    form.territory_id.choices = _territory_choices(council, _("— choose —"))
    outcome = _submit(form, lambda: nominations.nominate(
        election, actor=current_user,
        person=db.session.get(Person, form.person_id.data) if form.person_id.data else None,
        new_person=_new_person(form, council), confirm_namesake=form.confirm_namesake.data,
        nominated_by=form.nominated_by.data, nominated_on=form.nominated_on.data),
        partial(_refused, election))
    if outcome.done:
        flash(_("%(name)s is a candidate (%(status)s).", name=outcome.result.person.full_name,
                status=label(outcome.result.status)), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/candidate_new.html", outcome, election=election,
                                    form=form)


@bp.route("/<slug>/elections/<int:election_id>/candidates/<int:candidate_id>/eligibility",
          methods=["GET", "POST"])
@login_required
def candidate_eligibility(slug, election_id, candidate_id):
    election = _for_runner(slug, election_id)
    candidate = _candidate(election, candidate_id)
    refused = _check(election, nominations.check_candidates_changeable)
    if refused:
        return refused
    person = candidate.person
    form = EligibilityForm(data={
        "birth_date": person.birth_date, "territory_id": person.territory_id or 0,
        "citizenship": person.citizenship.value if person.citizenship else "",
        "incompatible_office": candidate.incompatible_office,
        "eligibility_note": candidate.eligibility_note, "version": candidate.version,
    } if request.method == "GET" else None)
    form.territory_id.choices = _territory_choices(election.council, _("— not known —"))
    outcome = _submit(form, lambda: nominations.set_eligibility(
        candidate, actor=current_user, version=form.version.data,
        birth_date=form.birth_date.data,
        citizenship=Citizenship(form.citizenship.data) if form.citizenship.data else None,
        territory=_territory(election.council, form.territory_id.data),
        incompatible_office=form.incompatible_office.data, note=form.eligibility_note.data),
        partial(_refused, election), ["incompatible_office", "eligibility_note"])
    if outcome.done:
        flash(_("Eligibility of %(name)s: %(status)s.", name=person.full_name,
                status=label(candidate.status)), "success")
        return _to_election(election)
    return outcome.refused or _page("elections/candidate_eligibility.html", outcome,
                                    election=election, candidate=candidate, form=form)


@bp.route("/<slug>/elections/<int:election_id>/candidates/<int:candidate_id>/withdraw",
          methods=["GET", "POST"])
@login_required
def candidate_withdraw(slug, election_id, candidate_id):
    election = _for_runner(slug, election_id)
    candidate = _candidate(election, candidate_id)
    refused = _check(election, nominations.check_candidates_changeable)
    if refused:
        return refused
    form = WithdrawForm(data={"withdrawn_on": vacancies.local_today()}
                        if request.method == "GET" else None)
    outcome = _submit(form, lambda: nominations.withdraw(
        candidate, actor=current_user, withdrawn_on=form.withdrawn_on.data,
        reason=form.reason.data), partial(_refused, election))
    if outcome.done:
        flash(_("The withdrawal of %(name)s is recorded.", name=candidate.person.full_name),
              "success")
        return _to_election(election)
    return outcome.refused or _page("elections/candidate_withdraw.html", outcome,
                                    election=election, candidate=candidate, form=form)


# --- vacancies ----------------------------------------------------------------------------------

def _vacancy(slug, membership_id):
    membership = db.session.get(Membership, membership_id, options=[
        joinedload(Membership.person)])
    council = _council(slug)
    if membership is None or membership.council_id != council.id:
        abort(404)
    set_committed_value(membership, "council", council)
    require(can_run_elections(current_user, council))
    return membership


def _to_council(membership):
    return redirect(url_for("councils.show", slug=membership.council.slug))


@bp.route("/<slug>/vacancies/<int:membership_id>/fill", methods=["GET", "POST"])
@login_required
def vacancy_fill(slug, membership_id):
    membership = _vacancy(slug, membership_id)
    today = vacancies.local_today()
    vacancy = vacancies.vacancy_for(membership, today)
    if vacancy is None:
        flash(_("This seat is no longer vacant."), "error")
        return _to_council(membership)
    start = max(today, membership.end_on + timedelta(days=1))
    form = ReserveForm(data={"start_on": start, "candidate_id": vacancy.candidate.id
                             if vacancy.candidate else ""} if request.method == "GET" else None)
    outcome = _submit(form, lambda: vacancies.fill_vacancy(
        membership, _int(form.candidate_id.data), actor=current_user,
        start_on=form.start_on.data, today=today), lambda e: _refusal(e, redirect(request.path)))
    if outcome.done:
        flash(_("%(name)s is a member of the council.", name=outcome.result.person.full_name),
              "success")
        return _to_council(membership)
    return outcome.refused or _page("elections/vacancy_fill.html", outcome,
                                    membership=membership, vacancy=vacancy, form=form,
                                    decline_form=DeclineForm())


def _int(value):
    return int(value) if str(value or "").isdigit() else None


@bp.route("/<slug>/vacancies/<int:membership_id>/decline", methods=["POST"])
@login_required
def vacancy_decline(slug, membership_id):
    membership = _vacancy(slug, membership_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        candidate = vacancies.decline_reserve(membership, _int(form.candidate_id.data),
                                              actor=current_user,
                                              today=vacancies.local_today())
    except DomainError as e:
        _refusal(e, None)
    else:
        db.session.commit()
        flash(_("%(name)s declined the seat; the next person on the reserve list is offered.",
                name=candidate.person.full_name), "success")
    return redirect(url_for("elections.vacancy_fill", slug=slug, membership_id=membership_id))
