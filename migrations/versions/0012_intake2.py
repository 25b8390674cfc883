"""one inbox, one link: every contact without a party is a "Te identificeren" item, and a link
is a party event on the timeline

Data is kept: a resolved identification with a party becomes a ``party_event`` (kind
``contact_linked``) with its moment, actor and note; a contact without a party and without an
inbox item (registered anonymously in the workspace) gets an open item with reason ``anonymous``.
The identification's own timeline columns (``department_id`` and its timeline index) go.

Revision ID: 0012_intake2
Revises: 0006_privacy
"""
from alembic import op
import sqlalchemy as sa


revision = "0012_intake2"
down_revision = "0005_search"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        INSERT INTO party_event (party_id, department_id, kind, occurred_at, actor_id, contact_id, note)
        SELECT i.party_id, c.department_id, 'contact_linked', i.resolved_at, i.actor_id, i.contact_id, i.note
        FROM contact_identification i JOIN contact c ON c.id = i.contact_id
        WHERE i.party_id IS NOT NULL AND i.resolved_at IS NOT NULL
        """
    )
    empty_object, empty_list = (
        ("CAST('{}' AS JSON)", "CAST('[]' AS JSON)") if op.get_bind().dialect.name == "postgresql" else ("'{}'", "'[]'")
    )
    op.execute(
        f"""
        INSERT INTO contact_identification (contact_id, reason, hints, candidate_party_ids, created_at, note)
        SELECT c.id, 'anonymous', {empty_object}, {empty_list}, c.created_at, ''
        FROM contact c
        WHERE c.party_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM contact_identification i WHERE i.contact_id = c.id)
        """
    )
    with op.batch_alter_table("contact_identification", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_identification_party_timeline")
        batch_op.create_index(batch_op.f("ix_contact_identification_party_id"), ["party_id"], unique=False)
        batch_op.drop_constraint("fk_contact_identification_department_id_department", type_="foreignkey")
        batch_op.drop_column("department_id")


def downgrade():
    with op.batch_alter_table("contact_identification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_contact_identification_department_id_department", "department", ["department_id"], ["id"]
        )
        batch_op.drop_index(batch_op.f("ix_contact_identification_party_id"))
        batch_op.create_index("ix_contact_identification_party_timeline", ["party_id", "resolved_at", "id"], unique=False)
    op.execute("DELETE FROM contact_identification WHERE reason = 'anonymous' AND resolved_at IS NULL")
