"""arithmetic_consistency: every stated computation is recomputed exactly."""

import pytest

from tunix_rt.core.chat_templates import render_completion, render_reasoning
from tunix_rt.core.judges import JudgeItem, make_judge
from tunix_rt.core.judges.arithmetic_consistency import evaluate, stated_computations
from tunix_rt.generators import get_generator

judge = make_judge("arithmetic_consistency")


def verdict_for(output: str, expected: str | None = None):
    return judge.score(JudgeItem(prompt="q", expected_answer=expected, output=output))


def steps(*contents: str) -> list[dict]:
    return [{"i": i, "type": "t", "content": c} for i, c in enumerate(contents)]


def test_500_correct_generator_traces_all_pass():
    arithmetic = get_generator("arithmetic")
    checked = 0
    for digits in range(1, 11):
        for allow_negative in (False, True):
            params = {"digits": digits, "allow_negative": allow_negative}
            for trace in arithmetic.generate(25, seed=digits, params=params):
                output = render_completion(trace["steps"], trace["final_answer"], "chatml")
                verdict = verdict_for(output, trace["final_answer"])
                assert verdict.outcome == "pass", (output, verdict.details)
                assert verdict.details["answer_correct"] is True
                checked += 1
    assert checked == 500


def test_column_addition_checks_sums_written_digits_and_carries():
    output = render_reasoning(
        steps(
            "units: 7 + 5 = 12, write 2, carry 1",
            "tens: 4 + 8 + carry 1 = 13, write 3, carry 1",
            "hundreds: carry 1, write 1",
            "47 + 85 = 132",
        ),
        "132",
    )
    verdict = verdict_for(output, "132")
    assert verdict.outcome == "pass"
    assert verdict.details["checked"] == 7  # 3 equations, 2 written digits, 2 carries


def test_a_wrong_sum_is_listed_with_its_line_and_both_values():
    output = "Step 1: units: 7 + 5 + carry 1 = 14, write 4, carry 1\nAnswer: 4"
    verdict = verdict_for(output)
    assert verdict.outcome == "fail"
    assert verdict.details["wrong"] == [
        {
            "line": 1,
            "step": "Step 1: units: 7 + 5 + carry 1 = 14, write 4, carry 1",
            "text": "7 + 5 + 1 = 14",
            "stated": "14",
            "actual": "13",
        }
    ]
    assert verdict.score == pytest.approx(2 / 3)


def test_a_wrong_written_digit_or_carry_is_caught():
    verdict = verdict_for("units: 7 + 5 = 12, write 3, carry 2")
    wrong = verdict.details["wrong"]
    assert [(w["stated"], w["actual"]) for w in wrong] == [("3", "2"), ("carry 2", "carry 1")]


def test_borrow_steps_are_read():
    output = (
        "tens: 3 - borrow 1 - 5 = -3 is negative, so borrow 1 from the hundreds: "
        "-3 + 10 = 7, write 7"
    )
    verdict = verdict_for(output)
    assert verdict.outcome == "pass" and verdict.details["checked"] == 3


def test_shifted_partial_products_are_checked():
    good = verdict_for("123 × 4 (tens) = 492, shifted 1 place: 4920")
    assert good.outcome == "pass" and good.details["checked"] == 2
    bad = verdict_for("123 × 4 (tens) = 492, shifted 2 places: 4920")
    assert bad.details["wrong"][0]["actual"] == "49200"


def test_right_answer_through_wrong_steps_is_flagged():
    output = render_reasoning(steps("12 + 45 = 58", "then 58 - 1 = 57"), "57")
    verdict = verdict_for(output, "57")
    assert verdict.outcome == "fail"
    assert verdict.details["answer_correct"] is True
    assert verdict.details["right_answer_wrong_steps"] is True


def test_right_steps_and_wrong_answer_still_pass_but_show_the_answer():
    verdict = verdict_for(render_reasoning(steps("12 + 45 = 57"), "58"), "57")
    assert verdict.outcome == "pass"
    assert verdict.details["answer_correct"] is False
    assert verdict.details["right_answer_wrong_steps"] is False


def test_no_computation_fails_with_the_reason():
    verdict = verdict_for("Step 1: think hard\nAnswer: 57", "57")
    assert verdict.outcome == "fail" and verdict.score == 0.0
    assert verdict.details["reason"] == "no computation stated"
    assert verdict.details["checked"] == 0


def test_without_expected_answer_answer_correct_is_unknown():
    assert verdict_for("2 + 2 = 4").details["answer_correct"] is None


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("2 + 3 × 4", 14),
        ("2 × 3 + 4", 10),
        ("10 - 4 - 3", 3),
        ("2 * 3 x 4", 24),
        ("8 ÷ 4 / 2", 1),
        ("-3 + 10", 7),
        ("5 - -2", 7),
        ("1,000 + 1", 1001),
        ("1.5 + 1.25", 2.75),
    ],
)
def test_evaluate_respects_precedence_exactly(expression, value):
    assert evaluate(expression) == value


def test_division_by_zero_is_a_wrong_computation():
    assert evaluate("1 / 0") is None
    verdict = verdict_for("1 / 0 = 0")
    assert verdict.outcome == "fail"
    assert verdict.details["wrong"][0]["actual"] == "undefined (division by zero)"


def test_a_rounded_decimal_result_is_right_to_its_shown_digits():
    assert verdict_for("1 / 3 = 0.333").outcome == "pass"
    assert verdict_for("2 / 3 = 0.66").outcome == "fail"  # 0.666... rounds to 0.67
    assert verdict_for("7 / 2 = 3").outcome == "fail"


def test_latex_and_unicode_operators_are_read():
    assert verdict_for(r"$6 \times 7 = 42$ and 9 − 4 = 5 and 3 · 3 = 9").details["checked"] == 3


def test_hyphens_and_words_are_not_arithmetic():
    assert stated_computations("item-3 + 4 = 8 and x2 + 1 = 3 on 2024-01-05") == []


def test_the_compare_step_of_a_negative_subtraction_states_no_equation():
    text = "47 < 85, so 47 - 85 = -(85 - 47); subtract 47 from 85 column by column"
    assert stated_computations(text) == []


def test_an_absurd_shift_is_wrong_without_being_computed():
    verdict = verdict_for("12 × 3 = 36, shifted 999999999 places: 360")
    assert verdict.details["wrong"][0]["actual"] == "36 followed by 999999999 zeros"
