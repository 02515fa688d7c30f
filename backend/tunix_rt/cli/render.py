"""Shared rendering of the evaluation-side commands: numbers, score tables, `--json`."""

import json
from collections.abc import Iterable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from tunix_rt.cli.output import out

# Wider than any table we print; a table is measured against it to find its natural width.
MAX_TABLE_WIDTH = 10_000

JsonOption = Annotated[bool, typer.Option("--json", help="Print the server's JSON instead.")]
NewestLimit = Annotated[int, typer.Option(min=1, max=100, help="At most this many, newest first.")]


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2))


def number(value: float | None, digits: int = 3) -> str:
    """0.8234 -> "0.823"; None (nothing scored) -> "-"."""
    return "-" if value is None else f"{value:.{digits}f}"


def interval(low: float | None, high: float | None) -> str:
    """A 95% interval as "[0.750, 0.880]", or "-" when it is unknown."""
    if low is None or high is None:
        return "-"
    return f"[{number(low)}, {number(high)}]"


def score_table(scores: Iterable[dict[str, Any]]) -> Table:
    """One row per judge: mean, 95% CI and item outcomes (a JudgeScore or leaderboard row)."""
    table = Table(
        "judge", "version", "mean", "95% CI", "n", "passed", "failed", "unparseable", box=None
    )
    for s in scores:
        table.add_row(
            s["judge"],
            s["judge_version"],
            number(s["mean"]),
            interval(s["ci_low"], s["ci_high"]),
            str(s["n"]),
            str(s["passed"]),
            str(s["failed"]),
            str(s["unparseable"]),
        )
    return table


def print_table(table: Table) -> None:
    """Print at the table's natural width: ids and numbers are never cut short or wrapped
    to fit a narrow terminal or the 80 columns assumed for a pipe (a terminal wraps lines)."""
    width = Measurement.get(out, out.options.update_width(MAX_TABLE_WIDTH), table).maximum
    wide = Console(file=out.file, width=max(width, 1), markup=False, highlight=False, emoji=False)
    wide.print(table)


def print_fields(rows: Iterable[tuple[str, str]]) -> None:
    """`label  value` lines, the labels padded to one column."""
    rows = list(rows)
    width = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        out.print(f"{label:<{width}}  {value}")


def more_hint(page: dict[str, Any], shown: int, what: str) -> None:
    """A note under a table that stopped at --limit while the server had more."""
    if page.get("pagination", {}).get("next_offset") is not None:
        out.print(f"(showing the first {shown} {what}; raise --limit to see more)")
