"""``python -m bench.chart OUT.svg RESULT.json ...``: p95 latency against data size, as an SVG.

One panel per database; per measurement a line through the sizes that were run, the wall
clock solid and this process's CPU time dotted (on a busy machine the gap between them is
waiting, not Klantbeeld). Both axes are logarithmic. No plotting library is needed: the SVG is
written directly, so the chart is reproducible from the JSON files alone.
"""

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

# What the chart shows (the table in docs/PERFORMANCE.md has everything).
SHOWN = {
    "lookup_bsn": ("Zoeken op BSN", "#1b6ca8"),
    "http_lookup_phone": ("Zoekvak: telefoon (HTTP)", "#5aa9e6"),
    "timeline_first_page": ("Tijdlijn, 1e pagina", "#2a9d8f"),
    "api_timeline_first_page": ("Tijdlijn-API, 1e pagina", "#8ab17d"),
    "http_party_page": ("Partijpagina", "#e76f51"),
    "http_party_page_busy": ("Partijpagina ~5.000 items", "#b5179e"),
    "http_board": ("Bord", "#6a4c93"),
    "http_dashboard": ("Dashboard gemeente", "#f4a261"),
    "http_search": ("Zoeken in tekst", "#264653"),
}
WIDTH, HEIGHT, PANEL_GAP = 980, 520, 40
LEFT, RIGHT, TOP, BOTTOM = 60, 200, 50, 60
Y_MIN, Y_MAX = 0.3, 30000.0


def chart(paths: list[Path]) -> str:
    """The SVG text for these result files."""
    runs = [json.loads(path.read_text()) for path in paths]
    dialects = sorted({run["database"]["dialect"] for run in runs}, key=lambda d: d != "sqlite")
    sizes = sorted({run["data"]["parties"] for run in runs})
    panel_width = (WIDTH - LEFT - RIGHT - PANEL_GAP * (len(dialects) - 1)) / max(1, len(dialects))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">',
        '<title id="title">p95-latentie tegen datagrootte per meting en database</title>',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for index, dialect in enumerate(dialects):
        x0 = LEFT + index * (panel_width + PANEL_GAP)
        parts += _panel(x0, panel_width, dialect, [r for r in runs if r["database"]["dialect"] == dialect], sizes)
    parts += _legend(WIDTH - RIGHT + 15)
    parts.append("</svg>")
    return "\n".join(parts)


def _panel(x0: float, width: float, dialect: str, runs: list[dict], sizes: list[int]) -> list[str]:
    low, high = math.log10(min(sizes)) - 0.15, math.log10(max(sizes)) + 0.15
    bottom = HEIGHT - BOTTOM

    def x(parties: int) -> float:
        return x0 + (math.log10(parties) - low) / (high - low) * width

    def y(ms: float) -> float:
        ms = min(max(ms, Y_MIN), Y_MAX)
        return bottom - (math.log10(ms) - math.log10(Y_MIN)) / (math.log10(Y_MAX) - math.log10(Y_MIN)) * (bottom - TOP)

    title = "SQLite" if dialect == "sqlite" else "PostgreSQL"
    out = [f'<text x="{x0 + width / 2}" y="{TOP - 20}" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>',
           f'<rect x="{x0}" y="{TOP}" width="{width}" height="{bottom - TOP}" fill="none" stroke="#999"/>']
    for ms in (1, 10, 100, 1000, 10000):
        out.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{y(ms):.1f}" y2="{y(ms):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y(ms) + 4:.1f}" text-anchor="end">{ms:g}</text>')
    for parties in sizes:
        out.append(f'<text x="{x(parties):.1f}" y="{bottom + 18}" text-anchor="middle">{parties:,}</text>'.replace(",", "."))
    out.append(f'<text x="{x0 + width / 2}" y="{bottom + 40}" text-anchor="middle">partijen (×10 contacten)</text>')
    out.append(f'<text x="{x0 - 45}" y="{(TOP + bottom) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 - 45} {(TOP + bottom) / 2})">p95 in ms (log)</text>')
    for ms, label in ((10, "doel look-up"), (50, "doel partijpagina"), (100, "doel bord/zoeken")):
        out.append(f'<line x1="{x0}" x2="{x0 + width}" y1="{y(ms):.1f}" y2="{y(ms):.1f}" stroke="#c00" '
                   'stroke-dasharray="2 4" stroke-width="0.8"/>')
        out.append(f'<text x="{x0 + 4}" y="{y(ms) - 3:.1f}" fill="#c00" font-size="10">{label}</text>')
    for name, (_, colour) in SHOWN.items():
        for key, dash, stroke in (("p95_ms", "", 2), ("cpu_p95_ms", ' stroke-dasharray="1 3"', 1.2)):
            points = sorted(
                (run["data"]["parties"], result[key])
                for run in runs for result in run["results"]
                if result["name"] == name and result["status"] == "ok" and key in result
            )
            if not points:
                continue
            path = " ".join(f"{x(p):.1f},{y(ms):.1f}" for p, ms in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash}/>')
            if key == "p95_ms":
                out += [f'<circle cx="{x(p):.1f}" cy="{y(ms):.1f}" r="3" fill="{colour}"/>' for p, ms in points]
    return out


def _legend(x0: float) -> list[str]:
    out = []
    for row, (label, colour) in enumerate(SHOWN.values()):
        y0 = TOP + 10 + row * 20
        out.append(f'<line x1="{x0}" x2="{x0 + 22}" y1="{y0}" y2="{y0}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{x0 + 28}" y="{y0 + 4}">{escape(label)}</text>')
    y0 = TOP + 10 + len(SHOWN) * 20 + 10
    out.append(f'<text x="{x0}" y="{y0 + 4}" font-size="11">— wandklok, ··· CPU-tijd</text>')
    return out


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit("gebruik: python -m bench.chart UIT.svg RESULTAAT.json ...")
    Path(sys.argv[1]).write_text(chart([Path(argument) for argument in sys.argv[2:]]) + "\n")
    print(sys.argv[1])
