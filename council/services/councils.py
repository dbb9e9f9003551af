"""Councils: formation records (create, edit, status verbs, roles) and reading them for pages.

A council starts "forming"; the status changes only through the verbs in ``VERBS``, each checked
against ``COUNCIL_TRANSITIONS``. Seats and the term default to the municipality's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    COUNCIL_TRANSITIONS,
    Council,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    EndReason,
    Membership,
    Municipality,
    TerritorialUnit,
    User,
    utcnow,
)
from ..models.councils import council_territories
from ..permissions import can_manage_councils
from ..text import fold, slugify
from . import InvalidTransition, NotAllowed, ValidationFailed, accounts, audit, expect_version
from . import memberships as membership_service

# --- reading ------------------------------------------------------------------------------------

def today_in(municipality: Municipality | None) -> date:
    """Today's date where the municipality is (Riga), not where the server is."""
    tz = municipality.timezone if municipality is not None else "Europe/Riga"
    return datetime.now(ZoneInfo(tz or "Europe/Riga")).date()


def councils_stmt(municipality: Municipality | None = None, *, include_dissolved: bool = True):
    stmt = select(Council).options(selectinload(Council.territories))
    if municipality is not None:
        stmt = stmt.where(Council.municipality_id == municipality.id)
    if not include_dissolved:
        stmt = stmt.where(Council.status != CouncilStatus.DISSOLVED)
    return stmt.order_by(Council.name)


def public_councils_by_status(municipality: Municipality | None) -> dict[str, list[Council]]:
    councils = db.session.scalars(councils_stmt(municipality)).all()
    groups: dict[str, list[Council]] = {s.value: [] for s in CouncilStatus}
    for council in councils:
        groups[council.status.value].append(council)
    return groups


def voting_counts(municipality: Municipality | None, day: date) -> dict[int, int]:
    """{council id: voting members on the day} for all councils of the municipality, one query."""
    stmt = (
        select(Membership.council_id, func.count(Membership.id))
        .join(Council, Council.id == Membership.council_id)
        .where(Membership.voting.is_(True), Membership.start_on <= day,
               or_(Membership.end_on.is_(None), Membership.end_on >= day))
        .group_by(Membership.council_id)
    )
    if municipality is not None:
        stmt = stmt.where(Council.municipality_id == municipality.id)
    return {council_id: n for council_id, n in db.session.execute(stmt)}


def get_by_slug(slug: str) -> Council | None:
    stmt = (
        select(Council)
        .where(Council.slug == slug)
        .options(joinedload(Council.municipality), selectinload(Council.territories),
                 selectinload(Council.roles).joinedload(CouncilRole.user))
    )
    return db.session.scalars(stmt).first()


@dataclass
class CouncilPage:
    """Everything the council page shows, loaded (templates never query)."""

    council: Council
    today: date
    detailed: bool
    roster: list[Membership]
    vacancies: int
    public_roster: list[Membership] = field(default_factory=list)
    hidden_count: int = 0
    history: list[Membership] = field(default_factory=list)
    secretaries: list[CouncilRole] = field(default_factory=list)
    member_access: list[CouncilRole] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)


def council_page(council: Council, *, detailed: bool) -> CouncilPage:
    """The roster today for everyone; history, roles and verbs for members and officers.

    Residents see the name and position of members who consented to publication; the others
    are only counted. Private contact data is never in the public part.
    """
    today = today_in(council.municipality)
    roster = membership_service.roster_on(council, today)
    voting = sum(1 for m in roster if m.voting)
    page = CouncilPage(council=council, today=today, detailed=detailed, roster=roster,
                       vacancies=max(council.seats - voting, 0))
    page.public_roster = [m for m in roster if m.person.publish_consent]
    page.hidden_count = len(roster) - len(page.public_roster)
    if detailed:
        page.history = membership_service.history(council)
        roles = sorted(council.roles, key=lambda r: r.user.display_name)
        page.secretaries = [r for r in roles if r.role == CouncilRoleKind.SECRETARY]
        page.member_access = [r for r in roles if r.role == CouncilRoleKind.MEMBER_ACCESS]
        page.verbs = allowed_verbs(council)
    return page


def latest_bylaw(municipality: Municipality) -> tuple[str, date | None, str] | None:
    """The by-law reference of the municipality's newest council: new councils usually share it."""
    row = db.session.execute(
        select(Council.bylaw_number, Council.bylaw_date, Council.bylaw_url)
        .where(Council.municipality_id == municipality.id, Council.bylaw_number != "")
        .order_by(Council.created_at.desc(), Council.id.desc()).limit(1)).first()
    return tuple(row) if row is not None else None


# --- formation: create and edit -----------------------------------------------------------------

@dataclass
class CouncilDetails:
    """The formation record as an officer enters it."""

    name: str
    territory_ids: list[int]
    seats: int | None = None
    bylaw_number: str = ""
    bylaw_date: date | None = None
    bylaw_url: str = ""
    established_on: date | None = None
    term_start: date | None = None
    term_end: date | None = None
    description: str = ""
    contact_email: str = ""
    place_locative: str = ""


_GENITIVE_TO_NOMINATIVE = {"pagasta": "pagasts", "pilsetas": "pilseta", "apkaimes": "apkaime",
                           "novada": "novads"}


def council_slug(municipality: Municipality, name: str) -> str:
    """'Kursīšu pagasta iedzīvotāju padome' in Saldus → 'saldus-kursisu-pagasts' (unique)."""
    words = fold(name).split()
    if words[-2:] == ["iedzivotaju", "padome"]:
        words = words[:-2]
        if words and words[-1] in _GENITIVE_TO_NOMINATIVE:
            words[-1] = _GENITIVE_TO_NOMINATIVE[words[-1]]
    base = slugify(" ".join([municipality.slug, *words]), max_length=100)
    taken = set(db.session.scalars(select(Council.slug).where(Council.slug.startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_name(municipality: Municipality, name: str, council: Council | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed("name", _("Fill in this field."))
    stmt = select(Council.id, Council.name).where(Council.municipality_id == municipality.id)
    for other_id, other_name in db.session.execute(stmt):
        if fold(other_name) == fold(name) and (council is None or other_id != council.id):
            raise ValidationFailed("name", _("The municipality already has a council with "
                                             "this name."))
    return name


def _territories(municipality: Municipality, ids: list[int],
                 council: Council | None) -> list[TerritorialUnit]:
    if not ids:
        raise ValidationFailed("territory_ids", _("Choose at least one territorial unit."))
    units = db.session.scalars(select(TerritorialUnit).where(
        TerritorialUnit.id.in_(ids), TerritorialUnit.municipality_id == municipality.id)).all()
    if len(units) != len(set(ids)):
        raise ValidationFailed("territory_ids",
                               _("Choose territorial units of this municipality."))
    stmt = (select(TerritorialUnit.name, Council.name)
            .join(council_territories, council_territories.c.unit_id == TerritorialUnit.id)
            .join(Council, Council.id == council_territories.c.council_id)
            .where(TerritorialUnit.id.in_(ids), Council.status != CouncilStatus.DISSOLVED))
    if council is not None:
        stmt = stmt.where(Council.id != council.id)
    taken = db.session.execute(stmt).first()
    if taken is not None:
        raise ValidationFailed("territory_ids", _(
            "%(unit)s is already represented by %(council)s. Dissolve that council first.",
            unit=taken[0], council=taken[1]))
    return sorted(units, key=lambda u: u.name)


def covered_units(municipality: Municipality, council: Council | None = None) -> set[int]:
    """Units of the municipality already represented by another council that is not dissolved."""
    stmt = (select(council_territories.c.unit_id)
            .join(Council, Council.id == council_territories.c.council_id)
            .where(Council.municipality_id == municipality.id,
                   Council.status != CouncilStatus.DISSOLVED))
    if council is not None:
        stmt = stmt.where(Council.id != council.id)
    return set(db.session.scalars(stmt))


def _check_details(municipality: Municipality, details: CouncilDetails,
                   council: Council | None) -> list[TerritorialUnit]:
    details.name = _check_name(municipality, details.name, council)
    units = _territories(municipality, details.territory_ids, council)
    if details.seats is None:
        details.seats = municipality.default_seats
    if not 1 <= details.seats <= 99:
        raise ValidationFailed("seats", _("Enter a number from %(min)s to %(max)s.",
                                          min=1, max=99))
    if details.term_end is not None and details.term_start is None:
        raise ValidationFailed("term_start", _("Fill in when the term starts as well."))
    if details.term_start is not None and details.term_end is None:
        details.term_end = add_years(details.term_start, municipality.term_years) \
            - timedelta(days=1)
    if details.term_end is not None and details.term_end <= details.term_start:
        raise ValidationFailed("term_end", _("The term must end after it starts."))
    if details.bylaw_url and not details.bylaw_url.startswith(("https://", "http://")):
        raise ValidationFailed("bylaw_url", _("Enter an address that starts with https://."))
    details.description = (details.description or "").strip()
    details.place_locative = (details.place_locative or "").strip() or units[0].locative
    return units


_COPIED = ("name", "seats", "bylaw_number", "bylaw_date", "bylaw_url", "established_on",
           "term_start", "term_end", "description", "contact_email", "place_locative")


def create_council(municipality: Municipality, details: CouncilDetails, *, actor) -> Council:
    """A new council in the "forming" state; its slug never changes afterwards."""
    if not can_manage_councils(actor, municipality.id):
        raise NotAllowed(_("You may not do this."))
    units = _check_details(municipality, details, None)
    council = Council(municipality=municipality, status=CouncilStatus.FORMING,
                      slug=council_slug(municipality, details.name), territories=units,
                      **{name: getattr(details, name) for name in _COPIED})
    db.session.add(council)
    db.session.flush()
    audit.record(actor, "council.create", council, summary=council.name,
                 changes={"seats": [None, council.seats],
                          "territories": [None, [u.name for u in units]]})
    return council


def update_council(council: Council, details: CouncilDetails, *, actor, version) -> Council:
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    expect_version(council, version)
    units = _check_details(council.municipality, details, council)
    if details.seats < council.seats:
        today = today_in(council.municipality)
        most = membership_service.most_voting_members(council, today)
        if most > details.seats:
            raise ValidationFailed("seats", _(
                "%(n)d voting members sit on the council now or later. End memberships "
                "before reducing the seats.", n=most))
    old_units = [u.name for u in council.territories]
    for name in _COPIED:
        setattr(council, name, getattr(details, name))
    council.territories = units
    council.updated_at = utcnow()  # a change of territories alone also bumps the version
    changes = audit.changes_of(council)
    if old_units != [u.name for u in units]:
        changes["territories"] = [old_units, [u.name for u in units]]
    db.session.flush()
    audit.record(actor, "council.update", council, summary=council.name, changes=changes)
    return council


# --- status verbs -------------------------------------------------------------------------------

# verb → (states it starts from, state it leads to); each pair is in COUNCIL_TRANSITIONS.
VERBS: dict[str, tuple[frozenset[CouncilStatus], CouncilStatus]] = {
    "activate": (frozenset({CouncilStatus.FORMING}), CouncilStatus.ACTIVE),
    "suspend": (frozenset({CouncilStatus.ACTIVE}), CouncilStatus.SUSPENDED),
    "reactivate": (frozenset({CouncilStatus.SUSPENDED}), CouncilStatus.ACTIVE),
    "dissolve": (frozenset({CouncilStatus.FORMING, CouncilStatus.ACTIVE,
                            CouncilStatus.SUSPENDED}), CouncilStatus.DISSOLVED),
}


def can_apply(council: Council, verb: str) -> bool:
    sources, target = VERBS[verb]
    return council.status in sources and target in COUNCIL_TRANSITIONS[council.status]


def allowed_verbs(council: Council) -> list[str]:
    return [verb for verb in VERBS if can_apply(council, verb)]


def refusal(verb: str) -> str:
    return {
        "activate": _("Only a council that is being formed can be activated."),
        "suspend": _("Only an active council can be suspended."),
        "reactivate": _("Only a suspended council can be reactivated."),
        "dissolve": _("This council is already dissolved."),
    }[verb]


def _apply(council: Council, verb: str, *, actor, note: str, changes: dict | None = None):
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    if not can_apply(council, verb):
        raise InvalidTransition(refusal(verb))
    old = council.status
    council.status = VERBS[verb][1]
    council.updated_at = utcnow()
    db.session.flush()
    note = (note or "").strip()
    audit.record(actor, f"council.{verb}", council,
                 summary=council.name + (f": {note}" if note else ""),
                 changes={"status": [old, council.status], **(changes or {})})
    return council


def activate_council(council: Council, *, established_on: date, actor, note: str = ""):
    """Forming → active, on the day the council was established."""
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    if not can_apply(council, "activate"):
        raise InvalidTransition(refusal("activate"))
    changes = {"established_on": [council.established_on, established_on]}
    council.established_on = established_on
    return _apply(council, "activate", actor=actor, note=note, changes=changes)


def suspend_council(council: Council, *, actor, note: str = ""):
    return _apply(council, "suspend", actor=actor, note=note)


def reactivate_council(council: Council, *, actor, note: str = ""):
    return _apply(council, "reactivate", actor=actor, note=note)


def dissolve_council(council: Council, *, on: date, actor, note: str = ""):
    """Any state → dissolved. Memberships still open on that day end on it (end of term)."""
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    if not can_apply(council, "dissolve"):
        raise InvalidTransition(refusal("dissolve"))
    open_ = db.session.scalars(
        select(Membership).where(Membership.council_id == council.id,
                                 or_(Membership.end_on.is_(None), Membership.end_on > on))
        .options(selectinload(Membership.person)).order_by(Membership.id)).all()
    later = [m for m in open_ if m.start_on > on]
    if later:
        raise ValidationFailed("on", _(
            "The membership of %(name)s starts after this date. Change or end it first.",
            name=later[0].person.full_name))
    for membership in open_:
        old_end = membership.end_on
        membership.end_on, membership.end_reason = on, EndReason.TERM_END
        db.session.flush()
        audit.record(actor, "membership.end", membership,
                     summary=f"{membership.person.full_name} @ {council.name}",
                     changes={"end_on": [old_end, on], "end_reason": [None, EndReason.TERM_END]})
    return _apply(council, "dissolve", actor=actor, note=note,
                  changes={"dissolved_on": [None, on], "memberships_ended": [None, len(open_)]})


# --- council roles ------------------------------------------------------------------------------

def grant_role(council: Council, *, email: str, role: CouncilRoleKind, actor) -> CouncilRole:
    """Give an existing account a role in this council (secretary or member access)."""
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    user = db.session.scalars(select(User).where(
        User.email == accounts.normalise_email(email), User.is_active.is_(True))).first()
    if user is None:
        raise ValidationFailed("email", _("No active account uses this e-mail address. Ask "
                                          "the administrator to create the account first."))
    existing = [r for r in council.roles if r.user_id == user.id and r.role == role]
    if existing:
        raise ValidationFailed("email", _("This user already has that role in this council."))
    return accounts.grant_council_role(user, council, role, actor=actor)


def get_role(council: Council, grant_id: int) -> CouncilRole | None:
    return next((r for r in council.roles if r.id == grant_id), None)


def revoke_role(grant: CouncilRole, *, actor) -> None:
    if not can_manage_councils(actor, grant.council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    accounts.revoke_council_role(grant, actor=actor)
