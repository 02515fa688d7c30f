"""Alias moves gated by a regression baseline: pass, refuse with the check, or force."""

from tests.evaluation_factories import make_evaluation
from tests.factories import row_count
from tests.registry.helpers import create_model, move, promote, succeeded_run
from tunix_rt.registry.models import ModelAliasEventRow


async def _setup(client, sessions, app) -> tuple[dict, dict]:
    """Model arith with v1 (scores 0.9) and v2 (scores 0.5); baseline `bar` at 0.8."""
    await create_model(client, "arith")
    v1 = await promote(client, "arith", await succeeded_run(client, sessions, app, seed=1))
    v2 = await promote(client, "arith", await succeeded_run(client, sessions, app, seed=2))
    base = await make_evaluation(sessions, model_name="reference", mean=0.8)
    r = await client.post("/api/regression/baselines", json={"name": "bar", "evaluation_id": base})
    assert r.status_code == 201, r.text
    for version, mean in ((v1, 0.9), (v2, 0.5)):
        await make_evaluation(
            sessions,
            model_name=f"arith@{version['version']}",
            model_version_id=version["id"],
            model_ref=version["ref"],
            mean=mean,
        )
    return v1, v2


async def test_a_version_that_passes_the_baseline_gets_the_alias(client, sessions, app):
    await _setup(client, sessions, app)
    r = await move(client, "arith", "production", version=1, require_baseline="bar")
    assert r.status_code == 200, r.text
    event = r.json()["event"]
    assert event["forced"] is False
    assert event["check"]["verdict"] == "pass" and event["check"]["baseline_name"] == "bar"
    assert event["check"]["current_value"] == 0.9


async def test_a_failing_version_is_refused_with_the_check_and_nothing_moves(client, sessions, app):
    await _setup(client, sessions, app)
    await move(client, "arith", "production", version=1, require_baseline="bar")
    r = await move(client, "arith", "production", version=2, require_baseline="bar")
    assert r.status_code == 409, r.text
    body = r.json()
    assert "fails regression baseline 'bar'" in body["detail"] and "force" in body["detail"]
    assert body["check"]["verdict"] == "fail"
    assert round(body["check"]["delta"], 6) == -0.3
    aliases = (await client.get("/api/models/arith/aliases")).json()
    assert [(a["alias"], a["version"]) for a in aliases] == [("production", 1)]
    assert await row_count(sessions, ModelAliasEventRow) == 1


async def test_a_forced_move_past_a_failing_check_is_recorded_as_forced(client, sessions, app):
    await _setup(client, sessions, app)
    r = await move(
        client,
        "arith",
        "production",
        version=2,
        require_baseline="bar",
        force=True,
        reason="hotfix; accuracy drop accepted",
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    history = (await client.get("/api/models/arith/aliases/history")).json()["data"]
    assert history[0]["forced"] is True
    assert history[0]["check"]["verdict"] == "fail"
    assert history[0]["reason"] == "hotfix; accuracy drop accepted"


async def test_a_version_without_its_own_evaluation_is_gated_on_its_runs(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    await promote(client, "arith", run_id)
    base = await make_evaluation(sessions, model_name="reference", mean=0.8)
    await client.post("/api/regression/baselines", json={"name": "bar", "evaluation_id": base})
    r = await move(client, "arith", "production", version=1, require_baseline="bar")
    assert r.status_code == 422, r.text
    assert "has no finished evaluation" in r.json()["detail"]
    await make_evaluation(sessions, model_name=f"run:{run_id}", run_id=run_id, mean=0.85)
    r = await move(client, "arith", "production", version=1, require_baseline="bar")
    assert r.status_code == 200, r.text
    assert r.json()["event"]["check"]["current_value"] == 0.85


async def test_an_unknown_baseline_is_a_404(client, sessions, app):
    await _setup(client, sessions, app)
    r = await move(client, "arith", "production", version=1, require_baseline="nope")
    assert r.status_code == 404 and "baseline nope not found" in r.json()["detail"]
    assert await row_count(sessions, ModelAliasEventRow) == 0


async def test_a_versions_lineage_lists_its_finished_evaluations(client, sessions, app):
    v1, _ = await _setup(client, sessions, app)
    await make_evaluation(
        sessions, model_name="arith@1", model_version_id=v1["id"], mean=0.1, finished=False
    )
    lineage = (await client.get("/api/models/arith/versions/1")).json()["lineage"]
    [evaluation] = lineage["evaluations"]
    assert evaluation["means"] == {"answer_correctness": 0.9}
    assert evaluation["dataset_key"] == "arith-v1" and evaluation["model_ref"] == v1["ref"]
