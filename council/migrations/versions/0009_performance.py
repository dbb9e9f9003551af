"""National scale: search entry ids by kind and publicity, covering indexes for the register

- search_entries.id = block of (kind, publicity) + the object's id (services/search.py
  entry_id). On SQLite "public agenda items, newest first" is then one rowid range of the FTS5
  index, walked backwards: a search filters by kind and visibility inside the index and stops
  after the rows it shows. The FTS5 index is rebuilt for the new ids.
- recommendations: (status, due_on, council_id, responsible_officer_id) answers the officers'
  dashboard counts from the index alone; (status, sent_on, id, is_public) walks and counts the
  register in its "newest first" order.
- site_revision: one row, one number that every committed write moves on; the page cache keys
  pages by it (council/page_cache.py).

Revision ID: 0009_performance
Revises: 0006_minutes
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from council.models.search import SQLITE_FTS_DDL, SQLITE_FTS_DROP

revision = "0009_performance"
down_revision = "0006_minutes"
branch_labels = None
depends_on = None

ID_BLOCK = 1 << 27
KIND_NUMBER = ("CASE kind WHEN 'meeting' THEN 0 WHEN 'agenda_item' THEN 1 "
               "WHEN 'decision' THEN 2 ELSE 3 END")
# Through negative ids, so that no intermediate state collides on the primary key.
RENUMBER = [
    "UPDATE search_entries SET id = -id",
    f"UPDATE search_entries SET id = (({KIND_NUMBER}) * 2 + "
    f"CASE WHEN public THEN 1 ELSE 0 END) * {ID_BLOCK} + object_id",
]
REBUILD = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"


def upgrade():
    revision_table = op.create_table(
        "site_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_revision")),
    )
    op.bulk_insert(revision_table, [{"id": 1, "value": 0}])

    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    for statement in RENUMBER:
        op.execute(statement)
    if sqlite:
        for statement in SQLITE_FTS_DDL:
            op.execute(statement)
        op.execute(REBUILD)
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_status_due")
        batch_op.create_index("ix_recommendations_status_due",
                              ["status", "due_on", "council_id", "responsible_officer_id"],
                              unique=False)
        batch_op.create_index("ix_recommendations_status_sent",
                              ["status", "sent_on", "id", "is_public"],
                              unique=False)


def downgrade():
    op.drop_table("site_revision")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_status_sent")
        batch_op.drop_index("ix_recommendations_status_due")
        batch_op.create_index("ix_recommendations_status_due", ["status", "due_on"],
                              unique=False)
    # The ids stay; the earlier code lets the database number new entries, so PostgreSQL's
    # sequence must continue above them (SQLite continues above the largest rowid by itself).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('search_entries', 'id'), "
                   "(SELECT coalesce(max(id), 1) FROM search_entries))")
