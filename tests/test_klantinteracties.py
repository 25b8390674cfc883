"""The Klantinteracties layer answers in the shapes of the national standard (validated against its YAML)."""

import copy
from pathlib import Path
from uuid import UUID

import jsonschema
import pytest
import yaml
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Party, Role, Task
from crm.services.contacts import ContactInput, record_contact
from crm.services.parties import AddressInput
from crm.services.tasks import create_task

# The national standard lives in shared/standards/ beside the repository (or beside the worktrees).
SPEC_PATH = next(
    candidate
    for parent in Path(__file__).resolve().parents
    if (candidate := parent / "shared" / "standards" / "klantinteracties-openapi-0.9.0.yaml").exists()
)
BASE = "/klantinteracties/api/v1"


def _json_schema(node):
    """OpenAPI 3.0 schema -> JSON Schema: ``nullable`` becomes a null alternative, a discriminator picks the branch."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items() if key not in {"example", "discriminator"}} | (
        {"discriminator": node["discriminator"]} if "discriminator" in node else {}
    )
    if "discriminator" in node:
        prop, mapping = node["discriminator"]["propertyName"], node["discriminator"]["mapping"]
        node.pop("oneOf", None)
        node = {
            "type": "object",
            "required": [prop],
            "properties": {prop: {"enum": list(mapping)}},
            "allOf": [{"if": {"properties": {prop: {"const": value}}}, "then": {"$ref": target}} for value, target in mapping.items()],
        }
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC_PATH.read_text())


@pytest.fixture(scope="module")
def conforms(spec):
    components = {"schemas": _json_schema(copy.deepcopy(spec["components"]["schemas"]))}

    def check(instance, name):
        schema = {"$ref": f"#/components/schemas/{name}", "components": components}
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(instance)
        return instance

    return check


@pytest.fixture
def world(make_department, make_user, make_person, make_organisation, make_token):
    kcc = make_department("kcc", "KCC")
    sociaal = make_department("sociaal", "Sociaal Domein", confidential=True)
    anna = make_user("anna", Role.EMPLOYEE, [kcc], full_name="Anna de Boer")
    person = make_person("Jansen", bsn="111222333", emails=["anna@example.nl"], phones=["0612345678"],
                         address=AddressInput("1234 AB", 5, "a", "Dorpsstraat", "Tilburg"))
    organisation = make_organisation("Bakkerij De Zon BV", kvk="12345678", branch_number="000012345678")
    contact = record_contact(ContactInput(channel="telefoon", subject="Vraag over afval", content="Container kapot", party_id=person.id, outcome="resolved"), anna)
    secret = record_contact(ContactInput(channel="telefoon", subject="Schuldhulp", party_id=person.id, department_id=sociaal.id), anna)
    task = create_task("Terugbellen", kcc.id, anna, party_id=person.id, contact_id=contact.id, assignee_id=anna.id)
    headers = make_token("open-klant-client", ["read", "write"], [kcc])
    return dict(kcc=kcc, anna=anna, person=person, organisation=organisation, contact=contact, secret=secret, task=task, headers=headers)


@pytest.mark.parametrize(
    "resource, list_schema, detail_schema",
    [
        ("partijen", "PaginatedPartijList", "Partij"),
        ("partij-identificatoren", "PaginatedPartijIdentificatorList", "PartijIdentificator"),
        ("digitaleadressen", "PaginatedDigitaalAdresList", "DigitaalAdres"),
        ("klantcontacten", "PaginatedKlantcontactList", "Klantcontact"),
        ("betrokkenen", "PaginatedBetrokkeneList", "Betrokkene"),
        ("internetaken", "PaginatedInterneTaakList", "InterneTaak"),
        ("actoren", "PaginatedActorList", "Actor"),
    ],
)
def test_list_and_detail_answer_in_the_standards_shape(client, world, conforms, resource, list_schema, detail_schema):
    listing = client.get(f"{BASE}/{resource}", headers=world["headers"])
    assert listing.status_code == 200, listing.json
    conforms(listing.json, list_schema)
    assert listing.json["count"] >= 1
    first = listing.json["results"][0]
    detail = client.get(first["url"].replace("http://localhost", ""), headers=world["headers"])
    assert detail.status_code == 200
    assert detail.headers["API-version"] == "0.9.0"
    conforms(detail.json, detail_schema)
    assert detail.json["uuid"] == first["uuid"]


def test_partij_maps_klantbeelds_party(client, world, conforms):
    body = client.get(f"{BASE}/partijen?partijIdentificator__objectId=111222333", headers=world["headers"]).json
    [partij] = body["results"]
    assert partij["soortPartij"] == "persoon"
    assert partij["partijIdentificatie"]["contactnaam"]["achternaam"] == "Jansen"
    assert partij["partijIdentificatoren"][0]["partijIdentificator"] == {
        "codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "objectId": "111222333", "codeRegister": "brp"}
    assert partij["bezoekadres"]["postcode"] == "1234 AB"
    assert len(partij["digitaleAdressen"]) == 2 and len(partij["betrokkenen"]) == 2
    branch = client.get(f"{BASE}/partij-identificatoren?partijIdentificatorCodeSoortObjectId=vestigingsnummer", headers=world["headers"]).json
    assert branch["results"][0]["subIdentificatorVan"] is not None


def test_pagination_and_filters(client, world, conforms):
    page = client.get(f"{BASE}/digitaleadressen?pageSize=1", headers=world["headers"]).json
    conforms(page, "PaginatedDigitaalAdresList")
    assert page["count"] == 2 and len(page["results"]) == 1 and "page=2" in page["next"]
    phones = client.get(f"{BASE}/digitaleadressen?soortDigitaalAdres=telefoonnummer", headers=world["headers"]).json
    assert [a["adres"] for a in phones["results"]] == ["+31612345678"]
    bad = client.get(f"{BASE}/partijen?pageSize=501", headers=world["headers"])
    assert bad.status_code == 400 and bad.json["invalidParams"][0]["name"] == "pageSize"
    bad_uuid = client.get(f"{BASE}/betrokkenen?wasPartij__uuid=nope", headers=world["headers"])
    assert bad_uuid.status_code == 400
    gelukt = client.get(f"{BASE}/klantcontacten?indicatieContactGelukt=true", headers=world["headers"]).json
    assert [k["onderwerp"] for k in gelukt["results"]] == ["Vraag over afval"]


def test_confidential_klantcontact_is_withheld(client, world):
    body = client.get(f"{BASE}/klantcontacten/{world['secret'].uuid}", headers=world["headers"]).json
    assert body["onderwerp"] == "(vertrouwelijk)" and body["vertrouwelijk"] is True


def test_post_partij_klantcontact_betrokkene_and_internetaak(client, world, conforms):
    h = world["headers"]
    partij = client.post(f"{BASE}/partijen", headers=h, json={
        "soortPartij": "persoon", "indicatieActief": True,
        "partijIdentificatie": {"contactnaam": {"voornaam": "Piet", "achternaam": "Post"}},
        "partijIdentificatoren": [{"partijIdentificator": {"codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn", "objectId": "123456782", "codeRegister": "brp"}}],
    })
    assert partij.status_code == 201, partij.json
    conforms(partij.json, "Partij")
    adres = client.post(f"{BASE}/digitaleadressen", headers=h, json={
        "verstrektDoorPartij": {"uuid": partij.json["uuid"]}, "adres": "piet@Example.nl", "soortDigitaalAdres": "email"})
    assert adres.status_code == 201 and conforms(adres.json, "DigitaalAdres")["adres"] == "piet@example.nl"
    contact = client.post(f"{BASE}/klantcontacten", headers=h, json={
        "kanaal": "balie", "onderwerp": "Paspoort", "inhoud": "Afspraak gemaakt", "taal": "nld", "vertrouwelijk": False,
        "plaatsgevondenOp": "2026-03-02T10:00:00+01:00"})
    assert contact.status_code == 201, contact.json
    conforms(contact.json, "Klantcontact")
    betrokkene = client.post(f"{BASE}/betrokkenen", headers=h, json={
        "wasPartij": {"uuid": partij.json["uuid"]}, "hadKlantcontact": {"uuid": contact.json["uuid"]}, "rol": "klant", "initiator": True})
    assert betrokkene.status_code == 201, betrokkene.json
    conforms(betrokkene.json, "Betrokkene")
    actor_uuid = str(world["kcc"].uuid)
    taak = client.post(f"{BASE}/internetaken", headers=h, json={
        "gevraagdeHandeling": "Terugbellen over paspoort", "aanleidinggevendKlantcontact": {"uuid": contact.json["uuid"]},
        "toegewezenAanActoren": [{"uuid": actor_uuid}], "status": "te_verwerken"})
    assert taak.status_code == 201, taak.json
    conforms(taak.json, "InterneTaak")
    done = client.patch(taak.json["url"].replace("http://localhost", ""), headers=h, json={"status": "verwerkt"})
    assert done.status_code == 200 and done.json["status"] == "verwerkt" and done.json["afgehandeldOp"]
    # The layer writes Klantbeeld's own tables: the party's timeline shows the contact.
    party_id = db.session.scalar(select(Party.id).filter_by(uuid=UUID(partij.json["uuid"])))
    timeline = client.get(f"/api/v1/parties/{party_id}/timeline", headers=h).json
    assert any(item["kind"] == "contact" and item["channel"] == "balie" for item in timeline["items"])


def test_bad_post_is_400_and_stores_nothing(client, world):
    before = db.session.scalar(select(func.count()).select_from(Party))
    response = client.post(f"{BASE}/partijen", headers=world["headers"], json={
        "soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "X"}},
        "partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "bsn", "objectId": "123456789"}}]})
    assert response.status_code == 400 and response.content_type == "application/problem+json"
    assert response.json["invalidParams"][0]["name"] == "bsn"
    assert db.session.scalar(select(func.count()).select_from(Party)) == before
    no_actor = client.post(f"{BASE}/internetaken", headers=world["headers"], json={
        "gevraagdeHandeling": "x", "aanleidinggevendKlantcontact": {"uuid": str(world["contact"].uuid)}})
    assert no_actor.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1


def test_patch_forwards_and_reopens(client, world, make_department):
    other = make_department("burgerzaken", "Burgerzaken")
    url = f"{BASE}/internetaken/{world['task'].uuid}"
    moved = client.patch(url, headers=world["headers"], json={"toegewezenAanActoren": [{"uuid": str(other.uuid)}], "toelichting": "Paspoortvraag"})
    assert moved.status_code == 200
    assert moved.json["toegewezenAanActoren"] == [{"uuid": str(other.uuid), "url": f"http://localhost{BASE}/actoren/{other.uuid}"}]
    client.patch(url, headers=world["headers"], json={"status": "verwerkt"})
    reopened = client.patch(url, headers=world["headers"], json={"status": "te_verwerken", "toelichting": "Burger belde terug"})
    assert reopened.json["status"] == "te_verwerken" and reopened.json["afgehandeldOp"] is None
    readonly = client.patch(url, headers=world["headers"], json={"gevraagdeHandeling": "Iets anders"})
    assert readonly.status_code == 400


def test_actoren_need_admin_scope_to_create(client, world, make_token, conforms):
    refused = client.post(f"{BASE}/actoren", headers=world["headers"], json={"naam": "Wijkteam", "soortActor": "organisatorische_eenheid"})
    assert refused.status_code == 403
    admin = make_token("beheer", ["admin"])
    created = client.post(f"{BASE}/actoren", headers=admin, json={
        "naam": "Wijkteam Noord", "soortActor": "organisatorische_eenheid", "actoridentificator": {"objectId": "wijk-noord"}})
    assert created.status_code == 201, created.json
    conforms(created.json, "Actor")
    medewerkers = client.get(f"{BASE}/actoren?soortActor=medewerker", headers=admin).json
    assert [a["naam"] for a in medewerkers["results"]] == ["Anna de Boer"]


def test_requires_a_token(client, world):
    assert client.get(f"{BASE}/partijen").status_code == 401


def test_the_schema_check_itself_refuses_a_wrong_shape(conforms):
    with pytest.raises(jsonschema.ValidationError):
        conforms({"count": 1, "next": None, "previous": None, "results": [{"uuid": "x", "soortPartij": "robot"}]}, "PaginatedPartijList")
    with pytest.raises(jsonschema.ValidationError):
        conforms({"uuid": "00000000-0000-0000-0000-000000000000", "url": "http://x/1", "adres": "a", "soortDigitaalAdres": "email",
                  "referentie": ""}, "DigitaalAdres")
