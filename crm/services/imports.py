"""Imports from mailboxes and files: every message or row through the intake, one transaction each.

A message is marked processed at its source (``on_committed``) only after its contact (or its
quarantine entry) is committed. A crash in between means the next run sees the message again
and the intake recognises it by its Message-ID: nothing lost, nothing doubled.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from channels import balie, email
from channels.errors import AdapterError
from channels.mailsources import RawMessage
from crm.extensions import db
from crm.services.intake import CREATED, receive_channel_event, receive_draft
from crm.services.quarantine import APPOINTMENTS, MAIL, quarantine_input


@dataclass
class ImportReport:
    """Counts for the person running the import, and what went to quarantine."""

    created: int = 0
    duplicates: int = 0
    to_identify: int = 0
    quarantined: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.created} nieuw, {self.duplicates} al eerder ontvangen, "
            f"{self.to_identify} te identificeren, {len(self.quarantined)} in quarantaine"
            + (f", {len(self.skipped)} overgeslagen" if self.skipped else "")
        )


def import_mail(messages: Iterable[RawMessage], on_committed: Callable[[RawMessage], None] | None = None) -> ImportReport:
    """Take e-mail messages from a source; malformed ones are quarantined with their raw bytes."""
    report = ImportReport()
    for message in messages:
        try:
            result = receive_channel_event(email.CHANNEL, message.raw, received_at=message.received_at)
        except AdapterError as error:
            db.session.rollback()
            quarantine_input(MAIL, message.reference, message.raw, error, received_at=message.received_at)
            report.quarantined.append(f"{message.reference}: {error}")
        else:
            _count(report, result)
        if on_committed is not None:
            on_committed(message)
    return report


def import_appointments(data: bytes, reference: str) -> ImportReport:
    """Take an appointment system's CSV export; a bad row (or an unreadable file) is quarantined."""
    report = ImportReport()
    try:
        rows = balie.parse_csv(data)
    except AdapterError as error:
        quarantine_input(APPOINTMENTS, reference, data, error)
        report.quarantined.append(f"{reference}: {error}")
        return report
    for row in rows:
        row_reference = f"{reference} regel {row.line}"
        if row.skipped:
            report.skipped.append(row.skipped)
            continue
        try:
            if row.error is not None:
                raise row.error
            result = receive_draft(row.draft)
        except AdapterError as error:
            db.session.rollback()
            quarantine_input(APPOINTMENTS, row_reference, row.raw.encode("utf-8"), error)
            report.quarantined.append(f"{row_reference}: {error}")
        else:
            _count(report, result)
    return report


def _count(report: ImportReport, result) -> None:
    if result.status == CREATED:
        report.created += 1
        report.to_identify += int(result.needs_identification)
    else:
        report.duplicates += 1
