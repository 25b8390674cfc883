"""The intake pages: Te identificeren, counter and post registration, and the quarantine."""

import io
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from channels.mailsources import RawMessage
from crm.extensions import db
from crm.models import Contact, ContactAttachment, ContactIdentification, DigitalAddress, QuarantinedInput, Role, utcnow
from crm.services.imports import import_mail
from crm.services.attachments import attachment_path
from crm.services.intake import receive_channel_event

BSN = "111222333"


@pytest.fixture
def people(make_department, make_user, make_person):
    kcc = make_department("kcc", "KCC")
    return {
        "mw": make_user("mw", Role.EMPLOYEE, [kcc], full_name="Mila Medewerker"),
        "beheer": make_user("beheer", Role.ADMIN, [kcc], full_name="Bas Beheer"),
        "anna": make_person("Jansen", bsn=BSN),
    }


def unknown_mail(subject="Waar blijft mijn vergunning?"):
    message = EmailMessage()
    message["From"] = "Piet Puk <piet@example.org>"
    message["Subject"] = subject
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message.set_content("Ik wacht al weken.")
    return receive_channel_event("e-mail", message.as_bytes())


def test_the_inbox_lists_waiting_contacts_and_links_one_by_bsn(client, auth, people):
    result = unknown_mail()
    item = db.session.scalar(select(ContactIdentification))
    auth.login("mw")

    page = client.get("/te-identificeren")
    assert page.status_code == 200
    assert "Waar blijft mijn vergunning?" in page.text and "Piet Puk" in page.text and "Geen partij gevonden" in page.text

    detail = client.get(f"/te-identificeren/{item.id}")
    assert 'value="Puk"' in detail.text  # the surname is guessed from the sender's name
    answer = client.post(f"/te-identificeren/{item.id}/koppelen", data={"party": "111 222 333"}, follow_redirects=True)
    assert "gekoppeld aan Anna Jansen" in answer.text
    db.session.expire_all()
    assert db.session.get(Contact, result.contact_id).party_id == people["anna"].id
    assert "Er wacht niets op identificatie." in client.get("/te-identificeren").text


def test_linking_to_an_unknown_party_says_so_and_keeps_what_was_typed(client, auth, people):
    unknown_mail()
    item = db.session.scalar(select(ContactIdentification))
    auth.login("mw")
    answer = client.post(f"/te-identificeren/{item.id}/koppelen", data={"party": "P99999"})
    assert answer.status_code == 422
    assert "Er bestaat geen partij met dit nummer." in answer.text and 'value="P99999"' in answer.text
    assert 'aria-invalid="true"' in answer.text


def test_staff_create_a_person_from_the_inbox(client, auth, people):
    result = unknown_mail()
    item = db.session.scalar(select(ContactIdentification))
    auth.login("mw")
    refused = client.post(f"/te-identificeren/{item.id}/nieuwe-persoon", data={"surname": "Puk", "bsn": BSN})
    assert refused.status_code == 422 and "Er staat al een persoon met dit BSN geregistreerd." in refused.text
    answer = client.post(
        f"/te-identificeren/{item.id}/nieuwe-persoon",
        data={"given_names": "Piet", "surname": "Puk", "email": "piet@example.org"},
        follow_redirects=True,
    )
    assert "Piet Puk is aangemaakt" in answer.text
    db.session.expire_all()
    assert db.session.get(Contact, result.contact_id).party.display_name == "Piet Puk"


def test_a_counter_visit_is_registered_once_even_when_submitted_twice(client, auth, people):
    auth.login("mw")
    form = client.get("/balie/registreren").text
    token = form.split('name="token" type="hidden" value="')[1].split('"')[0]
    data = {"token": token, "occurred_at": "2025-03-12T09:30", "product": "Paspoort aanvragen",
            "notes": "Pasfoto afgekeurd", "outcome": "failed", "bsn": "1112.22.333"}
    first = client.post("/balie/registreren", data=data, follow_redirects=True)
    assert "geregistreerd bij Anna Jansen" in first.text
    second = client.post("/balie/registreren", data=data, follow_redirects=True)
    assert "was al geregistreerd" in second.text
    [contact] = db.session.scalars(select(Contact))
    assert (contact.channel.code, contact.party_id, contact.outcome) == ("balie", people["anna"].id, "failed")
    assert contact.handled_by_id == people["mw"].id
    assert contact.occurred_at.isoformat() == "2025-03-12T08:30:00+00:00"  # typed in Dutch local time


def test_a_counter_visit_with_a_wrong_bsn_shows_the_error_at_the_field(client, auth, people):
    auth.login("mw")
    answer = client.post("/balie/registreren", data={"token": "t", "occurred_at": "2025-03-12T09:30", "product": "Paspoort", "bsn": "123456789"})
    assert answer.status_code == 422
    assert "Dit BSN klopt niet (elfproef)." in answer.text and 'value="Paspoort"' in answer.text
    assert db.session.scalar(select(Contact)) is None


def test_a_received_letter_with_its_scan(client, auth, people):
    auth.login("mw")
    answer = client.post(
        "/post/registreren",
        data={"token": "t1", "received_on": "2025-03-12", "subject": "Bezwaar OZB", "sender_name": "P. de Vries",
              "sender_address": "Dorpsstraat 1, 1234 AB Ergens", "scan": (io.BytesIO(b"%PDF-1.4 brief"), "brief maart.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "niet herkend" in answer.text
    contact = db.session.scalar(select(Contact))
    assert contact.channel.code == "post" and "Dorpsstraat 1" in contact.content
    [attachment] = db.session.scalars(select(ContactAttachment))
    assert attachment.filename == "brief_maart.pdf" and attachment_path(attachment.sha256).read_bytes() == b"%PDF-1.4 brief"
    download = client.get(f"/bijlagen/{attachment.id}")
    assert download.data == b"%PDF-1.4 brief" and download.mimetype == "application/pdf"
    assert 'attachment; filename=brief_maart.pdf' in download.headers["Content-Disposition"]
    download.close()
    assert client.get("/bijlagen/999").status_code == 404


def test_a_scan_of_the_wrong_type_is_refused(client, auth, people):
    auth.login("mw")
    answer = client.post(
        "/post/registreren",
        data={"token": "t1", "received_on": "2025-03-12", "subject": "Bezwaar", "scan": (io.BytesIO(b"MZ"), "virus.exe")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422 and "Kies een PDF-, JPG-, PNG- of TIFF-bestand." in answer.text


def test_only_a_beheerder_opens_the_quarantine(client, auth, people):
    auth.login("mw")
    assert client.get("/beheer/quarantaine").status_code == 403
    assert "Quarantaine" not in client.get("/te-identificeren").text


def test_a_beheerder_corrects_and_retries_quarantined_mail(client, auth, people):
    broken = b"Subject: Zonder afzender\r\nDate: Wed, 12 Mar 2025 09:30:00 +0100\r\n\r\nHallo\r\n"
    import_mail([RawMessage("imap://intake@mail/INBOX;UID=7", broken)])
    item = db.session.scalar(select(QuarantinedInput))
    auth.login("beheer")

    listing = client.get("/beheer/quarantaine")
    assert "imap://intake@mail/INBOX;UID=7" in listing.text and "geen afzenderadres" in listing.text
    detail = client.get(f"/beheer/quarantaine/{item.id}")
    assert "Subject: Zonder afzender" in detail.text

    again = client.post(f"/beheer/quarantaine/{item.id}/opnieuw", data={"raw": broken.decode()})
    assert again.status_code == 422 and "lukt nog steeds niet" in again.text
    fixed = "From: Piet <piet@example.org>\n" + broken.decode()
    done = client.post(f"/beheer/quarantaine/{item.id}/opnieuw", data={"raw": fixed}, follow_redirects=True)
    assert "Ingelezen: 1 contactmoment(en)." in done.text
    contact = db.session.scalar(select(Contact))
    assert contact.subject == "Zonder afzender" and contact.content == "Hallo"
    assert "Er staat niets in quarantaine." in done.text


def test_the_intake_pages_need_a_login(client, people):
    for url in ("/te-identificeren", "/balie/registreren", "/post/registreren", "/beheer/quarantaine"):
        assert client.get(url).status_code == 302


def test_an_ambiguous_sender_shows_the_candidates_to_choose_from(client, auth, people, make_person):
    other = make_person("Bakker", given_names="Bram", emails=["gezin@example.org"])
    db.session.add(DigitalAddress(party_id=people["anna"].id, kind="email", value="gezin@example.org", verified_at=utcnow()))
    other.digital_addresses[0].verified_at = utcnow()
    db.session.commit()
    message = EmailMessage()
    message["From"] = "gezin@example.org"
    message["Subject"] = "Vraag"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message.set_content("Hallo")
    receive_channel_event("e-mail", message.as_bytes())
    item = db.session.scalar(select(ContactIdentification))
    auth.login("mw")
    page = client.get(f"/te-identificeren/{item.id}")
    assert "Meerdere partijen met dit e-mailadres" in page.text
    assert f"P{people['anna'].id} Anna Jansen" in page.text and f"P{other.id} Bram Bakker" in page.text
    client.post(f"/te-identificeren/{item.id}/koppelen", data={"party": f"P{other.id}"})
    db.session.expire_all()
    assert db.session.get(Contact, item.contact_id).party_id == other.id


def test_an_attachment_of_a_confidential_contact_stays_with_its_department(client, auth, people, make_department):
    social = make_department("sociaal", "Sociaal Domein", confidential=True)
    message = EmailMessage()
    message["From"] = "piet@example.org"
    message["Subject"] = "Mijn uitkering"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message.set_content("Zie bijlage")
    message.add_attachment(b"loonstrook", maintype="application", subtype="pdf", filename="loonstrook.pdf")
    result = receive_channel_event("e-mail", message.as_bytes())
    contact = db.session.get(Contact, result.contact_id)
    contact.department_id, contact.confidential = social.id, True
    db.session.commit()
    attachment = db.session.scalar(select(ContactAttachment))
    auth.login("mw")
    assert client.get(f"/bijlagen/{attachment.id}").status_code == 403
