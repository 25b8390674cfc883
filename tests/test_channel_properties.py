"""Property tests: whatever arrives, an adapter answers with a draft or its documented AdapterError.

Hypothesis generates arbitrary JSON (also shaped like each adapter's payload), arbitrary bytes
and header-shaped e-mail, and CSV text. Any other exception (a KeyError, a TypeError, a
ValueError from an invalid ContactDraft) fails the test.
"""

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels import ContactDraft, balie, chat, email, phone, post, webform
from channels.errors import AdapterError

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
moments = st.datetimes(timezones=st.timezones(), min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(lambda d: d.isoformat())
field_values = json_values | moments | st.sampled_from(["new", "answered", "hangup", "missed", "inbound", "outbound", "visitor", "agent", "111222333", "gelukt"])

PAYLOAD_KEYS = {
    phone: ["call_id", "event", "timestamp", "direction", "caller", "called", "queue", "agent"],
    chat: ["conversation_id", "topic", "started_at", "ended_at", "visitor", "participants", "messages"],
    webform: ["submission_id", "form", "submitted_at", "fields", "submitter", "authentication"],
    balie: ["visit_id", "occurred_at", "product", "notes", "answer", "outcome", "visitor", "agent"],
    post: ["registration_number", "received_on", "received_at", "subject", "summary", "sender", "scan"],
}


def shaped_like(adapter):
    """Objects with the adapter's own keys (nested ones too), holding arbitrary values."""
    nested = st.fixed_dictionaries(
        {},
        optional={key: field_values for key in ["bsn", "kvk", "email", "phone", "name", "address", "filename", "content_type", "size"]},
    )
    items = st.lists(
        st.fixed_dictionaries({}, optional={key: field_values for key in ["id", "role", "name", "username", "at", "from", "text"]}) | json_values,
        max_size=4,
    )
    return st.fixed_dictionaries({}, optional={key: field_values | nested | items for key in PAYLOAD_KEYS[adapter]})


def parses_or_refuses(adapter, payload):
    try:
        result = adapter.parse(payload)
    except AdapterError as error:
        assert error.reasons and all(reason.field and reason.message for reason in error.reasons)
        return None
    assert isinstance(result, (ContactDraft, phone.CallEvent))
    return result


@SETTINGS
@given(st.sampled_from(list(PAYLOAD_KEYS)), json_values | st.binary(max_size=60) | st.text(max_size=60))
def test_json_adapters_take_any_value(adapter, payload):
    parses_or_refuses(adapter, payload)


@SETTINGS
@given(st.data())
def test_json_adapters_take_any_object_shaped_like_their_payload(data):
    adapter = data.draw(st.sampled_from(list(PAYLOAD_KEYS)))
    parses_or_refuses(adapter, data.draw(shaped_like(adapter)))


call_events = st.fixed_dictionaries(
    {
        "call_id": st.just("c-1"),
        "event": st.sampled_from(sorted(phone.EVENT_NAMES)),
        "timestamp": st.datetimes(timezones=st.timezones(), min_value=datetime(1970, 1, 2), max_value=datetime(2200, 12, 30)).map(lambda d: d.isoformat()),
    },
    optional={"direction": st.sampled_from(["inbound", "outbound"]), "caller": st.text(max_size=15), "agent": st.text(max_size=8)},
)


@SETTINGS
@given(st.lists(call_events, min_size=1, max_size=6))
def test_any_set_of_call_events_makes_at_most_one_plausible_contact(payloads):
    events = [event for event in (parses_or_refuses(phone, p) for p in payloads) if event is not None]
    draft = phone.contact_for_call(events)
    if any(event.ends_call for event in events):
        assert 0 <= draft.duration_seconds <= 7 * 24 * 3600
    else:
        assert draft is None


header_names = st.sampled_from(["From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version", "Sender"])
header_values = st.text(max_size=50) | st.sampled_from([
    "=?utf-8?q?Caf=C3=A9?=", "=?x-unknown?b?!!!?=", "=?iso-8859-1?q?", "multipart/mixed; boundary=x", "text/html; charset=utf-8",
    "text/plain; charset=bogus", "base64", "quoted-printable", "attachment; filename*=utf-8''%E2%82%AC.pdf", "<a@b>", "Wed, 12 Mar 2025 09:30:00 +0100",
    "Anna <anna@example.nl>", "\"unterminated <x@y", "(comment) <@>", "Thu, 31 Feb 99999 99:99:99 +9999",
])


@SETTINGS
@given(st.binary(max_size=300))
def test_the_email_adapter_takes_any_bytes(raw):
    parses_or_refuses(email, raw)


@SETTINGS
@given(
    st.lists(st.tuples(header_names, header_values), max_size=8),
    st.binary(max_size=200) | st.sampled_from([b"--x\r\nContent-Type: text/html\r\n\r\n<p>hoi</p>\r\n--x--\r\n", b"=E9=\r\nabc", b"PGI+aG9pPC9iPg=="]),
    st.none() | st.datetimes(timezones=st.just(timezone.utc), min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_the_email_adapter_takes_any_header_shaped_message(headers, body, received_at):
    head = "".join(f"{name}: {value}\r\n" for name, value in headers).encode("utf-8", "surrogatepass")
    parses_or_refuses_email(head + b"\r\n" + body, received_at)


def parses_or_refuses_email(raw, received_at):
    try:
        draft = email.parse(raw, received_at=received_at)
    except AdapterError:
        return
    assert draft.occurred_at.utcoffset() is not None and draft.external_id


csv_cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(["12-03-2025", "2025-03-12", "9.30", "25:61", "111222333", "Geannuleerd", "Niet verschenen", '"', ";"])


@SETTINGS
@given(
    st.lists(st.sampled_from(["Datum", "Tijd", "Product", "Naam", "E-mail", "Telefoon", "BSN", "Afspraaknummer", "Status", "\ufeffDatum", "x"]), max_size=9),
    st.lists(st.lists(csv_cells, max_size=10), max_size=6),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8-sig", "utf-8", "windows-1252"]),
)
def test_the_appointment_export_reader_takes_any_table(header, rows, delimiter, encoding):
    text = "\r\n".join(delimiter.join(line) for line in [header, *rows])
    data = text.encode(encoding, errors="replace")
    try:
        results = balie.parse_csv(data)
    except AdapterError:
        return
    for row in results:
        assert (row.draft is not None) + (row.error is not None) + (row.skipped is not None) == 1


@SETTINGS
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_the_appointment_export_reader_takes_any_file(data):
    try:
        balie.parse_csv(data)
    except AdapterError:
        pass


def test_the_documented_error_is_what_the_properties_expect():
    # Guard against a vacuous property: a broken payload really does raise AdapterError.
    try:
        phone.parse({"call_id": "x"})
    except AdapterError as error:
        assert {r.field for r in error.reasons} == {"event", "timestamp"}
    else:
        raise AssertionError("expected an AdapterError")
