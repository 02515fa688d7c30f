"""A baseline records the judge setup it was made with; a check needs that same setup."""

import pytest

from tests.evaluation_factories import at, make_evaluation
from tests.evaluations.helpers import evaluate_and_finish, evaluated_run
from tests.tunix_runs.helpers import dataset
from tunix_rt.evaluations.judge_setup import judge_key

STRICT = [{"name": "answer_correctness"}]
LOOSE = [{"name": "answer_correctness", "params": {"rel_tol": 0.01}}]


async def evaluate(client, sessions, app, run_id, judges) -> str:
    return await evaluate_and_finish(client, sessions, app, run_id, "gate-v1", judges)


@pytest.fixture
async def run_id(client, sessions, app):
    run = await evaluated_run(client, sessions, app)
    await dataset(client, n=8, name="gate", eval_fraction=0.5)
    return run


async def strict_baseline(client, sessions, app, run_id) -> dict:
    evaluation_id = await evaluate(client, sessions, app, run_id, STRICT)
    r = await client.post(
        "/api/regression/baselines", json={"name": "gate", "evaluation_id": evaluation_id}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_a_baseline_records_its_judge_setup(client, sessions, app, run_id):
    baseline = await strict_baseline(client, sessions, app, run_id)
    setup = baseline["judge_setup"]
    assert setup["params"] == {"rel_tol": 1e-6, "abs_tol": 1e-9}
    assert setup["version"] == baseline["judge_version"]
    assert baseline["judge_key"] == setup["judge_key"] == judge_key(setup)
    listed = (await client.get("/api/regression/baselines")).json()["data"]
    assert [b["judge_key"] for b in listed] == [baseline["judge_key"]]


async def test_checking_an_evaluation_with_another_setup_is_a_422_naming_it(
    client, sessions, app, run_id
):
    await strict_baseline(client, sessions, app, run_id)
    loose = await evaluate(client, sessions, app, run_id, LOOSE)
    r = await client.post(
        "/api/regression/check", json={"baseline_name": "gate", "evaluation_id": loose}
    )
    assert r.status_code == 422, r.text
    assert r.json() == {
        "detail": f"evaluation {loose} is not comparable with the baseline: its "
        "answer_correctness judge is set up differently from the baseline's (this "
        "evaluation's vs the baseline's: params.rel_tol 0.01 vs 1e-6)",
        "mismatches": ["judge_setup"],
    }
    checks = (await client.get("/api/regression/checks")).json()["data"]
    assert checks == []


async def test_a_setup_mismatch_is_reported_with_the_other_mismatches(client, sessions):
    base = await make_evaluation(
        sessions, model_name="base", judge_version="1.0.0", mean=0.8, created_at=at(0)
    )
    r = await client.post("/api/regression/baselines", json={"name": "gate", "evaluation_id": base})
    assert r.status_code == 201, r.text
    other = await make_evaluation(
        sessions, model_name="new", judge_version="2.0.0", split="train", mean=0.8
    )
    r = await client.post(
        "/api/regression/check", json={"baseline_name": "gate", "evaluation_id": other}
    )
    assert r.status_code == 422
    assert r.json()["mismatches"] == ["split", "judge_setup"]
    assert "version 2.0.0 vs 1.0.0" in r.json()["detail"]


async def test_a_runs_check_uses_its_latest_evaluation_with_the_baselines_setup(
    client, sessions, app, run_id
):
    baseline = await strict_baseline(client, sessions, app, run_id)
    same = await evaluate(client, sessions, app, run_id, [*STRICT, {"name": "trace_format"}])
    await evaluate(client, sessions, app, run_id, LOOSE)  # newer, but judged otherwise
    r = await client.post("/api/regression/check", json={"baseline_name": "gate", "run_id": run_id})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["evaluation_id"] == same
    assert result["judge_key"] == baseline["judge_key"] and result["verdict"] == "pass"
