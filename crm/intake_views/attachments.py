"""Downloading an attachment of a contact (an e-mail attachment, a scanned letter)."""

from flask import Blueprint, abort, send_file
from flask_login import current_user

from crm import permissions
from crm.services.attachments import attachment_for_download
from crm.services.errors import NotAllowed, NotFound

bp = Blueprint("attachments", __name__, url_prefix="/bijlagen")


@bp.get("/<int:attachment_id>")
@permissions.requires("party.read")
def download(attachment_id: int):
    """Send the file as a download (never rendered inline: its content came from outside)."""
    try:
        attachment, path = attachment_for_download(attachment_id, current_user)
    except NotFound:
        abort(404)
    except NotAllowed:
        abort(403)
    return send_file(path, mimetype=attachment.content_type, as_attachment=True, download_name=attachment.filename)
