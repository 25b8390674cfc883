"""Departments (afdelingen): registering one."""

from sqlalchemy import select

from crm.extensions import db
from crm.models import Department
from crm.validation import InvalidInput, required_text


def create_department(code: str, name: str, confidential: bool = False) -> Department:
    """Register a department with a unique code and name."""
    code = required_text(code, "code", 40, "Code").lower()
    name = required_text(name, "name", 120, "Naam")
    if db.session.scalar(select(Department.id).where((Department.code == code) | (Department.name == name))):
        raise InvalidInput("duplicate_department", "Er bestaat al een afdeling met deze code of naam.", "code")
    department = Department(code=code, name=name, confidential=confidential)
    db.session.add(department)
    db.session.commit()
    return department
