"""`tunix-rt tune create|start|show|list|cancel|best`: hyperparameter searches over REST.

A search runs in the worker (`tunix-rt worker` or `serve --with-worker`); these commands
only create, start, watch and stop it, and turn its best trial into a run or a model.
"""

import json
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

import typer
from rich.table import Table

from tunix_rt.cli import tuning_args
from tunix_rt.cli.http import DEFAULT_URL, EXIT_HTTP_ERROR, Api, UrlOption
from tunix_rt.cli.output import err, out
from tunix_rt.cli.render import (
    JsonOption,
    NewestLimit,
    more_hint,
    number,
    print_fields,
    print_json,
    print_table,
)
from tunix_rt.cli.waiting import wait_until_finished

app = typer.Typer(
    help="Hyperparameter searches: every trial a real training run, scored by an objective.",
    no_args_is_help=True,
)

PARAM_DIGITS = 4

WaitOption = Annotated[
    bool, typer.Option("--wait", help="Wait until the search ends and print its trials.")
]
PollOption = Annotated[
    float, typer.Option(min=0.05, help="Seconds between status checks with --wait.")
]


def _path(job_id: str, *rest: str) -> str:
    return "/".join(["/api/tuning/jobs", quote(job_id, safe=""), *rest])


@app.command("create")
def create(
    name: Annotated[str | None, typer.Option(help="A name for the search.")] = None,
    dataset: Annotated[
        str | None, typer.Option("--dataset", help="Dataset key with train and eval items.")
    ] = None,
    space: Annotated[
        list[str] | None,
        typer.Option(
            help="NAME=TYPE:ARGS, repeatable: learning_rate=loguniform:1e-4,1e-2, "
            "batch_size=choice:16,32, lora.rank=randint:4,32, warmup_ratio=quniform:0,0.3,0.05."
        ),
    ] = None,
    when: Annotated[
        list[str] | None,
        typer.Option(
            help="NAME:PARENT=V1,V2, repeatable: sample the --space entry NAME only in trials "
            "where the choice entry PARENT takes one of the values: "
            "warmup_ratio:schedule=cosine,linear."
        ),
    ] = None,
    objective: Annotated[
        str | None,
        typer.Option(
            help="eval_loss, eval_perplexity, JUDGE (its mean) or JUDGE:pass_rate "
            "(default answer_correctness)."
        ),
    ] = None,
    direction: Annotated[
        Literal["min", "max"] | None,
        typer.Option(help="Default: min for losses, max for judges."),
    ] = None,
    eval_limit: Annotated[
        int | None, typer.Option(min=1, help="Judge only the first N eval items per trial.")
    ] = None,
    base_model: Annotated[
        str | None, typer.Option(help="tiny, small, an HF directory or registry://name@N.")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Fixed training config KEY=VALUE, repeatable: lora.alpha=32."),
    ] = None,
    steps: Annotated[int | None, typer.Option(min=1, help="Training steps per trial.")] = None,
    samples: Annotated[int | None, typer.Option(min=1, help="How many trials.")] = None,
    concurrent: Annotated[
        int | None, typer.Option(min=1, help="Trials running at once (max_concurrent_trials).")
    ] = None,
    search: Annotated[
        Literal["random", "tpe"] | None, typer.Option(help="Random sampling or Optuna TPE.")
    ] = None,
    scheduler: Annotated[
        Literal["fifo", "asha"] | None,
        typer.Option(help="asha stops poor trials early on eval loss."),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the search algorithm.")] = None,
    body_file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            exists=True,
            dir_okay=False,
            help="A JSON request body (docs/tuning.md); the other options override its keys.",
        ),
    ] = None,
    start: Annotated[bool, typer.Option("--start", help="Start it at once.")] = False,
    wait: WaitOption = False,
    poll_interval: PollOption = 5.0,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Create a search (the server validates all of it first); with --start, queue it too."""
    body = _read_body(body_file)
    options: dict[str, Any] = {
        "name": name,
        "dataset_key": dataset,
        "base_model": base_model,
        "trial_max_steps": steps,
        "num_samples": samples,
        "max_concurrent_trials": concurrent,
        "search_alg": search,
        "seed": seed,
    }
    body.update({k: v for k, v in options.items() if v is not None})
    if space:
        body["search_space"] = tuning_args.search_space(space)
    if when:
        tuning_args.add_conditions(when, body.get("search_space") or {})
    if objective is not None or "objective" not in body:
        body["objective"] = tuning_args.objective(objective or "answer_correctness")
    if direction is not None:
        body["objective"]["direction"] = direction
    if eval_limit is not None:
        body["objective"]["eval_limit"] = eval_limit
    if set_:
        body["fixed_config"] = tuning_args.fixed_config(set_)
    if scheduler is not None:
        body["scheduler"] = {**body.get("scheduler", {}), "type": scheduler}
    missing = [flag for flag, key in _REQUIRED if key not in body]
    if missing:
        raise typer.BadParameter(f"missing {', '.join(missing)} (or give them in --file)")
    with Api(url) as api:
        job = api.post_json("/api/tuning/jobs", body)
        if not as_json:
            out.print(f"created search {job['id']} ({job['name']}): {_describe(job)}")
        if start or wait:
            job = api.post_json(_path(job["id"], "start"), {})
            if not as_json:
                out.print(f"started search {job['id']}")
        if wait:
            job = _wait(api, job["id"], poll_interval)
    _finish(job, as_json, wait)


_REQUIRED = (("--name", "name"), ("--dataset", "dataset_key"), ("--space", "search_space"))


def _read_body(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        body = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(f"{path}: {exc}", param_hint="--file") from None
    if not isinstance(body, dict):
        raise typer.BadParameter(f"{path}: must hold a JSON object", param_hint="--file")
    return body


def _describe(job: dict[str, Any]) -> str:
    goal = job["objective"]
    target = f"{goal['judge']} {goal['metric']}" if goal.get("judge") else goal["metric"]
    return (
        f"{job['num_samples']} trials of {job['trial_max_steps']} steps on {job['dataset_key']}, "
        f"{job['search_alg']} search, {job['scheduler']['type']}, "
        f"{goal['direction']} {target}"
    )


@app.command("start")
def start_search(
    job_id: Annotated[str, typer.Argument(help="Search id.")],
    wait: WaitOption = False,
    poll_interval: PollOption = 5.0,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Queue a created search for the worker."""
    with Api(url) as api:
        job = api.post_json(_path(job_id, "start"), {})
        if not as_json:
            out.print(f"started search {job['id']} ({job['status']})")
        if wait:
            job = _wait(api, job_id, poll_interval)
    _finish(job, as_json, wait)


@app.command("cancel")
def cancel(
    job_id: Annotated[str, typer.Argument(help="Search id.")],
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Stop a search and every trial it is running."""
    with Api(url) as api:
        job = api.post_json(_path(job_id, "cancel"), {})
    if as_json:
        print_json(job)
    else:
        out.print(f"search {job['id']}: {job['status']}")


def _finish(job: dict[str, Any], as_json: bool, waited: bool) -> None:
    """Print the search; after --wait, exit 1 unless it succeeded."""
    if as_json:
        print_json(job)
    elif waited:
        _print_search(job)
    if waited and job["status"] != "succeeded":
        err.print(
            f"search {job['id']} {job['status']}: {job.get('error') or 'no error message'}",
            style="red",
        )
        raise typer.Exit(EXIT_HTTP_ERROR)


def _wait(api: Api, job_id: str, poll_interval: float) -> dict[str, Any]:
    return wait_until_finished(api, _path(job_id), f"search {job_id}", _counts, poll_interval)


def _counts(job: dict[str, Any]) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(job["trial_counts"].items()))
    return f"{job['status']}, trials: {counts or 'none yet'}"


@app.command("show")
def show(
    job_id: Annotated[str, typer.Argument(help="Search id.")],
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """A search with every trial: params, status, eval loss, objective, run and error."""
    with Api(url) as api:
        job = api.get_json(_path(job_id))
    if as_json:
        print_json(job)
    else:
        _print_search(job)


def _print_search(job: dict[str, Any]) -> None:
    rows = [
        ("search", f"{job['id']} ({job['name']})"),
        ("status", _counts(job)),
        ("plan", _describe(job)),
        ("base model", job["base_model"]),
        ("created", job["created_at"]),
        ("finished", job["finished_at"] or "-"),
    ]
    if job.get("error"):
        rows.append(("error", job["error"]))
    print_fields(rows)
    out.print()
    if not job["trials"]:
        out.print("no trials yet")
        return
    names = sorted({name for trial in job["trials"] for name in trial["params"]})
    table = Table("trial", "status", *names, "eval loss", "objective", "run", "error", box=None)
    for trial in job["trials"]:
        best = "*" if trial["id"] == job["best_trial_id"] else ""
        last_loss = trial["intermediate"][-1]["value"] if trial["intermediate"] else None
        table.add_row(
            f"{trial['trial_key']}{best}",
            trial["status"],
            *[_param(trial["params"].get(name)) for name in names],
            number(last_loss),
            number(trial["final_metric"]),
            trial["run_id"] or "-",
            trial["error"] or "",
        )
    print_table(table)
    if job["best_trial_id"]:
        out.print("* the best trial so far (`tunix-rt tune best` for its config)")


def _param(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.{PARAM_DIGITS}g}"
    return "-" if value is None else str(value)


@app.command("list")
def list_searches(
    status: Annotated[
        str | None, typer.Option(help="Only in this status, e.g. running, succeeded.")
    ] = None,
    limit: NewestLimit = 20,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Searches, newest first, with their trials counted by status."""
    params: dict[str, Any] = {"limit": limit}
    if status is not None:
        params["status"] = status
    with Api(url) as api:
        page = api.get_json("/api/tuning/jobs", params=params)
    if as_json:
        print_json(page["data"])
        return
    if not page["data"]:
        out.print("no searches match; create one with `tunix-rt tune create`")
        return
    table = Table("search", "name", "dataset", "status", "trials", "created", box=None)
    for job in page["data"]:
        trials = ", ".join(f"{n} {s}" for s, n in sorted(job["trial_counts"].items())) or "-"
        table.add_row(
            job["id"], job["name"], job["dataset_key"], job["status"], trials, job["created_at"]
        )
    print_table(table)
    more_hint(page, limit, "searches")


@app.command("best")
def best(
    job_id: Annotated[str, typer.Argument(help="Search id.")],
    run: Annotated[
        bool, typer.Option("--run", help="Queue a training run with the best config.")
    ] = False,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="With --run: steps (default: the trials' budget).")
    ] = None,
    promote: Annotated[
        str | None,
        typer.Option(help="Register the best trial's model as a version of this model name."),
    ] = None,
    label: Annotated[str | None, typer.Option(help="With --promote: a version label.")] = None,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """The best trial and its training config; --run trains it again, --promote registers it."""
    with Api(url) as api:
        found = api.get_json(_path(job_id, "best"))
        made: dict[str, Any] = {}
        if run:
            steps = {} if max_steps is None else {"max_steps": max_steps}
            made["run"] = api.post_json(_path(job_id, "best", "run"), steps)
        if promote is not None:
            version = {"model_name": promote, **({"label": label} if label else {})}
            made["version"] = api.post_json(_path(job_id, "best", "promote"), version)
    if as_json:
        print_json({**found, **made})
        return
    trial = found["trial"]
    params = ", ".join(f"{k}={_param(v)}" for k, v in trial["params"].items())
    print_fields(
        [
            ("trial", f"{trial['trial_key']} ({trial['status']})"),
            ("objective", f"{found['metric']} = {number(found['value'])} ({found['direction']})"),
            ("params", params),
            ("run", trial["run_id"] or "-"),
            ("config", json.dumps(found["config"], sort_keys=True)),
        ]
    )
    if "run" in made:
        out.print(f"queued run {made['run']['run_id']} with the best config")
    if "version" in made:
        version = made["version"]
        out.print(f"registered {version['ref']}")
