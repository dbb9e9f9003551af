"""Long lists: id-first pagination, and the fast select renders like the library's own."""

import pytest
import sqlalchemy as sa
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from council.extensions import db
from council.forms import BaseForm, FastSelect, opts
from council.models import GlobalRole, Recommendation
from council.services import paging
from council.services import recommendations as rec_service
from tests import factories


def test_fast_select_renders_exactly_like_the_wtforms_select():
    class F(Form):
        fast = SelectField(choices=[], widget=FastSelect())
        plain = SelectField(choices=[])

    form = F()
    choices = [*opts([("", "Jebkura"), ("1", 'Kursīšu <padome> & "Zaņa"'), ("2", "Ēdole")]),
               SelectChoice("3", "Rumba", optgroup="Kuldīgas novads"),
               SelectChoice("4", "Īvande", optgroup="Kuldīgas novads", render_kw={"lang": "lv"})]
    form.fast.choices = form.plain.choices = choices
    for data in ("1", "3", "4", ""):
        form.fast.data = form.plain.data = data
        assert str(form.fast()).replace('"fast"', '"x"') == \
            str(form.plain()).replace('"plain"', '"x"')


def test_every_select_of_our_forms_is_the_fast_one(app):
    class F(BaseForm):
        class Meta:
            csrf = False

        council = SelectField(choices=[SelectChoice("1", "Ēdole")])

    with app.test_request_context():
        form = F()
    assert isinstance(form.council.widget, FastSelect)


def test_id_pagination_matches_offset_pagination(app, count_queries):
    council = factories.council()
    for _ in range(7):
        factories.recommendation(council)
    db.session.commit()
    stmt = sa.select(Recommendation).order_by(Recommendation.id.desc())
    with count_queries() as q:
        page = paging.paginate(stmt, page=2, per_page=3)
    expected = db.paginate(stmt, page=2, per_page=3, error_out=False)
    assert [r.id for r in page.items] == [r.id for r in expected.items]
    assert page.total == expected.total == 7 and page.pages == 3 and q.count == 2


def test_a_page_past_the_end_is_the_last_page(app, count_queries):
    """A stale link (a list that shrank, page 50 of a short list) shows the last page rather
    than an empty one that reads as "nothing matches"; still two queries."""
    council = factories.council()
    made = [factories.recommendation(council) for _ in range(7)]
    db.session.commit()
    newest_first = [r.id for r in reversed(made)]
    stmt = sa.select(Recommendation).order_by(Recommendation.id.desc())
    for pages in (paging.paginate, paging.page_of):
        with count_queries() as q:
            page = pages(stmt, page=50, per_page=3)
        assert (page.page, page.pages, page.total, q.count) == (3, 3, 7, 2), pages
        assert [r.id for r in page.items] == newest_first[6:]
        assert not page.has_next and page.prev_num == 2
        middle = pages(stmt, page=2, per_page=3)
        assert [r.id for r in middle.items] == newest_first[3:6] and middle.page == 2
    empty = paging.page_of(stmt.where(Recommendation.id < 0), page=4, per_page=3)
    assert (empty.page, empty.pages, empty.total, empty.items) == (1, 0, 0, [])


def test_the_register_pages_the_same_with_joins_and_eager_loads(app):
    from datetime import date

    council = factories.council()
    for _ in range(5):
        factories.recommendation(council)
    db.session.commit()
    officer = factories.user(role=GlobalRole.OFFICER)
    stmt = rec_service.list_stmt(officer, rec_service.Filters(sort="council"),
                                 today=date.today())
    page = paging.paginate(stmt, page=1, per_page=2, row=rec_service.ListedRecommendation)
    expected = db.session.execute(stmt.limit(2)).all()
    assert [r.id for r in page.items] == [r.id for r in expected]
    assert page.total == 5 and len(page.items) == 2
    assert all(r.council_name == council.name for r in page.items)


def test_a_listed_row_reads_as_its_recommendation(app):
    """The register's rows carry what the table shows, and the model's own rules (code,
    extension, answered on time) give the same answers on them."""
    from datetime import date

    from council.models import AnswerOutcome, RecommendationStatus

    council = factories.council(name="Ēdoles pagasta padome")
    officer = factories.user(role=GlobalRole.OFFICER, display_name="Žanete Ķēniņa")
    recs = [
        factories.recommendation(council, status=RecommendationStatus.CLOSED,
                                 outcome=AnswerOutcome.ACCEPTED, responsible_officer=officer,
                                 due_on=date(2026, 5, 8), original_due_on=date(2026, 4, 30),
                                 answered_on=date(2026, 5, 11)),
        factories.recommendation(council, status=RecommendationStatus.SENT,
                                 due_on=date(2026, 5, 8)),
        factories.recommendation(council),
    ]
    db.session.commit()
    stmt = rec_service.list_stmt(officer, rec_service.Filters(), today=date(2026, 5, 20))
    page = paging.paginate(stmt, page=1, per_page=10, row=rec_service.ListedRecommendation)
    rows = {row.id: row for row in page.items}
    assert set(rows) == {r.id for r in recs}
    for rec in recs:
        row = rows[rec.id]
        assert (row.code, row.title, row.status, row.outcome, row.is_public, row.sent_on,
                row.due_on, row.answered_on, row.was_extended, row.answered_on_time) == (
            rec.code, rec.title, rec.status, rec.outcome, rec.is_public, rec.sent_on,
            rec.due_on, rec.answered_on, rec.was_extended, rec.answered_on_time)
        assert (row.council_id, row.council_name) == (council.id, "Ēdoles pagasta padome")
    assert rows[recs[0].id].officer_name == "Žanete Ķēniņa"
    assert rows[recs[0].id].was_extended and rows[recs[0].id].answered_on_time is False
    assert rows[recs[1].id].officer_name is None


def test_the_register_walks_its_ids_without_joins_in_the_same_order(app):
    from datetime import date

    councils = [factories.council(name=name) for name in ("Ēdoles", "Zaņas", "Cieceres")]
    for i in range(9):
        factories.recommendation(councils[i % 3])
    db.session.commit()
    officer = factories.user(role=GlobalRole.OFFICER)
    today = date.today()
    for sort in rec_service.SORTS:
        for filters in (rec_service.Filters(sort=sort),
                        rec_service.Filters(sort=sort, council_id=councils[1].id)):
            stmt = rec_service.list_stmt(officer, filters, today=today)
            ids = rec_service.list_ids_stmt(officer, filters, today=today)
            expected = list(db.session.scalars(stmt))
            assert list(db.session.scalars(ids)) == expected, sort
            exported = rec_service.export_list(officer, filters, today=today)
            assert [r.id for r in exported] == expected, sort
            count = -(-len(expected) // 4)
            pages = [paging.paginate(stmt, page=n, per_page=4, ids_select=ids,
                                     row=rec_service.ListedRecommendation).items
                     for n in range(1, count + 1)]
            assert [r.id for page in pages for r in page] == expected, sort
    assert "JOIN" not in str(rec_service.list_ids_stmt(officer, rec_service.Filters(
        sort="newest"), today=today))


def test_my_work_walks_its_ids_without_joins_in_the_same_order(app):
    from datetime import date, timedelta

    from council.models import RecommendationStatus

    councils = [factories.council(name=name) for name in ("Ēdoles", "Zaņas")]
    officer = factories.user(role=GlobalRole.OFFICER)
    secretary = factories.user()
    factories.council_role(secretary, councils[1])
    for i in range(8):
        status = [RecommendationStatus.DRAFT, RecommendationStatus.SENT,
                  RecommendationStatus.REGISTERED, RecommendationStatus.CLOSED][i % 4]
        factories.recommendation(councils[i % 2], status=status,
                                 due_on=date(2026, 5, 4) + timedelta(days=i),
                                 responsible_officer=officer if i % 3 else None)
    db.session.commit()
    today = date(2026, 5, 20)
    for user in (officer, secretary):
        for sort in rec_service.SORTS:
            for deadline in ("", "overdue"):
                filters = rec_service.Filters(sort=sort, deadline=deadline)
                stmt = rec_service.my_work_stmt(user, filters, today=today)
                ids = rec_service.my_work_ids_stmt(user, filters, today=today)
                expected = list(db.session.scalars(stmt))
                assert expected or deadline, (user, sort)
                assert list(db.session.scalars(ids)) == expected, (user, sort, deadline)
                count = rec_service.my_work_count_stmt(user, filters, today=today)
                assert db.session.scalar(count) == len(expected)
                page = paging.paginate(stmt, page=1, per_page=3, ids_select=ids,
                                       count_select=count, row=rec_service.ListedRecommendation)
                assert [r.id for r in page.items] == expected[:3]


def test_the_registers_commonest_lists_walk_an_index_without_sorting(app):
    """SQLite's plans for a visitor's register (any status, and one status) and an officer's:
    the page's ids are walked newest first on an index (migration 0013) and the count reads the
    councils' tallies (0014), one status as one range of their primary key; nothing is sorted
    in a temporary b-tree, whatever the size of the register."""
    from datetime import date

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plans; PostgreSQL plans its own")
    from flask_login import AnonymousUserMixin

    from council.models import RecommendationStatus

    council = factories.council()
    for _ in range(30):
        factories.recommendation(council)
    db.session.commit()
    db.session.execute(sa.text("ANALYZE"))
    visitor = AnonymousUserMixin()
    officer = factories.user(role=GlobalRole.OFFICER)
    today = date(2026, 11, 26)
    for user, status in ((visitor, None), (visitor, RecommendationStatus.CLOSED),
                         (officer, None), (officer, RecommendationStatus.CLOSED)):
        filters = rec_service.Filters(sort="newest", status=status)
        ids = rec_service.list_ids_stmt(user, filters, today=today).limit(25).offset(50)
        count = rec_service.list_count_stmt(user, filters, today=today)
        plans = []
        for stmt in (ids, count):
            sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
            plans.append(" | ".join(row[-1] for row in db.session.execute(
                sa.text("EXPLAIN QUERY PLAN " + sql))))
        assert "TEMP B-TREE" not in plans[0] and "USING COVERING INDEX ix_" in plans[0], (
            user, status, plans[0])
        assert "TEMP B-TREE" not in plans[1] and "recommendation_tallies" in plans[1], (
            user, status, plans[1])
        if status:
            assert "USING PRIMARY KEY (status=?" in plans[1], (user, status, plans[1])
