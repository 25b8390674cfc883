"""Finding a party while the citizen is on the line: by BSN, phone number or e-mail address.

Each look-up runs twice: through the search box's service (crm.services.lookup.look_up, which
recognises what was typed, normalises it and probes the identifier or digital-address index),
and as the agent does it, ``GET /zoeken?q=...`` through the whole stack, where a single hit
redirects to the party's page (302; the page itself is measured separately).
"""

from sqlalchemy import select

from bench.http_client import OK_OR_REDIRECT, http_measurement
from bench.measure import Bench, Target, Timing, measurement
from crm.extensions import db
from crm.models import DigitalAddress, DigitalAddressKind, Identifier, IdentifierKind
from crm.services.lookup import look_up

LOOKUP_TARGET = Target("p95_ms", 10)


def typed_bsns(bench: Bench) -> list[str]:
    """Typed as an agent would read it out: ``1234.56.782`` now and then."""
    values = _sample_values(bench, Identifier, Identifier.kind == IdentifierKind.BSN.value)
    return [f"{v[:4]}.{v[4:6]}.{v[6:]}" if bench.rng.random() < 0.3 else v for v in values]


def typed_phones(bench: Bench) -> list[str]:
    """Typed in national notation (``06-10023757``), as the caller's number is read from a screen."""
    values = _sample_values(bench, DigitalAddress, DigitalAddress.kind == DigitalAddressKind.PHONE.value)
    return ["0" + v.removeprefix("+31")[:1] + "-" + v.removeprefix("+31")[1:] for v in values]


def typed_emails(bench: Bench) -> list[str]:
    """Typed with a capitalised domain now and then (``anna.jansen12@Ziggo.nl``)."""
    values = _sample_values(bench, DigitalAddress, DigitalAddress.kind == DigitalAddressKind.EMAIL.value)
    return [_capitalise_domain(v) if bench.rng.random() < 0.3 else v for v in values]


@measurement("lookup_bsn", "Zoeken op BSN (look_up)", LOOKUP_TARGET)
def lookup_bsn(bench: Bench) -> Timing:
    return _time_hits(bench, typed_bsns(bench))


@measurement("lookup_phone", "Zoeken op telefoonnummer (look_up)", LOOKUP_TARGET)
def lookup_phone(bench: Bench) -> Timing:
    return _time_hits(bench, typed_phones(bench))


@measurement("lookup_email", "Zoeken op e-mailadres (look_up)", LOOKUP_TARGET)
def lookup_email(bench: Bench) -> Timing:
    return _time_hits(bench, typed_emails(bench))


def _found_a_party(response) -> bool:
    """One party opens directly; several are listed with links to their pages."""
    if response.status_code == 302:
        return "/partijen/" in response.headers["Location"]
    return b"/partijen/" in response.data


for _name, _title, _typed in (("bsn", "BSN", typed_bsns), ("phone", "telefoonnummer", typed_phones),
                              ("email", "e-mailadres", typed_emails)):
    http_measurement(
        f"http_lookup_{_name}", f"Zoekvak: {_title} (GET /zoeken)", "lookup.search",
        lambda bench, typed=_typed: [{"q": text} for text in typed(bench)],
        LOOKUP_TARGET, accept=OK_OR_REDIRECT, check=_found_a_party,
    )


def _capitalise_domain(address: str) -> str:
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.capitalize()}"


def _sample_values(bench: Bench, model, condition) -> list[str]:
    """Values of randomly chosen rows (ids are dense after generation), in random order."""
    with bench.app.app_context():
        highest = db.session.scalar(select(db.func.max(model.id))) or 0
        wanted = bench.warmup + bench.samples
        found: list[str] = []
        while len(found) < wanted and highest:
            ids = [bench.rng.randint(1, highest) for _ in range(wanted)]
            found += db.session.scalars(select(model.value).where(model.id.in_(ids), condition)).all()
        db.session.remove()
    bench.rng.shuffle(found)
    return found[:wanted]


def _time_hits(bench: Bench, typed: list[str]) -> Timing:
    misses = []

    def call(text: str) -> None:
        if not look_up(text).parties:
            misses.append(text)

    timing = bench.time_calls(call, typed)
    if misses:
        raise AssertionError(f"look-up found nothing for {len(misses)} existing values, e.g. {misses[0]}")
    return timing
