"""Council formation: create and edit with the municipality's settings, the status verbs, roles,
and what the council page shows to residents and to members."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    EndReason,
    GlobalRole,
    Position,
)
from council.services import InvalidTransition, NotAllowed, StaleVersion, ValidationFailed
from council.services import councils as svc
from council.services import memberships as ms
from tests import factories

D = date


@pytest.fixture
def officer(app):
    return factories.user(role=GlobalRole.OFFICER)


@pytest.fixture
def muni(app):
    return factories.municipality(slug="saldus")


def details(muni, **kw):
    unit = kw.pop("unit", None) or factories.unit(muni, name="Kursīšu pagasts")
    values = {"name": "Kursīšu pagasta iedzīvotāju padome", "territory_ids": [unit.id]}
    values.update(kw)
    return svc.CouncilDetails(**values)


def actions():
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


# --- create -------------------------------------------------------------------------------------

def test_create_uses_the_municipality_settings_and_a_stable_slug(muni, officer):
    muni.default_seats, muni.term_years = 9, 3
    council = svc.create_council(muni, details(muni, term_start=D(2026, 4, 1)), actor=officer)
    assert council.slug == "saldus-kursisu-pagasts"
    assert council.status == CouncilStatus.FORMING
    assert council.seats == 9
    assert council.term_end == D(2029, 3, 31)
    assert council.place_locative == "Ķēčos"  # from the territorial unit
    assert actions() == ["council.create"]


def test_explicit_seats_and_term_end_win_over_the_settings(muni, officer):
    council = svc.create_council(
        muni, details(muni, seats=5, term_start=D(2026, 4, 1), term_end=D(2028, 12, 31)),
        actor=officer)
    assert (council.seats, council.term_end) == (5, D(2028, 12, 31))


def test_slugs_are_unique_instance_wide(muni, officer):
    first = svc.create_council(muni, details(muni, name="Pilsētas iedzīvotāju padome"),
                               actor=officer)
    assert first.slug == "saldus-pilseta"
    assert svc.council_slug(muni, "pilsetas Iedzīvotāju padome") == "saldus-pilseta-2"
    assert svc.council_slug(factories.municipality(slug="talsi"),
                            "Pilsētas iedzīvotāju padome") == "talsi-pilseta"
    assert svc.council_slug(muni, "Ziemeļu apkaimes iedzīvotāju padome") == \
        "saldus-ziemelu-apkaime"
    assert svc.council_slug(muni, "Jauniešu padome") == "saldus-jauniesu-padome"


def test_a_council_name_is_unique_in_the_municipality_ignoring_case_and_diacritics(muni,
                                                                                    officer):
    svc.create_council(muni, details(muni), actor=officer)
    with pytest.raises(ValidationFailed) as e:
        svc.create_council(muni, details(muni, name="kursisu  pagasta IEDZĪVOTĀJU padome"),
                           actor=officer)
    assert e.value.field == "name"


def test_territories_must_be_chosen_and_belong_to_the_municipality(muni, officer):
    with pytest.raises(ValidationFailed) as e:
        svc.create_council(muni, details(muni, territory_ids=[]), actor=officer)
    assert e.value.field == "territory_ids"
    elsewhere = factories.unit(factories.municipality())
    with pytest.raises(ValidationFailed) as e:
        svc.create_council(muni, details(muni, territory_ids=[elsewhere.id]), actor=officer)
    assert e.value.field == "territory_ids"


def test_a_territory_has_one_council_until_that_council_is_dissolved(muni, officer):
    unit = factories.unit(muni, name="Remtes pagasts")
    first = svc.create_council(muni, details(muni, name="A", unit=unit), actor=officer)
    with pytest.raises(ValidationFailed) as e:
        svc.create_council(muni, details(muni, name="B", unit=unit), actor=officer)
    assert "Remtes pagasts" in e.value.message
    svc.dissolve_council(first, on=D(2026, 5, 1), actor=officer)
    svc.create_council(muni, details(muni, name="B", unit=unit), actor=officer)


@pytest.mark.parametrize("kw,field", [
    ({"term_start": D(2026, 4, 1), "term_end": D(2026, 4, 1)}, "term_end"),
    ({"term_start": D(2026, 4, 1), "term_end": D(2026, 3, 31)}, "term_end"),
    ({"term_end": D(2030, 3, 31)}, "term_start"),
    ({"seats": 0}, "seats"),
    ({"seats": 100}, "seats"),
    ({"bylaw_url": "javascript:alert(1)"}, "bylaw_url"),
    ({"name": "   "}, "name"),
])
def test_create_refuses_bad_values(muni, officer, kw, field):
    with pytest.raises(ValidationFailed) as e:
        svc.create_council(muni, details(muni, **kw), actor=officer)
    assert e.value.field == field


def test_only_officers_and_admins_form_councils(muni):
    secretary = factories.user()
    factories.council_role(secretary, factories.council(muni))
    with pytest.raises(NotAllowed):
        svc.create_council(muni, details(muni), actor=secretary)
    with pytest.raises(NotAllowed):
        svc.create_council(muni, details(muni), actor=None)
    svc.create_council(muni, details(muni), actor=factories.user(role=GlobalRole.ADMIN))


def test_add_years_on_29_february():
    assert svc.add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert svc.add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)


# --- edit ---------------------------------------------------------------------------------------

def test_update_checks_the_version_and_audits_territory_changes(muni, officer):
    council = svc.create_council(muni, details(muni), actor=officer)
    version = council.version
    other = factories.unit(muni, name="Blīdenes pagasts")
    new = details(muni, name=council.name,
                  territory_ids=[council.territories[0].id, other.id], seats=council.seats)
    svc.update_council(council, new, actor=officer, version=version)
    assert council.version == version + 1
    assert [u.name for u in council.territories] == ["Blīdenes pagasts", "Kursīšu pagasts"]
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "council.update")).one()
    assert "territories" in entry.changes
    with pytest.raises(StaleVersion) as e:
        svc.update_council(council, new, actor=officer, version=version)
    assert e.value.current is council


def test_seats_cannot_drop_below_the_voting_members_now_or_later(muni, officer):
    council = svc.create_council(muni, details(muni, seats=5), actor=officer)
    today = svc.today_in(muni)
    members = [ms.add_membership(council, factories.person(muni), position=Position.MEMBER,
                                 voting=True, start_on=today, actor=officer) for _ in range(4)]
    fewer = details(muni, name=council.name, territory_ids=[council.territories[0].id], seats=3)
    with pytest.raises(ValidationFailed) as e:
        svc.update_council(council, fewer, actor=officer, version=council.version)
    assert e.value.field == "seats"
    ms.end_membership(members[0], end_on=today, reason=EndReason.RESIGNED, actor=officer)
    # ending today still counts today
    with pytest.raises(ValidationFailed):
        svc.update_council(council, fewer, actor=officer, version=council.version)
    fewer.seats = 4
    svc.update_council(council, fewer, actor=officer, version=council.version)
    assert council.seats == 4


# --- status verbs -------------------------------------------------------------------------------

def test_the_whole_lifecycle_with_one_audit_entry_per_verb(muni, officer):
    council = svc.create_council(muni, details(muni), actor=officer)
    assert svc.allowed_verbs(council) == ["activate", "dissolve"]
    svc.activate_council(council, established_on=D(2026, 3, 26), actor=officer, note="Dome")
    assert council.status == CouncilStatus.ACTIVE
    assert council.established_on == D(2026, 3, 26)
    assert svc.allowed_verbs(council) == ["suspend", "dissolve"]
    svc.suspend_council(council, actor=officer, note="Too few members")
    assert svc.allowed_verbs(council) == ["reactivate", "dissolve"]
    svc.reactivate_council(council, actor=officer)
    svc.dissolve_council(council, on=D(2027, 1, 31), actor=officer)
    assert council.status == CouncilStatus.DISSOLVED
    assert svc.allowed_verbs(council) == []
    assert actions() == ["council.create", "council.activate", "council.suspend",
                         "council.reactivate", "council.dissolve"]
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "council.suspend")).one()
    assert entry.changes["status"] == ["active", "suspended"]
    assert "Too few members" in entry.summary


@pytest.mark.parametrize("status,verb", [
    (CouncilStatus.ACTIVE, "activate"),
    (CouncilStatus.SUSPENDED, "activate"),
    (CouncilStatus.FORMING, "suspend"),
    (CouncilStatus.SUSPENDED, "suspend"),
    (CouncilStatus.ACTIVE, "reactivate"),
    (CouncilStatus.FORMING, "reactivate"),
    (CouncilStatus.DISSOLVED, "dissolve"),
    (CouncilStatus.DISSOLVED, "reactivate"),
])
def test_verbs_refuse_states_they_do_not_start_from(officer, status, verb):
    council = factories.council(status=status)
    call = {
        "activate": lambda: svc.activate_council(council, established_on=D(2026, 1, 1),
                                                 actor=officer),
        "suspend": lambda: svc.suspend_council(council, actor=officer),
        "reactivate": lambda: svc.reactivate_council(council, actor=officer),
        "dissolve": lambda: svc.dissolve_council(council, on=D(2026, 1, 1), actor=officer),
    }[verb]
    with pytest.raises(InvalidTransition):
        call()
    assert council.status == status


def test_verbs_need_an_officer(app):
    council = factories.council(status=CouncilStatus.ACTIVE)
    with pytest.raises(NotAllowed):
        svc.suspend_council(council, actor=factories.user())
    with pytest.raises(NotAllowed):
        svc.dissolve_council(council, on=D(2026, 1, 1), actor=factories.user())


def test_dissolving_ends_open_memberships_on_that_day(officer):
    council = factories.council(seats=5)
    open_ = factories.membership(council, start_on=D(2026, 4, 1))
    ending_later = factories.membership(council, start_on=D(2026, 4, 1), end_on=D(2027, 1, 1),
                                        end_reason=EndReason.RESIGNED)
    ended = factories.membership(council, start_on=D(2026, 4, 1), end_on=D(2026, 5, 1),
                                 end_reason=EndReason.MOVED_AWAY)
    svc.dissolve_council(council, on=D(2026, 9, 30), actor=officer)
    assert (open_.end_on, open_.end_reason) == (D(2026, 9, 30), EndReason.TERM_END)
    assert ending_later.end_on == D(2026, 9, 30)
    assert (ended.end_on, ended.end_reason) == (D(2026, 5, 1), EndReason.MOVED_AWAY)
    assert ms.roster_on(council, D(2026, 10, 1)) == []
    assert len(ms.roster_on(council, D(2026, 9, 30))) == 2
    with pytest.raises(ValidationFailed):
        ms.add_membership(council, factories.person(council.municipality),
                          position=Position.MEMBER, voting=True, start_on=D(2026, 10, 1),
                          actor=officer)


def test_dissolving_before_a_membership_starts_is_refused(officer):
    council = factories.council()
    factories.membership(council, start_on=D(2026, 12, 1))
    with pytest.raises(ValidationFailed) as e:
        svc.dissolve_council(council, on=D(2026, 11, 30), actor=officer)
    assert e.value.field == "on"
    assert council.status == CouncilStatus.ACTIVE


# --- the council page ---------------------------------------------------------------------------

def test_public_page_lists_consenting_members_and_counts_the_others(officer):
    council = factories.council(seats=5)
    today = svc.today_in(council.municipality)
    muni = council.municipality
    chair = factories.membership(council, factories.person(muni, full_name="Ilze Bērziņa"),
                                 position=Position.CHAIR, start_on=today)
    hidden = factories.membership(council, factories.person(muni, publish_consent=False),
                                  start_on=today)
    factories.membership(council, start_on=D(2020, 1, 1), end_on=D(2021, 1, 1),
                         end_reason=EndReason.RESIGNED)
    page = svc.council_page(council, detailed=False)
    assert page.public_roster == [chair]
    assert page.hidden_count == 1 and hidden in page.roster
    assert page.vacancies == 3
    assert page.history == [] and page.secretaries == [] and page.verbs == []
    detailed = svc.council_page(council, detailed=True)
    assert len(detailed.history) == 3
    assert detailed.verbs == ["suspend", "dissolve"]


def test_voting_counts_in_one_query(app, count_queries):
    council = factories.council(seats=5)
    for _ in range(3):
        factories.membership(council, start_on=D(2026, 4, 1))
    factories.membership(council, start_on=D(2026, 4, 1), voting=False)
    with count_queries() as q:
        counts = svc.voting_counts(council.municipality, D(2026, 5, 1))
    assert counts == {council.id: 3} and q.count == 1


# --- roles --------------------------------------------------------------------------------------

def test_grant_and_revoke_roles_by_e_mail(officer):
    council = factories.council()
    user = factories.user(email="sekretare@example.lv")
    grant = svc.grant_role(council, email=" Sekretare@Example.lv", role=CouncilRoleKind.SECRETARY,
                           actor=officer)
    assert grant.user is user
    with pytest.raises(ValidationFailed) as e:
        svc.grant_role(council, email="sekretare@example.lv", role=CouncilRoleKind.SECRETARY,
                       actor=officer)
    assert e.value.field == "email"
    svc.grant_role(council, email="sekretare@example.lv", role=CouncilRoleKind.MEMBER_ACCESS,
                   actor=officer)
    with pytest.raises(ValidationFailed):
        svc.grant_role(council, email="nav@example.lv", role=CouncilRoleKind.SECRETARY,
                       actor=officer)
    user.is_active = False
    with pytest.raises(ValidationFailed):
        svc.grant_role(council, email="sekretare@example.lv", role=CouncilRoleKind.SECRETARY,
                       actor=officer)
    with pytest.raises(NotAllowed):
        svc.revoke_role(grant, actor=factories.user())
    svc.revoke_role(grant, actor=officer)
    assert db.session.get(CouncilRole, grant.id) is None
    assert actions() == ["council_role.grant", "council_role.grant", "council_role.revoke"]


def test_a_secretary_cannot_grant_roles(app):
    council = factories.council()
    secretary = factories.user()
    factories.council_role(secretary, council)
    factories.user(email="x@example.lv")
    with pytest.raises(NotAllowed):
        svc.grant_role(council, email="x@example.lv", role=CouncilRoleKind.MEMBER_ACCESS,
                       actor=secretary)
