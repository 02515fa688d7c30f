"""``arithmetic_consistency``: is every computation the output states actually right?

It reads equations `<expr> = <number>` whose left side is numbers joined by + - × * x ÷ /
(× and ÷ bind tighter, evaluated exactly with integers and fractions, never with eval()),
and the arithmetic generator's column-work phrases: "7 + 5 + carry 1 = 13, write 3,
carry 1" (the written digit and the carry are checked too), "3 - borrow 1 - 5 = -3",
"123 × 4 (tens) = 492, shifted 1 place: 4920".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from operator import itemgetter
from typing import Any, ClassVar, NamedTuple

from tunix_rt.core.answers import answers_match, find_final_answer, strip_end_of_turn
from tunix_rt.core.judges.base import Judge, JudgeItem, ParamSpec, Verdict, decide

Number = int | Fraction

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"  # thousands separators allowed, not checked
_OP = r"(?:[-+×*÷/]|(?<=[ \t])x(?=[ \t]))"
_EXPR = rf"-?{_NUM}(?:[ \t]*{_OP}[ \t]*-?{_NUM})+"
# Not inside a word or another number on the left; the stated result ends the number.
_EQUATION = re.compile(rf"(?<![\w.,\-])({_EXPR})[ \t]*=[ \t]*(-?{_NUM})(?!\w|\.\d|,\d)", re.ASCII)
_TOKEN = re.compile(rf"({_NUM})|([-+×*÷/x])", re.ASCII)
_WRITE = re.compile(
    r"=[ \t]*(-?\d+),[ \t]*write[ \t]+(\d+)(?!\d)(?:,[ \t]*carry[ \t]+(\d+))?", re.ASCII
)
_SHIFT = re.compile(
    rf"(?<![\w.,\-])(-?{_NUM}),[ \t]*shifted[ \t]+(\d+)[ \t]+places?[ \t]*:[ \t]*(-?{_NUM})",
    re.ASCII,
)
_CARRY_WORDS = re.compile(r"\b(?:carry|borrow)[ \t]+(?=\d)")
_WORD_PARENTHESES = re.compile(r"[ \t]*\([^()\d\n]*\)")
_LATEX = (("\\times", "×"), ("\\cdot", "×"), ("\\div", "÷"))
_SYMBOLS = str.maketrans({"−": "-", "–": "-", "·": "×", "⋅": "×", "∗": "*", "✕": "×"})
MAX_LISTED = 20
MAX_STEP_TEXT = 200


def _number(text: str) -> Number:
    text = text.replace(",", "")
    return Fraction(text) if "." in text else int(text)


def _evaluate_spaced_integers(expression: str) -> int:
    """Fast path for "7 + 5 + 1" and "123 × 4": integers and + - × * x between spaces.

    Raises ValueError for anything else (commas, decimals, division, unspaced operators).
    """
    parts = expression.split()
    total, term = 0, int(parts[0])
    for k in range(1, len(parts), 2):
        operator, value = parts[k], int(parts[k + 1])
        if operator == "+":
            total, term = total + term, value
        elif operator == "-":
            total, term = total + term, -value
        elif operator in ("×", "*", "x"):
            term *= value
        else:
            raise ValueError(operator)
    return total + term


def evaluate(expression: str) -> Number | None:
    """Exact value of numbers joined by + - × * x ÷ /; None on division by zero."""
    try:
        return _evaluate_spaced_integers(expression)
    except (ValueError, IndexError):
        pass
    values: list[Number] = []
    operators: list[str] = []
    negate = False
    for number, operator in _TOKEN.findall(expression):
        if number:
            value = int(number) if number.isdigit() else _number(number)
            values.append(-value if negate else value)
            negate = False
        elif len(values) == len(operators):  # an operator where an operand belongs: a sign
            negate = operator == "-"
        else:
            operators.append(operator)
    terms: list[Number] = [values[0]]
    for operator, value in zip(operators, values[1:], strict=True):
        if operator in "×*x":
            terms[-1] = terms[-1] * value
        elif operator in "÷/":
            if value == 0:
                return None
            terms[-1] = Fraction(terms[-1]) / value
        else:
            terms.append(value if operator == "+" else -value)
    return sum(terms)


def _agrees(stated_text: str, actual: Number) -> bool:
    """Equal, or equal after rounding to the decimals the stated number shows."""
    stated = _number(stated_text)
    if stated == actual:
        return True
    decimals = len(stated_text.partition(".")[2])
    return decimals > 0 and abs(Fraction(actual) - stated) <= Fraction(1, 2 * 10**decimals)


def _show(value: Number | None) -> str:
    if value is None:
        return "undefined (division by zero)"
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.10g}"
    return str(int(value))


class Check(NamedTuple):
    """One stated computation: where, what was stated, what it actually is."""

    line: int
    text: str
    stated: str
    actual: str
    correct: bool


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def stated_computations(output: str) -> list[Check]:
    """Every computation `output` states, with its check, ordered by line."""
    text = strip_end_of_turn(output)
    if "=" not in text and "shifted" not in text:
        return []
    # The substitutions and searches below are skipped when their cue is absent: the
    # judge runs over every item of an evaluation.
    if not text.isascii():
        text = text.translate(_SYMBOLS)
    if "\\" in text:
        for latex, symbol in _LATEX:
            text = text.replace(latex, symbol)
    if "(" in text:
        text = _WORD_PARENTHESES.sub("", text)
    checks: list[Check] = []
    for m in _WRITE.finditer(text) if "write" in text else ():
        total, written, carry = int(m.group(1)), int(m.group(2)), m.group(3)
        if total < 0 or written > 9:
            continue
        line = _line(text, m.start())
        body = m.group(0)
        checks.append(Check(line, body, str(written), str(total % 10), written == total % 10))
        if carry is not None:
            right = int(carry) == total // 10
            checks.append(Check(line, body, f"carry {carry}", f"carry {total // 10}", right))
    for m in _SHIFT.finditer(text) if "shifted" in text else ():
        base, places, stated = m.group(1), int(m.group(2)), m.group(3)
        base_value = _number(base)
        # A non-zero base shifted this far has more digits than stated: wrong, and skipping
        # 10**places saves computing a huge number a model made up.
        if base_value != 0 and places > len(stated) + len(base):
            shown, correct = f"{base} followed by {places} zeros", False
        else:
            actual = base_value * 10**places if base_value != 0 else 0
            shown, correct = _show(actual), _agrees(stated, actual)
        checks.append(Check(_line(text, m.start()), m.group(0), stated, shown, correct))
    plain = _CARRY_WORDS.sub("", text) if "carry" in text or "borrow" in text else text
    for m in _EQUATION.finditer(plain):
        expression, stated = m.groups()
        value = evaluate(expression)
        correct = value is not None and _agrees(stated, value)
        actual = str(value) if type(value) is int else _show(value)
        checks.append(Check(_line(plain, m.start()), m.group(0), stated, actual, correct))
    checks.sort(key=itemgetter(0))
    return checks


class ArithmeticConsistency(Judge):
    """Score = correct / checked computations; pass iff at least one and all are right."""

    name: ClassVar[str] = "arithmetic_consistency"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Recomputes every equation the output states ('12 + 45 = 57', '123 × 4 = 492', "
        "column steps with carries, borrows and shifted partial products) exactly. Score is "
        "the share that are right; passes iff at least one is stated and all are right. "
        "Details show whether the final answer is right, so right answers reached through "
        "wrong steps are visible."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}

    def score(self, item: JudgeItem) -> Verdict:
        checks = stated_computations(item.output)
        lines = strip_end_of_turn(item.output).split("\n")
        wrong = [c for c in checks if not c.correct]
        extracted, _ = find_final_answer(item.output)
        expected = item.expected_answer
        answer_correct = None if expected is None else answers_match(extracted, expected)
        details: dict[str, Any] = {
            "checked": len(checks),
            "correct": len(checks) - len(wrong),
            "wrong": [
                {
                    "line": c.line,
                    "step": lines[c.line - 1].strip()[:MAX_STEP_TEXT],
                    "text": c.text,
                    "stated": c.stated,
                    "actual": c.actual,
                }
                for c in wrong[:MAX_LISTED]
            ],
            "extracted": extracted,
            "expected": expected,
            "answer_correct": answer_correct,
            "right_answer_wrong_steps": bool(answer_correct and wrong),
        }
        if len(wrong) > MAX_LISTED:
            details["wrong_not_listed"] = len(wrong) - MAX_LISTED
        if not checks:
            return decide(False, 0.0, {**details, "reason": "no computation stated"})
        details["reason"] = (
            "every stated computation is right"
            if not wrong
            else f"{len(wrong)} of {len(checks)} stated computations are wrong"
        )
        return decide(not wrong, (len(checks) - len(wrong)) / len(checks), details)
