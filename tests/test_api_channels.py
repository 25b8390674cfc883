"""The channel webhook ``POST /api/v1/channels/<channel>/events``: every channel over HTTP, and refusals."""

import json

import pytest
from sqlalchemy import func, select

from crm.api.channels import sign
from crm.extensions import db
from crm.models import Contact, ContactIdentification, Role
from tests.test_intake import BSN, anna, call, mail  # noqa: F401  (anna is a fixture)

CHAT = {
    "conversation_id": "chat-1",
    "started_at": "2025-03-12T10:00:00+01:00",
    "visitor": {"email": "anna@example.nl"},
    "messages": [{"at": "2025-03-12T10:00:05+01:00", "from": "v", "text": "Hoi"}],
}


@pytest.fixture
def intake(make_token, make_department, make_user):
    department = make_department("kcc", "KCC")
    make_user("jdevries", Role.EMPLOYEE, [department])
    return make_token("telefonie", ("intake",))


def post(client, channel, payload, headers, **extra):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    content_type = "message/rfc822" if channel == "e-mail" else "application/json"
    return client.post(f"/api/v1/channels/{channel}/events", data=body, headers={**headers, **extra}, content_type=content_type)


def contacts():
    return db.session.scalar(select(func.count()).select_from(Contact))


def test_each_channel_through_http_lands_on_the_right_timeline(client, anna, intake, make_token):
    for event, second in (("new", 0), ("answered", 10)):
        assert post(client, "telefoon", call(event, second, agent="jdevries"), intake).status_code == 202
    assert post(client, "telefoon", call("hangup", 50), intake).status_code == 201
    assert post(client, "e-mail", mail(), intake).status_code == 201
    assert post(client, "chat", CHAT, intake).status_code == 201
    form = {
        "submission_id": "wf-1", "form": "Melding openbare ruimte", "submitted_at": "2025-03-12T11:00:00+01:00",
        "fields": {"Omschrijving": "Stoeptegel"}, "submitter": {"bsn": "1112.22.333"}, "authentication": "digid",
    }
    assert post(client, "webformulier", form, intake).status_code == 201
    visit = {"visit_id": "v-1", "occurred_at": "2025-03-12T12:00:00+01:00", "product": "Paspoort", "visitor": {"bsn": BSN}}
    assert post(client, "balie", visit, intake).status_code == 201
    letter = {"registration_number": "P-1", "received_on": "2025-03-13", "subject": "Bezwaar", "sender": {"bsn": BSN}}
    answer = post(client, "post", letter, intake)
    assert answer.status_code == 201 and answer.json["party_id"] == anna.id and answer.json["contact"]["channel"] == "post"

    timeline = client.get(f"/api/v1/parties/{anna.id}/timeline", headers=make_token("lezer", ("read",))).json
    channels = sorted(item["channel"] for item in timeline["items"] if item["kind"] == "contact")
    assert channels == sorted(["telefoon", "e-mail", "chat", "webformulier", "balie", "post"])


def test_redelivery_gives_the_same_contact_once(client, anna, intake):
    first = post(client, "chat", CHAT, intake)
    again = post(client, "chat", CHAT, intake)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["status"] == "duplicate" and again.json["contact_id"] == first.json["contact_id"]
    assert contacts() == 1


def test_an_unknown_sender_waits_in_te_identificeren(client, intake):
    answer = post(client, "e-mail", mail(sender="onbekend@example.org"), intake)
    assert answer.status_code == 201 and answer.json["party_id"] is None and answer.json["needs_identification"]
    assert db.session.scalar(select(ContactIdentification.reason)) == "no_match"


def test_bad_token_and_missing_scope_are_refused(client, anna, make_token):
    assert post(client, "chat", CHAT, {"Authorization": "Token verkeerd"}).status_code == 401
    answer = post(client, "chat", CHAT, make_token("schrijver", ("read", "write")))
    assert answer.status_code == 403 and "intake" in answer.json["detail"]
    assert contacts() == 0


def test_a_channel_with_a_secret_requires_a_valid_signature(app, client, anna, intake):
    app.config["INTAKE_SIGNING_SECRETS"] = "chat=geheim, telefoon=anders"
    body = json.dumps(CHAT).encode()
    assert post(client, "chat", body, intake).status_code == 401
    answer = post(client, "chat", body, intake, **{"X-Klantbeeld-Signature": sign("fout", body)})
    assert answer.status_code == 401 and answer.json["code"] == "invalid_signature"
    assert contacts() == 0
    assert post(client, "chat", body, intake, **{"X-Klantbeeld-Signature": sign("geheim", body)}).status_code == 201


def test_bad_input_is_refused_with_reasons(client, intake):
    unknown = post(client, "telegraaf", CHAT, intake)
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"
    assert post(client, "chat", b"{niet json", intake).status_code == 400
    refused = post(client, "webformulier", {"submission_id": "wf-2", "submitter": {"bsn": "123456789"}}, intake)
    assert refused.status_code == 422
    names = {param["name"] for param in refused.json["invalidParams"]}
    assert {"form", "submitted_at"} <= names
    assert contacts() == 0
