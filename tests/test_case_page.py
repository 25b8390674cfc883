"""The case page: details, contacts, history; status, assign to me, transfer; conflicts never overwrite."""

from crm.extensions import db
from crm.models import Case
from crm.services.cases import assign_case, open_case, set_case_status
from crm.services.contacts import ContactInput, record_contact
from tests.workspace_support import login, world  # noqa: F401  (world is a fixture)


def permit_case(world, **fields):
    return open_case(world.event_permit.id, "Buurtfeest Dorpsstraat", world.employee, party_id=world.anna.id, **fields)


def test_the_case_page_shows_details_contacts_and_history(client, world):
    case = permit_case(world)
    record_contact(ContactInput(channel="telefoon", subject="Belt over buurtfeest", party_id=world.anna.id,
                                case_id=case.id), world.employee)
    set_case_status(case.id, "in_progress", "Aanvraag compleet", world.permit_officer)
    login(client, "vg")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert f"Zaak {case.number}: Buurtfeest Dorpsstraat" in page
    assert "Evenementenvergunning" in page and "Vergunningen" in page and "geen eigenaar" in page
    assert "Belt over buurtfeest" in page
    assert "Van ontvangen naar in behandeling" in page and "Aanvraag compleet" in page
    assert "Aan mij toewijzen" in page


def test_assign_to_me(client, world):
    case = permit_case(world)
    login(client, "vg")
    response = client.post(f"/zaken/{case.id}/toewijzen-aan-mij", data={"version": case.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).owner_id == world.permit_officer.id
    assert "U bent nu eigenaar van deze zaak." in client.get(f"/zaken/{case.id}").get_data(as_text=True)


def test_status_change_needs_a_reason_and_keeps_the_choice(client, world):
    case = permit_case(world)
    login(client, "vg")
    response = client.post(f"/zaken/{case.id}/status", data={"version": case.version, "status": "suspended", "reason": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Een reden is verplicht." in page
    assert '<option selected value="suspended">' in page
    response = client.post(f"/zaken/{case.id}/status", data={"version": case.version, "status": "suspended", "reason": "Wacht op tekening"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "suspended"


def test_transfer_needs_a_handover_note_and_records_it(client, world):
    case = permit_case(world)
    login(client, "vg")
    page = client.post(f"/zaken/{case.id}/overdragen", data={"version": case.version, "to_department_id": world.kcc.id, "note": ""}).get_data(as_text=True)
    assert "Een overdrachtsnotitie is verplicht." in page
    response = client.post(f"/zaken/{case.id}/overdragen", data={
        "version": case.version, "to_department_id": world.kcc.id, "note": "Vraag voor het KCC <b>dringend</b>"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).department_id == world.kcc.id
    login(client, "mw")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Overgedragen" in page and "Vraag voor het KCC &lt;b&gt;dringend&lt;/b&gt;" in page


def test_transfer_to_a_colleague_outside_the_department_is_refused_in_dutch(client, world):
    case = permit_case(world)
    login(client, "vg")
    page = client.post(f"/zaken/{case.id}/overdragen", data={
        "version": case.version, "to_owner_id": world.employee.id, "to_department_id": world.social.id, "note": "Graag"}).get_data(as_text=True)
    assert "Deze collega hoort niet bij die afdeling." in page
    assert "Graag</textarea>" in page


def test_a_stale_form_shows_who_changed_what_and_keeps_the_input(client, world):
    case = permit_case(world)
    seen_version = case.version
    assign_case(case.id, world.permit_lead.id, world.permit_lead)
    login(client, "vg")
    response = client.post(f"/zaken/{case.id}/status", data={
        "version": seen_version, "status": "closed", "reason": "Vergunning verleend"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft deze zaak intussen gewijzigd" in page
    assert "Tamara Verbeek" in page and "Eigenaar gewijzigd" in page
    assert "\nVergunning verleend</textarea>" in page
    db.session.expire_all()
    fresh = db.session.get(Case, case.id)
    assert fresh.status == "received" and fresh.owner_id == world.permit_lead.id
    assert f'name="version" value="{fresh.version}"' in page
    # Sending again, now knowingly on the latest version, goes through.
    response = client.post(f"/zaken/{case.id}/status", data={
        "version": fresh.version, "status": "closed", "reason": "Vergunning verleend"})
    assert response.status_code == 302


def test_staff_of_another_department_see_no_change_forms_and_are_refused(client, world):
    case = permit_case(world)
    login(client, "mw")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Aan mij toewijzen" not in page
    response = client.post(f"/zaken/{case.id}/toewijzen-aan-mij", data={"version": case.version})
    assert response.status_code == 403
    assert "U mag deze zaak niet wijzigen." in response.get_data(as_text=True)


def test_a_confidential_case_withholds_its_subject_outside_the_department(client, world):
    case = open_case(world.assistance.id, "Schulden en huurachterstand", world.social_worker, party_id=world.anna.id,
                     description="Gevoelige details")
    login(client, "mw")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Schulden" not in page and "Gevoelige details" not in page
    assert "Inhoud alleen voor Sociaal Domein" in page
