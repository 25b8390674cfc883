"""E-mail import from a real IMAP server (a private Dovecot on loopback) and from files.

The Dovecot fixture needs Debian's ``dovecot-imapd`` (installed by .ci/run). Without it the
IMAP tests are skipped locally and fail under CI=true.
"""

import imaplib
import mailbox
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from channels.mailsources import ImapMailbox, ImapSettings
from crm.extensions import db
from crm.models import Contact, ContactIdentification, QuarantinedInput, utcnow
from crm.services.imports import import_mail

PORTS = range(5210, 5220)
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str

    def connect(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4(self.host, self.port, timeout=10)
        connection.login(self.user, self.password)
        return connection


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 5210-5219 for the test IMAP server")


def _dovecot_config(base: Path, port: int) -> str:
    if os.getuid() == 0:
        login_user, internal_user, mail_user = "dovenull", "dovecot", "dovecot"
    else:  # an unprivileged run: everything as the current user
        login_user = internal_user = mail_user = pwd.getpwuid(os.getuid()).pw_name
    return f"""
base_dir = {base}/run
state_dir = {base}/state
instance_name = klantbeeld-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
log_path = {base}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 0
mail_location = maildir:{base}/mail/%u
passdb {{
  driver = passwd-file
  args = {base}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_user} home={base}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture(scope="module")
def imap_server():
    """A private Dovecot on 127.0.0.1 (port 5210-5219) with one mailbox user, stopped afterwards."""
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None:
        message = "Dovecot is not installed (apt-get install dovecot-imapd)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; the IMAP tests cannot be skipped under CI.")
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="klantbeeld-dovecot-"))
    base.chmod(0o755)
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir()
        (base / sub).chmod(0o755)
    if os.getuid() == 0:
        shutil.chown(base / "mail", "dovecot", "dovecot")
    server = ImapServer("127.0.0.1", _free_port(), "intake", "test-wachtwoord-42")
    (base / "passwd").write_text(f"{server.user}:{{PLAIN}}{server.password}::::::\n")
    (base / "dovecot.conf").write_text(_dovecot_config(base, server.port))
    output = (base / "dovecot.out").open("wb")
    process = subprocess.Popen([binary, "-F", "-c", str(base / "dovecot.conf")], stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                server.connect().logout()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (base / "dovecot.log").read_text() if (base / "dovecot.log").exists() else ""
                    pytest.fail(f"Dovecot did not start: {(base / 'dovecot.out').read_text()} {log}")
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def folder(imap_server, request):
    """A fresh IMAP folder for one test."""
    name = "Test" + request.node.name[-40:].replace("[", "").replace("]", "").replace("-", "")
    connection = imap_server.connect()
    connection.create(name)
    connection.logout()
    return name


def configure(app, server: ImapServer, folder: str) -> None:
    app.config.update(IMAP_HOST=server.host, IMAP_PORT=server.port, IMAP_USER=server.user,
                      IMAP_PASSWORD=server.password, IMAP_MAILBOX=folder, IMAP_SSL=False)


def message(n: int, sender: str = "anna@example.nl") -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["Subject"] = f"Vraag {n}"
    mail["Date"] = "Wed, 12 Mar 2025 09:30:00 +0100"
    mail["Message-ID"] = f"<vraag-{n}@example.nl>"
    mail.set_content(f"Dit is vraag nummer {n}.")
    return mail.as_bytes()


BROKEN = b"Subject: Zonder afzender\r\nDate: Wed, 12 Mar 2025 09:30:00 +0100\r\n\r\nWie ben ik?\r\n"


def deliver(server: ImapServer, folder: str, *messages: bytes) -> None:
    connection = server.connect()
    for raw in messages:
        status, _ = connection.append(folder, None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        assert status == "OK"
    connection.logout()


def flags(server: ImapServer, folder: str) -> list[str]:
    connection = server.connect()
    connection.select(folder, readonly=True)
    status, data = connection.uid("FETCH", "1:*", "(FLAGS)")
    connection.logout()
    return [line.decode() for line in data if line]


def count(model, **filters):
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**filters))


def test_import_mail_reads_the_mailbox_and_marks_messages_only_once_committed(app, runner, imap_server, folder, make_person):
    person = make_person("Jansen", emails=["anna@example.nl"])
    person.digital_addresses[0].verified_at = utcnow()
    db.session.commit()
    deliver(imap_server, folder, message(1), message(2, sender="onbekend@example.org"), BROKEN)
    configure(app, imap_server, folder)

    result = runner.invoke(args=["import-mail"])

    assert result.exit_code == 0, result.output
    assert "2 nieuw, 0 al eerder ontvangen, 1 te identificeren, 1 in quarantaine" in result.output
    assert count(Contact, party_id=person.id) == 1 and count(ContactIdentification) == 1
    [quarantined] = db.session.scalars(select(QuarantinedInput))
    assert quarantined.raw.replace(b"\r\n", b"\n") == BROKEN.replace(b"\r\n", b"\n")
    assert ";UID=3" in quarantined.reference
    marks = flags(imap_server, folder)
    assert len(marks) == 3 and all("$Klantbeeld" in line and "\\Seen" not in line for line in marks)

    again = runner.invoke(args=["import-mail"])
    assert "0 nieuw, 0 al eerder ontvangen, 0 te identificeren, 0 in quarantaine" in again.output
    assert count(Contact) == 2


def test_a_crash_between_commit_and_marking_loses_nothing_and_doubles_nothing(ctx, runner, imap_server, folder):
    deliver(imap_server, folder, *(message(n) for n in range(1, 5)))
    configure(ctx, imap_server, folder)
    settings = ImapSettings(host=imap_server.host, port=imap_server.port, user=imap_server.user,
                            password=imap_server.password, mailbox=folder, ssl=False)

    def mark_then_die_at_the_second(box):
        def on_committed(raw):
            if raw.uid == "2":
                raise ConnectionResetError("the process died after the commit")
            box.mark_processed(raw.uid)
        return on_committed

    with pytest.raises(ConnectionResetError), ImapMailbox(settings) as box:
        import_mail(box.unprocessed(), on_committed=mark_then_die_at_the_second(box))
    assert count(Contact) == 2  # messages 1 and 2 were committed; only 1 was marked
    assert sum("$Klantbeeld" in line for line in flags(imap_server, folder)) == 1

    result = runner.invoke(args=["import-mail"])
    assert "2 nieuw, 1 al eerder ontvangen" in result.output
    assert sorted(db.session.scalars(select(Contact.external_id))) == [f"<vraag-{n}@example.nl>" for n in range(1, 5)]
    assert all("$Klantbeeld" in line for line in flags(imap_server, folder))


def test_wrong_imap_credentials_are_a_clear_error(ctx, runner, imap_server, folder):
    configure(ctx, imap_server, folder)
    ctx.config["IMAP_PASSWORD"] = "fout"
    result = runner.invoke(args=["import-mail"])
    assert result.exit_code == 1 and "IMAP 127.0.0.1" in result.output


def test_import_mail_without_settings_or_files_says_what_to_set(runner):
    result = runner.invoke(args=["import-mail"])
    assert result.exit_code == 1 and "KLANTBEELD_IMAP_HOST" in result.output


def test_eml_mbox_and_maildir_files_are_imported_and_reruns_are_safe(ctx, runner, tmp_path):
    eml = tmp_path / "vraag.eml"
    eml.write_bytes(message(1))
    box = mailbox.mbox(tmp_path / "archief.mbox")
    for n in (2, 3):
        box.add(message(n))
    box.add(BROKEN)
    box.close()
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    maildir.add(message(4))
    maildir.add(message(2))  # the same message in two places is one contact

    paths = [str(eml), str(tmp_path / "archief.mbox"), str(tmp_path / "Maildir")]
    first = runner.invoke(args=["import-mail", *paths])
    assert first.exit_code == 0, first.output
    assert count(Contact) == 4 and count(QuarantinedInput) == 1
    assert "1 nieuw, 1 al eerder ontvangen" in first.output  # the Maildir line

    again = runner.invoke(args=["import-mail", *paths])
    assert again.output.count("0 nieuw") == 3
    assert count(Contact) == 4 and count(QuarantinedInput) == 1


def test_a_killed_import_loses_nothing_and_doubles_nothing_when_rerun(ctx, database_url, tmp_path):
    """Kill -9 the import process in the middle, run it again: every message exactly once."""
    total = 400
    box = mailbox.mbox(tmp_path / "groot.mbox")
    for n in range(total):
        box.add(message(n, sender=f"inwoner{n}@example.org"))
    box.close()
    env = {**os.environ, "KLANTBEELD_DATABASE_URL": database_url, "KLANTBEELD_INSTANCE_PATH": str(tmp_path / "instance"),
           "KLANTBEELD_SECRET_KEY": "test"}
    command = [sys.executable, "-m", "flask", "--app", "crm:create_app", "import-mail", str(tmp_path / "groot.mbox")]

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    killed_at = None
    while time.monotonic() < deadline and process.poll() is None:
        done = count(Contact)
        db.session.rollback()
        if done >= 20:
            process.send_signal(signal.SIGKILL)
            killed_at = done
            break
        time.sleep(0.01)
    process.wait()
    assert killed_at is not None and killed_at < total, "the import finished before it could be killed"

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert count(Contact) == total
    assert count(ContactIdentification) == total
    assert db.session.scalar(select(func.count(func.distinct(Contact.external_id)))) == total
