"""Internal tasks (interne taken): callback requests and questions to a department, team or person."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class TaskKind(StrEnum):
    CALLBACK = "callback"  # contactverzoek / terugbelverzoek
    QUESTION = "question"  # interne vraag


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"  # in behandeling
    DONE = "done"  # afgerond


class TaskEventKind(StrEnum):
    CREATED = "created"
    PICKED_UP = "picked_up"
    CALLBACK_ATTEMPT = "callback_attempt"
    FORWARDED = "forwarded"
    COMPLETED = "completed"
    REOPENED = "reopened"
    ASSIGNED = "assigned"


class Task(db.Model):
    """A request to a department (optionally a team or a person) with a state and a deadline."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_assignee_status", "assignee_id", "status"),
        Index("ix_task_department_status_due", "department_id", "status", "due_at"),
        Index("ix_task_party", "party_id"),
        # Management figures (crm/services/insight): first-contact resolution looks up the
        # callback made from a contact; lead time ranges over completion; overdue work counts
        # open tasks across all departments.
        Index("ix_task_contact_id", "contact_id"),
        Index("ix_task_created_at", "created_at"),
        Index("ix_task_completed_at", "completed_at"),
        Index("ix_task_department_completed_at", "department_id", "completed_at"),
        Index("ix_task_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    kind: Mapped[str] = mapped_column(String(20), default=TaskKind.CALLBACK.value)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    subject: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    # How to reach the citizen: a phone number or e-mail address, free text as given.
    reach_via: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.OPEN.value)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    confidential: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    party = relationship("Party")
    contact = relationship("Contact", foreign_keys=[contact_id])
    case = relationship("Case")
    department = relationship("Department")
    team = relationship("Team")
    assignee = relationship("StaffUser", foreign_keys=[assignee_id])
    created_by = relationship("StaffUser", foreign_keys=[created_by_id])
    events: Mapped[list["TaskEvent"]] = relationship(
        back_populates="task", order_by="TaskEvent.occurred_at, TaskEvent.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status != TaskStatus.DONE


class TaskEvent(db.Model):
    """One step of a task: created, picked up, a callback attempt, forwarded, completed, reopened."""

    __tablename__ = "task_event"
    __table_args__ = (Index("ix_task_event_party_timeline", "party_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    to_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    to_assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    outcome: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="events")
    actor = relationship("StaffUser", foreign_keys=[actor_id])
    department = relationship("Department", foreign_keys=[department_id])
    to_department = relationship("Department", foreign_keys=[to_department_id])
    to_assignee = relationship("StaffUser", foreign_keys=[to_assignee_id])
