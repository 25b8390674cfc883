"""``python -m bench.compare RESULT.json ...``: runs side by side, as a Markdown table for the docs.

Per measurement and run: p50 and p95 of the wall clock and p95 of this process's CPU time
(in ms), or the throughput per second.
"""

import json
import sys
from pathlib import Path


def comparison(paths: list[Path]) -> str:
    """A Markdown table with one column per result file."""
    runs = [json.loads(path.read_text()) for path in paths]
    heads = [f"{r['size']} {r['database']['dialect']} ({r['data']['parties']:,}/{r['data']['contacts']:,})" for r in runs]
    lines = ["| meting | doel | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(runs)]
    names = list(dict.fromkeys(result["name"] for run in runs for result in run["results"]))
    for name in names:
        cells, title, target = [], name, ""
        for run in runs:
            result = next((r for r in run["results"] if r["name"] == name), None)
            if result is None:
                cells.append("")
                continue
            title, target = result["title"], result["target"] or ""
            cells.append(_cell(result))
        lines.append(f"| {title} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(result: dict) -> str:
    if result["status"] != "ok":
        return result["status"]
    if "per_second" in result:
        return f"{result['per_second']:.0f}/s (p95 {result['p95_ms']:.1f}, cpu {result.get('cpu_p95_ms', 0):.1f})"
    verdict = "" if result.get("target_met") is None else (" ✓" if result["target_met"] else " ✗")
    return (f"{result['p50_ms']:.1f} / **{result['p95_ms']:.1f}**{verdict} (cpu {result.get('cpu_p95_ms', 0):.1f})")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("gebruik: python -m bench.compare RESULTAAT.json ...")
    print(comparison([Path(argument) for argument in sys.argv[1:]]))
