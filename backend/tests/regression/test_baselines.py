import pytest

from tests.evaluation_factories import add_judge_score, at, judge_entry, make_evaluation
from tests.factories import row_count
from tunix_rt.evaluations.judge_setup import judge_key
from tunix_rt.regression.models import BaselineRow

BASELINES = "/api/regression/baselines"


async def create(client, **body):
    return await client.post(BASELINES, json={"name": "gate", **body})


async def test_native_baseline_defaults_to_the_evaluations_only_judge_and_its_mean(
    client, sessions
):
    evaluation_id = await make_evaluation(
        sessions, model_name="run:r1", run_id="r1", mean=0.8, ci=(0.7, 0.9), created_at=at(0)
    )
    r = await create(client, evaluation_id=evaluation_id, description="first release")
    assert r.status_code == 201, r.text
    body = r.json()
    assert {k: v for k, v in body.items() if k != "created_at"} == {
        "name": "gate",
        "description": "first release",
        "evaluation_id": evaluation_id,
        "run_id": "r1",
        "model_version_id": None,
        "model_name": "run:r1",
        "dataset_key": "arith-v1",
        "dataset_hash": "hash-arith-v1",
        "split": "eval",
        "judge": "answer_correctness",
        "judge_version": "1",
        "judge_key": judge_key(judge_entry("answer_correctness")),
        "judge_setup": {
            "name": "answer_correctness",
            "version": "1",
            "params": {},
            "judge_model": None,
            "judge_key": judge_key(judge_entry("answer_correctness")),
        },
        "metric": "mean",
        "value": 0.8,
        "ci": {"low": 0.7, "high": 0.9},
        "direction": "higher",
        "tolerance": 0.0,
        "tolerance_kind": "absolute",
    }
    assert (await client.get(f"{BASELINES}/gate")).json() == body


async def test_pass_rate_baseline_uses_passed_over_passed_and_failed(client, sessions):
    evaluation_id = await make_evaluation(
        sessions, model_name="m", mean=0.7, n=10, passed=8, failed=2, unparseable=5
    )
    r = await create(
        client,
        evaluation_id=evaluation_id,
        metric="pass_rate",
        direction="higher",
        tolerance=0.1,
        tolerance_kind="relative",
    )
    assert r.status_code == 201, r.text
    assert r.json()["value"] == pytest.approx(0.8)
    assert r.json()["ci"] == pytest.approx({"low": 0.4902, "high": 0.9433}, abs=1e-4)
    assert r.json()["tolerance_kind"] == "relative"


async def test_several_judges_need_an_explicit_judge(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="m", mean=0.8)
    await add_judge_score(sessions, evaluation_id, judge="exact_match", mean=0.4)

    r = await create(client, evaluation_id=evaluation_id)
    assert r.status_code == 422
    assert "several judges (answer_correctness, exact_match)" in r.json()["detail"]

    r = await create(client, evaluation_id=evaluation_id, judge="exact_match")
    assert r.status_code == 201, r.text
    assert (r.json()["judge"], r.json()["value"]) == ("exact_match", 0.4)


async def test_a_judge_without_a_score_on_the_evaluation_is_rejected(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="m", mean=0.8)
    r = await create(client, evaluation_id=evaluation_id, judge="llm_judge")
    assert r.status_code == 422
    assert "no score for judge 'llm_judge'; it has: answer_correctness" in r.json()["detail"]


async def test_an_unscorable_judge_cannot_be_a_baseline(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="m", scores=[None, None])
    r = await create(client, evaluation_id=evaluation_id)
    assert r.status_code == 422
    assert "no scored item" in r.json()["detail"]
    r = await create(client, evaluation_id=evaluation_id, metric="pass_rate")
    assert r.status_code == 422
    assert "no pass_rate" in r.json()["detail"]


async def test_unfinished_and_unknown_evaluations_are_rejected(client, sessions):
    running = await make_evaluation(sessions, model_name="m", finished=False)
    r = await create(client, evaluation_id=running)
    assert r.status_code == 422
    assert "has not finished" in r.json()["detail"]
    r = await create(client, evaluation_id="nope")
    assert r.status_code == 404
    assert r.json()["detail"] == "evaluation nope not found"
    assert await row_count(sessions, BaselineRow) == 0


async def test_a_duplicate_name_is_a_conflict(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="m", mean=0.8)
    assert (await create(client, evaluation_id=evaluation_id)).status_code == 201
    r = await create(client, evaluation_id=evaluation_id, tolerance=0.1)
    assert r.status_code == 409
    assert "already exists" in r.json()["detail"]
    assert await row_count(sessions, BaselineRow) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"metric": "mean"}, "evaluation_id"),
        ({"evaluation_id": "e", "run_id": "r"}, "exactly one of evaluation_id or run_id"),
        ({"evaluation_id": "e", "tolerance": -0.1}, "tolerance"),
        ({"evaluation_id": "e", "direction": "up"}, "direction"),
        ({"evaluation_id": "e", "tolerance_kind": "percent"}, "tolerance_kind"),
        ({"evaluation_id": "e", "name": ""}, "name"),
    ],
)
async def test_invalid_bodies_are_rejected_naming_the_field(client, body, field):
    r = await create(client, **body)
    assert r.status_code == 422
    assert field in r.json()["message"]


async def test_compat_body_uses_the_runs_latest_finished_evaluation(client, sessions):
    await make_evaluation(sessions, model_name="run:r1", run_id="r1", mean=0.6, created_at=at(0))
    latest = await make_evaluation(
        sessions, model_name="run:r1", run_id="r1", mean=0.7, created_at=at(1)
    )
    await make_evaluation(
        sessions, model_name="run:r1", run_id="r1", finished=False, created_at=at(2)
    )
    await make_evaluation(  # a registry version promoted from r1 is a different model_ref
        sessions,
        model_name="m@1",
        run_id="r1",
        model_ref="registry://m@1",
        mean=0.9,
        created_at=at(3),
    )
    r = await client.post(BASELINES, json={"name": "gate", "run_id": "r1", "metric": "score"})
    assert r.status_code == 201, r.text
    assert (r.json()["evaluation_id"], r.json()["metric"], r.json()["value"]) == (
        latest,
        "mean",
        0.7,
    )


async def test_compat_metric_may_name_a_judge_or_defaults_to_answer_correctness(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="run:r1", run_id="r1", mean=0.7)
    await add_judge_score(sessions, evaluation_id, judge="exact_match", mean=0.3)

    r = await client.post(
        BASELINES, json={"name": "by-judge", "run_id": "r1", "metric": "exact_match"}
    )
    assert r.status_code == 201, r.text
    assert (r.json()["judge"], r.json()["metric"], r.json()["value"]) == (
        "exact_match",
        "mean",
        0.3,
    )

    r = await client.post(BASELINES, json={"name": "by-score", "run_id": "r1", "metric": "score"})
    assert r.status_code == 201, r.text
    assert (r.json()["judge"], r.json()["value"]) == ("answer_correctness", 0.7)

    r = await client.post(BASELINES, json={"name": "bad", "run_id": "r1", "metric": "f1"})
    assert r.status_code == 422
    assert "metric 'f1' is not known" in r.json()["detail"]


async def test_compat_body_for_a_run_without_finished_evaluations_is_rejected(client, sessions):
    await make_evaluation(sessions, model_name="run:r1", run_id="r1", finished=False)
    r = await client.post(BASELINES, json={"name": "gate", "run_id": "r1", "metric": "score"})
    assert r.status_code == 422
    assert r.json()["detail"] == "run r1 has no finished evaluation; evaluate it first"


async def test_list_get_and_delete(client, sessions):
    evaluation_id = await make_evaluation(sessions, model_name="m", mean=0.8)
    for name in ("first", "second", "third"):
        r = await client.post(BASELINES, json={"name": name, "evaluation_id": evaluation_id})
        assert r.status_code == 201, r.text

    listed = (await client.get(BASELINES, params={"limit": 2})).json()
    assert [b["name"] for b in listed["data"]] == ["third", "second"]
    assert listed["pagination"]["next_offset"] == 2

    r = await client.delete(f"{BASELINES}/second")
    assert r.status_code == 204
    assert (await client.get(f"{BASELINES}/second")).status_code == 404
    assert (await client.delete(f"{BASELINES}/second")).status_code == 404
    assert [b["name"] for b in (await client.get(BASELINES)).json()["data"]] == ["third", "first"]


async def test_unknown_baseline_is_not_found(client):
    r = await client.get(f"{BASELINES}/nope")
    assert r.status_code == 404
    assert r.json()["detail"] == "baseline nope not found"
