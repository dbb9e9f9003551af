"""Shared column types and helpers for the models."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy import DDL, event
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An aware datetime, stored as UTC. Naive values are refused: they are bugs."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_cls: type[StrEnum], name: str) -> sa.Enum:
    """A string column with a CHECK constraint listing the enum's values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def ddl_with_tables(metadata: sa.MetaData, create: dict[str, list[str]],
                    drop: dict[str, list[str]]) -> None:
    """Run each dialect's `create` statements once `metadata.create_all()` has made every table
    (the tests' schema; migrations run the same statements) and its `drop` statements before
    `drop_all()` (SQLite drops triggers with their tables; PostgreSQL keeps functions)."""
    for when, statements_by_dialect in (("after_create", create), ("before_drop", drop)):
        for dialect, statements in statements_by_dialect.items():
            for statement in statements:
                event.listen(metadata, when, DDL(statement).execute_if(dialect=dialect))
