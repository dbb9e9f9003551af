"""The search index: one row per searchable thing, kept in sync on every flush.

Full-text matching uses the database's own index: an FTS5 table (`search_fts`, external content
over `search_entries.folded`) on SQLite and GIN expression indexes over
`to_tsvector('simple', folded)` on PostgreSQL, one per kind and publicity. `folded` is
lower-case text without diacritics, so "kursisi" finds "Kursīši" on both databases.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy import DDL, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_type


class SearchKind(StrEnum):
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    DECISION = "decision"
    RECOMMENDATION = "recommendation"


class SearchEntry(db.Model):
    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SearchKind] = mapped_column(enum_type(SearchKind, "search_kind"))
    object_id: Mapped[int]
    meeting_id: Mapped[int | None]
    council_id: Mapped[int] = mapped_column(index=True)
    public: Mapped[bool]
    title: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    folded: Mapped[str] = mapped_column(sa.Text)
    happened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("kind", "object_id"),)


# Objects that exist only in one dialect; Alembic's comparison ignores them (see
# council/migrations/env.py include_object).
DIALECT_OBJECTS = {"search_fts", "search_terms"}
SQLITE_FTS_DDL = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_entries_au", "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai", "DROP TABLE IF EXISTS search_fts",
]
# Every word the SQLite index has held (never pruned: a word no entry uses any more costs
# nothing). A search expands a prefix into these words itself: FTS5 reads a list of words
# lazily and stops early, but merges every document of a prefix before it can start.
SQLITE_TERMS_DDL = ["CREATE TABLE search_terms (term VARCHAR(100) NOT NULL, "
                    "CONSTRAINT pk_search_terms PRIMARY KEY (term)) WITHOUT ROWID"]
# One GIN index per kind and publicity (partial indexes): a search counts one kind's matches
# for one audience, and a common word's matches of the other kinds never enter its bitmap.
POSTGRES_FTS_INDEXES = {
    f"ix_search_entries_fts_{kind.value}_{'public' if public else 'closed'}":
        f"kind = '{kind.value}' AND {'' if public else 'NOT '}public"
    for kind in SearchKind for public in (True, False)
}
POSTGRES_FTS_DDL = [
    f"CREATE INDEX {name} ON search_entries USING gin (to_tsvector('simple', folded)) "
    f"WHERE {predicate}"
    for name, predicate in POSTGRES_FTS_INDEXES.items()
]
POSTGRES_FTS_DROP = [f"DROP INDEX IF EXISTS {name}" for name in POSTGRES_FTS_INDEXES]


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic autogenerate filter: leave the dialect-specific full-text objects alone."""
    return not (name and (name in DIALECT_OBJECTS or name.startswith("search_fts")
                          or name.startswith("ix_search_entries_fts")))


# Tests (and `db.create_all()` in general) get the same full-text objects as the migrations.
for _statement in SQLITE_FTS_DDL:
    event.listen(SearchEntry.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_TERMS_DDL:
    event.listen(SearchEntry.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="sqlite"))
event.listen(SearchEntry.__table__, "before_drop",
             DDL("DROP TABLE IF EXISTS search_terms").execute_if(dialect="sqlite"))
for _statement in POSTGRES_FTS_DDL:
    event.listen(SearchEntry.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_FTS_DROP:
    event.listen(SearchEntry.__table__, "before_drop",
                 DDL(_statement).execute_if(dialect="sqlite"))
