"""Judges by name: building them with checked params, describing them, running them."""

import json
import subprocess
import sys

import pytest

from tunix_rt.core.judges import (
    JUDGE_NAMES,
    JudgeError,
    JudgeItem,
    Verdict,
    describe_judges,
    judge_all,
    judge_prompts,
    make_judge,
)


def test_the_five_judges_are_offered():
    assert set(JUDGE_NAMES) == {
        "answer_correctness",
        "exact_match",
        "trace_format",
        "arithmetic_consistency",
        "llm_judge",
    }


def test_unknown_judge_lists_the_allowed_names():
    with pytest.raises(JudgeError) as caught:
        make_judge("vibes", None)
    assert caught.value.field == "name"
    assert "answer_correctness" in str(caught.value) and "llm_judge" in str(caught.value)


def test_unknown_param_is_named_with_the_accepted_ones():
    with pytest.raises(JudgeError) as caught:
        make_judge("answer_correctness", {"tolerance": 0.1})
    assert caught.value.field == "params.tolerance"
    assert "rel_tol, abs_tol" in caught.value.message


@pytest.mark.parametrize(
    ("name", "params", "field", "says"),
    [
        ("answer_correctness", {"rel_tol": -1}, "params.rel_tol", "between 0 and 1"),
        ("answer_correctness", {"rel_tol": "small"}, "params.rel_tol", "must be a number"),
        ("answer_correctness", {"abs_tol": float("nan")}, "params.abs_tol", "finite"),
        ("exact_match", {"strip": "yes"}, "params.strip", "true or false"),
        ("exact_match", {"field": "steps"}, "params.field", "one of answer, output"),
        ("llm_judge", {"scale": 2.5}, "params.scale", "must be an integer"),
        ("llm_judge", {"scale": True}, "params.scale", "must be an integer"),
        ("llm_judge", {"pass_threshold": 2}, "params.pass_threshold", "between 0 and 1"),
        ("llm_judge", {"backend": "cloud"}, "params.backend", "one of local, http"),
    ],
)
def test_invalid_params_name_the_param_and_what_is_allowed(name, params, field, says):
    with pytest.raises(JudgeError) as caught:
        make_judge(name, params)
    assert caught.value.field == field
    assert says in caught.value.message


def test_params_that_are_not_an_object_are_rejected():
    with pytest.raises(JudgeError, match="params: must be an object"):
        make_judge("exact_match", ["strip"])  # type: ignore[arg-type]


def test_defaults_are_filled_and_integers_accepted_for_numbers():
    judge = make_judge("answer_correctness", {"abs_tol": 0})
    assert judge.params == {"rel_tol": 1e-6, "abs_tol": 0.0}
    assert make_judge("llm_judge", None).params["backend"] == "local"


def test_describe_judges_is_json_for_the_api():
    described = describe_judges()
    json.dumps(described)
    assert [d["name"] for d in described] == sorted(JUDGE_NAMES)
    llm = next(d for d in described if d["name"] == "llm_judge")
    assert llm["requires_model"] is True
    assert llm["params"]["backend"] == {
        "type": "string",
        "default": "local",
        "description": llm["params"]["backend"]["description"],
        "enum": ["local", "http"],
    }
    correctness = next(d for d in described if d["name"] == "answer_correctness")
    assert correctness["requires_model"] is False
    assert correctness["version"] == "1.0.0"
    assert correctness["params"]["rel_tol"]["minimum"] == 0.0


def test_identity_records_name_version_and_resolved_params():
    assert make_judge("exact_match", {"strip": False}).identity() == {
        "name": "exact_match",
        "version": "1.0.0",
        "params": {"field": "answer", "strip": False, "case_sensitive": True},
    }


def test_verdict_score_must_agree_with_the_outcome():
    with pytest.raises(ValueError):
        Verdict("unparseable", 0.0, {})
    with pytest.raises(ValueError):
        Verdict("pass", None, {})
    with pytest.raises(ValueError):
        Verdict("pass", 1.5, {})


# --------------------------------------------------------------------------- judge_all

ITEMS = [
    JudgeItem("What is 2 + 3?", "5", "Step 1: 2 + 3 = 5\nAnswer: 5"),
    JudgeItem("What is 2 + 2?", "4", "Step 1: 2 + 2 = 5\nAnswer: 5"),
]


def test_judge_all_applies_plain_and_model_judges():
    correctness, llm = make_judge("answer_correctness"), make_judge("llm_judge")
    prompts = judge_prompts(llm, ITEMS)  # type: ignore[arg-type]
    assert len(prompts) == 2 and "What is 2 + 2?" in prompts[1]
    results = judge_all(
        [correctness, llm], ITEMS, {"llm_judge": ["Score: 9/10", TimeoutError("timed out")]}
    )
    assert [r["answer_correctness"].outcome for r in results] == ["pass", "fail"]
    assert results[0]["llm_judge"].score == pytest.approx(0.9)
    failed_call = results[1]["llm_judge"]
    assert failed_call.outcome == "unparseable" and failed_call.score is None
    assert failed_call.details == {
        "error": "TimeoutError: timed out",
        "reason": "the judge model call failed",
    }


def test_judge_all_needs_replies_for_each_model_judge_and_item():
    llm = make_judge("llm_judge")
    with pytest.raises(ValueError, match="no model replies given for judge 'llm_judge'"):
        judge_all([llm], ITEMS)
    with pytest.raises(ValueError, match="1 model replies for 2 items"):
        judge_all([llm], ITEMS, {"llm_judge": ["Score: 1"]})


def test_judge_all_refuses_the_same_judge_twice():
    with pytest.raises(ValueError, match="repeated: exact_match"):
        judge_all([make_judge("exact_match"), make_judge("exact_match")], ITEMS)


def test_core_judges_and_stats_never_import_the_web_stack():
    code = (
        "import sys\n"
        "import tunix_rt.core.answers, tunix_rt.core.judges, tunix_rt.core.stats\n"
        "import tunix_rt.core.judges.openai_http\n"
        "web = {'fastapi', 'sqlalchemy', 'pydantic'} & set(sys.modules)\n"
        "assert not web, web\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
