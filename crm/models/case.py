"""Cases (zaken) of a case type, each with exactly one owner, and their history."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class CaseStatus(StrEnum):
    RECEIVED = "received"  # ontvangen
    IN_PROGRESS = "in_progress"  # in behandeling
    SUSPENDED = "suspended"  # opgeschort (wacht op inwoner)
    CLOSED = "closed"  # afgehandeld

    @property
    def is_open(self) -> bool:
        return self is not CaseStatus.CLOSED


class CaseEventKind(StrEnum):
    OPENED = "opened"
    STATUS_CHANGED = "status_changed"
    OWNER_CHANGED = "owner_changed"
    TRANSFERRED = "transferred"
    UNASSIGNED = "unassigned"
    CONTACT_LINKED = "contact_linked"
    NOTE = "note"


case_departments = Table(
    "case_department",
    db.metadata,
    Column("case_id", ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class CaseType(db.Model):
    """A zaaktype such as evenementenvergunning or bijstandsuitkering."""

    __tablename__ = "case_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    domain: Mapped[str] = mapped_column(String(40))
    default_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    legal_term_days: Mapped[int | None] = mapped_column(Integer)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    default_department = relationship("Department")


class Case(db.Model):
    """A zaak. ``version`` is bumped on every change so concurrent edits are detected."""

    __tablename__ = "case"
    __table_args__ = (
        Index("ix_case_owner_status", "owner_id", "status"),
        Index("ix_case_department_status", "department_id", "status"),
        Index("ix_case_party_opened_at", "party_id", "opened_at"),
        # Open cases by age across all departments (crm/services/insight).
        Index("ix_case_status_opened_at", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_type.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.RECEIVED.value)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[date | None] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    case_type: Mapped[CaseType] = relationship()
    party = relationship("Party")
    owner = relationship("StaffUser")
    department = relationship("Department")
    involved_departments = relationship("Department", secondary=case_departments)
    contacts = relationship("Contact", back_populates="case", order_by="Contact.occurred_at")
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", order_by="CaseEvent.occurred_at, CaseEvent.id"
    )

    @property
    def is_open(self) -> bool:
        return CaseStatus(self.status).is_open


class CaseEvent(db.Model):
    """One recorded step in a case's life: opened, status or owner changed, transferred, ...

    ``party_id`` and ``department_id`` are copied from the case at the time of the event so
    the party's timeline can page through events with one index.
    """

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_party_timeline", "party_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    from_owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    to_owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    from_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    to_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # The case's version after this event, so a conflict can list what changed since a read.
    case_version: Mapped[int | None] = mapped_column(Integer)

    case: Mapped[Case] = relationship(back_populates="events")
    actor = relationship("StaffUser", foreign_keys=[actor_id])
    from_owner = relationship("StaffUser", foreign_keys=[from_owner_id])
    to_owner = relationship("StaffUser", foreign_keys=[to_owner_id])
    department = relationship("Department", foreign_keys=[department_id])
    from_department = relationship("Department", foreign_keys=[from_department_id])
    to_department = relationship("Department", foreign_keys=[to_department_id])
