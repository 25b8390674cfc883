"""Klantbeeld's domain model (code in English, UI in Dutch; see DESIGN.md)."""

from crm.models.case import Case, CaseEvent, CaseEventKind, CaseStatus, CaseType, case_departments
from crm.models.contact import Channel, Contact, Direction, Outcome
from crm.models.organisation import DUTCH_ROLE_NAMES, Department, Role, StaffUser, Team
from crm.models.outbox import Counter, OutboxEntry
from crm.models.party import (
    Address,
    DigitalAddress,
    DigitalAddressKind,
    Identifier,
    IdentifierKind,
    Party,
    PartyKind,
)
from crm.models.search import SearchDocument
from crm.models.task import Task, TaskEvent, TaskEventKind, TaskKind, TaskStatus
from crm.models.types import UTCDateTime, utcnow

__all__ = [
    "Address",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseStatus",
    "CaseType",
    "Channel",
    "Contact",
    "Counter",
    "DUTCH_ROLE_NAMES",
    "Department",
    "DigitalAddress",
    "DigitalAddressKind",
    "Direction",
    "Identifier",
    "IdentifierKind",
    "Outcome",
    "OutboxEntry",
    "Party",
    "PartyKind",
    "Role",
    "SearchDocument",
    "StaffUser",
    "Task",
    "TaskEvent",
    "TaskEventKind",
    "TaskKind",
    "TaskStatus",
    "Team",
    "UTCDateTime",
    "case_departments",
    "utcnow",
]
