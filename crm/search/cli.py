"""``klantbeeld index [--follow]`` and ``klantbeeld reindex``: the indexer on the command line."""

import signal
import time

import click
from flask import Flask

from crm.search.indexer import drain_outbox, given_up_count, rebuild_index, records_to_index, retry_failed


def register(app: Flask) -> None:
    app.cli.add_command(index_command)
    app.cli.add_command(reindex_command)


@click.command("index")
@click.option("--follow", is_flag=True, help="Blijf draaien en indexeer nieuwe wijzigingen (worker).")
@click.option("--interval", default=1.0, show_default=True, type=float, help="Seconden tussen rondes met --follow.")
@click.option("--retry-failed", "retry_failed_rows", is_flag=True, help="Probeer ook wijzigingen die vijf keer mislukten opnieuw.")
def index_command(follow, interval, retry_failed_rows):
    """Index what the outbox asks for; with --follow keep doing so until stopped."""
    if retry_failed_rows:
        click.echo(f"{retry_failed()} mislukte wijziging(en) krijgen een nieuwe kans.")
    stopping = []
    if follow:
        # Finish the batch in hand on SIGTERM (systemd, Docker, gunicorn-style supervisors).
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        report = drain_outbox(wait=30.0)
        if report.processed or report.failed:
            click.echo(f"{report.processed} geïndexeerd, {report.failed} mislukt.")
        if not follow or stopping:
            break
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            break
    given_up = given_up_count()
    if given_up:
        click.echo(f"{given_up} wijziging(en) mislukten vijf keer; zie outbox.last_error.", err=True)
        raise SystemExit(1)


@click.command("reindex")
def reindex_command():
    """Rebuild the search index from the database (after a restore, or to be sure)."""
    with click.progressbar(length=records_to_index(), label="Zoekindex opbouwen") as bar:
        total = rebuild_index(progress=bar.update)
    click.echo(f"{total} records geïndexeerd.")
