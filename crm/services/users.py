"""Staff accounts: creating them and checking a password at login."""

from functools import lru_cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from crm.extensions import db
from crm.models import Department, Role, StaffUser
from crm.validation import InvalidInput, normalise_email, required_text

MIN_PASSWORD_LENGTH = 12


def check_password_policy(password: str) -> None:
    """At least 12 characters, not only letters or only digits (BIO-style baseline)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "weak_password", f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.", "password"
        )
    if password.isalpha() or password.isdigit():
        raise InvalidInput(
            "weak_password", "Gebruik in een wachtwoord zowel letters als cijfers of tekens.", "password"
        )


def create_user(
    username: str,
    full_name: str,
    password: str,
    role: Role = Role.EMPLOYEE,
    department_codes: list[str] | None = None,
    email: str | None = None,
    language: str = "nl",
) -> StaffUser:
    """Create a staff account with a hashed password in the given departments."""
    username = required_text(username, "username", 80, "Gebruikersnaam").lower()
    full_name = required_text(full_name, "full_name", 160, "Naam")
    check_password_policy(password)
    if db.session.scalar(select(StaffUser.id).filter_by(username=username)):
        raise InvalidInput("duplicate_username", "Deze gebruikersnaam bestaat al.", "username")
    departments = []
    for code in department_codes or []:
        department = db.session.scalar(select(Department).filter_by(code=code))
        if department is None:
            raise InvalidInput("unknown_department", f"Onbekende afdeling: {code}.", "departments")
        departments.append(department)
    user = StaffUser(
        username=username,
        full_name=full_name,
        email=normalise_email(email) if email else None,
        password_hash=generate_password_hash(password),
        role=role.value,
        language=language,
        departments=departments,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> StaffUser | None:
    """The active user with this username and password, or None."""
    user = db.session.scalar(select(StaffUser).filter_by(username=(username or "").strip().lower()))
    if user is None or not user.active:
        # Hash anyway so a wrong username takes as long as a wrong password.
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


LANGUAGES = {"nl": "Nederlands", "en": "English"}


def set_language(user_id: int, language: str) -> StaffUser:
    """Let a member of staff work in Dutch or English; it sticks to their account."""
    if language not in LANGUAGES:
        raise InvalidInput("unknown_language", "Kies Nederlands of English.", "language")
    user = db.session.get(StaffUser, user_id)
    user.language = language
    db.session.commit()
    return user
