"""Audit log: every write service calls ``record`` in the same transaction as its change."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import AuditEntry, User


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def changes_of(obj, fields: list[str] | tuple[str, ...] | None = None) -> dict[str, list]:
    """The pending column changes of a loaded object: {field: [old, new]}."""
    state = inspect(obj)
    result = {}
    for attr in state.mapper.column_attrs:
        if fields is not None and attr.key not in fields:
            continue
        if attr.key in ("version", "updated_at"):
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            result[attr.key] = [_plain(old), _plain(new)]
    return result


def record(
    actor: User | None,
    action: str,
    obj=None,
    *,
    summary: str = "",
    changes: dict | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> AuditEntry:
    if obj is not None:
        if obj.id is None:
            db.session.flush()
        object_type = object_type or type(obj).__name__
        object_id = obj.id if object_id is None else object_id
    entry = AuditEntry(
        actor_id=actor.id if actor is not None and getattr(actor, "id", None) else None,
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        summary=summary[:500],
        changes={k: _plain(v) for k, v in changes.items()} if changes else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_stmt(*, actor_id=None, object_type=None, object_id=None, action=None,
                 since=None, until=None):
    """The audit log, newest first, filtered; the caller paginates."""
    stmt = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


AUDITED_TYPES = (
    "User", "Municipality", "Council", "CouncilRole", "Person", "Membership", "Election",
    "Candidate", "Meeting", "AgendaItem", "Minutes", "ItemRecord", "Erratum", "Recommendation",
)
