"""API tokens: issuing a key once, checking it on every request, and revoking it."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.models import ApiToken, Department, Scope, utcnow
from crm.services.errors import NotFound
from crm.validation import InvalidInput, required_text

KEY_PREFIX = "kb"
# Writing "last used" on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


def create_token(name: str, scopes: list[str], department_codes: list[str] | None = None) -> IssuedToken:
    """Issue a token with scopes, optionally tied to departments; the key is returned only here."""
    name = required_text(name, "name", 120, "Naam")
    if not scopes:
        raise InvalidInput("required", "Kies minstens één scope.", "scopes")
    valid = {scope.value for scope in Scope}
    unknown = sorted(set(scopes) - valid)
    if unknown:
        raise InvalidInput(
            "unknown_scope", f"Onbekende scope: {', '.join(unknown)} (kies uit {', '.join(sorted(valid))}).", "scopes"
        )
    if db.session.scalar(select(ApiToken.id).filter_by(name=name)):
        raise InvalidInput("duplicate_name", "Er bestaat al een token met deze naam.", "name")
    departments = []
    for code in department_codes or []:
        department = db.session.scalar(select(Department).filter_by(code=code))
        if department is None:
            raise InvalidInput("unknown_department", f"Onbekende afdeling: {code}.", "departments")
        departments.append(department)
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        scopes=sorted(set(scopes)),
        departments=departments,
    )
    db.session.add(token)
    db.session.commit()
    return IssuedToken(token=token, key=key)


def token_for_key(key: str) -> ApiToken | None:
    """The active token this key belongs to, or None; notes when it was last used."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    token = db.session.scalar(select(ApiToken).filter_by(prefix=parts[1]))
    # The key is random and long, so one SHA-256 suffices; compare in constant time.
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)) or not token.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return token


def revoke_token(name: str) -> ApiToken:
    """Revoke a token by name: every later request with its key is refused."""
    token = db.session.scalar(select(ApiToken).filter_by(name=(name or "").strip()))
    if token is None:
        raise NotFound("Er is geen token met deze naam.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def list_tokens() -> list[ApiToken]:
    """All tokens, newest first, for the beheerder."""
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
