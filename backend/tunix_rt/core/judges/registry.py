"""The judges by name: build one from (name, params), or describe them all for the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tunix_rt.core.judges.answer_correctness import AnswerCorrectness
from tunix_rt.core.judges.arithmetic_consistency import ArithmeticConsistency
from tunix_rt.core.judges.base import Judge, JudgeError, ModelJudge
from tunix_rt.core.judges.exact_match import ExactMatch
from tunix_rt.core.judges.llm_judge import LLMJudge
from tunix_rt.core.judges.trace_format import TraceFormat

JUDGES: dict[str, type[Judge] | type[ModelJudge]] = {
    cls.name: cls
    for cls in (AnswerCorrectness, ExactMatch, TraceFormat, ArithmeticConsistency, LLMJudge)
}
JUDGE_NAMES = tuple(JUDGES)


def make_judge(name: str, params: Mapping[str, Any] | None = None) -> Judge | ModelJudge:
    """The judge `name` with `params` checked and defaults filled; JudgeError if either is bad."""
    cls = JUDGES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise JudgeError("name", f"unknown judge {name!r}; choose one of {', '.join(JUDGE_NAMES)}")
    return cls(params)


def describe_judges() -> list[dict[str, Any]]:
    """Every judge's name, version, description, requires_model and params, by name."""
    return [JUDGES[name].describe() for name in sorted(JUDGES)]
