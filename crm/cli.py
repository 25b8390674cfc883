"""The ``klantbeeld`` command: the Flask CLI bound to Klantbeeld, plus its own commands."""

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from crm import create_app
from crm.demo import demo_accounts, seed_demo_data
from crm.intake_cli import import_appointments_command, import_mail_command
from crm.models import Role
from crm.services.retention import apply_retention, plan_retention
from crm.services.users import create_user
from crm.validation import InvalidInput


def main() -> None:
    """Entry point of the ``klantbeeld`` console script."""
    cli = FlaskGroup(create_app=create_app, help="Klantbeeld: één tijdlijn per inwoner.")
    cli.main()


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_mail_command)
    app.cli.add_command(import_appointments_command)
    app.cli.add_command(retention_command)


@click.command("create-user")
@click.option("--username", required=True, help="Inlognaam.")
@click.option("--name", "full_name", required=True, help="Volledige naam.")
@click.option("--role", default="medewerker", show_default=True, help="medewerker, teamleider, beheerder of privacyfunctionaris.")
@click.option("--department", "departments", multiple=True, help="Afdelingscode; mag vaker.")
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer.")
def create_user_command(username, full_name, role, departments, email, password_stdin):
    """Create a staff account. The password is asked for (or read from stdin), never an argument."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(username, full_name, password, Role.parse(role), list(departments), email)
    except (InvalidInput, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Gebruiker {user.username} aangemaakt ({role}).")


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Alleen de database vullen, niet serveren.")
def demo_command(host, port, no_serve):
    """Migrate, fill an empty database with Dutch demo data, print the accounts, and serve."""
    upgrade()
    if seed_demo_data():
        click.echo("Demodata aangemaakt.")
    else:
        click.echo("De database bevat al gegevens; er is niets toegevoegd.")
    click.echo("\nDemo-accounts (gebruikersnaam / wachtwoord / rol):")
    for username, password, role in demo_accounts(current_app.instance_path):
        click.echo(f"  {username:<12} {password:<22} {role}")
    if no_serve:
        return
    click.echo(f"\nKlantbeeld draait op http://{host}:{port}/  (stoppen met Ctrl+C)")
    # Not app.run(): Flask ignores that inside a ``flask``/``klantbeeld`` command; run_simple
    # is what ``flask run`` itself uses.
    run_simple(host, port, current_app._get_current_object(), threaded=True)


@click.command("retention")
@click.option("--dry-run", "mode", flag_value="dry-run", help="Alleen tonen wat verlopen is; niets wijzigen.")
@click.option("--apply", "mode", flag_value="apply", help="Verlopen gegevens pseudonimiseren of vernietigen.")
def retention_command(mode):
    """Carry out the retention rules: ``--dry-run`` shows what has expired, ``--apply`` does it (logged)."""
    if mode is None:
        raise click.UsageError("Kies --dry-run of --apply.")
    steps = apply_retention() if mode == "apply" else plan_retention()
    total = 0
    for step in steps:
        rule = step.rule
        scope = " en ".join(
            part for part in (rule.case_type and f"zaaktype {rule.case_type.code}", rule.channel and f"kanaal {rule.channel.code}") if part
        )
        done = "gepseudonimiseerd" if rule.action == "pseudonymise" else "vernietigd"
        click.echo(
            f"Regel {rule.id} ({scope}, {rule.term_months} maanden): {len(step.case_ids)} zaken en "
            f"{len(step.contact_ids)} contactmomenten {'' if mode == 'apply' else 'worden '}{done}."
        )
        total += len(step.case_ids) + len(step.contact_ids)
    if not steps:
        click.echo("Er zijn geen actieve bewaarregels.")
    elif mode == "dry-run":
        click.echo(f"Proefdraaien: er is niets gewijzigd ({total} items verlopen).")
    else:
        click.echo(f"Klaar: {total} items verwerkt en vastgelegd in het verwerkingenlog.")
