"""Attachments of contacts: metadata in the database, content on disk under the instance folder.

Content is stored content-addressed (``<dir>/<sha256[:2]>/<sha256>``), so the same file is kept
once however often it arrives, and writing it again is harmless.
"""

import hashlib
import os
import uuid
from pathlib import Path

from flask import current_app

from channels import Attachment
from crm import permissions
from crm.extensions import db
from crm.models import Contact, ContactAttachment, StaffUser
from crm.services.errors import NotAllowed, NotFound


def attachment_directory() -> Path:
    """Where attachment content is kept: ``INTAKE_ATTACHMENT_DIR`` or ``instance/attachments``."""
    configured = current_app.config.get("INTAKE_ATTACHMENT_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "attachments"


def attachment_path(sha256: str) -> Path:
    """The file that holds the content with this SHA-256."""
    return attachment_directory() / sha256[:2] / sha256


def stored_attachment(contact: Contact, attachment: Attachment) -> ContactAttachment:
    """Attachment metadata, and its content written to disk (content-addressed) when present.

    The file is written before the commit: if the transaction then fails, a re-run writes the
    same file under the same name, so nothing is lost and nothing doubles.
    """
    sha256 = None
    if attachment.content is not None:
        sha256 = hashlib.sha256(attachment.content).hexdigest()
        path = attachment_path(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{sha256}.{uuid.uuid4().hex}")
            temporary.write_bytes(attachment.content)
            os.replace(temporary, path)
    return ContactAttachment(
        contact_id=contact.id,
        filename=attachment.filename[:255] or "bijlage",
        content_type=attachment.content_type[:100] or "application/octet-stream",
        size=min(attachment.size, 2**31 - 1),
        sha256=sha256,
    )


def attachment_for_download(attachment_id: int, viewer: StaffUser) -> tuple[ContactAttachment, Path]:
    """An attachment and its file, if the viewer may read its contact's content.

    Raises NotFound when it does not exist or its content was not kept, NotAllowed when the
    contact is confidential to another department.
    """
    attachment = db.session.get(ContactAttachment, attachment_id)
    if attachment is None or not attachment.stored or not attachment_path(attachment.sha256).is_file():
        raise NotFound("Deze bijlage is niet (meer) beschikbaar.")
    if not permissions.can_read_content(viewer, attachment.contact):
        raise NotAllowed("Deze bijlage hoort bij een vertrouwelijk contactmoment.")
    return attachment, attachment_path(attachment.sha256)
