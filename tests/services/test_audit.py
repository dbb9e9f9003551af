"""Every write service leaves an audit entry in the same transaction."""

from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, CouncilRoleKind, GlobalRole
from council.services import accounts, audit
from tests import factories


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_account_services_write_audit_entries(app):
    admin = factories.user(role=GlobalRole.ADMIN)
    council = factories.council()
    user = accounts.create_user(actor=admin, email="a@example.lv", display_name="Anna",
                                password="garaparole123")
    accounts.update_user(user, actor=admin, email="a@example.lv", display_name="Anna Liepa",
                         role=GlobalRole.OFFICER, locale="en", person_id=None,
                         municipality_id=None)
    accounts.reset_password(user, "citaparole123", actor=admin)
    accounts.change_own_password(user, current="citaparole123", new="treshaparole1")
    accounts.update_profile(user, display_name="Anna L.", locale="lv")
    grant = accounts.grant_council_role(user, council, CouncilRoleKind.SECRETARY, actor=admin)
    accounts.revoke_council_role(grant, actor=admin)
    accounts.set_active(user, False, actor=admin)
    accounts.set_active(user, True, actor=admin)
    assert _actions() == [
        "user.create", "user.update", "user.reset_password", "user.change_password",
        "user.update_profile", "council_role.grant", "council_role.revoke",
        "user.deactivate", "user.activate",
    ]
    update = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.update")).one()
    assert update.changes["display_name"] == ["Anna", "Anna Liepa"]
    assert update.changes["role"] == ["none", "officer"]
    assert update.actor_id == admin.id and update.object_type == "User"


def test_audit_entry_rolls_back_with_the_change(app):
    admin = factories.user(role=GlobalRole.ADMIN)
    db.session.commit()
    accounts.create_user(actor=admin, email="b@example.lv", display_name="B",
                         password="garaparole123")
    db.session.rollback()
    assert _actions() == []


def test_entries_stmt_filters(app):
    admin = factories.user(role=GlobalRole.ADMIN)
    audit.record(admin, "x.one", admin, summary="one")
    audit.record(None, "y.two", object_type="Council", object_id=5, summary="two")
    one = db.session.scalars(audit.entries_stmt(actor_id=admin.id)).all()
    assert [e.summary for e in one] == ["one"]
    two = db.session.scalars(audit.entries_stmt(object_type="Council", object_id=5)).all()
    assert [e.summary for e in two] == ["two"]
