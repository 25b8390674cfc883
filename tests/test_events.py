"""Outgoing events: signed CloudEvents to a real HTTP receiver on loopback, retries, dead letters and replay."""

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Contact, DeliveryStatus, EventDelivery, Role, utcnow
from crm.services.cases import open_case
from crm.services.contacts import ContactInput, record_contact
from crm.services.events import create_subscription, dead_letters, deliver_events, replay_delivery

SECRET = "a-long-shared-secret-for-tests"


class Receiver:
    """An HTTP server on 127.0.0.1 (port 0) that records what it receives and answers ``status``."""

    def __init__(self, status=204):
        self.received = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/klantbeeld"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url():
    """A loopback URL on which nothing listens: a receiver that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/down"


@pytest.fixture
def setting(make_department, make_user, make_case_type, make_person):
    department = make_department("vergunningen")
    return dict(
        user=make_user("anna", Role.EMPLOYEE, [department]),
        case_type=make_case_type(department),
        person=make_person("Jansen"),
    )


def test_a_recorded_contact_is_posted_as_a_signed_cloudevent(app, receiver, setting):
    create_subscription(receiver.url, ["contact.*"], SECRET)
    contact = record_contact(ContactInput(channel="telefoon", subject="Vraag", party_id=setting["person"].id), setting["user"])
    open_case(setting["case_type"].id, "Buurtfeest", setting["user"])  # not subscribed: not sent
    run = deliver_events()
    assert (run.fanned_out, run.delivered) == (1, 1)
    [(headers, body)] = receiver.received
    event = json.loads(body)
    assert event["specversion"] == "1.0" and event["type"] == "nl.klantbeeld.contact.recorded"
    assert event["subject"] == f"contact/{contact.id}" and event["data"]["party_id"] == setting["person"].id
    assert headers["Content-Type"].startswith("application/cloudevents+json")
    expected = hmac.new(SECRET.encode(), headers["X-Klantbeeld-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Klantbeeld-Signature"] == f"sha256={expected}"
    assert deliver_events().delivered == 0  # delivered once, not again


def test_a_receiver_that_is_down_gets_retries_with_back_off_then_a_dead_letter_and_a_replay(app, closed_port_url, setting):
    app.config.update(EVENTS_MAX_ATTEMPTS=3, EVENTS_RETRY_BASE_SECONDS=10)
    subscription = create_subscription(closed_port_url, ["*"], SECRET)
    record_contact(ContactInput(channel="balie", subject="Bezoek", party_id=setting["person"].id), setting["user"])
    # The contact is stored whatever happens to delivery.
    assert db.session.scalar(select(Contact.subject)) == "Bezoek"

    now = utcnow()
    first = deliver_events(now=now)
    delivery = db.session.scalar(select(EventDelivery))
    assert (first.failed, delivery.attempts, delivery.status) == (1, 1, "pending")
    assert delivery.next_attempt_at == now + timedelta(seconds=10)
    assert deliver_events(now=now + timedelta(seconds=5)).failed == 0  # not due yet
    deliver_events(now=now + timedelta(seconds=10))
    assert delivery.next_attempt_at == now + timedelta(seconds=30)  # 10 s later, then 20 s: doubled
    last = deliver_events(now=now + timedelta(seconds=30))
    assert last.dead == 1 and delivery.status == DeliveryStatus.DEAD
    assert [d.id for d in dead_letters()] == [delivery.id]

    # The receiver comes back up; the beheerder replays the dead letter.
    receiver = Receiver()
    try:
        subscription.url = receiver.url
        db.session.commit()
        replay_delivery(delivery.id)
        assert deliver_events().delivered == 1
        assert len(receiver.received) == 1 and dead_letters() == []
    finally:
        receiver.stop()


def test_a_receiver_answering_500_is_retried(app, setting):
    failing = Receiver(status=500)
    try:
        create_subscription(failing.url, ["case.opened"], SECRET)
        open_case(setting["case_type"].id, "Buurtfeest", setting["user"])
        run = deliver_events()
        delivery = db.session.scalar(select(EventDelivery))
        assert run.failed == 1 and delivery.last_status_code == 500 and delivery.last_error == "HTTP 500"
    finally:
        failing.stop()


def test_the_beheerder_manages_subscriptions_and_the_worker_from_the_cli(runner, receiver, setting, closed_port_url):
    result = runner.invoke(args=["subscriptions", "add", "--url", receiver.url, "--events", "case.*,task.created"])
    assert result.exit_code == 0, result.output
    assert "Geheim voor de handtekening" in result.output
    open_case(setting["case_type"].id, "Buurtfeest", setting["user"])
    result = runner.invoke(args=["deliver-events"])
    assert "afgeleverd=1" in result.output
    bad = runner.invoke(args=["subscriptions", "add", "--url", "ftp://example", "--events", "*"])
    assert bad.exit_code != 0 and "http" in bad.output
    assert "Geen mislukte afleveringen." in runner.invoke(args=["subscriptions", "dead-letters"]).output
