"""``arithmetic``: multi-digit addition, subtraction and multiplication, worked by hand.

Addition and subtraction get one step per digit column (carries and borrows spelled out);
multiplication gets one step per partial product, then steps summing them. The final
answer is the exact integer as a plain string, e.g. ``"132"`` or ``"-38"``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar

from tunix_rt.generators.base import Generator, ParamSpec, Step, TraceBody

OPERATIONS = ("add", "sub", "mul")
SYMBOLS = {"add": "+", "sub": "-", "mul": "×"}
COLUMN_NAMES = (
    "units",
    "tens",
    "hundreds",
    "thousands",
    "ten thousands",
    "hundred thousands",
    "millions",
    "ten millions",
    "hundred millions",
    "billions",
    "ten billions",
    "hundred billions",
    "trillions",
)


def column_name(position: int) -> str:
    """Name of the digit column ``position`` places left of the units."""
    return COLUMN_NAMES[position] if position < len(COLUMN_NAMES) else f"10^{position}"


def _digits(n: int) -> list[int]:
    """Decimal digits of a non-negative integer, least significant first."""
    return [int(c) for c in reversed(str(n))]


def addition_steps(a: int, b: int) -> list[Step]:
    """Column-by-column addition of two non-negative integers."""
    da, db = _digits(a), _digits(b)
    steps: list[Step] = []
    carry = 0
    width = max(len(da), len(db))
    for k in range(width):
        x = da[k] if k < len(da) else 0
        y = db[k] if k < len(db) else 0
        total = x + y + carry
        expr = f"{x} + {y}" + (f" + carry {carry}" if carry else "")
        text = f"{column_name(k)}: {expr} = {total}, write {total % 10}"
        carry = total // 10
        if carry:
            text += f", carry {carry}"
        steps.append(Step("digit_add", text))
    if carry:
        steps.append(Step("carry_out", f"{column_name(width)}: carry {carry}, write {carry}"))
    return steps


def subtraction_steps(a: int, b: int) -> list[Step]:
    """Column-by-column subtraction ``a - b`` with borrows; requires ``a >= b >= 0``."""
    if a < b or b < 0:
        raise ValueError(f"subtraction_steps needs a >= b >= 0, got {a} and {b}")
    da, db = _digits(a), _digits(b)
    steps: list[Step] = []
    borrow = 0
    for k, x in enumerate(da):
        y = db[k] if k < len(db) else 0
        value = x - borrow - y
        expr = f"{x}" + (f" - borrow {borrow}" if borrow else "") + f" - {y}"
        if value >= 0:
            text = f"{column_name(k)}: {expr} = {value}, write {value}"
            borrow = 0
        else:
            text = (
                f"{column_name(k)}: {expr} = {value} is negative, so borrow 1 from the "
                f"{column_name(k + 1)}: {value} + 10 = {value + 10}, write {value + 10}"
            )
            borrow = 1
        steps.append(Step("digit_sub", text))
    return steps


def multiplication_steps(a: int, b: int) -> list[Step]:
    """One partial product per digit of ``b``, then a running sum of the partials."""
    steps: list[Step] = []
    partials: list[int] = []
    for k, d in enumerate(_digits(b)):
        partial = a * d
        text = f"{a} × {d} ({column_name(k)}) = {partial}"
        if k:
            shifted = partial * 10**k
            text += f", shifted {k} place{'s' if k > 1 else ''}: {shifted}"
            partial = shifted
        steps.append(Step("partial_product", text))
        partials.append(partial)
    running = partials[0]
    for partial in partials[1:]:
        steps.append(Step("sum_partials", f"{running} + {partial} = {running + partial}"))
        running += partial
    return steps


def solve(operation: str, a: int, b: int) -> tuple[list[Step], int]:
    """Worked steps and exact result of ``a <operation> b`` for non-negative operands."""
    symbol = SYMBOLS[operation]
    if operation == "add":
        result = a + b
        steps = addition_steps(a, b)
    elif operation == "mul":
        result = a * b
        steps = multiplication_steps(a, b)
    elif a >= b:
        result = a - b
        steps = subtraction_steps(a, b)
    else:
        result = a - b
        compare = Step(
            "compare",
            f"{a} < {b}, so {a} - {b} = -({b} - {a}); subtract {a} from {b} column by column",
        )
        steps = [compare, *subtraction_steps(b, a)]
        steps.append(Step("result", f"{b} - {a} = {b - a}, so {a} - {b} = {result}"))
        return steps, result
    steps.append(Step("result", f"{a} {symbol} {b} = {result}"))
    return steps, result


class ArithmeticGenerator(Generator):
    """Multi-digit +, - and × problems with column-by-column worked solutions."""

    name: ClassVar[str] = "arithmetic"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Multi-digit addition, subtraction and multiplication worked column by column, "
        "with carries, borrows and partial products spelled out."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "operations": ParamSpec(
            type="array",
            default=OPERATIONS,
            choices=OPERATIONS,
            description="Operations to draw from, uniformly per item.",
        ),
        "digits": ParamSpec(
            type="integer",
            default=2,
            minimum=1,
            maximum=12,
            description="Digits in each operand; also the item's difficulty.",
        ),
        "allow_negative": ParamSpec(
            type="boolean",
            default=False,
            description="If false, subtraction orders operands so the result is >= 0.",
        ),
    }

    def build(self, rng: random.Random, params: Mapping[str, Any]) -> TraceBody:
        """Draw an operation and two operands with exactly ``digits`` digits, then solve."""
        digits: int = params["digits"]
        operation: str = rng.choice(params["operations"])
        low = 0 if digits == 1 else 10 ** (digits - 1)
        high = 10**digits - 1
        a, b = rng.randint(low, high), rng.randint(low, high)
        if operation == "sub" and not params["allow_negative"] and a < b:
            a, b = b, a
        steps, result = solve(operation, a, b)
        return TraceBody(
            prompt=f"What is {a} {SYMBOLS[operation]} {b}?",
            steps=steps,
            final_answer=str(result),
            difficulty=digits,
            meta={"operation": operation, "a": a, "b": b, "digits": digits},
        )
