"""internetaken and actoren, mapped onto Task, StaffUser (medewerker) and Department (organisatorische eenheid)."""

import secrets

from flask import g
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import func, select

from crm import permissions
from crm.api.fields import Text
from crm.api.pagination import page_link
from crm.extensions import db
from crm.klantinteracties import bp
from crm.klantinteracties.contacten import WITHHELD, _contact_by_uuid
from crm.klantinteracties.links import actor as present_actor
from crm.klantinteracties.links import actor_by_uuid, ref, zero_padded
from crm.klantinteracties.paging import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    bool_arg,
    choice_arg,
    integer_arg,
    json_body,
    page_of,
    text_arg,
    uuid_arg,
)
from crm.klantinteracties.partijen import ForeignKey
from crm.models import Contact, Department, Role, Scope, StaffUser, Task, TaskStatus
from crm.services import tasks as task_service
from crm.services.departments import create_department
from crm.services.errors import NotFound
from crm.services.users import create_user
from crm.validation import InvalidInput

STATUS = {"te_verwerken": False, "verwerkt": True}


class InterneTaakIn(Schema):
    class Meta:
        unknown = EXCLUDE

    gevraagdeHandeling = Text(required=True, validate=validate.Length(min=1, max=200))
    aanleidinggevendKlantcontact = fields.Nested(ForeignKey, required=True)
    toegewezenAanActor = fields.Nested(ForeignKey, allow_none=True)
    toegewezenAanActoren = fields.List(fields.Nested(ForeignKey), validate=validate.Length(max=10))
    toelichting = Text(load_default="", validate=validate.Length(max=1000))
    status = Text(load_default="te_verwerken", validate=validate.OneOf(list(STATUS)))


class InterneTaakPatch(InterneTaakIn):
    gevraagdeHandeling = Text(validate=validate.Length(min=1, max=200))
    aanleidinggevendKlantcontact = fields.Nested(ForeignKey)
    toelichting = Text(validate=validate.Length(max=1000))
    status = Text(validate=validate.OneOf(list(STATUS)))


class Actoridentificator(Schema):
    class Meta:
        unknown = EXCLUDE

    objectId = Text(load_default="", validate=validate.Length(max=80))


class ActorIn(Schema):
    class Meta:
        unknown = EXCLUDE

    naam = Text(required=True, validate=validate.Length(min=1, max=120))
    soortActor = Text(required=True, validate=validate.OneOf(["medewerker", "geautomatiseerde_actor", "organisatorische_eenheid"]))
    actoridentificator = fields.Nested(Actoridentificator, allow_none=True)


def present_internetaak(task: Task) -> dict:
    """A task as an InterneTaak; confidential content is withheld from tokens of other departments."""
    readable = permissions.can_read_content(g.principal, task)
    actors = [ref("actor", task.department.uuid)] + ([ref("actor", task.assignee.uuid)] if task.assignee else [])
    return {
        **ref("internetaak", task.uuid),
        "nummer": zero_padded(task.id),
        "referentienummer": None,
        "gevraagdeHandeling": task.subject[:200] if readable else WITHHELD,
        "aanleidinggevendKlantcontact": ref("klantcontact", task.contact.uuid),
        "toegewezenAanActor": actors[-1],
        "toegewezenAanActoren": actors,
        "toelichting": task.note[:1000] if readable else "",
        "status": "verwerkt" if task.status == TaskStatus.DONE.value else "te_verwerken",
        "toegewezenOp": task.created_at.isoformat(),
        "afgehandeldOp": task.completed_at.isoformat() if task.completed_at else None,
    }


def _target(data: dict) -> tuple[int, int | None] | None:
    """The department and assignee named by the actors, or None when no actor is given."""
    refs = list(data.get("toegewezenAanActoren") or []) + ([data["toegewezenAanActor"]] if data.get("toegewezenAanActor") else [])
    if not refs:
        return None
    department_id = assignee = None
    for item in refs:
        subject = actor_by_uuid(item["uuid"])
        if subject is None:
            raise InvalidInput("does_not_exist", "Deze actor bestaat niet.", "toegewezenAanActoren")
        if isinstance(subject, Department):
            department_id = subject.id
        else:
            assignee = subject
    if department_id is None:
        if not assignee.departments:
            raise InvalidInput("no_department", "Deze medewerker hoort bij geen afdeling.", "toegewezenAanActoren")
        department_id = assignee.departments[0].id
    return department_id, assignee.id if assignee else None


def _task_by_uuid(uuid) -> Task:
    task = db.session.scalar(select(Task).filter_by(uuid=uuid).where(Task.contact_id.is_not(None)))
    if task is None:
        raise NotFound()
    return task


@bp.get("/internetaken")
def internetaken():
    """Alle interne taken die uit een klantcontact voortkwamen, filterbaar op status, klantcontact en actor."""
    statement = select(Task).where(Task.contact_id.is_not(None))
    if status := choice_arg("status", list(STATUS)):
        done = Task.status == TaskStatus.DONE.value
        statement = statement.where(done if STATUS[status] else ~done)
    for name in ("aanleidinggevendKlantcontact__uuid", "klantcontact__uuid"):
        if contact_uuid := uuid_arg(name):
            statement = statement.where(Task.contact_id.in_(select(Contact.id).where(Contact.uuid == contact_uuid)))
    if actor_uuid := uuid_arg("toegewezenAanActor__uuid"):
        subject = actor_by_uuid(actor_uuid)
        if isinstance(subject, Department):
            statement = statement.where(Task.department_id == subject.id)
        else:
            statement = statement.where(Task.assignee_id == (subject.id if subject else -1))
    if (nummer := text_arg("nummer")) is not None:
        statement = statement.where(Task.id == (int(nummer) if nummer.isdigit() and len(nummer) <= 10 else -1))
    return page_of(statement.order_by(Task.id), present_internetaak)


@bp.get("/internetaken/<uuid:uuid>")
def internetaak(uuid):
    """Een specifieke interne taak."""
    return present_internetaak(_task_by_uuid(uuid))


@bp.post("/internetaken")
def internetaak_create():
    """Maak een interne taak (contactverzoek) bij een klantcontact, toegewezen aan een afdeling en/of medewerker."""
    data = InterneTaakIn().load(json_body())
    contact = _contact_by_uuid(data["aanleidinggevendKlantcontact"]["uuid"], "aanleidinggevendKlantcontact")
    target = _target(data)
    if target is None:
        raise InvalidInput("required", "Wijs de taak toe aan een afdeling of medewerker.", "toegewezenAanActoren")
    done = STATUS[data["status"]]
    task = task_service.create_task(
        data["gevraagdeHandeling"], target[0], g.principal, note=data["toelichting"], assignee_id=target[1],
        party_id=contact.party_id, contact_id=contact.id, commit=not done,
    )
    if done:
        task = task_service.complete_task(task.id, g.principal)
    return present_internetaak(task), 201


@bp.patch("/internetaken/<uuid:uuid>")
def internetaak_update(uuid):
    """Werk een interne taak deels bij: status (afronden of heropenen) en toewijzing (doorsturen)."""
    task = _task_by_uuid(uuid)
    data = InterneTaakPatch().load(json_body())
    for name, current in (("gevraagdeHandeling", task.subject), ("aanleidinggevendKlantcontact", None)):
        if name in data and (current is None and data[name]["uuid"] != task.contact.uuid or current is not None and data[name] != current):
            raise InvalidInput("read_only", "Dit veld kan in Klantbeeld niet worden gewijzigd.", name)
    note = data.get("toelichting") or ""
    target = _target(data)
    if target is not None and target != (task.department_id, task.assignee_id):
        task = task_service.forward_task(
            task.id, g.principal, note or "Doorgestuurd via Klantinteracties.", department_id=target[0], assignee_id=target[1]
        )
    if "status" in data and STATUS[data["status"]] != (task.status == TaskStatus.DONE.value):
        if STATUS[data["status"]]:
            task = task_service.complete_task(task.id, g.principal, note)
        else:
            task = task_service.reopen_task(task.id, g.principal, note or "Heropend via Klantinteracties.")
    return present_internetaak(task)


@bp.get("/actoren")
def actoren():
    """Alle actoren: medewerkers en organisatorische eenheden (afdelingen)."""
    soort = choice_arg("soortActor", ["geautomatiseerde_actor", "medewerker", "organisatorische_eenheid"])
    naam = text_arg("naam")
    actief = bool_arg("indicatieActief")
    object_id = text_arg("actoridentificatorObjectId")
    staff = select(StaffUser).order_by(StaffUser.id)
    departments = select(Department).order_by(Department.id)
    if naam:
        staff, departments = staff.where(StaffUser.full_name == naam), departments.where(Department.name == naam)
    if object_id:
        staff, departments = staff.where(StaffUser.username == object_id), departments.where(Department.code == object_id)
    if actief is not None:
        staff = staff.where(StaffUser.active.is_(actief))
        if not actief:
            departments = departments.where(Department.id.is_(None))
    sources = [s for kind, s in (("medewerker", staff), ("organisatorische_eenheid", departments)) if soort in (None, kind)]
    page = integer_arg("page", 1, 1, 2**31 - 1)
    size = integer_arg("pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    offset, results, count = (page - 1) * size, [], 0
    for statement in sources:
        total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        if len(results) < size and offset < count + total:
            skip = max(offset - count, 0)
            results += db.session.scalars(statement.offset(skip).limit(size - len(results))).all()
        count += total
    return {
        "count": count,
        "next": page_link(page + 1) if page * size < count else None,
        "previous": page_link(page - 1) if page > 1 and count else None,
        "results": [present_actor(subject) for subject in results],
    }


@bp.get("/actoren/<uuid:uuid>")
def actor(uuid):
    """Een specifieke actor."""
    subject = actor_by_uuid(uuid)
    if subject is None:
        raise NotFound()
    return present_actor(subject)


@bp.post("/actoren")
@permissions.requires_scope(Scope.ADMIN)
def actor_create():
    """Maak een organisatorische eenheid (afdeling) of medewerker aan; alleen met de admin-scope."""
    data = ActorIn().load(json_body())
    object_id = (data.get("actoridentificator") or {}).get("objectId", "")
    if data["soortActor"] == "organisatorische_eenheid":
        return present_actor(create_department(object_id or data["naam"][:40], data["naam"])), 201
    if data["soortActor"] == "medewerker":
        if not object_id:
            raise InvalidInput("required", "Geef de gebruikersnaam als actoridentificator.objectId.", "actoridentificator.objectId")
        # The account cannot log in until a beheerder sets a password: the key is thrown away.
        password = f"Kb1-{secrets.token_urlsafe(24)}"
        try:
            user = create_user(object_id, data["naam"], password, Role.EMPLOYEE)
        except InvalidInput as error:
            raise error.for_field("actoridentificator.objectId" if error.field == "username" else "naam") from None
        return present_actor(user), 201
    raise InvalidInput("unsupported", "Geautomatiseerde actoren kent Klantbeeld niet.", "soortActor")
