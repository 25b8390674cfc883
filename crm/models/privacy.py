"""Rights of the citizen: retention rules and the record of merged duplicate parties."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class RetentionAction(StrEnum):
    PSEUDONYMISE = "pseudonymise"  # pseudonimiseren: inhoud wissen, koppeling met de partij weg
    DELETE = "delete"  # vernietigen


DUTCH_RETENTION_ACTIONS = {
    RetentionAction.PSEUDONYMISE: "pseudonimiseren",
    RetentionAction.DELETE: "vernietigen",
}


class RetentionRule(db.Model):
    """How long contacts and cases of a case type and/or channel are kept, and what then happens.

    With a case type: closed cases of that type (and their contacts, events and tasks) whose
    closing lies more than ``term_months`` ago. With a channel only: contacts of that channel
    older than the term that are not part of an open case. With both: contacts of that channel
    that belong to closed cases of that type.
    """

    __tablename__ = "retention_rule"
    __table_args__ = (
        CheckConstraint("case_type_id IS NOT NULL OR channel_id IS NOT NULL", name="has_scope"),
        CheckConstraint("term_months > 0", name="positive_term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type_id: Mapped[int | None] = mapped_column(ForeignKey("case_type.id"), index=True)
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id"), index=True)
    term_months: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20), default=RetentionAction.PSEUDONYMISE.value)
    # Why this term: the selection list (selectielijst) category or decision it follows.
    basis: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    case_type = relationship("CaseType")
    channel = relationship("Channel")

    @property
    def action_label(self) -> str:
        return DUTCH_RETENTION_ACTIONS[RetentionAction(self.action)]


class PartyMerge(db.Model):
    """Two duplicate parties merged into one, with exactly what moved, so it can be undone.

    ``moved`` holds the removed duplicate's own row and the ids (and original values) of
    everything that went over to the survivor. The party ids are plain numbers: the
    duplicate no longer exists while the merge stands.
    """

    __tablename__ = "party_merge"
    __table_args__ = (
        Index("ix_party_merge_survivor_id", "survivor_id"),
        Index("ix_party_merge_duplicate_id", "duplicate_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(Integer)
    duplicate_id: Mapped[int] = mapped_column(Integer)
    survivor_name: Mapped[str] = mapped_column(String(300))
    duplicate_name: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text, default="")
    moved: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    merged_by = relationship("StaffUser", foreign_keys=[merged_by_id])
    undone_by = relationship("StaffUser", foreign_keys=[undone_by_id])

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
