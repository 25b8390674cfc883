"""The migrations build the schema from nothing and agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from crm import create_app
from crm.extensions import db
from crm.models import Channel


def test_models_and_migrations_agree(ctx):
    """Autogenerate against the migrated database finds no difference."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migration_seeds_the_six_channels(ctx):
    codes = list(db.session.scalars(select(Channel.code).order_by(Channel.sort_order)))
    assert codes == ["telefoon", "balie", "e-mail", "post", "chat", "webformulier"]


def test_db_upgrade_from_nothing_via_the_cli(tmp_path):
    """`klantbeeld db upgrade` on an empty SQLite file creates the whole schema."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "x"})
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()
