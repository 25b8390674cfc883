"""Where e-mail comes from: an IMAP mailbox, or ``.eml``, mbox and Maildir files.

These read raw messages and nothing more; ``crm/services/mail_import.py`` hands each one to
the intake service and only then marks it processed, so a crash in between loses nothing.
"""

import imaplib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path


@dataclass(frozen=True)
class RawMessage:
    """One message as stored at its source: ``reference`` says where (for people and the quarantine)."""

    reference: str
    raw: bytes
    received_at: datetime | None = None
    uid: str | None = None  # the IMAP UID, to mark the message processed


class MailSourceError(OSError):
    """A mailbox or file that cannot be read at all (not one bad message: that is quarantined)."""


def messages_in_path(path: str | Path) -> Iterator[RawMessage]:
    """Every message in a ``.eml`` file, an mbox file or a Maildir folder (recognised by content)."""
    path = Path(path)
    if path.is_dir():
        if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise MailSourceError(f"{path} is geen Maildir (cur/, new/ en tmp/ ontbreken).")
        yield from _maildir(path)
        return
    if not path.is_file():
        raise MailSourceError(f"{path} bestaat niet.")
    with path.open("rb") as handle:
        start = handle.read(5)
    if start == b"From ":
        yield from _mbox(path)
    else:
        yield RawMessage(reference=str(path), raw=path.read_bytes())


def _maildir(path: Path) -> Iterator[RawMessage]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.keys()):
        message = box.get_message(key)
        received_at = datetime.fromtimestamp(message.get_date(), timezone.utc)
        yield RawMessage(reference=f"{path}#{key}", raw=box.get_bytes(key), received_at=received_at)


def _mbox(path: Path) -> Iterator[RawMessage]:
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for index, key in enumerate(box.keys(), start=1):
            yield RawMessage(reference=f"{path}#{index}", raw=box.get_bytes(key))
    finally:
        box.close()


@dataclass(frozen=True)
class ImapSettings:
    """How to reach the intake mailbox (from the KLANTBEELD_IMAP_* settings)."""

    host: str
    user: str
    password: str
    port: int = 993
    mailbox: str = "INBOX"
    ssl: bool = True
    # The IMAP keyword set on a message once its contact is committed.
    processed_flag: str = "$Klantbeeld"
    timeout: float = 30.0


_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class ImapMailbox:
    """A connection to one IMAP folder that lists unprocessed messages and flags processed ones.

    Messages are fetched with ``BODY.PEEK[]``, so reading does not mark them as seen for the
    people who also use the mailbox; "processed" is our own keyword, set by :meth:`mark_processed`.
    """

    def __init__(self, settings: ImapSettings):
        self.settings = settings
        self._imap: imaplib.IMAP4 | None = None
        self.uidvalidity = ""

    def __enter__(self) -> "ImapMailbox":
        s = self.settings
        try:
            factory = imaplib.IMAP4_SSL if s.ssl else imaplib.IMAP4
            self._imap = factory(s.host, s.port, timeout=s.timeout)
            self._imap.login(s.user, s.password)
            self._check(self._imap.select(_quote(s.mailbox)), "select")
            status, data = self._imap.response("UIDVALIDITY")
            self.uidvalidity = (data[0] or b"").decode() if data and data[0] else ""
        except (OSError, imaplib.IMAP4.error) as error:
            if self._imap is not None:
                self._imap.shutdown()
                self._imap = None
            raise MailSourceError(f"IMAP {s.host}:{s.port}: {error}") from None
        return self

    def __exit__(self, *exc_info) -> None:
        if self._imap is not None:
            try:
                self._imap.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
            self._imap = None

    def unprocessed(self) -> Iterator[RawMessage]:
        """The messages without the processed keyword, oldest UID first."""
        status, data = self._imap.uid("SEARCH", "UNKEYWORD", self.settings.processed_flag)
        self._check((status, data), "search")
        for uid in sorted((data[0] or b"").split(), key=int):
            status, parts = self._imap.uid("FETCH", uid, "(BODY.PEEK[] INTERNALDATE)")
            self._check((status, parts), "fetch")
            envelope, raw = next(((p[0], p[1]) for p in parts if isinstance(p, tuple)), (b"", None))
            if raw is None:
                continue  # expunged by someone else meanwhile
            yield RawMessage(
                reference=self._reference(uid.decode()),
                raw=raw,
                received_at=_internaldate(envelope),
                uid=uid.decode(),
            )

    def mark_processed(self, uid: str) -> None:
        """Set the processed keyword; called only after the contact (or quarantine) was committed."""
        self._check(self._imap.uid("STORE", uid, "+FLAGS", f"({self.settings.processed_flag})"), "store")

    def _reference(self, uid: str) -> str:
        s = self.settings
        return f"imap://{s.user}@{s.host}:{s.port}/{s.mailbox};UIDVALIDITY={self.uidvalidity}/;UID={uid}"

    def _check(self, response, what: str) -> None:
        status, data = response
        if status != "OK":
            raise MailSourceError(f"IMAP {what} mislukt: {data!r}")


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _internaldate(envelope: bytes) -> datetime | None:
    match = _INTERNALDATE.search(envelope or b"")
    if not match:
        return None
    try:
        return parsedate_to_datetime(match.group(1).decode().replace("-", " ", 2))
    except (TypeError, ValueError):
        return None
