"""References between resources in the standard's shape: ``{"uuid": ..., "url": ...}``, and actors."""

from flask import url_for
from sqlalchemy import select

from crm.extensions import db
from crm.models import Department, StaffUser


def ref(endpoint: str, uuid) -> dict:
    """A foreign key as the standard writes it."""
    return {"uuid": str(uuid), "url": url_for(f"klantinteracties.{endpoint}", uuid=uuid, _external=True)}


def zero_padded(number: int) -> str:
    """The standard's ``nummer``: ten digits."""
    return f"{number:010d}"


def actor(subject: StaffUser | Department) -> dict:
    """A medewerker (staff user) or organisatorische eenheid (department) as an Actor."""
    base = {**ref("actor", subject.uuid), "indicatieActief": True}
    if isinstance(subject, StaffUser):
        return {
            **base,
            "naam": subject.full_name[:200],
            "soortActor": "medewerker",
            "indicatieActief": bool(subject.active),
            "actoridentificator": {
                "objectId": subject.username, "codeObjecttype": "mdw", "codeRegister": "obj", "codeSoortObjectId": "idf",
            },
        }
    return {
        **base,
        "naam": subject.name[:200],
        "soortActor": "organisatorische_eenheid",
        "actoridentificator": {
            "objectId": subject.code, "codeObjecttype": "oet", "codeRegister": "obj", "codeSoortObjectId": "idf",
        },
        "actorIdentificatie": {"omschrijving": subject.name[:200]},
    }


def actor_by_uuid(uuid) -> StaffUser | Department | None:
    """The staff user or department with this actor uuid."""
    return db.session.scalar(select(StaffUser).filter_by(uuid=uuid)) or db.session.scalar(
        select(Department).filter_by(uuid=uuid)
    )
