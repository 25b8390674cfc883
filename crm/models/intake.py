"""What the channel intake keeps besides contacts: the "te identificeren" inbox, call events
of calls still going on, quarantined input and attachment metadata."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class IdentificationReason:
    """Why the intake could not pick one party (stored as ``ContactIdentification.reason``)."""

    NO_HINTS = "no_hints"  # the source gave nothing to identify by
    NO_MATCH = "no_match"  # no party with this verified e-mail address or phone number
    UNKNOWN_BSN = "unknown_bsn"
    UNKNOWN_KVK = "unknown_kvk"
    AMBIGUOUS_EMAIL = "ambiguous_email"  # more than one party has this verified address
    AMBIGUOUS_PHONE = "ambiguous_phone"
    ANONYMOUS = "anonymous"  # registered without a party (at the desk, on the phone, via the API)


class ContactIdentification(db.Model):
    """A contact without a party in the "Te identificeren" inbox: the work item, not the timeline.

    Every contact stored without a party gets one, whether the intake could not identify the
    sender or staff registered it anonymously. Open while ``resolved_at`` is empty. Linking sets
    ``party_id``, ``resolved_at`` and ``actor_id``; the party's timeline shows the link as a
    ``PartyEvent`` (kind ``contact_linked``), like every other step outside cases and tasks.
    """

    __tablename__ = "contact_identification"
    __table_args__ = (Index("ix_contact_identification_inbox", "resolved_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(String(30))
    # The identity hints the source gave, normalised where valid: bsn, kvk, email, phone, name.
    hints: Mapped[dict] = mapped_column(JSON, default=dict)
    candidate_party_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    contact = relationship("Contact")
    party = relationship("Party")
    actor = relationship("StaffUser")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReceivedCallEvent(db.Model):
    """One telephony event, kept so the events of a call can be combined when it ends.

    (call_id, event, occurred_at) is unique: a re-delivered event is stored once.
    """

    __tablename__ = "call_event"
    __table_args__ = (UniqueConstraint("call_id", "event", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(255))
    event: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuarantinedInput(db.Model):
    """Mailbox or file input that could not become a contact, kept raw with its reasons.

    A beheerder sees it under /beheer/quarantaine and retries it (after a fix, possibly of the
    raw text itself) or dismisses it. ``fingerprint`` is the hash of the original raw input, so
    re-running an import does not quarantine the same input twice.
    """

    __tablename__ = "quarantined_input"
    __table_args__ = (
        UniqueConstraint("channel", "fingerprint"),
        Index("ix_quarantined_input_open", "resolved_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(20))  # imap, file, csv
    reference: Mapped[str] = mapped_column(String(1000), default="")
    fingerprint: Mapped[str] = mapped_column(String(80))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str | None] = mapped_column(String(20))  # imported, dismissed
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))

    resolved_by = relationship("StaffUser")
    contact = relationship("Contact")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ContactAttachment(db.Model):
    """A file that came with a contact. With ``sha256`` set its content is stored on disk at
    ``instance/attachments/<sha256[:2]>/<sha256>`` (content-addressed, so stored once)."""

    __tablename__ = "contact_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contact = relationship("Contact")

    @property
    def stored(self) -> bool:
        return self.sha256 is not None
