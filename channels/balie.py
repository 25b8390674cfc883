"""Counter (balie): a visit registered at the desk, and an appointment system's CSV export.

Visit payload (the registration form and the webhook send the same)::

    {"visit_id": "B-2025-0042", "occurred_at": "2025-03-12T09:30:00+01:00",
     "product": "Paspoort aanvragen", "notes": "Pasfoto was niet goed, komt terug.",
     "outcome": "niet gelukt", "visitor": {"bsn": "111222333", "name": "Anna Jansen"},
     "agent": "jdevries"}

CSV export: one appointment per row, Dutch headers (``Datum;Tijd;Product;Naam;E-mail;
Telefoon;BSN;Afspraaknummer;Status``, in any order, other spellings accepted), UTF-8 with or
without a byte-order mark (Windows-1252 is recognised too), ``;`` or ``,`` separated, dates as
``12-03-2025`` or ``2025-03-12``, local (Dutch) time. A bad row does not stop the file: each row
comes back with its own draft or error, and the raw row (with the header) to quarantine.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from channels.draft import (
    FAILED,
    INBOUND,
    OUTCOME_NAMES,
    ContactDraft,
    clean_text,
    clip_subject,
    fingerprint,
    stable_id,
)
from channels.errors import AdapterError, Reason
from channels.payload import PayloadReader, plausible_year

CHANNEL = "balie"
_LOCAL = ZoneInfo("Europe/Amsterdam")


def parse(payload) -> ContactDraft:
    """Read one visit; raises AdapterError listing every missing or malformed field."""
    reader = PayloadReader.of(payload)
    visit_id = reader.text("visit_id", max_length=200)
    occurred_at = reader.timestamp("occurred_at", required=True)
    product = reader.text("product", required=True, max_length=300)
    notes = reader.text("notes") or ""
    answer = reader.text("answer") or ""
    outcome = reader.choice("outcome", OUTCOME_NAMES, default="") or None
    hints = reader.identity("visitor")
    agent = reader.text("agent", max_length=80)
    reader.finish()
    return ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=occurred_at,
        subject=clip_subject(product),
        content=notes,
        answer=answer,
        outcome=outcome,
        external_id=stable_id(visit_id) if visit_id else None,
        agent=agent,
        metadata={"visit_id": visit_id},
        **hints,
    )


# Column name → the header spellings appointment systems use (compared lower-cased).
COLUMNS = {
    "date": ("datum", "afspraakdatum", "datum afspraak", "date"),
    "time": ("tijd", "tijdstip", "starttijd", "begintijd", "aanvangstijd", "time"),
    "product": ("product", "producten", "dienst", "afspraaktype", "soort afspraak", "onderwerp"),
    "name": ("naam", "klantnaam", "naam klant", "aanvrager", "name"),
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "mail"),
    "phone": ("telefoon", "telefoonnummer", "tel", "tel.", "mobiel", "phone"),
    "bsn": ("bsn", "burgerservicenummer"),
    "id": ("afspraaknummer", "afspraak-id", "afspraakid", "afspraak id", "referentie", "kenmerk", "id"),
    "status": ("status", "afspraakstatus"),
    "location": ("locatie", "vestiging", "balie", "loket"),
    "notes": ("opmerking", "opmerkingen", "toelichting", "notitie"),
}
REQUIRED = ("date", "product")
CANCELLED = {"geannuleerd", "afgezegd", "cancelled", "canceled", "verwijderd"}
NO_SHOW = {"niet verschenen", "niet gekomen", "no-show", "noshow", "no show"}
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


@dataclass(frozen=True)
class CsvRow:
    """One appointment row: a draft, an error, or a reason it is deliberately not a contact.

    ``raw`` is the header plus this row as a CSV of its own, so a quarantined row can be
    corrected and parsed again on its own.
    """

    line: int
    raw: str
    draft: ContactDraft | None = None
    error: AdapterError | None = None
    skipped: str | None = None


def parse_csv(data: bytes | str) -> list[CsvRow]:
    """Read an appointment export. Raises AdapterError only when the file as a whole is unusable."""
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise AdapterError.single("header", "no_header", "Het bestand is leeg of heeft geen kopregel.")
    delimiter = max(";,\t", key=lines[0].count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise AdapterError.single("file", "invalid_csv", f"Geen geldig CSV-bestand: {error}.") from None
    header = rows[0]
    columns = _columns(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise AdapterError(
            [Reason(f"header.{name}", "missing_column", f"De kolom {COLUMNS[name][0].title()} ontbreekt.") for name in missing]
        )
    results = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        raw = _as_csv([header, row], delimiter)
        try:
            values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
            draft, skipped = _appointment(values, number)
        except AdapterError as error:
            results.append(CsvRow(number, raw, error=error))
            continue
        results.append(CsvRow(number, raw, draft=draft, skipped=skipped))
    return results


def _decode(data: bytes | str) -> str:
    if isinstance(data, (bytes, bytearray)):
        data = bytes(data)
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("windows-1252", errors="replace")
    if not isinstance(data, str):
        raise AdapterError.single("file", "not_text", "Verwacht de inhoud van een CSV-bestand.")
    return clean_text(data).lstrip("\ufeff")


def _columns(header: list[str]) -> dict[str, int]:
    """Column name → position, for every header this module recognises (the first one wins)."""
    spelled = {}
    for index, title in enumerate(header):
        key = " ".join(title.replace("\ufeff", "").strip().rstrip(":").lower().split())
        spelled.setdefault(key, index)
    columns = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in spelled:
                columns[name] = spelled[spelling]
                break
    return columns


def _appointment(values: dict[str, str], line: int) -> tuple[ContactDraft | None, str | None]:
    reasons = []
    status = values.get("status", "").lower()
    if status in CANCELLED:
        return None, f"Afspraak geannuleerd (regel {line})."
    day, at = _day_and_time(values.get("date", ""), values.get("time", ""), reasons)
    product = values.get("product", "")
    if not product:
        reasons.append(Reason("product", "required", "Het product ontbreekt."))
    if reasons:
        raise AdapterError([Reason(f"regel {line}.{r.field}", r.code, r.message) for r in reasons])
    occurred_at = datetime.combine(day, at, tzinfo=_LOCAL)
    identity = {name: values.get(name) or None for name in ("name", "email", "phone", "bsn")}
    appointment_id = values.get("id")
    if appointment_id:
        external_id = stable_id(f"afspraak:{appointment_id}")
    else:
        key = "|".join([day.isoformat(), at.isoformat(), product] + [identity[n] or "" for n in sorted(identity)])
        external_id = fingerprint(key.encode())
    location, notes = values.get("location"), values.get("notes")
    lines = [
        f"Afspraak om {at:%H:%M}" + (f" bij {location}" if location else ""),
        f"Status: {values['status']}" if values.get("status") else None,
        notes or None,
    ]
    draft = ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=occurred_at,
        subject=clip_subject(f"Balieafspraak: {product}"),
        content="\n".join(line for line in lines if line),
        outcome=FAILED if status in NO_SHOW else None,
        external_id=external_id,
        metadata={"appointment_id": appointment_id, "location": location, "status": values.get("status")},
        **identity,
    )
    return draft, None


def _day_and_time(day_text: str, time_text: str, reasons: list[Reason]) -> tuple[date | None, time | None]:
    if not time_text and " " in day_text:
        day_text, time_text = day_text.split(" ", 1)
    day = None
    for pattern in _DATE_FORMATS:
        try:
            day = datetime.strptime(day_text, pattern).date()
            break
        except ValueError:
            continue
    if day is None:
        message = "Het datumveld is leeg." if not day_text else f"Onbekende datum {day_text!r}; gebruik 12-03-2025."
        reasons.append(Reason("datum", "invalid_date", message))
    elif not plausible_year(day.year):
        reasons.append(Reason("datum", "implausible_date", f"Onwaarschijnlijke datum {day_text!r}."))
        day = None
    at = time(0, 0)
    if time_text:
        match = _TIME.match(time_text.strip())
        hour, minute, second = (int(g) if g else 0 for g in match.groups()) if match else (99, 0, 0)
        if hour > 23 or minute > 59 or second > 59:
            reasons.append(Reason("tijd", "invalid_time", f"Onbekende tijd {time_text!r}; gebruik 09:30."))
        else:
            at = time(hour, minute, second)
    return day, at


def _as_csv(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
