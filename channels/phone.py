"""Telephony: call events (new, answered, hung up, missed, abandoned) to one contact per call.

The platform posts one event at a time. :func:`parse` turns one event into a
:class:`CallEvent`; :func:`contact_for_call` turns all events of one call into a
``ContactDraft`` once the call has ended. Remembering the earlier events of a call is state,
so it is not done here: the intake service keeps them in the database (table ``call_event``).

Event payload::

    {"call_id": "c-81723", "event": "answered", "timestamp": "2025-03-12T09:30:12+01:00",
     "direction": "inbound", "caller": "06 12345678", "called": "14 013",
     "queue": "Vergunningen", "agent": "jdevries"}
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from channels.draft import FAILED, INBOUND, MAX_DURATION_SECONDS, OUTBOUND, ContactDraft, clip_subject, stable_id
from channels.payload import PayloadReader

CHANNEL = "telefoon"

NEW, ANSWERED, HANGUP, MISSED, ABANDONED = "new", "answered", "hangup", "missed", "abandoned"
# Names telephony platforms use for the same moments.
EVENT_NAMES = {
    "new": NEW, "ringing": NEW, "offered": NEW,
    "answered": ANSWERED, "connected": ANSWERED,
    "hangup": HANGUP, "hung_up": HANGUP, "ended": HANGUP, "completed": HANGUP,
    "missed": MISSED, "no_answer": MISSED,
    "abandoned": ABANDONED,
}
ENDING_EVENTS = {HANGUP, MISSED, ABANDONED}
DIRECTION_NAMES = {"inbound": INBOUND, "in": INBOUND, "outbound": OUTBOUND, "out": OUTBOUND}


@dataclass(frozen=True)
class CallEvent:
    """One moment in one call, as the telephony platform reported it."""

    call_id: str
    event: str
    occurred_at: datetime
    direction: str = INBOUND
    caller: str | None = None
    called: str | None = None
    queue: str | None = None
    agent: str | None = None

    @property
    def ends_call(self) -> bool:
        return self.event in ENDING_EVENTS

    def as_dict(self) -> dict:
        """JSON-ready form, for keeping the event until the call ends."""
        data = asdict(self)
        data["occurred_at"] = self.occurred_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CallEvent":
        return cls(**{**data, "occurred_at": datetime.fromisoformat(data["occurred_at"])})


def parse(payload) -> CallEvent:
    """Read one call event; raises AdapterError listing every missing or malformed field."""
    reader = PayloadReader.of(payload)
    call_id = reader.text("call_id", required=True, max_length=200)
    event = reader.choice("event", EVENT_NAMES)
    occurred_at = reader.timestamp("timestamp", required=True)
    direction = reader.choice("direction", DIRECTION_NAMES, default=INBOUND)
    fields = {name: reader.text(name, max_length=100) for name in ("caller", "called", "queue", "agent")}
    reader.finish()
    return CallEvent(call_id=call_id, event=event, occurred_at=occurred_at, direction=direction, **fields)


def contact_for_call(events: list[CallEvent]) -> ContactDraft | None:
    """The contact for one call, or None while it has not ended.

    The call starts at its first event. Answered calls get the talk time (answer to end) as
    duration; a call that ends unanswered (missed, abandoned, or hung up before an answer)
    becomes a contact with outcome "failed" (niet gelukt) and duration 0. Events may arrive
    out of order: only their timestamps count.
    """
    if not events:
        return None
    if len({event.call_id for event in events}) != 1:
        raise ValueError("contact_for_call needs the events of one call")
    ordered = sorted(events, key=lambda event: event.occurred_at)
    endings = [event for event in ordered if event.ends_call]
    if not endings:
        return None
    start, end = ordered[0], endings[-1]
    answered = next((event for event in ordered if event.event == ANSWERED), None)
    direction = start.direction
    other_party = _first(ordered, "caller" if direction == INBOUND else "called")
    queue, agent = _first(ordered, "queue"), _first(ordered, "agent")
    unanswered = answered is None or end.event in {MISSED, ABANDONED}
    talk_seconds = 0 if unanswered else _seconds(answered.occurred_at, end.occurred_at)
    ring_seconds = _seconds(start.occurred_at, (answered or end).occurred_at)

    if unanswered:
        label = "Afgebroken oproep" if end.event == ABANDONED else "Gemiste oproep"
    else:
        label = "Inkomend telefoongesprek" if direction == INBOUND else "Uitgaand telefoongesprek"
    subject = f"{label} {other_party}" if other_party else label
    lines = [
        f"Wachtrij: {queue}" if queue else None,
        f"Gebeld nummer: {_first(ordered, 'called')}" if direction == INBOUND and _first(ordered, "called") else None,
        f"Beller: {other_party}" if other_party else "Beller: anoniem",
        f"Medewerker: {agent}" if agent else None,
        f"Wachttijd: {ring_seconds} s",
        f"Gespreksduur: {talk_seconds} s" if not unanswered else "Niet beantwoord",
    ]
    return ContactDraft(
        channel=CHANNEL,
        direction=direction,
        occurred_at=start.occurred_at,
        subject=clip_subject(subject),
        content="\n".join(line for line in lines if line),
        outcome=FAILED if unanswered else None,
        external_id=stable_id(start.call_id),
        duration_seconds=talk_seconds,
        phone=other_party,
        agent=agent if not unanswered else None,
        metadata={
            "call_id": start.call_id,
            "queue": queue,
            "called": _first(ordered, "called"),
            "ring_seconds": ring_seconds,
            "ended_by": end.event,
        },
    )


def _seconds(start: datetime, end: datetime) -> int:
    """Whole seconds between two moments, within 0 and the longest plausible contact."""
    return min(MAX_DURATION_SECONDS, max(0, round((end - start).total_seconds())))


def _first(events: list[CallEvent], attribute: str) -> str | None:
    return next((getattr(e, attribute) for e in events if getattr(e, attribute)), None)
