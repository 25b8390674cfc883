"""Klantbeeld's domain model (code in English, UI in Dutch; see DESIGN.md)."""

from crm.models.case import Case, CaseEvent, CaseEventKind, CaseStatus, CaseType, case_departments
from crm.models.contact import Channel, Contact, Direction, Outcome
from crm.models.intake import (
    ContactAttachment,
    ContactIdentification,
    IdentificationReason,
    QuarantinedInput,
    ReceivedCallEvent,
)
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
    "ContactAttachment",
    "ContactIdentification",
    "Counter",
    "DUTCH_ROLE_NAMES",
    "Department",
    "DigitalAddress",
    "DigitalAddressKind",
    "Direction",
    "IdentificationReason",
    "Identifier",
    "IdentifierKind",
    "Outcome",
    "OutboxEntry",
    "Party",
    "PartyKind",
    "QuarantinedInput",
    "ReceivedCallEvent",
    "Role",
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
