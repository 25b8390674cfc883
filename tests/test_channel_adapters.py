"""Channel adapters: realistic raw input in, the right ContactDraft (or precise reasons) out.

These tests need no database: adapters are pure translators.
"""

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from channels import REGISTRY, balie, chat, email, phone, post, webform
from channels.errors import AdapterError

CET = timezone(timedelta(hours=1))


def reasons(excinfo) -> dict[str, str]:
    return {reason.field: reason.code for reason in excinfo.value.reasons}


def test_the_registry_knows_the_six_channels_of_the_design():
    assert set(REGISTRY) == {"telefoon", "e-mail", "chat", "webformulier", "balie", "post"}
    assert all(module.CHANNEL == code for code, module in REGISTRY.items())


# --- e-mail ---------------------------------------------------------------------------------


def test_multipart_alternative_prefers_the_plain_text_and_keeps_attachments():
    message = EmailMessage()
    message["From"] = "Anna Jansen <anna@example.nl>"
    message["To"] = "info@gemeente.example"
    message["Subject"] = "Vraag over mijn aanslag"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message["Message-ID"] = "<1234@mail.example.nl>"
    message.set_content("Goedemorgen,\n\nKlopt mijn aanslag wel?")
    message.add_alternative("<p>Goedemorgen,</p><p>Klopt <b>mijn</b> aanslag wel?</p>", subtype="html")
    message.add_attachment(b"%PDF-1.7 aanslag", maintype="application", subtype="pdf", filename="aanslag 2025.pdf")

    draft = email.parse(message.as_bytes())

    assert draft.channel == "e-mail" and draft.direction == "inbound"
    assert draft.occurred_at == datetime(2025, 3, 12, 8, 30, tzinfo=timezone.utc)
    assert draft.subject == "Vraag over mijn aanslag"
    assert draft.content == "Goedemorgen,\n\nKlopt mijn aanslag wel?"
    assert (draft.email, draft.name) == ("anna@example.nl", "Anna Jansen")
    assert draft.external_id == draft.message_id == "<1234@mail.example.nl>"
    [attachment] = draft.attachments
    assert (attachment.filename, attachment.content_type, attachment.size) == ("aanslag 2025.pdf", "application/pdf", 16)
    assert attachment.content == b"%PDF-1.7 aanslag"


def test_html_only_mail_is_sanitised_to_readable_text():
    message = MIMEText(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Beste gemeente,</p><p>De lantaarnpaal bij <a href='https://x.example'>nr. 12</a>"
        " is kapot &amp; het is donker.<br>Groet, Piet</p>"
        "<script>alert('hoi')</script><img src=x onerror=alert(1)></body></html>",
        "html",
        "utf-8",
    )
    message["From"] = "piet@example.nl"
    message["Subject"] = "Lantaarnpaal"
    message["Date"] = "Thu, 13 Mar 2025 22:01:00 +0100"

    draft = email.parse(message.as_bytes())

    assert draft.content == "Beste gemeente,\nDe lantaarnpaal bij nr. 12 is kapot & het is donker.\nGroet, Piet"
    assert "alert" not in draft.content and "color" not in draft.content and "<" not in draft.content


def test_non_utf8_charsets_and_encoded_headers_are_decoded():
    body = MIMEText("Graag een afspraak voor mijn paspoort. Groeten, Zoë", "plain", "iso-8859-1")
    outer = MIMEMultipart("mixed")
    outer["From"] = "=?iso-8859-1?q?Zo=EB_M=FCller?= <zoe@example.de>"
    outer["Subject"] = "=?utf-8?b?UGFzcG9vcnQg4oCTIGFmc3ByYWFr?="
    outer["Date"] = "Fri, 14 Mar 2025 08:00:00 +0100"
    outer.attach(body)
    attachment = MIMEText("a;b\n1;2\n", "csv", "utf-8")
    attachment.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "overzicht €.csv"))
    outer.attach(attachment)

    draft = email.parse(outer.as_bytes())

    assert draft.subject == "Paspoort – afspraak"
    assert draft.name == "Zoë Müller"
    assert draft.content.endswith("Groeten, Zoë")
    assert [a.filename for a in draft.attachments] == ["overzicht €.csv"]


def test_raw_eight_bit_latin1_headers_and_unknown_charsets_do_not_break_the_message():
    raw = (
        b"From: b.de.vries@example.nl\r\nSubject: Caf\xe9 op het plein\r\n"
        b"Date: Sat, 15 Mar 2025 10:00:00 +0100\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\n"
        b"Terras van caf\xe9 staat op de stoep.\r\n"
    )
    draft = email.parse(raw)
    assert draft.subject == "Café op het plein"
    assert draft.content == "Terras van café staat op de stoep."
    assert draft.external_id.startswith("sha256:")  # no Message-ID: the content is the identity


def test_reply_headers_are_kept_for_threading():
    message = EmailMessage()
    message["From"] = "anna@example.nl"
    message["Subject"] = "Re: Uw aanvraag"
    message["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    message["Message-ID"] = "<3@example.nl>"
    message["In-Reply-To"] = "<2@gemeente.example>"
    message["References"] = "<1@example.nl> <2@gemeente.example>"
    message.set_content("Dank u.")
    draft = email.parse(message.as_bytes())
    assert draft.thread_ids == ("<2@gemeente.example>", "<1@example.nl>")


def test_a_missing_date_uses_the_mailbox_arrival_time_and_otherwise_is_refused():
    raw = b"From: anna@example.nl\r\nSubject: Zonder datum\r\n\r\nTekst\r\n"
    arrival = datetime(2025, 3, 12, 9, 0, tzinfo=timezone.utc)
    assert email.parse(raw, received_at=arrival).occurred_at == arrival
    with pytest.raises(AdapterError) as excinfo:
        email.parse(raw)
    assert reasons(excinfo) == {"date": "invalid_date"}


@pytest.mark.parametrize(
    "raw,expected",
    [
        (b"", {"message": "empty"}),
        (b"Dit is gewoon tekst zonder koppen", {"headers": "no_headers"}),
        (b"Subject: Anoniem\r\nDate: Wed, 12 Mar 2025 09:30:00 +0100\r\n\r\nx", {"from": "missing_sender"}),
    ],
)
def test_malformed_messages_are_refused_with_precise_reasons(raw, expected):
    with pytest.raises(AdapterError) as excinfo:
        email.parse(raw)
    assert reasons(excinfo) == expected


# --- phone ----------------------------------------------------------------------------------


def call_event(event, minute, second=0, **extra):
    payload = {
        "call_id": "c-81723",
        "event": event,
        "timestamp": datetime(2025, 3, 12, 9, minute, second, tzinfo=CET).isoformat(),
        "direction": "inbound",
        "caller": "06 12345678",
        "called": "14 013",
        "queue": "Vergunningen",
    }
    return {**payload, **extra}


def test_an_answered_call_becomes_one_contact_with_its_talk_time():
    events = [
        phone.parse(call_event("new", 30)),
        phone.parse(call_event("answered", 30, 45, agent="jdevries")),
        phone.parse(call_event("hangup", 36, 15)),
    ]
    assert phone.contact_for_call(events[:2]) is None  # still going on
    draft = phone.contact_for_call(list(reversed(events)))  # order of arrival does not matter
    assert draft.occurred_at == datetime(2025, 3, 12, 9, 30, tzinfo=CET)
    assert draft.duration_seconds == 330
    assert draft.outcome is None
    assert draft.phone == "06 12345678" and draft.agent == "jdevries"
    assert draft.external_id == "c-81723"
    assert "Wachtrij: Vergunningen" in draft.content and "Wachttijd: 45 s" in draft.content


@pytest.mark.parametrize("ending", ["missed", "abandoned", "hangup"])
def test_an_unanswered_call_is_a_failed_contact(ending):
    draft = phone.contact_for_call([phone.parse(call_event("new", 30)), phone.parse(call_event(ending, 31))])
    assert draft.outcome == "failed"
    assert draft.duration_seconds == 0
    assert draft.subject.startswith("Afgebroken oproep" if ending == "abandoned" else "Gemiste oproep")


def test_an_outbound_call_identifies_by_the_number_called():
    events = [
        phone.parse(call_event("new", 0, direction="outbound", caller="14 013", called="0201234567")),
        phone.parse(call_event("answered", 1, direction="outbound")),
        phone.parse(call_event("hangup", 3, direction="outbound")),
    ]
    draft = phone.contact_for_call(events)
    assert draft.direction == "outbound" and draft.phone == "0201234567"


def test_a_call_event_with_bad_fields_lists_every_reason():
    with pytest.raises(AdapterError) as excinfo:
        phone.parse({"event": "exploded", "timestamp": "2025-03-12T09:30:00", "direction": "sideways"})
    assert reasons(excinfo) == {
        "call_id": "required",
        "event": "invalid_choice",
        "timestamp": "missing_timezone",
        "direction": "invalid_choice",
    }


# --- chat, web form, post, counter ------------------------------------------------------------


def test_a_chat_transcript_becomes_a_readable_conversation():
    draft = chat.parse(
        {
            "conversation_id": "chat-5521",
            "started_at": "2025-03-12T10:02:00+01:00",
            "ended_at": "2025-03-12T10:09:30+01:00",
            "visitor": {"name": "Anna Jansen", "email": "anna@example.nl"},
            "participants": [
                {"id": "v", "role": "visitor", "name": "Anna Jansen"},
                {"id": "a1", "role": "agent", "name": "Jan de Vries", "username": "jdevries"},
            ],
            "messages": [
                {"at": "2025-03-12T10:02:05+01:00", "from": "v", "text": "Wanneer wordt het grofvuil opgehaald?"},
                {"at": "2025-03-12T10:03:10+01:00", "from": "a1", "text": "Elke eerste maandag van de maand."},
            ],
        }
    )
    assert draft.subject == "Wanneer wordt het grofvuil opgehaald?"
    assert draft.content == (
        "[10:02] Anna Jansen: Wanneer wordt het grofvuil opgehaald?\n[10:03] Jan de Vries: Elke eerste maandag van de maand."
    )
    assert draft.duration_seconds == 450 and draft.agent == "jdevries" and draft.email == "anna@example.nl"


def test_a_chat_transcript_with_a_broken_message_names_that_message():
    with pytest.raises(AdapterError) as excinfo:
        chat.parse({"conversation_id": "c", "started_at": "2025-03-12T10:02:00Z", "messages": [{"from": "v", "text": "x"}, "hoi"]})
    assert reasons(excinfo) == {"messages.0.at": "required", "messages.1": "not_an_object"}


def test_a_web_form_submission_lists_its_answers_and_carries_the_digid_bsn():
    draft = webform.parse(
        {
            "submission_id": "wf-2025-000812",
            "form": "Melding openbare ruimte",
            "submitted_at": "2025-03-12T21:14:03+01:00",
            "fields": {"Omschrijving": "Losliggende stoeptegel", "Locatie": "Dorpsstraat 12", "Foto's": ["a.jpg", "b.jpg"]},
            "submitter": {"bsn": "111222333", "email": "anna@example.nl"},
            "authentication": "DigiD",
        }
    )
    assert draft.subject == "Melding openbare ruimte"
    assert draft.content == "Omschrijving: Losliggende stoeptegel\nLocatie: Dorpsstraat 12\nFoto's: a.jpg, b.jpg"
    assert (draft.bsn, draft.email, draft.external_id) == ("111222333", "anna@example.nl", "wf-2025-000812")
    assert draft.metadata["authentication"] == "digid"


def test_a_received_letter_on_a_date_starts_that_day_in_the_netherlands():
    draft = post.parse(
        {
            "registration_number": "P-2025-000123",
            "received_on": "2025-03-12",
            "subject": "Bezwaar aanslag OZB 2025",
            "summary": "Meneer is het niet eens met de WOZ-waarde.",
            "sender": {"name": "P. de Vries", "bsn": "123456782", "address": "Dorpsstraat 1, 1234 AB Ergens"},
            "scan": {"filename": "brief.pdf", "content_type": "application/pdf", "size": 183422},
        }
    )
    assert draft.occurred_at == datetime(2025, 3, 11, 23, 0, tzinfo=timezone.utc)
    assert draft.content.endswith("Afzender: P. de Vries, Dorpsstraat 1, 1234 AB Ergens")
    assert [(a.filename, a.size) for a in draft.attachments] == [("brief.pdf", 183422)]


def test_a_counter_visit_understands_dutch_outcomes():
    draft = balie.parse(
        {"occurred_at": "2025-03-12T09:30:00+01:00", "product": "Paspoort aanvragen", "outcome": "Niet gelukt", "visitor": {"bsn": "111222333"}}
    )
    assert (draft.subject, draft.outcome, draft.bsn, draft.external_id) == ("Paspoort aanvragen", "failed", "111222333", None)


@pytest.mark.parametrize("payload", [None, [], "geen json", b"\xff\xfe", "[1, 2]", 42])
def test_webhook_adapters_refuse_anything_but_a_json_object(payload):
    for adapter in (phone, chat, webform, balie, post):
        with pytest.raises(AdapterError) as excinfo:
            adapter.parse(payload)
        assert list(reasons(excinfo)) == ["payload"]


# --- appointment export (CSV) ---------------------------------------------------------------

EXPORT = (
    "\ufeffDatum;Tijd;Product;Naam;E-mailadres;Telefoonnummer;BSN;Afspraaknummer;Status;Locatie\r\n"
    "12-03-2025;09:30;Paspoort aanvragen;Anna Jansen;anna@example.nl;06-12345678;111222333;A-1001;Verschenen;Stadhuis\r\n"
    '12-03-2025;9.45;"Rijbewijs; verlengen";"Müller, Zoë";;;;A-1002;Niet verschenen;Stadhuis\r\n'
    "12-03-2025;10:00;Uittreksel BRP;Piet Puk;;;;A-1003;Geannuleerd;Stadhuis\r\n"
    "31-02-2025;25:00;Paspoort aanvragen;Fout;;;;A-1004;;Stadhuis\r\n"
    ";;;;;;;;;\r\n"
)


def test_an_appointment_export_with_bom_and_semicolons_becomes_counter_contacts():
    rows = balie.parse_csv(EXPORT.encode("utf-8"))
    assert [row.line for row in rows] == [2, 3, 4, 5]
    first, second, cancelled, broken = rows
    assert first.draft.occurred_at == datetime(2025, 3, 12, 8, 30, tzinfo=timezone.utc)
    assert (first.draft.subject, first.draft.bsn, first.draft.phone) == ("Balieafspraak: Paspoort aanvragen", "111222333", "06-12345678")
    assert first.draft.external_id == "afspraak:A-1001"
    assert second.draft.subject == "Balieafspraak: Rijbewijs; verlengen" and second.draft.name == "Müller, Zoë"
    assert second.draft.outcome == "failed"
    assert cancelled.draft is None and "geannuleerd" in cancelled.skipped
    assert {r.field: r.code for r in broken.error.reasons} == {"regel 5.datum": "invalid_date", "regel 5.tijd": "invalid_time"}
    # The raw row carries its header, so it can be parsed again on its own after a fix.
    [again] = balie.parse_csv(broken.raw.replace("31-02-2025;25:00", "28-02-2025;11:00"))
    assert again.draft.occurred_at == datetime(2025, 2, 28, 10, 0, tzinfo=timezone.utc)


def test_a_windows_1252_export_with_commas_is_read_too():
    data = "Datum,Tijd,Product,Naam\r\n2025-03-12,14:00,Huwelijk aankondigen,René Açar\r\n".encode("windows-1252")
    [row] = balie.parse_csv(data)
    assert row.draft.name == "René Açar"
    assert row.draft.external_id.startswith("sha256:")  # no appointment number: a stable content id


def test_an_export_without_the_required_columns_is_refused_as_a_whole():
    with pytest.raises(AdapterError) as excinfo:
        balie.parse_csv("Naam;Telefoon\r\nAnna;0612345678\r\n")
    assert reasons(excinfo) == {"header.date": "missing_column", "header.product": "missing_column"}


def test_the_channels_package_stands_alone():
    """channels/ never imports crm, Flask or the database (DESIGN.md): check in a fresh interpreter."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, channels, channels.mailsources\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'crm', 'flask', 'sqlalchemy', 'flask_sqlalchemy'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
