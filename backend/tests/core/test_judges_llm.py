"""llm_judge: the rubric prompt it writes and the scores it reads from a model's reply."""

import pytest

from tunix_rt.core.judges import JudgeError, JudgeItem, make_judge

judge = make_judge("llm_judge")
ITEM = JudgeItem(
    prompt="What is 12 + 45?",
    expected_answer="57",
    output="Step 1: 12 + 45 = 57\nAnswer: 57<|im_end|>",
)


def test_default_rubric_shows_question_reference_and_response():
    prompt = judge.prompt(ITEM)
    assert "What is 12 + 45?" in prompt
    assert "Reference answer:\n57" in prompt
    assert "Step 1: 12 + 45 = 57\nAnswer: 57" in prompt
    assert "<|im_end|>" not in prompt
    assert prompt.rstrip().endswith("Score: N/10")


def test_custom_rubric_placeholders_are_filled_once():
    custom = make_judge(
        "llm_judge", {"rubric": "Grade /{scale}: {output} (ref {expected_answer})", "scale": 5}
    )
    tricky = JudgeItem(prompt="p", expected_answer=None, output="I wrote {scale} and {prompt}")
    assert custom.prompt(tricky) == "Grade /5: I wrote {scale} and {prompt} (ref (none given))"


def test_a_rubric_without_the_output_is_rejected():
    with pytest.raises(JudgeError) as caught:
        make_judge("llm_judge", {"rubric": "Is this good?"})
    assert caught.value.field == "params.rubric"


@pytest.mark.parametrize(
    ("reply", "score"),
    [
        ("The answer is right.\nScore: 7/10", 0.7),
        ("score = 7", 0.7),
        ("7/10", 0.7),
        ("**Score:** 8", 0.8),
        ("**Score: 8/10**", 0.8),
        ('{"score": 9}', 0.9),
        ("Rating: 3 out of 10", 0.3),
        ("I would give it a score of 6.", 0.6),
        ("Final grade is 10", 1.0),
        ("Score (0-10): 4", 0.4),
        ("Score: 7.5/10", 0.75),
        ("  5  ", 0.5),
        ("Rating: 3 out of 5", 0.6),
        ("Score: 0/10 - wrong answer", 0.0),
    ],
)
def test_score_statements_that_are_read(reply, score):
    verdict = judge.parse(reply)
    assert verdict.score == pytest.approx(score)
    assert verdict.outcome == ("pass" if score >= 0.5 else "fail")


def test_the_last_score_statement_counts():
    verdict = judge.parse(
        "Score: 2/10 at first sight.\nOn reflection the work is right.\nScore: 9/10"
    )
    assert verdict.score == pytest.approx(0.9)
    assert verdict.details["statement"] == "Score: 9/10"


def test_a_keyworded_score_beats_a_later_bare_fraction():
    verdict = judge.parse("Score: 8/10. It got 3/4 of the steps right, and 1/10 were vague.")
    assert verdict.score == pytest.approx(0.8)


def test_bare_fractions_count_only_over_the_scale():
    assert judge.parse("It got 3/4 of the steps right.").outcome == "unparseable"


@pytest.mark.parametrize(
    "reply",
    ["", "The response is correct.", "Score: N/10", "Score: ten", "I cannot grade this."],
)
def test_a_reply_without_a_score_is_unparseable_never_zero(reply):
    verdict = judge.parse(reply)
    assert verdict.outcome == "unparseable"
    assert verdict.score is None
    assert verdict.details["reason"] == "no score statement in the reply"
    assert verdict.details["reply"] == reply


@pytest.mark.parametrize("reply", ["Score: 12/10", "Score: 11", "Score: -1", "Rating: 6 out of 5"])
def test_a_score_out_of_range_is_unparseable(reply):
    verdict = judge.parse(reply)
    assert verdict.outcome == "unparseable" and verdict.score is None
    assert "outside" in verdict.details["reason"]


def test_the_reply_excerpt_is_capped():
    verdict = judge.parse("x" * 2000)
    assert len(verdict.details["reply"]) == 500


def test_pass_threshold_and_scale_params():
    strict = make_judge("llm_judge", {"pass_threshold": 0.8, "scale": 5})
    assert strict.parse("Score: 4/5").outcome == "pass"
    assert strict.parse("Score: 3").outcome == "fail"
    assert strict.parse("Score: 3").score == pytest.approx(0.6)
