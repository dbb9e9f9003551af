"""Municipality settings: the by-law parameters DOMAIN.md keeps as settings, never constants.

Every later feature reads them from the Municipality (``municipality.notice_days_regular`` …).
``DEFAULTS`` documents the values a new municipality starts with (they equal the model's column
defaults; a test keeps the two in step) and ``RANGES`` the values an administrator may choose.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import Addressee, AddresseeKind, Municipality, NumberingReset, QuorumRule
from ..permissions import can_manage_settings
from . import NotAllowed, ValidationFailed, audit, expect_version

DEFAULTS = {
    "default_seats": 7,
    "term_years": 4,
    "notice_days_regular": 5,
    "notice_days_extraordinary": 1,
    "quorum_rule": QuorumRule.MORE_THAN_HALF,
    "chair_casting_vote": True,
    "answer_working_days": 10,
    "answer_extension_months": 1,
    "numbering_reset": NumberingReset.YEARLY,
    "min_member_age": 16,
}

# Inclusive ranges. Seats and term match the database's CHECK constraints; the answer period
# may be shortened by a by-law but the law's longest extension was four months; the law sets
# the minimum age of a member at 16 and a by-law may only raise it.
RANGES = {
    "default_seats": (1, 99),
    "term_years": (1, 10),
    "notice_days_regular": (0, 60),
    "notice_days_extraordinary": (0, 30),
    "answer_working_days": (1, 90),
    "answer_extension_months": (1, 4),
    "min_member_age": (16, 30),
}


@dataclass
class MunicipalitySettings:
    """What the settings page edits."""

    name: str
    address: str
    website: str
    default_seats: int
    term_years: int
    notice_days_regular: int
    notice_days_extraordinary: int
    quorum_rule: QuorumRule
    chair_casting_vote: bool
    answer_working_days: int
    answer_extension_months: int
    numbering_reset: NumberingReset
    min_member_age: int

    @classmethod
    def of(cls, municipality: Municipality) -> MunicipalitySettings:
        return cls(**{f.name: getattr(municipality, f.name) for f in fields(cls)})


def _check(values: MunicipalitySettings) -> None:
    if not values.name.strip():
        raise ValidationFailed("name", _("Fill in this field."))
    for name, (lo, hi) in RANGES.items():
        value = getattr(values, name)
        if value is None or not lo <= value <= hi:
            raise ValidationFailed(name, _("Enter a number from %(min)s to %(max)s.",
                                           min=lo, max=hi))
    if values.website and not values.website.startswith(("https://", "http://")):
        raise ValidationFailed("website", _("Enter an address that starts with https://."))


def update_settings(municipality: Municipality, values: MunicipalitySettings, *, actor,
                    version) -> Municipality:
    if not can_manage_settings(actor):
        raise NotAllowed(_("You may not do this."))
    expect_version(municipality, version)
    _check(values)
    values.name = " ".join(values.name.split())
    for f in fields(values):
        setattr(municipality, f.name, getattr(values, f.name))
    changes = audit.changes_of(municipality)
    db.session.flush()
    audit.record(actor, "municipality.update_settings", municipality,
                 summary=municipality.name, changes=changes)
    return municipality


# --- addressees of recommendations --------------------------------------------------------------

def addressees(municipality: Municipality) -> list[Addressee]:
    stmt = (select(Addressee).where(Addressee.municipality_id == municipality.id)
            .order_by(Addressee.position, Addressee.id))
    return list(db.session.scalars(stmt))


def _check_addressee(municipality, name: str, *, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed("name", _("Fill in this field."))
    stmt = select(Addressee.id).where(Addressee.municipality_id == municipality.id,
                                      func.lower(Addressee.name) == name.lower())
    if exclude_id is not None:
        stmt = stmt.where(Addressee.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise ValidationFailed("name", _("This addressee is already on the list."))
    return name


def add_addressee(municipality: Municipality, *, kind: AddresseeKind, name: str,
                  actor) -> Addressee:
    if not can_manage_settings(actor):
        raise NotAllowed(_("You may not do this."))
    name = _check_addressee(municipality, name)
    last = db.session.scalar(select(func.max(Addressee.position))
                             .where(Addressee.municipality_id == municipality.id))
    addressee = Addressee(municipality=municipality, kind=kind, name=name,
                          position=(last or 0) + 1, is_active=True)
    db.session.add(addressee)
    db.session.flush()
    audit.record(actor, "addressee.create", addressee, summary=name,
                 changes={"kind": [None, kind], "name": [None, name]})
    return addressee


def update_addressee(addressee: Addressee, *, kind: AddresseeKind, name: str, position: int,
                     is_active: bool, actor) -> Addressee:
    if not can_manage_settings(actor):
        raise NotAllowed(_("You may not do this."))
    addressee.name = _check_addressee(addressee.municipality, name, exclude_id=addressee.id)
    if not 0 <= position <= 999:
        raise ValidationFailed("position", _("Enter a number from %(min)s to %(max)s.",
                                             min=0, max=999))
    addressee.kind = kind
    addressee.position = position
    addressee.is_active = is_active
    changes = audit.changes_of(addressee)
    db.session.flush()
    audit.record(actor, "addressee.update", addressee, summary=addressee.name, changes=changes)
    return addressee
