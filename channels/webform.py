"""Web form: one submission (form name, answers, submitter identity) to a ``ContactDraft``.

Submission payload::

    {"submission_id": "wf-2025-000812", "form": "Melding openbare ruimte",
     "submitted_at": "2025-03-12T21:14:03+01:00",
     "fields": {"Omschrijving": "Losliggende stoeptegel", "Locatie": "Dorpsstraat 12"},
     "submitter": {"bsn": "111222333", "email": "anna@example.nl", "name": "Anna Jansen"},
     "authentication": "digid"}

Send ``submitter.bsn`` only for a form behind DigiD (``kvk`` behind eHerkenning): the intake
service identifies the party by it without further checks.
"""

from channels.draft import INBOUND, ContactDraft, clip_subject, stable_id
from channels.payload import PayloadReader

CHANNEL = "webformulier"
AUTHENTICATIONS = {"digid": "digid", "eherkenning": "eherkenning", "none": "none", "geen": "none"}


def parse(payload) -> ContactDraft:
    """Read a submission; raises AdapterError listing every missing or malformed field."""
    reader = PayloadReader.of(payload)
    submission_id = reader.text("submission_id", required=True, max_length=200)
    form = reader.text("form", required=True, max_length=300)
    submitted_at = reader.timestamp("submitted_at", required=True)
    fields = reader.raw_mapping("fields")
    hints = reader.identity("submitter")
    authentication = reader.choice("authentication", AUTHENTICATIONS, default="none")
    reader.finish()
    content = "\n".join(f"{label}: {value}" for label, value in fields.items())
    return ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=submitted_at,
        subject=clip_subject(form),
        content=content,
        external_id=stable_id(submission_id),
        metadata={"form": form, "submission_id": submission_id, "authentication": authentication},
        **hints,
    )
