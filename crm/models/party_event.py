"""Events in a party's own history that belong to no case or task, such as a contact linked later."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class PartyEventKind(StrEnum):
    CONTACT_LINKED = "contact_linked"  # an anonymous contact was linked to this party


class PartyEvent(db.Model):
    """One step on a party's timeline outside cases and tasks.

    ``department_id`` is the department of the linked contact, so the timeline's department
    filter and the confidentiality rule treat the event like the contact it is about.
    """

    __tablename__ = "party_event"
    __table_args__ = (Index("ix_party_event_party_timeline", "party_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    party = relationship("Party")
    department = relationship("Department")
    actor = relationship("StaffUser")
    contact = relationship("Contact")
