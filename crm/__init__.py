"""Klantbeeld: one timeline per citizen across all channels, for Dutch municipalities."""

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

import config as settings
from crm.extensions import babel, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, then ``config`` (tests) or the environment, then extensions."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("KLANTBEELD_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_mapping(config if config is not None else settings.from_environment())
    _fill_instance_defaults(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, default_timezone=app.config["TIMEZONE"])
    if app.config["PROXY_FIX"]:
        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from crm import api, auth, cli, dashboard, health, intake_views, klantinteracties, privacy, search, security, views, web
    from crm.database import register_engine_hooks

    register_engine_hooks(app)
    security.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(dashboard.bp)
    intake_views.register(app)
    app.register_blueprint(privacy.bp)
    web.register_template_helpers(app)
    views.register(app)
    cli.register(app)
    api.init_app(app)
    klantinteracties.init_app(app)
    search.init_app(app)
    return app


def _fill_instance_defaults(app: Flask) -> None:
    """Point unset paths into the instance folder and make a secret key once, if missing."""
    instance = Path(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app.config["DATABASE_URL"], instance)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or str(instance / "search-index")
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(instance)


def database_uri(url: str | None, instance: Path) -> str:
    """The SQLAlchemy URL: SQLite in the instance folder by default; PostgreSQL through psycopg 3."""
    if not url:
        return f"sqlite:///{instance / 'klantbeeld.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _instance_secret_key(instance: Path) -> str:
    """Read instance/secret_key, creating it with a random key the first time.

    The one piece of I/O in the factory, on purpose: a key must never be hard-coded, and
    it must survive restarts so sessions stay valid.
    """
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        # Write a temporary file, then link it into place: when two workers start at once,
        # the link of the second fails and both read the one complete key.
        temporary = instance / f".secret_key.{os.getpid()}"
        temporary.write_text(secrets.token_hex(32))
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


def _select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.language
    return "nl"
