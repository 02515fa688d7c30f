"""`tunix-rt leaderboard`: models ranked by one judge's mean on one dataset split."""

from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from tunix_rt.cli.http import DEFAULT_URL, Api, UrlOption
from tunix_rt.cli.output import out
from tunix_rt.cli.render import JsonOption, interval, number, print_json, print_table
from tunix_rt.evaluations.judge_setup import describe_params


def leaderboard(
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset key, NAME-VERSION.")],
    judge: Annotated[str, typer.Option(help="Judge whose mean ranks, e.g. answer_correctness.")],
    split: Annotated[
        Literal["train", "eval", "all"], typer.Option(help="Which split was evaluated.")
    ] = "eval",
    pick: Annotated[
        Literal["best", "latest"],
        typer.Option(help="Which evaluation stands for a model evaluated several times."),
    ] = "best",
    model: Annotated[str | None, typer.Option(help="Only models whose name contains this.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Only evaluations with this tag; repeatable.")
    ] = None,
    judge_key: Annotated[
        str | None,
        typer.Option(help="Rank under this judge setup (default: the newest one used)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many rows.")] = 20,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """One row per model, best mean first; overlapping CIs cannot tell two models apart."""
    params: dict[str, Any] = {
        "dataset_key": dataset,
        "judge": judge,
        "split": split,
        "pick": pick,
        "limit": limit,
    }
    if model is not None:
        params["model"] = model
    if tag:
        params["tag"] = tag
    if judge_key is not None:
        params["judge_key"] = judge_key
    with Api(url) as api:
        board = api.get_json("/api/leaderboard", params=params)
    if as_json:
        print_json(board)
        return
    title = f"{board['dataset_key']} ({board['split']}) by {board['judge']}, {board['pick']} pick"
    if not board["data"]:
        out.print(f"{title}: no finished evaluation yet")
        return
    out.print(title)
    _print_setups(board)
    table = Table(
        "rank", "model", "mean", "95% CI", "n", "passed", "failed", "unparseable", "evaluation",
        box=None,
    )  # fmt: skip
    for row in board["data"]:
        table.add_row(
            str(row["rank"]),
            row["model_name"],
            number(row["mean"]),
            interval(row["ci_low"], row["ci_high"]),
            str(row["n"]),
            str(row["passed"]),
            str(row["failed"]),
            str(row["unparseable"]),
            row["evaluation_id"],
        )
    print_table(table)
    total = board["pagination"]["total"]
    if total > len(board["data"]):
        out.print(f"(showing {len(board['data'])} of {total} models; raise --limit to see more)")


def _print_setups(board: dict[str, Any]) -> None:
    """The judge setup ranked here and the others there are: boards never mix setups."""
    setup = board.get("setup")
    if setup is None:
        return
    out.print(f"judge setup {board['judge_key']}: {_setup_text(setup)}")
    others = [s for s in board.get("setups", []) if s["judge_key"] != board["judge_key"]]
    for other in others:
        out.print(
            f"  also judged as {other['judge_key']}: {_setup_text(other)} "
            f"({other['evaluations']} evaluation{'' if other['evaluations'] == 1 else 's'}; "
            f"--judge-key {other['judge_key']})"
        )


def _setup_text(setup: dict[str, Any]) -> str:
    params = describe_params(setup["params"])  # a long rubric is cut short
    model = setup.get("judge_model")
    text = f"version {setup['version']}" + (f", {params}" if params else "")
    if model:
        text += f", judge model {model.get('ref') or model.get('model')}"
    return text
