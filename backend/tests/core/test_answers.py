"""Finding, normalizing and comparing final answers in model output."""

import pytest

from tunix_rt.core.answers import (
    answers_match,
    extract_answer,
    find_final_answer,
    normalize_answer,
    parse_number,
    strip_end_of_turn,
)

# --------------------------------------------------------------------------- extract_answer


def test_extract_answer_keeps_the_generation_behaviour():
    assert extract_answer("Step 1: 2 + 3 = 5\nAnswer: 5") == "5"
    assert extract_answer("Answer: 1\nAnswer:  42 \nmore") == "42"
    assert extract_answer("no marker") is None
    assert extract_answer("Answer:") == ""


# --------------------------------------------------------------------------- find_final_answer


def test_rendered_trace_answer_is_found_by_its_marker():
    assert find_final_answer("Step 1: 7 + 5 = 12\nAnswer: 12") == ("12", "answer_marker")


def test_the_last_of_several_answer_markers_wins():
    output = "Answer: 10\nWait, I forgot the carry.\nAnswer: 110"
    assert find_final_answer(output) == ("110", "answer_marker")


def test_answer_marker_is_case_insensitive_and_allows_a_prefix():
    assert find_final_answer("working...\nFINAL ANSWER: 7") == ("7", "answer_marker")
    assert find_final_answer("answer : 8") == ("8", "answer_marker")


def test_answer_ends_at_the_end_of_its_line():
    assert find_final_answer("Answer: 42\nI am confident.") == ("42", "answer_marker")


def test_markdown_emphasis_around_the_answer_is_dropped():
    assert find_final_answer("**Answer:** 42") == ("42", "answer_marker")


def test_answer_marker_with_nothing_after_it_takes_the_next_line():
    assert find_final_answer("Answer:\n\n  42\n") == ("42", "answer_marker")


def test_answer_marker_with_nothing_after_it_at_the_end_is_an_empty_answer():
    assert find_final_answer("Step 1: hmm\nAnswer:") == ("", "answer_marker")
    assert find_final_answer("Answer:   <|im_end|>") == ("", "answer_marker")


@pytest.mark.parametrize("token", ["<|im_end|>", "<end_of_turn>", "<|eot_id|>"])
def test_end_of_turn_tokens_are_stripped(token):
    assert find_final_answer(f"Answer: 5{token}") == ("5", "answer_marker")


def test_text_after_the_end_of_turn_token_is_ignored():
    output = "Answer: 5<|im_end|>\n<|im_start|>user\nAnswer: 6"
    assert find_final_answer(output) == ("5", "answer_marker")
    assert strip_end_of_turn(output) == "Answer: 5"


def test_a_marker_at_line_start_is_the_second_choice():
    assert find_final_answer("Q: what is 2+2?\nA: 4") == ("4", "a_marker")
    assert find_final_answer("A: 3\nThinking again.\nA: 4\nDone") == ("4", "a_marker")


def test_a_marker_inside_a_line_does_not_count():
    assert find_final_answer("Plan A: add them\n9") == ("9", "last_line")


def test_boxed_answer_with_nested_braces():
    output = r"So the result is $\boxed{\frac{1}{2}}$ and we are done."
    assert find_final_answer(output) == (r"\frac{1}{2}", "boxed")


def test_the_last_boxed_answer_wins():
    assert find_final_answer(r"\boxed{1} then \boxed{2}") == ("2", "boxed")


def test_an_unbalanced_last_boxed_falls_back_to_an_earlier_one():
    assert find_final_answer(r"\boxed{7} and \boxed{8") == ("7", "boxed")


def test_boxed_inside_the_answer_line_is_unwrapped():
    assert find_final_answer(r"Answer: \boxed{12}") == ("12", "answer_marker")


def test_last_non_empty_line_is_the_last_resort():
    assert find_final_answer("I think\n 17 \n\n") == ("17", "last_line")


@pytest.mark.parametrize("output", ["", "   \n\n", "<|im_end|>"])
def test_empty_output_has_no_answer(output):
    assert find_final_answer(output) == (None, "none")


# --------------------------------------------------------------------------- normalize_answer


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("  Paris. ", "paris"),
        ("The   Answer\tIs\nYes", "the answer is yes"),
        ("1,234", "1234"),
        ("1,234,567.5", "1234567.5"),
        ("$1,234", "1234"),
        ("1,2", "1,2"),
        ("1,2345", "1,2345"),
        ("(1, 2)", "(1, 2)"),
        ("**42**", "42"),
        ("'olleh'", "olleh"),
    ],
)
def test_normalize_answer(raw, normalized):
    assert normalize_answer(raw) == normalized


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42.0),
        ("-17", -17.0),
        ("−5", -5.0),
        ("+3", 3.0),
        ("3.25", 3.25),
        (".5", 0.5),
        ("1,234", 1234.0),
        ("-1,234,567.25", -1234567.25),
        ("$12", 12.0),
        ("3/4", 0.75),
        ("-3 / 4", -0.75),
        ("50%", 50.0),
        ("1e3", 1000.0),
        ("7.", 7.0),
        ("-0", 0.0),
    ],
)
def test_parse_number_reads_numbers_as_written(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2", "12 apples", "nan", "inf", "1/0", "1.2.3", "1e999999999"]
)
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


# --------------------------------------------------------------------------- answers_match


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ("1,234", "1234"),
        ("3.0", "3"),
        ("-0", "0"),
        ("42.", "42"),
        ("0.75", "3/4"),
        ("$5", "5"),
        ("0.3333333", "1/3"),
        ("Paris.", "paris"),
        ("  yes ", "Yes"),
    ],
)
def test_answers_that_match(predicted, expected):
    assert answers_match(predicted, expected)


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ("1,2", "12"),
        ("43", "42"),
        ("-42", "42"),
        ("0.33", "1/3"),
        ("42 apples", "42"),
        ("Lyon", "Paris"),
        ("", "0"),
    ],
)
def test_answers_that_differ(predicted, expected):
    assert not answers_match(predicted, expected)


def test_no_prediction_never_matches():
    assert not answers_match(None, "42")


def test_large_integers_must_match_exactly():
    # Relative tolerance would accept this wrong last digit of a 24-digit product.
    assert not answers_match("121932631137021795226185", "121932631137021795226186")
    assert answers_match("121,932,631,137,021,795,226,185", "121932631137021795226185")


def test_tolerance_applies_to_decimals():
    assert answers_match("2.0001", "2", rel_tol=1e-3)
    assert not answers_match("2.01", "2", rel_tol=1e-3)
    assert answers_match("0.0000001", "0", abs_tol=1e-6)


def test_answer_marker_is_found_in_non_ascii_text():
    assert find_final_answer("Étape 1 : 2 × 3 = 6\nAnswer: six (6) ✓\nÇa va") == (
        "six (6) ✓",
        "answer_marker",
    )


def test_answer_marker_needs_its_colon():
    assert find_final_answer("Answer: 3\nThe answer is 4") == ("3", "answer_marker")
