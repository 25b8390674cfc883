"""Klantbeeld's benchmark: synthetic Dutch data at city scale and the latencies that matter.

Run ``python -m bench --size small`` (or ``klantbeeld bench``); see docs/PERFORMANCE.md.
"""
