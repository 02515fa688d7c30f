"""``trace_format``: does the output look like a rendered trace (steps, then one answer)?"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from tunix_rt.core.answers import strip_end_of_turn
from tunix_rt.core.chat_templates import ANSWER_MARKER
from tunix_rt.core.judges.base import Judge, JudgeItem, ParamSpec, Verdict, decide

# "Step 3: ..." as render_reasoning writes it, or a numbered list item "3. ..." / "3) ...".
_STEP = re.compile(r"(?:Step[ \t]+(\d+)[ \t]*:|(\d+)[.)](?=[ \t]))[ \t]*(.*)", re.ASCII)

CHECKS = (
    "has_steps",
    "steps_have_content",
    "steps_numbered_from_1",
    "one_answer_line",
    "answer_is_last_line",
    "answer_not_empty",
)


class TraceFormat(Judge):
    """Score = share of `CHECKS` passed; pass iff all pass."""

    name: ClassVar[str] = "trace_format"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Checks the layout render_reasoning produces: at least one step line ('Step N: ...' "
        "or 'N. ...') numbered 1, 2, 3 ..., and exactly one 'Answer: ...' line, non-empty, "
        "as the last non-empty line. Score is the share of checks passed."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}

    def score(self, item: JudgeItem) -> Verdict:
        lines = [ln.strip() for ln in strip_end_of_turn(item.output).splitlines()]
        lines = [ln for ln in lines if ln]
        numbers: list[int] = []
        contents: list[str] = []
        for line in lines:
            match = _STEP.match(line)
            if match:
                numbers.append(int(match.group(1) or match.group(2)))
                contents.append(match.group(3).strip())
        answer_lines = [k for k, ln in enumerate(lines) if ln.startswith(ANSWER_MARKER)]
        last_answer = lines[answer_lines[-1]][len(ANSWER_MARKER) :] if answer_lines else ""
        checks = {
            "has_steps": bool(numbers),
            "steps_have_content": bool(numbers) and all(contents),
            "steps_numbered_from_1": bool(numbers) and numbers == list(range(1, len(numbers) + 1)),
            "one_answer_line": len(answer_lines) == 1,
            "answer_is_last_line": bool(answer_lines) and answer_lines[-1] == len(lines) - 1,
            "answer_not_empty": bool(last_answer.strip()),
        }
        failed = [name for name, ok in checks.items() if not ok]
        details = {
            "checks": checks,
            "failed": failed,
            "steps": len(numbers),
            "answer_lines": len(answer_lines),
            "reason": "well-formed" if not failed else "failed: " + ", ".join(failed),
        }
        return decide(not failed, (len(checks) - len(failed)) / len(checks), details)
