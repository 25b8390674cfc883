"""The REST API at /api/v1: what a client using only the OpenAPI document can do, and how bad input is refused."""

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Case, Contact, ContactIdentification, Party, Role
from crm.services.contacts import ContactInput, record_contact
from crm.services.identification import link_contact_to_party


@pytest.fixture
def world(make_department, make_user, make_case_type, make_token):
    vergunningen = make_department("vergunningen", "Vergunningen")
    sociaal = make_department("sociaal", "Sociaal Domein", confidential=True)
    anna = make_user("anna", Role.EMPLOYEE, [vergunningen])
    make_case_type(vergunningen, "evenement", "Evenementenvergunning")
    return {
        "vergunningen": vergunningen,
        "sociaal": sociaal,
        "anna": anna,
        "headers": make_token("portaal", ["read", "write"], [vergunningen]),
    }


def test_a_client_creates_a_party_posts_two_channels_opens_and_assigns_a_case_and_reads_the_timeline(client, world):
    h = world["headers"]
    party = client.post("/api/v1/parties", headers=h, json={
        "kind": "person", "surname": "Jansen", "given_names": "Anna", "bsn": "1112.22.333",
        "emails": ["Anna@Example.NL"], "phones": ["06 12345678"],
        "address": {"postcode": "1234ab", "house_number": 12, "street": "Dorpsstraat", "city": "Tilburg"},
    })
    assert party.status_code == 201, party.json
    body = party.json
    assert body["identifiers"][0] == {"id": body["identifiers"][0]["id"], "kind": "bsn", "value": "111222333", "parent_id": None}
    assert {a["value"] for a in body["digital_addresses"]} == {"Anna@example.nl", "+31612345678"}
    assert body["addresses"][0]["postcode"] == "1234 AB"
    party_id = body["id"]

    for channel, occurred in (("telefoon", "2026-03-02T09:15:00+01:00"), ("e-mail", "2026-03-02T11:00:00+01:00")):
        contact = client.post("/api/v1/contacts", headers=h, json={
            "channel": channel, "subject": f"Vraag via {channel}", "party_id": party_id, "occurred_at": occurred})
        assert contact.status_code == 201, contact.json
    assert contact.json["occurred_at"] == "2026-03-02T10:00:00+00:00"

    case_types = client.get("/api/v1/case-types", headers=h).json["results"]
    case = client.post("/api/v1/cases", headers=h, json={
        "case_type_id": case_types[0]["id"], "subject": "Buurtfeest", "party_id": party_id}).json
    staff = client.get(f"/api/v1/staff?department_id={world['vergunningen'].id}", headers=h).json["results"]
    assigned = client.post(f"/api/v1/cases/{case['id']}/assign", headers=h,
                           json={"owner_id": staff[0]["id"], "version": case["version"]})
    assert assigned.status_code == 200, assigned.json
    assert assigned.json["owner_id"] == world["anna"].id

    timeline = client.get(f"/api/v1/parties/{party_id}/timeline", headers=h).json
    kinds = [(item["kind"], item["event"] or item["channel"]) for item in timeline["items"]]
    assert ("contact", "telefoon") in kinds and ("contact", "e-mail") in kinds
    assert ("case_event", "opened") in kinds and ("case_event", "owner_changed") in kinds


def test_timeline_pages_with_a_cursor(client, world, make_person):
    person = make_person("Bakker")
    for n in range(5):
        client.post("/api/v1/contacts", headers=world["headers"], json={"channel": "balie", "subject": f"Bezoek {n}", "party_id": person.id})
    first = client.get(f"/api/v1/parties/{person.id}/timeline?pageSize=3", headers=world["headers"]).json
    second = client.get(f"/api/v1/parties/{person.id}/timeline?pageSize=3&cursor={first['next_cursor']}", headers=world["headers"]).json
    subjects = [i["subject"] for i in first["items"] + second["items"]]
    assert subjects == [f"Bezoek {n}" for n in reversed(range(5))]
    assert second["next_cursor"] is None


def test_a_stale_version_gets_409_with_what_changed(client, world, make_user):
    h = world["headers"]
    bert = make_user("bert", Role.EMPLOYEE, [world["vergunningen"]])
    case_type_id = client.get("/api/v1/case-types", headers=h).json["results"][0]["id"]
    case = client.post("/api/v1/cases", headers=h, json={"case_type_id": case_type_id, "subject": "Braderie"}).json
    client.post(f"/api/v1/cases/{case['id']}/assign", headers=h, json={"owner_id": world["anna"].id, "version": case["version"]})
    stale = client.post(f"/api/v1/cases/{case['id']}/assign", headers=h, json={"owner_id": bert.id, "version": case["version"]})
    assert stale.status_code == 409
    assert stale.content_type == "application/problem+json"
    assert [c["kind"] for c in stale.json["changes"]] == ["owner_changed"]
    assert db.session.get(Case, case["id"]).owner_id == world["anna"].id


def test_transfer_needs_a_note_and_status_needs_a_reason(client, world):
    h = world["headers"]
    case_type_id = client.get("/api/v1/case-types", headers=h).json["results"][0]["id"]
    case = client.post("/api/v1/cases", headers=h, json={"case_type_id": case_type_id, "subject": "Braderie"}).json
    response = client.post(f"/api/v1/cases/{case['id']}/transfer", headers=h, json={"note": " ", "to_owner_id": world["anna"].id, "version": case["version"]})
    assert response.status_code == 422
    assert response.json["invalidParams"][0]["name"] == "note"
    closed = client.post(f"/api/v1/cases/{case['id']}/status", headers=h, json={"status": "closed", "reason": "Verleend", "version": case["version"]})
    assert closed.status_code == 200 and closed.json["closed_at"] is not None


def test_tasks_are_created_forwarded_completed_and_reopened(client, world, make_person):
    h = world["headers"]
    person = make_person("De Vries")
    task = client.post("/api/v1/tasks", headers=h, json={
        "subject": "Terugbellen over vergunning", "department_id": world["vergunningen"].id, "party_id": person.id, "reach_via": "0612345678"})
    assert task.status_code == 201, task.json
    task_id = task.json["id"]
    kcc = client.get("/api/v1/departments", headers=h).json["results"]
    other = next(d for d in kcc if d["code"] == "sociaal")
    forwarded = client.post(f"/api/v1/tasks/{task_id}/forward", headers=h, json={"note": "Hoort bij sociaal", "department_id": other["id"]})
    assert forwarded.status_code == 200 and forwarded.json["department_id"] == other["id"]
    # Forwarded into a confidential department: this token (vergunningen) no longer reads the content.
    assert forwarded.json["content_withheld"] is True and forwarded.json["subject"] is None
    done = client.post(f"/api/v1/tasks/{task_id}/complete", headers=h, json={})
    assert done.json["status"] == "done"
    reopened = client.post(f"/api/v1/tasks/{task_id}/reopen", headers=h, json={"note": "Burger belde opnieuw"})
    assert reopened.json["status"] == "open"
    listed = client.get(f"/api/v1/tasks?party_id={person.id}&status=open", headers=h).json
    assert listed["count"] == 1


def test_confidential_content_is_withheld_from_tokens_of_other_departments(client, world, make_token, make_person):
    person = make_person("Smit")
    social = make_token("wmo-systeem", ["read", "write"], [world["sociaal"]])
    created = client.post("/api/v1/contacts", headers=social, json={
        "channel": "telefoon", "subject": "Schuldhulp", "content": "Details", "party_id": person.id,
        "department_id": world["sociaal"].id})
    assert created.json["content"] == "Details"
    seen = client.get(f"/api/v1/contacts/{created.json['id']}", headers=world["headers"]).json
    assert seen["content_withheld"] is True
    assert seen["subject"] is None and seen["content"] is None
    assert seen["channel"] == "telefoon" and seen["department_id"] == world["sociaal"].id
    item = client.get(f"/api/v1/parties/{person.id}/timeline", headers=world["headers"]).json["items"][0]
    assert item["content_withheld"] is True and item["text"] is None


def test_pagination_uses_page_and_page_size_up_to_500(client, world, make_person):
    for n, bsn in enumerate(["123456782", "999999990", "100000009"]):
        make_person(f"Persoon{n}", bsn=bsn)
    page = client.get("/api/v1/parties?pageSize=2", headers=world["headers"]).json
    assert page["count"] == 3 and len(page["results"]) == 2 and page["previous"] is None
    assert "page=2" in page["next"]
    second = client.get(page["next"], headers=world["headers"]).json
    assert len(second["results"]) == 1 and second["next"] is None
    too_big = client.get("/api/v1/parties?pageSize=501", headers=world["headers"])
    assert too_big.status_code == 422 and too_big.json["invalidParams"][0]["name"] == "pageSize"
    by_bsn = client.get("/api/v1/parties?bsn=12345.6782", headers=world["headers"]).json
    assert [p["surname"] for p in by_bsn["results"]] == ["Persoon0"]


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "person", "surname": "Jansen", "bsn": "123456789"}, "bsn"),
        ({"kind": "person"}, "surname"),
        ({"kind": "person", "surname": 12}, "surname"),
        ({"kind": "person", "surname": "Jansen", "colour": "blue"}, "colour"),
        ({"kind": "person", "surname": "Jansen", "kvk": "12345678"}, "kvk"),
        ({"kind": "person", "surname": "Jansen", "emails": ["geen-adres"]}, "emails"),
        ({"kind": "person", "surname": "Jansen", "address": {"postcode": "0123 AB", "house_number": 1}}, "address.postcode"),
        ({"kind": "robot", "surname": "Jansen"}, "kind"),
        ({"kind": "person", "surname": "Jan\u0000sen"}, "surname"),
        ([1, 2, 3], "body"),
    ],
)
def test_bad_party_input_is_a_422_naming_the_field_and_stores_nothing(client, world, body, field):
    response = client.post("/api/v1/parties", headers=world["headers"], json=body)
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert field in [p["name"] for p in response.json["invalidParams"]]
    assert all(p["reason"] for p in response.json["invalidParams"])
    assert _count(Party) == 0


def test_an_unknown_channel_is_refused_and_nothing_is_stored(client, world):
    response = client.post("/api/v1/contacts", headers=world["headers"], json={"channel": "duif", "subject": "Post"})
    assert response.status_code == 422
    assert response.json["invalidParams"] == [{"name": "channel", "code": "unknown_channel", "reason": "Onbekend kanaal: duif."}]
    assert _count(Contact) == 0


def test_references_to_nothing_are_422_not_database_errors(client, world):
    h = world["headers"]
    response = client.post("/api/v1/tasks", headers=h, json={"subject": "Bellen", "department_id": world["vergunningen"].id, "party_id": 999999})
    assert response.status_code == 422 and response.json["invalidParams"][0]["name"] == "party_id"
    response = client.post("/api/v1/contacts", headers=h, json={"channel": "telefoon", "subject": "x", "party_id": 2**31 - 1})
    assert response.status_code == 422
    response = client.post("/api/v1/contacts", headers=h, json={"channel": "telefoon", "subject": "x", "party_id": 2**40})
    assert response.status_code == 422
    assert client.get(f"/api/v1/parties/{2**40}", headers=h).status_code == 404


def test_malformed_oversized_and_wrongly_typed_bodies(client, world):
    h = world["headers"]
    malformed = client.post("/api/v1/parties", headers=h, data="{not json", content_type="application/json")
    assert malformed.status_code == 400 and malformed.content_type == "application/problem+json"
    form = client.post("/api/v1/parties", headers=h, data={"kind": "person"})
    assert form.status_code == 415
    huge = client.post("/api/v1/contacts", headers=h, json={"channel": "post", "subject": "x", "content": "a" * 2_000_000})
    assert huge.status_code == 413 and huge.content_type == "application/problem+json"
    naive = client.post("/api/v1/contacts", headers=h, json={"channel": "post", "subject": "x", "occurred_at": "2026-03-02T10:00:00"})
    assert naive.status_code == 422 and naive.json["invalidParams"][0]["name"] == "occurred_at"
    overflow = client.post("/api/v1/contacts", headers=h, json={"channel": "post", "subject": "x", "occurred_at": "9999-12-31T23:59:59-05:00"})
    assert overflow.status_code == 422
    assert _count(Contact) == 0


def test_wrong_method_and_unknown_path_are_problems(client, world):
    response = client.delete("/api/v1/parties", headers=world["headers"])
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.content_type == "application/problem+json"
    assert client.get("/api/v1/nergens", headers=world["headers"]).json["status"] == 404


def test_tokens_scopes_and_revocation(client, world, make_token, runner):
    reader = make_token("lezer", ["read"])
    assert client.get("/api/v1/parties", headers=reader).status_code == 200
    refused = client.post("/api/v1/parties", headers=reader, json={"kind": "person", "surname": "X"})
    assert refused.status_code == 403 and "write" in refused.json["detail"]
    assert client.get("/api/v1/parties", headers={"Authorization": "Token kb_nope_nope"}).status_code == 401
    missing = client.get("/api/v1/parties")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Token"
    result = runner.invoke(args=["revoke-token", "--name", "lezer"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/parties", headers=reader).status_code == 401


def test_create_token_prints_the_key_once_and_stores_only_a_hash(client, runner, make_department):
    from crm.models import ApiToken

    make_department("kcc")
    result = runner.invoke(args=["create-token", "--name", "portaal", "--scopes", "read,write", "--department", "kcc"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    token = db.session.scalar(select(ApiToken))
    assert key not in (token.key_hash, token.prefix) and key.startswith(f"kb_{token.prefix}_")
    assert [d.code for d in token.departments] == ["kcc"]
    assert client.get("/api/v1/parties", headers={"Authorization": f"Token {key}"}).status_code == 200
    bad = runner.invoke(args=["create-token", "--name", "x", "--scopes", "read,root"])
    assert bad.exit_code != 0 and "Onbekende scope: root" in bad.output


def test_the_api_needs_no_login_and_no_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/api/v1/parties", headers=world["headers"], json={"kind": "organisation", "name": "Bakkerij De Zon"})
    assert response.status_code == 201
    assert client.get("/").status_code == 302  # the web pages still sit behind the login wall


def test_openapi_document_and_docs_page_are_served(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    assert "/api/v1/cases/{case_id}/assign" in spec["paths"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/parties/{party_id}/timeline" in page and "cdn" not in page.lower()


def test_timeline_api_shows_a_later_linked_anonymous_contact(client, ctx, make_person, make_user, make_department, make_token):
    """Linking an anonymous contact to a party is a timeline item of its own kind in the API too."""
    kcc = make_department("kcc")
    agent = make_user("agent", departments=[kcc])
    person = make_person()
    contact = record_contact(ContactInput(channel="telefoon", subject="Anonieme vraag"), agent)
    item = db.session.scalar(select(ContactIdentification).filter_by(contact_id=contact.id))
    link_contact_to_party(item.id, agent, party_id=person.id, note="Teruggebeld")
    headers = make_token(scopes=("read",))
    response = client.get(f"/api/v1/parties/{person.id}/timeline", headers=headers)
    assert response.status_code == 200, response.json
    kinds = sorted(item["kind"] for item in response.json["items"])
    assert kinds == ["contact", "party_event"]
    link = next(entry for entry in response.json["items"] if entry["kind"] == "party_event")
    assert (link["event"], link["channel"], link["text"]) == ("contact_linked", "telefoon", "Teruggebeld")
