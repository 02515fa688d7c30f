"""Final answers in model output: where to find them, how to normalize and compare them.

`find_final_answer` looks, in this order, for the last `Answer:` marker (any case), the
last `A:` marker at a line start, the last `\\boxed{...}`, and the last non-empty line. Text
from the first chat end-of-turn token on (`<|im_end|>`, `<end_of_turn>`, `<|eot_id|>` ...)
is dropped first: the model's turn ended there.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Literal

from tunix_rt.core.chat_templates import ANSWER_MARKER

FoundBy = Literal["answer_marker", "a_marker", "boxed", "last_line", "none"]

END_OF_TURN_TOKENS = (
    "<|im_end|>",
    "<end_of_turn>",
    "<|eot_id|>",
    "<|end_of_text|>",
    "<|endoftext|>",
    "<eos>",
    "</s>",
)
_END_OF_TURN = re.compile("|".join(re.escape(t) for t in END_OF_TURN_TOKENS))
_ANSWER_MARKER = re.compile(r"answer[ \t]*:", re.IGNORECASE)
_A_MARKER = re.compile(r"^[ \t>*_]*A[ \t]*:[ \t]*(.*)$", re.MULTILINE)
_BOXED = "\\boxed{"
# Markdown emphasis around an answer ("**Answer:** 42") is not part of it.
_EMPHASIS = " \t*_"

# A number as people write it: optional sign, thousands groups of exactly three digits or
# plain digits, optional decimals and exponent. The exponent has at most 3 digits: an exact
# value of "1e999999999" would take minutes to build.
_SIGN = r"[-+−]?"
_EXPONENT = r"(?:[eE][-+]?\d{1,3})?"
_UNSIGNED = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d*)?{_EXPONENT}|\.\d+{_EXPONENT}"
_NUMBER = re.compile(rf"({_SIGN})\$?({_UNSIGNED})%?", re.ASCII)
_FRACTION = re.compile(rf"({_SIGN})\$?(\d+)\s*/\s*(\d+)", re.ASCII)
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?!\d|,\d)", re.ASCII)
_DOLLAR_BEFORE_DIGIT = re.compile(r"\$(?=[-+]?\.?\d)")
_WHITESPACE = re.compile(r"\s+")
_SURROUNDING = " \t\n.,;:!?\"'`*_"


def strip_end_of_turn(output: str) -> str:
    """`output` up to its first chat end-of-turn token (all of it when there is none)."""
    if "<" not in output:  # every token starts with "<"; most outputs have none
        return output
    match = _END_OF_TURN.search(output)
    return output[: match.start()] if match else output


def extract_answer(completion: str) -> str | None:
    """The text after the last `Answer:` marker, up to the end of its line.

    The `answer` field of generation output; None without a marker, "" when nothing follows.
    """
    index = completion.rfind(ANSWER_MARKER)
    if index == -1:
        return None
    rest = completion[index + len(ANSWER_MARKER) :].strip()
    return rest.splitlines()[0].strip() if rest else ""


def _boxed_contents(text: str) -> str | None:
    """Contents of the last `\\boxed{...}` whose braces balance, nested braces included."""
    end = len(text)
    while True:
        start = text.rfind(_BOXED, 0, end)
        if start == -1:
            return None
        depth = 1
        position = start + len(_BOXED)
        while position < len(text):
            char = text[position]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return text[start + len(_BOXED) : position].strip()
            position += 1
        end = start  # unbalanced: try an earlier one


def _clean(answer: str) -> str:
    answer = answer.strip(_EMPHASIS)
    boxed = _boxed_contents(answer)
    return boxed if boxed is not None else answer.strip()


def _last_answer_marker_end(text: str) -> int | None:
    """Where the text after the last `answer:` marker (any case) starts, or None."""
    if text.isascii():  # lower() keeps ASCII offsets; search backwards from the end
        lowered = text.lower()
        index = lowered.rfind("answer")
        while index != -1:
            match = _ANSWER_MARKER.match(lowered, index)
            if match:
                return match.end()
            index = lowered.rfind("answer", 0, index)
        return None
    markers = list(_ANSWER_MARKER.finditer(text))
    return markers[-1].end() if markers else None


def find_final_answer(output: str) -> tuple[str | None, FoundBy]:
    """(answer, how it was found); (None, "none") when the output holds no text at all.

    After an `Answer:` marker with nothing else on its line, the next non-empty line is the
    answer; with no such line the answer is "" (found, but empty).
    """
    text = strip_end_of_turn(output)
    marker_end = _last_answer_marker_end(text)
    if marker_end is not None:
        rest = text[marker_end:]
        line, _, after = rest.partition("\n")
        answer = _clean(line)
        if not answer:
            following = next((ln for ln in after.splitlines() if ln.strip()), "")
            answer = _clean(following)
        return answer, "answer_marker"
    a_markers = _A_MARKER.findall(text)
    if a_markers:
        return _clean(a_markers[-1]), "a_marker"
    boxed = _boxed_contents(text)
    if boxed is not None:
        return boxed, "boxed"
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines:
        return _clean(lines[-1]), "last_line"
    return None, "none"


def normalize_answer(text: str) -> str:
    """Casefolded, whitespace collapsed, surrounding punctuation and `$` before numbers
    dropped, thousands separators removed from numbers ("1,234" → "1234", "1,2" kept)."""
    if text.isalnum():  # a bare word or integer, the usual case: nothing else applies
        return text.casefold()
    text = _WHITESPACE.sub(" ", text.casefold()).strip(_SURROUNDING)
    text = _DOLLAR_BEFORE_DIGIT.sub("", text)
    return _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), text)


def _parse_exact(text: str) -> tuple[Fraction | int, bool] | None:
    """(value, written as an integer) for a number, a simple fraction or a percentage."""
    text = text.strip().rstrip(".").strip()
    match = _NUMBER.fullmatch(text)
    if match:
        sign, digits = match.groups()
        negative = sign in ("-", "−")
        if digits.isdigit():  # the common case, and int() is much cheaper than Fraction()
            return (-int(digits) if negative else int(digits)), True
        value = Fraction(digits.replace(",", ""))
        is_integer = not any(c in digits for c in ".eE")
        return (-value if negative else value), is_integer
    match = _FRACTION.fullmatch(text)
    if match and int(match.group(3)) != 0:
        sign, numerator, denominator = match.groups()
        value = Fraction(int(numerator), int(denominator))
        return (-value if sign in ("-", "−") else value), False
    return None


def parse_number(text: str) -> float | None:
    """The number `text` states, or None: "-1,234.5", "$12", "3/4", "1e3", "50%" (= 50)."""
    parsed = _parse_exact(text)
    return float(parsed[0]) if parsed is not None else None


def compare_answers(
    predicted: str, expected: str, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9
) -> tuple[bool, Literal["number", "text"]]:
    """(match, how compared): as numbers when both parse as numbers, else as text.

    Two numbers written as integers must be equal exactly (a tolerance would accept a wrong
    last digit of a 24-digit product); otherwise they match within rel_tol/abs_tol.
    """
    a, b = _parse_exact(predicted), _parse_exact(expected)
    if a is not None and b is not None:
        if a[0] == b[0]:
            return True, "number"
        if a[1] and b[1]:
            return False, "number"
        close = math.isclose(float(a[0]), float(b[0]), rel_tol=rel_tol, abs_tol=abs_tol)
        return close, "number"
    return normalize_answer(predicted) == normalize_answer(expected), "text"


def answers_match(
    predicted: str | None, expected: str, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9
) -> bool:
    """True when both are the same number (see `compare_answers`) or the same normalized text."""
    if predicted is None:
        return False
    return compare_answers(predicted, expected, rel_tol=rel_tol, abs_tol=abs_tol)[0]
