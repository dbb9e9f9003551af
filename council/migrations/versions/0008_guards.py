"""Database guards: approved minutes and certified elections are refused by the database too

Triggers (SQLite) and PL/pgSQL trigger functions (PostgreSQL) refuse UPDATE and DELETE of
approved minutes, any change to their item records, named votes, recusals and the meeting's
attendance and guests, UPDATE and DELETE of their errata; UPDATE and DELETE of certified
elections and any change to their candidates except the use of the reserve list. What exactly
is refused, and why, is in council/models/guards.py.

Existing approved minutes and certified elections become frozen at once; nothing else changes.

Revision ID: 0008_guards
Revises: 0009_performance
Create Date: 2026-11-26
"""
from alembic import op

from council.models.guards import GUARD_DDL, GUARD_DROP

revision = "0008_guards"
down_revision = "0009_performance"
branch_labels = None
depends_on = None


def upgrade():
    for statement in GUARD_DDL[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in GUARD_DROP[op.get_bind().dialect.name]:
        op.execute(statement)
