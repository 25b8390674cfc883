"""Failed login attempts, kept in the database so every gunicorn worker sees the same count."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class LoginAttempt(db.Model):
    """One failed login. Username and address are stored as keyed hashes, not as typed.

    People sometimes type their password into the username field; a hash keeps that out
    of the database while still counting attempts per username.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_key_occurred_at", "username_key", "occurred_at"),
        Index("ix_login_attempt_address_key_occurred_at", "address_key", "occurred_at"),
        Index("ix_login_attempt_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username_key: Mapped[str] = mapped_column(String(64))
    address_key: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
