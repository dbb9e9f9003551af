"""How many recommendations each council has in each status and publicity, kept by the database.

The register counts what it lists. Counting recommendations reads every one of ten years that
matches (15,000 closed public ones at national scale: 0.35 ms on SQLite; the register as a
visitor opens it, 18,000: 0.75 ms), and grows with the years. A tally row per (status,
publicity, council) turns that into a sum over at most one row per council (0.02 ms and
0.1 ms), whatever the history.

Triggers on `recommendations` keep the tallies — every insert, delete, and change of status,
publicity or council, whether it comes from the services, a bulk load or a migration — so no
code path can forget them. Tally rows are never written by the application. A row whose count
falls to 0 stays (it adds nothing to a sum).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import ddl_with_tables


class RecommendationTally(db.Model):
    __tablename__ = "recommendation_tallies"

    # The columns the register filters by, named as on Recommendation, so its visibility and
    # filter conditions apply to either (services/recommendations/lists.py).
    status: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    is_public: Mapped[bool] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        sa.ForeignKey("councils.id", ondelete="CASCADE"), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)

    # SQLite keeps the rows in the primary key's b-tree itself: one status's tallies are one
    # range of it.
    __table_args__ = {"sqlite_with_rowid": False}


# Written out in full for each database (no SQL built from strings).
_SQLITE_ADD = (
    "INSERT INTO recommendation_tallies (status, is_public, council_id, n) "
    "VALUES (NEW.status, NEW.is_public, NEW.council_id, 1) "
    "ON CONFLICT (status, is_public, council_id) DO UPDATE SET n = n + 1")
_SQLITE_REMOVE = (
    "UPDATE recommendation_tallies SET n = n - 1 "
    "WHERE status = OLD.status AND is_public = OLD.is_public AND council_id = OLD.council_id")

TALLY_DDL = {
    "sqlite": [
        "CREATE TRIGGER recommendation_tallies_ai AFTER INSERT ON recommendations "
        "BEGIN " + _SQLITE_ADD + "; END",
        "CREATE TRIGGER recommendation_tallies_ad AFTER DELETE ON recommendations "
        "BEGIN " + _SQLITE_REMOVE + "; END",
        "CREATE TRIGGER recommendation_tallies_au "
        "AFTER UPDATE OF status, is_public, council_id ON recommendations "
        "WHEN OLD.status IS NOT NEW.status OR OLD.is_public IS NOT NEW.is_public "
        "OR OLD.council_id IS NOT NEW.council_id "
        "BEGIN " + _SQLITE_REMOVE + "; " + _SQLITE_ADD + "; END",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION recommendation_tallies_keep() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE recommendation_tallies SET n = n - 1
    WHERE status = OLD.status AND is_public = OLD.is_public AND council_id = OLD.council_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO recommendation_tallies (status, is_public, council_id, n)
    VALUES (NEW.status, NEW.is_public, NEW.council_id, 1)
    ON CONFLICT (status, is_public, council_id)
    DO UPDATE SET n = recommendation_tallies.n + 1;
  END IF;
  RETURN NULL;
END
$$""",
        "CREATE TRIGGER recommendation_tallies_keep AFTER INSERT OR DELETE ON recommendations "
        "FOR EACH ROW EXECUTE FUNCTION recommendation_tallies_keep()",
        "CREATE TRIGGER recommendation_tallies_move "
        "AFTER UPDATE OF status, is_public, council_id ON recommendations FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.is_public IS DISTINCT FROM NEW.is_public "
        "OR OLD.council_id IS DISTINCT FROM NEW.council_id) "
        "EXECUTE FUNCTION recommendation_tallies_keep()",
    ],
}
TALLY_TRIGGERS = {  # the trigger names, to check a database has them all
    "sqlite": {"recommendation_tallies_ai", "recommendation_tallies_ad",
               "recommendation_tallies_au"},
    "postgresql": {"recommendation_tallies_keep", "recommendation_tallies_move"},
}
TALLY_DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(TALLY_TRIGGERS["sqlite"])],
    # CASCADE drops the triggers that call the function.
    "postgresql": ["DROP FUNCTION IF EXISTS recommendation_tallies_keep() CASCADE"],
}
# The tallies of the recommendations already there (the migration), into empty tallies.
TALLY_FILL = (
    "INSERT INTO recommendation_tallies (status, is_public, council_id, n) "
    "SELECT status, is_public, council_id, count(*) FROM recommendations "
    "GROUP BY status, is_public, council_id")

# `db.create_all()` (tests) creates the triggers once both tables exist; `drop_all()` drops them.
ddl_with_tables(db.metadata, TALLY_DDL, TALLY_DROP)
