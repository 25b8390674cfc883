"""Choosing the search backend: PostgreSQL full-text search on PostgreSQL, Whoosh otherwise."""

from flask import Flask, current_app

from crm.extensions import db
from crm.search.interface import SearchBackend
from crm.search.postgres_backend import PostgresBackend
from crm.search.whoosh_backend import WhooshBackend


def backend_name(app: Flask) -> str:
    """``postgres`` or ``whoosh``: SEARCH_BACKEND, where ``auto`` follows the database."""
    name = app.config["SEARCH_BACKEND"]
    if name == "auto":
        return "postgres" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "whoosh"
    if name not in {"postgres", "whoosh"}:
        raise ValueError(f"unknown SEARCH_BACKEND {name!r}: use auto, whoosh or postgres")
    return name


def get_backend() -> SearchBackend:
    """The current app's backend, created on first use (no I/O when the app is built)."""
    app = current_app._get_current_object()
    backends = app.extensions.setdefault("klantbeeld_search", {})
    name = backend_name(app)
    if name not in backends:
        if name == "postgres":
            if db.engine.dialect.name != "postgresql":
                raise ValueError("SEARCH_BACKEND=postgres needs a PostgreSQL database")
            backends[name] = PostgresBackend()
        else:
            backends[name] = WhooshBackend(app.config["SEARCH_INDEX_DIR"])
    return backends[name]
