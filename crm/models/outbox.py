"""The outbox: derived work (search indexing, outgoing events) written in the same transaction."""

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class OutboxEntry(db.Model):
    """A piece of work to do after a commit, e.g. "index contact 12".

    Because the row is written in the same transaction as the data, nothing is lost when a
    process dies after the commit: a worker picks up whatever is still unprocessed.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_topic_pending", "topic", "processed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class Counter(db.Model):
    """A named counter, e.g. the running case number per year."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
