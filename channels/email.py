"""E-mail: one RFC 5322 message (bytes) to a ``ContactDraft``.

Handles multipart/alternative (the plain part is preferred), HTML-only mail (sanitised to
text with nh3), attachments (name, type, size and content), non-UTF-8 charsets and encoded
(RFC 2047/2231) headers. The Message-ID is the external id, so a re-delivered message is
recognised; In-Reply-To and References let the intake service thread a reply to its case.

Python's e-mail parser is lenient but some malformed headers make it raise unexpected
errors; every such failure becomes an :class:`AdapterError` so a bad message is quarantined,
never crashes an import.
"""

import html
import re
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

import nh3

from channels.draft import (
    INBOUND,
    Attachment,
    ContactDraft,
    clean_text,
    clip_subject,
    external_id_for_message,
    fingerprint,
    message_ids,
)
from channels.errors import AdapterError, Reason

CHANNEL = "e-mail"
MAX_MESSAGE_BYTES = 50 * 1024 * 1024

# Block-level HTML ends a line in the text version.
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote|/table)\b[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def parse(raw: bytes | str, *, received_at: datetime | None = None) -> ContactDraft:
    """Read one message. ``received_at`` (e.g. the IMAP INTERNALDATE) stands in for a missing Date.

    Raises AdapterError when the input is not a message, has no sender address or no usable date.
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    if not isinstance(raw, (bytes, bytearray)):
        raise AdapterError.single("message", "not_bytes", "Verwacht een e-mailbericht (bytes).")
    raw = bytes(raw)
    if not raw.strip():
        raise AdapterError.single("message", "empty", "Het bericht is leeg.")
    if len(raw) > MAX_MESSAGE_BYTES:
        raise AdapterError.single("message", "too_large", "Het bericht is groter dan 50 MB.")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _draft(message, raw, received_at)
    except AdapterError:
        raise
    except Exception as error:  # noqa: BLE001 - the stdlib parser's own crashes, see module docstring
        raise AdapterError.single(
            "message", "unreadable", f"Het bericht kan niet worden gelezen ({type(error).__name__})."
        ) from None


def _draft(message: EmailMessage, raw: bytes, received_at: datetime | None) -> ContactDraft:
    reasons = []
    if not any(_header(message, name) for name in ("From", "Date", "Subject", "Message-ID", "To")):
        raise AdapterError.single("headers", "no_headers", "Dit is geen e-mailbericht: de berichtkoppen ontbreken.")
    sender = _sender(message)
    if sender is None:
        reasons.append(Reason("from", "missing_sender", "Het bericht heeft geen afzenderadres (From)."))
    occurred_at = _date(message) or received_at
    if occurred_at is None:
        reasons.append(Reason("date", "invalid_date", "Het bericht heeft geen bruikbare datum (Date)."))
    elif occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=timezone.utc)
    if reasons:
        raise AdapterError(reasons)

    message_id = next(iter(message_ids(_header(message, "Message-ID"))), None)
    in_reply_to = next(iter(message_ids(_header(message, "In-Reply-To"))), None)
    references = message_ids(_header(message, "References"))
    attachments = tuple(_attachments(message))
    body = _body_text(message)
    if not body and attachments:
        body = "(alleen bijlagen)"
    address, name = sender
    return ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=occurred_at,
        subject=clip_subject(_header(message, "Subject")),
        content=body,
        external_id=external_id_for_message(message_id) if message_id else fingerprint(raw),
        email=address,
        name=name or None,
        attachments=attachments,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        metadata={
            "from": _header(message, "From"),
            "to": _header(message, "To"),
            "cc": _header(message, "Cc"),
            "message_id": message_id,
            "attachments": [
                {"filename": a.filename, "content_type": a.content_type, "size": a.size} for a in attachments
            ],
            "defects": sorted({type(defect).__name__ for defect in message.defects}),
        },
    )


def _header(message: EmailMessage, name: str) -> str:
    """A header as decoded text.

    Encoded words (RFC 2047) are decoded by the parser. Raw 8-bit bytes in a header (old
    mailers writing Latin-1 straight into the Subject) are read as UTF-8, else Windows-1252.
    A header the parser cannot decode at all is read raw.
    """
    raw = next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), None)
    if raw is None:
        return ""
    if any("\udc80" <= char <= "\udcff" for char in raw):
        return _eight_bit(raw)
    try:
        return clean_text(str(message.get(name)))
    except Exception:  # noqa: BLE001 - malformed encoded words make the header registry raise
        return clean_text(raw)


def _eight_bit(value: str) -> str:
    data = value.encode("utf-8", "surrogateescape")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("windows-1252", errors="replace")
    return clean_text(" ".join(text.split()))


def _sender(message: EmailMessage) -> tuple[str, str] | None:
    """(address, display name) of From (or Sender, Reply-To), or None without a usable address."""
    for name in ("From", "Sender", "Reply-To"):
        value = _header(message, name)
        for display, address in getaddresses([value]):
            address = address.strip()
            if "@" in address and " " not in address:
                return address, display.strip()
    return None


def _date(message: EmailMessage) -> datetime | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _body_text(message: EmailMessage) -> str:
    """The text of the message: its text/plain body, or its HTML body made into plain text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return _tidy(text)


def html_to_text(markup: str) -> str:
    """Readable text from HTML: tags and scripts removed by nh3, line breaks kept, entities decoded."""
    with_breaks = _BLOCK_END.sub(lambda match: match.group(0) + "\n", markup)
    stripped = nh3.clean(with_breaks, tags=set(), attributes={}, strip_comments=True)
    return html.unescape(stripped)


def _part_text(part: EmailMessage) -> str:
    """Decode a text part in its declared charset; an unknown or wrong charset falls back safely."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "us-ascii"
    for candidate in (charset, "utf-8", "windows-1252"):
        try:
            return clean_text(payload.decode(candidate))
        except (LookupError, UnicodeDecodeError):
            continue
    return clean_text(payload.decode("latin-1"))


def _attachments(message: EmailMessage):
    if not message.is_multipart():
        return
    for part in message.iter_attachments():
        content = part.get_payload(decode=True)
        if content is None:  # an attached message (message/rfc822) or a multipart
            content = part.as_bytes()
        filename = clean_text(part.get_filename() or "") or _default_name(part)
        yield Attachment(
            filename=filename[:255],
            content_type=clean_text(part.get_content_type())[:100],
            size=len(content),
            content=content,
        )


def _default_name(part: EmailMessage) -> str:
    return "bericht.eml" if part.get_content_type() == "message/rfc822" else "bijlage"


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
