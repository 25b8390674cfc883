"""What other systems use to talk to Klantbeeld: API tokens and outgoing event subscriptions."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class Scope(StrEnum):
    """What a token may do: read, write, feed channel intake, or everything (admin)."""

    READ = "read"
    WRITE = "write"
    INTAKE = "intake"
    ADMIN = "admin"


api_token_departments = Table(
    "api_token_department",
    db.metadata,
    Column("api_token_id", ForeignKey("api_token.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class ApiToken(db.Model):
    """A key for one calling system. Only a hash of the key is stored; ``prefix`` finds the row.

    The departments are those the system acts for: it reads confidential content of those
    departments only, exactly like a member of staff of them.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    departments = relationship("Department", secondary=api_token_departments, order_by="Department.name")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Subscription(db.Model):
    """A system that wants outgoing events: where to POST them, which kinds, and the signing secret."""

    __tablename__ = "event_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000))
    # Event kinds such as ``case.opened``; ``case.*`` matches a family and ``*`` everything.
    event_kinds: Mapped[list] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def wants(self, kind: str) -> bool:
        """Whether this subscription asked for events of this kind."""
        for pattern in self.event_kinds or []:
            if pattern == "*" or pattern == kind:
                return True
            if pattern.endswith(".*") and kind.startswith(pattern[:-1]):
                return True
        return False


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"  # gave up after the last retry: on the dead-letter list


class EventDelivery(db.Model):
    """One event on its way to one subscription, with its retry state."""

    __tablename__ = "event_delivery"
    __table_args__ = (
        Index("ix_event_delivery_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_event_delivery_subscription", "subscription_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("event_subscription.id", ondelete="CASCADE"))
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"))
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    subscription: Mapped[Subscription] = relationship()
    outbox_entry = relationship("OutboxEntry")
