"""Logging in with a limit on failed attempts per username and per network address.

After ``LOGIN_MAX_FAILURES_PER_USERNAME`` failures (default 5) for one username within
``LOGIN_LOCKOUT_MINUTES`` (default 15), or ``LOGIN_MAX_FAILURES_PER_ADDRESS`` (default 20)
from one address, logging in is refused for that many minutes after the last failure, even
with the right password. The attempts live in the database so all gunicorn workers and hosts
count together.
"""

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from crm.extensions import db
from crm.models import LoginAttempt, StaffUser, utcnow
from crm.services.users import authenticate

# Failed attempts older than this are removed; they no longer count for anything.
KEEP_FOR = timedelta(days=1)


class LoginRefused(Exception):
    """Logging in did not succeed; ``message`` is the Dutch text to show."""

    def __init__(self, message: str, locked_until: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.locked_until = locked_until


def log_in(username: str, password: str, address: str | None, now: datetime | None = None) -> StaffUser:
    """Check a username and password, unless too many attempts failed; count a failure.

    Raises :class:`LoginRefused` with the message to show. A lock-out is checked before the
    password, so guessing on during a lock-out teaches an attacker nothing.
    """
    now = now or utcnow()
    username_key, address_key = _key(username.strip().lower()), _key(address or "")
    locked_until = _locked_until(username_key, address_key, now)
    if locked_until is not None:
        minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
        raise LoginRefused(
            f"Te veel mislukte inlogpogingen. Inloggen is tijdelijk geblokkeerd; "
            f"probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw.",
            locked_until,
        )
    user = authenticate(username, password)
    if user is None:
        db.session.add(LoginAttempt(username_key=username_key, address_key=address_key, occurred_at=now))
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.occurred_at < now - KEEP_FOR))
        db.session.commit()
        raise LoginRefused("Gebruikersnaam of wachtwoord klopt niet.")
    # A success forgives this username's earlier failures (not the address's: one valid
    # account must not let someone keep guessing at others).
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.username_key == username_key))
    db.session.commit()
    return user


def lockout_window() -> timedelta:
    """How long failures count, and how long a lock-out lasts."""
    return timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])


def _locked_until(username_key: str, address_key: str, now: datetime) -> datetime | None:
    window = lockout_window()
    since = now - window
    for column, limit in (
        (LoginAttempt.username_key == username_key, current_app.config["LOGIN_MAX_FAILURES_PER_USERNAME"]),
        (LoginAttempt.address_key == address_key, current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ):
        count, last = db.session.execute(
            select(func.count(), func.max(LoginAttempt.occurred_at)).where(column, LoginAttempt.occurred_at > since)
        ).one()
        if count >= limit:
            return last + window
    return None


def _key(value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()
