"""Where the benchmark's data lives: a SQLite file of its own, or a schema of its own on PostgreSQL.

The benchmark never writes to the database the app is configured with, and on PostgreSQL never
to the ``public`` schema: it drops and recreates its schema whenever it regenerates.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from crm import database_uri

DEFAULT_SCHEMA = "klantbeeld_bench"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class BenchDatabase:
    """A benchmark database: the URL the app gets, and how to empty it."""

    url: str
    dialect: str
    label: str  # for people: the file, or database and schema
    sqlite_path: Path | None = None
    server_url: str | None = None  # PostgreSQL without the search_path option
    schema: str | None = None


def resolve(database: str | None, size_name: str, instance_path: Path, schema: str = DEFAULT_SCHEMA) -> BenchDatabase:
    """The target for a ``--database`` option: none means a SQLite file in instance/bench/."""
    if not database:
        path = (Path(instance_path) / "bench" / f"{size_name}.sqlite").resolve()
        return BenchDatabase(f"sqlite:///{path}", "sqlite", str(path), sqlite_path=path)
    url = database_uri(database, Path(instance_path))
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")).resolve()
        return BenchDatabase(url, "sqlite", str(path), sqlite_path=path)
    if not url.startswith("postgresql"):
        raise ValueError("gebruik een sqlite:///- of postgresql://-URL")
    if not _IDENTIFIER.match(schema) or schema == "public":
        raise ValueError(f"ongeschikt schema voor de benchmark: {schema!r}")
    server = make_url(url)
    with_schema = server.update_query_dict({"options": f"-csearch_path={schema}"})
    return BenchDatabase(
        with_schema.render_as_string(hide_password=False), "postgresql",
        f"{server.render_as_string(hide_password=True)} schema {schema}",
        server_url=server.render_as_string(hide_password=False), schema=schema,
    )


def reset(target: BenchDatabase) -> None:
    """Make the target empty: delete the SQLite file, or (re)create the database and schema."""
    if target.sqlite_path is not None:
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    _create_database_if_missing(target.server_url)
    engine = create_engine(target.server_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{target.schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{target.schema}"'))
    finally:
        engine.dispose()


def drop(target: BenchDatabase) -> None:
    """Remove the benchmark's data entirely (used by the smoke test to clean up)."""
    if target.sqlite_path is not None:
        reset(target)
        return
    engine = create_engine(target.server_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{target.schema}" CASCADE'))
    finally:
        engine.dispose()


def exists(target: BenchDatabase) -> bool:
    """Is there something to reuse at all (without creating a database or file)?"""
    if target.sqlite_path is not None:
        return target.sqlite_path.exists()
    engine = create_engine(target.server_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM information_schema.tables WHERE table_schema = :s AND table_name = 'counter'"),
                {"s": target.schema},
            ).first()
        return found is not None
    except OperationalError:  # the database itself does not exist yet
        return False
    finally:
        engine.dispose()


def server_version(engine: Engine) -> str:
    """The database software and version, e.g. ``SQLite 3.40.1`` or ``PostgreSQL 15.20``."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return "SQLite " + connection.exec_driver_sql("select sqlite_version()").scalar()
        return "PostgreSQL " + connection.exec_driver_sql("show server_version").scalar()


def _create_database_if_missing(server_url: str) -> None:
    url = make_url(server_url)
    name = url.database
    if not name or not _IDENTIFIER.match(name):
        raise ValueError(f"ongeschikte databasenaam: {name!r}")
    maintenance = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            known = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if known is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        maintenance.dispose()
