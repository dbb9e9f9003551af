"""Memberships through the UI: add, correct, end — every route × role, bad input, conflicts."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, Council, EndReason, Membership, Person, Position
from tests.conftest import DEMO_USERS

ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]
KURSISI = "saldus-kursisu-pagasts"
SALDUS = "saldus-saldus-pilseta"  # 7 seats, 6 voting members in the demo


def _council(slug):
    return db.session.scalars(select(Council).where(Council.slug == slug)).one()


def _person(name):
    return db.session.scalars(select(Person).where(Person.full_name == name)).one()


def _membership(slug, name):
    return db.session.scalars(select(Membership).join(Membership.person).where(
        Membership.council_id == _council(slug).id, Person.full_name == name)
        .order_by(Membership.id.desc())).first()


def _free_person():
    """Someone of Saldus who is on no council."""
    from tests import factories

    person = factories.person(_council(SALDUS).municipality, full_name="Anna Liepa")
    db.session.commit()
    return person


def _routes():
    m = _membership(KURSISI, "Māris Šteins")
    person = _free_person()
    return [
        ("GET", f"/councils/{SALDUS}/members/new", None),
        ("POST", f"/councils/{SALDUS}/members/new",
         {"person_id": str(person.id), "position": "member", "voting": "y",
          "start_on": "2026-11-01"}),
        ("GET", f"/councils/{KURSISI}/members/{m.id}/edit", None),
        ("POST", f"/councils/{KURSISI}/members/{m.id}/edit",
         {"version": str(m.version), "position": "member", "voting": "y",
          "start_on": "2026-04-01"}),
        ("GET", f"/councils/{KURSISI}/members/{m.id}/end", None),
        ("POST", f"/councils/{KURSISI}/members/{m.id}/end",
         lambda: {"version": str(_membership(KURSISI, "Māris Šteins").version),
                  "end_on": "2026-11-20", "reason": "resigned"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_membership_route_for_every_role(demo, login_as, role):
    client = login_as(role)
    for method, url, data in _routes():
        if callable(data):
            data = data()
        response = client.get(url) if method == "GET" else client.post_form(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        elif role in ("officer", "admin"):
            assert response.status_code == (200 if method == "GET" else 302), (
                url, response.status_code, response.get_data(as_text=True)[-3000:])
        else:
            assert response.status_code == 403, (role, url, response.status_code)
    ended = _membership(KURSISI, "Māris Šteins")
    if role in ("officer", "admin"):
        assert (ended.end_on, ended.end_reason) == (date(2026, 11, 20), EndReason.RESIGNED)
        assert _membership(SALDUS, "Anna Liepa") is not None
    else:
        assert ended.end_on is None


def test_add_a_member_and_the_seat_limit(demo, login_as):
    client = login_as("officer")
    person = _free_person()
    page = client.get(f"/councils/{SALDUS}/members/new?person_id={person.id}")
    assert f'value="{person.id}" selected' in page.get_data(as_text=True) or \
        f'selected value="{person.id}"' in page.get_data(as_text=True)
    response = client.post_form(f"/councils/{SALDUS}/members/new", {
        "person_id": str(person.id), "position": "member", "voting": "y",
        "start_on": "2026-11-01"})
    assert response.status_code == 302
    assert "Persona Anna Liepa ir iekļauta" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "membership.create")).one()
    assert entry.actor.email == DEMO_USERS["officer"]
    # the eighth voting member does not fit
    from tests import factories
    eighth = factories.person(_council(SALDUS).municipality)
    db.session.commit()
    response = client.post_form(f"/councils/{SALDUS}/members/new", {
        "person_id": str(eighth.id), "position": "member", "voting": "y",
        "start_on": "2026-11-02"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "visas 7 vietas ar balsstiesībām ir aizņemtas" in html
    assert 'value="2026-11-02"' in html
    # without a vote it fits
    response = client.post_form(f"/councils/{SALDUS}/members/new", {
        "person_id": str(eighth.id), "position": "secretary", "start_on": "2026-11-02"})
    assert response.status_code == 302


@pytest.mark.parametrize("data,message", [
    ({"person_id": "0"}, "Izvēlieties personu"),
    ({"person_id": "abc"}, "Izvēlieties personu"),
    ({"person_id": "99999"}, "Izvēlieties no saraksta"),
    ({"start_on": ""}, "Aizpildiet šo lauku"),
    ({"start_on": "2026-02-31"}, "Nederīgs datums"),
    ({"start_on": "x" * 10_000}, "Nederīgs datums"),
    ({"position": "king"}, "Izvēlieties no saraksta"),
    ({"position": "chair"}, "jau ir priekšsēdētājs"),
    ({"person": "same"}, "jau ir šīs padomes loceklis"),
])
def test_add_member_bad_input(demo, login_as, data, message):
    client = login_as("officer")
    person = _free_person()
    form = {"person_id": str(person.id), "position": "member", "start_on": "2026-11-01"}
    if data.pop("person", None):
        form["person_id"] = str(_person("Jānis Kalniņš").id)
    form.update(data)
    response = client.post_form(f"/councils/{KURSISI}/members/new", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_dissolved_council_takes_no_members(demo, login_as):
    client = login_as("officer")
    client.post_form("/councils/saldus-zanas-pagasts/dissolve", {"on": "2026-11-20"})
    person = _free_person()
    response = client.post_form("/councils/saldus-zanas-pagasts/members/new", {
        "person_id": str(person.id), "position": "member", "start_on": "2026-11-21"})
    assert response.status_code == 400
    assert "Likvidētā padomē jaunus locekļus neuzņem." in response.get_data(as_text=True)


def test_edit_conflict_keeps_the_users_input(demo, login_as, app):
    m = _membership(KURSISI, "Māris Šteins")
    stale = {"version": str(m.version), "position": "deputy_chair", "voting": "y",
             "start_on": "2026-04-02"}
    other = app.test_client()
    other.login(DEMO_USERS["admin"])
    assert other.post_form(f"/councils/{KURSISI}/members/{m.id}/edit", {
        "version": str(m.version), "position": "member", "start_on": "2026-04-01"}
    ).status_code == 302  # takes away the vote
    client = login_as("officer")
    response = client.post_form(f"/councils/{KURSISI}/members/{m.id}/edit", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="2026-04-02"' in html
    assert "to mainīja kāds cits" in html
    assert _membership(KURSISI, "Māris Šteins").voting is False


def test_edit_bad_input(demo, login_as):
    client = login_as("officer")
    m = _membership(KURSISI, "Māris Šteins")
    url = f"/councils/{KURSISI}/members/{m.id}/edit"
    for data, message in (
        ({"start_on": "2026-02-31"}, "Nederīgs datums"),
        ({"start_on": ""}, "Aizpildiet šo lauku"),
        ({"position": "chair"}, "jau ir priekšsēdētājs"),
    ):
        form = {"version": str(m.version), "position": "member", "voting": "y",
                "start_on": "2026-04-01", **data}
        response = client.post_form(url, form)
        assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_end_a_membership_and_correct_its_end(demo, login_as):
    client = login_as("officer")
    m = _membership(KURSISI, "Māris Šteins")
    page = client.get(f"/councils/{KURSISI}/members/{m.id}/end").get_data(as_text=True)
    assert "<form" in page and _membership(KURSISI, "Māris Šteins").end_on is None
    for data, message in (({"end_on": "2026-03-01"}, "nevar būt agrāks"),
                          ({"end_on": "2026-02-30"}, "Nederīgs datums"),
                          ({"reason": "bored"}, "Izvēlieties no saraksta")):
        form = {"version": str(m.version), "end_on": "2026-11-20", "reason": "resigned", **data}
        response = client.post_form(f"/councils/{KURSISI}/members/{m.id}/end", form)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    client.post_form(f"/councils/{KURSISI}/members/{m.id}/end", {
        "version": str(m.version), "end_on": "2026-11-20", "reason": "moved_away"})
    m = _membership(KURSISI, "Māris Šteins")
    assert (m.end_on, m.end_reason) == (date(2026, 11, 20), EndReason.MOVED_AWAY)
    # ending again: the page says it has ended, the POST is refused
    assert "beidzās" in client.get(f"/councils/{KURSISI}/members/{m.id}/end").get_data(
        as_text=True)
    response = client.post_form(f"/councils/{KURSISI}/members/{m.id}/end", {
        "version": str(m.version), "end_on": "2026-11-21", "reason": "resigned"})
    assert response.status_code == 400
    # correct the end date on the edit page
    page = client.get(f"/councils/{KURSISI}/members/{m.id}/edit").get_data(as_text=True)
    assert 'name="end_on"' in page
    response = client.post_form(f"/councils/{KURSISI}/members/{m.id}/edit", {
        "version": str(m.version), "position": "member", "voting": "y",
        "start_on": "2026-04-01", "end_on": "2026-11-15", "end_reason": "resigned"})
    assert response.status_code == 302
    m = _membership(KURSISI, "Māris Šteins")
    assert (m.end_on, m.end_reason) == (date(2026, 11, 15), EndReason.RESIGNED)


def test_end_with_a_stale_version_shows_the_conflict(demo, login_as):
    client = login_as("officer")
    m = _membership(KURSISI, "Māris Šteins")
    response = client.post_form(f"/councils/{KURSISI}/members/{m.id}/end", {
        "version": str(m.version - 1), "end_on": "2026-11-20", "reason": "resigned"})
    assert response.status_code == 409
    assert 'value="2026-11-20"' in response.get_data(as_text=True)
    assert _membership(KURSISI, "Māris Šteins").end_on is None


def test_a_membership_of_another_council_is_not_found(demo, login_as):
    client = login_as("officer")
    m = _membership(SALDUS, "Kristīne Liepiņa")
    assert client.get(f"/councils/{KURSISI}/members/{m.id}/edit").status_code == 404
    assert client.get(f"/councils/{KURSISI}/members/{m.id}/end").status_code == 404
    assert client.get(f"/councils/{KURSISI}/members/999999/edit").status_code == 404


def test_the_person_list_offers_registering_someone_new(demo, login_as):
    html = login_as("officer").get(f"/councils/{KURSISI}/members/new").get_data(as_text=True)
    assert "/people/new?next=/councils/saldus-kursisu-pagasts/members/new" in html
    assert "Jānis Kalniņš — Kursīšu pagasts" in html
    assert Position.MEMBER.value in html
