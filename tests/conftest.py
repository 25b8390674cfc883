"""Fixtures: a migrated database (SQLite, or PostgreSQL when KLANTBEELD_TEST_DATABASE_URL is set),
a fresh app per test on an emptied database, and factories for the domain objects."""

import os
import secrets
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from crm import create_app, database_uri
from crm.extensions import db
from crm.models import CaseType, Channel, Department, Role, Team
from crm.services.parties import OrganisationInput, PersonInput, create_organisation, create_person
from crm.services.users import create_user

POSTGRES_URL = os.environ.get("KLANTBEELD_TEST_DATABASE_URL")
PASSWORD = "correct-horse-42"

# A pool of valid BSNs (elfproef) for factories; tests that need a specific one pass it.
VALID_BSNS = [
    "111222333", "123456782", "999999990", "100000009", "100000010", "100000022",
    "100000034", "100000046", "100000058", "100000071", "100000083", "100000095",
]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A private, empty database for this test run: a schema of its own on PostgreSQL."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'klantbeeld-test.db'}"
        return
    schema = f"kb_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(database_uri(POSTGRES_URL, None))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(database_uri(POSTGRES_URL, None)).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def app_config(database_url: str, instance) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
    }


@pytest.fixture(scope="session")
def reference_rows(database_url, tmp_path_factory):
    """Build the schema with the real migrations once and remember the rows they seed."""
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(app_config(database_url, instance))
    with app.app_context():
        upgrade()
        rows = [dict(row._mapping) for row in db.session.execute(select(Channel.__table__))]
        db.session.remove()
        db.engine.dispose()
    return {"channel": rows}


@pytest.fixture
def app(database_url, reference_rows, tmp_path):
    """A fresh app on an emptied database holding only the migration's reference rows."""
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        _empty_database(reference_rows)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_database(reference_rows: dict) -> None:
    tables = [t for t in db.metadata.sorted_tables]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())
        for name, rows in reference_rows.items():
            if rows:
                connection.execute(insert(db.metadata.tables[name]), rows)


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="tl", password=PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def make_department(ctx):
    def make(code="kcc", name=None, confidential=False):
        department = Department(code=code, name=name or code.upper(), confidential=confidential)
        db.session.add(department)
        db.session.commit()
        return department

    return make


@pytest.fixture
def make_team(ctx):
    def make(department, name="Team A"):
        team = Team(department=department, name=name)
        db.session.add(team)
        db.session.commit()
        return team

    return make


@pytest.fixture
def make_user(ctx):
    def make(username="mw", role=Role.EMPLOYEE, departments=(), full_name=None, password=PASSWORD):
        codes = [d.code if isinstance(d, Department) else d for d in departments]
        return create_user(username, full_name or username.title(), password, role, codes)

    return make


@pytest.fixture
def make_person(ctx):
    def make(surname="Jansen", bsn=None, **overrides):
        data = PersonInput(
            surname=surname,
            given_names=overrides.pop("given_names", "Anna"),
            surname_prefix=overrides.pop("surname_prefix", ""),
            birth_date=overrides.pop("birth_date", date(1980, 3, 12)),
            bsn=bsn,
            emails=overrides.pop("emails", []),
            phones=overrides.pop("phones", []),
            address=overrides.pop("address", None),
        )
        assert not overrides, f"unknown fields {overrides}"
        return create_person(data)

    return make


@pytest.fixture
def make_organisation(ctx):
    def make(name="Bakkerij De Zon BV", kvk=None, **overrides):
        return create_organisation(OrganisationInput(name=name, kvk=kvk, **overrides))

    return make


@pytest.fixture
def make_case_type(ctx):
    def make(department, code="melding", name="Melding openbare ruimte", domain="ruimtelijk", legal_term_days=56, confidential=False):
        case_type = CaseType(
            code=code,
            name=name,
            domain=domain,
            default_department_id=department.id,
            legal_term_days=legal_term_days,
            confidential=confidential,
        )
        db.session.add(case_type)
        db.session.commit()
        return case_type

    return make



@pytest.fixture
def make_token(ctx):
    """Issue an API token; returns the headers a client sends with it."""
    from crm.services.tokens import create_token

    def make(name="portaal", scopes=("read", "write"), departments=()):
        codes = [d.code if isinstance(d, Department) else d for d in departments]
        issued = create_token(name, list(scopes), codes)
        return {"Authorization": f"Token {issued.key}"}

    return make
