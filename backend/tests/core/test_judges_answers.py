"""answer_correctness and exact_match: the final answer against the expected one."""

import json

import pytest

from tunix_rt.core.judges import JudgeItem, make_judge


def item(output: str, expected: str | None = "42") -> JudgeItem:
    return JudgeItem(prompt="What is 40 + 2?", expected_answer=expected, output=output)


correctness = make_judge("answer_correctness")


def test_right_answer_passes_with_readable_details():
    verdict = correctness.score(item("Step 1: 40 + 2 = 42\nAnswer: 42<|im_end|>"))
    assert verdict.outcome == "pass" and verdict.score == 1.0
    assert verdict.details["extracted"] == "42"
    assert verdict.details["how"] == "answer_marker"
    assert verdict.details["expected"] == "42"
    assert verdict.details["compared_as"] == "number"
    json.dumps(verdict.to_dict())


def test_wrong_answer_fails_with_score_zero():
    verdict = correctness.score(item("Answer: 43"))
    assert verdict.outcome == "fail" and verdict.score == 0.0
    assert verdict.details["reason"] == "differs from expected"


def test_numbers_are_compared_as_numbers():
    assert correctness.score(item("Answer: 1,234.0", expected="1234")).outcome == "pass"


def test_text_answers_are_compared_normalized():
    verdict = correctness.score(item("Answer: Paris.", expected="paris"))
    assert verdict.outcome == "pass"
    assert verdict.details["compared_as"] == "text"
    assert verdict.details["extracted_normalized"] == "paris"


def test_output_without_any_text_fails_saying_no_answer_was_found():
    verdict = correctness.score(item(""))
    assert verdict.outcome == "fail"
    assert verdict.details["reason"] == "no answer found in the output"
    assert verdict.details["how"] == "none"


def test_empty_answer_marker_fails_saying_so():
    verdict = correctness.score(item("Step 1: thinking\nAnswer:"))
    assert verdict.outcome == "fail"
    assert verdict.details["reason"] == "the Answer: marker has nothing after it"


def test_item_without_expected_answer_is_unparseable_not_a_zero():
    verdict = correctness.score(item("Answer: 42", expected=None))
    assert verdict.outcome == "unparseable" and verdict.score is None
    assert verdict.details["reason"] == "item has no expected answer"


def test_tolerance_params_are_used():
    loose = make_judge("answer_correctness", {"rel_tol": 0.01})
    assert loose.score(item("Answer: 42.3")).outcome == "pass"
    assert correctness.score(item("Answer: 42.3")).outcome == "fail"


# --------------------------------------------------------------------------- exact_match

exact = make_judge("exact_match")


def test_exact_match_compares_the_extracted_answer_by_default():
    assert exact.score(item("Step 1: 40 + 2 = 42\nAnswer:  42 ")).outcome == "pass"
    assert exact.score(item("Answer: 42.0")).outcome == "fail"  # no number parsing


def test_exact_match_is_case_sensitive_by_default():
    assert exact.score(item("Answer: Yes", expected="yes")).outcome == "fail"
    folded = make_judge("exact_match", {"case_sensitive": False})
    assert folded.score(item("Answer: Yes", expected="yes")).outcome == "pass"


def test_exact_match_without_strip_keeps_whitespace():
    raw = make_judge("exact_match", {"strip": False, "field": "output"})
    assert raw.score(item("42\n", expected="42")).outcome == "fail"
    assert raw.score(item("42", expected="42")).outcome == "pass"


def test_exact_match_on_the_whole_output_ignores_the_end_of_turn_token():
    whole = make_judge("exact_match", {"field": "output"})
    verdict = whole.score(item("olleh<end_of_turn>", expected="olleh"))
    assert verdict.outcome == "pass"
    assert verdict.details["compared"] == "olleh"


def test_exact_match_on_the_whole_output_needs_all_of_it():
    whole = make_judge("exact_match", {"field": "output"})
    assert whole.score(item("Answer: 42")).outcome == "fail"


@pytest.mark.parametrize("output", ["", "\n"])
def test_exact_match_with_no_answer_fails(output):
    verdict = exact.score(item(output))
    assert verdict.outcome == "fail"
    assert verdict.details["reason"] == "no answer found in the output"


def test_exact_match_without_expected_answer_is_unparseable():
    assert exact.score(item("Answer: 42", expected=None)).outcome == "unparseable"


def test_empty_boxed_answer_fails_saying_so():
    verdict = correctness.score(item(r"so the result is \boxed{}"))
    assert verdict.outcome == "fail"
    assert verdict.details["reason"] == r"the \boxed{} is empty"
