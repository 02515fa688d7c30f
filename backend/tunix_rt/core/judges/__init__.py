"""Judges: score a model's output for an item as pass, fail or unparseable (see docs/judges.md)."""

from tunix_rt.core.judges.base import (
    Judge,
    JudgeError,
    JudgeItem,
    ModelJudge,
    Outcome,
    ParamSpec,
    Verdict,
)
from tunix_rt.core.judges.registry import JUDGE_NAMES, JUDGES, describe_judges, make_judge
from tunix_rt.core.judges.runner import judge_all, judge_prompts

__all__ = [
    "JUDGES",
    "JUDGE_NAMES",
    "Judge",
    "JudgeError",
    "JudgeItem",
    "ModelJudge",
    "Outcome",
    "ParamSpec",
    "Verdict",
    "describe_judges",
    "judge_all",
    "judge_prompts",
    "make_judge",
]
