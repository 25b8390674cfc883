"""indexes for the management figures

Revision ID: 0007_insight
Revises: 0001
Create Date: 2026-11-24 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007_insight"
down_revision = "0004_api"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_task_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_task_completed_at", ["completed_at"], unique=False)
        batch_op.create_index("ix_task_department_completed_at", ["department_id", "completed_at"], unique=False)
        batch_op.create_index("ix_task_status_due", ["status", "due_at"], unique=False)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index("ix_case_status_opened_at", ["status", "opened_at"], unique=False)


def downgrade():
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_status_opened_at")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index("ix_task_status_due")
        batch_op.drop_index("ix_task_department_completed_at")
        batch_op.drop_index("ix_task_completed_at")
        batch_op.drop_index("ix_task_created_at")
        batch_op.drop_index("ix_task_contact_id")
