"""Outgoing events: subscriptions, and delivering the outbox's events as signed CloudEvents.

The use cases that change data only write an outbox row (crm.services.outbox.enqueue_event)
in their own transaction. This module runs afterwards, in a worker: it fans each new event
out to the subscriptions that want it, POSTs it, and retries with exponential back-off; after
the last attempt a delivery is dead and waits on the dead-letter list for a replay. Nothing
here can block or undo the transaction that caused the event.
"""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from crm.extensions import db
from crm.models import DeliveryStatus, EventDelivery, OutboxEntry, Subscription, utcnow
from crm.services.errors import NotFound
from crm.services.outbox import EVENTS_TOPIC
from crm.validation import InvalidInput

SIGNATURE_HEADER = "X-Klantbeeld-Signature"
TIMESTAMP_HEADER = "X-Klantbeeld-Timestamp"
EVENT_TYPE_PREFIX = "nl.klantbeeld."
DEFAULTS = {
    "EVENTS_MAX_ATTEMPTS": 8,
    "EVENTS_RETRY_BASE_SECONDS": 30,
    "EVENTS_RETRY_MAX_SECONDS": 6 * 3600,
    "EVENTS_TIMEOUT_SECONDS": 5,
    "EVENTS_SOURCE": "/klantbeeld",
}


@dataclass(frozen=True)
class DeliveryRun:
    fanned_out: int
    delivered: int
    failed: int
    dead: int


def _setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


def create_subscription(url: str, event_kinds: list[str], secret: str | None = None, description: str = "") -> Subscription:
    """Register an http(s) URL for event kinds (``case.opened``, ``case.*`` or ``*``); a secret is made if none is given."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(url) > 1000:
        raise InvalidInput("invalid_url", "Geef een http- of https-adres.", "url")
    kinds = [kind.strip() for kind in event_kinds if kind.strip()]
    if not kinds:
        raise InvalidInput("required", "Kies minstens één soort gebeurtenis.", "event_kinds")
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 16:
        raise InvalidInput("weak_secret", "Een geheim heeft minstens 16 tekens.", "secret")
    subscription = Subscription(url=url.strip(), event_kinds=kinds, secret=secret, description=(description or "")[:200])
    db.session.add(subscription)
    db.session.commit()
    return subscription


def deactivate_subscription(subscription_id: int) -> Subscription:
    """Stop sending events to a subscription; what is pending is not sent any more."""
    subscription = db.session.get(Subscription, subscription_id)
    if subscription is None:
        raise NotFound("Dit abonnement bestaat niet.")
    subscription.active = False
    db.session.commit()
    return subscription


def list_subscriptions() -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).order_by(Subscription.id)))


def dead_letters() -> list[EventDelivery]:
    """Deliveries that gave up, oldest first: the beheerder's dead-letter list."""
    statement = select(EventDelivery).where(EventDelivery.status == DeliveryStatus.DEAD.value).order_by(EventDelivery.id)
    return list(db.session.scalars(statement))


def replay_delivery(delivery_id: int) -> EventDelivery:
    """Put a dead delivery back in the queue with a fresh set of attempts."""
    delivery = db.session.get(EventDelivery, delivery_id)
    if delivery is None:
        raise NotFound("Deze aflevering bestaat niet.")
    if delivery.status != DeliveryStatus.DEAD.value:
        raise InvalidInput("not_dead", "Alleen een mislukte aflevering kan opnieuw worden verstuurd.", "delivery_id")
    delivery.status = DeliveryStatus.PENDING.value
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    db.session.commit()
    return delivery


def deliver_events(now: datetime | None = None, limit: int = 100) -> DeliveryRun:
    """One round of the worker: fan out new events, then try every delivery that is due."""
    now = now or utcnow()
    fanned_out = fan_out_events(limit, now)
    delivered = failed = dead = 0
    for _ in range(limit):
        # One delivery per transaction, locked with SKIP LOCKED so several workers can share
        # the queue on PostgreSQL (SQLite has one writer anyway and ignores it).
        due = (
            select(EventDelivery)
            .where(EventDelivery.status == DeliveryStatus.PENDING.value, EventDelivery.next_attempt_at <= now)
            .order_by(EventDelivery.next_attempt_at, EventDelivery.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        delivery = db.session.scalar(due)
        if delivery is None:
            break
        outcome = _attempt(delivery, now)
        delivered += outcome == DeliveryStatus.DELIVERED
        dead += outcome == DeliveryStatus.DEAD
        failed += outcome == DeliveryStatus.PENDING
        db.session.commit()
    return DeliveryRun(fanned_out, delivered, failed, dead)


def fan_out_events(limit: int = 500, now: datetime | None = None) -> int:
    """Make a delivery per interested active subscription for each unprocessed event."""
    statement = (
        select(OutboxEntry)
        .where(OutboxEntry.topic == EVENTS_TOPIC, OutboxEntry.processed_at.is_(None))
        .order_by(OutboxEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    entries = db.session.scalars(statement).all()
    if not entries:
        return 0
    subscriptions = list(db.session.scalars(select(Subscription).where(Subscription.active.is_(True))))
    count = 0
    now = now or utcnow()
    for entry in entries:
        kind = (entry.payload or {}).get("type", "")
        for subscription in subscriptions:
            if subscription.wants(kind):
                db.session.add(EventDelivery(subscription_id=subscription.id, outbox_id=entry.id, next_attempt_at=now))
                count += 1
        entry.processed_at = now
    db.session.commit()
    return count


def cloud_event(entry: OutboxEntry) -> dict:
    """The CloudEvents 1.0 structured form of an outbox event."""
    payload = entry.payload or {}
    return {
        "specversion": "1.0",
        "id": f"klantbeeld-event-{entry.id}",
        "source": _setting("EVENTS_SOURCE"),
        "type": EVENT_TYPE_PREFIX + payload.get("type", "unknown"),
        "subject": f"{entry.entity}/{entry.entity_id}",
        "time": entry.created_at.isoformat(),
        "datacontenttype": "application/json",
        "data": payload.get("data", {}),
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``<timestamp>.<body>``, as ``sha256=<hex>`` (the timestamp stops replays)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _attempt(delivery: EventDelivery, now: datetime) -> DeliveryStatus:
    subscription = delivery.subscription
    if not subscription.active:
        delivery.status = DeliveryStatus.DEAD.value
        delivery.last_error = "Abonnement is uitgeschakeld."
        return DeliveryStatus.DEAD
    body = json.dumps(cloud_event(delivery.outbox_entry), separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/cloudevents+json; charset=utf-8",
            "User-Agent": "Klantbeeld-events/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(subscription.secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    try:
        with urllib.request.urlopen(request, timeout=_setting("EVENTS_TIMEOUT_SECONDS")) as response:
            delivery.last_status_code = response.status
    except urllib.error.HTTPError as error:
        delivery.last_status_code = error.code
        return _failed(delivery, now, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        delivery.last_status_code = None
        return _failed(delivery, now, str(getattr(error, "reason", error))[:1000])
    delivery.status = DeliveryStatus.DELIVERED.value
    delivery.delivered_at = now
    delivery.last_error = None
    return DeliveryStatus.DELIVERED


def _failed(delivery: EventDelivery, now: datetime, error: str) -> DeliveryStatus:
    delivery.last_error = error
    if delivery.attempts >= _setting("EVENTS_MAX_ATTEMPTS"):
        delivery.status = DeliveryStatus.DEAD.value
        return DeliveryStatus.DEAD
    delay = min(_setting("EVENTS_RETRY_BASE_SECONDS") * 2 ** (delivery.attempts - 1), _setting("EVENTS_RETRY_MAX_SECONDS"))
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    return DeliveryStatus.PENDING
