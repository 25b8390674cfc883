"""The PostgreSQL full-text search table (derived data, rebuilt by ``klantbeeld reindex``).

The table exists on SQLite too, empty and unused, so the schema is the same everywhere;
only the PostgreSQL backend writes to it.
"""

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow

TSVector = TSVECTOR().with_variant(Text(), "sqlite")


class SearchDocument(db.Model):
    """One party, contact, case or task as the ``dutch`` full-text configuration sees it.

    ``tsv`` holds all text; for a confidential record ``tsv_public`` holds what people
    outside ``department_id`` may find it by (it is empty otherwise).
    """

    __tablename__ = "search_document"
    __table_args__ = (
        Index("ix_search_document_tsv", "tsv", postgresql_using="gin"),
        Index(
            "ix_search_document_tsv_public",
            "tsv_public",
            postgresql_using="gin",
            postgresql_where=text("confidential"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    department_id: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    tsv: Mapped[str] = mapped_column(TSVector)
    tsv_public: Mapped[str | None] = mapped_column(TSVector)
