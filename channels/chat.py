"""Chat: a finished conversation's transcript to one ``ContactDraft``.

Transcript payload::

    {"conversation_id": "chat-5521", "topic": "Vraag over afvalpas",
     "started_at": "2025-03-12T10:02:00+01:00", "ended_at": "2025-03-12T10:09:30+01:00",
     "visitor": {"name": "Anna Jansen", "email": "anna@example.nl", "bsn": "111222333"},
     "participants": [{"id": "v", "role": "visitor", "name": "Anna Jansen"},
                      {"id": "a1", "role": "agent", "name": "Jan de Vries", "username": "jdevries"}],
     "messages": [{"at": "2025-03-12T10:02:05+01:00", "from": "v", "text": "Hoi, ..."},
                  {"at": "2025-03-12T10:03:10+01:00", "from": "a1", "text": "Goedemorgen, ..."}]}

The visitor's identity is optional (``bsn`` only when the chat was behind DigiD).
"""

from zoneinfo import ZoneInfo

from channels.draft import INBOUND, MAX_DURATION_SECONDS, ContactDraft, clip_subject, stable_id
from channels.payload import PayloadReader

CHANNEL = "chat"
ROLES = {"visitor": "visitor", "bezoeker": "visitor", "agent": "agent", "medewerker": "agent", "bot": "bot"}
_LOCAL = ZoneInfo("Europe/Amsterdam")


def parse(payload) -> ContactDraft:
    """Read a transcript; raises AdapterError listing every missing or malformed field."""
    reader = PayloadReader.of(payload)
    conversation_id = reader.text("conversation_id", required=True, max_length=200)
    topic = reader.text("topic", max_length=1000)
    started_at = reader.timestamp("started_at", required=True)
    ended_at = reader.timestamp("ended_at")
    hints = reader.identity("visitor")
    participants = {}
    visitors = set()
    agent_username = None
    for item in reader.items("participants"):
        ident = item.text("id", required=True, max_length=200)
        role = item.choice("role", ROLES)
        name = item.text("name", max_length=200) or role
        participants[ident] = name
        if role == "visitor":
            visitors.add(ident)
        if role == "agent" and agent_username is None:
            agent_username = item.text("username", max_length=80)
    lines = []
    first_visitor_text = None
    for item in reader.items("messages", required=True):
        at = item.timestamp("at", required=True)
        sender = item.text("from", required=True, max_length=200)
        text = item.text("text", required=True)
        if at is None or sender is None or text is None:
            continue
        if sender not in participants and participants:
            item.refuse("from", "unknown_participant", "Deze deelnemer staat niet in participants.")
        who = participants.get(sender, sender)
        lines.append(f"[{at.astimezone(_LOCAL):%H:%M}] {who}: {text}")
        if first_visitor_text is None and sender in visitors:
            first_visitor_text = text
    if started_at and ended_at and ended_at < started_at:
        reader.refuse("ended_at", "ends_before_start", "Het gesprek eindigt voor het begint.")
    elif started_at and ended_at and (ended_at - started_at).total_seconds() > MAX_DURATION_SECONDS:
        reader.refuse("ended_at", "too_long", "Een chatgesprek duurt hooguit een week.")
    reader.finish()
    return ContactDraft(
        channel=CHANNEL,
        direction=INBOUND,
        occurred_at=started_at,
        subject=clip_subject(topic or first_visitor_text, fallback="Chatgesprek"),
        content="\n".join(lines),
        external_id=stable_id(conversation_id),
        duration_seconds=round((ended_at - started_at).total_seconds()) if ended_at else None,
        agent=agent_username,
        metadata={"conversation_id": conversation_id, "participants": participants, "messages": len(lines)},
        **hints,
    )
