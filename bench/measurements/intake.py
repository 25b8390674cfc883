"""Registering contacts through crm.services.contacts.record_contact, one transaction each.

This is the write path every channel ends in: validation, the idempotency check on
(channel, external id), the insert, two outbox rows and the commit. The full intake adds the
channel adapter and the identification of the party (crm.services.intake).
"""

import time
import uuid
from datetime import datetime, timezone

from sqlalchemy import select

from bench.generate.activity import CHANNELS, DURATIONS
from bench.generate.vocabulary import CONTENT_DETAILS, SUBJECTS
from bench.measure import Bench, Target, Timing, measurement
from bench.measurements.lookups import typed_bsns, typed_emails
from crm.extensions import db
from crm.models import Department, StaffUser
from crm.services.contacts import ContactInput, record_contact
from crm.services.intake import receive_channel_event, receive_channel_events

INTAKE_TARGET = Target("per_second", 500)
BATCH = 50


@measurement("intake_record_contact", "Contact registreren (record_contact)", INTAKE_TARGET)
def intake_record_contact(bench: Bench) -> Timing:
    """As many contacts as samples, to random parties, each committed on its own."""
    inputs = _contacts(bench, bench.warmup + bench.samples)
    began = time.perf_counter()
    timing = bench.time_calls(_register(bench), inputs)
    elapsed = time.perf_counter() - began
    timing.per_second = len(timing.samples_ms) / (sum(timing.samples_ms) / 1000)
    timing.note = f"{len(inputs)} contacten in {elapsed:.1f} s (incl. opwarmen en sessiewissels)"
    return timing


@measurement("intake_record_contact_batch", f"Contacten registreren, {BATCH} per transactie", INTAKE_TARGET)
def intake_record_contact_batch(bench: Bench) -> Timing:
    """The same service with ``commit=False`` and one commit per batch, as a mailbox or CSV import
    can do; the percentiles are per batch."""
    warmup = 1 if bench.warmup else 0
    batches = warmup + max(1, bench.samples // BATCH)
    inputs = _contacts(bench, batches * BATCH)
    grouped = [inputs[i:i + BATCH] for i in range(0, len(inputs), BATCH)]
    register = _register(bench, commit=False)

    def call(batch: list[ContactInput]) -> None:
        for data in batch:
            register(data)
        db.session.commit()

    timing = bench.time_calls(call, grouped, warmup=warmup)
    timing.per_second = BATCH * len(timing.samples_ms) / (sum(timing.samples_ms) / 1000)
    timing.note = f"{len(timing.samples_ms)} transacties van {BATCH} contacten"
    return timing


@measurement("intake_full", "Volledige intake (webformulier: herkennen + registreren)", INTAKE_TARGET)
def intake_full(bench: Bench) -> Timing:
    """Web-form submissions through crm.services.intake.receive_channel_event, one transaction each.

    The whole path a channel takes: the adapter parses the raw payload, the hints are
    normalised, the party is identified (by BSN behind DigiD, else by e-mail address), the
    (channel, external id) dedupe is checked, the contact and its outbox rows are stored.
    """
    payloads = _submissions(bench, bench.warmup + bench.samples)
    unidentified = []

    def call(payload: dict) -> None:
        if receive_channel_event("webformulier", payload).needs_identification:
            unidentified.append(payload["submission_id"])

    timing = bench.time_calls(call, payloads)
    timing.per_second = len(timing.samples_ms) / (sum(timing.samples_ms) / 1000)
    timing.note = f"{len(unidentified)} van {len(payloads)} niet automatisch herkend (gedeeld e-mailadres)"
    return timing


@measurement("intake_full_batch", f"Volledige intake, {BATCH} webformulieren per transactie", INTAKE_TARGET)
def intake_full_batch(bench: Bench) -> Timing:
    """The same submissions through crm.services.intake.receive_channel_events: the same path per
    event (each on its own savepoint, all or nothing), one commit per batch; the percentiles
    are per batch."""
    warmup = 1 if bench.warmup else 0
    batches = warmup + max(1, bench.samples // BATCH)
    payloads = _submissions(bench, batches * BATCH)
    grouped = [payloads[i:i + BATCH] for i in range(0, len(payloads), BATCH)]
    created = []

    def call(batch: list[dict]) -> None:
        created.extend(result.status for result in receive_channel_events("webformulier", batch))

    timing = bench.time_calls(call, grouped, warmup=warmup)
    timing.per_second = BATCH * len(timing.samples_ms) / (sum(timing.samples_ms) / 1000)
    timing.note = f"{len(timing.samples_ms)} transacties van {BATCH}; {created.count('created')} van {len(payloads)} nieuw"
    return timing


def _submissions(bench: Bench, count: int) -> list[dict]:
    """Web-form submissions, 60 % behind DigiD (with a BSN), the rest with an e-mail address."""
    run = uuid.UUID(int=bench.rng.getrandbits(128)).hex[:8] + f"{time.time_ns():x}"
    bsns, emails = typed_bsns(bench), typed_emails(bench)
    payloads = []
    for number in range(count):
        digid = bench.rng.random() < 0.6
        department = bench.rng.choice(sorted(SUBJECTS))
        payloads.append({
            "submission_id": f"bench-{run}-{number}",
            "form": bench.rng.choice(SUBJECTS[department]),
            "submitted_at": datetime.now(timezone.utc).isoformat(),
            "fields": {"Toelichting": bench.rng.choice(CONTENT_DETAILS)},
            "submitter": {"bsn": bsns[number % len(bsns)]} if digid else {"email": emails[number % len(emails)]},
            "authentication": "digid" if digid else "none",
        })
    return payloads


def _register(bench: Bench, commit: bool = True):
    def call(data: ContactInput) -> None:
        actor = db.session.get(StaffUser, bench.viewer_id)
        record_contact(data, actor, commit=commit)

    return call


def _contacts(bench: Bench, count: int) -> list[ContactInput]:
    rng = bench.rng
    # Unique per run, so a rerun on the same database registers new contacts instead of
    # hitting the idempotency check.
    run = uuid.UUID(int=rng.getrandbits(128)).hex[:8] + f"{time.time_ns():x}"
    parties = bench.markers["parties"]
    with bench.app.app_context():
        departments = dict(db.session.execute(select(Department.code, Department.id)).all())
        db.session.remove()
    contacts = []
    for number in range(count):
        channel = rng.choice(CHANNELS)
        department = rng.choice(sorted(SUBJECTS))
        duration = DURATIONS.get(channel)
        contacts.append(
            ContactInput(
                channel=channel,
                subject=rng.choice(SUBJECTS[department]),
                party_id=rng.randint(1, parties),
                department_id=departments[department],
                content=rng.choice(CONTENT_DETAILS),
                outcome="resolved",
                duration_seconds=rng.randrange(*duration) if duration else None,
                external_id=None if channel in ("balie", "post") else f"bench-{run}-{number}",
            )
        )
    return contacts
