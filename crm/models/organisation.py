"""The municipality's own organisation: departments, teams and staff users."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class Role(StrEnum):
    """What a staff user may do; the permission policy in crm/permissions.py decides."""

    EMPLOYEE = "employee"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"
    PRIVACY_OFFICER = "privacy_officer"

    @classmethod
    def parse(cls, text: str) -> "Role":
        """Accept the code or the Dutch name (``teamleider``) of a role."""
        text = text.strip().lower()
        for role in cls:
            if text in (role.value, DUTCH_ROLE_NAMES[role]):
                return role
        raise ValueError(f"onbekende rol: {text}")


DUTCH_ROLE_NAMES = {
    Role.EMPLOYEE: "medewerker",
    Role.TEAM_LEAD: "teamleider",
    Role.ADMIN: "beheerder",
    Role.PRIVACY_OFFICER: "privacyfunctionaris",
}

staff_departments = Table(
    "staff_department",
    db.metadata,
    Column("staff_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)

staff_teams = Table(
    "staff_team",
    db.metadata,
    Column("staff_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
)


class Department(db.Model):
    """An afdeling. A confidential department (e.g. Sociaal Domein) shields its content."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)

    teams: Mapped[list["Team"]] = relationship(back_populates="department", order_by="Team.name")

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class Team(db.Model):
    """A team inside one department."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    department: Mapped[Department] = relationship(back_populates="teams")


class StaffUser(UserMixin, db.Model):
    """A member of staff who logs in to Klantbeeld."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.EMPLOYEE.value)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    departments: Mapped[list[Department]] = relationship(
        secondary=staff_departments, order_by=Department.name
    )
    teams: Mapped[list[Team]] = relationship(secondary=staff_teams, order_by=Team.name)

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    @property
    def department_ids(self) -> set[int]:
        return {department.id for department in self.departments}

    def __repr__(self) -> str:
        return f"<StaffUser {self.username}>"
