"""Command-line tools: `flask create-user`, `seed-demo`, `seed-scale`, `search-reindex`,
`search-optimize`, `prune-login-failures`."""

from datetime import timedelta

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from .extensions import db
from .models import GlobalRole, Municipality, utcnow
from .services import ValidationFailed, accounts


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Name")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", "role", flag_value=GlobalRole.ADMIN.value, help="Administrator.")
@click.option("--officer", "role", flag_value=GlobalRole.OFFICER.value, help="Municipal officer.")
@click.option("--municipality", "municipality_slug", default=None,
              help="The municipality (slug) an officer works for; default: every one.")
@with_appcontext
def create_user_command(email, display_name, password, role, municipality_slug):
    """Create a user account (e.g. the first administrator)."""
    municipality_id = None
    if municipality_slug:
        municipality_id = db.session.scalar(
            sa.select(Municipality.id).where(Municipality.slug == municipality_slug))
        if municipality_id is None:
            raise click.ClickException(f"No municipality has the slug {municipality_slug!r}.")
    try:
        user = accounts.create_user(actor=None, email=email, display_name=display_name,
                                    password=password, role=GlobalRole(role or "none"),
                                    municipality_id=municipality_id)
    except ValidationFailed as e:
        db.session.rollback()
        raise click.ClickException(str(e.message)) from e
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the Saldus demo data (idempotent: each part is loaded once)."""
    from .demo import seed
    from .services import search

    for line in seed():
        click.echo(line)
    search.optimize()
    db.session.commit()


@click.command("seed-scale")
@click.option("--municipalities", default=43, show_default=True)
@click.option("--councils", default=500, show_default=True)
@click.option("--years", default=10, show_default=True)
@click.option("--recommendations", default=20_000, show_default=True)
@click.option("--seed", default=20261125, show_default=True)
@with_appcontext
def seed_scale_command(municipalities, councils, years, recommendations, seed):
    """Fill an EMPTY database with national-scale data (for benchmarks)."""
    from .demo.scale import Plan, generate

    plan = Plan(municipalities=municipalities, councils=councils, years=years,
                recommendations=recommendations, seed=seed)
    steps = ["municipalities", "councils", "people", "meetings", "recommendations"]
    with click.progressbar(length=len(steps), label="Generating", show_pos=True) as bar:
        seen: set[str] = set()

        def progress(step: str, _n: int) -> None:
            if step not in seen:
                seen.add(step)
                bar.update(1)

        try:
            counts = generate(plan, progress)
            from .services import search

            counts["search_entries"] = search.rebuild()
        except RuntimeError as e:
            db.session.rollback()
            raise click.ClickException(str(e)) from e
    db.session.commit()
    # Fresh statistics for the query planner after a bulk load, as after any large import.
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    for table, n in counts.items():
        click.echo(f"{table:>24}: {n:>9,}")


@click.command("search-reindex")
@with_appcontext
def search_reindex_command():
    """Rebuild the search index from the data (after bulk loads or an upgrade)."""
    from .services import search

    n = search.rebuild()
    db.session.commit()
    click.echo(f"Indexed {n} entries.")


@click.command("search-optimize")
@with_appcontext
def search_optimize_command():
    """Merge the SQLite full-text index into one piece (weekly from cron; nothing on PostgreSQL)."""
    from .services import search

    merged = search.optimize()
    db.session.commit()
    click.echo("Search index merged." if merged else "Nothing to do on PostgreSQL.")


@click.command("prune-login-failures")
@click.option("--days", default=1, show_default=True)
@with_appcontext
def prune_login_failures_command(days):
    """Delete login-failure records older than DAYS (run daily from cron)."""
    n = accounts.prune_login_failures(older_than=utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"Deleted {n} records.")


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command, seed_scale_command,
                    search_reindex_command, search_optimize_command,
                    prune_login_failures_command):
        app.cli.add_command(command)
