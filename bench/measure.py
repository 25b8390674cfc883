"""The measurement registry and the timing loop every measurement uses.

A measurement is a function registered with :func:`measurement`. It gets a :class:`Bench`
(the app, the seeded random source, the number of samples) and returns a :class:`Timing`,
usually from :meth:`Bench.time_calls`; it raises :class:`Pending` when what it measures does
not exist yet. Adding a measurement for a new feature is one more decorated function.
"""

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flask import Flask

from crm.extensions import db


class Pending(Exception):
    """What this measurement needs is not built yet; the message says what is missing."""


@dataclass(frozen=True)
class Target:
    """A goal from issue 11: ``p95`` at most ``value`` ms, or a throughput of at least ``value``/s."""

    kind: str  # "p95_ms" or "per_second"
    value: float

    def __str__(self) -> str:
        return f"p95 ≤ {self.value:g} ms" if self.kind == "p95_ms" else f"≥ {self.value:g}/s"

    def met_by(self, timing: "Timing") -> bool:
        if self.kind == "p95_ms":
            return percentile(timing.samples_ms, 95) <= self.value
        return (timing.per_second or 0.0) >= self.value


@dataclass
class Timing:
    """Latencies in milliseconds, and for throughput measurements the rate achieved."""

    samples_ms: list[float]
    per_second: float | None = None
    note: str = ""
    # CPU time of this process per call: unlike the wall clock it barely moves when other
    # processes compete for the cores, so the two side by side show how busy the machine was.
    # On PostgreSQL it leaves out the server's own work.
    cpu_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Measurement:
    name: str
    title: str
    function: Callable[["Bench"], Timing]
    target: Target | None = None


REGISTRY: dict[str, Measurement] = {}


def measurement(name: str, title: str, target: Target | None = None):
    """Register a measurement under ``name``; measurements run in the order they are registered."""

    def register(function: Callable[["Bench"], Timing]) -> Callable[["Bench"], Timing]:
        if name in REGISTRY:
            raise ValueError(f"measurement {name!r} registered twice")
        REGISTRY[name] = Measurement(name, title, function, target)
        return function

    return register


def percentile(samples: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least p % of samples at or below it."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Bench:
    """What a measurement works with. ``rng`` is seeded per measurement, so targets repeat."""

    app: Flask
    seed: int
    samples: int
    warmup: int
    markers: dict[str, int]
    viewer_id: int
    rng: random.Random = field(default_factory=random.Random)
    profiler_factory: Callable | None = None
    profiles: dict[str, str] = field(default_factory=dict)
    current: str = ""

    def for_measurement(self, name: str) -> "Bench":
        self.current = name
        self.rng = random.Random(f"{self.seed}:{name}")
        return self

    def time_calls(self, call: Callable, targets: Sequence, warmup: int | None = None) -> Timing:
        """Call ``call(target)`` for warm-up targets, then time it once per remaining target.

        Each call starts with a fresh database session, as each web request does, so nothing
        is served from the previous call's identity map.
        """
        warmup = self.warmup if warmup is None else warmup
        warm, timed = targets[:warmup], targets[warmup:]
        samples, cpu = [], []
        with self.app.app_context():
            for target in warm:
                call(target)
                db.session.remove()
            profiler = self.profiler_factory() if self.profiler_factory else None
            if profiler is not None:
                profiler.start()
            for target in timed:
                began, began_cpu = time.perf_counter(), time.process_time()
                call(target)
                samples.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
                db.session.remove()
            if profiler is not None:
                profiler.stop()
                self.profiles[self.current] = profiler.output_text(unicode=True, color=False)
        return Timing(samples, cpu_ms=cpu)

    def choose(self, population: Sequence, count: int | None = None) -> list:
        """``count`` (default: warm-up plus samples) seeded random picks, with repetition."""
        count = self.warmup + self.samples if count is None else count
        return [self.rng.choice(population) for _ in range(count)]
