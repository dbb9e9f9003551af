"""Municipality settings: documented defaults, validated ranges, used by new councils."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AddresseeKind, AuditEntry, GlobalRole, Municipality, QuorumRule
from council.services import NotAllowed, StaleVersion, ValidationFailed
from council.services import settings as svc
from tests import factories


@pytest.fixture
def admin(app):
    return factories.user(role=GlobalRole.ADMIN)


def test_documented_defaults_are_the_model_defaults(app):
    for name, value in svc.DEFAULTS.items():
        assert Municipality.__table__.c[name].default.arg == value, name
    muni = factories.municipality()
    assert svc.MunicipalitySettings.of(muni).notice_days_regular == 5


@pytest.mark.parametrize("name", sorted(svc.RANGES))
def test_every_range_is_checked_at_both_ends(admin, name):
    muni = factories.municipality()
    lo, hi = svc.RANGES[name]
    for bad in (lo - 1, hi + 1, None):
        values = replace(svc.MunicipalitySettings.of(muni), **{name: bad})
        with pytest.raises(ValidationFailed) as e:
            svc.update_settings(muni, values, actor=admin, version=muni.version)
        assert e.value.field == name
    for good in (lo, hi):
        values = replace(svc.MunicipalitySettings.of(muni), **{name: good})
        svc.update_settings(muni, values, actor=admin, version=muni.version)
        assert getattr(muni, name) == good
    db.session.flush()


def test_update_is_audited_and_versioned(admin):
    muni = factories.municipality()
    old = muni.version
    values = replace(svc.MunicipalitySettings.of(muni), quorum_rule=QuorumRule.TWO_THIRDS,
                     chair_casting_vote=False, name="  Talsu   novada pašvaldība ")
    svc.update_settings(muni, values, actor=admin, version=old)
    assert muni.name == "Talsu novada pašvaldība"
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "municipality.update_settings"
    assert entry.changes["quorum_rule"] == ["more_than_half", "two_thirds"]
    with pytest.raises(StaleVersion):
        svc.update_settings(muni, values, actor=admin, version=old)


def test_only_admins_change_settings(app):
    muni = factories.municipality()
    officer = factories.user(role=GlobalRole.OFFICER)
    with pytest.raises(NotAllowed):
        svc.update_settings(muni, svc.MunicipalitySettings.of(muni), actor=officer,
                            version=muni.version)
    with pytest.raises(NotAllowed):
        svc.add_addressee(muni, kind=AddresseeKind.DOME, name="Dome", actor=officer)


def test_website_must_be_a_web_address(admin):
    muni = factories.municipality()
    values = replace(svc.MunicipalitySettings.of(muni), website="ftp://x")
    with pytest.raises(ValidationFailed) as e:
        svc.update_settings(muni, values, actor=admin, version=muni.version)
    assert e.value.field == "website"


def test_addressees_are_added_in_order_and_names_are_unique(admin):
    muni = factories.municipality()
    dome = svc.add_addressee(muni, kind=AddresseeKind.DOME, name=" Saldus  novada dome ",
                             actor=admin)
    dept = svc.add_addressee(muni, kind=AddresseeKind.DEPARTMENT, name="Attīstības nodaļa",
                             actor=admin)
    assert (dome.name, dome.position, dept.position) == ("Saldus novada dome", 1, 2)
    with pytest.raises(ValidationFailed):
        svc.add_addressee(muni, kind=AddresseeKind.DOME, name="saldus novada dome", actor=admin)
    svc.update_addressee(dept, kind=AddresseeKind.DEPARTMENT, name="Attīstības nodaļa",
                         position=0, is_active=False, actor=admin)
    assert svc.addressees(muni) == [dept, dome]
    with pytest.raises(ValidationFailed):
        svc.update_addressee(dept, kind=AddresseeKind.DEPARTMENT, name="Saldus novada dome",
                             position=0, is_active=True, actor=admin)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["addressee.create", "addressee.create", "addressee.update"]
