"""Klantbeeld's settings: defaults, overridden by ``KLANTBEELD_*`` environment variables.

``crm.create_app(config)`` takes a mapping that overrides everything (the tests use that);
otherwise :func:`from_environment` reads the environment. Nothing here touches the disk:
the factory fills in paths under the instance folder.
"""

import os

DEFAULTS: dict = {
    # None means: a SQLite file in the instance folder (filled in by create_app).
    "DATABASE_URL": None,
    # None means: generated once into instance/secret_key (never hard-coded).
    "SECRET_KEY": None,
    # Whoosh index folder; None means instance/search-index.
    "SEARCH_INDEX_DIR": None,
    # "auto" picks PostgreSQL full-text search on PostgreSQL and Whoosh otherwise.
    "SEARCH_BACKEND": "auto",
    # Index the outbox right after each writing request (a worker, ``klantbeeld index
    # --follow``, catches whatever is left, e.g. when another process held the index).
    "SEARCH_INDEX_AFTER_REQUEST": True,
    "DEFAULT_LOCALE": "nl",
    "TIMEZONE": "Europe/Amsterdam",
    # A callback request is overdue after this many working hours (weekends and Dutch
    # public holidays do not count).
    "TASK_NORM_WORKING_HOURS": 48,
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers we trust.
    "PROXY_FIX": 0,
    "LOG_LEVEL": "INFO",
    # The mailbox `klantbeeld import-mail` polls (see docs/channels.md).
    "IMAP_HOST": None,
    "IMAP_PORT": 993,
    "IMAP_USER": None,
    "IMAP_PASSWORD": None,
    "IMAP_MAILBOX": "INBOX",
    "IMAP_SSL": True,
    # The IMAP keyword that marks a message as imported (set after the commit).
    "IMAP_PROCESSED_FLAG": "$Klantbeeld",
    # Where e-mail attachments and scanned letters are kept; None means instance/attachments.
    "INTAKE_ATTACHMENT_DIR": None,
    # Login lock-out: this many failures per username, or per network address, within
    # LOGIN_LOCKOUT_MINUTES lock logging in for that long after the last failure.
    "LOGIN_MAX_FAILURES_PER_USERNAME": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_LOCKOUT_MINUTES": 15,
}

# Settings read as integers or booleans from the environment.
_INTEGERS = {
    "TASK_NORM_WORKING_HOURS",
    "MAX_CONTENT_LENGTH",
    "PROXY_FIX",
    "LOGIN_MAX_FAILURES_PER_USERNAME",
    "LOGIN_MAX_FAILURES_PER_ADDRESS",
    "LOGIN_LOCKOUT_MINUTES",
    "IMAP_PORT",
}
_BOOLEANS = {"SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "IMAP_SSL", "SEARCH_INDEX_AFTER_REQUEST"}


def from_environment(environ=os.environ) -> dict:
    """Return the settings given as ``KLANTBEELD_<NAME>`` environment variables."""
    settings = {}
    for name, value in environ.items():
        if not name.startswith("KLANTBEELD_") or name == "KLANTBEELD_TEST_DATABASE_URL":
            continue
        key = name.removeprefix("KLANTBEELD_")
        if key in _INTEGERS:
            value = int(value)
        elif key in _BOOLEANS:
            value = value.strip().lower() in {"1", "true", "yes", "on"}
        settings[key] = value
    return settings
