"""Dutch names (translatable) for the codes the domain stores: statuses, outcomes, kinds."""

from flask_babel import lazy_gettext as _l

CASE_STATUSES = {
    "received": _l("ontvangen"),
    "in_progress": _l("in behandeling"),
    "suspended": _l("opgeschort"),
    "closed": _l("afgehandeld"),
}

TASK_STATUSES = {
    "open": _l("open"),
    "in_progress": _l("in behandeling"),
    "done": _l("afgerond"),
}

TASK_KINDS = {"callback": _l("terugbelverzoek"), "question": _l("interne vraag")}

OUTCOMES = {
    "resolved": _l("gelukt"),
    "failed": _l("niet gelukt"),
    "transferred": _l("doorverbonden"),
    "callback_requested": _l("contactverzoek gemaakt"),
}

DIRECTIONS = {"inbound": _l("inkomend"), "outbound": _l("uitgaand")}

TIMELINE_KINDS = {
    "contact": _l("Contactmomenten"),
    "case_event": _l("Zaakgebeurtenissen"),
    "task_event": _l("Contactverzoeken"),
    "party_event": _l("Koppelingen"),
}

CASE_EVENTS = {
    "opened": _l("Zaak geopend"),
    "status_changed": _l("Status gewijzigd"),
    "owner_changed": _l("Eigenaar gewijzigd"),
    "transferred": _l("Overgedragen"),
    "unassigned": _l("Eigenaar weggehaald"),
    "contact_linked": _l("Contactmoment gekoppeld"),
    "note": _l("Notitie"),
}

TASK_EVENTS = {
    "created": _l("Contactverzoek gemaakt"),
    "picked_up": _l("Opgepakt"),
    "callback_attempt": _l("Teruggebeld"),
    "forwarded": _l("Doorgestuurd"),
    "completed": _l("Afgerond"),
    "reopened": _l("Heropend"),
    "assigned": _l("Toegewezen"),
}

PARTY_EVENTS = {"contact_linked": _l("Contactmoment aan deze partij gekoppeld")}

IDENTIFIERS = {"bsn": _l("BSN"), "kvk": _l("KvK-nummer"), "vestigingsnummer": _l("Vestigingsnummer"), "rsin": _l("RSIN")}

RECOGNISED = {
    "empty": _l("lege zoekopdracht"),
    "case_number": _l("zaaknummer"),
    "email": _l("e-mailadres"),
    "postcode": _l("postcode en huisnummer"),
    "identifier": _l("BSN, KvK-nummer of RSIN"),
    "phone": _l("telefoonnummer"),
    "name_and_birth_date": _l("naam en geboortedatum"),
    "name": _l("naam"),
}

ALL = {
    "case_status_label": CASE_STATUSES,
    "task_status_label": TASK_STATUSES,
    "task_kind_label": TASK_KINDS,
    "outcome_label": OUTCOMES,
    "direction_label": DIRECTIONS,
    "timeline_kind_label": TIMELINE_KINDS,
    "case_event_label": CASE_EVENTS,
    "task_event_label": TASK_EVENTS,
    "party_event_label": PARTY_EVENTS,
    "identifier_label": IDENTIFIERS,
    "recognised_label": RECOGNISED,
}


def label(table: dict, code: str | None) -> str:
    """The translated name of a code, or the code itself when it is new to this table."""
    if code is None:
        return ""
    return str(table.get(code, code))
