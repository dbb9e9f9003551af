"""Pagination for every list: counted first, so a page past the end shows the last page.

A stale link or bookmark ("page 12" of a list that has since shrunk, page 50 of a short list)
shows the list's last page, as Django's `Paginator.get_page` does — not an empty page that
reads as "nothing matches these filters". Two queries, like Flask-SQLAlchemy's paginate.

The register's long lists (`paginate`) load the page's ids first, then only those rows: the
ids come from a walk over the list's index in its order — no joins loaded, no wide rows — so a
deep page (page 50 of a national register) skips index entries, not whole joined rows. The
count reads ids only.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from ..extensions import db


class Pagination(SelectPagination):
    def _query_items(self) -> list:
        self._total = self._count()
        last = max(1, -(-self._total // self.per_page))
        if self.page > last:
            self.page = last
        return self._items()

    def _query_count(self) -> int:
        return self._total

    def _count(self) -> int:
        return super()._query_count()

    def _items(self) -> list:
        return super()._query_items()


class IdPagination(Pagination):
    def _ids(self):
        select = self._query_args["select"]
        entity = select.column_descriptions[0]["entity"]
        ids = self._query_args.get("ids_select")
        return entity, ids if ids is not None else select.with_only_columns(entity.id).options()

    def _items(self) -> list:
        select = self._query_args["select"]
        entity, ids = self._ids()
        page = ids.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(select.where(entity.id.in_(page)))
        row = self._query_args.get("row")
        if row is not None:
            return [row._make(r) for r in rows]
        return list(rows.unique().scalars())

    def _count(self) -> int:
        session = self._query_args["session"]
        if self._query_args.get("count_select") is not None:
            return session.scalar(self._query_args["count_select"])
        _, ids = self._ids()
        return session.scalar(
            sa.select(sa.func.count()).select_from(ids.order_by(None).subquery()))


def page_of(select, *, page: int, per_page: int) -> Pagination:
    """A page of any select (the last page when `page` is past the end)."""
    return Pagination(select=select, session=db.session(), page=page, per_page=per_page,
                      error_out=False, count=True)


def paginate(select, *, page: int, per_page: int, count_select=None,
             ids_select=None, row=None) -> IdPagination:
    """A page of a select of one ORM entity with an `id`, ids first (see above).
    `count_select` and `ids_select`, when given, count the same rows and list their ids in the
    same order more cheaply (e.g. without the joins the page needs for loading and showing).
    With `row` (a named tuple type), `select` lists columns, the entity's id first, and the
    page's items are rows of that type instead of ORM objects."""
    return IdPagination(select=select, session=db.session(), page=page, per_page=per_page,
                        error_out=False, count=True, count_select=count_select,
                        ids_select=ids_select, row=row)
