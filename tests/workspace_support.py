"""A small municipality for the workspace tests, browser tests and screenshots.

``build_world()`` needs an application context on an empty database. Test modules import the
``world`` fixture from here (``from tests.workspace_support import world``).
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pytest

from crm.extensions import db
from crm.models import CaseType, Department, Party, Role, StaffUser, Team
from crm.services.parties import AddressInput, PersonInput, create_person
from werkzeug.security import generate_password_hash
from tests.conftest import PASSWORD


@dataclass
class World:
    kcc: Department
    permits: Department
    social: Department
    kcc_team: Team
    employee: StaffUser  # medewerker KCC
    lead: StaffUser  # teamleider KCC
    permit_officer: StaffUser  # medewerker Vergunningen
    permit_lead: StaffUser  # teamleider Vergunningen
    social_worker: StaffUser  # medewerker Sociaal Domein (confidential)
    report: CaseType  # melding openbare ruimte, KCC
    event_permit: CaseType  # evenementenvergunning, Vergunningen
    assistance: CaseType  # bijstandsuitkering, Sociaal Domein, confidential
    anna: Party
    password: str = PASSWORD


def build_world() -> World:
    """Three departments (one confidential), five staff, three case types and one citizen."""
    kcc = Department(code="kcc", name="KCC")
    permits = Department(code="vergunningen", name="Vergunningen")
    social = Department(code="sociaal", name="Sociaal Domein", confidential=True)
    kcc_team = Team(department=kcc, name="Team Telefonie")
    db.session.add_all([kcc, permits, social, kcc_team])
    db.session.commit()
    employee = _staff("mw", "Mila Willems", Role.EMPLOYEE, kcc)
    lead = _staff("tl", "Tineke Leider", Role.TEAM_LEAD, kcc)
    permit_officer = _staff("vg", "Vincent Gras", Role.EMPLOYEE, permits)
    permit_lead = _staff("tlv", "Tamara Verbeek", Role.TEAM_LEAD, permits)
    social_worker = _staff("soc", "Sara Ouali", Role.EMPLOYEE, social)
    db.session.commit()
    report = CaseType(code="melding", name="Melding openbare ruimte", domain="ruimtelijk",
                      default_department_id=kcc.id, legal_term_days=5)
    event_permit = CaseType(code="evenement", name="Evenementenvergunning", domain="ruimtelijk",
                            default_department_id=permits.id, legal_term_days=56)
    assistance = CaseType(code="bijstand", name="Bijstandsuitkering", domain="sociaal",
                          default_department_id=social.id, legal_term_days=56, confidential=True)
    db.session.add_all([report, event_permit, assistance])
    db.session.commit()
    anna = create_person(
        PersonInput(
            surname="Jansen",
            given_names="Anna Maria",
            birth_date=date(1980, 3, 12),
            bsn="111222333",
            phones=["06-12345678"],
            emails=["anna.jansen@example.nl"],
            address=AddressInput(postcode="1234 AB", house_number=12, street="Dorpsstraat", city="Ergenshuizen"),
        )
    )
    return World(kcc, permits, social, kcc_team, employee, lead, permit_officer, permit_lead, social_worker,
                 report, event_permit, assistance, anna)


def _staff(username: str, full_name: str, role: Role, department: Department) -> StaffUser:
    # Hashing a password takes most of a second; every staff member here shares one hash.
    user = StaffUser(username=username, full_name=full_name, password_hash=_password_hash(),
                     role=role.value, departments=[department])
    db.session.add(user)
    return user


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return generate_password_hash(PASSWORD)


@pytest.fixture
def world(ctx) -> World:
    return build_world()


def login(client, username: str, password: str = PASSWORD):
    """Log a test client in as ``username``; fails loudly if the login is refused."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
