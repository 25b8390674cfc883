"""Requests through the whole Flask stack for the HTTP measurements: a logged-in session or an API token.

Requests go through Flask's test client in this process (no network, no WSGI server), so what
is timed is the app itself: login wall, session cookie, view, service, template or JSON. The
load test (bench/load.py) measures the same pages through gunicorn on top of this.
"""

import time
from collections.abc import Callable

from flask import url_for
from flask.testing import FlaskClient

from bench.generate.organisation import BENCH_PASSWORD, BENCH_USERNAME
from bench.measure import Bench, Pending, Target, Timing, measurement
from crm.extensions import db
from crm.services.tokens import create_token

# A page is fine when it answers 200, and the search box also when it opens the one party found.
OK = (200,)
OK_OR_REDIRECT = (200, 302)


def http_measurement(name: str, title: str, endpoint: str, arguments: Callable[[Bench], list[dict]],
                     target: Target | None = None, owner: str = "", api: bool = False,
                     accept: tuple[int, ...] = OK, check: Callable | None = None, max_samples: int | None = None) -> None:
    """Register a GET of ``endpoint`` with URL arguments per sample (from ``arguments(bench)``).

    ``api`` sends an API token instead of a session cookie; ``check(response)`` may reject an
    answer that has the right status but the wrong content (a look-up that found nothing);
    ``max_samples`` bounds the calls of a page that takes seconds, so a run stays within minutes.
    """

    @measurement(name, title, target)
    def measure(bench: Bench) -> Timing:
        if endpoint not in bench.app.view_functions:
            raise Pending(f"endpoint {endpoint!r} bestaat nog niet" + (f" ({owner})" if owner else ""))
        client = api_client(bench) if api else logged_in_client(bench)
        with bench.app.test_request_context():
            urls = [url_for(endpoint, **args) for args in arguments(bench)]
        if max_samples is not None and bench.samples > max_samples:
            warmup = min(bench.warmup, 2)
            urls = urls[bench.warmup - warmup:bench.warmup + max_samples]
            timing = time_gets(bench, client, urls, accept, check, warmup=warmup)
            timing.note = f"{max_samples} metingen (traag)"
            return timing
        return time_gets(bench, client, urls, accept, check)


def time_gets(bench: Bench, client: FlaskClient, urls: list[str], accept: tuple[int, ...] = OK,
              check: Callable | None = None, warmup: int | None = None) -> Timing:
    """Time one GET per URL (after the warm-up ones); any unexpected answer fails the measurement."""
    wrong = []

    def get(url: str) -> None:
        response = client.get(url)
        if response.status_code not in accept:
            raise AssertionError(f"GET {url} gave {response.status_code}")
        if check is not None and not check(response):
            wrong.append(url)

    timing = bench.time_calls(get, urls, warmup=warmup)
    if wrong:
        raise AssertionError(f"{len(wrong)} antwoorden zonder het verwachte resultaat, bijv. GET {wrong[0]}")
    return timing


def logged_in_client(bench: Bench) -> FlaskClient:
    """A test client with a session of the benchmark's team lead (logged in once, untimed)."""
    client = bench.app.test_client()
    response = client.post("/login", data={"username": BENCH_USERNAME, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise AssertionError(f"login as {BENCH_USERNAME} failed with {response.status_code}")
    return client


def api_client(bench: Bench) -> FlaskClient:
    """A test client that sends a read token of the KCC, issued once per run (untimed)."""
    client = bench.app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {bench_token_key(bench)}"
    return client


def bench_token_key(bench: Bench) -> str:
    """A new API key for this run: a token's key is shown only once, so a rerun issues another."""
    with bench.app.app_context():
        issued = create_token(f"benchmark {time.time_ns():x}", ["read"], ["kcc"])
        db.session.remove()
    return issued.key
