"""Finding a party while the citizen is on the line: by BSN, phone number or e-mail address.

These query the indexed columns directly (identifier (kind, value), digital_address (kind,
value)), after normalising what was typed exactly as the app does. When the look-up service of
the search box lands, these should call it instead, so its own overhead is measured too.
"""

from sqlalchemy import select

from bench.measure import Bench, Target, Timing, measurement
from crm.extensions import db
from crm.models import DigitalAddress, DigitalAddressKind, Identifier, IdentifierKind, Party
from crm.validation import normalise_bsn, normalise_email, normalise_phone

LOOKUP_TARGET = Target("p95_ms", 10)


@measurement("lookup_bsn", "Zoeken op BSN", LOOKUP_TARGET)
def lookup_bsn(bench: Bench) -> Timing:
    """Typed as an agent would read it out: ``1234.56.782`` now and then."""
    values = _sample_values(bench, Identifier, Identifier.kind == IdentifierKind.BSN.value)
    typed = [f"{v[:4]}.{v[4:6]}.{v[6:]}" if bench.rng.random() < 0.3 else v for v in values]

    def find(text: str):
        value = normalise_bsn(text)
        return db.session.scalars(
            select(Party).join(Identifier).where(Identifier.kind == IdentifierKind.BSN.value, Identifier.value == value)
        ).first()

    return _time_hits(bench, find, typed)


@measurement("lookup_phone", "Zoeken op telefoonnummer", LOOKUP_TARGET)
def lookup_phone(bench: Bench) -> Timing:
    """Typed in national notation (``06-10023757``), as the caller's number is read from a screen."""
    values = _sample_values(bench, DigitalAddress, DigitalAddress.kind == DigitalAddressKind.PHONE.value)
    typed = ["0" + v.removeprefix("+31")[:1] + "-" + v.removeprefix("+31")[1:] for v in values]
    return _time_hits(bench, lambda text: _by_address(DigitalAddressKind.PHONE, normalise_phone(text)), typed)


@measurement("lookup_email", "Zoeken op e-mailadres", LOOKUP_TARGET)
def lookup_email(bench: Bench) -> Timing:
    """Typed with a capitalised domain now and then (``anna.jansen12@Ziggo.nl``)."""
    values = _sample_values(bench, DigitalAddress, DigitalAddress.kind == DigitalAddressKind.EMAIL.value)
    typed = [_capitalise_domain(v) if bench.rng.random() < 0.3 else v for v in values]
    return _time_hits(bench, lambda text: _by_address(DigitalAddressKind.EMAIL, normalise_email(text)), typed)


def _by_address(kind: DigitalAddressKind, value: str) -> list[Party]:
    return list(
        db.session.scalars(
            select(Party).join(DigitalAddress).where(DigitalAddress.kind == kind.value, DigitalAddress.value == value)
        ).unique()
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


def _time_hits(bench: Bench, find, typed: list[str]) -> Timing:
    misses = []

    def call(text: str) -> None:
        if not find(text):
            misses.append(text)

    timing = bench.time_calls(call, typed)
    if misses:
        raise AssertionError(f"look-up found nothing for {len(misses)} existing values, e.g. {misses[0]}")
    return timing
