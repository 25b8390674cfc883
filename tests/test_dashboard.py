"""The dashboard page, its CSV downloads and JSON data, and who may see them."""

import csv
import io
from datetime import date

import pytest

from crm.models import Role
from crm.services.cases import open_case
from tests.test_insight import contact, local


@pytest.fixture
def team(make_department, make_person):
    kcc = make_department("kcc", "KCC")
    vergunningen = make_department("vergunningen", "Vergunningen")
    person = make_person("Jansen")
    contact(local("2026-03-22 23:30"), department=kcc, party=person)  # week 12
    contact(local("2026-03-23 00:30"), "e-mail", kcc, party=person)  # week 13
    contact(local("2026-03-30 00:30"), "webformulier", kcc)  # week 14
    return dict(kcc=kcc, vergunningen=vergunningen)


@pytest.fixture
def login(auth, make_user, team):
    """Log in as a new user with a role; a team lead and an employee work at the KCC."""

    def log_in(role=Role.TEAM_LEAD, username="tl"):
        make_user(username, role, [] if role is Role.ADMIN else [team["kcc"]])
        auth.login(username)

    return log_in


def query(team, **overrides):
    return {"department": team["kcc"].id, "start": "2026-03-16", "end": "2026-04-12", **overrides}


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_team_lead_sees_every_figure_as_chart_and_table(client, login, team):
    login()
    page = client.get("/dashboard", query_string=query(team)).get_data(as_text=True)
    for heading in ["Contacten per kanaal", "Kanaalverschuiving", "Opgelost bij eerste contact",
                    "Doorlooptijd terugbelverzoeken", "Open zaken naar leeftijd en eigenaar", "Te laat en zonder eigenaar"]:
        assert f">{heading}</h2>" in page
    assert page.count('role="img"') == 6
    assert page.count("<desc id=") == 6 and page.count("<table>") == 6
    assert "Cijfers voor KCC, van 16 maart 2026 tot en met 12 april 2026." in page
    assert "<script" not in page


def test_the_default_selection_is_the_team_leads_department(client, login, team):
    login()
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'<option selected value="{team["kcc"].id}">KCC</option>' in page
    assert "Cijfers voor KCC" in page


def test_csv_matches_the_hand_counted_weeks(client, login, team):
    login()
    rows = read_csv(client.get("/dashboard/data/contacts-per-channel.csv", query_string=query(team)))
    assert rows[0] == ["Week", "Van", "Tot en met", "Telefoon", "Balie", "E-mail", "Post", "Chat", "Webformulier", "Totaal"]
    assert rows[1:] == [
        ["week 12", "2026-03-16", "2026-03-22", "1", "0", "0", "0", "0", "0", "1"],
        ["week 13", "2026-03-23", "2026-03-29", "0", "0", "1", "0", "0", "0", "1"],
        ["week 14", "2026-03-30", "2026-04-05", "0", "0", "0", "0", "0", "1", "1"],
        ["week 15", "2026-04-06", "2026-04-12", "0", "0", "0", "0", "0", "0", "0"],
        ["Totaal", "", "", "1", "0", "1", "0", "0", "1", "3"],
    ]


def test_csv_and_page_table_show_the_same_shares(client, login, team):
    login()
    rows = read_csv(client.get("/dashboard/data/channel-shift.csv", query_string=query(team, shift_unit="month")))
    assert rows[1] == ["maart 2026 (deels)", "2026-03-16", "2026-03-31", "33,3", "0,0", "33,3", "0,0", "0,0", "33,3", "3"]
    assert rows[2][0] == "april 2026 (deels)" and rows[2][-1] == "0" and rows[2][3] == ""
    page = client.get("/dashboard", query_string=query(team, shift_unit="month")).get_data(as_text=True)
    assert "maart 2026 (deels)" in page and "33,3%" in page


def test_first_contact_resolution_csv(client, login, team):
    login()
    rows = read_csv(client.get("/dashboard/data/first-contact-resolution.csv", query_string=query(team, follow_up_days=3)))
    # Jansen's Sunday-night call is followed an hour later by an e-mail; the web form is anonymous.
    assert [row[3:] for row in rows[1:]] == [
        ["1", "0", "0,0", "0", "nee"],
        ["1", "1", "100,0", "0", "nee"],
        ["0", "0", "", "1", "nee"],
        ["0", "0", "", "0", "nee"],
        ["2", "1", "50,0", "1", "nee"],
    ]


def test_json_gives_plain_data(client, login, team):
    login()
    response = client.get("/dashboard/data/contacts-per-channel.json", query_string=query(team))
    assert response.status_code == 200
    body = response.get_json()
    assert body["figure"] == "contacts-per-channel"
    assert body["selection"] == {"department_id": team["kcc"].id, "start": "2026-03-16", "end": "2026-04-12", "follow_up_days": 7, "shift_unit": "month"}
    assert body["data"]["totals"] == [1, 1, 1, 0]
    assert body["data"]["periods"][1]["start"] == "2026-03-22T23:00:00+00:00"
    assert [c["counts"] for c in body["data"]["channels"] if c["code"] == "e-mail"] == [[0, 1, 0, 0]]


def test_json_refuses_a_selection_that_makes_no_sense(client, login, team):
    login()
    response = client.get("/dashboard/data/open-cases.json", query_string=query(team, end="2026-01-01"))
    assert response.status_code == 400
    assert response.get_json() == {"code": "invalid_input", "message": "De einddatum ligt vóór de begindatum.", "field": "end"}


def test_page_shows_dutch_errors_and_keeps_what_was_typed(client, login, team):
    login()
    page = client.get("/dashboard", query_string=query(team, end="2026-01-01", follow_up_days="0")).get_data(as_text=True)
    assert "Kies een termijn van 1 tot en met 90 dagen." in page
    assert 'value="2026-01-01"' in page
    assert 'role="img"' not in page


def test_an_unknown_figure_is_not_found(client, login, team):
    login()
    assert client.get("/dashboard/data/everything.json").status_code == 404


def test_employees_may_not_see_the_dashboard(client, login):
    login(Role.EMPLOYEE, "mw")
    assert client.get("/dashboard").status_code == 403
    assert client.get("/dashboard/data/open-cases.json").status_code == 403


def test_a_team_lead_may_not_see_another_department(client, login, team):
    login()
    assert client.get("/dashboard", query_string=query(team, department=team["vergunningen"].id)).status_code == 403
    assert client.get("/dashboard/data/open-cases.csv", query_string=query(team, department=team["vergunningen"].id)).status_code == 403
    assert client.get("/dashboard", query_string=query(team, department="")).status_code == 200


def test_per_person_figures_only_for_the_own_department(client, auth, login, team, make_user, make_case_type):
    owner = make_user("mw", Role.EMPLOYEE, [team["kcc"]])
    open_case(make_case_type(team["kcc"]).id, "Melding", None, owner_id=owner.id)
    login()
    own = client.get("/dashboard/data/open-cases.json", query_string=query(team)).get_json()
    assert [row["name"] for row in own["data"]["owners"]] == [None, "Mw"]
    everyone = client.get("/dashboard/data/open-cases.json", query_string=query(team, department="")).get_json()
    assert [(row["name"], row["owned"], row["total"]) for row in everyone["data"]["owners"]] == [(None, False, 0), (None, True, 1)]
    auth.logout()
    login(Role.ADMIN, "beheer")
    everyone = client.get("/dashboard/data/open-cases.json", query_string=query(team, department="")).get_json()
    assert [row["name"] for row in everyone["data"]["owners"]] == [None, "Mw"]


def test_login_is_required(client, team):
    assert client.get("/dashboard").status_code == 302


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_chart_colour_stands_out_against_white():
    from crm.dashboard.charts import PALETTE
    from crm.dashboard.figures import BAND_COLORS

    for colour in {*PALETTE, *BAND_COLORS}:
        assert (1.05) / (_luminance(colour) + 0.05) >= 3, colour
