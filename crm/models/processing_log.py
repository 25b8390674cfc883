"""The processing log (verwerkingenlog), in the spirit of the Logboek Dataverwerkingen standard.

Every read of a party's record, every opened search hit, every export and every change writes
one entry: who, when, which party, for which processing activity, and the trace id of the
request that did it. Entries are never changed or removed: the model refuses updates and
deletes, and on PostgreSQL a trigger (migration 0006_privacy) refuses them too.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class ProcessingAction(StrEnum):
    READ = "read"
    CHANGE = "change"
    EXPORT = "export"
    SEARCH_HIT = "search_hit"
    DELETE = "delete"


class ProcessingActivity(StrEnum):
    """The processing activities (verwerkingsactiviteiten) of the municipality's AVG register."""

    SERVICE = "dienstverlening"  # klantcontact: tijdlijn lezen, contact vastleggen
    CASEWORK = "zaakbehandeling"
    SEARCH = "zoeken"
    ACCESS_REQUEST = "inzageverzoek"  # AVG art. 15
    RETENTION = "bewaartermijnen"
    DATA_QUALITY = "gegevenskwaliteit"  # dubbele partijen samenvoegen
    SUPERVISION = "toezicht"  # de privacyfunctionaris leest het verwerkingenlog


DUTCH_ACTIONS = {
    ProcessingAction.READ: "ingezien",
    ProcessingAction.CHANGE: "gewijzigd",
    ProcessingAction.EXPORT: "geëxporteerd",
    ProcessingAction.SEARCH_HIT: "zoekresultaat geopend",
    ProcessingAction.DELETE: "verwijderd",
}

DUTCH_ACTIVITIES = {
    ProcessingActivity.SERVICE: "Dienstverlening en klantcontact",
    ProcessingActivity.CASEWORK: "Behandeling van zaken",
    ProcessingActivity.SEARCH: "Zoeken naar inwoners en organisaties",
    ProcessingActivity.ACCESS_REQUEST: "Inzageverzoek (AVG artikel 15)",
    ProcessingActivity.RETENTION: "Bewaartermijnen uitvoeren",
    ProcessingActivity.DATA_QUALITY: "Gegevenskwaliteit: dubbele partijen samenvoegen",
    ProcessingActivity.SUPERVISION: "Toezicht op verwerkingen",
}


class ProcessingLogEntry(db.Model):
    """One processing of personal data. Append-only.

    ``party_id`` is a plain number, not a foreign key: the entry must outlive the party
    (after retention deletes it or a merge removes a duplicate), and it cannot be updated.
    ``actor_name`` is copied for the same reason.
    """

    __tablename__ = "processing_log"
    __table_args__ = (
        Index("ix_processing_log_party_occurred_at", "party_id", "occurred_at"),
        Index("ix_processing_log_actor_occurred_at", "actor_id", "occurred_at"),
        Index("ix_processing_log_trace_id", "trace_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # "systeem" for work without a person behind it (a retention run from cron).
    actor_name: Mapped[str] = mapped_column(String(160))
    party_id: Mapped[int | None] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    # What exactly was processed: "party", "timeline", "case", "contact", "export", ...
    object_type: Mapped[str] = mapped_column(String(40), default="party")
    object_id: Mapped[int | None] = mapped_column(Integer)
    trace_id: Mapped[str] = mapped_column(String(32))
    span_id: Mapped[str] = mapped_column(String(16))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("StaffUser")

    @property
    def action_label(self) -> str:
        return DUTCH_ACTIONS.get(self.action, self.action)

    @property
    def activity_label(self) -> str:
        return DUTCH_ACTIVITIES.get(self.activity, self.activity)


@event.listens_for(ProcessingLogEntry, "before_update")
def _refuse_update(_mapper, _connection, entry):
    raise PermissionError("het verwerkingenlog is alleen aan te vullen, niet te wijzigen")


@event.listens_for(ProcessingLogEntry, "before_delete")
def _refuse_delete(_mapper, _connection, entry):
    raise PermissionError("het verwerkingenlog is alleen aan te vullen, niet te verwijderen")
