"""The municipality's own side: departments, teams, staff and case types."""

from dataclasses import dataclass, field
from datetime import datetime

from werkzeug.security import generate_password_hash

from bench.generate import vocabulary
from bench.generate.writer import BulkWriter
from crm.models import Role

# Every generated account shares this password: it only ever exists in a benchmark database.
BENCH_PASSWORD = "bench-wachtwoord-2026"
# The account the measurements act as: a team lead of the KCC, so confidential items of other
# departments are withheld from it and the permission checks run their full path.
BENCH_USERNAME = "bench"


@dataclass
class Organisation:
    """The ids the activity generator needs to pick departments, staff and case types."""

    department_ids: dict[str, int] = field(default_factory=dict)
    confidential_departments: set[int] = field(default_factory=set)
    staff_by_department: dict[int, list[int]] = field(default_factory=dict)
    # (id, department id, legal term in days, confidential) per case type, grouped by department.
    case_types_by_department: dict[int, list[tuple[int, int, int, bool]]] = field(default_factory=dict)
    all_case_types: list[tuple[int, int, int, bool]] = field(default_factory=list)
    bench_user_id: int = 0


def write_organisation(writer: BulkWriter, rng, staff_per_department: int, created_at: datetime) -> Organisation:
    """Write departments with two teams each, their staff and team leads, and the case types."""
    organisation = Organisation()
    password_hash = generate_password_hash(BENCH_PASSWORD)
    staff_id = team_id = 0
    for department_id, (code, name, confidential) in enumerate(vocabulary.DEPARTMENTS, start=1):
        writer.add("department", {"id": department_id, "code": code, "name": name, "confidential": confidential})
        organisation.department_ids[code] = department_id
        if confidential:
            organisation.confidential_departments.add(department_id)
        teams = []
        for team_name in ("Team Noord", "Team Zuid"):
            team_id += 1
            teams.append(team_id)
            writer.add("team", {"id": team_id, "department_id": department_id, "name": team_name})
        members = []
        for number in range(staff_per_department + 1):
            staff_id += 1
            lead = number == 0
            username = f"{code}-{'tl' if lead else f'{number:03d}'}"
            if code == "kcc" and lead:
                username = BENCH_USERNAME
                organisation.bench_user_id = staff_id
            writer.add("staff_user", _staff_row(staff_id, username, rng, password_hash, lead, created_at))
            writer.add("staff_department", {"staff_id": staff_id, "department_id": department_id})
            writer.add("staff_team", {"staff_id": staff_id, "team_id": teams[number % 2]})
            members.append(staff_id)
        organisation.staff_by_department[department_id] = members
    for type_id, (code, name, domain, department, term, confidential) in enumerate(vocabulary.CASE_TYPES, start=1):
        department_id = organisation.department_ids[department]
        writer.add(
            "case_type",
            {
                "id": type_id, "code": code, "name": name, "domain": domain,
                "default_department_id": department_id, "legal_term_days": term,
                "confidential": confidential, "active": True,
            },
        )
        entry = (type_id, department_id, term, confidential)
        organisation.case_types_by_department.setdefault(department_id, []).append(entry)
        organisation.all_case_types.append(entry)
    return organisation


def _staff_row(staff_id, username, rng, password_hash, lead, created_at) -> dict:
    given = rng.choice(vocabulary.GIVEN_NAMES)
    surname = rng.choice(vocabulary.SURNAMES)
    return {
        "id": staff_id,
        "username": username,
        "full_name": f"{given} {surname}",
        "email": f"{username}@gemeente.example",
        "password_hash": password_hash,
        "role": (Role.TEAM_LEAD if lead else Role.EMPLOYEE).value,
        "language": "nl",
        "active": True,
        "created_at": created_at,
    }
