"""Retention (bewaartermijnen): rules per case type and/or channel, and carrying them out.

``plan_retention`` says what the active rules would pseudonymise or delete today (the dry
run); ``apply_retention`` does it in one transaction and writes the processing log. Open
cases and contacts of open cases are never touched: a term runs from the moment a case is
closed. Pseudonymising keeps the fact that something happened (date, channel, department,
case type) for the figures, and removes the content and the link with the party.
"""

import calendar
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from crm.extensions import db
from crm.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Channel,
    Contact,
    ProcessingAction,
    ProcessingActivity,
    RetentionAction,
    RetentionRule,
    StaffUser,
    Task,
    TaskEvent,
    case_departments,
    utcnow,
)
from crm.services.errors import NotFound
from crm.services.outbox import enqueue_indexing
from crm.services.processing_log import append_entries
from crm.validation import InvalidInput

# What a pseudonymised subject reads as; also how a second run recognises done work.
PSEUDONYM = "[gepseudonimiseerd]"
MAX_TERM_MONTHS = 1200


def create_retention_rule(
    actor: StaffUser,
    term_months: int,
    action: str,
    *,
    case_type_id: int | None = None,
    channel_id: int | None = None,
    basis: str = "",
) -> RetentionRule:
    """Add a retention rule for a case type, a channel or both."""
    if case_type_id is None and channel_id is None:
        raise InvalidInput("no_scope", "Kies een zaaktype, een kanaal of allebei.", "case_type_id")
    if case_type_id is not None and db.session.get(CaseType, case_type_id) is None:
        raise InvalidInput("unknown_case_type", "Onbekend zaaktype.", "case_type_id")
    if channel_id is not None and db.session.get(Channel, channel_id) is None:
        raise InvalidInput("unknown_channel", "Onbekend kanaal.", "channel_id")
    if not isinstance(term_months, int) or not 1 <= term_months <= MAX_TERM_MONTHS:
        raise InvalidInput("invalid_term", f"Een termijn is 1 tot {MAX_TERM_MONTHS} maanden.", "term_months")
    try:
        action = RetentionAction(action).value
    except ValueError:
        raise InvalidInput("invalid_action", "Kies pseudonimiseren of vernietigen.", "action") from None
    if len(basis or "") > 300:
        raise InvalidInput("too_long", "De grondslag is te lang (maximaal 300 tekens).", "basis")
    rule = RetentionRule(
        case_type_id=case_type_id,
        channel_id=channel_id,
        term_months=term_months,
        action=action,
        basis=(basis or "").strip(),
        created_by_id=actor.id,
    )
    db.session.add(rule)
    db.session.commit()
    return rule


def deactivate_retention_rule(rule_id: int) -> RetentionRule:
    """Switch a rule off; it stays listed so it is clear what applied before."""
    rule = db.session.get(RetentionRule, rule_id)
    if rule is None:
        raise NotFound("Deze bewaarregel bestaat niet.")
    rule.active = False
    db.session.commit()
    return rule


def active_rules() -> list[RetentionRule]:
    """The rules that are switched on, oldest first (the order in which they are applied)."""
    return list(
        db.session.scalars(select(RetentionRule).where(RetentionRule.active).order_by(RetentionRule.id))
    )


@dataclass
class RetentionStep:
    """What one rule covers today: expired cases and contacts not yet dealt with."""

    rule: RetentionRule
    cutoff: datetime
    case_ids: list[int] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.case_ids and not self.contact_ids


def plan_retention(now: datetime | None = None) -> list[RetentionStep]:
    """The dry run: per active rule, which cases and contacts have passed their term."""
    now = now or utcnow()
    return [_plan(rule, now) for rule in active_rules()]


def apply_retention(actor: StaffUser | None = None, now: datetime | None = None) -> list[RetentionStep]:
    """Pseudonymise or delete everything past its term, log it per party, and commit once."""
    steps = plan_retention(now)
    for step in steps:
        if step.is_empty:
            continue
        # A rule earlier in the list may already have deleted some of these.
        step.case_ids = list(db.session.scalars(select(Case.id).where(Case.id.in_(step.case_ids))))
        step.contact_ids = list(db.session.scalars(select(Contact.id).where(Contact.id.in_(step.contact_ids))))
        _log(step, actor)
        if step.rule.action == RetentionAction.DELETE:
            _delete(step)
        else:
            _pseudonymise(step)
    db.session.commit()
    return steps


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _plan(rule: RetentionRule, now: datetime) -> RetentionStep:
    cutoff = months_before(now, rule.term_months)
    step = RetentionStep(rule=rule, cutoff=cutoff)
    expired_cases = select(Case.id).where(Case.status == CaseStatus.CLOSED.value, Case.closed_at < cutoff)
    not_done = _not_done(rule)
    if rule.case_type_id is not None:
        expired_cases = expired_cases.where(Case.case_type_id == rule.case_type_id)
        contacts = select(Contact.id).where(Contact.case_id.in_(expired_cases))
        if rule.channel_id is not None:
            contacts = contacts.where(Contact.channel_id == rule.channel_id)
        else:
            step.case_ids = list(db.session.scalars(expired_cases.where(not_done(Case)).order_by(Case.id)))
    else:
        open_cases = select(Case.id).where(Case.status != CaseStatus.CLOSED.value)
        contacts = select(Contact.id).where(
            Contact.channel_id == rule.channel_id,
            Contact.occurred_at < cutoff,
            or_(Contact.case_id.is_(None), Contact.case_id.not_in(open_cases)),
        )
    step.contact_ids = list(db.session.scalars(contacts.where(not_done(Contact)).order_by(Contact.id)))
    return step


def _not_done(rule: RetentionRule):
    # Deleted rows are gone by themselves; pseudonymised ones keep the marker as subject.
    if rule.action == RetentionAction.DELETE:
        return lambda model: True
    return lambda model: model.subject != PSEUDONYM


def _log(step: RetentionStep, actor: StaffUser | None) -> None:
    action = ProcessingAction.DELETE if step.rule.action == RetentionAction.DELETE else ProcessingAction.CHANGE
    per_party: dict[int, dict[str, list[int]]] = {}
    for model, ids, key in ((Case, step.case_ids, "zaken"), (Contact, step.contact_ids, "contactmomenten")):
        if not ids:
            continue
        rows = db.session.execute(select(model.id, model.party_id).where(model.id.in_(ids), model.party_id.is_not(None)))
        for record_id, party_id in rows:
            per_party.setdefault(party_id, {}).setdefault(key, []).append(record_id)
    for party_id, records in per_party.items():
        append_entries(
            actor,
            party_id,
            ProcessingActivity.RETENTION,
            action,
            object_type="retention_rule",
            object_id=step.rule.id,
            details={"handeling": step.rule.action, **records},
        )


def _case_contact_ids(case_ids: list[int]) -> list[int]:
    return list(db.session.scalars(select(Contact.id).where(Contact.case_id.in_(case_ids)))) if case_ids else []


def _case_task_ids(case_ids: list[int]) -> list[int]:
    return list(db.session.scalars(select(Task.id).where(Task.case_id.in_(case_ids)))) if case_ids else []


def _pseudonymise(step: RetentionStep) -> None:
    case_ids = step.case_ids
    contact_ids = sorted(set(step.contact_ids) | set(_case_contact_ids(case_ids)))
    task_ids = _case_task_ids(case_ids)
    if case_ids:
        db.session.execute(
            update(Case)
            .where(Case.id.in_(case_ids))
            .values(subject=PSEUDONYM, description="", party_id=None, version=Case.version + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(CaseEvent).where(CaseEvent.case_id.in_(case_ids)).values(party_id=None, note="")
        )
    if task_ids:
        db.session.execute(
            update(Task)
            .where(Task.id.in_(task_ids))
            .values(subject=PSEUDONYM, note="", reach_via="", party_id=None, version=Task.version + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(TaskEvent).where(TaskEvent.task_id.in_(task_ids)).values(party_id=None, note="")
        )
    if contact_ids:
        db.session.execute(
            update(Contact)
            .where(Contact.id.in_(contact_ids))
            .values(subject=PSEUDONYM, content="", answer="", party_id=None)
            .execution_options(synchronize_session=False)
        )
    _reindex(case_ids, contact_ids, task_ids)


def _delete(step: RetentionStep) -> None:
    case_ids = step.case_ids
    contact_ids = sorted(set(step.contact_ids) | set(_case_contact_ids(case_ids)))
    task_ids = _case_task_ids(case_ids)
    if contact_ids:
        db.session.execute(
            update(Task)
            .where(Task.contact_id.in_(contact_ids))
            .values(contact_id=None)
            .execution_options(synchronize_session=False)
        )
    if task_ids:
        db.session.execute(delete(TaskEvent).where(TaskEvent.task_id.in_(task_ids)))
        db.session.execute(delete(Task).where(Task.id.in_(task_ids)).execution_options(synchronize_session=False))
    if contact_ids:
        db.session.execute(delete(Contact).where(Contact.id.in_(contact_ids)).execution_options(synchronize_session=False))
    if case_ids:
        db.session.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(case_ids)))
        db.session.execute(delete(case_departments).where(case_departments.c.case_id.in_(case_ids)))
        db.session.execute(delete(Case).where(Case.id.in_(case_ids)).execution_options(synchronize_session=False))
    _reindex(case_ids, contact_ids, task_ids)


def _reindex(case_ids, contact_ids, task_ids) -> None:
    """Let the search index forget or refresh what changed (the indexer reads the database)."""
    for entity, ids in (("case", case_ids), ("contact", contact_ids), ("task", task_ids)):
        for record_id in ids:
            enqueue_indexing(entity, record_id)
