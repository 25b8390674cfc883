"""Post: a received letter (sender, subject, date received, optional scan) to a ``ContactDraft``.

Letter payload::

    {"registration_number": "P-2025-000123", "received_on": "2025-03-12",
     "subject": "Bezwaar aanslag OZB 2025", "summary": "Meneer is het niet eens met ...",
     "sender": {"name": "P. de Vries", "bsn": "123456782",
                "address": "Dorpsstraat 1, 1234 AB Ergens"},
     "scan": {"filename": "brief.pdf", "content_type": "application/pdf", "size": 183422}}

``received_at`` (a full ISO 8601 moment) may replace ``received_on``. The scan's content is not
part of the JSON: the registration form (or a multipart upload) hands it to the intake service.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from channels.draft import INBOUND, Attachment, ContactDraft, clip_subject, stable_id
from channels.payload import PayloadReader

CHANNEL = "post"
_LOCAL = ZoneInfo("Europe/Amsterdam")


def parse(payload) -> ContactDraft:
    """Read a letter registration; raises AdapterError listing every missing or malformed field."""
    reader = PayloadReader.of(payload)
    registration_number = reader.text("registration_number", max_length=200)
    received_at = reader.timestamp("received_at")
    received_on = reader.day("received_on", required=received_at is None)
    subject = reader.text("subject", required=True, max_length=300)
    summary = reader.text("summary") or ""
    hints = reader.identity("sender")
    sender = reader.mapping("sender")
    address = sender.text("address", max_length=500) if sender else None
    scan = reader.mapping("scan")
    attachments = ()
    if scan is not None:
        filename = scan.text("filename", required=True, max_length=255)
        content_type = scan.text("content_type", max_length=100) or "application/octet-stream"
        size = scan.integer("size", maximum=10**10) or 0
        if filename:
            attachments = (Attachment(filename=filename, content_type=content_type, size=size),)
    reader.finish()
    if received_at is None:
        received_at = datetime.combine(received_on, time(0, 0), tzinfo=_LOCAL)
    lines = [summary]
    if hints.get("name") or address:
        lines.append("Afzender: " + ", ".join(part for part in (hints.get("name"), address) if part))
    return ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=received_at,
        subject=clip_subject(subject),
        content="\n\n".join(line for line in lines if line),
        external_id=stable_id(registration_number) if registration_number else None,
        attachments=attachments,
        metadata={"registration_number": registration_number, "sender_address": address},
        **hints,
    )
