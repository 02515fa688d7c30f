"""`tunix-rt regression baseline|check|baselines`: is a model worse than a named bar?

`check` exits 3 when the verdict is fail, so a CI script can gate on it.
"""

from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from tunix_rt.cli.http import DEFAULT_URL, Api, UrlOption
from tunix_rt.cli.output import out
from tunix_rt.cli.render import (
    JsonOption,
    NewestLimit,
    interval,
    more_hint,
    number,
    print_fields,
    print_json,
    print_table,
)

app = typer.Typer(help="Regression baselines and the checks against them.", no_args_is_help=True)

# 1 and 2 already mean "the server refused" and "unreachable or bad command line".
EXIT_REGRESSION = 3


@app.command("baseline")
def baseline(
    name: Annotated[str, typer.Argument(help="Baseline name, e.g. arith-release.")],
    evaluation: Annotated[str, typer.Option(help="A finished evaluation to use as the bar.")],
    judge: Annotated[
        str | None, typer.Option(help="Which of its judges (needed when it has several).")
    ] = None,
    metric: Annotated[
        Literal["mean", "pass_rate"], typer.Option(help="The judge's mean or its pass rate.")
    ] = "mean",
    tolerance: Annotated[
        float, typer.Option(min=0.0, help="How much worse a check may be and still pass.")
    ] = 0.0,
    relative: Annotated[
        bool, typer.Option("--relative", help="Tolerance is a fraction of the baseline value.")
    ] = False,
    direction: Annotated[
        Literal["higher", "lower"], typer.Option(help="Which way is better.")
    ] = "higher",
    description: Annotated[str | None, typer.Option(help="Free text stored with it.")] = None,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Name a finished evaluation as the bar later evaluations must meet."""
    body: dict[str, Any] = {
        "name": name,
        "evaluation_id": evaluation,
        "metric": metric,
        "tolerance": tolerance,
        "tolerance_kind": "relative" if relative else "absolute",
        "direction": direction,
    }
    body.update({k: v for k, v in {"judge": judge, "description": description}.items() if v})
    with Api(url) as api:
        created = api.post_json("/api/regression/baselines", body)
    if as_json:
        print_json(created)
        return
    out.print(f"created baseline {created['name']}")
    _print_baseline(created)


def _print_baseline(b: dict[str, Any]) -> None:
    ci = b["ci"]
    value = f"{number(b['value'])}, 95% CI {interval(ci and ci['low'], ci and ci['high'])}"
    kind = "" if b["tolerance_kind"] == "absolute" else f" ({b['tolerance_kind']})"
    print_fields(
        [
            ("  measures", f"{b['judge']} {b['metric']} = {value}"),
            ("  evaluation", f"{b['evaluation_id']} of {b['model_name']}"),
            ("  dataset", f"{b['dataset_key']} ({b['split']})"),
            ("  passes", f"{b['direction']} is better, tolerance {b['tolerance']:g}{kind}"),
        ]
    )


@app.command("check")
def check(
    name: Annotated[str, typer.Argument(help="Baseline name.")],
    evaluation: Annotated[str, typer.Option(help="The finished evaluation to check.")],
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Compare an evaluation with a baseline: exit 0 on pass, 3 on fail (recorded either way)."""
    with Api(url) as api:
        result = api.post_json(
            "/api/regression/check", {"baseline_name": name, "evaluation_id": evaluation}
        )
    if as_json:
        print_json(result)
    else:
        print_check(result)
    if result["verdict"] != "pass":
        raise typer.Exit(EXIT_REGRESSION)


def print_check(c: dict[str, Any]) -> None:
    for line in check_lines(c):
        out.print(line)


def check_lines(c: dict[str, Any]) -> list[str]:
    """A check's verdict and the numbers behind it, as lines."""
    percent = "" if c["delta_percent"] is None else f" ({c['delta_percent']:+.2f}%)"
    base_ci, cur_ci = c["baseline_ci"] or {}, c["current_ci"] or {}
    noise = (
        "the 95% intervals do not overlap"
        if c["significant"]
        else "within noise: the 95% intervals overlap (or one is unknown)"
    )
    return [
        f"{c['verdict'].upper()}: {c['judge']} {c['metric']} {number(c['current_value'])} "
        f"vs baseline {c['baseline_name']} {number(c['baseline_value'])}",
        f"  delta        {c['delta']:+.3f}{percent}; allowed drop {number(c['allowed_drop'])} "
        f"({c['direction']} is better)",
        f"  intervals    current {interval(cur_ci.get('low'), cur_ci.get('high'))}, "
        f"baseline {interval(base_ci.get('low'), base_ci.get('high'))}; {noise}",
        f"  evaluations  {c['evaluation_id']} vs {c['baseline_evaluation_id']} "
        f"on {c['dataset_key']} ({c['split']})",
    ]


@app.command("baselines")
def baselines(
    limit: NewestLimit = 50,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Baselines, newest first."""
    with Api(url) as api:
        page = api.get_json("/api/regression/baselines", params={"limit": limit})
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print("no baselines yet; create one with `tunix-rt regression baseline NAME`")
        return
    table = Table(
        "name", "dataset", "judge", "metric", "value", "tolerance", "evaluation", box=None
    )
    for b in page["data"]:
        kind = "" if b["tolerance_kind"] == "absolute" else " rel"
        table.add_row(
            b["name"],
            f"{b['dataset_key']} ({b['split']})",
            b["judge"],
            f"{b['metric']} ({b['direction']})",
            number(b["value"]),
            f"{b['tolerance']:g}{kind}",
            b["evaluation_id"],
        )
    print_table(table)
    more_hint(page, limit, "baselines")
