"""`tunix-rt generate`: deterministic, verifiable traces from a built-in generator."""

import json
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote

import typer

from tunix_rt.cli.http import DEFAULT_URL, Api, UrlOption
from tunix_rt.cli.output import STDOUT, destination_name, err, out, parse_pairs, save_ndjson


def generate(
    name: Annotated[
        str, typer.Argument(help="Generator: arithmetic, high_card_duel, reverse_word.")
    ],
    count: Annotated[int, typer.Option(min=1, max=10_000, help="How many traces.")],
    seed: Annotated[
        int | None,
        typer.Option(help="Same seed and params give the same traces; omit for a random one."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            help="Generator param key=value, JSON-decoded when possible: digits=3, "
            'operations=["add"].'
        ),
    ] = None,
    persist: Annotated[
        bool, typer.Option("--persist/--no-persist", help="Store the traces on the server.")
    ] = True,
    out_file: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Also write the traces as NDJSON here (- for stdout)."),
    ] = None,
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Run generator NAME on the server and report how many traces were new."""
    body: dict[str, Any] = {
        "count": count,
        "params": parse_pairs(param, "--param", decode_json=True),
    }
    body["persist"] = persist
    if seed is not None:
        body["seed"] = seed
    with Api(url) as api:
        result = api.post_json(f"/api/generators/{quote(name, safe='')}/generate", body)
    traces = [item["trace"] for item in result["traces"]]
    stored = (
        f"{result['created_count']} created, {result['duplicate_count']} duplicates"
        if persist
        else "not stored (--no-persist)"
    )
    run = f"{result['generator']} {result['version']} seed {result['seed']}"
    summary = f"{run}: {len(traces)} traces, {stored}"
    # Keep stdout clean for the traces when they are written there.
    (err if out_file == STDOUT else out).print(summary)
    if out_file is not None:
        written = save_ndjson(_lines(traces), out_file, "writing traces")
        err.print(f"wrote {written} traces to {destination_name(out_file)}")


def _lines(traces: list[dict[str, Any]]) -> Iterator[bytes]:
    for trace in traces:
        yield (json.dumps(trace, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
