"""Klantbeeld's domain model (code in English, UI in Dutch; see DESIGN.md)."""

from crm.models.case import Case, CaseEvent, CaseEventKind, CaseStatus, CaseType, case_departments
from crm.models.contact import Channel, Contact, Direction, Outcome
from crm.models.integration import ApiToken, DeliveryStatus, EventDelivery, Scope, Subscription
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
from crm.models.party_event import PartyEvent, PartyEventKind
from crm.models.privacy import DUTCH_RETENTION_ACTIONS, PartyMerge, RetentionAction, RetentionRule
from crm.models.processing_log import (
    DUTCH_ACTIONS,
    DUTCH_ACTIVITIES,
    ProcessingAction,
    ProcessingActivity,
    ProcessingLogEntry,
)
from crm.models.security import LoginAttempt
from crm.models.search import SearchDocument
from crm.models.task import Task, TaskEvent, TaskEventKind, TaskKind, TaskStatus
from crm.models.types import UTCDateTime, utcnow

__all__ = [
    "Address",
    "ApiToken",
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
    "DeliveryStatus",
    "Department",
    "DigitalAddress",
    "DigitalAddressKind",
    "Direction",
    "EventDelivery",
    "IdentificationReason",
    "Identifier",
    "IdentifierKind",
    "Outcome",
    "OutboxEntry",
    "Party",
    "PartyEvent",
    "PartyEventKind",
    "PartyKind",
    "QuarantinedInput",
    "ReceivedCallEvent",
    "Role",
    "Scope",
    "SearchDocument",
    "StaffUser",
    "Subscription",
    "Task",
    "TaskEvent",
    "TaskEventKind",
    "TaskKind",
    "TaskStatus",
    "Team",
    "UTCDateTime",
    "case_departments",
    "utcnow",
    "DUTCH_ACTIONS",
    "DUTCH_ACTIVITIES",
    "DUTCH_RETENTION_ACTIONS",
    "LoginAttempt",
    "PartyMerge",
    "ProcessingAction",
    "ProcessingActivity",
    "ProcessingLogEntry",
    "RetentionAction",
    "RetentionRule",
]
