"""The demo's inhabitants and businesses, generated with Faker ``nl_NL`` from a fixed seed.

Every value passes the same validation as real input: BSNs and RSINs pass the elfproef,
postcodes are ``1234 AB``, phone numbers are valid for region NL.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from faker import Faker

from crm.demo.clock import HISTORY_DAYS, REGISTERED_BEFORE_DAYS, DemoClock
from crm.services.parties import AddressInput, OrganisationInput, PersonInput, create_organisation, create_person
from crm.validation import InvalidInput, normalise_phone, normalise_postcode

PERSONS = 200
BUSINESSES = 20

# Woonplaats, postcode range (first four digits) and how many inhabitants live there (weight).
PLACES = (
    ("Amersfoort", (3811, 3826), 70),
    ("Hoogland", (3828, 3828), 8),
    ("Leusden", (3831, 3833), 10),
    ("Soest", (3761, 3768), 8),
    ("Baarn", (3741, 3744), 4),
)
AREA_CODES = {"Amersfoort": "033", "Hoogland": "033", "Leusden": "033", "Soest": "035", "Baarn": "035"}
STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Julianastraat", "Beatrixlaan",
    "Wilhelminastraat", "Stationsweg", "Nieuwstraat", "Lindelaan", "Eikenlaan", "Beukenlaan",
    "Populierenstraat", "Vondellaan", "Rembrandtlaan", "Van Goghstraat", "Mozartstraat",
    "Sportlaan", "Parkweg", "Prinses Irenestraat", "Hoofdstraat", "Burgemeester de Beaufortweg",
    "Utrechtseweg", "Leusderweg", "Kamp", "Langestraat", "Arnhemseweg", "Zonnebloemstraat",
    "Klaprooslaan", "Merelstraat", "Lijsterbeslaan", "Valkenweg", "Roerdompstraat", "Boterbloemweg",
    "Hooglandseweg", "Schothorsterlaan", "Kastanjelaan", "Waterlinie", "Havikstraat", "Eemplein",
)
MAIL_DOMAINS = (
    "gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl", "xs4all.nl",
    "planet.nl", "icloud.com",
)
SURNAME_PREFIXES = ("van der", "van den", "van de", "van 't", "in 't", "op de", "in de", "van", "de", "den", "ter", "ten", "te")
BUSINESS_NAMES = (
    "Bakkerij De Korenaar", "Café De Gouden Leeuw", "Evenementenbureau Zomerzin B.V.",
    "Stichting Buurtfeest Schothorst", "Van Dijk Installatietechniek B.V.", "Fietsenmakerij Hoekstra",
    "Restaurant De Zonnehof", "Bouwbedrijf Gebroeders Kok B.V.", "Kapsalon Knipkunst",
    "Supermarkt Koopmans", "Stichting Wijkcentrum De Kei", "Sportvereniging Hoogland",
    "Autobedrijf Van Leeuwen", "Hoveniersbedrijf Groen en Zo", "Drukkerij Eemland B.V.",
    "Bloemenhuis Flora", "Slagerij Verhoef", "Rijschool Veilig Verkeer",
    "Muziekvereniging Kunst na Arbeid", "Horecagroep Eemhaven B.V.",
)
# The citizen with the longest timeline, for showing it in a workshop.
DEMO_CITIZEN = ("Johanna Maria", "van der", "Meulen", date(1968, 4, 23))


@dataclass
class Population:
    """What the history needs to know of each party: its id, street and a phone to call back."""

    persons: list[int] = field(default_factory=list)
    businesses: list[int] = field(default_factory=list)
    demo_citizen: int | None = None
    streets: dict[int, tuple[str, int]] = field(default_factory=dict)
    phones: dict[int, str] = field(default_factory=dict)


def create_population(rng: random.Random, faker_seed: int, clock: DemoClock) -> Population:
    """Register the demo citizen, about two hundred people and twenty businesses.

    Each is registered some time before the history starts, as if the CRM has run for years.
    """
    fake = Faker("nl_NL")
    fake.seed_instance(faker_seed)
    maker = _Maker(rng, fake)
    population = Population()

    given, prefix, surname, birth_date = DEMO_CITIZEN
    clock.current = clock.ago(days=REGISTERED_BEFORE_DAYS)
    person = maker.person(given, prefix, surname, birth_date)
    party = create_person(person)
    population.demo_citizen = party.id
    _remember(population, party.id, person)
    while len(population.persons) < PERSONS:
        given = fake.first_name()
        if rng.random() < 0.3:
            given = f"{given} {fake.first_name()}"
        prefix, surname = _split_surname(fake.last_name())
        if not surname:
            continue
        person = maker.person(given, prefix, surname, fake.date_of_birth(minimum_age=18, maximum_age=92))
        clock.current = clock.ago(days=rng.uniform(HISTORY_DAYS, REGISTERED_BEFORE_DAYS))
        party = create_person(person)
        population.persons.append(party.id)
        _remember(population, party.id, person)
    for name in BUSINESS_NAMES[:BUSINESSES]:
        organisation = maker.organisation(name)
        clock.current = clock.ago(days=rng.uniform(HISTORY_DAYS, REGISTERED_BEFORE_DAYS))
        party = create_organisation(organisation)
        population.businesses.append(party.id)
        _remember(population, party.id, organisation)
    return population


def _remember(population: Population, party_id: int, data) -> None:
    population.streets[party_id] = (data.address.street, int(data.address.house_number))
    if data.phones:
        population.phones[party_id] = data.phones[0]


def _split_surname(text: str) -> tuple[str, str]:
    """Split Faker's ``van der Ven`` into the voorvoegsel and the geslachtsnaam.

    Faker also makes double-barrelled noble names (``van Hoevel en van Zwindrecht``); those are
    skipped by returning an empty surname, they would look odd in a demo.
    """
    if " en " in text or len(text.split()) > 3:
        return "", ""
    for prefix in SURNAME_PREFIXES:
        if text.startswith(prefix + " "):
            return prefix, text.removeprefix(prefix + " ")
    return "", text


class _Maker:
    """Builds valid, unique inputs for the party services."""

    def __init__(self, rng: random.Random, fake: Faker):
        self.rng = rng
        self.fake = fake
        self.emails: set[str] = set()
        self.kvk_numbers: set[str] = set()

    def person(self, given: str, prefix: str, surname: str, birth_date: date) -> PersonInput:
        rng = self.rng
        address = self.address()
        phones = []
        if rng.random() < 0.85:
            phones.append(self.mobile())
        if rng.random() < 0.35 or not phones:
            phones.append(self.landline(address.city))
        emails = [self.email(given, prefix, surname)] if rng.random() < 0.75 else []
        return PersonInput(
            surname=surname,
            given_names=given,
            surname_prefix=prefix,
            birth_date=birth_date,
            bsn=self.fake.unique.ssn(),
            emails=emails,
            phones=phones,
            address=address,
        )

    def organisation(self, name: str) -> OrganisationInput:
        address = self.address()
        slug = _ascii(name).lower().replace(" b.v.", "").replace(" ", "").replace(".", "")
        rsin = self.fake.unique.ssn() if "B.V." in name or name.startswith("Stichting") else None
        branch = f"{self.rng.randint(1, 99_999_999):012d}" if self.rng.random() < 0.5 else None
        phones = [self.landline(address.city)]
        if self.rng.random() < 0.4:
            phones.append(self.mobile())
        return OrganisationInput(
            name=name,
            kvk=self.kvk(),
            branch_number=branch,
            rsin=rsin,
            emails=[f"info@{slug}.nl"],
            phones=phones,
            address=address,
        )

    def address(self) -> AddressInput:
        rng = self.rng
        city, (low, high), _ = rng.choices(PLACES, weights=[p[2] for p in PLACES])[0]
        while True:
            letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))
            try:
                postcode = normalise_postcode(f"{rng.randint(low, high)} {letters}")
                break
            except InvalidInput:
                continue  # SA, SD and SS are never used in Dutch postcodes
        number = int(rng.triangular(1, 220, 8))
        suffix = rng.choice("ABC") if rng.random() < 0.08 else None
        return AddressInput(postcode, number, suffix, rng.choice(STREETS), city)

    def mobile(self) -> str:
        return self._valid(lambda: f"06 {self.rng.randint(10_000_000, 59_999_999)}")

    def landline(self, city: str) -> str:
        area = AREA_CODES.get(city, "033")
        return self._valid(lambda: f"{area}-{self.rng.randint(2_000_000, 9_999_999)}")

    def _valid(self, make) -> str:
        while True:
            number = make()
            try:
                normalise_phone(number)
                return number
            except InvalidInput:
                continue

    def email(self, given: str, prefix: str, surname: str) -> str:
        first = _ascii(given.split()[0]).lower()
        last = _ascii((prefix + surname).replace(" ", "").replace("'", "")).lower()
        shapes = (f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}", f"{last}.{first[0]}")
        base = self.rng.choice(shapes)
        address = f"{base}@{self.rng.choice(MAIL_DOMAINS)}"
        while address in self.emails:
            address = f"{base}{self.rng.randint(1, 99)}@{self.rng.choice(MAIL_DOMAINS)}"
        self.emails.add(address)
        return address

    def kvk(self) -> str:
        while True:
            number = f"{self.rng.randint(10_000_000, 99_999_999)}"
            if number not in self.kvk_numbers:
                self.kvk_numbers.add(number)
                return number


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " .-"))
