"""Walk every rule in the URL map: anonymous requests are refused, each role gets exactly its matrix.

Nothing here lists routes by hand. A route a colleague adds later is walked automatically,
and a view that declares no permission (crm/permissions.py) makes these tests fail.
"""

import uuid

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter, UUIDConverter

from crm import permissions
from crm.auth import PUBLIC_ENDPOINTS
from crm.extensions import csrf
from crm.extensions import db
from crm.models import Department, Role
from crm.models import Scope
from crm.services.parties import PersonInput, create_person
from crm.services.tokens import create_token
from crm.services.users import create_user
from tests.conftest import PASSWORD

SKIPPED_METHODS = {"HEAD", "OPTIONS"}
CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def walk(app):
    """Every (rule, method, url) the app answers, with a sample value for each URL argument."""
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        values = {name: _sample(converter) for name, converter in rule._converters.items()}
        for method in sorted(rule.methods - SKIPPED_METHODS):
            url = adapter.build(rule.endpoint, values, method=method)
            yield rule, method, url


def _sample(converter):
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, PathConverter):
        return "klantbeeld.css"
    return "x"


def declared(app, rule, method):
    if permissions.is_static_endpoint(rule.endpoint):
        return permissions.PUBLIC
    return permissions.declared_permission(app.view_functions[rule.endpoint], method)


PROBLEM_JSON = "application/problem+json"


def send(client, method, url, headers=None):
    response = client.open(url, method=method, data={}, headers={"Accept": "text/html", **(headers or {})})
    response.get_data()
    response.close()  # a static file response holds its file open until closed
    return response


def refused_as_anonymous(response) -> bool:
    """The login wall's answer: 401, or a redirect to the login page that comes back (``next``).

    (Logging out also redirects to the login page, but without ``next``.)
    """
    if response.status_code == 401:
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (302, 303) and location.startswith("/login?") and "next=" in location


@pytest.fixture
def everyone(app):
    """One user per role, all in one department, and a party so party pages have something to show.

    Made in an app context of its own: the walk's requests must each get a fresh one (and so
    a fresh ``g``), as in production, or one request's login would leak into the next.
    """
    with app.app_context():
        db.session.add(Department(code="kcc", name="KCC"))
        db.session.commit()
        create_person(PersonInput(surname="Jansen", given_names="Anna", bsn="111222333"))
        return {role: create_user(f"user-{role.value}", role.value, PASSWORD, role, ["kcc"]).username for role in Role}


def logged_in_cookie(app, username):
    """Log in once and keep the signed session cookie, to restore it before each request.

    Restoring matters: walking ``POST /logout`` would otherwise log the walker out.
    """
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return client, cookie.value


def test_every_view_declares_a_permission(app):
    undeclared = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule, method, _url in walk(app)
        if declared(app, rule, method) is None
    ]
    assert not undeclared, (
        "these views declare no permission; add @permissions.requires(...) or @permissions.public: "
        + ", ".join(undeclared)
    )


def test_declared_permissions_exist_in_the_matrix(app):
    unknown = {
        declared(app, rule, method)
        for rule, method, _url in walk(app)
        if declared(app, rule, method) not in (None, permissions.PUBLIC, *permissions.MATRIX, *permissions.SCOPE_PERMISSIONS)
    }
    assert not unknown


def test_public_endpoints_of_the_login_wall_are_declared_public(app):
    for endpoint in PUBLIC_ENDPOINTS:
        if permissions.is_static_endpoint(endpoint):
            continue  # Flask's own static view cannot carry a declaration; it serves only static/
        assert permissions.declared_permission(app.view_functions[endpoint]) == permissions.PUBLIC, endpoint


def test_anonymous_requests_are_refused_except_public_ones(app, client, everyone):
    wrong = []
    public_seen = 0
    for rule, method, url in walk(app):
        response = send(client, method, url)
        assert response.status_code < 500, f"{method} {url} gave {response.status_code}"
        if declared(app, rule, method) == permissions.PUBLIC:
            public_seen += 1
            if refused_as_anonymous(response):
                wrong.append(f"{method} {url}: public but refused")
        elif permissions.scope_of(declared(app, rule, method)) is not None:
            if response.status_code != 401 or response.mimetype != PROBLEM_JSON:
                wrong.append(f"{method} {url}: API answered {response.status_code} {response.mimetype} without a token")
        elif not refused_as_anonymous(response):
            wrong.append(f"{method} {url}: answered {response.status_code} without a login")
    assert not wrong, wrong
    assert public_seen >= 5  # login (GET and POST), /healthz and the API's documentation at least


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_gets_exactly_what_the_matrix_allows(app, everyone, role):
    client, session_cookie = logged_in_cookie(app, everyone[role])
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    wrong = []
    checked = 0
    for rule, method, url in walk(app):
        permission = declared(app, rule, method)
        if permission in (None, permissions.PUBLIC):
            continue
        client.set_cookie(cookie_name, session_cookie)
        response = send(client, method, url)
        checked += 1
        assert response.status_code < 500, f"{role.value}: {method} {url} gave {response.status_code}"
        if permissions.scope_of(permission) is not None:
            if response.status_code != 401:  # a session never opens the token-authenticated API
                wrong.append(f"{method} {url} ({permission}): answered {response.status_code} to a session without a token")
            continue
        allowed = role in permissions.roles_with(permission)
        if allowed and (response.status_code in (401, 403) or refused_as_anonymous(response)):
            wrong.append(f"{method} {url} ({permission}): refused with {response.status_code} but the matrix allows it")
        if not allowed and response.status_code != 403:
            wrong.append(f"{method} {url} ({permission}): answered {response.status_code} but the matrix forbids it")
    assert not wrong, f"{role.value}: {wrong}"
    assert checked >= 10


@pytest.mark.parametrize("scope", list(Scope), ids=lambda scope: scope.value)
def test_each_token_gets_exactly_the_scopes_the_api_views_declare(app, everyone, scope):
    """A token with one scope: 403 problem+json where a view declares another, never 401."""
    with app.app_context():
        key = create_token(f"walker-{scope.value}", [scope.value], ["kcc"]).key
    client = app.test_client()
    wrong = []
    checked = 0
    for rule, method, url in walk(app):
        needed = permissions.scope_of(declared(app, rule, method))
        if needed is None:
            continue
        response = send(client, method, url, headers={"Authorization": f"Token {key}", "Accept": "application/json"})
        checked += 1
        assert response.status_code < 500, f"{scope.value}: {method} {url} gave {response.status_code}"
        allowed = scope in (needed, Scope.ADMIN)
        if allowed and response.status_code in (401, 403):
            wrong.append(f"{method} {url} ({needed.value}): refused with {response.status_code}")
        if not allowed and (response.status_code != 403 or response.mimetype != PROBLEM_JSON):
            wrong.append(f"{method} {url} ({needed.value}): answered {response.status_code} {response.mimetype}")
    assert not wrong, f"{scope.value}: {wrong}"
    assert checked >= 40


def test_an_api_view_without_a_declared_scope_is_refused(app, everyone):
    """Deny by default in the API too: a token-authenticated view that declares no scope answers 403."""

    def undeclared_party(party_id):
        return {"secret": "geheim"}

    app.view_functions["Parties.PartyDetail"] = undeclared_party
    with app.app_context():
        key = create_token("walker-admin", [Scope.ADMIN.value]).key
    response = app.test_client().get("/api/v1/parties/1", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 403
    assert "geheim" not in response.get_data(as_text=True)


def test_a_view_without_a_declaration_is_refused_at_runtime(app, client, everyone):
    """Deny by default: even before the walk catches it, an undeclared page answers 403."""

    def undeclared_page():
        return "geheim"

    app.add_url_rule("/undeclared-page", "undeclared_page", undeclared_page)
    client.post("/login", data={"username": everyone[Role.ADMIN], "password": PASSWORD})
    response = client.get("/undeclared-page")
    assert response.status_code == 403
    assert "geheim" not in response.get_data(as_text=True)


def test_every_changing_route_refuses_a_request_without_csrf_token(app, everyone):
    client, session_cookie = logged_in_cookie(app, everyone[Role.ADMIN])
    app.config["WTF_CSRF_ENABLED"] = True
    wrong = []
    checked = 0
    for rule, method, url in walk(app):
        if method not in CHANGING_METHODS or _is_csrf_exempt(app, url, method):
            continue
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookie)
        response = send(client, method, url)
        checked += 1
        if response.status_code != 400 or "Het formulier is verlopen" not in response.get_data(as_text=True):
            wrong.append(f"{method} {url}: {response.status_code}")
    assert not wrong, wrong
    assert checked >= 5


def _is_csrf_exempt(app, url, method) -> bool:
    with app.test_request_context(url, method=method):
        return csrf._is_exempt()
