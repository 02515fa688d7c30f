"""``llm_judge``: a language model grades the output against a rubric.

The judge writes the prompt (`prompt`) and reads the reply (`parse`); calling the model is
someone else's job (a local registry model, or an OpenAI-compatible endpoint via
`openai_http`). A reply without a readable score in range is "unparseable", never a 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from tunix_rt.core.answers import strip_end_of_turn
from tunix_rt.core.judges.base import (
    JudgeError,
    JudgeItem,
    ModelJudge,
    ParamSpec,
    Verdict,
    decide,
)

DEFAULT_RUBRIC = """You are grading a response to a question against a reference answer.

Question:
{prompt}

Reference answer:
{expected_answer}

Response:
{output}

Grade the response from 0 to {scale}: {scale} if its final answer matches the reference \
and its reasoning is sound, 0 if its final answer is wrong or missing, in between for \
partly right work. Write one short sentence of justification, then end with a last line \
of exactly this form:
Score: N/{scale}"""

PLACEHOLDERS = ("prompt", "expected_answer", "output", "scale")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
REPLY_EXCERPT = 500

_VALUE = r"([-+]?\d+(?:\.\d+)?)"
_OUT_OF = r"(?:[ \t]*(?:/|out[ \t]+of)[ \t]*(\d+(?:\.\d+)?))"
_SKIP = r"[\"'*_ \t]*"
# "Score: 7/10", "score = 7", "**Score:** 8", '{"score": 7}', "Rating: 3 out of 10",
# "a score of 7", "Final grade is 9".
_KEYWORDED = re.compile(
    rf"\b(?:score|rating|grade)\b{_SKIP}(?:\([^)\n]*\))?{_SKIP}(?:[:=]|\bis\b|\bof\b)"
    rf"{_SKIP}{_VALUE}{_OUT_OF}?",
    re.IGNORECASE | re.ASCII,
)
_FRACTION = re.compile(rf"(?<![\w.]){_VALUE}{_OUT_OF}(?![\w]|\.\d)", re.IGNORECASE | re.ASCII)
_ONLY_NUMBER = re.compile(rf"{_SKIP}{_VALUE}{_SKIP}\.?", re.ASCII)


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


class LLMJudge(ModelJudge):
    """Score = stated value / scale (or / the stated denominator); pass iff ≥ threshold."""

    name: ClassVar[str] = "llm_judge"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "A language model grades each output with a rubric (by default: correctness against "
        "the reference answer) and ends its reply with 'Score: N/10'. The last score "
        "statement in the reply counts; a reply without one is unparseable, not a zero."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "backend": ParamSpec(
            type="string",
            default="local",
            choices=("local", "http"),
            description="local: a model from the registry run by tunix-rt; "
            "http: an OpenAI-compatible chat-completions endpoint.",
        ),
        "model": ParamSpec(
            type="string",
            default="",
            description="local: a registry ref, registry://name@1 or registry://name#alias "
            "(stored as the version it names when the evaluation is created); "
            "http: the endpoint's model name.",
        ),
        "rubric": ParamSpec(
            type="string",
            default=DEFAULT_RUBRIC,
            description="The prompt sent per item; {prompt}, {expected_answer}, {output} and "
            "{scale} are replaced. Must contain {output}.",
        ),
        "scale": ParamSpec(
            type="integer", default=10, minimum=1, maximum=100, description="Top score."
        ),
        "pass_threshold": ParamSpec(
            type="number",
            default=0.5,
            minimum=0.0,
            maximum=1.0,
            description="Pass iff score / scale is at least this.",
        ),
        "max_new_tokens": ParamSpec(
            type="integer",
            default=64,
            minimum=1,
            maximum=4096,
            description="Most tokens the judge model may write per reply.",
        ),
    }

    @classmethod
    def check_params(cls, params: dict[str, Any]) -> None:
        if "{output}" not in params["rubric"]:
            raise JudgeError("params.rubric", "must contain {output}, where the response goes")

    def prompt(self, item: JudgeItem) -> str:
        values = {
            "prompt": item.prompt,
            "expected_answer": item.expected_answer or "(none given)",
            "output": strip_end_of_turn(item.output).strip(),
            "scale": str(self.params["scale"]),
        }
        # One pass, so a "{scale}" inside the output is left as it is.
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.params["rubric"])

    def parse(self, reply: str) -> Verdict:
        scale: int = self.params["scale"]
        excerpt = reply[:REPLY_EXCERPT]
        found = self._last_statement(reply, scale)
        if found is None:
            return Verdict.unparseable("no score statement in the reply", reply=excerpt)
        statement, value, out_of = found
        details: dict[str, Any] = {
            "statement": statement,
            "value": _plain(value),
            "out_of": _plain(out_of),
            "reply": excerpt,
        }
        if out_of <= 0 or not 0 <= value <= out_of:
            reason = f"score {_plain(value)} is outside 0..{_plain(out_of)}"
            return Verdict.unparseable(reason, **details)
        normalized = value / out_of
        passed = normalized >= self.params["pass_threshold"]
        details["reason"] = (
            f"{_plain(value)}/{_plain(out_of)} is "
            f"{'at or above' if passed else 'below'} the pass threshold "
            f"{self.params['pass_threshold']:g}"
        )
        return decide(passed, normalized, details)

    @staticmethod
    def _last_statement(reply: str, scale: int) -> tuple[str, float, float] | None:
        """(statement, value, out of) of the last score statement, by priority of kind."""
        keyworded = list(_KEYWORDED.finditer(reply))
        if keyworded:
            m = keyworded[-1]
            out_of = float(m.group(2)) if m.group(2) else float(scale)
            return m.group(0).strip(), float(m.group(1)), out_of
        fractions = [m for m in _FRACTION.finditer(reply) if float(m.group(2)) == scale]
        if fractions:
            m = fractions[-1]
            return m.group(0).strip(), float(m.group(1)), float(scale)
        only = _ONLY_NUMBER.fullmatch(reply.strip())
        if only:
            return only.group(0).strip(), float(only.group(1)), float(scale)
        return None
