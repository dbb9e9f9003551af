"""The database guards: approved minutes and certified elections are refused by the database
itself, whatever writes to it (raw SQL, another program, a bug that slips past the services and
the ORM's before_flush guards in models.minutes and models.elections).

Triggers on SQLite (``RAISE(ABORT, …)``) and PL/pgSQL trigger functions on PostgreSQL (``RAISE
EXCEPTION``, SQLSTATE 23000) refuse:

- an UPDATE or DELETE of ``minutes`` whose stored status is 'approved' (draft → approved is the
  approval itself and allowed);
- any INSERT, UPDATE or DELETE of the minutes' ``item_records``, their ``named_votes`` and
  ``recusals``, and the meeting's ``attendances`` and ``guests``, while the minutes are
  approved; an UPDATE is checked against the row's old and new parent (no moving rows out of
  or into approved minutes);
- an UPDATE or DELETE of ``errata`` of approved minutes (adding an erratum is how approved
  minutes are corrected);
- an UPDATE or DELETE of ``elections`` whose stored status is 'certified';
- an INSERT or DELETE of ``candidates`` of a certified election, and an UPDATE of one that
  changes anything but the use of the reserve list (reserve_used_at, reserve_declined_at and the
  version counter that moves with them: services.vacancies).

Nothing bypasses them. Bulk loaders copy rows the way the services create them: frozen parents
in the state before (draft, counted), then their children, then the parents are frozen
(``insert_frozen_last``). TRUNCATE (the test harness empties PostgreSQL between tests) fires no
row triggers.

The migration 0008_guards creates the same statements; ``db.create_all()`` (tests) gets them from
the metadata events below. A change here needs a new migration that drops and recreates the
guards (``GUARD_DROP`` then ``GUARD_DDL``), and 0008 must then keep its own copy of today's
statements. SQLite's batch migrations copy a table and drop the old one, which drops its
triggers: a migration that batch-alters a guarded table must recreate the guards afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy import event

from ..extensions import db
from .base import ddl_with_tables
from .elections import CertifiedElectionChanged
from .minutes import MinutesFrozen

MINUTES_FROZEN = "padome guard: approved minutes cannot be changed; corrections are errata"
ELECTION_CERTIFIED = "padome guard: a certified election cannot be changed"

# What may still change on a candidate of a certified election: the reserve list's use.
CANDIDATE_CHANGES_AFTER_CERTIFICATION = ("reserve_used_at", "reserve_declined_at", "version")
# Everything else is frozen. Spelled out (not read from the model) because the statements are
# part of a migration; tests/test_guards.py checks it covers every column of the table.
CANDIDATE_FROZEN_COLUMNS = (
    "id", "election_id", "person_id", "number", "nominated_on", "nominated_by", "status",
    "ineligible_reason", "incompatible_office", "eligibility_note", "withdrawn_on",
    "withdrawn_reason", "votes", "rank", "lot_rank", "reserve_order",
)

# "Does this row belong to approved minutes / a certified election?" with {row} = OLD or NEW.
_OWN_MINUTES_APPROVED = "{row}.status = 'approved'"
_MINUTES_APPROVED = ("EXISTS (SELECT 1 FROM minutes WHERE minutes.id = {row}.minutes_id"
                     " AND minutes.status = 'approved')")
_ITEM_RECORD_APPROVED = ("EXISTS (SELECT 1 FROM item_records JOIN minutes"
                         " ON minutes.id = item_records.minutes_id"
                         " WHERE item_records.id = {row}.item_record_id"
                         " AND minutes.status = 'approved')")
_MEETING_APPROVED = ("EXISTS (SELECT 1 FROM minutes WHERE minutes.meeting_id = {row}.meeting_id"
                     " AND minutes.status = 'approved')")
_OWN_ELECTION_CERTIFIED = "{row}.status = 'certified'"
_ELECTION_CERTIFIED = ("EXISTS (SELECT 1 FROM elections WHERE elections.id = {row}.election_id"
                       " AND elections.status = 'certified')")


def _old(condition: str) -> str:
    return condition.format(row="OLD")


def _new(condition: str) -> str:
    return condition.format(row="NEW")


def _either(condition: str) -> str:
    return f"({_old(condition)} OR {_new(condition)})"


def _child(condition: str) -> dict[str, str]:
    return {"INSERT": _new(condition), "UPDATE": _either(condition), "DELETE": _old(condition)}


def _candidate_update(dialect: str) -> str:
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    changed = " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in CANDIDATE_FROZEN_COLUMNS)
    return f"{_either(_ELECTION_CERTIFIED)} AND ({changed})"


def _rules(dialect: str) -> list[tuple[str, str, dict[str, str]]]:
    """(table, refusal message, {operation: condition that refuses it})."""
    return [
        ("minutes", MINUTES_FROZEN, {"UPDATE": _old(_OWN_MINUTES_APPROVED),
                                     "DELETE": _old(_OWN_MINUTES_APPROVED)}),
        ("item_records", MINUTES_FROZEN, _child(_MINUTES_APPROVED)),
        ("named_votes", MINUTES_FROZEN, _child(_ITEM_RECORD_APPROVED)),
        ("recusals", MINUTES_FROZEN, _child(_ITEM_RECORD_APPROVED)),
        ("attendances", MINUTES_FROZEN, _child(_MEETING_APPROVED)),
        ("guests", MINUTES_FROZEN, _child(_MEETING_APPROVED)),
        ("errata", MINUTES_FROZEN, {"UPDATE": _either(_MINUTES_APPROVED),
                                    "DELETE": _old(_MINUTES_APPROVED)}),
        ("elections", ELECTION_CERTIFIED, {"UPDATE": _old(_OWN_ELECTION_CERTIFIED),
                                           "DELETE": _old(_OWN_ELECTION_CERTIFIED)}),
        ("candidates", ELECTION_CERTIFIED, {"INSERT": _new(_ELECTION_CERTIFIED),
                                            "UPDATE": _candidate_update(dialect),
                                            "DELETE": _old(_ELECTION_CERTIFIED)}),
    ]


GUARDED_TABLES = tuple(table for table, _message, _ops in _rules("sqlite"))


def _sqlite_ddl() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS guard_{table}_{op.lower()} BEFORE {op} ON {table} "
        f"FOR EACH ROW WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for table, message, ops in _rules("sqlite") for op, condition in ops.items()
    ]


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS guard_{table}_{op.lower()}"
            for table, _message, ops in _rules("sqlite") for op in ops]


def _postgres_function(table: str, message: str, ops: dict[str, str]) -> str:
    by_condition: dict[str, list[str]] = {}
    for op, condition in ops.items():
        by_condition.setdefault(condition, []).append(f"'{op}'")
    checks = "".join(
        f"  IF TG_OP IN ({', '.join(op_names)}) THEN\n"
        f"    IF {condition} THEN\n"
        f"      RAISE EXCEPTION USING MESSAGE = '{message}', ERRCODE = '23000';\n"
        f"    END IF;\n"
        f"  END IF;\n"
        for condition, op_names in by_condition.items()
    )
    return (f"CREATE OR REPLACE FUNCTION guard_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{checks}"
            f"  IF TG_OP = 'DELETE' THEN\n    RETURN OLD;\n  END IF;\n  RETURN NEW;\nEND\n$$")


def _postgres_ddl() -> list[str]:
    statements = []
    for table, message, ops in _rules("postgresql"):
        statements.append(_postgres_function(table, message, ops))
        statements.append(f"CREATE TRIGGER guard_{table} BEFORE {' OR '.join(ops)} ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION guard_{table}()")
    return statements


def _postgres_drop() -> list[str]:
    # CASCADE drops the trigger that calls the function.
    return [f"DROP FUNCTION IF EXISTS guard_{table}() CASCADE"
            for table, _message, _ops in _rules("postgresql")]


GUARD_DDL = {"sqlite": _sqlite_ddl(), "postgresql": _postgres_ddl()}
GUARD_TRIGGERS = {  # the trigger names, to check a database has them all
    "sqlite": {f"guard_{table}_{op.lower()}"
               for table, _message, ops in _rules("sqlite") for op in ops},
    "postgresql": {f"guard_{table}" for table in GUARDED_TABLES},
}
GUARD_DROP = {"sqlite": _sqlite_drop(), "postgresql": _postgres_drop()}

# `db.create_all()` (tests) creates the guards once every table exists; `drop_all()` drops them.
ddl_with_tables(db.metadata, GUARD_DDL, GUARD_DROP)


# --- a refusal raises what the ORM guards raise ------------------------------------------------

def translate_refusal(context: sa.engine.ExceptionContext) -> Exception | None:
    """handle_error: the database's refusal becomes MinutesFrozen or CertifiedElectionChanged
    (the driver's error stays attached as the cause), so callers and the error pages treat it
    like the ORM guard's."""
    message = str(context.original_exception)
    if MINUTES_FROZEN in message:
        return MinutesFrozen(MINUTES_FROZEN)
    if ELECTION_CERTIFIED in message:
        return CertifiedElectionChanged(ELECTION_CERTIFIED)
    return None


def install_translation() -> None:
    """Register the translation once for every engine (called by create_app)."""
    if not event.contains(sa.Engine, "handle_error", translate_refusal):
        event.listen(sa.Engine, "handle_error", translate_refusal)


# --- bulk loaders: children first, then freeze -----------------------------------------------

# The status a frozen row is frozen in, and the one before it in its lifecycle.
FROZEN_STATUS = {"minutes": ("approved", "draft"), "elections": ("certified", "counted")}


def insert_frozen_last(conn: sa.Connection,
                       tables_rows: Iterable[tuple[sa.Table, Sequence[dict]]]) -> None:
    """Insert rows (parents first), loading approved minutes and certified elections in the state
    before and freezing them once their children are in, as the services do."""
    to_freeze: list[tuple[sa.Table, str, list[int]]] = []
    for table, rows in tables_rows:
        if not rows:
            continue
        if table.name in FROZEN_STATUS:
            frozen, before = FROZEN_STATUS[table.name]
            ids = [row["id"] for row in rows if row["status"] == frozen]
            rows = [{**row, "status": before} if row["status"] == frozen else row for row in rows]
            to_freeze.append((table, frozen, ids))
        conn.execute(table.insert(), rows)
    for table, frozen, ids in to_freeze:
        freeze(conn, table, frozen, ids)


def freeze(conn, table: sa.Table, status: str, ids: Sequence[int] | None = None) -> None:
    """Move rows to their frozen status (every row not yet in it, or those ``ids``), leaving
    every other column as it is (no onupdate timestamps)."""
    keep = {c.name: c for c in table.c if c.onupdate is not None}
    stmt = sa.update(table).values(status=status, **keep).where(table.c.status != status)
    if ids is None:
        conn.execute(stmt)
        return
    for start in range(0, len(ids), 500):
        conn.execute(stmt.where(table.c.id.in_(ids[start:start + 500])))
