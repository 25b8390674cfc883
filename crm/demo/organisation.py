"""The demo municipality's own organisation: departments, teams, staff accounts and case types.

Staff passwords are generated at the first seed and written, with the usernames, to
``instance/demo-accounts.txt`` (readable by the owner only), so no password is ever in the code.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from crm.extensions import db
from crm.models import DUTCH_ROLE_NAMES, CaseType, Department, Role, StaffUser, Team
from crm.services.users import create_user

ACCOUNTS_FILE = "demo-accounts.txt"

# code, name, confidential, teams
DEPARTMENTS = (
    ("kcc", "KCC", False, ("Team Telefonie en Chat", "Team Balie en Post")),
    ("burgerzaken", "Burgerzaken", False, ()),
    ("vergunningen", "Vergunningen", False, ("Team Evenementen en APV",)),
    ("sociaal-domein", "Sociaal Domein", True, ("Team Werk en Inkomen", "Team Schuldhulpverlening")),
    ("belastingen", "Belastingen", False, ()),
    ("handhaving", "Handhaving", False, ("Team Openbare Ruimte",)),
)


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: Role
    departments: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()


STAFF = (
    StaffSpec("mbakker", "Marloes Bakker", Role.TEAM_LEAD, ("kcc", "burgerzaken", "belastingen")),
    StaffSpec("jdejong", "Jeroen de Jong", Role.EMPLOYEE, ("kcc",), ("Team Telefonie en Chat",)),
    StaffSpec("fyilmaz", "Fatma Yılmaz", Role.EMPLOYEE, ("kcc",), ("Team Balie en Post",)),
    StaffSpec("pvandam", "Peter van Dam", Role.EMPLOYEE, ("burgerzaken",)),
    StaffSpec("rsmit", "Rianne Smit", Role.TEAM_LEAD, ("vergunningen", "handhaving")),
    StaffSpec("tmulder", "Thijs Mulder", Role.EMPLOYEE, ("vergunningen",), ("Team Evenementen en APV",)),
    StaffSpec("kbos", "Kevin Bos", Role.EMPLOYEE, ("handhaving",), ("Team Openbare Ruimte",)),
    StaffSpec("lhendriks", "Lotte Hendriks", Role.TEAM_LEAD, ("sociaal-domein",)),
    StaffSpec("aelamrani", "Ahmed el Amrani", Role.EMPLOYEE, ("sociaal-domein",), ("Team Werk en Inkomen",)),
    StaffSpec("ivos", "Ingrid Vos", Role.EMPLOYEE, ("sociaal-domein",), ("Team Schuldhulpverlening",)),
    StaffSpec("wmeijer", "Wim Meijer", Role.EMPLOYEE, ("belastingen",)),
    StaffSpec("ebrouwer", "Erik Brouwer", Role.ADMIN),
    StaffSpec("nsmeets", "Nadia Smeets", Role.PRIVACY_OFFICER),
)

# Who picks up a department's work (repeated names get more of it) and who leads it.
HANDLERS = {
    "kcc": ("jdejong", "jdejong", "fyilmaz", "fyilmaz", "mbakker"),
    "burgerzaken": ("pvandam", "pvandam", "pvandam", "mbakker"),
    "vergunningen": ("tmulder", "tmulder", "tmulder", "rsmit"),
    "handhaving": ("kbos", "kbos", "kbos", "rsmit"),
    "sociaal-domein": ("aelamrani", "aelamrani", "ivos", "ivos", "lhendriks"),
    "belastingen": ("wmeijer", "wmeijer", "wmeijer", "mbakker"),
}
TEAM_LEADS = {
    "kcc": "mbakker",
    "burgerzaken": "mbakker",
    "belastingen": "mbakker",
    "vergunningen": "rsmit",
    "handhaving": "rsmit",
    "sociaal-domein": "lhendriks",
}


@dataclass(frozen=True)
class CaseTypeSpec:
    code: str
    name: str
    domain: str
    department: str
    legal_term_days: int
    confidential: bool = False
    # How the case reads inside a sentence: "Inwoner vraagt hoe het staat met de ...".
    phrase: str = ""


CASE_TYPES = (
    CaseTypeSpec("evenementenvergunning", "Evenementenvergunning", "ruimtelijk", "vergunningen", 56,
                 phrase="aanvraag evenementenvergunning"),
    CaseTypeSpec("parkeervergunning", "Parkeervergunning", "ruimtelijk", "vergunningen", 56,
                 phrase="aanvraag parkeervergunning"),
    CaseTypeSpec("bijstandsuitkering", "Bijstandsuitkering", "sociaal", "sociaal-domein", 56, True,
                 phrase="aanvraag bijstandsuitkering"),
    CaseTypeSpec("schuldhulpverlening", "Schuldhulpverlening", "sociaal", "sociaal-domein", 28, True,
                 phrase="aanmelding schuldhulpverlening"),
    CaseTypeSpec("wmo-maatwerkvoorziening", "Wmo-maatwerkvoorziening", "sociaal", "sociaal-domein", 56, True,
                 phrase="Wmo-aanvraag"),
    CaseTypeSpec("paspoort-id-kaart", "Paspoort of ID-kaart", "burgerzaken", "burgerzaken", 7,
                 phrase="aanvraag paspoort of ID-kaart"),
    CaseTypeSpec("verhuizing", "Verhuizing en adresonderzoek", "burgerzaken", "burgerzaken", 28,
                 phrase="verhuismelding"),
    CaseTypeSpec("melding-openbare-ruimte", "Melding openbare ruimte", "openbare ruimte", "handhaving", 14,
                 phrase="melding openbare ruimte"),
    CaseTypeSpec("handhavingsverzoek", "Verzoek om handhaving", "openbare orde", "handhaving", 56,
                 phrase="verzoek om handhaving"),
    CaseTypeSpec("bezwaar-woz", "Bezwaar WOZ-waarde", "belastingen", "belastingen", 42,
                 phrase="bezwaar tegen de WOZ-waarde"),
    CaseTypeSpec("kwijtschelding", "Kwijtschelding gemeentelijke belastingen", "belastingen", "belastingen", 56,
                 phrase="verzoek om kwijtschelding"),
)
CASE_TYPE_SPECS = {spec.code: spec for spec in CASE_TYPES}


@dataclass
class Cast:
    """The ids of what the organisation seed made, by code or username, and the accounts."""

    departments: dict[str, int]
    teams: dict[str, int]
    department_teams: dict[str, list[int]]
    staff: dict[str, int]
    case_types: dict[str, int]
    accounts: list[tuple[str, str, str]]

    def user(self, username: str) -> StaffUser:
        return db.session.get(StaffUser, self.staff[username])


def create_organisation() -> Cast:
    """Create departments, teams, case types and staff accounts with random passwords."""
    departments, teams, department_teams = {}, {}, {}
    for code, name, confidential, team_names in DEPARTMENTS:
        department = Department(code=code, name=name, confidential=confidential)
        department.teams = [Team(name=team_name) for team_name in team_names]
        db.session.add(department)
    db.session.flush()
    for department in db.session.scalars(select(Department)):
        departments[department.code] = department.id
        teams.update({team.name: team.id for team in department.teams})
        department_teams[department.code] = [team.id for team in department.teams]
    for spec in CASE_TYPES:
        db.session.add(
            CaseType(
                code=spec.code,
                name=spec.name,
                domain=spec.domain,
                default_department_id=departments[spec.department],
                legal_term_days=spec.legal_term_days,
                confidential=spec.confidential,
            )
        )
    db.session.commit()
    case_types = {c.code: c.id for c in db.session.scalars(select(CaseType))}

    staff, accounts = {}, []
    for spec in STAFF:
        password = new_password()
        user = create_user(spec.username, spec.full_name, password, spec.role, list(spec.departments))
        user.teams = [db.session.get(Team, teams[name]) for name in spec.teams]
        staff[spec.username] = user.id
        accounts.append((spec.username, password, role_label(spec)))
    db.session.commit()
    return Cast(departments, teams, department_teams, staff, case_types, accounts)


def role_label(spec: StaffSpec) -> str:
    """The Dutch role with its departments, e.g. ``teamleider (Vergunningen, Handhaving)``."""
    names = dict((code, name) for code, name, _, _ in DEPARTMENTS)
    role = DUTCH_ROLE_NAMES[spec.role]
    if not spec.departments:
        return role
    return f"{role} ({', '.join(names[code] for code in spec.departments)})"


def new_password() -> str:
    """A random password that is easy to type in a workshop: ``kx7m-29fq-a4tn`` (about 62 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
    # The password policy wants more than letters only; the dashes see to that.
    return "-".join(groups)


def write_accounts(instance_path: str, accounts: list[tuple[str, str, str]]) -> None:
    """Write the demo accounts, readable and writable by the owner only (mode 0600)."""
    path = Path(instance_path) / ACCOUNTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Klantbeeld demo-accounts: gebruikersnaam, wachtwoord en rol, gescheiden door tabs.",
        "# De wachtwoorden zijn bij het vullen van de database willekeurig gemaakt.",
    ]
    lines += ["\t".join(row) for row in accounts]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    # os.open's mode only applies to a new file; an older file keeps its mode without this.
    path.chmod(0o600)


def read_accounts(instance_path: str) -> list[tuple[str, str, str]]:
    """The accounts in the file, or an empty list if there is no file."""
    path = Path(instance_path) / ACCOUNTS_FILE
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            username, password, role = line.split("\t", 2)
            rows.append((username, password, role))
    return rows
