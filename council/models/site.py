"""The data's revision: one number that every committed write moves on (page_cache.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import DDL, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SiteRevision(db.Model):
    __tablename__ = "site_revision"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(sa.BigInteger, default=0)


# The single row exists from the start (the migration inserts it too).
event.listen(SiteRevision.__table__, "after_create",
             DDL("INSERT INTO site_revision (id, value) VALUES (1, 0)"))
