"""``python -m bench`` and ``klantbeeld bench``: one command that generates, measures and reports."""

from pathlib import Path

import click

import bench.measurements  # noqa: F401  (registers the measurements)
from bench.database import DEFAULT_SCHEMA
from bench.generate import SIZES, Size
from bench.measure import REGISTRY
from bench.run import Options, run


@click.command("bench")
@click.option("--size", type=click.Choice(list(SIZES)), default="small", show_default=True,
              help="tiny 200/2k, small 10k/100k, medium 100k/1M, large 1M/10M (partijen/contacten).")
@click.option("--parties", type=click.IntRange(1), help="Eigen aantal partijen (met --contacts).")
@click.option("--contacts", type=click.IntRange(1), help="Eigen aantal contacten (met --parties).")
@click.option("--database", help="sqlite:///pad of postgresql://host/db; standaard een SQLite-bestand in instance/bench/.")
@click.option("--schema", default=DEFAULT_SCHEMA, show_default=True, help="Schema op PostgreSQL (nooit public).")
@click.option("--reuse", is_flag=True, help="Bestaande data van dezelfde grootte en seed hergebruiken.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Pad van het JSON-resultaat.")
@click.option("--samples", type=click.IntRange(1), default=200, show_default=True, help="Gemeten aanroepen per meting.")
@click.option("--warmup", type=click.IntRange(0), default=20, show_default=True, help="Ongemeten aanroepen vooraf.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--only", multiple=True, type=click.Choice(list(REGISTRY)), help="Alleen deze meting; mag vaker.")
@click.option("--profile", is_flag=True, help="Profileer de gemeten aanroepen met pyinstrument.")
def bench_command(size, parties, contacts, database, schema, reuse, out, samples, warmup, seed, only, profile):
    """Generate synthetic Dutch data and measure look-ups, the timeline, intake and pages."""
    if (parties is None) != (contacts is None):
        raise click.UsageError("geef --parties en --contacts samen")
    chosen = Size(f"custom-{parties}-{contacts}", parties, contacts) if parties else SIZES[size]
    options = Options(size=chosen, database=database, schema=schema, reuse=reuse, out=out, samples=samples,
                      warmup=warmup, seed=seed, only=tuple(only), profile=profile)
    try:
        run(options, echo=click.echo)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
