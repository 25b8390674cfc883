"""The search box: recognise what was typed and look it up through the database's own indexes.

A member of staff with a citizen on the line types whatever the citizen gives: a BSN (with or
without dots), a phone number in any Dutch notation, an e-mail address, a postcode with a house
number, a case number, a name, or a name with a birth date. Each form has its own index
(Identifier, DigitalAddress, Address, Case.number, Party.surname_key), so no full-text index is
needed for these; free text that matches nothing is left to the full-text search.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.models import (
    Address,
    Case,
    DigitalAddress,
    DigitalAddressKind,
    Identifier,
    IdentifierKind,
    Party,
)
from crm.services.parties import name_key
from crm.validation import (
    InvalidInput,
    normalise_branch_number,
    normalise_bsn,
    normalise_email,
    normalise_kvk,
    normalise_phone,
    normalise_postcode,
    normalise_rsin,
)

MAX_RESULTS = 50

# Dutch surname prefixes (voorvoegsels): "de Vries" is stored as prefix "de", surname "Vries".
SURNAME_PREFIXES = {
    "van", "de", "der", "den", "het", "'t", "t", "ter", "ten", "te", "in", "op", "onder", "over",
    "aan", "bij", "uit", "voor", "la", "le", "les", "du", "des", "d'", "di", "da", "von", "vom", "zu", "el",
}

_CASE_NUMBER = re.compile(r"^z-?(\d{4})-?(\d{1,9})$", re.IGNORECASE)
_POSTCODE = re.compile(r"^(\d{4})\s*([a-z]{2})(?:[\s,]*(\d{1,5})\s*-?\s*([a-z0-9]{1,4})?)?$", re.IGNORECASE)
_NAME_AND_DATE = re.compile(r"^(.*?[^\d\s].*?)[\s,]+(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_NAME_AND_ISO_DATE = re.compile(r"^(.*?[^\d\s].*?)[\s,]+(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER_SEPARATORS = re.compile(r"[\s.\-()/]")


@dataclass
class LookupResult:
    """What the search box understood (``recognised``) and the parties and cases it found."""

    query: str
    recognised: str
    parties: list[Party] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def found_nothing(self) -> bool:
        return not self.parties and not self.cases

    @property
    def single_party(self) -> Party | None:
        """The one party found, when that is all that was found: the search box opens it."""
        return self.parties[0] if len(self.parties) == 1 and not self.cases else None

    @property
    def single_case(self) -> Case | None:
        return self.cases[0] if len(self.cases) == 1 and not self.parties else None


def look_up(query: str) -> LookupResult:
    """Find parties (or a case) for what was typed in the search box."""
    text = " ".join((query or "").split())
    if not text:
        return LookupResult(text, "empty")
    if match := _CASE_NUMBER.match(text):
        number = f"Z-{match[1]}-{int(match[2]):06d}"
        cases = list(db.session.scalars(select(Case).where(Case.number == number)))
        return LookupResult(text, "case_number", cases=cases)
    if "@" in text:
        return _by_email(text)
    if match := _POSTCODE.match(text):
        return _by_address(text, match)
    compact = _NUMBER_SEPARATORS.sub("", text)
    if re.fullmatch(r"\+?\d+", compact):
        return _by_number(text, compact)
    if (match := _NAME_AND_DATE.match(text)) or (match := _NAME_AND_ISO_DATE.match(text)):
        return _by_name_and_birth_date(text, match)
    return LookupResult(text, "name", parties=_parties_named(text))


def _by_email(text: str) -> LookupResult:
    try:
        value = normalise_email(text)
    except InvalidInput:
        return LookupResult(text, "email")
    return LookupResult(text, "email", parties=_parties_with_address(DigitalAddressKind.EMAIL, value))


def _by_number(text: str, compact: str) -> LookupResult:
    """Digits only: a phone number (10 digits from 0, or international), else an identifier."""
    is_phone = compact.startswith(("+", "00")) or (compact.startswith("0") and len(compact) == 10)
    if not is_phone and len(compact) in (8, 9, 12):
        return LookupResult(text, "identifier", parties=_parties_with_identifier(compact))
    try:
        value = normalise_phone(compact)
    except InvalidInput:
        return LookupResult(text, "phone")
    return LookupResult(text, "phone", parties=_parties_with_address(DigitalAddressKind.PHONE, value))


def _by_address(text: str, match: re.Match) -> LookupResult:
    try:
        postcode = normalise_postcode(f"{match[1]} {match[2]}")
    except InvalidInput:
        return LookupResult(text, "postcode")
    statement = select(Address.party_id).where(Address.postcode == postcode)
    if match[3]:
        statement = statement.where(Address.house_number == int(match[3]))
    if match[4]:
        statement = statement.where(Address.house_number_suffix == match[4].upper())
    return LookupResult(text, "postcode", parties=_parties(statement))


def _by_name_and_birth_date(text: str, match: re.Match) -> LookupResult:
    name, *parts = match.groups()
    day, month, year = (parts if len(parts[2]) == 4 else reversed(parts))
    try:
        birth_date = date(int(year), int(month), int(day))
    except ValueError:
        return LookupResult(text, "name_and_birth_date")
    return LookupResult(text, "name_and_birth_date", parties=_parties_named(name, birth_date))


def _parties_with_address(kind: DigitalAddressKind, value: str) -> list[Party]:
    statement = select(DigitalAddress.party_id).where(
        DigitalAddress.kind == kind.value, DigitalAddress.value == value
    )
    return _parties(statement)


def _parties_with_identifier(compact: str) -> list[Party]:
    """An 8- or 9-digit number may be a BSN, KvK number or RSIN; 12 digits a vestigingsnummer."""
    candidates = []
    for kind, normalise in (
        (IdentifierKind.BSN, normalise_bsn),
        (IdentifierKind.KVK, normalise_kvk),
        (IdentifierKind.RSIN, normalise_rsin),
        (IdentifierKind.BRANCH, normalise_branch_number),
    ):
        try:
            candidates.append((kind.value, normalise(compact)))
        except InvalidInput:
            continue
    if not candidates:
        return []
    # One (kind, value) pair per OR branch: SQLite answers each from the unique index, whereas a
    # row-value IN makes it scan the whole identifier table (37 ms of CPU at 100k parties).
    statement = select(Identifier.party_id).where(
        or_(*(and_(Identifier.kind == kind, Identifier.value == value) for kind, value in candidates))
    )
    return _parties(statement)


def _parties_named(text: str, birth_date: date | None = None) -> list[Party]:
    """Parties whose surname (or organisation name) is in the text, e.g. "Anna de Vries".

    Every tail of the words is a candidate surname, without its prefixes; when a given name
    was typed too and some of the parties carry it, only those are kept.
    """
    words = text.replace(",", " ").split()
    keys = set()
    for start in range(len(words)):
        keys.add(name_key(" ".join(words[start:])))
        tail = words[start:]
        while len(tail) > 1 and name_key(tail[0]) in SURNAME_PREFIXES:
            tail = tail[1:]
        keys.add(name_key(" ".join(tail)))
    keys.discard("")
    statement = select(Party.id).where(Party.surname_key.in_(keys))
    if birth_date is not None:
        statement = statement.where(Party.birth_date == birth_date)
    parties = _parties(statement)
    if len(words) > 1:
        first = name_key(words[0])
        with_given_name = [
            p for p in parties if first in name_key(p.given_names).split() and p.surname_key != first
        ]
        if with_given_name:
            return with_given_name
    return parties


def _parties(id_statement) -> list[Party]:
    statement = (
        select(Party)
        .where(Party.id.in_(id_statement.limit(MAX_RESULTS * 4)))
        .options(selectinload(Party.addresses), selectinload(Party.identifiers))
        .order_by(Party.surname_key, Party.given_names, Party.id)
        .limit(MAX_RESULTS)
    )
    return list(db.session.scalars(statement))
