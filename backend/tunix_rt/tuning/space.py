"""Which hyperparameters can be tuned, and checking a search space against the training config.

A search space maps hyperparameter names (dotted for nested keys: `lora.rank`) to
distributions. Before anything runs, every value a distribution can produce at its edges
(min, max, each choice) is merged into the fixed config and validated as the backend's
`TrainConfig`, so a trial never fails on a config the API could have refused.

An entry with `when: {"schedule": ["cosine"]}` is conditional: it is sampled only in trials
where its parent, an unconditional `choice` entry of the same space, took a listed value.
"""

import copy
import math
from typing import Any, Literal

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from tunix_rt.errors import ApiError
from tunix_rt.tuning.schemas import (
    ChoiceEntry,
    QUniformEntry,
    Scheduler,
    SearchSpaceEntry,
)
from tunix_rt.tunix_runs.schemas import LoraConfig, TrainConfig

Kind = Literal["float", "int", "categorical"]

# Name -> what values it takes; each is a TrainConfig field (tests/tuning/test_space.py).
TUNABLE: dict[str, Kind] = {
    "learning_rate": "float",
    "warmup_ratio": "float",
    "weight_decay": "float",
    "max_grad_norm": "float",
    "batch_size": "int",
    "gradient_accumulation_steps": "int",
    "max_seq_length": "int",
    "schedule": "categorical",
    "seed": "int",
    "lora.rank": "int",
    "lora.alpha": "float",
}
TYPES_OF: dict[Kind, tuple[str, ...]] = {
    "float": ("choice", "uniform", "loguniform", "quniform", "randint"),
    "int": ("choice", "randint", "quniform"),
    "categorical": ("choice",),
}
EVALUATIONS_PER_TRIAL = 4  # the default eval_every_n_steps is trial_max_steps / this
# Keys of the training config that the tuning job sets itself.
RESERVED = {
    "model": "give the model as base_model",
    "max_steps": "the per-trial budget is trial_max_steps",
}


def field_of(name: str) -> FieldInfo:
    """The training config field behind tunable `name` (`lora.rank` is LoraConfig's rank)."""
    if name.startswith("lora."):
        return LoraConfig.model_fields[name.removeprefix("lora.")]
    return TrainConfig.model_fields[name]


def default_of(name: str) -> Any:
    return field_of(name).get_default(call_default_factory=True)


# --- dotted paths -------------------------------------------------------------------------


def get_path(config: dict[str, Any], name: str) -> tuple[bool, Any]:
    """(present?, value) of `lora.rank`-style `name` in a nested config."""
    node: Any = config
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def set_path(config: dict[str, Any], name: str, value: Any) -> None:
    *parents, leaf = name.split(".")
    node = config
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}  # e.g. lora: null is switched on by tuning lora.rank
        node = node[part]
    node[leaf] = value


def delete_path(config: dict[str, Any], name: str) -> None:
    *parents, leaf = name.split(".")
    node: Any = config
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(leaf, None)


def trial_config(
    fixed_config: dict[str, Any], params: dict[str, Any], model: str, max_steps: int
) -> dict[str, Any]:
    """One trial's training config: the fixed config with the trial's sampled params set."""
    config = copy.deepcopy(fixed_config)
    for name, value in params.items():
        set_path(config, name, value)
    config["model"] = model
    config["max_steps"] = max_steps
    return config


# --- checking -----------------------------------------------------------------------------


def _is_whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


def _multiple_of(value: float, q: float) -> bool:
    ratio = value / q
    return math.isclose(ratio, round(ratio), rel_tol=0, abs_tol=1e-9)


def edge_values(entry: SearchSpaceEntry, kind: Kind) -> list[Any]:
    """The values at the edges of what `entry` can produce (every value, for a choice)."""
    if isinstance(entry, ChoiceEntry):
        return list(entry.values)
    if kind == "int":
        return [int(entry.min), int(entry.max)]
    return [entry.min, entry.max]


def _entry_problem(name: str, entry: SearchSpaceEntry) -> str | None:
    kind = TUNABLE[name]
    if entry.type not in TYPES_OF[kind]:
        what = {"int": "integers", "categorical": "one of a set of values"}.get(kind, "numbers")
        return (
            f"{name} takes {what}; a {entry.type} distribution cannot be used "
            f"(allowed: {', '.join(TYPES_OF[kind])})"
        )
    if isinstance(entry, QUniformEntry):
        if not (_multiple_of(entry.min, entry.q) and _multiple_of(entry.max, entry.q)):
            return f"quniform min and max must be multiples of q ({entry.q:g})"
        if kind == "int" and not all(_is_whole(v) for v in (entry.min, entry.max, entry.q)):
            return f"{name} takes integers; quniform min, max and q must be whole numbers"
    return None


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: `true` is not `1` (Python says it is)."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _among(value: Any, values: list[Any]) -> bool:
    return any(_same(value, v) for v in values)


def _condition_problem(
    name: str, entry: SearchSpaceEntry, search_space: dict[str, SearchSpaceEntry]
) -> str | None:
    """What is wrong with `entry.when`; None when it has none or it is sound."""
    if entry.when is None:
        return None
    if len(entry.when) != 1:
        return (
            f"name exactly one hyperparameter this entry depends on, e.g. "
            f'{{"schedule": ["cosine"]}}; got {len(entry.when)}'
        )
    [(parent_name, values)] = entry.when.items()
    if parent_name == name:
        return f"{name} cannot depend on itself"
    parent = search_space.get(parent_name)
    if parent is None:
        return (
            f"{parent_name} is not in the search space; an entry can depend only on another "
            "entry of the same search space"
        )
    if not isinstance(parent, ChoiceEntry):
        return f"{parent_name} is a {parent.type} entry; an entry can depend only on a choice entry"
    if parent.when is not None:
        return (
            f"{parent_name} is itself conditional; conditions go one level deep only "
            f"(make {parent_name} unconditional)"
        )
    if not values:
        return f"list at least one value of {parent_name}"
    unknown = [v for v in values if not _among(v, parent.values)]
    if unknown:
        return (
            f"{', '.join(map(repr, unknown))} not among the values of {parent_name} "
            f"({', '.join(map(repr, parent.values))})"
        )
    return None


def _parent(entry: SearchSpaceEntry) -> tuple[str, list[Any]] | None:
    """(parent name, the values it makes `entry` sampled for) of a conditional entry."""
    if entry.when is None:
        return None
    [(parent, values)] = entry.when.items()
    return parent, values


def _whole_configs(
    search_space: dict[str, SearchSpaceEntry], edges: dict[str, list[Any]], base: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """(what it is, config): every entry at its first edge value, then for each parent value
    that leaves conditional entries unsampled, a trial with that value and without them."""

    def config(without: frozenset[str], parent: str | None = None, value: Any = None) -> Any:
        point = copy.deepcopy(base)
        for name, values in edges.items():
            if name not in without:
                set_path(point, name, values[0])
        if parent is not None:
            set_path(point, parent, value)
        return point

    children: dict[str, dict[str, list[Any]]] = {}  # parent -> {child: values it is sampled for}
    for name, entry in search_space.items():
        if condition := _parent(entry):
            children.setdefault(condition[0], {})[name] = condition[1]
    configs = [("", config(frozenset()))]
    for parent, listed_by_child in children.items():
        seen: set[frozenset[str]] = set()
        for value in edges[parent]:  # a parent is a choice: its edges are all its values
            without = frozenset(
                c for c, listed in listed_by_child.items() if not _among(value, listed)
            )
            if without and without not in seen:
                seen.add(without)
                what = f"with {parent} {value!r} ({', '.join(sorted(without))} not searched)"
                configs.append((what, config(without, parent, value)))
    return configs


Problem = tuple[str, str]  # (dotted field, or "" for the whole config; message)


def _problems(config: dict[str, Any]) -> list[Problem]:
    """What is wrong with `config` as a TrainConfig."""
    try:
        TrainConfig.model_validate(config)
    except ValidationError as exc:
        return [
            (".".join(str(p) for p in e["loc"]), e["msg"].removeprefix("Value error, "))
            for e in exc.errors(include_url=False, include_input=False)
        ]
    return []


def _say(problems: list[Problem]) -> str:
    return "; ".join(f"{where}: {msg}" if where else msg for where, msg in problems)


def resolve_space(
    search_space: dict[str, SearchSpaceEntry], fixed_config: dict[str, Any], trial_max_steps: int
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """(search space for the spec, the fixed config validated with defaults filled, searched
    keys and model/max_steps removed); a 422 naming every problem otherwise."""
    unknown = sorted(set(search_space) - set(TUNABLE))
    if unknown:
        raise ApiError(
            422,
            f"search_space: unknown hyperparameter(s) {', '.join(unknown)}; "
            f"tunable: {', '.join(TUNABLE)}",
            known=list(TUNABLE),
        )
    problems = [
        f"fixed_config.{key}: {why}" for key, why in RESERVED.items() if key in fixed_config
    ]
    for name in search_space:
        if get_path(fixed_config, name)[0]:
            problems.append(
                f"search_space.{name}: also set in fixed_config; a hyperparameter is either "
                "searched or fixed"
            )
        problem = _entry_problem(name, search_space[name])
        if problem:
            problems.append(f"search_space.{name}: {problem}")
        problem = _condition_problem(name, search_space[name], search_space)
        if problem:
            problems.append(f"search_space.{name}.when: {problem}")
    if problems:
        raise ApiError(422, "; ".join(problems))

    base = copy.deepcopy(fixed_config)
    base["max_steps"] = trial_max_steps
    # Four evaluations of eval_loss per trial unless told otherwise: something for ASHA.
    base.setdefault("eval_every_n_steps", max(1, trial_max_steps // EVALUATIONS_PER_TRIAL))
    base_problems = _problems(base)
    # A wrong field is the fixed config's fault; a whole-config error (batch_size vs
    # mesh.fsdp) may come from a default that the search space replaces, so it waits.
    if any(where for where, _ in base_problems):
        raise ApiError(422, "fixed_config: " + _say([p for p in base_problems if p[0]]))
    edges = {name: edge_values(entry, TUNABLE[name]) for name, entry in search_space.items()}
    for name, values in edges.items():
        context = copy.deepcopy(base)
        condition = _parent(search_space[name])
        if condition:  # checked as it is sampled: with its parent at a listed value
            set_path(context, condition[0], condition[1][0])
        context_problems = _problems(context) if condition else base_problems
        for value in values:
            point = copy.deepcopy(context)
            set_path(point, name, value)
            # Only what this value adds to the fixed config's own errors is its fault.
            added = [p for p in _problems(point) if p not in context_problems]
            if added:
                problems.append(f"search_space.{name}: value {value!r}: {_say(added)}")
                break  # one bad value per entry says enough
    if problems:
        raise ApiError(422, "; ".join(problems))
    configs = _whole_configs(search_space, edges, base)
    for what, point in configs:
        remaining = _problems(point)
        if remaining:
            raise ApiError(422, "fixed_config: " + (f"{what}: " if what else "") + _say(remaining))
    searched = configs[0][1]

    resolved = TrainConfig.model_validate(searched).model_dump(mode="json")
    for name, entry in search_space.items():
        if entry.when is None:
            delete_path(resolved, name)
        else:
            # A trial that does not sample it trains with the API's default, stored here:
            # the training child's own defaults differ, and a later run of the best trial
            # is validated with these.
            set_path(resolved, name, default_of(name))
    for key in RESERVED:
        resolved.pop(key, None)
    space = {name: _spec_entry(entry, TUNABLE[name]) for name, entry in search_space.items()}
    return space, resolved


def _spec_entry(entry: SearchSpaceEntry, kind: Kind) -> dict[str, Any]:
    out = entry.model_dump(mode="json", exclude={"when"})
    if entry.when is not None:
        out["when"] = entry.when
    if isinstance(entry, QUniformEntry) and kind == "int":  # whole numbers, checked above
        out.update(min=int(entry.min), max=int(entry.max), q=int(entry.q))
    return out


def check_scheduler(
    scheduler: Scheduler, fixed_config: dict[str, Any], trial_max_steps: int
) -> None:
    """ASHA compares trials at evaluations of eval_loss; it needs some before the last one."""
    if scheduler.type != "asha":
        return
    every = int(fixed_config["eval_every_n_steps"])
    evaluations = math.ceil(trial_max_steps / every)
    if scheduler.grace_period >= evaluations:
        raise ApiError(
            422,
            f"scheduler.grace_period: ASHA can stop a trial only at an evaluation before its "
            f"last, but a trial makes {evaluations} (trial_max_steps {trial_max_steps} / "
            f"fixed_config.eval_every_n_steps {every}, rounded up) and grace_period is "
            f"{scheduler.grace_period}; lower grace_period or eval_every_n_steps",
        )
