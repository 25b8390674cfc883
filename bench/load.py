"""``python -m bench.load``: 50 logged-in agents for 60 seconds against gunicorn, from a second process.

One command: it starts gunicorn with the repository's gunicorn.conf.py on 127.0.0.1 against a
benchmark database that ``python -m bench`` generated (never the app's own database), prepares
the targets (existing BSNs, phone numbers, e-mail addresses, accounts and a read token), runs
locust headless as a separate process (bench/locustfile.py), samples the memory (RSS) of every
gunicorn worker meanwhile, stops the server and reports percentiles, throughput and errors per
request type as a table and as JSON. Needs the ``bench`` extra (locust, psutil).
"""

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import click
import psutil
from flask_migrate import upgrade
from sqlalchemy import select

from bench import report
from bench.database import DEFAULT_SCHEMA, resolve
from bench.generate import generated_markers
from bench.generate.organisation import BENCH_PASSWORD
from bench.generate.vocabulary import SUBJECTS
from bench.measure import Bench
from bench.measurements.lookups import typed_bsns, typed_emails, typed_phones
from bench.run import bench_app
from crm import ROOT
from crm.extensions import db
from crm.models import Department, StaffUser
from crm.services.tokens import create_token

SAMPLE_VALUES = 500  # of each kind of look-up value


@click.command()
@click.option("--database", default="postgresql://127.0.0.1:5432/klantbeeld_bench", show_default=True,
              help="Een met `python -m bench` gegenereerde database (sqlite:///pad of postgresql://...).")
@click.option("--schema", default=DEFAULT_SCHEMA, show_default=True)
@click.option("--port", type=click.IntRange(1024, 65535), default=6000, show_default=True, help="Op 127.0.0.1.")
@click.option("--users", type=click.IntRange(1, 500), default=50, show_default=True)
@click.option("--seconds", type=click.IntRange(5, 600), default=60, show_default=True)
@click.option("--workers", type=click.IntRange(1, 32), help="Gunicorn-workers; standaard die van gunicorn.conf.py.")
@click.option("--max-requests", type=click.IntRange(1), default=50_000, show_default=True,
              help="Bovengrens op het aantal verzoeken van alle gebruikers samen.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Pad van het JSON-resultaat.")
def load_command(database, schema, port, users, seconds, workers, max_requests, out):
    """Load-test gunicorn with logged-in agents and report latency, throughput, errors and memory."""
    instance = Path(os.environ.get("KLANTBEELD_INSTANCE_PATH", ROOT / "instance"))
    target = resolve(database, "load", instance, schema)
    folder = instance / "bench" / "load"
    folder.mkdir(parents=True, exist_ok=True)
    targets_file = folder / "targets.json"
    targets = prepare_targets(target, instance)
    targets_file.write_text(json.dumps(targets))
    environment = {
        **os.environ,
        "KLANTBEELD_DATABASE_URL": target.url,
        "KLANTBEELD_SECRET_KEY": "load-test-only-secret",
        "KLANTBEELD_INSTANCE_PATH": str(folder / "instance"),
        "KLANTBEELD_SEARCH_INDEX_DIR": str(instance / "bench" / "search-index"),
        "KLANTBEELD_BIND": f"127.0.0.1:{port}",
        "KLANTBEELD_LOAD_TARGETS": str(targets_file),
        "KLANTBEELD_LOG_LEVEL": "WARNING",
    }
    if workers:
        environment["KLANTBEELD_WORKERS"] = str(workers)
    host = f"http://127.0.0.1:{port}"
    load_before = report.load_average()
    with open(folder / "gunicorn.log", "w") as server_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
             "--access-logfile", str(folder / "access.log"), "crm:create_app()"],
            cwd=ROOT, env=environment, stdout=server_log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(host, server)
            memory = _run_locust(host, users, seconds, max_requests, folder, environment, server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    outcome = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "database": {"dialect": target.dialect, "where": target.label},
        "data": {key: targets["markers"][key] for key in ("parties", "contacts")},
        "users": users, "seconds": seconds, "think_time_s": [1, 2],
        "gunicorn": {"workers": len(memory["workers"]), "config": "gunicorn.conf.py"},
        "machine": report.machine(),
        "load_average": {"before": load_before, "after": report.load_average()},
        "versions": {**report.versions(), "locust": _version("locust"), "gunicorn": _version("gunicorn")},
        "commit": report.git_commit(ROOT),
        "requests": _read_stats(folder / "locust_stats.csv"),
        "failures": _read_failures(folder / "locust_failures.csv"),
        "memory_mib": memory,
    }
    out = out or instance / "bench" / "results" / f"load-{target.dialect}.json"
    report.write_json(out, outcome)
    click.echo(load_table(outcome))
    click.echo(f"\nJSON: {out}")
    if outcome["failures"]:
        raise SystemExit(1)


def prepare_targets(target, instance: Path) -> dict:
    """Values that exist in the benchmark database, accounts to log in with, and a read token."""
    app = bench_app(target, instance)
    with app.app_context():
        markers = generated_markers(db.engine)
        if not markers:
            raise click.ClickException("geen complete benchmarkdata: genereer eerst met `python -m bench`")
        upgrade()  # as `python -m bench --reuse` does: tables of features merged since generating
        usernames = list(db.session.scalars(
            select(StaffUser.username).where(StaffUser.username.like("%-0%")).order_by(StaffUser.id)))
        department_id = db.session.scalar(select(Department.id).filter_by(code="kcc"))
        key = create_token(f"belastingtest {time.time_ns():x}", ["read"], ["kcc"]).key
        db.session.remove()
    sampler = Bench(app, 2026, SAMPLE_VALUES, 0, markers, 0).for_measurement("load")
    targets = {
        "markers": markers, "parties": markers["parties"], "usernames": usernames, "password": BENCH_PASSWORD,
        "department_id": department_id, "api_key": key, "subjects": sorted({s for v in SUBJECTS.values() for s in v}),
        "bsn": typed_bsns(sampler), "phone": typed_phones(sampler), "email": typed_emails(sampler),
    }
    with app.app_context():
        db.engine.dispose()
    return targets


def _wait_until_up(host: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise click.ClickException("gunicorn stopte bij het starten; zie instance/bench/load/gunicorn.log")
        try:
            with urllib.request.urlopen(f"{host}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise click.ClickException("gunicorn antwoordde niet binnen een minuut")


def _run_locust(host, users, seconds, max_requests, folder, environment, server) -> dict:
    """Run locust headless as a second process; sample each gunicorn worker's RSS every two seconds."""
    command = [
        sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
        "--host", host, "--users", str(users), "--spawn-rate", str(max(1, users // 5)), "--run-time", f"{seconds}s",
        "--csv", str(folder / "locust"), "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", "10",
    ]
    environment = {**environment, "KLANTBEELD_LOAD_MAX_REQUESTS": str(max_requests)}
    master = psutil.Process(server.pid)
    peak: dict[int, float] = {}
    with open(folder / "locust.log", "w") as log:
        runner = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + seconds + 60
        while runner.poll() is None:
            for worker in master.children():
                try:
                    rss = worker.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    continue
                peak[worker.pid] = max(peak.get(worker.pid, 0.0), rss)
            if time.monotonic() > deadline:
                runner.terminate()
            time.sleep(2)
    end = {}
    for worker in master.children():
        try:
            end[worker.pid] = worker.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            continue
    return {
        "master": round(master.memory_info().rss / 2**20, 1),
        "workers": [{"pid": pid, "peak": round(value, 1), "end": round(end.get(pid, 0.0), 1)}
                    for pid, value in sorted(peak.items())],
    }


def _read_stats(path: Path) -> list[dict]:
    rows = []
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            rows.append({
                "name": row["Name"], "method": row["Type"] or "", "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]), "per_second": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
                "mean_ms": round(float(row["Average Response Time"]), 1), "max_ms": float(row["Max Response Time"]),
            })
    return rows


def _read_failures(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="") as file:
        return [{"name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
                for row in csv.DictReader(file)]


def load_table(outcome: dict) -> str:
    """Per request type: count, errors, throughput and percentiles; then memory per worker."""
    lines = [f"{'verzoek':<28} {'aantal':>7} {'fouten':>7} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
             "-" * 80]
    for row in outcome["requests"]:
        lines.append(f"{row['name']:<28} {row['requests']:>7} {row['failures']:>7} {row['per_second']:>7.1f} "
                     f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} {row['p99_ms']:>8.0f}")
    workers = outcome["memory_mib"]["workers"]
    lines.append("")
    lines.append(f"gunicorn: {len(workers)} workers, RSS per worker (piek) "
                 + ", ".join(f"{w['peak']:.0f}" for w in workers) + f" MiB; master {outcome['memory_mib']['master']:.0f} MiB")
    lines.append(f"belasting (load average) voor/na: {outcome['load_average']['before']} / {outcome['load_average']['after']}")
    for failure in outcome["failures"]:
        lines.append(f"FOUT {failure['name']}: {failure['error']} ({failure['occurrences']}x)")
    return "\n".join(lines)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    load_command()
