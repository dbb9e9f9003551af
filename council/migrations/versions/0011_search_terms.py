"""Search on SQLite: the index's words in a table of their own

- search_terms (SQLite only): every word of the full-text index. A search expands each prefix
  it is given ("apgaismojum") into the words that start with it and asks FTS5 for any of
  them; FTS5 reads such a list lazily and stops after the rows a page needs, where a prefix
  query first merges every matching document (73,000 for a common word nationally).
  Filled here from the index itself.

Revision ID: 0011_search_terms
Revises: 0010_municipalities
Create Date: 2026-11-26

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_search_terms"
down_revision = "0010_municipalities"
branch_labels = None
depends_on = None

STATEMENTS = [
    "CREATE TABLE search_terms (term VARCHAR(100) NOT NULL, "
    "CONSTRAINT pk_search_terms PRIMARY KEY (term)) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, 'row')",
    "INSERT INTO search_terms (term) SELECT term FROM temp.search_vocab",
    "DROP TABLE temp.search_vocab",
]


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_terms")
