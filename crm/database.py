"""Connection settings per database engine."""

from flask import Flask
from sqlalchemy import event

from crm.extensions import db


def register_engine_hooks(app: Flask) -> None:
    """Make SQLite behave like a real transactional database (PostgreSQL needs nothing)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def configure_sqlite(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself: pysqlite's own transaction handling breaks
        # SAVEPOINT (the recipe from SQLAlchemy's SQLite dialect documentation).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN")
