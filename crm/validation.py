"""Validation and normalisation of what people and systems type, used at every edge.

Each ``normalise_*`` function returns the canonical form or raises :class:`InvalidInput`
with a stable ``code`` for machines and a Dutch ``message`` for people. Web forms, the API,
the channel intake and the CLI all call these, so a value is stored one way only.
"""

import re

import phonenumbers
from stdnum import exceptions as stdnum_errors
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode


class InvalidInput(ValueError):
    """A value that cannot be accepted; ``field`` names the input it came from, if known."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def for_field(self, field: str) -> "InvalidInput":
        return InvalidInput(self.code, self.message, field)


_SEPARATORS = re.compile(r"[\s.\-]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def _digits(text: str) -> str:
    return _SEPARATORS.sub("", text or "")


def normalise_bsn(text: str) -> str:
    """A BSN as nine digits; accepts dots and spaces (``1112.22.333``) and restores a leading zero."""
    compact = _digits(text)
    if not compact.isdigit() or not 8 <= len(compact) <= 9:
        raise InvalidInput("invalid_bsn", "Een BSN bestaat uit 9 cijfers.")
    compact = compact.zfill(9)
    try:
        stdnum_bsn.validate(compact)
    except stdnum_errors.ValidationError:
        raise InvalidInput("invalid_bsn", "Dit BSN klopt niet (elfproef).") from None
    return compact


def looks_like_bsn(text: str) -> bool:
    """True if the text is a valid BSN (the search box uses this to choose a look-up)."""
    try:
        normalise_bsn(text)
    except InvalidInput:
        return False
    return True


def normalise_rsin(text: str) -> str:
    """An RSIN as nine digits; it uses the same elfproef as the BSN."""
    compact = _digits(text)
    if not compact.isdigit() or not 8 <= len(compact) <= 9:
        raise InvalidInput("invalid_rsin", "Een RSIN bestaat uit 9 cijfers.")
    compact = compact.zfill(9)
    try:
        stdnum_bsn.validate(compact)
    except stdnum_errors.ValidationError:
        raise InvalidInput("invalid_rsin", "Dit RSIN klopt niet (elfproef).") from None
    return compact


def normalise_kvk(text: str) -> str:
    """A KvK number: exactly eight digits."""
    compact = _digits(text)
    if not (compact.isdigit() and len(compact) == 8):
        raise InvalidInput("invalid_kvk", "Een KvK-nummer bestaat uit 8 cijfers.")
    return compact


def normalise_branch_number(text: str) -> str:
    """A vestigingsnummer: exactly twelve digits."""
    compact = _digits(text)
    if not (compact.isdigit() and len(compact) == 12):
        raise InvalidInput("invalid_branch_number", "Een vestigingsnummer bestaat uit 12 cijfers.")
    return compact


def normalise_postcode(text: str) -> str:
    """A Dutch postcode as ``1234 AB``; refuses a leading zero and the letters SA, SD and SS."""
    try:
        return stdnum_postcode.validate((text or "").strip())
    except stdnum_errors.ValidationError:
        raise InvalidInput(
            "invalid_postcode", "Vul een geldige postcode in, bijvoorbeeld 1234 AB."
        ) from None


def normalise_house_number(text: str | int) -> int:
    """A house number: a whole number from 1 to 99999."""
    value = str(text).strip()
    if not value.isdigit() or not 1 <= int(value) <= 99999:
        raise InvalidInput("invalid_house_number", "Een huisnummer is een getal vanaf 1.")
    return int(value)


def normalise_phone(text: str) -> str:
    """A phone number in E.164 (``+31612345678``); Dutch notations are read with region NL."""
    raw = (text or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidInput("invalid_phone", "Dit telefoonnummer klopt niet.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    try:
        normalise_phone(text)
    except InvalidInput:
        return False
    return True


def format_phone(e164: str) -> str:
    """A stored E.164 number the way a Dutch reader expects it (``06 12345678``)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 31:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_email(text: str) -> str:
    """An e-mail address with the domain lower-cased (the local part is left as typed)."""
    value = (text or "").strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput("invalid_email", "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def required_text(text: str | None, field: str, max_length: int, label: str) -> str:
    """Stripped text that must not be empty nor longer than ``max_length``."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput("required", f"{label} is verplicht.", field)
    if len(value) > max_length:
        raise InvalidInput("too_long", f"{label} is te lang (maximaal {max_length} tekens).", field)
    return value
