"""The permission policy: the role matrix as documented, and the content rules for confidential items."""

import re
from pathlib import Path

import pytest

from crm import permissions
from crm.extensions import db
from crm.models import DUTCH_ROLE_NAMES, Role
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact

ROLES_DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"


def documented_matrix() -> dict[str, set[str]]:
    """The table in docs/roles.md as {permission: {Dutch role names marked 'ja'}}."""
    lines = [line for line in ROLES_DOC.read_text().splitlines() if line.startswith("| `")]
    header = next(line for line in ROLES_DOC.read_text().splitlines() if line.startswith("| permissie"))
    roles = [cell.strip() for cell in header.strip("|").split("|")][2:]
    matrix = {}
    for line in lines:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        name = re.fullmatch(r"`(.+)`", cells[0]).group(1)
        matrix[name] = {role for role, mark in zip(roles, cells[2:]) if mark == "ja"}
    return matrix


def test_docs_roles_md_shows_exactly_the_matrix_in_the_code():
    in_code = {name: {DUTCH_ROLE_NAMES[role] for role in roles} for name, (roles, _) in permissions.MATRIX.items()}
    assert documented_matrix() == in_code


def test_only_the_privacy_officer_reads_the_processing_log_and_exports_a_party(make_user):
    officer = make_user("fg", Role.PRIVACY_OFFICER)
    for role in (Role.EMPLOYEE, Role.TEAM_LEAD, Role.ADMIN):
        user = make_user(f"u-{role.value}", role)
        assert not permissions.allows(user, "processing_log.read")
        assert not permissions.allows(user, "party.export")
    assert permissions.allows(officer, "processing_log.read")
    assert permissions.allows(officer, "party.export")
    assert not permissions.allows(officer, "party.read")


def test_an_inactive_user_is_allowed_nothing(make_user):
    user = make_user("oud", Role.ADMIN)
    user.active = False
    db.session.commit()
    assert not permissions.allows(user, "app.use")


def test_an_unknown_permission_cannot_be_declared():
    with pytest.raises(KeyError):
        permissions.requires("party.reed")


@pytest.fixture
def social(make_department, make_user, make_person, make_case_type):
    sociaal = make_department("sociaal", "Sociaal Domein", confidential=True)
    kcc = make_department("kcc", "KCC")
    case_type = make_case_type(sociaal, code="bijstand", name="Bijstandsuitkering", domain="sociaal", confidential=True)
    return {
        "insider": make_user("inge", Role.EMPLOYEE, [sociaal], full_name="Inge Binnen"),
        "outsider": make_user("otto", Role.EMPLOYEE, [kcc]),
        "person": make_person("Jansen", bsn="111222333"),
        "case_type": case_type,
        "sociaal": sociaal,
    }


def test_confidential_content_only_for_the_owning_department_and_whom_to_ask(social):
    case = open_case(social["case_type"].id, "Schulden", social["insider"], party_id=social["person"].id, owner_id=social["insider"].id)
    contact = record_contact(
        ContactInput(channel="telefoon", subject="Vraag over uitkering", party_id=social["person"].id, department_id=social["sociaal"].id),
        social["insider"],
    )
    for item in (case, contact, case.events[0]):
        assert permissions.can_read_content(social["insider"], item)
        assert not permissions.can_read_content(social["outsider"], item)
    assert permissions.whom_to_ask(case) == "Sociaal Domein (Inge Binnen)"
    assert permissions.whom_to_ask(case.events[0]) == "Sociaal Domein (Inge Binnen)"
