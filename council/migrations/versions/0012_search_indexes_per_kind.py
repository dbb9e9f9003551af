"""Search on PostgreSQL: a GIN index per kind and publicity

- ix_search_entries_fts (one GIN index over every entry) becomes eight partial indexes, one per
  kind and publicity (ix_search_entries_fts_<kind>_<public|closed>). A search counts one
  kind's matches for one audience; with one index, a common word's bitmap held every kind's
  matches and each count read tens of thousands of entries to keep a thousand.
  SQLite is unchanged (its FTS5 index is walked by id blocks).

Revision ID: 0012_search_indexes_per_kind
Revises: 0011_search_terms
Create Date: 2026-11-26

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_search_indexes_per_kind"
down_revision = "0011_search_terms"
branch_labels = None
depends_on = None

KINDS = ("meeting", "agenda_item", "decision", "recommendation")
INDEXES = {
    f"ix_search_entries_fts_{kind}_{'public' if public else 'closed'}":
        f"kind = '{kind}' AND {'' if public else 'NOT '}public"
    for kind in KINDS for public in (True, False)
}
SINGLE_INDEX = ("CREATE INDEX ix_search_entries_fts ON search_entries "
                "USING gin (to_tsvector('simple', folded))")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_entries_fts")
    for name, predicate in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON search_entries "
                   f"USING gin (to_tsvector('simple', folded)) WHERE {predicate}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(SINGLE_INDEX)
