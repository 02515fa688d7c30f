"""trace_format: steps numbered from 1, then exactly one non-empty final Answer line."""

import pytest

from tunix_rt.core.chat_templates import render_completion, render_reasoning
from tunix_rt.core.judges import JudgeItem, make_judge
from tunix_rt.generators import get_generator

judge = make_judge("trace_format")


def verdict_for(output: str):
    return judge.score(JudgeItem(prompt="q", expected_answer="5", output=output))


def test_rendered_generator_traces_pass():
    for generator in ("arithmetic", "reverse_word", "high_card_duel"):
        for trace in get_generator(generator).generate(50, seed=1):
            output = render_completion(trace["steps"], trace["final_answer"], "chatml")
            verdict = verdict_for(output)
            assert verdict.outcome == "pass", (output, verdict.details)
            assert verdict.score == 1.0


def test_numbered_list_steps_are_accepted():
    assert verdict_for("1. add 2 and 3\n2) check it\nAnswer: 5").outcome == "pass"


def test_missing_answer_line_fails_three_checks():
    verdict = verdict_for("Step 1: 2 + 3 = 5\nStep 2: done")
    assert verdict.outcome == "fail"
    assert verdict.details["failed"] == [
        "one_answer_line",
        "answer_is_last_line",
        "answer_not_empty",
    ]
    assert verdict.score == pytest.approx(3 / 6)


def test_two_answer_lines_fail_one_check():
    verdict = verdict_for("Step 1: 2 + 3 = 5\nAnswer: 6\nAnswer: 5")
    assert verdict.details["failed"] == ["one_answer_line"]
    assert verdict.details["answer_lines"] == 2


def test_text_after_the_answer_fails():
    verdict = verdict_for("Step 1: 2 + 3 = 5\nAnswer: 5\nHope that helps!")
    assert verdict.details["failed"] == ["answer_is_last_line"]


def test_empty_answer_fails():
    assert verdict_for("Step 1: 2 + 3 = 5\nAnswer:  ").details["failed"] == ["answer_not_empty"]


def test_steps_must_count_up_from_one():
    skipped = verdict_for("Step 1: a\nStep 3: b\nAnswer: 5")
    assert skipped.details["failed"] == ["steps_numbered_from_1"]
    from_zero = verdict_for("Step 0: a\nStep 1: b\nAnswer: 5")
    assert from_zero.details["failed"] == ["steps_numbered_from_1"]


def test_an_empty_step_fails():
    assert verdict_for("Step 1:\nStep 2: b\nAnswer: 5").details["failed"] == ["steps_have_content"]


def test_no_steps_fail_the_step_checks():
    verdict = verdict_for("Answer: 5")
    assert verdict.details["failed"] == ["has_steps", "steps_have_content", "steps_numbered_from_1"]
    assert verdict.details["steps"] == 0


def test_empty_output_scores_zero():
    verdict = verdict_for("")
    assert verdict.outcome == "fail" and verdict.score == 0.0


def test_end_of_turn_token_and_blank_lines_do_not_matter():
    body = render_reasoning([{"i": 0, "type": "t", "content": "2 + 3 = 5"}], "5")
    assert verdict_for("\n" + body + "\n\n<|eot_id|>").outcome == "pass"
