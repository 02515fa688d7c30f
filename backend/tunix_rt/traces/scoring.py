"""The structural baseline score (0-100): is this trace shaped like usable reasoning?

It judges form, not truth: correctness needs the judges of the evaluation domain.
"""

from typing import Any

# (criterion, max points); the sum is 100.
WEIGHTS = {
    "step_count": 25,
    "step_order": 10,
    "step_length": 20,
    "distinct_steps": 15,
    "answer_concise": 15,
    "prompt_length": 15,
}


def _ratio_in(value: float, low: float, high: float) -> float:
    """1.0 inside [low, high], falling linearly to 0 at 0 and at 4*high."""
    if low <= value <= high:
        return 1.0
    if value < low:
        return max(0.0, value / low)
    return max(0.0, 1.0 - (value - high) / (3 * high))


def baseline_score(payload: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    steps = sorted(payload["steps"], key=lambda s: s["i"])
    contents = [s["content"].strip() for s in steps]
    n = len(steps)
    mean_len = sum(len(c) for c in contents) / n if n else 0.0
    checks: dict[str, tuple[float, str]] = {
        "step_count": (min(n, 5) / 5, f"{n} steps; 5 or more earn full points"),
        "step_order": (
            1.0 if [s["i"] for s in steps] == list(range(n)) else 0.5,
            "indices run 0..n-1 without gaps"
            if [s["i"] for s in steps] == list(range(n))
            else "indices are unique but not 0..n-1",
        ),
        "step_length": (
            _ratio_in(mean_len, 10, 500),
            f"mean step length {mean_len:.0f} chars; 10-500 is ideal",
        ),
        "distinct_steps": (
            len(set(contents)) / n if n else 0.0,
            f"{len(set(contents))} of {n} steps are distinct",
        ),
        "answer_concise": (
            _ratio_in(len(payload["final_answer"].strip()), 1, 200),
            f"final answer is {len(payload['final_answer'].strip())} chars; up to 200 is ideal",
        ),
        "prompt_length": (
            _ratio_in(len(payload["prompt"].strip()), 10, 4000),
            f"prompt is {len(payload['prompt'].strip())} chars; 10-4000 is ideal",
        ),
    }
    criteria: dict[str, dict[str, Any]] = {
        name: {
            "points": round(WEIGHTS[name] * fraction, 2),
            "max_points": WEIGHTS[name],
            "explanation": why,
        }
        for name, (fraction, why) in checks.items()
    }
    total = round(sum(float(c["points"]) for c in criteria.values()), 2)
    return total, {"criteria": criteria, "scale": "0-100, structure only"}
