"""search: the PostgreSQL full-text search table with GIN indexes

On SQLite the same table is created (empty and unused: Whoosh is the backend there) and the
indexes are plain ones, so the schema is identical and nothing else changes. No extension is
needed: accent folding and typo tolerance are done by the indexer (crm/search/analysis.py).

Revision ID: 0005_search
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_search"
down_revision = "0006_privacy"
branch_labels = None
depends_on = None


def upgrade():
    tsvector = postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite")
    op.create_table(
        "search_document",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tsv", tsvector, nullable=False),
        sa.Column("tsv_public", tsvector, nullable=True),
        sa.PrimaryKeyConstraint("kind", "entity_id", name=op.f("pk_search_document")),
    )
    op.create_index("ix_search_document_tsv", "search_document", ["tsv"], postgresql_using="gin")
    op.create_index(
        "ix_search_document_tsv_public",
        "search_document",
        ["tsv_public"],
        postgresql_using="gin",
        postgresql_where=sa.text("confidential"),
    )


def downgrade():
    op.drop_index("ix_search_document_tsv_public", table_name="search_document")
    op.drop_index("ix_search_document_tsv", table_name="search_document")
    op.drop_table("search_document")
