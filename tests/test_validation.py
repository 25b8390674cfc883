"""Validation at the edge: each rule accepts what people type and refuses what is wrong."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.validation import (
    InvalidInput,
    format_phone,
    normalise_branch_number,
    normalise_bsn,
    normalise_email,
    normalise_kvk,
    normalise_phone,
    normalise_postcode,
    normalise_rsin,
)


@pytest.mark.parametrize("typed", ["111222333", "1112.22.333", " 111 222 333 ", "111-222-333"])
def test_bsn_accepts_common_notations(typed):
    assert normalise_bsn(typed) == "111222333"


def test_bsn_restores_a_leading_zero():
    assert normalise_bsn("10000008") == "010000008"


@pytest.mark.parametrize("typed", ["111222334", "12345678a", "1234567", "", "1234567890"])
def test_bsn_refuses_invalid_numbers(typed):
    with pytest.raises(InvalidInput) as error:
        normalise_bsn(typed)
    assert error.value.code == "invalid_bsn"


def test_rsin_uses_the_elfproef():
    assert normalise_rsin("1234.56.782") == "123456782"
    with pytest.raises(InvalidInput):
        normalise_rsin("123456789")


def test_kvk_and_branch_number_lengths():
    assert normalise_kvk("6963 6563") == "69636563"
    assert normalise_branch_number("000012345678") == "000012345678"
    for bad in ["1234567", "123456789", "abcdefgh"]:
        with pytest.raises(InvalidInput, match="8 cijfers"):
            normalise_kvk(bad)
    with pytest.raises(InvalidInput, match="12 cijfers"):
        normalise_branch_number("12345678")


@pytest.mark.parametrize("typed,expected", [("1234ab", "1234 AB"), ("1234 AB", "1234 AB"), (" 9999zz ", "9999 ZZ")])
def test_postcode_is_normalised(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["0123 AB", "1234 SA", "1234 SD", "1234 ss", "12345", "ABCD 12"])
def test_postcode_refuses_impossible_codes(typed):
    with pytest.raises(InvalidInput) as error:
        normalise_postcode(typed)
    assert error.value.message.startswith("Vul een geldige postcode in")


@pytest.mark.parametrize(
    "typed", ["0612345678", "06-12345678", "06 1234 5678", "+31 6 12345678", "0031612345678", "(06) 12345678"]
)
def test_phone_numbers_become_e164(typed):
    assert normalise_phone(typed) == "+31612345678"


def test_landline_and_foreign_numbers():
    assert normalise_phone("020-5551234") == "+31205551234"
    assert normalise_phone("+32 470 12 34 56") == "+32470123456"
    assert format_phone("+31612345678") == "06 12345678"


@pytest.mark.parametrize("typed", ["12345", "0612", "hallo", "", "+31 6 1234"])
def test_invalid_phone_numbers_are_refused(typed):
    with pytest.raises(InvalidInput) as error:
        normalise_phone(typed)
    assert error.value.code == "invalid_phone"


def test_email_lowercases_only_the_domain():
    assert normalise_email(" Piet.Jansen@Gemeente.NL ") == "Piet.Jansen@gemeente.nl"


@pytest.mark.parametrize("typed", ["piet", "piet@", "@gemeente.nl", "piet@gemeente", "pi et@gemeente.nl"])
def test_invalid_email_is_refused(typed):
    with pytest.raises(InvalidInput) as error:
        normalise_email(typed)
    assert error.value.code == "invalid_email"


@given(st.text(max_size=40))
def test_validators_only_ever_raise_invalid_input(text):
    for normalise in (normalise_bsn, normalise_kvk, normalise_postcode, normalise_phone, normalise_email, normalise_rsin):
        try:
            normalise(text)
        except InvalidInput:
            pass
