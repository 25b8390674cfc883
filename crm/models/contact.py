"""Channels and the contacts (klantcontacten) that come in or go out through them."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Outcome(StrEnum):
    RESOLVED = "resolved"  # gelukt
    FAILED = "failed"  # niet gelukt
    TRANSFERRED = "transferred"  # doorverbonden
    CALLBACK_REQUESTED = "callback_requested"  # contactverzoek gemaakt


class Channel(db.Model):
    """One entry of the municipality-wide channel list (telefoon, balie, e-mail, ...)."""

    __tablename__ = "channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Channel {self.code}>"


class Contact(db.Model):
    """A contactmoment: one conversation, message, visit or letter with a party.

    ``party_id`` is empty for an anonymous contact or one still to be identified.
    ``external_id`` is the source system's id; (channel, external id) is unique so a
    re-delivered event never creates a second contact.
    """

    __tablename__ = "contact"
    __table_args__ = (
        UniqueConstraint("channel_id", "external_id"),
        Index("ix_contact_party_timeline", "party_id", "occurred_at", "id"),
        Index("ix_contact_department_occurred_at", "department_id", "occurred_at"),
        Index("ix_contact_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    direction: Mapped[str] = mapped_column(String(10), default=Direction.INBOUND.value)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(30))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(255))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    party = relationship("Party")
    channel: Mapped[Channel] = relationship()
    handled_by = relationship("StaffUser")
    department = relationship("Department")
    case = relationship("Case", back_populates="contacts")
