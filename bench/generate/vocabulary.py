"""The Dutch words the synthetic data is made of: names, streets, departments, case types, subjects.

Everything is fictitious; only the shapes are real (name prefixes, postcodes, the channel mix a
municipal contact centre sees). Lists are tuples so a seeded ``random.Random`` picks the same
words on every run.
"""

GIVEN_NAMES = (
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Fleur", "Lisa", "Eva", "Noor", "Tess",
    "Sara", "Iris", "Fenna", "Maria", "Johanna", "Cornelia", "Wilhelmina", "Elisabeth", "Petra",
    "Ingrid", "Marieke", "Anouk", "Fatima", "Aisha", "Yasmina", "Nadia", "Esra", "Lieke", "Mila",
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Thijs", "Jesse", "Ruben", "Lars",
    "Jan", "Pieter", "Hendrik", "Willem", "Cornelis", "Johannes", "Gerrit", "Kees", "Henk",
    "Joost", "Sander", "Mohamed", "Ahmed", "Yusuf", "Mehmet", "Emre", "Rachid", "Koen", "Stijn",
)

SURNAME_PREFIXES = ("", "", "", "", "", "van", "de", "van der", "van den", "van de", "den", "ter", "in 't")

SURNAMES = (
    "Jansen", "Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "Dijk", "Berg", "Dekker", "Brouwer", "Wijk", "Leeuwen", "Dijkstra", "Boer", "Kok",
    "Jacobs", "Haan", "Vermeulen", "Heuvel", "Veen", "Broek", "Bruijn", "Graaf", "Schouten",
    "Beek", "Willems", "Hoekstra", "Koster", "Prins", "Huisman", "Wal", "Postma", "Kuipers",
    "Yılmaz", "Öztürk", "El Amrani", "Bouzid", "Kaya", "Nguyen", "Ramdin", "Sardjoe", "Wolters",
    "Groen", "Molenaar", "Hofman", "Verbeek", "Timmermans", "Gerritsen", "Maas", "Sanders",
    "Brink", "Kramer", "Vink", "Scholten", "Linden", "Meer", "Zwart", "Blom", "Hermans",
)

ORGANISATION_WORDS = (
    "Bakkerij", "Installatiebedrijf", "Woningcorporatie", "Stichting", "Sportvereniging",
    "Transportbedrijf", "Adviesbureau", "Zorggroep", "Horeca", "Bouwbedrijf", "Kinderopvang",
)
ORGANISATION_NAMES = ("De Zon", "Het Anker", "Noord", "De Linde", "Centraal", "De Brug", "Oranje", "Domstad")
ORGANISATION_FORMS = ("B.V.", "V.O.F.", "", "N.V.")

STREETS = (
    "Dorpsstraat", "Kerkstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Nieuwstraat",
    "Julianalaan", "Beatrixstraat", "Wilhelminastraat", "Oranjelaan", "Parallelweg", "Hoofdstraat",
    "Emmalaan", "Prins Bernhardlaan", "Lindelaan", "Eikenlaan", "Marktplein", "Havenstraat",
    "Vondellaan", "Rembrandtlaan", "Korte Jansstraat", "Oudegracht", "Biltstraat", "Amsterdamsestraatweg",
)
PLACES = ("Utrecht", "Utrecht", "Utrecht", "Vleuten", "De Meern", "Haarzuilens")
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl", "icloud.com", "xs4all.nl")

# (code, name, confidential)
DEPARTMENTS = (
    ("kcc", "Klantcontactcentrum", False),
    ("burgerzaken", "Burgerzaken", False),
    ("belastingen", "Belastingen", False),
    ("vergunningen", "Vergunningen", False),
    ("openbare-ruimte", "Openbare Ruimte", False),
    ("wonen", "Wonen", False),
    ("sociaal", "Sociaal Domein", True),
    ("werk-inkomen", "Werk en Inkomen", True),
)

# (code, name, domain, department code, legal term in days, confidential)
CASE_TYPES = (
    ("paspoort", "Aanvraag paspoort of ID-kaart", "burgerzaken", "burgerzaken", 7, False),
    ("verhuizing", "Verhuizing doorgeven", "burgerzaken", "burgerzaken", 5, False),
    ("bezwaar-woz", "Bezwaar WOZ-beschikking", "belastingen", "belastingen", 42, False),
    ("kwijtschelding", "Kwijtschelding gemeentelijke belastingen", "belastingen", "belastingen", 56, False),
    ("evenementenvergunning", "Evenementenvergunning", "ruimtelijk", "vergunningen", 56, False),
    ("omgevingsvergunning", "Omgevingsvergunning", "ruimtelijk", "vergunningen", 56, False),
    ("melding-openbare-ruimte", "Melding openbare ruimte", "ruimtelijk", "openbare-ruimte", 14, False),
    ("urgentieverklaring", "Urgentieverklaring woning", "wonen", "wonen", 56, False),
    ("wmo-melding", "Wmo-melding", "sociaal", "sociaal", 42, True),
    ("bijstandsuitkering", "Aanvraag bijstandsuitkering", "sociaal", "werk-inkomen", 56, True),
)

# What people contact the municipality about, per department.
SUBJECTS = {
    "kcc": ("Vraag over openingstijden", "Vraag over afspraak maken", "Doorverwijzing gevraagd", "Algemene vraag", "Klacht over bereikbaarheid"),
    "burgerzaken": ("Paspoort aanvragen", "ID-kaart verlopen", "Verhuizing doorgeven", "Uittreksel BRP", "Rijbewijs verlengen"),
    "belastingen": ("Vraag over aanslag", "Betalingsregeling", "Bezwaar WOZ-waarde", "Kwijtschelding aanvragen", "Automatische incasso"),
    "vergunningen": ("Buurtfeest aanvragen", "Dakkapel plaatsen", "Evenementenvergunning", "Uitrit aanleggen", "Kapvergunning boom"),
    "openbare-ruimte": ("Losliggende stoeptegel", "Kapotte lantaarnpaal", "Afval niet opgehaald", "Zwerfvuil in park", "Overhangende takken"),
    "wonen": ("Urgentie aanvragen", "Woningruil", "Overlast buren", "Vraag over huurtoeslag", "Vochtproblemen woning"),
    "sociaal": ("Hulp bij huishouden", "Wmo-vervoer", "Mantelzorgondersteuning", "Jeugdhulp", "Schuldhulpverlening"),
    "werk-inkomen": ("Bijstand aanvragen", "Wijziging inkomen doorgeven", "Re-integratietraject", "Bijzondere bijstand", "Vraag over uitkering"),
}

CONTENT_OPENINGS = (
    "Inwoner belt over", "Inwoner vraagt naar", "Mevrouw heeft een vraag over", "Meneer meldt zich over",
    "Bericht ontvangen over", "Inwoner komt aan de balie voor", "Via het formulier een vraag over",
)
CONTENT_DETAILS = (
    "Uitgelegd welke stappen nodig zijn en waar de informatie op de website staat.",
    "Gevraagd om aanvullende stukken te mailen; inwoner doet dat deze week.",
    "Inwoner had eerder al contact gehad en wil weten hoe het ervoor staat.",
    "Doorgezet naar de vakafdeling, inwoner wordt teruggebeld.",
    "Afspraak ingepland; bevestiging per e-mail verstuurd.",
    "Inwoner is tevreden met de uitleg.",
    "Inwoner ervaart veel stress; rustig de mogelijkheden doorgenomen.",
)
ANSWERS = (
    "Informatie gegeven.", "Verwezen naar de website.", "Terugbelverzoek aangemaakt.",
    "Zaak aangemaakt.", "Afspraak gemaakt.", "",
)

# The channel mix of a municipal contact centre (telefoon still dominates), as weights.
CHANNEL_MIX = {"telefoon": 42, "e-mail": 18, "webformulier": 14, "balie": 12, "chat": 9, "post": 5}
# Which share of contacts the KCC handles itself; the rest lands at a specialist department.
KCC_SHARE = 0.5
