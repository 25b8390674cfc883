"""Identifiers and contact details that are valid, unique and cheap to make by counting.

Rejection sampling (draw nine random digits, keep the ones that pass the elfproef) is slow and
needs a set of what was drawn to stay unique. Counting is neither: each number is derived from
a running index, so uniqueness follows from the arithmetic.
"""

import unicodedata
from collections.abc import Iterator

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
# Multipliers coprime to the range they step through, so index -> number is a bijection
# that does not look like a plain sequence.
_BSN_STEP, _BSN_SPAN, _BSN_START = 1_234_567, 80_000_000, 10_000_000
_MOBILE_STEP, _MOBILE_SPAN = 7_919, 50_000_000
_LANDLINE_STEP, _LANDLINE_SPAN = 3_571, 8_000_000


def bsn_numbers() -> Iterator[str]:
    """Valid, distinct BSNs: count eight-digit prefixes and append the check digit.

    The elfproef for digits d1..d9 is sum(w_i * d_i) - d9 ≡ 0 (mod 11) with weights 9..2,
    so d9 is the weighted sum modulo 11; a prefix whose remainder is 10 has no valid BSN
    and is skipped (one in eleven).
    """
    index = 0
    while index < _BSN_SPAN:
        prefix = f"{_BSN_START + (index * _BSN_STEP) % _BSN_SPAN:08d}"
        index += 1
        check = sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, prefix)) % 11
        if check < 10:
            yield prefix + str(check)
    raise RuntimeError("out of BSNs")


def kvk_number(index: int) -> str:
    """A distinct eight-digit KvK number per index."""
    return f"{50_000_000 + index:08d}"


def mobile_number(index: int) -> str:
    """A distinct Dutch mobile number in E.164 (+316 1xxxxxxx .. 5xxxxxxx) per index."""
    return f"+316{10_000_000 + (index * _MOBILE_STEP) % _MOBILE_SPAN}"


def landline_number(index: int) -> str:
    """A distinct Utrecht (030) landline number in E.164 per index."""
    return f"+3130{2_000_000 + (index * _LANDLINE_STEP) % _LANDLINE_SPAN}"


def email_address(given: str, surname: str, index: int, domain: str) -> str:
    """A distinct, already normalised e-mail address such as ``anna.jansen1234@ziggo.nl``."""
    local = f"{_ascii(given)}.{_ascii(surname)}{index}"
    return f"{local}@{domain}"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def postcode(rng) -> str:
    """A valid Dutch postcode in the 35xx (Utrecht) range, never with the letters SA, SD or SS."""
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    while True:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in {"SA", "SD", "SS"}:
            return f"{rng.randrange(3500, 3585)} {pair}"
