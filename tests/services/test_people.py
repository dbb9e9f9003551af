"""People: the likely-duplicate warning, private data kept out of the audit log, versions."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, Citizenship, GlobalRole
from council.services import NotAllowed, StaleVersion, ValidationFailed
from council.services import people as svc
from tests import factories

TODAY = date(2026, 11, 25)


@pytest.fixture
def officer(app):
    return factories.user(role=GlobalRole.OFFICER)


@pytest.fixture
def muni(app):
    return factories.municipality()


def create(muni, officer, **kw):
    confirm = kw.pop("confirm_duplicate", False)
    details = svc.PersonDetails(**{"full_name": "Jānis Kalniņš", **kw})
    return svc.create_person(muni, details, actor=officer, today=TODAY,
                             confirm_duplicate=confirm)


def test_create_normalises_the_name_and_contact(muni, officer):
    unit = factories.unit(muni)
    person = create(muni, officer, full_name="  Jānis   Kalniņš ", territory_id=unit.id,
                    email=" Janis@Example.LV ", phone="+371  20000000",
                    citizenship=Citizenship.LV, birth_date=date(1980, 2, 29))
    assert (person.full_name, person.email, person.phone) == (
        "Jānis Kalniņš", "janis@example.lv", "+371 20000000")
    assert person.territory is unit and not person.publish_consent


@pytest.mark.parametrize("name", ["Jānis Kalniņš", "janis kalnins", " JĀNIS  KALNIŅŠ "])
def test_same_name_in_the_same_unit_asks_for_confirmation(muni, officer, name):
    unit = factories.unit(muni)
    first = create(muni, officer, territory_id=unit.id)
    with pytest.raises(svc.LikelyDuplicate) as e:
        create(muni, officer, full_name=name, territory_id=unit.id)
    assert e.value.matches == [first] and e.value.field == "confirm_duplicate"
    second = create(muni, officer, full_name=name, territory_id=unit.id, confirm_duplicate=True)
    assert second.id != first.id


def test_same_name_elsewhere_is_not_a_duplicate(muni, officer):
    create(muni, officer, territory_id=factories.unit(muni).id)
    create(muni, officer, territory_id=factories.unit(muni).id)
    create(muni, officer)  # no territory
    with pytest.raises(svc.LikelyDuplicate):
        create(muni, officer)  # no territory either: the same
    create(factories.municipality(), officer)  # another municipality


@pytest.mark.parametrize("kw,field", [
    ({"full_name": "  "}, "full_name"),
    ({"birth_date": date(2026, 11, 26)}, "birth_date"),
    ({"birth_date": date(1899, 12, 31)}, "birth_date"),
])
def test_bad_values_are_refused(muni, officer, kw, field):
    with pytest.raises(ValidationFailed) as e:
        create(muni, officer, **kw)
    assert e.value.field == field


def test_territory_of_another_municipality_is_refused(muni, officer):
    with pytest.raises(ValidationFailed) as e:
        create(muni, officer, territory_id=factories.unit().id)
    assert e.value.field == "territory_id"


def test_only_officers_register_people(muni):
    with pytest.raises(NotAllowed):
        create(muni, factories.user())


def test_the_audit_log_notes_private_changes_without_their_values(muni, officer):
    person = create(muni, officer, email="slepens@example.lv", phone="+371 29999999",
                    birth_date=date(1970, 1, 1))
    details = svc.PersonDetails(full_name="Jānis Kalniņš", email="cits@example.lv",
                                publish_consent=True)
    svc.update_person(person, details, actor=officer, version=person.version, today=TODAY)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["person.create", "person.update"]
    text = repr([(e.summary, e.changes) for e in entries])
    assert "slepens" not in text and "29999999" not in text and "cits@" not in text
    assert "1970" not in text
    assert entries[1].changes["publish_consent"] == [False, True]
    assert entries[1].changes["email"] == ["•••", "•••"]
    assert entries[1].changes["phone"] == ["•••", None]


def test_update_refuses_a_stale_version(muni, officer):
    person = create(muni, officer)
    old = person.version
    details = svc.PersonDetails(full_name="Jānis Kalniņš", publish_consent=True)
    svc.update_person(person, details, actor=officer, version=old, today=TODAY)
    with pytest.raises(StaleVersion):
        svc.update_person(person, details, actor=officer, version=old, today=TODAY)


def test_search_ignores_case(muni, officer):
    create(muni, officer, full_name="Ilze Bērziņa")
    create(muni, officer, full_name="Māris Šteins")
    found = db.session.scalars(svc.people_stmt(muni, "bērz")).all()
    assert [p.full_name for p in found] == ["Ilze Bērziņa"]
    found = db.session.scalars(svc.people_stmt(muni, "ILZE")).all()
    assert [p.full_name for p in found] == ["Ilze Bērziņa"]
    assert db.session.scalars(svc.people_stmt(muni, "100%_")).all() == []
