"""Schema changes go through Alembic: head matches the models; the last step reverses."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from council import create_app
from council.extensions import db
from council.models import SearchKind
from council.models.guards import GUARD_TRIGGERS
from council.models.search import POSTGRES_FTS_INDEXES, include_object
from council.models.tallies import TALLY_TRIGGERS
from tests.conftest import BASE_CONFIG, TEST_DATABASE_URL
from tests.services.test_tallies import trigger_names as tally_triggers
from tests.test_guards import guard_triggers


@pytest.fixture
def empty_db_app(tmp_path, worker_id):
    if TEST_DATABASE_URL:
        url = sa.engine.make_url(TEST_DATABASE_URL)
        name = f"{url.database}_migrations_{worker_id}"
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        uri = url.set(database=name).render_as_string(hide_password=False)
    else:
        uri = f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _diff():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, db.metadata)


def _tables():
    return set(sa.inspect(db.engine).get_table_names())


def test_empty_database_upgrades_to_head_matching_the_models(empty_db_app):
    upgrade()
    assert {"councils", "meetings", "minutes", "recommendations", "audit_entries"} <= _tables()
    assert _diff() == []
    assert guard_triggers() == GUARD_TRIGGERS[db.engine.dialect.name]
    assert tally_triggers() == TALLY_TRIGGERS[db.engine.dialect.name]


def test_0014_tallies_the_recommendations_already_there_and_keeps_them(empty_db_app):
    from council.models import RecommendationStatus as S
    from tests import factories

    upgrade(revision="0013_register_indexes")
    first, second = factories.council(), factories.council()
    for council, status, public in [(first, S.CLOSED, True), (first, S.CLOSED, True),
                                    (first, S.CLOSED, False), (second, S.SENT, True),
                                    (second, S.DRAFT, True)]:
        factories.recommendation(council, status=status, is_public=public)
    db.session.commit()
    one, two = first.id, second.id
    db.session.remove()
    upgrade()
    assert _tallies() == {("closed", True, one): 2, ("closed", False, one): 1,
                          ("sent", True, two): 1, ("draft", True, two): 1}
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE recommendations SET status = 'registered' "
                             "WHERE status = 'sent'"))
    assert _tallies()[("registered", True, two)] == 1 and ("sent", True, two) not in _tallies()
    downgrade(revision="0013_register_indexes")
    assert "recommendation_tallies" not in _tables() and tally_triggers() == set()
    upgrade()
    assert _tallies()[("registered", True, two)] == 1


def test_0015_keeps_every_account_and_what_refers_to_it(empty_db_app):
    """SQLite rebuilds `users` to add the column (batch mode): the rows other tables refer
    to survive, foreign keys are enforced again afterwards, and nobody is limited yet."""
    from council.models import Council, GlobalRole, User
    from council.models import RecommendationStatus as S
    from tests import factories

    upgrade(revision="0014_recommendation_tallies")
    council = factories.council()
    db.session.commit()
    council_id = council.id
    with db.engine.begin() as conn:  # the model already has the new column: plain SQL
        officer_id = conn.execute(sa.text(
            "INSERT INTO users (email, password_hash, display_name, role, is_active, locale, "
            "version, created_at) VALUES ('amatpersona@example.lv', 'x', 'Ārija Ķēniņa', "
            "'officer', :yes, 'lv', 1, CURRENT_TIMESTAMP) RETURNING id"), {"yes": True}
        ).scalar()
        conn.execute(sa.text(
            "INSERT INTO council_roles (user_id, council_id, role, created_at) "
            "VALUES (:u, :c, 'secretary', CURRENT_TIMESTAMP)"), {"u": officer_id, "c": council_id})
    factories.recommendation(db.session.get(Council, council_id), status=S.REGISTERED,
                             responsible_officer_id=officer_id)
    db.session.commit()
    db.session.remove()
    upgrade()
    user = db.session.get(User, officer_id)
    assert user.municipality_id is None and user.role == GlobalRole.OFFICER
    assert user.display_name == "Ārija Ķēniņa"
    assert [r.council_id for r in user.council_roles] == [council_id]
    with db.engine.connect() as conn:
        assert conn.execute(sa.text(
            "SELECT count(*) FROM recommendations WHERE responsible_officer_id = :id"),
            {"id": officer_id}).scalar() == 1
        if db.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    db.session.remove()
    downgrade(revision="0014_recommendation_tallies")
    upgrade()
    assert db.session.get(User, officer_id).email == user.email


def _tallies() -> dict:
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, is_public, council_id, n "
                                    "FROM recommendation_tallies WHERE n <> 0"))
        return {(status, bool(public), council): n for status, public, council, n in rows}


def test_the_guards_migration_goes_down_and_up(empty_db_app):
    upgrade()
    script = ScriptDirectory.from_config(empty_db_app.extensions["migrate"].migrate.get_config())
    downgrade(revision=script.get_revision("0008_guards").down_revision)
    assert guard_triggers() == set()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            assert not conn.execute(sa.text(
                "SELECT proname FROM pg_proc WHERE proname LIKE 'guard%'")).all()
    upgrade()
    assert guard_triggers() == GUARD_TRIGGERS[db.engine.dialect.name]


def test_downgrade_of_the_last_revision_and_upgrade_again(empty_db_app):
    upgrade()
    script = ScriptDirectory.from_config(empty_db_app.extensions["migrate"].migrate.get_config())
    head = script.get_current_head()
    downgrade(revision="-1")
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    assert current == script.get_revision(head).down_revision
    upgrade()
    assert _diff() == []


def _search_indexes() -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(sa.text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_entries' "
            "AND indexname LIKE 'ix_search_entries_fts%'")).scalars())


def test_0012_gives_postgresql_a_search_index_per_kind_and_publicity(empty_db_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL-only indexes; SQLite keeps its FTS5 table")
    upgrade(revision="0011_search_terms")
    assert _search_indexes() == {"ix_search_entries_fts"}
    upgrade()
    assert _search_indexes() == set(POSTGRES_FTS_INDEXES)
    assert len(POSTGRES_FTS_INDEXES) == 2 * len(SearchKind)
    downgrade(revision="0011_search_terms")
    assert _search_indexes() == {"ix_search_entries_fts"}


def test_sqlite_pragmas_are_set(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only pragmas; this run uses PostgreSQL")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_0009_renumbers_search_entries_into_kind_and_publicity_blocks(empty_db_app):
    from council.services import search as search_service

    upgrade(revision="0006_minutes")
    rows = [(1, "agenda_item", 7, True, "parks"), (2, "meeting", 7, False, "parks sede"),
            (3, "decision", 9, True, "skola")]
    with db.engine.begin() as conn:
        for id_, kind, object_id, public, folded in rows:
            conn.execute(sa.text(
                "INSERT INTO search_entries (id, kind, object_id, council_id, public, title, "
                "body, folded) VALUES (:id, :kind, :object_id, 1, :public, 't', '', :folded)"),
                {"id": id_, "kind": kind, "object_id": object_id, "public": public,
                 "folded": folded})
    upgrade()
    with db.engine.connect() as conn:
        ids = dict(conn.execute(sa.text("SELECT folded, id FROM search_entries")).all())
    assert ids == {
        "parks": search_service.entry_id(SearchKind.AGENDA_ITEM, 7, True),
        "parks sede": search_service.entry_id(SearchKind.MEETING, 7, False),
        "skola": search_service.entry_id(SearchKind.DECISION, 9, True),
    }
    if db.engine.dialect.name == "sqlite":  # the FTS5 index was rebuilt for the new ids
        with db.engine.connect() as conn:
            found = conn.execute(sa.text(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH 'parks' ORDER BY rowid")
            ).scalars().all()
        assert found == sorted([ids["parks"], ids["parks sede"]])


def test_every_revision_id_fits_alembic_version_on_postgresql():
    """Alembic's version table holds at most 32 characters (PostgreSQL refuses more; SQLite
    would not notice)."""
    from pathlib import Path

    scripts = ScriptDirectory(str(Path(__file__).resolve().parent.parent / "council"
                                  / "migrations"))
    too_long = [r.revision for r in scripts.walk_revisions() if len(r.revision) > 32]
    assert too_long == []
