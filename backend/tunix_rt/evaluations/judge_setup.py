"""A judge's setup: which judge, which version, which parameters, which judge model.

Two evaluations scored by differently set up judges (another version, another `rel_tol`,
another rubric or judge model) are not on the same scale, so scores are only ranked,
compared or regression-checked within one setup. `judge_key` names a setup briefly.
"""

import hashlib
from typing import Any

import orjson

KEY_LENGTH = 16  # hex digits: 64 bits, plenty for the setups of one judge
LONG_VALUE = 60  # longer values (a rubric) are cut in difference messages


def judge_setup(judge: dict[str, Any]) -> dict[str, Any]:
    """{name, version, params, judge_model?} of a stored judge entry (evaluations.judges).

    `params` are as stored, defaults filled; `judge_model` (model judges only) never holds
    a secret (judging.py keeps the API key out). Leaving the key out for other judges keeps
    their setups, and evaluation identities, as they were before it existed.
    """
    setup = {"name": judge["name"], "version": judge["version"], "params": judge["params"]}
    if judge.get("judge_model") is not None:
        setup["judge_model"] = judge["judge_model"]
    return setup


def judge_key(setup: dict[str, Any]) -> str:
    """First 16 hex digits of the sha256 of the setup's canonical JSON."""
    canonical = orjson.dumps(judge_setup(setup), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:KEY_LENGTH]


def setup_in(judges: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The setup of judge `name` among an evaluation's judges; None when it has none."""
    for judge in judges:
        if judge.get("name") == name:
            return judge_setup(judge)
    return None


def stored_setup(judges: list[dict[str, Any]] | None, name: str, version: str) -> dict[str, Any]:
    """`setup_in`, or for a score without its judge's entry (hand-written data) the judge
    at the score's version with no parameters."""
    found = setup_in(judges or [], name)
    return found if found is not None else {"name": name, "version": version, "params": {}}


def setup_differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """What differs between two setups of one judge, e.g. `params.rel_tol 1e-6 vs 0.01`."""
    a, b = judge_setup(a), judge_setup(b)
    pairs: list[tuple[str, Any, Any]] = [("version", a["version"], b["version"])]
    params_a, params_b = a["params"] or {}, b["params"] or {}
    pairs += [
        (f"params.{key}", params_a.get(key, _MISSING), params_b.get(key, _MISSING))
        for key in sorted(set(params_a) | set(params_b))
    ]
    pairs.append(("judge model", _model(a), _model(b)))
    out = [f"{what} {_shown(x)} vs {_shown(y)}" for what, x, y in pairs if x != y]
    if not out and judge_key(a) != judge_key(b):  # e.g. one pinned ref, two version ids
        out.append(f"judge_key {judge_key(a)} vs {judge_key(b)}")
    return out


def describe_params(params: dict[str, Any] | None) -> str:
    """`abs_tol=1e-9, rel_tol=0.01`: a setup's parameters in one line, long values cut."""
    return ", ".join(f"{key}={_shown(value)}" for key, value in sorted((params or {}).items()))


_MISSING = object()


def _model(setup: dict[str, Any]) -> Any:
    """A judge model as a person names it: its pinned ref, or `model at base_url`."""
    model = setup.get("judge_model")
    if model is None:
        return _MISSING
    if model.get("backend") == "local" and model.get("ref"):
        return model["ref"]
    if model.get("backend") == "http":
        return f"{model.get('model')} at {model.get('base_url')}"
    return model


def _shown(value: Any) -> str:
    if value is _MISSING:
        return "(none)"
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= LONG_VALUE else text[: LONG_VALUE - 1] + "…"
