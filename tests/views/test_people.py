"""People through the UI: every route × role, the duplicate warning, bad input, conflicts,
and a list whose query count does not grow."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, Citizenship, Person, TerritorialUnit
from tests import factories
from tests.conftest import DEMO_USERS

ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]


def _unit_id(name):
    return db.session.scalar(select(TerritorialUnit.id).where(TerritorialUnit.name == name))


def _person(name):
    return db.session.scalars(select(Person).where(Person.full_name == name)).one()


def _data(**kw):
    data = {"full_name": "Anna Liepa", "territory_id": str(_unit_id("Kursīšu pagasts")),
            "email": "anna.liepa@example.lv", "phone": "+371 26123456",
            "birth_date": "1984-06-23", "citizenship": "lv", "publish_consent": "y"}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def _edit_data(person, **kw):
    data = {"version": str(person.version), "full_name": person.full_name,
            "territory_id": str(person.territory_id or 0), "email": person.email,
            "phone": person.phone, "birth_date": "", "citizenship": "",
            "publish_consent": "y" if person.publish_consent else None}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("role", ROLES)
def test_every_people_route_for_every_role(demo, login_as, role):
    client = login_as(role)
    nina = _person("Ņina Žukova")
    routes = [
        ("GET", "/people/", None),
        ("GET", "/people/?q=kal&territory_id=abc&page=2", None),
        ("GET", "/people/new", None),
        ("POST", "/people/new", lambda: _data()),
        ("GET", f"/people/{nina.id}/edit", None),
        ("POST", f"/people/{nina.id}/edit", lambda: _edit_data(_person("Ņina Žukova"))),
    ]
    for method, url, data in routes:
        response = client.get(url) if method == "GET" else client.post_form(url, data())
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        elif role in ("officer", "admin"):
            assert response.status_code == (200 if method == "GET" else 302), (
                url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)
    nav = client.get("/councils/").get_data(as_text=True)
    assert ('href="/people/"' in nav) == (role in ("officer", "admin"))


def test_register_a_person_and_return_to_the_membership_form(demo, login_as):
    client = login_as("officer")
    target = "/councils/saldus-kursisu-pagasts/members/new"
    response = client.post_form(f"/people/new?next={target}", _data())
    assert response.status_code == 302
    person = _person("Anna Liepa")
    assert response.headers["Location"] == f"{target}?person_id={person.id}"
    assert (person.email, person.citizenship, person.birth_date) == (
        "anna.liepa@example.lv", Citizenship.LV, date(1984, 6, 23))
    assert person.publish_consent
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "person.create",
                                                        AuditEntry.object_id == person.id)).one()
    assert "anna.liepa" not in repr(entry.changes)
    response = client.post_form("/people/new?next=https://evil.example/", _data(
        full_name="Pēteris Liepa"))
    assert response.headers["Location"].startswith("/people/")


def test_a_likely_duplicate_needs_confirmation(demo, login_as):
    client = login_as("officer")
    in_kursisi = len(db.session.scalars(select(Person).where(
        Person.territory_id == _unit_id("Kursīšu pagasts"))).all())
    response = client.post_form("/people/new", _data(full_name="janis  KALNINS"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vai tā ir tā pati persona?" in html
    assert "Jānis Kalniņš" in html and f"/people/{_person('Jānis Kalniņš').id}/edit" in html
    assert 'value="janis  KALNINS"' in html
    assert len(db.session.scalars(select(Person).where(
        Person.territory_id == _unit_id("Kursīšu pagasts"))).all()) == in_kursisi
    response = client.post_form("/people/new", _data(full_name="janis  KALNINS",
                                                     confirm_duplicate="y"))
    assert response.status_code == 302
    assert _person("janis KALNINS").territory_id == _unit_id("Kursīšu pagasts")
    # the same name in another parish is no duplicate
    response = client.post_form("/people/new", _data(
        full_name="Jānis Kalniņš", territory_id=str(_unit_id("Remtes pagasts"))))
    assert response.status_code == 302


@pytest.mark.parametrize("field,value,message", [
    ("full_name", "", "Aizpildiet šo lauku"),
    ("full_name", "  ", "Aizpildiet šo lauku"),
    ("full_name", "Ā" * 10_000, "ne vairāk kā"),
    ("full_name", "Anna\x00Liepa", "nav atļautas"),
    ("email", "nav-epasts", "derīgu e-pasta adresi"),
    ("email", "a\x00@b.lv", "nav atļautas"),
    ("phone", "zvaniet vakarā", "tālruņa numuru"),
    ("phone", "2" * 10_000, "ne vairāk kā"),
    ("birth_date", "2000-02-31", "Nederīgs datums"),
    ("birth_date", "2099-01-01", "pagātnē"),
    ("territory_id", "abc", "Izvēlieties no saraksta"),
    ("territory_id", "999999", "Izvēlieties no saraksta"),
    ("citizenship", "martian", "Izvēlieties no saraksta"),
])
def test_register_bad_input_keeps_what_was_typed(demo, login_as, field, value, message):
    client = login_as("officer")
    response = client.post_form("/people/new", _data(**{field: value}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    if field != "full_name":
        assert 'value="Anna Liepa"' in html
    if field != "email":
        assert 'value="anna.liepa@example.lv"' in html
    assert db.session.scalar(select(Person).where(Person.email == "anna.liepa@example.lv")) is None


def test_edit_a_person_and_the_conflict_page(demo, login_as, app):
    nina = _person("Ņina Žukova")
    stale = _edit_data(nina, phone="+371 29000000", publish_consent="y")
    other = app.test_client()
    other.login(DEMO_USERS["admin"])
    assert other.post_form(f"/people/{nina.id}/edit",
                           _edit_data(nina, email="nina.jauna@example.lv")).status_code == 302
    client = login_as("officer")
    response = client.post_form(f"/people/{nina.id}/edit", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "nina.jauna@example.lv" in html and 'value="+371 29000000"' in html
    nina = _person("Ņina Žukova")
    assert nina.phone == "" and not nina.publish_consent
    response = client.post_form(f"/people/{nina.id}/edit", {**stale, "version": str(nina.version),
                                                            "email": nina.email})
    assert response.status_code == 302
    nina = _person("Ņina Žukova")
    assert nina.publish_consent and nina.phone == "+371 29000000"
    page = client.get(f"/people/{nina.id}/edit").get_data(as_text=True)
    assert "Kursīšu pagasta iedzīvotāju padome" in page  # her memberships
    response = client.post_form(f"/people/{nina.id}/edit", _edit_data(nina, full_name=""))
    assert response.status_code == 400
    assert client.get("/people/999999/edit").status_code == 404


def test_list_search_and_query_count(demo, login_as, count_queries):
    client = login_as("officer")
    with count_queries() as small:
        html = client.get("/people/").get_data(as_text=True)
    assert html.count('<th scope="row">') == 25
    muni = _person("Ģirts Ābele").municipality
    council = factories.council(muni, slug="liela-padome", seats=99)
    for i in range(60):
        factories.membership(council, factories.person(muni, full_name=f"Ābols {i:02d}"),
                             start_on=date(2026, 1, 1))
    db.session.commit()
    with count_queries() as large:
        html = client.get("/people/?page=2").get_data(as_text=True)
    assert small.count == large.count
    html = client.get("/people/?q=kalni").get_data(as_text=True)
    assert "Jānis Kalniņš" in html and "Ģirts Ābele" not in html
    html = client.get(f"/people/?territory_id={_unit_id('Remtes pagasts')}").get_data(
        as_text=True)
    assert "Aija Zvaigzne" in html and "Jānis Kalniņš" not in html
    assert "Remtes pagasta iedzīvotāju padome" in html
    html = client.get("/people/?q=" + "x" * 500).get_data(as_text=True)
    assert "ne vairāk kā" in html  # the filter is ignored, with a message
    assert "Neviens neatbilst" in client.get("/people/?q=zzzz").get_data(as_text=True)
