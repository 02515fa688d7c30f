"""``exact_match``: the final answer (or the whole output) equals the expected answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from tunix_rt.core.answers import find_final_answer, strip_end_of_turn
from tunix_rt.core.judges.base import Judge, JudgeItem, ParamSpec, Verdict, decide


class ExactMatch(Judge):
    """String equality, no number parsing. `field="answer"` compares the extracted final
    answer, `field="output"` the whole output (cut at its end-of-turn token)."""

    name: ClassVar[str] = "exact_match"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "The final answer (or, with field='output', the whole output up to its end-of-turn "
        "token) must equal the expected answer character for character, after optional "
        "whitespace stripping and case folding."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "field": ParamSpec(
            type="string",
            default="answer",
            choices=("answer", "output"),
            description="Compare the extracted final answer, or the whole output.",
        ),
        "strip": ParamSpec(
            type="boolean",
            default=True,
            description="Strip leading and trailing whitespace from both sides first.",
        ),
        "case_sensitive": ParamSpec(
            type="boolean", default=True, description="If false, compare casefolded text."
        ),
    }

    def score(self, item: JudgeItem) -> Verdict:
        expected = item.expected_answer
        if expected is None:
            return Verdict.unparseable("item has no expected answer")
        details: dict[str, Any] = {"field": self.params["field"], "expected": expected}
        if self.params["field"] == "output":
            candidate: str | None = strip_end_of_turn(item.output)
        else:
            candidate, how = find_final_answer(item.output)
            details["how"] = how
        details["compared"] = candidate
        if candidate is None:
            return decide(False, 0.0, {**details, "reason": "no answer found in the output"})
        left, right = candidate, expected
        if self.params["strip"]:
            left, right = left.strip(), right.strip()
        if not self.params["case_sensitive"]:
            left, right = left.casefold(), right.casefold()
        matched = left == right
        details["reason"] = "identical" if matched else "differs from expected"
        return decide(matched, 1.0 if matched else 0.0, details)
