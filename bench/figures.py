"""The figures of `make bench`: a measured value with its unit, or missing with the reason.

A figure that could not be measured stays missing (value null and the reason why); nothing
here ever fills one in.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

UNITS = frozenset({"ms", "req/s", "1/s", "s", "ratio", "count", "commit"})
BARE = "bare"


@dataclass(frozen=True)
class Figure:
    value: float | int | str | None
    unit: str
    missing: str | None = None

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if (self.value is None) == (self.missing is None):
            raise ValueError("a figure has either a value or the reason it is missing")

    def as_json(self) -> dict:
        if self.value is None:
            return {"value": None, "unit": self.unit, "missing": self.missing}
        return {"value": self.value, "unit": self.unit}


def measured(value: float | int | str, unit: str) -> Figure:
    return Figure(value=value, unit=unit)


def missing(unit: str, reason: str) -> Figure:
    return Figure(value=None, unit=unit, missing=reason)


@dataclass(frozen=True)
class LoadResult:
    """What one scenario's measured window saw, after the logins and the warm-up."""

    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    rps: float
    loadgen_cpu_ratio: float
    first_error: str | None = None


@dataclass(frozen=True)
class NotMeasured:
    reason: str


PAGE_UNITS = {
    "p50_ms": "ms",
    "p95_ms": "ms",
    "rps": "req/s",
    "failures": "count",
    "loadgen_cpu_ratio": "ratio",
}
RATIO_UNITS = {"p95_ratio_to_bare": "ratio", "rps_ratio_to_bare": "ratio"}


def _own_figures(outcome: LoadResult | NotMeasured) -> dict[str, Figure]:
    if isinstance(outcome, NotMeasured):
        return {key: missing(unit, outcome.reason) for key, unit in PAGE_UNITS.items()}
    figures = {
        "failures": measured(outcome.failures, "count"),
        "loadgen_cpu_ratio": measured(round(outcome.loadgen_cpu_ratio, 2), "ratio"),
    }
    # Latencies of failed requests time error pages, not the page: they would mislead.
    if outcome.requests == 0:
        reason = "no request completed in the measured window"
    elif outcome.failures:
        reason = f"{outcome.failures} of {outcome.requests} requests failed: {outcome.first_error}"
    else:
        reason = None
    for key, value in (
        ("p50_ms", outcome.p50_ms),
        ("p95_ms", outcome.p95_ms),
        ("rps", round(outcome.rps, 1)),
    ):
        unit = PAGE_UNITS[key]
        figures[key] = missing(unit, reason) if reason else measured(value, unit)
    return {key: figures[key] for key in PAGE_UNITS}


def ratio(own: Figure, base: Figure) -> Figure:
    """own / base, missing when either is, or when the base is zero."""
    if own.value is None:
        return missing("ratio", own.missing)
    if base.value is None:
        return missing("ratio", f"bare view: {base.missing}")
    if base.value == 0:
        return missing("ratio", "the bare view's figure is 0")
    return measured(round(own.value / base.value, 3), "ratio")


def page_figures(
    name: str,
    outcome: LoadResult | NotMeasured,
    bare: LoadResult | NotMeasured | None,
) -> dict[str, Figure]:
    """`<name>_p50_ms` and the rest; with `bare`, the ratios to the bare view too."""
    own = _own_figures(outcome)
    figures = {f"{name}_{key}": figure for key, figure in own.items()}
    if bare is not None:
        base = _own_figures(bare)
        figures[f"{name}_p95_ratio_to_bare"] = ratio(own["p95_ms"], base["p95_ms"])
        figures[f"{name}_rps_ratio_to_bare"] = ratio(own["rps"], base["rps"])
    return figures


def missing_page_figures(name: str, reason: str) -> dict[str, Figure]:
    """Every figure of a page scenario that cannot run yet."""
    units = {**PAGE_UNITS, **RATIO_UNITS}
    return {f"{name}_{key}": missing(unit, reason) for key, unit in units.items()}


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with `fraction` of them at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


def as_json(figures: dict[str, Figure]) -> dict[str, dict]:
    return {name: figure.as_json() for name, figure in figures.items()}


def write_results(figures: dict[str, Figure], path: Path) -> str:
    """Write the figures to `path` (indented) and return them as one line of JSON."""
    document = as_json(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return json.dumps(document)


def _cell(figure: Figure | None) -> str:
    if figure is None or figure.value is None:
        return "-"
    return str(figure.value)


SCENARIO_COLUMNS = [
    ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"),
    ("req/s", "rps"),
    ("fail", "failures"),
    ("p95/bare", "p95_ratio_to_bare"),
    ("rps/bare", "rps_ratio_to_bare"),
    ("loadgen cpu", "loadgen_cpu_ratio"),
]


def render_table(figures: dict[str, Figure], scenarios: list[str]) -> str:
    """The scenarios as a grid, then every other figure, then why each missing one is."""
    rows = [["scenario", *(title for title, _ in SCENARIO_COLUMNS)]]
    in_grid = set()
    for scenario in scenarios:
        keys = [f"{scenario}_{key}" for _, key in SCENARIO_COLUMNS]
        in_grid.update(keys)
        rows.append([scenario, *(_cell(figures.get(key)) for key in keys)])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]

    others = {name: figure for name, figure in figures.items() if name not in in_grid}
    width = max((len(name) for name in others), default=0)
    lines.append("")
    for name, figure in others.items():
        shown = f"{_cell(figure)} {figure.unit}" if figure.value is not None else "-"
        lines.append(f"{name.ljust(width)}  {shown}")

    reasons: dict[str, str] = {}
    for name, figure in figures.items():
        if figure.value is None:
            owner = next((s for s in scenarios if name.startswith(f"{s}_")), name)
            reasons.setdefault(owner, figure.missing)
    if reasons:
        lines.append("")
        lines.append("missing:")
        lines.extend(f"  {owner}: {reason}" for owner, reason in reasons.items())
    return "\n".join(lines)
