"""The measurements, registered on import; the order of imports is the order they run in.

Intake comes last because it writes: every read is measured on the data as generated.
"""

from bench.measurements import lookups, timeline, http, intake  # noqa: F401  (registers them)
