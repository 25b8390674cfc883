"""Pages and API calls through the whole Flask stack: login wall, session, view, template or JSON.

Requests go through Flask's test client in this process (no network, no WSGI server), logged in
as the benchmark's team lead; the load test against gunicorn measures the server on top of this.
A page whose endpoint does not exist yet is reported as pending; when it lands, set its real
endpoint name and URL arguments here and the measurement runs.
"""

from collections.abc import Callable

from flask import url_for
from sqlalchemy import select

from bench.generate.organisation import BENCH_PASSWORD, BENCH_USERNAME
from bench.generate.vocabulary import SURNAMES
from bench.measure import Bench, Pending, Target, Timing, measurement
from crm.extensions import db
from crm.models import Department


def http_measurement(name: str, title: str, endpoint: str, arguments: Callable[[Bench], list[dict]],
                     target: Target | None = None, owner: str = "") -> None:
    """Register a GET of ``endpoint`` with URL arguments per sample (from ``arguments(bench)``)."""

    @measurement(name, title, target)
    def measure(bench: Bench) -> Timing:
        if endpoint not in bench.app.view_functions:
            raise Pending(f"endpoint {endpoint!r} bestaat nog niet" + (f" ({owner})" if owner else ""))
        client = logged_in_client(bench)
        with bench.app.test_request_context():
            urls = [url_for(endpoint, **args) for args in arguments(bench)]

        def get(url: str) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise AssertionError(f"GET {url} gave {response.status_code}")

        return bench.time_calls(get, urls)


def logged_in_client(bench: Bench):
    """A test client with a session of the benchmark's team lead (logged in once, untimed)."""
    client = bench.app.test_client()
    response = client.post("/login", data={"username": BENCH_USERNAME, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise AssertionError(f"login as {BENCH_USERNAME} failed with {response.status_code}")
    return client


def _nothing(bench: Bench) -> list[dict]:
    return [{}] * (bench.warmup + bench.samples)


def _random_parties(bench: Bench) -> list[dict]:
    return [{"party_id": p} for p in bench.choose(range(1, bench.markers["parties"] + 1))]


def _surnames(bench: Bench) -> list[dict]:
    return [{"q": surname} for surname in bench.choose(SURNAMES)]


def _kcc(bench: Bench) -> list[dict]:
    with bench.app.app_context():
        department_id = db.session.scalar(select(Department.id).filter_by(code="kcc"))
    return [{"department_id": department_id}] * (bench.warmup + bench.samples)


http_measurement("http_start_page", "Startpagina (HTML, ingelogd)", "web.home", _nothing)
http_measurement("http_party_page", "Partijpagina (HTML)", "workspace.party", _random_parties,
                 Target("p95_ms", 50), owner="werkplek-UI")
http_measurement("http_timeline_api", "Tijdlijn-API, eerste pagina", "api.party_timeline", _random_parties,
                 Target("p95_ms", 30), owner="REST-API")
http_measurement("http_search", "Zoeken op achternaam", "search.results", _surnames,
                 Target("p95_ms", 100), owner="zoeken")
http_measurement("http_board", "Bord van de teamleider", "workspace.board", _kcc,
                 Target("p95_ms", 100), owner="werkplek-UI")
http_measurement("http_dashboard", "Managementdashboard", "dashboard.index", _nothing,
                 Target("p95_ms", 100), owner="dashboard")
