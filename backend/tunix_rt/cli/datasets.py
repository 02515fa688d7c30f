"""`tunix-rt datasets build|list|show|export`: immutable, reproducible selections of traces."""

import json
from typing import Annotated, Any, Literal
from urllib.parse import quote

import typer
from rich.table import Table

from tunix_rt.cli.http import DEFAULT_URL, Api, UrlOption
from tunix_rt.cli.output import STDOUT, destination_name, err, out, parse_pairs, save_ndjson
from tunix_rt.cli.render import NewestLimit

app = typer.Typer(help="Build, inspect and export datasets.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the server's JSON instead.")]


@app.command("build")
def build(
    name: Annotated[str, typer.Argument(help="Dataset name, e.g. arithmetic.")],
    version: Annotated[
        str, typer.Argument(help="Dataset version, e.g. v1; the key is NAME-VERSION.")
    ],
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="meta key=value; repeatable, all must match."),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only traces whose meta.source is this.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only traces tagged with this.")] = None,
    q: Annotated[
        str | None, typer.Option("--q", help="Text in the prompt or final answer.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many traces.")] = 100,
    strategy: Annotated[
        Literal["latest", "random", "stratified"],
        typer.Option(help="latest: newest first; random and stratified need --seed."),
    ] = "latest",
    stratify_by: Annotated[
        str | None, typer.Option(help="meta key to balance on (strategy stratified).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Seed for random and stratified selection.")
    ] = None,
    eval_fraction: Annotated[
        float, typer.Option(min=0.0, max=0.9, help="Share of traces put in the eval split.")
    ] = 0.0,
    description: Annotated[
        str | None, typer.Option(help="Free text stored with the dataset.")
    ] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Select traces on the server and store them as dataset NAME-VERSION."""
    body: dict[str, Any] = {
        "dataset_name": name,
        "dataset_version": version,
        "filters": parse_pairs(filters, "--filter"),
        "limit": limit,
        "selection_strategy": strategy,
        "eval_fraction": eval_fraction,
    }
    optional = {"source": source, "tag": tag, "q": q, "stratify_by": stratify_by, "seed": seed}
    body.update({key: value for key, value in optional.items() if value is not None})
    if description is not None:
        body["description"] = description
    with Api(url) as api:
        dataset = api.post_json("/api/datasets/build", body)
    out.print(f"built dataset {dataset['dataset_key']}: {dataset['trace_count']} traces")
    out.print(f"  splits:   {_splits(dataset)}")
    out.print(f"  strategy: {_strategy(dataset)}")
    out.print(f"  hash:     {dataset['content_hash']}")


@app.command("list")
def list_datasets(
    name: Annotated[str | None, typer.Option(help="Only versions of this dataset name.")] = None,
    limit: NewestLimit = 50,
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Datasets, newest first."""
    params: dict[str, Any] = {"limit": limit}
    if name is not None:
        params["name"] = name
    with Api(url) as api:
        page = api.get_json("/api/datasets", params=params)
    if as_json:
        typer.echo(json.dumps(page["data"], indent=2))
        return
    if not page["data"]:
        out.print("no datasets yet; create one with `tunix-rt datasets build NAME VERSION`")
        return
    table = Table("key", "traces", "splits", "strategy", "created", box=None)
    for d in page["data"]:
        table.add_row(
            d["dataset_key"],
            str(d["trace_count"]),
            _splits(d),
            d["selection_strategy"],
            d["created_at"],
        )
    out.print(table)
    if page["pagination"].get("next_offset") is not None:
        out.print(f"(showing the newest {limit}; use --limit or --name to see others)")


@app.command("show")
def show(
    key: Annotated[str, typer.Argument(help="Dataset key, NAME-VERSION.")],
    as_json: JsonOption = False,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """One dataset: counts, splits, how it was selected and its content hash."""
    with Api(url) as api:
        dataset = api.get_json(f"/api/datasets/{quote(key, safe='')}")
    if as_json:
        typer.echo(json.dumps(dataset, indent=2))
        return
    rows = [
        ("key", dataset["dataset_key"]),
        ("name", dataset["name"]),
        ("version", dataset["version"]),
        ("build id", dataset["build_id"]),
        ("created", dataset["created_at"]),
        ("traces", str(dataset["trace_count"])),
        ("splits", _splits(dataset)),
        ("strategy", _strategy(dataset)),
        ("hash", dataset["content_hash"]),
        ("build spec", json.dumps(dataset["build_spec"], sort_keys=True)),
    ]
    for label, value in rows:
        out.print(f"{label:<11} {value}")


@app.command("export")
def export(
    key: Annotated[str, typer.Argument(help="Dataset key, NAME-VERSION.")],
    format: Annotated[
        Literal["trace", "tunix_sft", "training_example"],
        typer.Option(
            help="trace: re-importable traces; tunix_sft: rendered prompt/completion pairs."
        ),
    ] = "trace",
    split: Annotated[
        Literal["train", "eval", "all"], typer.Option(help="Which split to write.")
    ] = "all",
    template: Annotated[
        str, typer.Option(help="Chat template for tunix_sft: chatml, gemma, llama3 or plain.")
    ] = "chatml",
    system: Annotated[str | None, typer.Option(help="System prompt for the chat template.")] = None,
    out_file: Annotated[
        str, typer.Option("--out", "-o", help="File to write, or - for stdout.")
    ] = STDOUT,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Write the dataset's items in order as NDJSON in the chosen format."""
    params = {"format": format, "split": split, "template": template}
    if system is not None:
        params["system"] = system
    with (
        Api(url) as api,
        api.stream(f"/api/datasets/{quote(key, safe='')}/export.jsonl", params=params) as response,
    ):
        count = save_ndjson(response.iter_bytes(), out_file, f"exporting {key}")
        content_hash = response.headers.get("x-dataset-content-hash", "?")
    err.print(
        f"wrote {count} {format} lines of {key} (split {split}) to {destination_name(out_file)}; "
        f"dataset hash {content_hash}"
    )


def _splits(dataset: dict[str, Any]) -> str:
    splits = dataset.get("splits") or {}
    # Postgres JSONB does not keep key order; show train before eval everywhere.
    names = sorted(splits, key=lambda name: (name != "train", name != "eval", name))
    return ", ".join(f"{name} {splits[name]}" for name in names) or "-"


def _strategy(dataset: dict[str, Any]) -> str:
    strategy = str(dataset["selection_strategy"])
    seed = dataset.get("seed")
    return strategy if seed is None else f"{strategy} (seed {seed})"
