import pytest
from sqlalchemy import select

from tests.evaluation_factories import add_judge_score, at, judge_entry, make_evaluation
from tests.factories import row_count
from tunix_rt.core.stats import bootstrap_ci
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.judge_setup import judge_key
from tunix_rt.regression import service
from tunix_rt.regression.models import RegressionCheckRow

CHECK = "/api/regression/check"
AC_KEY = judge_key(judge_entry("answer_correctness"))


async def baseline(client, sessions, *, mean=0.8, ci=(0.7, 0.9), name="gate", **settings):
    evaluation_id = await make_evaluation(
        sessions, model_name="run:base", run_id="base", mean=mean, ci=ci, created_at=at(0)
    )
    r = await client.post(
        "/api/regression/baselines",
        json={"name": name, "evaluation_id": evaluation_id, **settings},
    )
    assert r.status_code == 201, r.text
    return evaluation_id


async def check(client, evaluation_id, name="gate"):
    r = await client.post(CHECK, json={"baseline_name": name, "evaluation_id": evaluation_id})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize(
    ("settings", "baseline_mean", "current_mean", "verdict"),
    [
        ({"tolerance": 0.05}, 0.8, 0.76, "pass"),
        ({"tolerance": 0.05}, 0.8, 0.75, "pass"),
        ({"tolerance": 0.05}, 0.8, 0.74, "fail"),
        ({"tolerance": 0.1, "tolerance_kind": "relative"}, 0.8, 0.73, "pass"),
        ({"tolerance": 0.1, "tolerance_kind": "relative"}, 0.8, 0.71, "fail"),
        ({"direction": "lower", "tolerance": 0.05}, 0.2, 0.24, "pass"),
        ({"direction": "lower", "tolerance": 0.05}, 0.2, 0.26, "fail"),
        ({"direction": "lower", "tolerance": 0.5, "tolerance_kind": "relative"}, 0.2, 0.29, "pass"),
        ({"direction": "lower", "tolerance": 0.5, "tolerance_kind": "relative"}, 0.2, 0.31, "fail"),
        ({"direction": "lower"}, 0.2, 0.1, "pass"),
        ({}, 0.8, 0.8, "pass"),
        ({}, 0.8, 0.79, "fail"),
    ],
)
async def test_verdict_follows_direction_and_tolerance(
    client, sessions, settings, baseline_mean, current_mean, verdict
):
    await baseline(client, sessions, mean=baseline_mean, ci=None, **settings)
    current = await make_evaluation(sessions, model_name="run:new", run_id="new", mean=current_mean)
    assert (await check(client, current))["verdict"] == verdict


async def test_the_answer_carries_the_numbers_behind_the_verdict(client, sessions):
    base = await baseline(
        client, sessions, mean=0.8, ci=(0.72, 0.88), tolerance=0.1, tolerance_kind="relative"
    )
    current = await make_evaluation(
        sessions, model_name="run:new", run_id="new", mean=0.6, ci=(0.5, 0.7)
    )
    result = await check(client, current)
    assert result["verdict"] == "fail"
    assert result["baseline_value"] == 0.8 and result["current_value"] == 0.6
    assert result["delta"] == pytest.approx(-0.2)
    assert result["delta_percent"] == pytest.approx(-25.0)
    assert result["allowed_drop"] == pytest.approx(0.08)
    assert result["significant"] is True
    assert result["baseline_ci"] == {"low": 0.72, "high": 0.88}
    assert result["current_ci"] == {"low": 0.5, "high": 0.7}
    assert {
        k: result[k]
        for k in (
            "baseline_name",
            "metric",
            "direction",
            "tolerance",
            "tolerance_kind",
            "baseline_evaluation_id",
            "evaluation_id",
            "judge",
            "baseline_judge_version",
            "judge_version",
            "judge_key",
            "dataset_key",
            "split",
        )
    } == {
        "baseline_name": "gate",
        "metric": "mean",
        "direction": "higher",
        "tolerance": 0.1,
        "tolerance_kind": "relative",
        "baseline_evaluation_id": base,
        "evaluation_id": current,
        "judge": "answer_correctness",
        "baseline_judge_version": "1",
        "judge_version": "1",
        "judge_key": AC_KEY,
        "dataset_key": "arith-v1",
        "split": "eval",
    }


async def test_significance_uses_the_bootstrap_intervals_of_item_scores(client, sessions):
    base_scores = [1.0] * 18 + [0.0] * 2
    base = await make_evaluation(sessions, model_name="b", scores=base_scores)
    r = await client.post(
        "/api/regression/baselines", json={"name": "gate", "evaluation_id": base, "tolerance": 0.7}
    )
    assert r.status_code == 201, r.text
    current = await make_evaluation(sessions, model_name="c", scores=[1.0, 0.0, 0.0, 0.0] * 5)
    result = await check(client, current)
    _, low, high = bootstrap_ci(base_scores, confidence=0.95, resamples=2000, seed=0)
    assert result["baseline_ci"] == pytest.approx({"low": low, "high": high})
    assert (result["baseline_value"], result["current_value"]) == pytest.approx((0.9, 0.25))
    assert result["current_ci"]["high"] < result["baseline_ci"]["low"]
    assert (result["verdict"], result["significant"]) == ("pass", True)


async def test_overlapping_intervals_are_not_significant(client, sessions):
    await baseline(client, sessions, mean=0.8, ci=(0.7, 0.9), tolerance=0.5)
    current = await make_evaluation(sessions, model_name="m", mean=0.75, ci=(0.65, 0.85))
    result = await check(client, current)
    assert (result["verdict"], result["significant"]) == ("pass", False)


async def test_a_missing_interval_is_never_significant(client, sessions):
    await baseline(client, sessions, mean=0.8, ci=None)
    current = await make_evaluation(sessions, model_name="m", mean=0.1, ci=(0.0, 0.2))
    result = await check(client, current)
    assert (result["verdict"], result["significant"], result["baseline_ci"]) == (
        "fail",
        False,
        None,
    )


async def test_delta_percent_is_null_against_a_zero_baseline(client, sessions):
    await baseline(client, sessions, mean=0.0, ci=None, direction="lower")
    current = await make_evaluation(sessions, model_name="m", mean=0.25)
    result = await check(client, current)
    assert (result["delta"], result["delta_percent"], result["verdict"]) == (0.25, None, "fail")


async def test_pass_rate_checks_compare_pass_rates_with_wilson_intervals(client, sessions):
    base = await make_evaluation(sessions, model_name="b", mean=0.5, n=100, passed=90, failed=10)
    r = await client.post(
        "/api/regression/baselines",
        json={"name": "gate", "evaluation_id": base, "metric": "pass_rate", "tolerance": 0.05},
    )
    assert r.status_code == 201, r.text
    current = await make_evaluation(
        sessions, model_name="c", mean=0.9, n=100, passed=50, failed=30, unparseable=20
    )
    result = await check(client, current)
    assert result["metric"] == "pass_rate"
    assert (result["baseline_value"], result["current_value"]) == (0.9, 0.625)
    assert result["delta"] == pytest.approx(-0.275)
    assert result["verdict"] == "fail" and result["significant"] is True
    assert result["baseline_ci"] == pytest.approx({"low": 0.8256, "high": 0.9448}, abs=1e-4)
    assert result["current_ci"] == pytest.approx({"low": 0.5155, "high": 0.7231}, abs=1e-4)


@pytest.mark.parametrize(
    ("differs", "mismatch", "message"),
    [
        (
            {"dataset_key": "arith-v2"},
            ["dataset_key"],
            "dataset_key is 'arith-v2', the baseline's is 'arith-v1'",
        ),
        (
            {"dataset_hash": "other"},
            ["dataset_hash"],
            "dataset_hash is 'other', the baseline's is 'hash-arith-v1'",
        ),
        ({"split": "train"}, ["split"], "split is 'train', the baseline's is 'eval'"),
        ({"judge": "exact_match"}, ["judge"], "it has no score for judge 'answer_correctness'"),
        (
            {"dataset_key": "arith-v2", "split": "all"},
            ["dataset_key", "split"],
            "split is 'all'",
        ),
    ],
)
async def test_an_evaluation_of_something_else_is_not_comparable(
    client, sessions, differs, mismatch, message
):
    await baseline(client, sessions)
    current = await make_evaluation(sessions, model_name="m", mean=0.9, **differs)
    r = await client.post(CHECK, json={"baseline_name": "gate", "evaluation_id": current})
    assert r.status_code == 422
    assert message in r.json()["detail"]
    assert "not comparable with the baseline" in r.json()["detail"]
    assert r.json()["mismatches"] == mismatch
    assert await row_count(sessions, RegressionCheckRow) == 0


async def test_an_unfinished_evaluation_cannot_be_checked(client, sessions):
    await baseline(client, sessions)
    running = await make_evaluation(sessions, model_name="m", finished=False)
    r = await client.post(CHECK, json={"baseline_name": "gate", "evaluation_id": running})
    assert r.status_code == 422
    assert "has not finished" in r.json()["detail"]


async def test_unknown_baseline_or_evaluation_is_not_found(client, sessions):
    current = await make_evaluation(sessions, model_name="m", mean=0.9)
    r = await client.post(CHECK, json={"baseline_name": "nope", "evaluation_id": current})
    assert (r.status_code, r.json()["detail"]) == (404, "baseline nope not found")
    await baseline(client, sessions)
    r = await client.post(CHECK, json={"baseline_name": "gate", "evaluation_id": "nope"})
    assert (r.status_code, r.json()["detail"]) == (404, "evaluation nope not found")


async def test_check_needs_exactly_one_of_evaluation_id_and_run_id(client):
    for body in (
        {"baseline_name": "gate"},
        {"baseline_name": "gate", "evaluation_id": "e", "run_id": "r"},
    ):
        r = await client.post(CHECK, json=body)
        assert r.status_code == 422
        assert "exactly one of evaluation_id or run_id" in r.json()["message"]


async def test_compat_check_uses_the_runs_latest_comparable_evaluation(client, sessions):
    await client.post(
        "/api/regression/baselines",
        json={
            "name": "gate",
            "evaluation_id": await make_evaluation(
                sessions, model_name="run:base", run_id="base", mean=0.8, created_at=at(0)
            ),
        },
    )
    await make_evaluation(sessions, model_name="run:r1", run_id="r1", mean=0.5, created_at=at(1))
    comparable = await make_evaluation(
        sessions, model_name="run:r1", run_id="r1", mean=0.9, created_at=at(2)
    )
    for other in (
        {"dataset_key": "arith-v2"},
        {"split": "train"},
        {"judge": "exact_match"},
        {"finished": False},
    ):
        await make_evaluation(
            sessions, model_name="run:r1", run_id="r1", mean=0.1, created_at=at(3), **other
        )

    r = await client.post(CHECK, json={"run_id": "r1", "baseline_name": "gate"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["evaluation_id"] == comparable
    assert body["baseline_value"] == 0.8 and body["current_value"] == 0.9
    assert body["delta"] == pytest.approx(0.1)
    assert body["delta_percent"] == pytest.approx(12.5)
    assert body["verdict"] == "pass"


async def test_compat_check_of_a_run_without_a_comparable_evaluation_is_rejected(client, sessions):
    await baseline(client, sessions)
    await make_evaluation(
        sessions, model_name="run:r1", run_id="r1", dataset_key="arith-v2", mean=0.9
    )
    r = await client.post(CHECK, json={"run_id": "r1", "baseline_name": "gate"})
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "run r1 has no finished evaluation of dataset arith-v1 split eval "
        "with judge answer_correctness set up as the baseline's "
        f"(version 1, no params, judge_key {AC_KEY}); evaluate it first"
    )


async def test_every_check_is_stored_and_listed_newest_first(client, sessions):
    await baseline(client, sessions, tolerance=0.05)
    await baseline(client, sessions, name="other")
    good = await make_evaluation(sessions, model_name="m", mean=0.8)
    bad = await make_evaluation(sessions, model_name="m", mean=0.5)
    first = await check(client, good)
    second = await check(client, bad)
    await check(client, good, name="other")

    async with sessions() as s:
        rows = list(
            await s.scalars(select(RegressionCheckRow).order_by(RegressionCheckRow.created_at))
        )
    assert [(r.evaluation_id, r.verdict) for r in rows] == [
        (good, "pass"),
        (bad, "fail"),
        (good, "pass"),
    ]
    assert rows[1].id == second["check_id"] and rows[1].result["delta"] == pytest.approx(-0.3)

    listed = (await client.get("/api/regression/checks", params={"baseline_name": "gate"})).json()
    assert listed["data"] == [second, first]
    everything = (await client.get("/api/regression/checks")).json()
    assert len(everything["data"]) == 3
    r = await client.get("/api/regression/checks", params={"baseline_name": "nope"})
    assert r.status_code == 404


async def test_deleting_a_baseline_deletes_its_checks(client, sessions):
    await baseline(client, sessions)
    await check(client, await make_evaluation(sessions, model_name="m", mean=0.8))
    assert (await client.delete("/api/regression/baselines/gate")).status_code == 204
    assert await row_count(sessions, RegressionCheckRow) == 0


async def test_check_model_picks_a_registry_versions_latest_comparable_evaluation(client, sessions):
    await baseline(client, sessions, tolerance=0.1)
    await make_evaluation(
        sessions, model_name="m@1", model_version_id="v1", mean=0.9, created_at=at(1)
    )
    latest = await make_evaluation(
        sessions, model_name="m@1", model_version_id="v1", mean=0.6, created_at=at(2)
    )
    async with sessions() as s:
        result = await service.check_model(s, "gate", run_id=None, model_version_id="v1")
    assert (result.evaluation_id, result.verdict) == (latest, "fail")
    assert await row_count(sessions, RegressionCheckRow) == 1


async def test_check_model_by_run_and_its_errors(client, sessions):
    await baseline(client, sessions)
    evaluation_id = await make_evaluation(sessions, model_name="run:r1", run_id="r1", mean=0.85)
    await add_judge_score(sessions, evaluation_id, judge="exact_match", mean=0.0)
    async with sessions() as s:
        result = await service.check_model(s, "gate", run_id="r1", model_version_id=None)
        assert (result.evaluation_id, result.verdict) == (evaluation_id, "pass")

        with pytest.raises(ApiError) as unknown:
            await service.check_model(s, "nope", run_id="r1", model_version_id=None)
        assert unknown.value.status_code == 404

        with pytest.raises(ApiError) as missing:
            await service.check_model(s, "gate", run_id=None, model_version_id="v9")
        assert missing.value.status_code == 422
        assert missing.value.detail == (
            "model version v9 has no finished evaluation of dataset arith-v1 split eval "
            "with judge answer_correctness set up as the baseline's "
            f"(version 1, no params, judge_key {AC_KEY}); evaluate it first"
        )
