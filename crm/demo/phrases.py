"""Dutch phrase tables for the demo history: what citizens ask, what staff answer and note.

Each exchange is one coherent contact (onderwerp, inhoud, reactie). ``{street}`` and
``{number}`` are filled in with the citizen's own address.
"""

from dataclasses import dataclass
from typing import NamedTuple

from crm.models import Outcome

RESOLVED = Outcome.RESOLVED.value
TRANSFERRED = Outcome.TRANSFERRED.value


class Exchange(NamedTuple):
    subject: str
    question: str
    answer: str
    outcome: str = RESOLVED


@dataclass(frozen=True)
class Topic:
    code: str
    department: str  # the department that does the back-office work
    case_type: str | None  # the case type a request on this topic becomes, if any
    weight: int  # how often citizens ask about it
    businesses: bool  # whether businesses ask about it too
    exchanges: tuple[Exchange, ...]


TOPICS = (
    Topic("paspoort", "burgerzaken", "paspoort-id-kaart", 12, False, (
        Exchange("Paspoort verloopt binnenkort",
                 "Paspoort verloopt over twee maanden; inwoner gaat in de zomer naar Turkije en vraagt hoe snel een nieuw paspoort klaar is.",
                 "Uitgelegd dat een nieuw paspoort na vijf werkdagen klaarligt. Afspraak voor de aanvraag aan de balie gemaakt."),
        Exchange("ID-kaart voor kind aanvragen",
                 "Moeder wil een ID-kaart aanvragen voor haar dochter van acht en vraagt wat ze mee moet nemen.",
                 "Meenemen: de huidige ID-kaart, een recente pasfoto en toestemming van de andere ouder. Het kind komt zelf mee."),
        Exchange("ID-kaart gestolen",
                 "ID-kaart gestolen tijdens een treinreis. Inwoner vraagt wat hij nu moet doen.",
                 "De vermissing wordt bij de nieuwe aanvraag aan de balie gemeld; aangifte bij de politie is niet nodig. Afspraak ingepland."),
        Exchange("Paspoort ophalen",
                 "Brief ontvangen dat het paspoort klaarligt. Mag haar partner het ophalen?",
                 "Alleen de aanvrager zelf kan het document ophalen, binnen drie maanden, zonder afspraak op werkdagen van 9.00 tot 12.00 uur."),
        Exchange("Spoedaanvraag paspoort",
                 "Inwoner moet volgende week onverwacht naar het buitenland voor een begrafenis en heeft geen geldig paspoort.",
                 "Spoedaanvraag is mogelijk: het paspoort ligt de volgende werkdag klaar. Meerprijs uitgelegd en afspraak voor morgenochtend gemaakt."),
        Exchange("Pasfoto afgekeurd",
                 "Pasfoto is aan de balie afgekeurd omdat de achtergrond niet egaal was. Kan de aanvraag worden aangehouden?",
                 "De aanvraag is aangehouden tot de inwoner met een nieuwe pasfoto terugkomt."),
    )),
    Topic("verhuizing", "burgerzaken", "verhuizing", 8, False, (
        Exchange("Verhuizing doorgeven",
                 "Inwoner verhuist volgende maand binnen de gemeente en vraagt hoe hij de verhuizing doorgeeft.",
                 "De verhuizing kan vanaf vier weken vooraf online worden doorgegeven met DigiD; link gestuurd."),
        Exchange("Verhuismelding zonder DigiD",
                 "Inwoner heeft geen DigiD en wil de verhuizing van haar moeder naar een verpleeghuis doorgeven.",
                 "Dat kan schriftelijk; formulier met retourenvelop per post toegestuurd."),
        Exchange("Onbekende persoon ingeschreven op adres",
                 "Inwoner ontvangt post voor iemand die hij niet kent en vraagt of er iemand anders op zijn adres staat ingeschreven.",
                 "Uitgelegd dat we dat vanwege privacy niet mogen zeggen, maar dat Burgerzaken een adresonderzoek kan starten."),
        Exchange("Uittreksel BRP",
                 "Inwoner heeft een uittreksel uit de Basisregistratie Personen nodig voor een hypotheekaanvraag.",
                 "Uittreksel online aangevraagd met DigiD; het wordt binnen drie werkdagen per post verstuurd."),
        Exchange("Vertrek naar het buitenland",
                 "Inwoner emigreert naar Spanje en vraagt wat hij bij de gemeente moet regelen.",
                 "Vertrek naar het buitenland persoonlijk melden, uiterlijk vijf dagen voor vertrek. Afspraak gemaakt."),
    )),
    Topic("openbare-ruimte", "handhaving", "melding-openbare-ruimte", 12, True, (
        Exchange("Losliggende stoeptegels",
                 "Losliggende stoeptegels voor huisnummer {number} aan de {street}. Een buurvrouw met rollator is er bijna over gevallen.",
                 "Melding geregistreerd en doorgezet naar de buitendienst; herstel binnen twee weken."),
        Exchange("Lantaarnpaal kapot",
                 "De lantaarnpaal aan de {street} brandt al een week niet; het fietspad is 's avonds erg donker.",
                 "Melding doorgezet naar de openbare verlichting; reparatie binnen vijf werkdagen."),
        Exchange("Zwerfafval bij speeltuin",
                 "Veel zwerfafval en glas bij de speeltuin aan de {street}. Er spelen dagelijks kinderen.",
                 "Melding doorgezet; het terrein wordt deze week extra schoongemaakt."),
        Exchange("Overhangende takken",
                 "Takken van een gemeenteboom hangen over het trottoir aan de {street}; voetgangers moeten de rijbaan op.",
                 "Melding doorgezet naar groenbeheer; snoeien is ingepland."),
        Exchange("Ondergrondse container vol",
                 "De ondergrondse container voor restafval aan de {street} zit al dagen vol; er staan zakken naast.",
                 "Extra lediging aangevraagd bij de afvalinzameling."),
        Exchange("Fietswrak bij het station",
                 "Al maanden staat er een fietswrak zonder wielen tegen het hek bij het station.",
                 "De fiets wordt gelabeld en na vier weken verwijderd als niemand hem ophaalt."),
    )),
    Topic("evenementen", "vergunningen", "evenementenvergunning", 5, True, (
        Exchange("Buurtfeest organiseren",
                 "De bewonerscommissie wil in juni een buurtfeest op straat houden met een springkussen en muziek tot 23.00 uur.",
                 "Voor het afsluiten van de straat en versterkte muziek is een evenementenvergunning nodig; uiterlijk acht weken vooraf aanvragen via het webformulier."),
        Exchange("Vergunning braderie",
                 "De ondernemersvereniging wil in september een braderie met zestig kramen in het centrum.",
                 "Aanvraag ontvangen; gevraagd om een situatietekening en een veiligheidsplan."),
        Exchange("Klein evenement melden",
                 "Is een vergunning nodig voor een barbecue met veertig buren op het grasveld aan de {street}?",
                 "Een melding volstaat als er na 22.00 uur geen muziek is en de weg niet wordt afgesloten."),
        Exchange("Stand van zaken evenementenvergunning",
                 "De organisator vraagt hoe het staat met de aanvraag voor het zomerconcert; de datum komt dichterbij.",
                 "De aanvraag ligt bij politie en brandweer voor advies; het besluit wordt binnen twee weken verwacht."),
        Exchange("Ontheffing alcohol schenken",
                 "De sportvereniging wil tijdens het jubileumtoernooi bier schenken in een tent.",
                 "Naast de evenementenvergunning is een ontheffing op grond van artikel 35 Alcoholwet nodig; formulier gestuurd."),
    )),
    Topic("parkeren", "vergunningen", "parkeervergunning", 7, True, (
        Exchange("Parkeervergunning aanvragen",
                 "Nieuwe bewoner in de binnenstad wil een parkeervergunning voor zijn auto.",
                 "De aanvraag kan online; de wachttijd in de binnenstad is nu ongeveer zes weken."),
        Exchange("Kenteken wijzigen",
                 "Inwoner heeft een andere auto en wil het kenteken op de parkeervergunning wijzigen.",
                 "Kenteken gewijzigd; de wijziging is binnen een uur actief."),
        Exchange("Bezoekersparkeren mantelzorger",
                 "De mantelzorger van vader komt dagelijks. Hoe kan zij parkeren?",
                 "Uitgelegd hoe bezoekersuren in de app worden aangemeld en wat de mantelzorgregeling is."),
        Exchange("Naheffing terwijl vergunning geldig was",
                 "Inwoner kreeg een naheffingsaanslag parkeerbelasting terwijl zijn vergunning geldig was.",
                 "Bezwaar tegen de naheffing kan binnen zes weken online; link gestuurd."),
        Exchange("Gehandicaptenparkeerplaats",
                 "Inwoner met een gehandicaptenparkeerkaart vraagt een eigen parkeerplaats voor de deur aan de {street}.",
                 "Aanvraag ingediend; er volgt een medische keuring."),
    )),
    Topic("bijstand", "sociaal-domein", "bijstandsuitkering", 5, False, (
        Exchange("Bijstand aanvragen",
                 "Inwoner heeft na een scheiding geen inkomen meer en vraagt hoe ze bijstand aanvraagt.",
                 "Eerst een melding via het Werkplein; daarna volgt binnen vijf werkdagen een gesprek met een consulent."),
        Exchange("Inlichtingenformulier",
                 "Moet het vakantiegeld van een bijbaan op het inlichtingenformulier worden opgegeven?",
                 "Ja, alle inkomsten opgeven; de consulent berekent wat er wordt verrekend."),
        Exchange("Uitkering niet ontvangen",
                 "De uitkering staat nog niet op de rekening en de huur moet worden betaald.",
                 "De betaling is vertraagd door een wijziging; een voorschot is besproken met de consulent."),
        Exchange("Gaan samenwonen",
                 "Inwoner gaat samenwonen en vraagt wat dat betekent voor de bijstandsuitkering.",
                 "De wijziging binnen een week doorgeven; de uitkering wordt opnieuw berekend op het gezamenlijke inkomen."),
        Exchange("Bijzondere bijstand wasmachine",
                 "De wasmachine is kapot en er is geen geld voor een nieuwe. Kan dat met bijzondere bijstand?",
                 "Aanvraag bijzondere bijstand is mogelijk; een offerte en bankafschriften van drie maanden meesturen."),
    )),
    Topic("schulden", "sociaal-domein", "schuldhulpverlening", 4, False, (
        Exchange("Hulp bij schulden",
                 "Inwoner heeft achterstanden bij de zorgverzekeraar en de energieleverancier en weet niet waar te beginnen.",
                 "Aangemeld voor schuldhulpverlening; binnen drie werkdagen belt een schuldhulpverlener voor een eerste gesprek."),
        Exchange("Dreigende huisuitzetting",
                 "Huurachterstand van vier maanden; de woningcorporatie heeft een brief over ontruiming gestuurd.",
                 "Spoed: direct doorgezet naar Team Schuldhulpverlening; er wordt vandaag contact opgenomen met de corporatie."),
        Exchange("Beslag op loon",
                 "De werkgever meldt loonbeslag. Klopt de beslagvrije voet wel?",
                 "Uitgelegd hoe de beslagvrije voet wordt berekend; gegevens doorgestuurd naar de schuldhulpverlener."),
        Exchange("Budgetbeheer",
                 "Kan de gemeente de vaste lasten rechtstreeks van de uitkering betalen?",
                 "Budgetbeheer is mogelijk; intakegesprek ingepland."),
        Exchange("Wanneer start de schuldregeling",
                 "Hoe lang duurt het voordat de schuldregeling begint?",
                 "Eerst wordt het inkomen stabiel gemaakt; de schuldhulpverlener bespreekt de planning in het volgende gesprek."),
    )),
    Topic("wmo", "sociaal-domein", "wmo-maatwerkvoorziening", 5, False, (
        Exchange("Hulp in het huishouden",
                 "Dochter belt namens haar vader van 84 die na een heupoperatie het huishouden niet meer aankan.",
                 "Wmo-melding gedaan; een consulent neemt binnen een week contact op voor een keukentafelgesprek."),
        Exchange("Traplift",
                 "Inwoner met MS kan de trap niet meer op en vraagt naar een traplift.",
                 "Melding voor een woonvoorziening gedaan; een ergotherapeut komt langs voor advies."),
        Exchange("Scootmobiel defect",
                 "De scootmobiel is kapot; inwoner kan niet meer naar de supermarkt.",
                 "Storing doorgegeven aan de leverancier; de monteur komt binnen twee werkdagen."),
        Exchange("Eigen bijdrage Wmo",
                 "Hoe hoog is de eigen bijdrage voor huishoudelijke hulp?",
                 "Uitgelegd dat het CAK de eigen bijdrage int en wat het abonnementstarief is."),
        Exchange("Mantelzorgwaardering",
                 "Mantelzorger vraagt of zij in aanmerking komt voor de mantelzorgwaardering.",
                 "Aanvragen kan tot 1 november via het webformulier; link gestuurd."),
    )),
    Topic("belastingen", "belastingen", "kwijtschelding", 10, True, (
        Exchange("Aanslag gemeentelijke belastingen",
                 "Inwoner begrijpt de aanslag niet: er lijkt twee keer afvalstoffenheffing op te staan.",
                 "Aanslag nagekeken: de tweede regel is rioolheffing. Uitleg gegeven; inwoner is tevreden."),
        Exchange("Kwijtschelding aanvragen",
                 "Inwoner heeft een laag inkomen en kan de aanslag niet betalen.",
                 "Kwijtschelding kan online worden aangevraagd; bankafschriften en inkomensgegevens meesturen."),
        Exchange("Betalen in termijnen",
                 "Inwoner wil de aanslag in termijnen betalen met automatische incasso.",
                 "Machtiging kan online; dan wordt in tien termijnen afgeschreven."),
        Exchange("Aanmaning terwijl betaald",
                 "Inwoner kreeg een aanmaning maar heeft al betaald.",
                 "Betaling gevonden onder een verkeerd kenmerk; gekoppeld en de aanmaningskosten vervallen."),
        Exchange("Hondenbelasting stoppen",
                 "De hond is overleden; inwoner wil de hondenbelasting stopzetten.",
                 "Hond afgemeld; het te veel betaalde bedrag wordt teruggestort."),
    )),
    Topic("woz", "belastingen", "bezwaar-woz", 6, True, (
        Exchange("WOZ-waarde te hoog",
                 "Inwoner vindt de WOZ-waarde van zijn woning aan de {street} te hoog vergeleken met de buren.",
                 "Bezwaar kan binnen zes weken online; eerst het taxatieverslag opvragen is een goede tip."),
        Exchange("Taxatieverslag opvragen",
                 "Verzoek om het taxatieverslag van {street} {number}.",
                 "Taxatieverslag per e-mail verstuurd."),
        Exchange("Bezwaar via een bureau",
                 "Inwoner kreeg een brief van een no-cure-no-paybureau. Mag dat namens hem bezwaar maken?",
                 "Dat mag met een machtiging; uitgelegd dat zelf bezwaar maken kosteloos is."),
        Exchange("Uitspraak op bezwaar",
                 "Wanneer komt de uitspraak op het bezwaar tegen de WOZ-waarde?",
                 "Het bezwaar ligt bij de taxateur; de uitspraak volgt binnen de wettelijke termijn."),
    )),
    Topic("handhaving", "handhaving", "handhavingsverzoek", 6, True, (
        Exchange("Geluidsoverlast buren",
                 "De buren draaien elk weekend tot diep in de nacht harde muziek.",
                 "Eerst zelf in gesprek gaan of buurtbemiddeling inschakelen; bij aanhoudende overlast controleert Handhaving."),
        Exchange("Bestelbus op de stoep",
                 "Een bestelbus van een bedrijf staat elke dag op de stoep aan de {street}.",
                 "Melding doorgezet naar de boa's; er wordt deze week gecontroleerd."),
        Exchange("Aanbouw zonder vergunning",
                 "De buurman bouwt een grote aanbouw. Heeft hij daar een vergunning voor?",
                 "Verzoek om handhaving geregistreerd; een toezichthouder gaat kijken."),
        Exchange("Huisvuil naast de container",
                 "Iemand zet steeds huisvuil naast de container aan de {street}.",
                 "Doorgezet naar Handhaving; er wordt gecontroleerd en waar mogelijk beboet."),
        Exchange("Terras te groot",
                 "Het terras van het café aan het plein staat tot over de stoep; rolstoelgebruikers kunnen er niet langs.",
                 "Doorgezet; een toezichthouder controleert de terrasvergunning."),
    )),
    Topic("afval", "kcc", None, 12, False, (
        Exchange("Grofvuil laten ophalen",
                 "Inwoner wil een oude bank en een matras laten ophalen.",
                 "Afspraak voor grofvuil gemaakt voor volgende week dinsdag; voor 7.30 uur buiten zetten."),
        Exchange("Container niet geleegd",
                 "De groene container is niet geleegd terwijl hij op tijd buiten stond.",
                 "Gemeld bij de afvalinzameling; de container wordt binnen twee werkdagen alsnog geleegd."),
        Exchange("Afvalpas kwijt",
                 "De pas voor de ondergrondse container is kwijt.",
                 "Nieuwe pas aangevraagd; die komt binnen een week per post."),
        Exchange("Ophaaldag oud papier",
                 "Wanneer wordt het oud papier opgehaald?",
                 "Uitgelegd waar de afvalkalender in de app en op de website staat."),
    )),
    Topic("algemeen", "kcc", None, 10, True, (
        Exchange("Openingstijden stadhuis",
                 "Wat zijn de openingstijden van het stadhuis rond de feestdagen?",
                 "Openingstijden doorgegeven: op 24 en 31 december is de balie tot 12.00 uur open."),
        Exchange("Doorverbinden met consulent",
                 "Inwoner wil zijn consulent spreken maar weet de naam niet meer.",
                 "Doorverbonden met de afdeling.", TRANSFERRED),
        Exchange("Klacht over bejegening",
                 "Inwoner is niet tevreden over hoe hij aan de balie is geholpen.",
                 "Klacht genoteerd en de klachtenprocedure uitgelegd; de klachtencoördinator neemt contact op."),
        Exchange("Subsidie buurtactiviteit",
                 "Kan de buurtvereniging subsidie krijgen voor een activiteit in het wijkcentrum?",
                 "Verwezen naar de subsidiepagina; aanvragen voor 1 oktober indienen."),
        Exchange("Nieuw telefoonnummer",
                 "Inwoner geeft een nieuw telefoonnummer door voor contact met de gemeente.",
                 "Telefoonnummer bijgewerkt."),
    )),
)

CALLBACK_ANSWER = "Vraag kon niet direct worden beantwoord; terugbelverzoek uitgezet bij {department}."
CALLBACK_NOTES = (
    "Graag terugbellen tussen 9.00 en 12.00 uur.",
    "Inwoner wil de behandelaar zelf spreken.",
    "Inwoner is na 14.00 uur bereikbaar.",
    "Vraag kon niet door het KCC worden beantwoord.",
)
CALLBACK_DONE = ("Teruggebeld en de vraag beantwoord.", "Inwoner gesproken; afspraak gemaakt.", "Teruggebeld; stukken worden per post gestuurd.")
CALLBACK_FAILED = ("Geen gehoor; voicemail ingesproken.", "Telefoon ging over maar werd niet opgenomen.")
FORWARD_NOTES = ("Vraag hoort bij {department}; doorgezet.", "Dit moet {department} beoordelen; graag terugbellen.")
