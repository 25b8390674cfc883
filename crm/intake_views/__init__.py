"""Web pages of the channel intake: the "Te identificeren" inbox, counter and post registration,
and the quarantine for beheerders. Templates live in templates/intake/."""

from flask import Flask

from crm import permissions
from crm.intake_views import attachments, inbox, quarantine, registration


def register(app: Flask) -> None:
    """Register the intake blueprints, and the permission checks their menu asks."""
    app.register_blueprint(inbox.bp)
    app.register_blueprint(registration.bp)
    app.register_blueprint(quarantine.bp)
    app.register_blueprint(attachments.bp)
    app.add_template_global(permissions.can_manage_quarantine, "can_manage_quarantine")
    app.add_template_global(permissions.can_identify_contacts, "may_identify_contacts")
