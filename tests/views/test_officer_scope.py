"""An officer of one municipality: reads and manages that municipality's councils, people and
recommendations and nobody else's; an officer without one (and every admin) works for all.

The Saldus demo officer works for Saldus; `two` adds Kuldīgas novads with its own officer, a
closed recommendation, a closed agenda item and a person."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    Council,
    GlobalRole,
    MeetingStatus,
    Recommendation,
    RecommendationStatus,
    User,
)
from council.permissions import (
    can_follow_up_recommendations,
    can_manage_councils,
    can_run_elections,
    can_view_council_records,
    is_officer_of,
    officer_council_ids,
    officer_municipality_id,
    officers_of,
)
from council.services import NotAllowed, ValidationFailed
from council.services import councils as council_service
from council.services import recommendations as rec_service
from tests import factories
from tests.conftest import DEMO_USERS


@pytest.fixture
def two(demo):
    records = factories.kuldiga()
    kuldiga, rumba = records["municipality"], records["council"]
    records["officer"] = factories.user(GlobalRole.OFFICER, municipality_id=kuldiga.id,
                                        display_name="Kuldīgas amatpersona")
    records["everywhere"] = factories.user(GlobalRole.OFFICER, display_name="Valsts uzraugs")
    records["closed"] = factories.recommendation(
        rumba, status=RecommendationStatus.SENT, is_public=False,
        title="Par slēgto Rumbas jautājumu", sent_on=date.today() - timedelta(days=40))
    meeting = factories.meeting(rumba, status=MeetingStatus.ANNOUNCED)
    factories.agenda_item(meeting, title="Slēgtais Rumbas zemesgabalu jautājums",
                          is_public=False)
    records["closed_meeting"] = meeting
    db.session.commit()
    return records


def _saldus_officer() -> User:
    return db.session.scalars(select(User).where(User.email == DEMO_USERS["officer"])).one()


# --- the rules ------------------------------------------------------------------------------------

def test_who_is_an_officer_of_which_municipality(two):
    saldus_officer, kuldiga = _saldus_officer(), two["municipality"]
    saldus_id = saldus_officer.municipality_id
    admin = db.session.scalars(select(User).where(User.email == DEMO_USERS["admin"])).one()
    admin.municipality_id = kuldiga.id  # an admin is never limited, whatever is stored
    db.session.flush()
    assert saldus_id is not None and saldus_id != kuldiga.id
    cases = {saldus_officer: {saldus_id}, two["officer"]: {kuldiga.id},
             two["everywhere"]: {saldus_id, kuldiga.id}, admin: {saldus_id, kuldiga.id},
             factories.user(GlobalRole.NONE, municipality_id=kuldiga.id): set()}
    for user, municipalities in cases.items():
        for m in (saldus_id, kuldiga.id):
            assert is_officer_of(user, m) is (m in municipalities), (user.email, m)
            # the same rule as a condition on users (whom to offer as responsible officer)
            found = db.session.scalar(select(User.id).where(User.id == user.id,
                                                            officers_of(m)))
            assert (found is not None) is (m in municipalities), (user.email, m)
    assert officer_municipality_id(admin) is None
    assert officer_council_ids(two["officer"]) == {two["council"].id}
    assert officer_council_ids(two["everywhere"]) is None
    assert officer_council_ids(factories.user()) == frozenset()


def test_council_level_permissions_follow_the_municipality(two):
    rumba, saldus_officer = two["council"], _saldus_officer()
    for user, allowed in [(saldus_officer, False), (two["officer"], True),
                          (two["everywhere"], True)]:
        assert can_view_council_records(user, rumba) is allowed
        assert can_run_elections(user, rumba) is allowed
        assert can_follow_up_recommendations(user, rumba) is allowed
        assert can_manage_councils(user, rumba.municipality_id) is allowed
        assert can_manage_councils(user) is True  # the menus: they manage councils somewhere


def test_services_refuse_another_municipalitys_records(two):
    saldus_officer, rumba = _saldus_officer(), two["council"]
    with pytest.raises(NotAllowed):
        council_service.suspend_council(rumba, actor=saldus_officer)
    with pytest.raises(NotAllowed):
        rec_service.register(two["closed"], actor=saldus_officer, version=two["closed"].version,
                             registration_number="KND/1", responsible_officer_id=None,
                             registered_on=None)
    # nor may another municipality's officer be made responsible for the answer
    with pytest.raises(ValidationFailed) as e:
        rec_service.register(two["closed"], actor=two["officer"], version=two["closed"].version,
                             registration_number="KND/1",
                             responsible_officer_id=saldus_officer.id, registered_on=None)
    assert e.value.field == "responsible_officer_id"
    assert rec_service.officer_choices(rumba.municipality_id) == sorted(
        (u.id, u.display_name) for u in db.session.scalars(select(User).where(
            User.is_active.is_(True), officers_of(rumba.municipality_id))))
    assert saldus_officer.id not in dict(rec_service.officer_choices(rumba.municipality_id))


def test_what_an_officer_of_one_municipality_sees_in_lists(two, app):
    saldus_officer, closed = _saldus_officer(), two["closed"]
    visible = set(db.session.scalars(select(Recommendation.id).where(
        rec_service.visible_clause(saldus_officer))))
    assert closed.id not in visible and two["recommendation"].id in visible  # Kuldīga's public
    kuldiga_sees = set(db.session.scalars(select(Recommendation.id).where(
        rec_service.visible_clause(two["officer"]))))
    assert closed.id in kuldiga_sees
    # within their own municipality the clause is no condition at all
    assert str(rec_service.visible_clause(two["officer"],
                                          within=two["municipality"].id)) == "true"


# --- the pages ------------------------------------------------------------------------------------

def _status(client, url, data=None):
    response = client.get(url) if data is None else client.post_form(url, data)
    return response.status_code


def test_another_municipalitys_pages_and_writes_are_refused(two, client):
    client.login(DEMO_USERS["officer"])
    rumba, person, closed = two["council"], two["person"], two["closed"]
    before = db.session.scalar(select(sa.func.count()).select_from(AuditEntry))
    for url in [f"/councils/{rumba.slug}/edit", f"/councils/{rumba.slug}/suspend",
                f"/councils/{rumba.slug}/roles", f"/councils/{rumba.slug}/members/new",
                f"/people/{person.id}/edit", "/people/?municipality=kuldiga",
                "/councils/new?municipality=kuldiga", "/people/new?municipality=kuldiga",
                f"/councils/{rumba.slug}/elections/new"]:
        assert _status(client, url) == 403, url
        if url != "/people/?municipality=kuldiga":  # a GET-only page
            assert _status(client, url, {"note": "x"}) == 403, url
    public = two["recommendation"]
    for verb in ("register", "answer", "extend", "implementation", "close"):
        assert _status(client, f"/recommendations/{public.id}/{verb}") == 403, verb
        assert _status(client, f"/recommendations/{public.id}/{verb}",
                       {"version": str(public.version), "registration_number": "X/1"}) == 403
    assert _status(client, f"/recommendations/{closed.id}") == 404  # not theirs to read
    assert db.session.scalar(select(sa.func.count()).select_from(AuditEntry)) == before
    # their own municipality is as before
    saldus = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    assert _status(client, f"/councils/{saldus.slug}/edit") == 200
    assert _status(client, "/people/") == 200


@pytest.mark.parametrize("who", ["kuldiga", "everywhere"])
def test_the_municipalitys_own_officer_and_an_officer_of_all_may(two, client, who):
    client.login(two["officer" if who == "kuldiga" else "everywhere"].email)
    rumba, closed = two["council"], two["closed"]
    for url in [f"/councils/{rumba.slug}/edit", f"/councils/{rumba.slug}/roles",
                f"/people/{two['person'].id}/edit", f"/recommendations/{closed.id}",
                f"/recommendations/{closed.id}/register"]:
        assert _status(client, url) == 200, url
    html = client.get(f"/meetings/{two['closed_meeting'].id}").get_data(as_text=True)
    assert "Slēgtais Rumbas zemesgabalu jautājums" in html
    register = client.get(f"/recommendations/{closed.id}/register").get_data(as_text=True)
    assert "Kuldīgas amatpersona" in register and "Valsts uzraugs" in register
    assert "Inese Kalēja" not in register  # Saldus's officer is not offered


def test_closed_records_of_another_municipality_stay_closed(two, client):
    client.login(DEMO_USERS["officer"])
    html = client.get(f"/meetings/{two['closed_meeting'].id}").get_data(as_text=True)
    assert "Slēgtais Rumbas zemesgabalu jautājums" not in html
    assert "Slēgtais Rumbas" not in client.get("/search?q=zemesgabalu").get_data(as_text=True)
    client.logout()
    client.login(two["officer"].email)
    assert "Slēgtais Rumbas" in client.get("/search?q=zemesgabalu").get_data(as_text=True)


def test_the_register_and_dashboard_start_from_the_officers_municipality(two, client):
    client.login(two["officer"].email)
    html = client.get("/recommendations/").get_data(as_text=True)
    assert '<option selected value="kuldiga">' in html
    assert "Par slēgto Rumbas jautājumu" in html and "Kursīšu pagasta" not in html
    overdue = client.get("/recommendations/?overdue=1").get_data(as_text=True)
    assert "Par slēgto Rumbas jautājumu" in overdue
    assert "Rumbas pagasta iedzīvotāju padome" in overdue and "Kursīšu pagasta" not in overdue
    # "Any" (an empty value) widens the register to everything the officer may read
    wide = client.get("/recommendations/?municipality=").get_data(as_text=True)
    assert "Kursīšu pagasta" in wide and "Par slēgto Rumbas jautājumu" in wide
    # a council of another municipality, asked for by id, brings its municipality along
    saldus = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    html = client.get(f"/recommendations/?council={saldus.id}").get_data(as_text=True)
    assert '<option selected value="saldus">' in html
    # the CSV follows the page
    csv = client.get("/recommendations.csv").get_data(as_text=True)
    assert "Par slēgto Rumbas jautājumu" in csv and "Kursīšu pagasta" not in csv


def test_the_saldus_officers_dashboard_counts_only_saldus(two, client):
    client.login(DEMO_USERS["officer"])
    html = client.get("/recommendations/?overdue=1").get_data(as_text=True)
    assert '<option selected value="saldus">' in html
    assert "Rumbas" not in html


# --- the account ----------------------------------------------------------------------------------

def _account_form(user, **changes) -> dict:
    data = {"email": user.email, "display_name": user.display_name, "role": user.role.value,
            "locale": "lv", "person_id": "0", "municipality_id": "0"}
    return {**data, **changes}


def test_the_admin_chooses_the_officers_municipality(two, login_as):
    client = login_as("admin")
    officer, kuldiga = two["everywhere"], two["municipality"]
    html = client.get(f"/admin/users/{officer.id}").get_data(as_text=True)
    assert "Amatpersona pašvaldībā" in html and "Visas pašvaldības" in html
    response = client.post_form(f"/admin/users/{officer.id}",
                                _account_form(officer, municipality_id=str(kuldiga.id)))
    assert response.status_code == 302
    db.session.refresh(officer)
    assert officer.municipality_id == kuldiga.id
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "user.update", AuditEntry.object_id == officer.id)).one()
    assert entry.changes["municipality_id"] == [None, kuldiga.id]
    users = client.get("/admin/users/?role=officer").get_data(as_text=True)
    assert users.count("(Kuldīgas novada pašvaldība)") == 2  # theirs and the one just moved
    assert "(Saldus novada pašvaldība)" in users and "(visas pašvaldības)" not in users
    # no longer an officer: no municipality either
    client.post_form(f"/admin/users/{officer.id}", _account_form(
        officer, role="none", municipality_id=str(kuldiga.id)))
    db.session.refresh(officer)
    assert (officer.role, officer.municipality_id) == (GlobalRole.NONE, None)


@pytest.mark.parametrize("value", ["999999", "nav", "-1"])
def test_an_unknown_municipality_is_a_form_error_that_keeps_the_input(two, login_as, value):
    client = login_as("admin")
    officer = two["everywhere"]
    response = client.post_form(f"/admin/users/{officer.id}", _account_form(
        officer, display_name="Valsts uzraugs Ā", municipality_id=value))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Valsts uzraugs Ā" in html and 'aria-invalid="true"' in html
    db.session.refresh(officer)
    assert officer.municipality_id is None and officer.display_name == "Valsts uzraugs"


def test_new_officer_of_a_municipality(two, login_as):
    client = login_as("admin")
    response = client.post_form("/admin/users/new", {
        "email": "rumba@example.lv", "display_name": "Rumbas amatpersona",
        "password": "garaparole123", "role": "officer", "locale": "lv", "person_id": "0",
        "municipality_id": str(two["municipality"].id)})
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "rumba@example.lv")).one()
    assert user.municipality_id == two["municipality"].id


def test_with_one_municipality_the_form_asks_nothing_and_changes_nothing(demo, login_as):
    """The choice is hidden when the instance holds one municipality: a new officer works for
    it, and saving an account keeps its own — adding a municipality later widens nobody."""
    client = login_as("admin")
    assert "Amatpersona pašvaldībā" not in client.get("/admin/users/new").get_data(as_text=True)
    officer = _saldus_officer()
    saldus = officer.municipality_id
    data = _account_form(officer, display_name="Inese Kalēja-Ozola")
    del data["municipality_id"]
    assert client.post_form(f"/admin/users/{officer.id}", data).status_code == 302
    db.session.refresh(officer)
    assert (officer.display_name, officer.municipality_id) == ("Inese Kalēja-Ozola", saldus)
    response = client.post_form("/admin/users/new", {
        "email": "jauna@saldus.example", "display_name": "Jauna amatpersona",
        "password": "garaparole123", "role": "officer", "locale": "lv", "person_id": "0"})
    assert response.status_code == 302
    new = db.session.scalars(select(User).where(User.email == "jauna@saldus.example")).one()
    assert new.municipality_id == saldus


def test_create_user_command_with_a_municipality(two, app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--email", "cli@example.lv", "--name", "Cli",
                                 "--password", "garaparole123", "--officer",
                                 "--municipality", "kuldiga"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email == "cli@example.lv")).one()
    assert (user.role, user.municipality_id) == (GlobalRole.OFFICER, two["municipality"].id)
    result = runner.invoke(args=["create-user", "--email", "cli2@example.lv", "--name", "Cli",
                                 "--password", "garaparole123", "--officer",
                                 "--municipality", "nav-tadas"])
    assert result.exit_code != 0 and "nav-tadas" in result.output
