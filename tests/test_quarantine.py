"""Quarantine: malformed mailbox and file input is kept raw, shown to a beheerder and retried."""

from datetime import datetime, timezone
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from channels.errors import AdapterError
from channels.mailsources import RawMessage
from crm.extensions import db
from crm.models import Contact, QuarantinedInput, Role
from crm.services.errors import NotAllowed
from crm.services.imports import import_appointments, import_mail
from crm.services.quarantine import dismiss_quarantined, open_quarantine, retry_quarantined


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin(make_user):
    return make_user("beheer", Role.ADMIN)


@pytest.fixture
def anna(make_person):
    return make_person("Jansen", bsn="111222333")


def mail(sender: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["Subject"] = "Vraag"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message["Message-ID"] = "<1@example.org>"
    message.set_content("Goedemorgen.")
    return message.as_bytes()


def test_malformed_mail_is_quarantined_once_and_can_be_retried_after_a_fix(admin):
    broken = b"Subject: Geen afzender\r\nDate: Wed, 12 Mar 2025 09:30:00 +0100\r\n\r\nHallo\r\n"
    messages = [RawMessage("bestand.mbox#1", broken), RawMessage("bestand.mbox#2", mail(sender="x@example.org"))]
    report = import_mail(messages)
    assert (report.created, len(report.quarantined)) == (1, 1)
    import_mail(messages)  # a re-run keeps one quarantine entry and one contact
    [item] = open_quarantine(admin)
    assert (item.attempts, item.reasons[0]["field"], item.raw) == (2, "from", broken)
    assert count(Contact) == 1

    with pytest.raises(AdapterError):
        retry_quarantined(item.id, admin)  # unchanged, still broken
    fixed = b"From: Piet <piet@example.org>\r\n" + broken
    [result] = retry_quarantined(item.id, admin, corrected_raw=fixed)
    assert result.status == "created" and result.contact.subject == "Geen afzender"
    assert item.resolution == "imported" and item.contact_id == result.contact_id
    assert open_quarantine(admin) == []


def test_only_a_beheerder_sees_the_quarantine(make_user):
    with pytest.raises(NotAllowed):
        open_quarantine(make_user("mw", Role.EMPLOYEE))


def test_an_appointment_export_imports_rows_quarantines_bad_ones_and_reruns_safely(anna, admin):
    export = (
        "\ufeffDatum;Tijd;Product;Naam;E-mail;Telefoon;BSN;Afspraaknummer;Status\r\n"
        "12-03-2025;09:30;Paspoort aanvragen;Anna Jansen;;;111222333;A-1;Verschenen\r\n"
        "12-03-2025;09:45;Rijbewijs;Piet Puk;piet@example.org;;;A-2;\r\n"
        "12-03-2025;10:00;Uittreksel;Klaas;;;;A-3;Geannuleerd\r\n"
        "12-03-2025;10:15;Paspoort;Fout;;;123456789;A-4;\r\n"
    ).encode("utf-8")
    report = import_appointments(export, "afspraken.csv")
    assert (report.created, report.to_identify, len(report.quarantined), len(report.skipped)) == (2, 1, 1, 1)
    again = import_appointments(export, "afspraken.csv")
    assert (again.created, again.duplicates, len(again.quarantined)) == (0, 2, 1)
    assert count(Contact) == 2 and count(QuarantinedInput) == 1

    [item] = open_quarantine(admin)
    assert item.reasons == [{"field": "bsn", "code": "invalid_bsn", "message": "Dit BSN klopt niet (elfproef)."}]
    dismiss_quarantined(item.id, admin)
    assert open_quarantine(admin) == []
    contact = db.session.scalar(select(Contact).filter_by(external_id="afspraak:A-1"))
    assert contact.party_id == anna.id and contact.occurred_at == datetime(2025, 3, 12, 8, 30, tzinfo=timezone.utc)
