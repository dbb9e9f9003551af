"""Pagination for long lists: the page's ids first, then only those rows.

The ids come from a walk over the list's index in its order — no joins loaded, no wide rows —
so a deep page (page 50 of a national register) skips index entries, not whole joined rows.
The count reads ids only. Same number of queries as Flask-SQLAlchemy's paginate (two).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from ..extensions import db


class IdPagination(SelectPagination):
    def _ids(self):
        select = self._query_args["select"]
        entity = select.column_descriptions[0]["entity"]
        ids = self._query_args.get("ids_select")
        return entity, ids if ids is not None else select.with_only_columns(entity.id).options()

    def _query_items(self) -> list:
        select = self._query_args["select"]
        entity, ids = self._ids()
        page = ids.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(select.where(entity.id.in_(page)))
        return list(rows.unique().scalars())

    def _query_count(self) -> int:
        session = self._query_args["session"]
        if self._query_args.get("count_select") is not None:
            return session.scalar(self._query_args["count_select"])
        _, ids = self._ids()
        return session.scalar(
            sa.select(sa.func.count()).select_from(ids.order_by(None).subquery()))


def paginate(select, *, page: int, per_page: int, count_select=None,
             ids_select=None) -> IdPagination:
    """Like db.paginate(…, error_out=False) for a select of one ORM entity with an `id`.
    `count_select` and `ids_select`, when given, count the same rows and list their ids in the
    same order more cheaply (e.g. without the joins the page needs for loading and showing)."""
    return IdPagination(select=select, session=db.session(), page=page, per_page=per_page,
                        error_out=False, count=True, count_select=count_select,
                        ids_select=ids_select)
