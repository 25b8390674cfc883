"""``ContactDraft``: what an adapter makes of raw channel input, before identification.

A draft is plain data. The intake service (crm/services/intake.py) identifies the party,
deduplicates on ``external_id`` and stores the contact; nothing here knows about that.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

INBOUND = "inbound"
OUTBOUND = "outbound"
DIRECTIONS = (INBOUND, OUTBOUND)

# The outcome codes of crm.models.Outcome, repeated here because channels/ never imports crm.
RESOLVED = "resolved"  # gelukt
FAILED = "failed"  # niet gelukt
TRANSFERRED = "transferred"  # doorverbonden
CALLBACK_REQUESTED = "callback_requested"  # contactverzoek gemaakt
OUTCOMES = (RESOLVED, FAILED, TRANSFERRED, CALLBACK_REQUESTED)
# What sources write for an outcome, Dutch or English.
OUTCOME_NAMES = {
    "resolved": RESOLVED, "gelukt": RESOLVED,
    "failed": FAILED, "niet gelukt": FAILED, "niet_gelukt": FAILED,
    "transferred": TRANSFERRED, "doorverbonden": TRANSFERRED,
    "callback_requested": CALLBACK_REQUESTED, "contactverzoek gemaakt": CALLBACK_REQUESTED,
    "contactverzoek": CALLBACK_REQUESTED,
}

SUBJECT_MAX = 300
# A contact longer than a week is a clock error; it also keeps durations in a 32-bit column.
MAX_DURATION_SECONDS = 7 * 24 * 3600
EXTERNAL_ID_MAX = 255
NO_SUBJECT = "(geen onderwerp)"

_WHITESPACE = re.compile(r"\s+")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class Attachment:
    """A file that came with a contact: name, MIME type and size; ``content`` when it was kept."""

    filename: str
    content_type: str
    size: int
    content: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ContactDraft:
    """One contact as a channel delivered it.

    ``occurred_at`` is always timezone-aware. The identity hints (``bsn`` .. ``name``) are as
    the source gave them, not yet validated: the intake service normalises them and decides.
    ``agent`` is the username of the member of staff who handled the contact, when known.
    ``message_id``, ``in_reply_to`` and ``references`` thread e-mail replies to a case.
    """

    channel: str
    direction: str
    occurred_at: datetime
    subject: str
    content: str = ""
    answer: str = ""
    outcome: str | None = None
    external_id: str | None = None
    duration_seconds: int | None = None
    bsn: str | None = None
    kvk: str | None = None
    email: str | None = None
    phone: str | None = None
    name: str | None = None
    agent: str | None = None
    attachments: tuple[Attachment, ...] = ()
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    metadata: dict = field(default_factory=dict)

    def __post_init__(self):
        # These guard the adapters themselves (a bug, not bad input), so they are plain errors.
        if self.occurred_at.tzinfo is None or self.occurred_at.utcoffset() is None:
            raise ValueError("ContactDraft.occurred_at must be timezone-aware")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if not self.subject or len(self.subject) > SUBJECT_MAX:
            raise ValueError("subject must be 1 to 300 characters; use clip_subject()")
        if self.duration_seconds is not None and not 0 <= self.duration_seconds <= MAX_DURATION_SECONDS:
            raise ValueError("duration_seconds must be 0 to MAX_DURATION_SECONDS")
        if self.external_id is not None and not 0 < len(self.external_id) <= EXTERNAL_ID_MAX:
            raise ValueError("external_id must be 1 to 255 characters; use stable_id()")

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers, nearest first (In-Reply-To, then References)."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += [ref for ref in reversed(self.references) if ref not in ids]
        return tuple(ids)


def clean_text(text: str) -> str:
    """Text a database accepts: no NUL characters, no lone surrogates (from bad JSON or bytes)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def clip_subject(text: str | None, fallback: str = NO_SUBJECT) -> str:
    """One line of at most 300 characters, or the fallback when nothing is left."""
    line = _WHITESPACE.sub(" ", clean_text(text or "")).strip()
    if not line:
        return fallback
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + "…"


def stable_id(value: str) -> str:
    """An external id that fits the column: the value itself, or its SHA-256 when too long."""
    if 0 < len(value) <= EXTERNAL_ID_MAX:
        return value
    return fingerprint(value.encode("utf-8", "replace"))


def fingerprint(data: bytes) -> str:
    """A content-derived id, for sources that give none: re-delivering the same bytes gives the same id."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def message_ids(header_value: str | None) -> tuple[str, ...]:
    """The ``<...>`` Message-IDs in an In-Reply-To or References header, in order."""
    return tuple(_MESSAGE_ID.findall(clean_text(header_value or "")))


def external_id_for_message(message_id: str) -> str:
    """The contact external id an e-mail with this Message-ID is stored under (threading uses it too)."""
    return stable_id(message_id)
