"""The short forms `tunix-rt tune create` takes for a search space, an objective and config.

`--space learning_rate=loguniform:1e-4,1e-2` is the API's
`{"learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2}}`, and
`--when warmup_ratio:schedule=cosine,linear` adds `"when": {"schedule": ["cosine", "linear"]}`
to that entry; the server checks names, bounds and conditions, so this only shapes what the
user typed into the request body.
"""

from typing import Any

import typer

from tunix_rt.cli.output import json_or_text

# How many numbers each range type takes after the colon, and what they are called.
RANGE_FIELDS = {
    "uniform": ("min", "max"),
    "loguniform": ("min", "max"),
    "randint": ("min", "max"),
    "quniform": ("min", "max", "q"),
}
SPACE_HINT = (
    "use NAME=choice:A,B,... or NAME=uniform|loguniform|randint:MIN,MAX or NAME=quniform:MIN,MAX,Q"
)
LOSS_METRICS = ("eval_loss", "eval_perplexity")


def space_entry(item: str) -> tuple[str, dict[str, Any]]:
    """`batch_size=choice:16,32` -> ("batch_size", {"type": "choice", "values": [16, 32]})."""
    name, eq, spec = item.partition("=")
    kind, colon, args = spec.partition(":")
    if not eq or not name or not colon or not args:
        raise typer.BadParameter(f"{item!r}: {SPACE_HINT}", param_hint="--space")
    values = [json_or_text(part.strip()) for part in args.split(",")]
    if kind == "choice":
        return name, {"type": "choice", "values": values}
    fields = RANGE_FIELDS.get(kind)
    if fields is None:
        raise typer.BadParameter(
            f"{item!r}: unknown type {kind!r}; {SPACE_HINT}", param_hint="--space"
        )
    if len(values) != len(fields) or not all(_is_number(v) for v in values):
        raise typer.BadParameter(
            f"{item!r}: {kind} takes {len(fields)} numbers ({', '.join(fields)})",
            param_hint="--space",
        )
    return name, {"type": kind, **dict(zip(fields, values, strict=True))}


def search_space(items: list[str]) -> dict[str, dict[str, Any]]:
    space: dict[str, dict[str, Any]] = {}
    for item in items:
        name, entry = space_entry(item)
        if name in space:
            raise typer.BadParameter(f"{name} is given twice", param_hint="--space")
        space[name] = entry
    return space


WHEN_HINT = "use NAME:PARENT=V1,V2,... (NAME sampled only when PARENT takes one of the values)"


def add_conditions(items: list[str], space: dict[str, dict[str, Any]]) -> None:
    """`warmup_ratio:schedule=cosine` sets space["warmup_ratio"]["when"] to
    {"schedule": ["cosine"]}."""
    for item in items:
        name, colon, condition = item.partition(":")
        parent, eq, listed = condition.partition("=")
        if not (name and colon and parent and eq and listed):
            raise typer.BadParameter(f"{item!r}: {WHEN_HINT}", param_hint="--when")
        entry = space.get(name)
        if entry is None:
            raise typer.BadParameter(
                f"{item!r}: {name} has no --space entry to attach the condition to",
                param_hint="--when",
            )
        if "when" in entry:
            raise typer.BadParameter(f"{name} is given twice", param_hint="--when")
        entry["when"] = {parent: [json_or_text(part.strip()) for part in listed.split(",")]}


def objective(spec: str) -> dict[str, Any]:
    """`eval_loss`, `answer_correctness` (its mean) or `answer_correctness:pass_rate`."""
    if spec in LOSS_METRICS:
        return {"metric": spec}
    judge, colon, metric = spec.partition(":")
    if not judge or (colon and not metric):
        raise typer.BadParameter(f"{spec!r}: give JUDGE or JUDGE:METRIC", param_hint="--objective")
    return {"judge": judge, "metric": metric or "mean"}


def fixed_config(items: list[str]) -> dict[str, Any]:
    """`lora.rank=8 warmup_ratio=0.1` -> {"lora": {"rank": 8}, "warmup_ratio": 0.1}."""
    config: dict[str, Any] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise typer.BadParameter(f"{item!r} must look like KEY=VALUE", param_hint="--set")
        *parents, leaf = key.split(".")
        node = config
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise typer.BadParameter(f"{key}: {part} is already a value", param_hint="--set")
            node = child
        node[leaf] = json_or_text(value)
    return config


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
