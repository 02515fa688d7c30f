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


def trial_config(spec: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The training config of one trial: fixed config, then its params, then the budget.

    Dotted names (`lora.rank`) set nested keys.
    """
    config: dict[str, Any] = {
        key: dict(value) if isinstance(value, Mapping) else value
        for key, value in spec["fixed_config"].items()
    }
    for name, value in params.items():
        target = config
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value.item() if hasattr(value, "item") else value
    config["model"] = spec["base_model"]
    config["template"] = spec.get("template") or config.get("template", "chatml")
    config["max_steps"] = int(spec["trial_max_steps"])
    config.setdefault("eval_every_n_steps", max(1, int(spec["trial_max_steps"]) // 4))
    # One checkpoint at the end: a trial that stops is rerun, not resumed.
    config["checkpoint_every_n_steps"] = int(spec["trial_max_steps"])
    config["keep_checkpoints"] = 1
    return config
