"""A search's spec (docs/tuning.md) in Ray Tune's terms, and a trial's training config.

Kept apart from the driver so it can be checked without starting Ray.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

# Trial runs and their evaluations get ids derived from the search and the trial, so a
# restored search reports the same trial under the same run id.
_IDS = uuid.UUID("6f1c3a52-5f0e-4d8e-9b2a-0c7d7e1e2a41")


def trial_run_id(tuning_job_id: str, trial_key: str) -> str:
    return str(uuid.uuid5(_IDS, f"{tuning_job_id}/{trial_key}"))


def trial_evaluation_id(run_id: str) -> str:
    return str(uuid.uuid5(_IDS, f"{run_id}/evaluation"))


def param_space(space: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Tune sampling domains, by name; `randint`'s max is inclusive here (Tune's is exclusive).

    Sorted because the searchers draw in the space's order, and the spec's key order is not
    kept by every database (Postgres JSONB sorts keys by length): one seed, one set of trials.
    Conditional entries are sampled in every trial too: `active_params` drops them from the
    trials whose parent value does not list them. An active one is drawn from its own
    distribution independently of the rest, so this is the same as sampling it only then.
    """
    from ray import tune

    out: dict[str, Any] = {}
    for name, entry in sorted(space.items()):
        kind = entry["type"]
        if kind == "choice":
            out[name] = tune.choice(list(entry["values"]))
        elif kind == "uniform":
            out[name] = tune.uniform(entry["min"], entry["max"])
        elif kind == "loguniform":
            out[name] = tune.loguniform(entry["min"], entry["max"])
        elif kind == "quniform":
            out[name] = tune.quniform(entry["min"], entry["max"], entry["q"])
        elif kind == "randint":
            out[name] = tune.randint(int(entry["min"]), int(entry["max"]) + 1)
        else:
            raise ValueError(f"search_space.{name}: unknown type {kind!r}")
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: `true` is not `1` (Python says it is)."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def is_active(entry: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    """Whether a trial with `params` samples `entry`: unconditional, or its parent (an
    unconditional choice, so always in `params`) took a value its `when` lists."""
    when = entry.get("when")
    if not when:
        return True
    [(parent, listed)] = when.items()
    return parent in params and any(_same(_plain(params[parent]), v) for v in listed)


def active_params(
    space: Mapping[str, Mapping[str, Any]], params: Mapping[str, Any]
) -> dict[str, Any]:
    """A trial's hyperparameters without the conditional ones it does not sample, as plain
    Python values: what it trains with and what it reports."""
    return {
        name: _plain(value)
        for name, value in params.items()
        if name not in space or is_active(space[name], params)
    }


class OptunaSpace:
    """Optuna's define-by-run search space (OptunaSearch's `space`): each entry is suggested
    as `param_space` samples it, and a conditional one only when its parent's value is
    listed, so TPE models it from the trials that had it.

    Unconditional entries go first, each group in name order: a parent is suggested before
    the entries that depend on it, and one seed suggests the same trials. A class, not a
    closure, because the searcher is pickled with the experiment for `Tuner.restore`.
    """

    def __init__(self, space: Mapping[str, Mapping[str, Any]]) -> None:
        ordered = sorted(space.items(), key=lambda item: (bool(item[1].get("when")), item[0]))
        self.space = {name: dict(entry) for name, entry in ordered}

    def __call__(self, trial: Any) -> None:
        chosen: dict[str, Any] = {}
        for name, entry in self.space.items():
            if is_active(entry, chosen):
                chosen[name] = _suggest(trial, name, entry)


def _suggest(trial: Any, name: str, entry: Mapping[str, Any]) -> Any:
    kind = entry["type"]
    if kind == "choice":
        return trial.suggest_categorical(name, list(entry["values"]))
    if kind == "uniform":
        return trial.suggest_float(name, entry["min"], entry["max"])
    if kind == "loguniform":
        return trial.suggest_float(name, entry["min"], entry["max"], log=True)
    if kind == "quniform":
        return trial.suggest_float(name, entry["min"], entry["max"], step=entry["q"])
    if kind == "randint":  # both bounds included, as in param_space
        return trial.suggest_int(name, int(entry["min"]), int(entry["max"]))
    raise ValueError(f"search_space.{name}: unknown type {kind!r}")


def trial_config(spec: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The training config of one trial: fixed config, then its params, then the budget.

    Dotted names (`lora.rank`) set nested keys; conditional params the trial does not
    sample are left out (the fixed config's value, or training's default).
    """
    config: dict[str, Any] = {
        key: dict(value) if isinstance(value, Mapping) else value
        for key, value in spec["fixed_config"].items()
    }
    for name, value in active_params(spec.get("search_space") or {}, params).items():
        target = config
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    config["model"] = spec["base_model"]
    config["template"] = spec.get("template") or config.get("template", "chatml")
    config["max_steps"] = int(spec["trial_max_steps"])
    config.setdefault("eval_every_n_steps", max(1, int(spec["trial_max_steps"]) // 4))
    # One checkpoint at the end: a trial that stops is rerun, not resumed.
    config["checkpoint_every_n_steps"] = int(spec["trial_max_steps"])
    config["keep_checkpoints"] = 1
    return config
