"""``klantbeeld import-mail`` and ``klantbeeld import-appointments``: the intake from files and mailboxes."""

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from channels.mailsources import ImapMailbox, ImapSettings, MailSourceError, messages_in_path
from crm.services.imports import import_appointments, import_mail


@click.command("import-mail")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--watch", type=click.IntRange(min=0), default=0, metavar="SECONDEN",
              help="Blijf de IMAP-mailbox elke zoveel seconden bekijken (stoppen met Ctrl+C).")
@with_appcontext
def import_mail_command(paths, watch):
    """Import e-mail: from the IMAP mailbox in KLANTBEELD_IMAP_*, or from .eml, mbox or Maildir PATHS."""
    if paths:
        try:
            for path in paths:
                _echo_report(str(path), import_mail(messages_in_path(path)))
        except MailSourceError as error:
            raise click.ClickException(str(error)) from None
        return
    settings = imap_settings(current_app.config)
    while True:
        try:
            with ImapMailbox(settings) as mailbox:
                report = import_mail(mailbox.unprocessed(), on_committed=lambda m: mailbox.mark_processed(m.uid))
            _echo_report(f"{settings.host}/{settings.mailbox}", report)
        except MailSourceError as error:
            if not watch:
                raise click.ClickException(str(error)) from None
            # A poller outlives a mail server restart: report and try again next round.
            click.echo(f"Mailbox niet bereikbaar, volgende poging over {watch} s: {error}", err=True)
        if not watch:
            return
        time.sleep(watch)


@click.command("import-appointments")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_appointments_command(file):
    """Import an appointment system's CSV export (Dutch headers, ``;``) as counter contacts."""
    report = import_appointments(file.read_bytes(), str(file))
    _echo_report(str(file), report)


def imap_settings(config) -> ImapSettings:
    """The IMAP settings from the configuration; refuses to start without host, user and password."""
    missing = [name for name in ("IMAP_HOST", "IMAP_USER", "IMAP_PASSWORD") if not config.get(name)]
    if missing:
        names = ", ".join(f"KLANTBEELD_{name}" for name in missing)
        raise click.ClickException(f"Stel eerst {names} in, of geef bestanden op.")
    return ImapSettings(
        host=config["IMAP_HOST"],
        port=int(config["IMAP_PORT"]),
        user=config["IMAP_USER"],
        password=config["IMAP_PASSWORD"],
        mailbox=config["IMAP_MAILBOX"],
        ssl=bool(config["IMAP_SSL"]),
        processed_flag=config["IMAP_PROCESSED_FLAG"],
    )


def _echo_report(source: str, report) -> None:
    click.echo(f"{source}: {report.summary()}.")
    for line in report.quarantined:
        click.echo(f"  in quarantaine: {line}", err=True)
    for line in report.skipped:
        click.echo(f"  overgeslagen: {line}")
