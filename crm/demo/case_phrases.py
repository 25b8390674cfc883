"""Dutch phrase tables for a case's life: subjects, reasons for each status, handover notes.

``{street}`` and ``{number}`` are filled in with the citizen's address, ``{name}`` with a
colleague's first name and ``{case}`` with how the case type reads in a sentence.
"""

from crm.demo.phrases import Exchange

CASE_SUBJECTS = {
    "evenementenvergunning": ("Buurtfeest {street}", "Braderie centrum", "Koningsdag vrijmarkt {street}",
                              "Sponsorloop basisschool De Regenboog", "Zomerconcert op het Eemplein"),
    "parkeervergunning": ("Bewonersvergunning {street}", "Wijziging kenteken parkeervergunning",
                          "Gehandicaptenparkeerplaats {street} {number}"),
    "bijstandsuitkering": ("Aanvraag levensonderhoud", "Bijzondere bijstand", "Heronderzoek na wijziging woonsituatie"),
    "schuldhulpverlening": ("Aanmelding schuldhulpverlening", "Huurachterstand, dreigende ontruiming", "Budgetbeheer"),
    "wmo-maatwerkvoorziening": ("Hulp bij het huishouden", "Woonvoorziening traplift", "Vervoersvoorziening scootmobiel"),
    "paspoort-id-kaart": ("Aanvraag paspoort", "Aanvraag identiteitskaart", "Spoedaanvraag paspoort"),
    "verhuizing": ("Verhuizing binnen de gemeente", "Adresonderzoek {street} {number}", "Vertrek naar het buitenland"),
    "melding-openbare-ruimte": ("Losliggende tegels {street}", "Defecte lantaarnpaal {street}",
                                "Zwerfafval speeltuin {street}", "Volle container {street}"),
    "handhavingsverzoek": ("Geluidsoverlast {street}", "Aanbouw zonder vergunning {street}", "Foutparkeren {street}"),
    "bezwaar-woz": ("Bezwaar WOZ-waarde {street} {number}",),
    "kwijtschelding": ("Kwijtschelding aanslag gemeentelijke belastingen",),
}

START_REASONS = (
    "Dossier is compleet; beoordeling gestart.",
    "Zaak opgepakt en aanvrager gebeld dat de behandeling is begonnen.",
    "Behandeling gestart na controle op volledigheid.",
)
SUSPEND_REASONS = {
    "evenementenvergunning": ("Wacht op advies van politie en brandweer.", "Veiligheidsplan ontbreekt; opgevraagd bij de organisator."),
    "bijstandsuitkering": ("Wacht op bankafschriften van de afgelopen drie maanden.", "Wacht op loonstroken van de partner."),
    "schuldhulpverlening": ("Wacht op overzicht van de schuldeisers.",),
    "bezwaar-woz": ("Hertaxatie ingepland; wacht op bezichtiging van de woning.",),
    "kwijtschelding": ("Wacht op inkomensgegevens van de aanvrager.",),
}
DEFAULT_SUSPEND_REASONS = ("Wacht op aanvullende gegevens van de aanvrager.", "Aanvrager gevraagd om foto's en een toelichting.")
RESUME_REASONS = ("Aanvullende gegevens ontvangen; behandeling hervat.", "Advies ontvangen; behandeling hervat.")
CLOSING_REASONS = {
    "evenementenvergunning": ("Vergunning verleend met voorschriften voor geluid en afzetting.", "Vergunning verleend.",
                              "Aanvraag ingetrokken door de organisator."),
    "parkeervergunning": ("Vergunning verleend en gekoppeld aan het kenteken.", "Afgewezen: op dit adres staan al twee vergunningen."),
    "bijstandsuitkering": ("Uitkering toegekend met ingang van de meldingsdatum.", "Afgewezen: inkomen boven de bijstandsnorm.",
                           "Buiten behandeling gesteld: gevraagde stukken niet ontvangen."),
    "schuldhulpverlening": ("Schuldregeling getroffen met alle schuldeisers.", "Doorgeleid naar budgetbeheer; schulden zijn stabiel."),
    "wmo-maatwerkvoorziening": ("Maatwerkvoorziening toegekend.", "Algemene voorziening volstaat; geen maatwerk nodig."),
    "paspoort-id-kaart": ("Document uitgereikt.", "Document uitgereikt na spoedaanvraag."),
    "verhuizing": ("Adreswijziging verwerkt in de BRP.", "Adresonderzoek afgerond; inschrijving aangepast."),
    "melding-openbare-ruimte": ("Opgelost door de buitendienst.", "Opgelost; melder geïnformeerd.",
                                "Dubbele melding; afgehandeld onder een eerdere melding."),
    "handhavingsverzoek": ("Overtreding beëindigd na waarschuwing.", "Last onder dwangsom opgelegd.", "Geen overtreding geconstateerd."),
    "bezwaar-woz": ("Bezwaar gegrond; WOZ-waarde verlaagd.", "Bezwaar ongegrond verklaard na hertaxatie.",
                    "Bezwaar ingetrokken na toelichting van de taxateur."),
    "kwijtschelding": ("Kwijtschelding volledig verleend.", "Gedeeltelijke kwijtschelding verleend.",
                       "Afgewezen: vermogen boven de norm."),
}
HANDOVER_NOTES = (
    "Ik ben vanaf maandag drie weken met verlof; {name} neemt het over. Alle stukken zitten in het dossier.",
    "Overgedragen vanwege de werkverdeling. Aanvrager is gebeld en weet dat {name} de zaak oppakt.",
    "{name} heeft meer ervaring met dit soort aanvragen. Let op: aanvrager is overdag slecht bereikbaar.",
)
# A case of this type sometimes turns out to belong to another department.
CROSS_TRANSFERS = {
    "handhavingsverzoek": ("vergunningen", "Blijkt een vergunningsvraag: graag beoordelen of de aanbouw vergunningvrij is."),
    "kwijtschelding": ("sociaal-domein", "Aanvrager heeft meerdere betalingsachterstanden; graag contact vanuit schuldhulpverlening."),
    "melding-openbare-ruimte": ("vergunningen", "Het gaat om een terras op de stoep; valt onder de terrasvergunning."),
    "verhuizing": ("belastingen", "Adreswijziging met terugwerkende kracht; graag de aanslag afvalstoffenheffing aanpassen."),
}
UNASSIGN_NOTES = (
    "Medewerker langdurig afwezig; zaak terug naar de afdelingsbak.",
    "Terug naar de bak: vraagt specialistische kennis.",
)
FOLLOW_UPS = (
    Exchange("Vraag naar de stand van zaken", "Inwoner vraagt hoe het staat met de {case}.",
             "Stand van zaken toegelicht: de {case} is in behandeling."),
    Exchange("Aanvullende stukken", "Inwoner stuurt de gevraagde stukken na voor de {case}.",
             "Stukken ontvangen en bij de zaak gevoegd."),
    Exchange("Vraag over de termijn", "Inwoner vraagt wanneer er een besluit komt over de {case}.",
             "Uitgelegd dat het besluit binnen de wettelijke termijn volgt."),
    Exchange("Ander telefoonnummer", "Inwoner geeft een ander telefoonnummer door voor contact over de {case}.",
             "Nummer genoteerd en de behandelaar geïnformeerd."),
)
DECISION_CONTACTS = (
    Exchange("Besluit toegelicht", "Behandelaar belt de inwoner over het besluit op de {case}.",
             "Besluit toegelicht; inwoner heeft geen vragen meer."),
    Exchange("Besluit verzonden", "Besluit op de {case} per brief verzonden.", "Brief met bezwaarclausule verstuurd."),
)
