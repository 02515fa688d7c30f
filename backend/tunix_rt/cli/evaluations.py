"""`tunix-rt eval run|show|list|items|compare` and `tunix-rt judges`: scoring models."""

import json
from typing import Annotated, Any, Literal
from urllib.parse import quote

import typer
from rich.table import Table

from tunix_rt.cli.http import DEFAULT_URL, EXIT_HTTP_ERROR, Api, UrlOption
from tunix_rt.cli.output import err, out, parse_pairs
from tunix_rt.cli.render import (
    JsonOption,
    interval,
    more_hint,
    number,
    print_fields,
    print_json,
    print_table,
    score_table,
)
from tunix_rt.cli.waiting import FINISHED, wait_until_finished

app = typer.Typer(
    help="Evaluate models with judges; inspect and compare evaluations.", no_args_is_help=True
)

OUTPUT_WIDTH = 60
PARAM_WIDTH = 24

Split = Literal["train", "eval", "all"]


def judges(as_json: JsonOption = False, url: UrlOption = DEFAULT_URL) -> None:
    """The judges an evaluation can use, with their versions and parameters."""
    with Api(url) as api:
        found = api.get_json("/api/judges")
    if as_json:
        print_json(found)
        return
    table = Table("judge", "version", "needs model", "params (defaults)", box=None)
    for judge in found:
        params = ", ".join(_param(name, spec) for name, spec in judge["params"].items())
        table.add_row(
            judge["name"], judge["version"], "yes" if judge["requires_model"] else "no", params
        )
    print_table(table)


def _param(name: str, spec: dict[str, Any]) -> str:
    """`scale=10`; a long default (llm_judge's rubric) is left to `judges --json`."""
    default = json.dumps(spec.get("default"))
    return f"{name}={default}" if len(default) <= PARAM_WIDTH else f"{name}=…"


@app.command("run")
def run(
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset key, NAME-VERSION.")],
    run_id: Annotated[
        str | None, typer.Option("--run", help="A succeeded training run to evaluate.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="A registry version instead: registry://name@3 or registry://name#alias."
        ),
    ] = None,
    split: Annotated[Split, typer.Option(help="Which split of the dataset.")] = "eval",
    judge: Annotated[
        list[str] | None,
        typer.Option(help="Judge name; repeatable (default answer_correctness). See `judges`."),
    ] = None,
    judge_param: Annotated[
        list[str] | None,
        typer.Option(
            help="JUDGE.KEY=VALUE, JSON-decoded when possible: llm_judge.model=registry://x@1."
        ),
    ] = None,
    max_new_tokens: Annotated[
        int | None, typer.Option(min=1, help="Longest output per item (server default 160).")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Items generated together (server default 32).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N items of the split.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Tag the evaluation; repeatable.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Evaluate again even if an identical one exists.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait until it finishes and print the scores.")
    ] = False,
    poll_interval: Annotated[
        float, typer.Option(min=0.05, help="Seconds between status checks with --wait.")
    ] = 2.0,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Queue an evaluation of a run or registry version; exit 1 if, with --wait, it fails."""
    if (run_id is None) == (model is None):
        raise typer.BadParameter("give exactly one of --run or --model", param_hint="--run")
    body: dict[str, Any] = {"dataset_key": dataset, "split": split, "force": force}
    body.update({"run_id": run_id} if run_id is not None else {"model": model})
    if judge or judge_param:
        body["judges"] = _judges(judge or [], judge_param or [])
    generation = {"max_new_tokens": max_new_tokens, "batch_size": batch_size}
    if any(value is not None for value in generation.values()):
        body["generation"] = {k: v for k, v in generation.items() if v is not None}
    if limit is not None:
        body["limit"] = limit
    if tag:
        body["tags"] = tag
    with Api(url) as api:
        evaluation = api.post_json("/api/evaluations", body)
        if not as_json:
            _print_queued(evaluation)
        if wait and evaluation["status"] not in FINISHED:
            evaluation = _wait(api, evaluation["evaluation_id"], poll_interval)
    if as_json:
        print_json(evaluation)
    elif wait:
        _print_evaluation(evaluation)
    if wait and evaluation["status"] != "succeeded":
        err.print(
            f"evaluation {evaluation['evaluation_id']} {evaluation['status']}: "
            f"{evaluation.get('error') or 'no error message'}",
            style="red",
        )
        raise typer.Exit(EXIT_HTTP_ERROR)


def _judges(names: list[str], params: list[str]) -> list[dict[str, Any]]:
    """--judge and --judge-param as the request's `judges` list."""
    by_judge: dict[str, dict[str, Any]] = {name: {} for name in names or ["answer_correctness"]}
    for key, value in parse_pairs(params, "--judge-param", decode_json=True).items():
        name, dot, param = key.partition(".")
        if not dot or not param:
            raise typer.BadParameter(
                f"{key!r} must look like JUDGE.KEY", param_hint="--judge-param"
            )
        if name not in by_judge:
            raise typer.BadParameter(
                f"{key}: {name} is not among the judges; add --judge {name}",
                param_hint="--judge-param",
            )
        by_judge[name][param] = value
    return [{"name": name, "params": p} for name, p in by_judge.items()]


def _print_queued(evaluation: dict[str, Any]) -> None:
    judges = ", ".join(j["name"] for j in evaluation["judges"])
    what = (
        f"{evaluation['model_name']} on {evaluation['dataset_key']} ({evaluation['split']}), "
        f"judges {judges}"
    )
    if evaluation["existing"]:
        out.print(
            f"evaluation {evaluation['evaluation_id']} already exists "
            f"({evaluation['status']}): {what}; --force evaluates again"
        )
    else:
        out.print(f"queued evaluation {evaluation['evaluation_id']}: {what}")


def _wait(api: Api, evaluation_id: str, poll_interval: float) -> dict[str, Any]:
    path = f"/api/evaluations/{quote(evaluation_id, safe='')}"
    return wait_until_finished(api, path, f"evaluation {evaluation_id}", _state, poll_interval)


def _state(evaluation: dict[str, Any]) -> str:
    progress = evaluation.get("progress") or {}
    if "step" in progress and "total" in progress:
        return f"{evaluation['status']}, batch {progress['step']}/{progress['total']}"
    return str(evaluation["status"])


@app.command("show")
def show(
    evaluation_id: Annotated[str, typer.Argument(help="Evaluation id.")],
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """One evaluation: model, data, status and each judge's mean with its 95% CI."""
    with Api(url) as api:
        evaluation = api.get_json(f"/api/evaluations/{quote(evaluation_id, safe='')}")
    if as_json:
        print_json(evaluation)
    else:
        _print_evaluation(evaluation)


def _print_evaluation(evaluation: dict[str, Any]) -> None:
    rows = [
        ("evaluation", evaluation["evaluation_id"]),
        ("status", _state(evaluation)),
        ("model", _model(evaluation)),
        ("dataset", f"{evaluation['dataset_key']} ({evaluation['split']})"),
        ("items", "-" if evaluation["item_count"] is None else str(evaluation["item_count"])),
        ("generation", json.dumps(evaluation["generation"], sort_keys=True)),
        ("tags", ", ".join(evaluation["tags"]) or "-"),
        ("created", evaluation["created_at"]),
        ("finished", evaluation["finished_at"] or "-"),
    ]
    if evaluation.get("error"):
        rows.append(("error", evaluation["error"]))
    print_fields(rows)
    out.print()
    if evaluation["scores"]:
        print_table(score_table(evaluation["scores"]))
    else:
        out.print(f"no scores yet ({evaluation['status']})")


def _model(evaluation: dict[str, Any]) -> str:
    ref, name = evaluation["model_ref"], evaluation["model_name"]
    return ref if ref == name else f"{name} ({ref})"


@app.command("list")
def list_evaluations(
    run_id: Annotated[str | None, typer.Option("--run", help="Only this run's.")] = None,
    dataset: Annotated[str | None, typer.Option(help="Only on this dataset key.")] = None,
    model: Annotated[
        str | None, typer.Option(help="Only this model name: run:<id> or name@version.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Only in this status, e.g. succeeded, queued.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=100, help="At most this many, newest first.")
    ] = 20,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Evaluations, newest first, with each judge's mean."""
    filters = {"run_id": run_id, "dataset_key": dataset, "model_name": model, "status": status}
    params = {"limit": limit, **{k: v for k, v in filters.items() if v is not None}}
    with Api(url) as api:
        page = api.get_json("/api/evaluations", params=params)
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print("no evaluations match; queue one with `tunix-rt eval run`")
        return
    table = Table("evaluation", "model", "dataset", "split", "status", "means", "created", box=None)
    for e in page["data"]:
        means = ", ".join(f"{s['judge']} {number(s['mean'])}" for s in e["scores"]) or "-"
        table.add_row(
            e["evaluation_id"],
            e["model_name"],
            e["dataset_key"],
            e["split"],
            e["status"],
            means,
            e["created_at"],
        )
    print_table(table)
    more_hint(page, limit, "evaluations")


@app.command("items")
def items(
    evaluation_id: Annotated[str, typer.Argument(help="Evaluation id.")],
    judge: Annotated[str | None, typer.Option(help="With --outcome: this judge's verdict.")] = None,
    outcome: Annotated[
        Literal["pass", "fail", "unparseable"] | None,
        typer.Option(help="Only items with this verdict from --judge."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many items.")] = 20,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Items in dataset order with every judge's verdict; filter to see where a model fails."""
    params: dict[str, Any] = {"limit": limit}
    params.update({k: v for k, v in {"judge": judge, "outcome": outcome}.items() if v is not None})
    with Api(url) as api:
        page = api.get_json(f"/api/evaluations/{quote(evaluation_id, safe='')}/items", params)
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print("no items match")
        return
    names = sorted({name for item in page["data"] for name in item["scores"]})
    table = Table("#", "expected", "output", *names, box=None)
    for item in page["data"]:
        verdicts = [_verdict(item["scores"].get(name)) for name in names]
        table.add_row(
            str(item["position"]),
            item["expected_answer"] or "-",
            _one_line(item["output"]),
            *verdicts,
        )
    print_table(table)
    more_hint(page, limit, "items")


def _verdict(verdict: dict[str, Any] | None) -> str:
    if verdict is None:
        return "-"
    if verdict["score"] is None:
        return str(verdict["outcome"])
    return f"{verdict['outcome']} {number(verdict['score'], 2)}"


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= OUTPUT_WIDTH else flat[: OUTPUT_WIDTH - 1] + "…"


@app.command("compare")
def compare(
    a: Annotated[str, typer.Argument(help="Evaluation id of the reference model.")],
    b: Annotated[str, typer.Argument(help="Evaluation id of the challenger.")],
    judge: Annotated[
        str | None, typer.Option(help="Judge to compare on (default: the one both share).")
    ] = None,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """B against A on the same items: wins, losses, a paired bootstrap and McNemar's test."""
    body: dict[str, Any] = {"a": a, "b": b}
    if judge is not None:
        body["judge"] = judge
    with Api(url) as api:
        c = api.post_json("/api/evaluations/compare", body)
    if as_json:
        print_json(c)
        return
    boot, test = c["paired_bootstrap"], c["mcnemar"]
    verdict = {
        "a": "a is better (significant, p < 0.05)",
        "b": "b is better (significant, p < 0.05)",
        "neither": "no significant difference",
    }[c["better"]]
    print_fields(
        [
            ("a", f"{c['a']}  mean {number(c['mean_a'])}"),
            ("b", f"{c['b']}  mean {number(c['mean_b'])}"),
            ("judge", f"{c['judge']} on {c['dataset_key']} ({c['split']})"),
            ("items", f"{c['paired_items']} paired, {c['skipped_unparseable']} unparseable"),
            ("b vs a", f"{c['wins']} wins, {c['losses']} losses, {c['ties']} ties"),
            (
                "b - a",
                f"{boot['mean_difference']:+.3f}, 95% CI "
                f"{interval(boot['ci_low'], boot['ci_high'])}, p = {boot['p_value']:.4g}",
            ),
            (
                "McNemar",
                f"{test['method']}: statistic {test['statistic']:.4g}, p = {test['p_value']:.4g}",
            ),
            ("verdict", verdict),
        ]
    )
