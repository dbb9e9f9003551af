"""The national-scale generator at a tiny size: counts, determinism, referential integrity."""

import sqlalchemy as sa

from council.demo.scale import Plan, feminine, generate
from council.extensions import db
from council.models import (
    AgendaItem,
    Council,
    GlobalRole,
    Meeting,
    Minutes,
    Recommendation,
    User,
)

TINY = Plan(municipalities=3, councils=6, years=2, meetings_per_year=4, items_per_meeting=3,
            recommendations=40, users=10)


def _snapshot():
    return (
        db.session.scalars(sa.select(Council.name).order_by(Council.id)).all(),
        db.session.scalars(sa.select(Meeting.starts_at).order_by(Meeting.id)).all(),
        db.session.scalars(sa.select(Recommendation.title).order_by(Recommendation.id)).all(),
    )


def test_counts_and_integrity(app):
    counts = generate(TINY)
    db.session.commit()
    assert counts["councils"] == 6
    assert counts["municipalities"] == 3
    assert counts["recommendations"] == 40
    assert counts["agenda_items"] == counts["meetings"] * 3
    held = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(
        Meeting.status == "held"))
    assert counts["minutes"] == held > 0
    # every agenda item points at an existing meeting (FKs are enforced on both databases)
    orphans = db.session.scalar(
        sa.select(sa.func.count(AgendaItem.id)).outerjoin(Meeting).where(Meeting.id.is_(None)))
    assert orphans == 0
    assert db.session.scalar(sa.select(sa.func.count(Minutes.id))) == counts["minutes"]
    # each officer works for one municipality, in turn; the admin and the others for none
    officers = db.session.execute(sa.select(User.role, User.municipality_id).order_by(User.id))
    assert [tuple(r) for r in officers][:5] == [
        (GlobalRole.ADMIN, None), (GlobalRole.OFFICER, 1), (GlobalRole.OFFICER, 2),
        (GlobalRole.OFFICER, 3), (GlobalRole.OFFICER, 1)]


def test_deterministic(app, tmp_path):
    generate(TINY)
    db.session.commit()
    first = _snapshot()
    from tests.conftest import _empty_tables

    if db.engine.dialect.name == "sqlite":
        db.session.remove()
        db.drop_all()
        db.create_all()
    else:
        db.session.remove()
        _empty_tables()
    generate(TINY)
    db.session.commit()
    assert _snapshot() == first


def test_refuses_a_database_with_data(app):
    generate(TINY)
    db.session.commit()
    import pytest

    with pytest.raises(RuntimeError):
        generate(TINY)


def test_feminine_surnames():
    assert [feminine(n) for n in ("Bērziņš", "Lācis", "Pētersons", "Vītols", "Ābele")] == [
        "Bērziņa", "Lāce", "Pētersone", "Vītola", "Ābele"]


def test_recommendation_states_follow_their_age():
    import random
    from collections import Counter

    from council.demo.scale import _recommendation_status
    from council.models import RecommendationStatus as S

    rng = random.Random(1)
    recent = Counter(_recommendation_status(5, rng) for _ in range(300))
    old = Counter(_recommendation_status(900, rng) for _ in range(1000))
    middle = Counter(_recommendation_status(40, rng) for _ in range(300))
    assert set(recent) == {S.DRAFT, S.SENT, S.REGISTERED}
    assert old[S.CLOSED] > 800 and old[S.REGISTERED] < 50  # a few stragglers stay overdue
    assert set(recent) | set(middle) | set(old) == set(S)
