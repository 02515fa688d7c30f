"""A trial's own rules: a diverged loss ends it, and the judge objective says why it is
missing when no verdict counts (no Ray session needed)."""

import io
import math

import orjson
import pytest

from tunix_rt_training.tune_trial import (
    TrainingDiverged,
    TrialReporter,
    judge_objective,
)

PASS_RATE = {"kind": "judge", "judge": "answer_correctness", "metric": "pass_rate"}
MEAN = {**PASS_RATE, "metric": "mean"}


def verdict(outcome: str, score: float | None, reason: str = "") -> dict[str, object]:
    return {"outcome": outcome, "score": score, "details": {"reason": reason}}


@pytest.mark.parametrize("name", ["loss", "eval_loss"])
@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_a_non_finite_loss_ends_the_trial_after_its_metric_is_written(name, value):
    stream = io.BytesIO()
    reporter = TrialReporter(stream, PASS_RATE)
    with pytest.raises(TrainingDiverged, match=rf"training diverged: {name} is \w+ at step 3"):
        reporter.metric(3, {name: value})
    [line] = stream.getvalue().splitlines()
    assert orjson.loads(line) == {"event": "metric", "step": 3, "values": {name: None}}


def test_a_finite_training_loss_passes():
    reporter = TrialReporter(io.BytesIO(), PASS_RATE)
    reporter.metric(1, {"loss": 6.5, "grad_norm": math.nan})  # only losses are checked
    assert reporter.last_eval == {}


def test_the_judge_objective_is_the_pass_rate_of_decided_items_or_the_mean_score():
    outcomes = [verdict("pass", 1.0), verdict("fail", 0.0), verdict("unparseable", None)]
    assert judge_objective(PASS_RATE, outcomes) == (0.5, None)
    assert judge_objective(MEAN, outcomes) == (0.5, None)


def test_an_objective_over_no_parseable_item_is_nan_with_the_reason():
    outcomes = [verdict("unparseable", None, "item has no expected answer")] * 4
    for objective in (PASS_RATE, MEAN):
        value, why = judge_objective(objective, outcomes)
        assert math.isnan(value)
        assert why == (
            f"the objective {objective['metric']} of answer_correctness could not be computed: "
            "0 of 4 items were parseable (item has no expected answer)"
        )
