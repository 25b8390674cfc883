"""``python -m bench --size small``: the benchmark without the ``klantbeeld`` command."""

from bench.cli import bench_command

bench_command(prog_name="python -m bench")
