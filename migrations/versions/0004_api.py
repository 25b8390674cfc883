"""REST API: tokens, event subscriptions and deliveries, and public uuids for Klantinteracties

Revision ID: 0004_api
Revises: 0001
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004_api"
down_revision = "0001"
branch_labels = None
depends_on = None

# Tables that get a public uuid for the Klantinteracties API.
UUID_TABLES = ["party", "identifier", "digital_address", "contact", "task", "department", "staff_user"]


def upgrade():
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("name", name=op.f("uq_api_token_name")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_token_prefix")),
    )
    op.create_table(
        "api_token_department",
        sa.Column("api_token_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["api_token_id"], ["api_token.id"], name=op.f("fk_api_token_department_api_token_id_api_token"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"], name=op.f("fk_api_token_department_department_id_department"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("api_token_id", "department_id", name=op.f("pk_api_token_department")),
    )
    op.create_table(
        "event_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("event_kinds", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_subscription")),
    )
    op.create_table(
        "event_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"], name=op.f("fk_event_delivery_outbox_id_outbox")),
        sa.ForeignKeyConstraint(["subscription_id"], ["event_subscription.id"], name=op.f("fk_event_delivery_subscription_id_event_subscription"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_delivery")),
    )
    with op.batch_alter_table("event_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_event_delivery_status_next_attempt", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_event_delivery_subscription", ["subscription_id", "status"], unique=False)

    connection = op.get_bind()
    for table in UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("uuid", sa.Uuid(), nullable=True))
        # Existing rows get a random uuid each, then the column becomes required and unique.
        rows = sa.table(table, sa.column("id", sa.Integer()), sa.column("uuid", sa.Uuid()))
        for (row_id,) in connection.execute(sa.select(rows.c.id)).all():
            connection.execute(sa.update(rows).where(rows.c.id == row_id).values(uuid=uuid.uuid4()))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("uuid", existing_type=sa.Uuid(), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_uuid"), ["uuid"])


def downgrade():
    for table in reversed(UUID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_uuid"), type_="unique")
            batch_op.drop_column("uuid")
    with op.batch_alter_table("event_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_event_delivery_subscription")
        batch_op.drop_index("ix_event_delivery_status_next_attempt")
    op.drop_table("event_delivery")
    op.drop_table("event_subscription")
    op.drop_table("api_token_department")
    op.drop_table("api_token")
