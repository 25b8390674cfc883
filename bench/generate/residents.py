"""Parties: residents with a BSN, phone numbers, e-mail addresses and an address; some organisations."""

from datetime import date, datetime, timedelta

from bench.generate import identity, vocabulary
from bench.generate.writer import BulkWriter
from crm.models import DigitalAddressKind, IdentifierKind, PartyKind
from crm.services.parties import name_key

ORGANISATION_SHARE = 0.04
PHONE_SHARE, SECOND_PHONE_SHARE, EMAIL_SHARE = 0.80, 0.10, 0.65


class ResidentWriter:
    """Writes one party with its identifiers and addresses per call, with ids counted up."""

    def __init__(self, writer: BulkWriter, rng, registered_from: datetime, registered_until: datetime):
        self.writer = writer
        self.rng = rng
        self.bsns = identity.bsn_numbers()
        self.registered_from = registered_from
        self.registration_span = int((registered_until - registered_from).total_seconds())
        self.identifier_id = self.digital_address_id = self.address_id = 0
        self.organisations = 0

    def write(self, party_id: int) -> str:
        """Write party ``party_id`` and return how to reach it (its phone or e-mail, or "")."""
        rng = self.rng
        created_at = self.registered_from + timedelta(seconds=rng.randrange(self.registration_span))
        if rng.random() < ORGANISATION_SHARE:
            return self._organisation(party_id, created_at)
        given = rng.choice(vocabulary.GIVEN_NAMES)
        surname = rng.choice(vocabulary.SURNAMES)
        prefix = rng.choice(vocabulary.SURNAME_PREFIXES)
        self.writer.add(
            "party",
            {
                "id": party_id, "kind": PartyKind.PERSON.value, "given_names": given,
                "surname_prefix": prefix or None, "surname": surname,
                "birth_date": date(1935, 1, 1) + timedelta(days=rng.randrange(26_000)),
                "organisation_name": None, "organisation_id": None, "surname_key": name_key(surname),
                "preferred_channel_id": None, "created_at": created_at,
            },
        )
        self._identifier(party_id, IdentifierKind.BSN, next(self.bsns))
        reach = ""
        if rng.random() < PHONE_SHARE:
            mobile = rng.random() < 0.85
            reach = identity.mobile_number(party_id) if mobile else identity.landline_number(party_id)
            self._digital(party_id, DigitalAddressKind.PHONE, reach, preferred=True)
            if rng.random() < SECOND_PHONE_SHARE:
                other = identity.landline_number(party_id) if mobile else identity.mobile_number(party_id)
                self._digital(party_id, DigitalAddressKind.PHONE, other, preferred=False)
        if rng.random() < EMAIL_SHARE:
            email = identity.email_address(given, surname, party_id, rng.choice(vocabulary.EMAIL_DOMAINS))
            self._digital(party_id, DigitalAddressKind.EMAIL, email, preferred=True)
            reach = reach or email
        self._address(party_id)
        return reach

    def _organisation(self, party_id: int, created_at: datetime) -> str:
        rng = self.rng
        self.organisations += 1
        name = " ".join(
            part
            for part in (
                rng.choice(vocabulary.ORGANISATION_WORDS),
                rng.choice(vocabulary.ORGANISATION_NAMES),
                rng.choice(vocabulary.ORGANISATION_FORMS),
            )
            if part
        )
        self.writer.add(
            "party",
            {
                "id": party_id, "kind": PartyKind.ORGANISATION.value, "given_names": None,
                "surname_prefix": None, "surname": None, "birth_date": None,
                "organisation_name": name, "organisation_id": None, "surname_key": name_key(name),
                "preferred_channel_id": None, "created_at": created_at,
            },
        )
        self._identifier(party_id, IdentifierKind.KVK, identity.kvk_number(party_id))
        phone = identity.landline_number(party_id)
        self._digital(party_id, DigitalAddressKind.PHONE, phone, preferred=True)
        self._digital(party_id, DigitalAddressKind.EMAIL, f"info@bedrijf{party_id}.nl", preferred=True)
        self._address(party_id)
        return phone

    def _identifier(self, party_id: int, kind: IdentifierKind, value: str) -> None:
        self.identifier_id += 1
        self.writer.add(
            "identifier",
            {"id": self.identifier_id, "party_id": party_id, "kind": kind.value, "value": value, "parent_id": None},
        )

    def _digital(self, party_id: int, kind: DigitalAddressKind, value: str, preferred: bool) -> None:
        self.digital_address_id += 1
        self.writer.add(
            "digital_address",
            {
                "id": self.digital_address_id, "party_id": party_id, "kind": kind.value, "value": value,
                "preferred": preferred, "verified_at": None, "label": None,
            },
        )

    def _address(self, party_id: int) -> None:
        rng = self.rng
        self.address_id += 1
        self.writer.add(
            "address",
            {
                "id": self.address_id, "party_id": party_id, "street": rng.choice(vocabulary.STREETS),
                "house_number": rng.randrange(1, 250),
                "house_number_suffix": rng.choice(("", "", "", "", "A", "B", "BIS")) or None,
                "postcode": identity.postcode(rng), "city": rng.choice(vocabulary.PLACES),
                "country": "NL", "kind": "residence",
            },
        )
