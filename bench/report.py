"""What a run found, for people (a table) and for machines (JSON with the machine and versions)."""

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from bench.measure import Measurement, Timing, percentile

PACKAGES = ("flask", "sqlalchemy", "flask-sqlalchemy", "alembic", "psycopg", "werkzeug", "jinja2", "pyinstrument")


def result_entry(measurement: Measurement, status: str, timing: Timing | None = None, note: str = "") -> dict:
    """One measurement's outcome as plain data: percentiles in ms, throughput, verdict."""
    entry = {
        "name": measurement.name,
        "title": measurement.title,
        "status": status,  # ok, pending or failed
        "target": str(measurement.target) if measurement.target else None,
        "note": note,
    }
    if timing is not None and timing.samples_ms:
        samples = timing.samples_ms
        entry.update(
            samples=len(samples),
            p50_ms=round(percentile(samples, 50), 3),
            p95_ms=round(percentile(samples, 95), 3),
            p99_ms=round(percentile(samples, 99), 3),
            mean_ms=round(sum(samples) / len(samples), 3),
            max_ms=round(max(samples), 3),
        )
        if timing.cpu_ms:
            entry.update(cpu_p50_ms=round(percentile(timing.cpu_ms, 50), 3),
                         cpu_p95_ms=round(percentile(timing.cpu_ms, 95), 3))
        if timing.per_second is not None:
            entry["per_second"] = round(timing.per_second, 1)
        if measurement.target:
            entry["target_met"] = measurement.target.met_by(timing)
        entry["note"] = note or timing.note
    return entry


def machine() -> dict:
    """CPU, cores, memory and operating system of this machine."""
    info = {"platform": platform.platform(), "cores": os.cpu_count(), "cpu": platform.processor() or None}
    cpuinfo = _read("/proc/cpuinfo")
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            info["cpu"] = line.split(":", 1)[1].strip()
            break
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal"):
            info["memory_gib"] = round(int(line.split()[1]) / 1024**2, 1)
            break
    return info


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: how busy the machine was around the measurements."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def autogroup_nice() -> int | None:
    """The nice value of this process's scheduling autogroup (Linux), None where there is none."""
    text = _read("/proc/self/autogroup")
    return int(text.split("nice")[1]) if "nice" in text else None


def versions() -> dict:
    """Python and the packages whose speed the numbers depend on."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def git_commit(root: Path) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=5, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def table(results: list[dict]) -> str:
    """A fixed-width table: one line per measurement, pending ones with their reason."""
    lines = [f"{'meting':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cpu p95':>8} {'per s':>7}  "
             f"{'doel':<15} oordeel"]
    lines.append("-" * len(lines[0]) + "-" * 10)
    for r in results:
        if r["status"] != "ok" or "p50_ms" not in r:
            lines.append(f"{r['title']:<44} {'':>5} {'':>8} {'':>8} {'':>8} {'':>8} {'':>7}  {r['target'] or '':<15} "
                         f"{r['status']}: {r['note']}")
            continue
        per_second = f"{r['per_second']:.0f}" if "per_second" in r else ""
        verdict = {True: "gehaald", False: "GEMIST", None: ""}[r.get("target_met")]
        lines.append(
            f"{r['title']:<44} {r['samples']:>5} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} "
            f"{r.get('cpu_p95_ms', 0):>8.2f} {per_second:>7}  {r['target'] or '':<15} {verdict}"
        )
    return "\n".join(lines)


def write_json(path: Path, report: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    temporary.replace(path)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
