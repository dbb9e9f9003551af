"""Search index: search_entries with FTS5 (SQLite) or a GIN tsvector index (PostgreSQL).

Revision ID: 0007_search
Revises: 0001_foundation
Create Date: 2026-11-25

The index is maintained by a session listener (council/services/search.py). A database that
already holds data is indexed by `flask search-reindex` after this upgrade.
"""
import sqlalchemy as sa
from alembic import op

from council.models.search import SQLITE_FTS_DDL, SQLITE_FTS_DROP

# The index as this revision made it (0012 replaced it by one per kind and publicity).
POSTGRES_FTS_DDL = ["CREATE INDEX ix_search_entries_fts ON search_entries "
                    "USING gin (to_tsvector('simple', folded))"]
POSTGRES_FTS_DROP = ["DROP INDEX IF EXISTS ix_search_entries_fts"]

revision = "0007_search"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("meeting", "agenda_item", "decision", "recommendation",
                                  name="search_kind", native_enum=False, create_constraint=True,
                                  length=24), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_search_entries_kind_object_id")),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_council_id"), ["council_id"],
                              unique=False)
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS_DDL if dialect == "sqlite" else POSTGRES_FTS_DDL:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS_DROP if dialect == "sqlite" else POSTGRES_FTS_DROP:
        op.execute(statement)
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_entries_council_id"))
    op.drop_table("search_entries")
