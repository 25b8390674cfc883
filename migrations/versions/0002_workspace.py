"""workspace: party events (a contact linked to a party later)

Revision ID: 0002_workspace
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_workspace'
down_revision = "0007_insight"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('party_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_party_event_actor_id_staff_user')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_party_event_contact_id_contact')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_party_event_department_id_department')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_party_event_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_event'))
    )
    with op.batch_alter_table('party_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_event_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index('ix_party_event_party_timeline', ['party_id', 'occurred_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('party_event', schema=None) as batch_op:
        batch_op.drop_index('ix_party_event_party_timeline')
        batch_op.drop_index(batch_op.f('ix_party_event_contact_id'))
    op.drop_table('party_event')
