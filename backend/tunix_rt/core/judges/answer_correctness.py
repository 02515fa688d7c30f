"""``answer_correctness``: is the output's final answer the expected one?"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from tunix_rt.core.answers import compare_answers, find_final_answer, normalize_answer
from tunix_rt.core.judges.base import Judge, JudgeItem, ParamSpec, Verdict, decide

EMPTY_ANSWER = {
    "answer_marker": "the Answer: marker has nothing after it",
    "a_marker": "the A: marker has nothing after it",
    "boxed": "the \\boxed{} is empty",
    "last_line": "the answer is empty",
}


class AnswerCorrectness(Judge):
    """Final answer (see `find_final_answer`) vs expected: numbers within a tolerance,
    otherwise normalized text. An item without an expected answer is unparseable."""

    name: ClassVar[str] = "answer_correctness"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Finds the output's final answer (last 'Answer:' line, then 'A:', \\boxed{}, last "
        "line) and compares it with the expected answer: as numbers within a tolerance when "
        "both are numbers, otherwise as normalized text."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "rel_tol": ParamSpec(
            type="number",
            default=1e-6,
            minimum=0.0,
            maximum=1.0,
            description="Relative tolerance for non-integer numbers (integers match exactly).",
        ),
        "abs_tol": ParamSpec(
            type="number",
            default=1e-9,
            minimum=0.0,
            description="Absolute tolerance for non-integer numbers.",
        ),
    }

    def score(self, item: JudgeItem) -> Verdict:
        expected = item.expected_answer
        if expected is None:
            return Verdict.unparseable("item has no expected answer")
        extracted, how = find_final_answer(item.output)
        details: dict[str, Any] = {"extracted": extracted, "how": how, "expected": expected}
        if extracted is None:
            return decide(False, 0.0, {**details, "reason": "no answer found in the output"})
        if not extracted:
            return decide(False, 0.0, {**details, "reason": EMPTY_ANSWER[how]})
        matched, compared_as = compare_answers(
            extracted, expected, rel_tol=self.params["rel_tol"], abs_tol=self.params["abs_tol"]
        )
        details["compared_as"] = compared_as
        details["extracted_normalized"] = normalize_answer(extracted)
        details["expected_normalized"] = normalize_answer(expected)
        details["reason"] = "matches the expected answer" if matched else "differs from expected"
        return decide(matched, 1.0 if matched else 0.0, details)
