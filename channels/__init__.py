"""Channel adapters: raw input from the municipality's systems in, ``ContactDraft`` out.

Each adapter is a leaf module with ``CHANNEL`` (the channel code in the database) and
``parse(payload)``, which returns a draft (the phone adapter: a call event) or raises
:class:`channels.errors.AdapterError`. Nothing in this package imports Flask, ``crm`` or the
database; ``crm/services/intake.py`` depends on the registry below, never the reverse.
"""

from channels import balie, chat, email, phone, post, webform
from channels.draft import Attachment, ContactDraft
from channels.errors import AdapterError, Reason

# Channel code → adapter module. A new channel is one module and one line here.
REGISTRY = {
    phone.CHANNEL: phone,
    email.CHANNEL: email,
    chat.CHANNEL: chat,
    webform.CHANNEL: webform,
    balie.CHANNEL: balie,
    post.CHANNEL: post,
}

__all__ = ["REGISTRY", "AdapterError", "Attachment", "ContactDraft", "Reason"]
