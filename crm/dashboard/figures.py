"""The dashboard's figures: for each, the service that computes it, its table and its chart.

The table is the single source for the HTML table beside the chart and for the CSV
download, so the two always show the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask_babel import format_date, format_decimal, format_percent, gettext as _, lazy_gettext

from crm.dashboard.charts import PALETTE, Chart, Series, bar_chart, color, column_chart
from crm.services import insight
from crm.services.insight import Period, PeriodUnit, Selection


@dataclass(frozen=True)
class Column:
    """A column header and how its values read: text, period, date, count, percent (0..1) or
    hours. A ``csv_only`` column is left out on the page, where the period cell shows its dates."""

    header: str
    kind: str = "count"
    csv_only: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in {"count", "percent", "hours"}


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[list]
    totals: list[list] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    lead: str
    compute: Callable[[Selection, bool], object]
    table: Callable[[object], Table]
    chart: Callable[[object, Table], Chart]


def cell_text(value, kind: str) -> str:
    """How a value reads on the page, in the user's language."""
    if value is None:
        return "–"
    if isinstance(value, Period):
        return period_label(value)
    if kind == "date":
        return format_date(value, "d MMM yyyy")
    if kind == "percent":
        return format_percent(value, "#,##0.0%")
    if kind == "hours":
        return format_decimal(value, "#,##0.0")
    if kind == "count":
        return format_decimal(value)
    return str(value)


def csv_text(value, kind: str) -> str:
    """How a value is written to CSV: ISO dates, plain integers, a decimal comma (Dutch Excel)."""
    if value is None:
        return ""
    if isinstance(value, Period):
        return period_label(value)
    if kind == "date":
        return value.isoformat()
    if kind == "percent":
        return f"{value * 100:.1f}".replace(".", ",")
    if kind == "hours":
        return f"{value:.1f}".replace(".", ",")
    return str(value)


# -- period labels -------------------------------------------------------------------------


def period_label(period: Period) -> str:
    if "-W" in period.key:
        text = _("week %(number)s", number=int(period.key.split("-W")[1]))
    elif "-Q" in period.key:
        year, quarter = period.key.split("-Q")
        text = _("kwartaal %(number)s %(year)s", number=quarter, year=year)
    else:
        text = format_date(period.first_day, "LLLL yyyy")
    return _("%(period)s (deels)", period=text) if period.partial else text


def period_short(period: Period) -> str:
    if "-W" in period.key:
        return _("wk %(number)s", number=int(period.key.split("-W")[1]))
    if "-Q" in period.key:
        year, quarter = period.key.split("-Q")
        return f"K{quarter} '{year[2:]}"
    return format_date(period.first_day, "LLL yy")


def period_dates(period: Period) -> str:
    """The days a period covers, short: ``30 mrt – 5 apr 2026``."""
    return _(
        "%(first)s – %(last)s",
        first=format_date(period.first_day, "d MMM"),
        last=format_date(period.last_day, "d MMM yyyy"),
    )


def _period_columns(unit_header: str) -> list[Column]:
    return [
        Column(unit_header, "period"),
        Column(_("Van"), "date", csv_only=True),
        Column(_("Tot en met"), "date", csv_only=True),
    ]


def _period_cells(period: Period) -> list:
    return [period, period.first_day, period.last_day]


def _range_text(periods: list[Period]) -> str:
    return _(
        "van %(start)s tot en met %(end)s",
        start=format_date(periods[0].first_day, "d MMMM yyyy"),
        end=format_date(periods[-1].last_day, "d MMMM yyyy"),
    )


# -- contacts per channel ------------------------------------------------------------------


def _channel_series(mix: insight.ChannelMix, values) -> list[Series]:
    return [Series(c.name, values(c), color(i)) for i, c in enumerate(mix.channels)]


def contacts_table(mix: insight.ChannelMix) -> Table:
    return Table(
        _("Inkomende contacten per kanaal per week"),
        [*_period_columns(_("Week")), *[Column(c.name) for c in mix.channels], Column(_("Totaal"))],
        [
            [*_period_cells(p), *[c.counts[i] for c in mix.channels], mix.totals[i]]
            for i, p in enumerate(mix.periods)
        ],
        [[_("Totaal"), None, None, *[sum(c.counts) for c in mix.channels], sum(mix.totals)]],
    )


def contacts_chart(mix: insight.ChannelMix, table: Table) -> Chart:
    total = sum(mix.totals)
    busiest = max(range(len(mix.periods)), key=lambda i: mix.totals[i])
    top = max(mix.channels, key=lambda c: sum(c.counts))
    description = _(
        "Gestapeld staafdiagram van het aantal inkomende contacten per week, per kanaal, %(range)s. "
        "In totaal %(total)s contacten. De drukste week was %(week)s met %(busiest)s. "
        "Het meest gebruikte kanaal was %(channel)s met %(count)s contacten.",
        range=_range_text(mix.periods),
        total=format_decimal(total),
        week=period_label(mix.periods[busiest]),
        busiest=format_decimal(mix.totals[busiest]),
        channel=top.name,
        count=format_decimal(sum(top.counts)),
    )
    return column_chart(
        "chart-contacts-per-channel",
        table.caption,
        description,
        [period_short(p) for p in mix.periods],
        _channel_series(mix, lambda c: c.counts),
        format_value=lambda v: format_decimal(v),
    )


# -- channel shift -------------------------------------------------------------------------


def shift_table(mix: insight.ChannelMix) -> Table:
    shares = mix.shares()
    return Table(
        _("Aandeel per kanaal per periode (%)"),
        [
            *_period_columns(_("Periode")),
            *[Column(c.name, "percent") for c in mix.channels],
            Column(_("Contacten")),
        ],
        [
            [*_period_cells(p), *[shares[c.code][i] for c in mix.channels], mix.totals[i]]
            for i, p in enumerate(mix.periods)
        ],
    )


def shift_chart(mix: insight.ChannelMix, table: Table) -> Chart:
    shares = mix.shares()
    filled = [i for i, total in enumerate(mix.totals) if total]
    if len(filled) >= 1:
        first, last = filled[0], filled[-1]
        changes = "; ".join(
            _(
                "%(channel)s van %(before)s naar %(after)s",
                channel=c.name,
                before=format_percent(shares[c.code][first]),
                after=format_percent(shares[c.code][last]),
            )
            for c in mix.channels
            if shares[c.code][first] or shares[c.code][last]
        )
        summary = _(
            "Van %(first)s tot %(last)s: %(changes)s.",
            first=period_label(mix.periods[first]),
            last=period_label(mix.periods[last]),
            changes=changes,
        )
    else:
        summary = _("Er zijn geen contacten in deze periode.")
    description = _(
        "Gestapeld staafdiagram (100%%) van het aandeel van elk kanaal in de inkomende contacten "
        "per periode, %(range)s. %(summary)s",
        range=_range_text(mix.periods),
        summary=summary,
    )
    return column_chart(
        "chart-channel-shift",
        table.caption,
        description,
        [period_short(p) for p in mix.periods],
        _channel_series(mix, lambda c: shares[c.code]),
        percent=True,
    )


# -- first-contact resolution --------------------------------------------------------------


def resolution_table(fcr: insight.FirstContactResolution) -> Table:
    columns = [
        *_period_columns(_("Week")),
        Column(_("Beoordeelde contacten")),
        Column(_("Opgelost bij eerste contact")),
        Column(_("Opgelost (%)"), "percent"),
        Column(_("Zonder bekende partij (niet beoordeeld)")),
        Column(_("Voorlopig"), "text"),
    ]

    def cells(row):
        return [row.contacts, row.resolved, row.share, row.anonymous, _("ja") if row.provisional else _("nee")]

    return Table(
        _("Opgelost bij eerste contact per week (geen nieuw contact of terugbelverzoek binnen %(days)s dagen)", days=fcr.follow_up_days),
        columns,
        [[*_period_cells(p), *cells(row)] for p, row in zip(fcr.periods, fcr.rows)],
        [[_("Totaal"), None, None, *cells(fcr.total)]],
    )


def resolution_chart(fcr: insight.FirstContactResolution, table: Table) -> Chart:
    total = fcr.total
    description = _(
        "Staafdiagram van het percentage inkomende contacten dat bij het eerste contact is opgelost, "
        "per week, %(range)s. Over de hele periode: %(share)s van %(contacts)s beoordeelde contacten.",
        range=_range_text(fcr.periods),
        share=format_percent(total.share) if total.share is not None else "–",
        contacts=format_decimal(total.contacts),
    )
    return column_chart(
        "chart-first-contact-resolution",
        table.caption,
        description,
        [period_short(p) for p in fcr.periods],
        [Series(_("Opgelost bij eerste contact"), [row.share for row in fcr.rows], PALETTE[2])],
        percent=True,
    )


# -- callback lead time --------------------------------------------------------------------


def lead_time_table(lead: insight.CallbackLeadTime) -> Table:
    def cells(row):
        return [row.completed, row.within_norm, row.share_within_norm, row.median_hours, row.mean_hours]

    return Table(
        _("Doorlooptijd van afgeronde terugbelverzoeken per week, in werkuren (norm: %(norm)s)", norm=format_decimal(lead.norm_hours)),
        [
            *_period_columns(_("Week van afronding")),
            Column(_("Afgerond")),
            Column(_("Binnen de norm")),
            Column(_("Binnen de norm (%)"), "percent"),
            Column(_("Mediaan (werkuren)"), "hours"),
            Column(_("Gemiddeld (werkuren)"), "hours"),
        ],
        [[*_period_cells(p), *cells(row)] for p, row in zip(lead.periods, lead.rows)],
        [[_("Totaal"), None, None, *cells(lead.total)]],
    )


def lead_time_chart(lead: insight.CallbackLeadTime, table: Table) -> Chart:
    total = lead.total
    description = _(
        "Staafdiagram van de mediane doorlooptijd van afgeronde terugbelverzoeken per week in werkuren, "
        "met de norm van %(norm)s werkuren als stippellijn, %(range)s. "
        "%(within)s van de %(completed)s afgeronde verzoeken waren binnen de norm klaar.",
        norm=format_decimal(lead.norm_hours),
        range=_range_text(lead.periods),
        within=format_decimal(total.within_norm),
        completed=format_decimal(total.completed),
    )
    return column_chart(
        "chart-callback-lead-time",
        table.caption,
        description,
        [period_short(p) for p in lead.periods],
        [Series(_("Mediaan (werkuren)"), [row.median_hours for row in lead.rows], PALETTE[0])],
        reference=(lead.norm_hours, _("norm %(norm)s u", norm=format_decimal(lead.norm_hours))),
        format_value=lambda v: format_decimal(v, "#,##0.#"),
    )


# -- open cases ----------------------------------------------------------------------------

BAND_NAMES = {
    "0-6": lazy_gettext("minder dan 1 week"),
    "7-13": lazy_gettext("1 tot 2 weken"),
    "14-27": lazy_gettext("2 tot 4 weken"),
    "28-55": lazy_gettext("4 tot 8 weken"),
    "56+": lazy_gettext("8 weken of langer"),
}
BAND_COLORS = ["#007A5E", "#0072B2", "#8A5A00", "#D55E00", "#A3195B"]


def owner_name(row) -> str:
    if not row.owned:
        return _("Zonder eigenaar")
    return row.name or _("Met eigenaar")


def open_cases_table(figure: insight.OpenCases) -> Table:
    return Table(
        _("Open zaken per eigenaar en leeftijd (stand %(day)s)", day=format_date(figure.as_of, "d MMMM yyyy")),
        [Column(_("Eigenaar"), "text"), *[Column(str(BAND_NAMES[b.key])) for b in figure.bands], Column(_("Totaal"))],
        [[owner_name(row), *row.counts, row.total] for row in figure.owners],
        [[_("Totaal"), *figure.band_totals, sum(figure.band_totals)]],
    )


def open_cases_chart(figure: insight.OpenCases, table: Table) -> Chart:
    unowned = figure.owners[0].total
    description = _(
        "Liggend gestapeld staafdiagram van de open zaken per eigenaar, verdeeld naar leeftijd. "
        "%(total)s open zaken, waarvan %(unowned)s zonder eigenaar en %(old)s van 8 weken of ouder.",
        total=format_decimal(sum(figure.band_totals)),
        unowned=format_decimal(unowned),
        old=format_decimal(figure.band_totals[-1]),
    )
    return bar_chart(
        "chart-open-cases",
        table.caption,
        description,
        [owner_name(row) for row in figure.owners],
        [
            Series(str(BAND_NAMES[band.key]), [row.counts[i] for row in figure.owners], BAND_COLORS[i])
            for i, band in enumerate(figure.bands)
        ],
        format_value=lambda v: format_decimal(v),
    )


# -- overdue and unowned work --------------------------------------------------------------

KIND_NAMES = {
    "case": lazy_gettext("Zaken"),
    "callback": lazy_gettext("Terugbelverzoeken"),
    "question": lazy_gettext("Interne vragen"),
}


def overdue_table(figure: insight.OverdueWork) -> Table:
    return Table(
        _("Open werk: te laat en zonder eigenaar (stand nu)"),
        [
            Column(_("Soort"), "text"),
            Column(_("Open")),
            Column(_("Te laat")),
            Column(_("Zonder eigenaar")),
            Column(_("Te laat én zonder eigenaar")),
        ],
        [[str(KIND_NAMES[r.kind]), r.open, r.overdue, r.unowned, r.overdue_unowned] for r in figure.rows],
    )


def overdue_chart(figure: insight.OverdueWork, table: Table) -> Chart:
    parts = "; ".join(
        _(
            "%(kind)s: %(open)s open, %(overdue)s te laat, %(unowned)s zonder eigenaar",
            kind=str(KIND_NAMES[r.kind]),
            open=format_decimal(r.open),
            overdue=format_decimal(r.overdue),
            unowned=format_decimal(r.unowned),
        )
        for r in figure.rows
    )
    return column_chart(
        "chart-overdue-work",
        table.caption,
        _("Staafdiagram met per soort werk de aantallen te laat, zonder eigenaar en allebei. %(parts)s.", parts=parts),
        [str(KIND_NAMES[r.kind]) for r in figure.rows],
        [
            Series(_("Te laat"), [r.overdue for r in figure.rows], PALETTE[1]),
            Series(_("Zonder eigenaar"), [r.unowned for r in figure.rows], PALETTE[0]),
            Series(_("Te laat én zonder eigenaar"), [r.overdue_unowned for r in figure.rows], PALETTE[7]),
        ],
        stacked=False,
        format_value=lambda v: format_decimal(v),
    )


FIGURES: dict[str, Figure] = {
    figure.slug: figure
    for figure in [
        Figure(
            "contacts-per-channel",
            lazy_gettext("Contacten per kanaal"),
            lazy_gettext("Inkomende contacten per week, per kanaal. Weken lopen van maandag tot en met zondag, Nederlandse tijd."),
            lambda selection, per_owner: insight.contacts_per_channel(selection, PeriodUnit.WEEK),
            contacts_table,
            contacts_chart,
        ),
        Figure(
            "channel-shift",
            lazy_gettext("Kanaalverschuiving"),
            lazy_gettext("Het aandeel van elk kanaal in de inkomende contacten, per gekozen periode."),
            lambda selection, per_owner: insight.channel_shift(selection),
            shift_table,
            shift_chart,
        ),
        Figure(
            "first-contact-resolution",
            lazy_gettext("Opgelost bij eerste contact"),
            lazy_gettext(
                "Een inkomend contact telt als opgelost als dezelfde inwoner of organisatie binnen de termijn "
                "niet opnieuw contact opnam (via welk kanaal of welke afdeling ook), er geen terugbelverzoek "
                "volgde en de uitkomst niet ‘niet gelukt’ of ‘contactverzoek gemaakt’ was. Contacten zonder "
                "bekende partij kunnen niet beoordeeld worden. Een week is voorlopig zolang de termijn nog loopt."
            ),
            lambda selection, per_owner: insight.first_contact_resolution(selection),
            resolution_table,
            resolution_chart,
        ),
        Figure(
            "callback-lead-time",
            lazy_gettext("Doorlooptijd terugbelverzoeken"),
            lazy_gettext(
                "Werkuren van aanmaken tot afronden van terugbelverzoeken, per week van afronding. "
                "Weekenden en feestdagen tellen niet mee, net als bij de norm."
            ),
            lambda selection, per_owner: insight.callback_lead_time(selection),
            lead_time_table,
            lead_time_chart,
        ),
        Figure(
            "open-cases",
            lazy_gettext("Open zaken naar leeftijd en eigenaar"),
            lazy_gettext("De open zaken van vandaag, ongeacht de gekozen periode; leeftijd in kalenderdagen sinds de zaak is geopend."),
            lambda selection, per_owner: insight.open_cases(selection, per_owner=per_owner),
            open_cases_table,
            open_cases_chart,
        ),
        Figure(
            "overdue-work",
            lazy_gettext("Te laat en zonder eigenaar"),
            lazy_gettext(
                "Open zaken, terugbelverzoeken en interne vragen van nu, ongeacht de gekozen periode. Een zaak is te "
                "laat na de uiterste datum, een taak na de norm in werkuren; een taak zonder behandelaar telt als zonder eigenaar."
            ),
            lambda selection, per_owner: insight.overdue_work(selection),
            overdue_table,
            overdue_chart,
        ),
    ]
}
