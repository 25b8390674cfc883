"""Commands for the beheerder: API tokens, event subscriptions, the dead-letter list and the delivery worker."""

import time

import click
from flask import Flask

from crm.services import events as event_service
from crm.services import tokens as token_service
from crm.services.errors import NotFound
from crm.validation import InvalidInput


def register(app: Flask) -> None:
    for command in (create_token, revoke_token, list_tokens, subscriptions, deliver_events):
        app.cli.add_command(command)


def _fail(error: Exception):
    raise click.ClickException(getattr(error, "message", str(error))) from None


@click.command("create-token")
@click.option("--name", required=True, help="Naam van het koppelende systeem.")
@click.option("--scopes", required=True, help="Komma-gescheiden: read, write, intake, admin.")
@click.option("--department", "departments", multiple=True, help="Afdelingscode waarvoor het token optreedt; mag vaker.")
def create_token(name, scopes, departments):
    """Issue an API token and print its key once; only a hash is stored."""
    try:
        issued = token_service.create_token(name, [s.strip() for s in scopes.split(",") if s.strip()], list(departments))
    except InvalidInput as error:
        _fail(error)
    click.echo(f"Token '{issued.token.name}' aangemaakt met scopes {', '.join(issued.token.scopes)}.")
    click.echo("Bewaar deze sleutel nu; hij wordt niet nog eens getoond:")
    click.echo(issued.key)


@click.command("revoke-token")
@click.option("--name", required=True, help="Naam van het token.")
def revoke_token(name):
    """Revoke an API token: its key is refused from now on."""
    try:
        token = token_service.revoke_token(name)
    except NotFound as error:
        _fail(error)
    click.echo(f"Token '{token.name}' ingetrokken.")


@click.command("list-tokens")
def list_tokens():
    """List the API tokens (never their keys)."""
    for token in token_service.list_tokens():
        state = "ingetrokken" if token.revoked_at else "actief"
        used = token.last_used_at.isoformat() if token.last_used_at else "nooit"
        departments = ",".join(d.code for d in token.departments) or "-"
        click.echo(f"{token.name}\t{state}\tscopes={','.join(token.scopes)}\tafdelingen={departments}\tlaatst gebruikt={used}")


@click.group("subscriptions")
def subscriptions():
    """Manage subscriptions to outgoing events."""


@subscriptions.command("add")
@click.option("--url", required=True)
@click.option("--events", "kinds", required=True, help="Komma-gescheiden, bijv. case.*,contact.recorded of *.")
@click.option("--secret-stdin", is_flag=True, help="Lees het geheim van standaardinvoer (anders wordt het gemaakt).")
@click.option("--description", default="")
def add_subscription(url, kinds, secret_stdin, description):
    """Register a URL that receives signed events; prints the secret once if it was generated."""
    secret = click.get_text_stream("stdin").readline().strip() if secret_stdin else None
    try:
        subscription = event_service.create_subscription(url, kinds.split(","), secret, description)
    except InvalidInput as error:
        _fail(error)
    click.echo(f"Abonnement {subscription.id} aangemaakt voor {', '.join(subscription.event_kinds)}.")
    if not secret_stdin:
        click.echo(f"Geheim voor de handtekening (bewaar het nu): {subscription.secret}")


@subscriptions.command("list")
def list_subscriptions():
    """List the subscriptions."""
    for subscription in event_service.list_subscriptions():
        state = "actief" if subscription.active else "uit"
        click.echo(f"{subscription.id}\t{state}\t{subscription.url}\t{','.join(subscription.event_kinds)}")


@subscriptions.command("deactivate")
@click.argument("subscription_id", type=int)
def deactivate_subscription(subscription_id):
    """Stop sending events to a subscription."""
    try:
        event_service.deactivate_subscription(subscription_id)
    except NotFound as error:
        _fail(error)
    click.echo(f"Abonnement {subscription_id} uitgeschakeld.")


@subscriptions.command("dead-letters")
def list_dead_letters():
    """Show deliveries that failed after their last retry."""
    letters = event_service.dead_letters()
    if not letters:
        click.echo("Geen mislukte afleveringen.")
    for delivery in letters:
        kind = (delivery.outbox_entry.payload or {}).get("type", "?")
        click.echo(
            f"{delivery.id}\t{kind}\t{delivery.subscription.url}\tpogingen={delivery.attempts}\tfout={delivery.last_error}"
        )


@subscriptions.command("replay")
@click.argument("delivery_ids", type=int, nargs=-1)
@click.option("--all", "replay_all", is_flag=True, help="Alle mislukte afleveringen opnieuw versturen.")
def replay(delivery_ids, replay_all):
    """Queue dead deliveries again (by id, or --all)."""
    ids = [d.id for d in event_service.dead_letters()] if replay_all else list(delivery_ids)
    try:
        for delivery_id in ids:
            event_service.replay_delivery(delivery_id)
    except (NotFound, InvalidInput) as error:
        _fail(error)
    click.echo(f"{len(ids)} aflevering(en) opnieuw in de wachtrij.")


@click.command("deliver-events")
@click.option("--follow", is_flag=True, help="Blijf draaien en kijk elke --interval seconden opnieuw.")
@click.option("--interval", default=5.0, show_default=True, type=float)
def deliver_events(follow, interval):
    """Deliver outgoing events from the outbox (once, or keep going with --follow)."""
    while True:
        run = event_service.deliver_events()
        if run.fanned_out or run.delivered or run.failed or run.dead or not follow:
            click.echo(
                f"nieuw={run.fanned_out} afgeleverd={run.delivered} later opnieuw={run.failed} opgegeven={run.dead}"
            )
        if not follow:
            return
        time.sleep(interval)
