"""The load test's users: contact-centre agents, each logged in with an account of their own.

Run by ``python -m bench.load`` (which starts gunicorn, prepares the targets and reads the
results); it can also be run by hand with locust against a running server when
``KLANTBEELD_LOAD_TARGETS`` names a targets file written by bench.load.

Each agent, with one to two seconds between actions (a busy agent; a real one is slower), looks
a citizen up in the search box by BSN, phone number or e-mail address, opens party pages, reads
timelines through the API (as an integration does, with a read token) and registers contacts
through the real form, CSRF token included: the production configuration, nothing switched off.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

with open(os.environ["KLANTBEELD_LOAD_TARGETS"]) as _file:
    TARGETS = json.load(_file)

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Every select of the contact form is sent, empty where the agent chooses nothing, as a browser does.
_EMPTY_CHOICES = ("case_id", "case_type_id", "callback_department_id", "callback_team_id", "callback_assignee_id")
_accounts = itertools.cycle(TARGETS["usernames"])  # gevent runs users in one thread: no lock needed
# Bounded in requests as well as in time (--run-time): past this many, the run stops.
MAX_REQUESTS = int(os.environ.get("KLANTBEELD_LOAD_MAX_REQUESTS", "50000"))
_sent = itertools.count(1)


@events.request.add_listener
def _stop_when_bound_reached(**_details):
    if next(_sent) == MAX_REQUESTS and _runner is not None:
        _runner.quit()


_runner = None


@events.init.add_listener
def _remember_runner(environment, **_details):
    global _runner
    _runner = environment.runner


class Agent(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        self.rng = random.Random()
        username = next(_accounts)
        token = self._csrf("/login", "inloggen (formulier)")
        with self.client.post("/login", data={"username": username, "password": TARGETS["password"], "csrf_token": token},
                              name="inloggen", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"inloggen als {username}: {response.status_code}")

    @task(4)
    def look_up(self):
        kind = self.rng.choice(("bsn", "phone", "email"))
        query = self.rng.choice(TARGETS[kind])
        with self.client.get("/zoeken", params={"q": query}, name=f"zoekvak ({kind})", allow_redirects=False,
                             catch_response=True) as response:
            found = (response.status_code == 302 and "/partijen/" in response.headers.get("Location", "")) or (
                response.status_code == 200 and "/partijen/" in response.text)
            if not found:
                response.failure(f"niets gevonden voor {query!r} ({response.status_code})")

    @task(3)
    def party_page(self):
        self.client.get(f"/partijen/{self._party()}", name="partijpagina")

    @task(2)
    def timeline_api(self):
        self.client.get(f"/api/v1/parties/{self._party()}/timeline", params={"pageSize": 50}, name="tijdlijn-API",
                        headers={"Authorization": f"Token {TARGETS['api_key']}"})

    @task(1)
    def register_contact(self):
        party_id = self._party()
        token = self._csrf(f"/contacten/nieuw/{party_id}", "contactformulier")
        data = {
            "csrf_token": token, "channel": "telefoon", "direction": "inbound", "outcome": "resolved",
            "subject": self.rng.choice(TARGETS["subjects"]), "content": "Geregistreerd tijdens de belastingtest.",
            "department_id": str(TARGETS["department_id"]), "follow_up": "none",
            **dict.fromkeys(_EMPTY_CHOICES, ""),
        }
        with self.client.post(f"/contacten/nieuw/{party_id}", data=data, name="contact registreren",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"registreren gaf {response.status_code}")

    def _party(self) -> int:
        return self.rng.randint(1, TARGETS["parties"])

    def _csrf(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        match = _CSRF.search(response.text)
        return match.group(1) if match else ""
