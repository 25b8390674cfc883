"""One benchmark run: prepare the database (or reuse it), run the measurements, report."""

import os
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

import config as settings
from bench import database, report
from bench.database import DEFAULT_SCHEMA
from bench.generate import Size, generate, generated_markers
from bench.generate.organisation import BENCH_USERNAME
from bench.measure import REGISTRY, Bench, Pending
from crm import ROOT, create_app
from crm.extensions import db
from crm.models import StaffUser


@dataclass
class Options:
    size: Size
    database: str | None = None
    schema: str = DEFAULT_SCHEMA
    reuse: bool = False
    out: Path | None = None
    samples: int = 200
    warmup: int = 20
    seed: int = 2026
    only: tuple[str, ...] = ()
    profile: bool = False
    instance_path: Path = field(default_factory=lambda: Path(os.environ.get("KLANTBEELD_INSTANCE_PATH", ROOT / "instance")))


def run(options: Options, echo=print) -> dict:
    """Generate (unless reusable data is there), measure, print the table and write the JSON."""
    target = database.resolve(options.database, options.size.name, options.instance_path, options.schema)
    echo(f"Benchmarkdatabase: {target.label}")
    app = bench_app(target, options.instance_path)
    generation = _prepare(app, target, options, echo)
    with app.app_context():
        engine = db.engine
        markers = generated_markers(engine)
        viewer_id = db.session.scalar(select(StaffUser.id).filter_by(username=BENCH_USERNAME))
        version = database.server_version(engine)
        db.session.remove()
    profiler = _profiler_factory() if options.profile else None
    bench = Bench(app, options.seed, options.samples, options.warmup, markers, viewer_id, profiler_factory=profiler)
    results = []
    load_before = report.load_average()
    out = options.out or options.instance_path / "bench" / "results" / f"{options.size.name}-{target.dialect}.json"
    for measurement in REGISTRY.values():
        if options.only and measurement.name not in options.only:
            continue
        echo(f"  meten: {measurement.title} ...")
        results.append(_measure(measurement, bench))
        # Written after every measurement, so a run stopped halfway keeps what it measured.
        report.write_json(out, _outcome(options, target, markers, version, generation, load_before, results))
    outcome = _outcome(options, target, markers, version, generation, load_before, results)
    report.write_json(out, outcome)
    if bench.profiles:
        folder = out.with_suffix(".profiles")
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in bench.profiles.items():
            (folder / f"{name}.txt").write_text(text)
        echo(f"Profielen (pyinstrument): {folder}")
    echo("")
    echo(f"{options.size.name}: {markers['parties']:,} partijen, {markers['contacts']:,} contacten op {version}")
    echo(report.table(results))
    echo(f"\nJSON: {out}")
    app_engine_dispose(app)
    return outcome


def _outcome(options: Options, target, markers: dict, version: str, generation, load_before, results: list) -> dict:
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "size": options.size.name,
        "database": {"dialect": target.dialect, "version": version, "where": target.label},
        "data": {"parties": markers["parties"], "contacts": markers["contacts"], "seed": markers["seed"],
                 "heaviest_party_items": markers["heaviest_items"], "reused": generation is None},
        "generation": generation.as_dict() if generation else None,
        "samples": options.samples,
        "warmup": options.warmup,
        "machine": report.machine(),
        "load_average": {"before": load_before, "after": report.load_average()},
        # Above 0 the run yielded to other processes; below 0 it was given priority over them
        # (on Linux with autogroup scheduling only the autogroup's nice value counts).
        "niceness": {"process": os.nice(0), "autogroup": report.autogroup_nice()},
        "versions": report.versions(),
        "commit": report.git_commit(ROOT),
        "results": results,
    }


def bench_app(target: database.BenchDatabase, instance_path: Path) -> Flask:
    """The app as configured from the environment, but on the benchmark's own database.

    CSRF is off only so the HTTP measurements can log in with a plain POST; every GET runs
    exactly as in production.
    """
    config = settings.from_environment()
    config.update(
        DATABASE_URL=target.url,
        SECRET_KEY="benchmark-only-secret",
        WTF_CSRF_ENABLED=False,
        # Whoosh's index (SQLite) lives beside the database file, one per benchmark database.
        SEARCH_INDEX_DIR=str(Path(instance_path) / "bench" / f"search-index-{_stem(target)}"),
    )
    return create_app(config)


def _stem(target: database.BenchDatabase) -> str:
    return target.sqlite_path.stem if target.sqlite_path is not None else f"postgresql-{target.schema}"


def _prepare(app: Flask, target: database.BenchDatabase, options: Options, echo):
    """Reuse a complete database of the same size and seed when asked, else build a new one."""
    wanted = {"parties": options.size.parties, "contacts": options.size.contacts, "seed": options.seed}
    if options.reuse and database.exists(target):
        with app.app_context():
            markers = generated_markers(db.engine) or {}
            db.session.remove()
        if all(markers.get(key) == value for key, value in wanted.items()):
            # Features merged since the data was generated may bring new tables: bring the
            # schema to the current migrations (cheap while they only add tables and indexes).
            with app.app_context():
                upgrade()
                db.session.remove()
            echo("Bestaande benchmarkdata hergebruikt (--reuse).")
            return None
        echo("Geen complete data van deze grootte en seed; opnieuw genereren.")
    app_engine_dispose(app)
    database.reset(target)
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"], ignore_errors=True)  # an index of the old data
    with app.app_context():
        upgrade()
        echo(f"Genereren: {options.size.parties:,} partijen, {options.size.contacts:,} contacten ...")
        generation = generate(db.engine, options.size, options.seed, progress=echo)
        db.session.remove()
    echo(f"Gegenereerd in {generation.seconds:.1f} s: {sum(generation.rows.values()):,} rijen, "
         f"{generation.rows_per_second:,.0f} rijen/s, {generation.as_dict()['contacts_per_second']:,} contacten/s")
    return generation


def _measure(measurement, bench: Bench) -> dict:
    try:
        timing = measurement.function(bench.for_measurement(measurement.name))
    except Pending as pending:
        return report.result_entry(measurement, "pending", note=str(pending))
    except Exception as error:  # one broken measurement must not hide the others' numbers
        traceback.print_exc(file=sys.stderr)
        return report.result_entry(measurement, "failed", note=f"{type(error).__name__}: {error}")
    return report.result_entry(measurement, "ok", timing)


def _profiler_factory():
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument ontbreekt: pip install -e '.[bench]'") from None
    return lambda: Profiler(interval=0.0005)


def app_engine_dispose(app: Flask) -> None:
    """Close pooled connections (SQLite files are deleted, PostgreSQL schemas dropped next)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
