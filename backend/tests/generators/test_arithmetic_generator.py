"""The arithmetic generator: exact answers and spelled-out column work."""

import operator
from collections.abc import Callable

import pytest

from tunix_rt.generators import GeneratorParamError, get_generator
from tunix_rt.generators.arithmetic import (
    addition_steps,
    multiplication_steps,
    solve,
    subtraction_steps,
)

arithmetic = get_generator("arithmetic")
SYMBOLS = {"add": "+", "sub": "-", "mul": "×"}
PYTHON_OPS: dict[str, Callable[[int, int], int]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
}


@pytest.mark.parametrize("operation", ["add", "sub", "mul"])
@pytest.mark.parametrize("digits", range(1, 13))
@pytest.mark.parametrize("allow_negative", [False, True])
def test_final_answer_equals_python_arithmetic(
    operation: str, digits: int, allow_negative: bool
) -> None:
    params = {"operations": [operation], "digits": digits, "allow_negative": allow_negative}
    for seed in range(4):
        for trace in arithmetic.generate(10, seed=seed, params=params):
            meta = trace["meta"]
            expected = PYTHON_OPS[operation](meta["a"], meta["b"])
            assert trace["final_answer"] == str(expected)
            assert meta["operation"] == operation
            assert meta["digits"] == meta["difficulty"] == digits
            assert len(str(meta["a"])) == len(str(meta["b"])) == digits
            assert trace["prompt"] == f"What is {meta['a']} {SYMBOLS[operation]} {meta['b']}?"


def test_subtraction_result_is_never_negative_by_default() -> None:
    traces = arithmetic.generate(200, seed=3, params={"operations": ["sub"]})
    assert all(not t["final_answer"].startswith("-") for t in traces)


def test_allow_negative_produces_negative_results() -> None:
    traces = arithmetic.generate(
        200, seed=3, params={"operations": ["sub"], "allow_negative": True}
    )
    assert any(t["final_answer"].startswith("-") for t in traces)


def test_addition_spells_out_carries_for_47_plus_85() -> None:
    steps, result = solve("add", 47, 85)
    assert result == 132
    assert [s.content for s in steps] == [
        "units: 7 + 5 = 12, write 2, carry 1",
        "tens: 4 + 8 + carry 1 = 13, write 3, carry 1",
        "hundreds: carry 1, write 1",
        "47 + 85 = 132",
    ]
    assert [s.type for s in steps] == ["digit_add", "digit_add", "carry_out", "result"]


def test_subtraction_spells_out_borrows_for_503_minus_278() -> None:
    assert [s.content for s in subtraction_steps(503, 278)] == [
        "units: 3 - 8 = -5 is negative, so borrow 1 from the tens: -5 + 10 = 5, write 5",
        "tens: 0 - borrow 1 - 7 = -8 is negative, so borrow 1 from the hundreds: "
        "-8 + 10 = 2, write 2",
        "hundreds: 5 - borrow 1 - 2 = 2, write 2",
    ]


def test_negative_subtraction_swaps_then_negates() -> None:
    steps, result = solve("sub", 47, 85)
    assert result == -38
    assert steps[0].type == "compare"
    assert steps[-1].content == "85 - 47 = 38, so 47 - 85 = -38"


def test_multiplication_has_one_step_per_partial_product_then_sums() -> None:
    assert [s.content for s in multiplication_steps(47, 83)] == [
        "47 × 3 (units) = 141",
        "47 × 8 (tens) = 376, shifted 1 place: 3760",
        "141 + 3760 = 3901",
    ]


def test_every_trace_ends_by_restating_the_result() -> None:
    for trace in arithmetic.generate(60, seed=5, params={"digits": 4}):
        last = trace["steps"][-1]
        assert last["type"] == "result"
        assert last["content"].endswith(f"= {trace['final_answer']}")


def test_column_steps_match_operand_width() -> None:
    steps = addition_steps(123_456_789_012, 987_654_321_098)
    assert len(steps) == 13
    assert steps[-1].content == "trillions: carry 1, write 1"


def test_operation_order_in_params_does_not_change_output() -> None:
    first = arithmetic.generate(20, seed=8, params={"operations": ["mul", "add"]})
    second = arithmetic.generate(20, seed=8, params={"operations": ["add", "mul"]})
    assert first == second


def test_defaults_are_filled_in() -> None:
    assert arithmetic.validate_params({}) == {
        "operations": ["add", "sub", "mul"],
        "digits": 2,
        "allow_negative": False,
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"digits": 0}, "digits"),
        ({"digits": 13}, "digits"),
        ({"digits": "3"}, "digits"),
        ({"digits": True}, "digits"),
        ({"operations": ["div"]}, "operations"),
        ({"operations": []}, "operations"),
        ({"operations": "add"}, "operations"),
        ({"allow_negative": 1}, "allow_negative"),
    ],
)
def test_invalid_params_name_the_field(params: dict[str, object], field: str) -> None:
    with pytest.raises(GeneratorParamError) as error:
        arithmetic.validate_params(params)
    assert error.value.field == field
    assert str(error.value).startswith(f"{field}: ")


def test_out_of_range_message_states_the_allowed_range() -> None:
    with pytest.raises(GeneratorParamError, match="between 1 and 12, got 13"):
        arithmetic.validate_params({"digits": 13})
