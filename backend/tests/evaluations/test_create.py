import json

from pydantic import SecretStr

from tests.evaluations.helpers import evaluated_run, job_of
from tests.factories import row_count
from tests.registry.helpers import create_model, move, promote, succeeded_run
from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.evaluations.models import EvaluationRow
from tunix_rt.jobs.models import JobRow

JUDGES = [{"name": "answer_correctness"}, {"name": "trace_format"}]


async def test_judges_are_listed_with_versions_and_params(client):
    r = await client.get("/api/judges")
    assert r.status_code == 200
    judges = {j["name"]: j for j in r.json()}
    expected = {
        "answer_correctness",
        "exact_match",
        "trace_format",
        "arithmetic_consistency",
        "llm_judge",
    }
    assert expected <= set(judges)
    assert judges["llm_judge"]["requires_model"] is True
    assert judges["answer_correctness"]["requires_model"] is False
    assert "rel_tol" in judges["answer_correctness"]["params"]
    assert all(j["version"] for j in judges.values())


async def test_an_evaluation_is_an_evaluate_job_with_resolved_judges(client, sessions, app):
    run_id = await evaluated_run(client, sessions, app)
    body = {"run_id": run_id, "dataset_key": "ds-v1", "judges": JUDGES, "tags": ["nightly"]}
    r = await client.post("/api/evaluations", json=body)
    assert r.status_code == 201, r.text
    ev = r.json()
    assert ev["status"] == "queued" and ev["existing"] is False
    assert ev["model_ref"] == f"run:{run_id}" and ev["run_id"] == run_id
    assert ev["split"] == "eval" and ev["tags"] == ["nightly"] and ev["scores"] == []
    assert [j["name"] for j in ev["judges"]] == ["answer_correctness", "trace_format"]
    assert ev["judges"][0]["params"]["rel_tol"] > 0  # defaults filled in
    async with sessions() as s:
        job = await s.get(JobRow, ev["evaluation_id"])
    assert job.kind == "evaluate"
    assert job.spec["config"]["model"].endswith(f"{run_id}/export")
    assert job.spec["config"]["max_new_tokens"] == 160


async def test_asking_again_returns_the_same_evaluation_unless_forced(client, sessions, app):
    run_id = await evaluated_run(client, sessions, app)
    body = {"run_id": run_id, "dataset_key": "ds-v1", "judges": JUDGES}
    first = (await client.post("/api/evaluations", json=body)).json()
    # Same judges in another order, defaults spelled out: the same evaluation.
    again_body = {
        **body,
        "judges": [{"name": "trace_format"}, {"name": "answer_correctness", "params": {}}],
        "generation": {"max_new_tokens": 160},
    }
    again = await client.post("/api/evaluations", json=again_body)
    assert again.status_code == 200, again.text
    assert again.json()["evaluation_id"] == first["evaluation_id"]
    assert again.json()["existing"] is True
    assert await row_count(sessions, EvaluationRow) == 1
    # Anything that changes scores is another evaluation.
    for change in (
        {"generation": {"max_new_tokens": 32}},
        {"judges": [{"name": "answer_correctness", "params": {"rel_tol": 0.1}}]},
        {"split": "train"},
        {"limit": 1},
        {"force": True},
    ):
        r = await client.post("/api/evaluations", json={**body, **change})
        assert r.status_code == 201, (change, r.text)
        assert r.json()["evaluation_id"] != first["evaluation_id"]
    assert await row_count(sessions, EvaluationRow) == 6


async def test_a_failed_evaluation_is_not_reused(client, sessions, app):
    run_id = await evaluated_run(client, sessions, app)
    body = {"run_id": run_id, "dataset_key": "ds-v1"}
    first = (await client.post("/api/evaluations", json=body)).json()
    async with sessions() as s:
        job = await s.get(JobRow, first["evaluation_id"])
        job.status = "failed"
        await s.commit()
    again = await client.post("/api/evaluations", json=body)
    assert again.status_code == 201 and again.json()["evaluation_id"] != first["evaluation_id"]


async def test_bad_requests_say_what_is_wrong_and_write_nothing(client, sessions, app):
    run_id = await evaluated_run(client, sessions, app)
    queued = await create_run(client)
    await dataset(client, n=3, name="empty-eval", eval_fraction=0.0)
    jobs_before = await row_count(sessions, JobRow)
    cases = [
        ({"dataset_key": "ds-v1"}, "exactly one of run_id or model"),
        ({"run_id": queued["run_id"], "dataset_key": "ds-v1"}, "needs a succeeded run"),
        ({"run_id": run_id, "dataset_key": "nope-v1"}, "dataset_key 'nope-v1' does not exist"),
        ({"run_id": run_id, "dataset_key": "empty-eval-v1"}, "has no eval items"),
        ({"run_id": run_id, "dataset_key": "ds-v1", "judges": [{"name": "vibes"}]}, "judges[0]"),
        (
            {
                "run_id": run_id,
                "dataset_key": "ds-v1",
                "judges": [{"name": "answer_correctness", "params": {"rel_tol": "x"}}],
            },
            "params.rel_tol",
        ),
        (
            {"run_id": run_id, "dataset_key": "ds-v1", "judges": [{"name": "llm_judge"}]},
            "judges[0].params.model",
        ),
        (
            {
                "run_id": run_id,
                "dataset_key": "ds-v1",
                "judges": [{"name": "llm_judge", "params": {"backend": "http"}}],
            },
            "LLM_JUDGE_BASE_URL",
        ),
        (
            {"run_id": run_id, "dataset_key": "ds-v1", "judges": JUDGES + JUDGES[:1]},
            "each judge may appear once",
        ),
        ({"model": "models/x", "dataset_key": "ds-v1"}, "registry://"),
        (
            {"run_id": run_id, "dataset_key": "ds-v1", "generation": {"seed": -1}},
            "generation.seed",
        ),
    ]
    for body, message in cases:
        r = await client.post("/api/evaluations", json=body)
        assert r.status_code == 422, (body, r.text)
        assert message in r.text, (message, r.text)
    assert await row_count(sessions, JobRow) == jobs_before
    assert await row_count(sessions, EvaluationRow) == 0
    r = await client.post("/api/evaluations", json={"run_id": "nope", "dataset_key": "ds-v1"})
    assert r.status_code == 404 and "run nope not found" in r.text


async def test_a_queued_evaluation_can_be_cancelled_and_is_then_not_reused(client, sessions, app):
    run_id = await evaluated_run(client, sessions, app)
    body = {"run_id": run_id, "dataset_key": "ds-v1"}
    ev = (await client.post("/api/evaluations", json=body)).json()["evaluation_id"]
    r = await client.post(f"/api/evaluations/{ev}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert (await client.post(f"/api/evaluations/{ev}/cancel")).status_code == 409
    logs = await client.get(f"/api/evaluations/{ev}/logs")
    assert logs.status_code == 200 and '"status":"cancelled"' in logs.text
    again = await client.post("/api/evaluations", json=body)
    assert again.status_code == 201 and again.json()["evaluation_id"] != ev
    assert (await client.post("/api/evaluations/nope/cancel")).status_code == 404


async def test_a_judge_model_asked_through_an_alias_is_pinned_to_its_version(
    client, sessions, app, own_home
):
    run_id = await succeeded_run(client, sessions, app)
    await create_model(client, "judge")
    v1 = await promote(client, "judge", run_id)
    v2 = await promote(client, "judge", run_id)
    assert (await move(client, "judge", "production", version=1)).status_code == 200
    judge = {"name": "llm_judge", "params": {"model": "registry://judge#production"}}
    body = {"run_id": run_id, "dataset_key": "ds-v1", "judges": [judge]}

    first = await client.post("/api/evaluations", json=body)
    assert first.status_code == 201, first.text
    [stored] = first.json()["judges"]
    # The evaluation records the version that scores it, not the alias.
    assert stored["params"]["model"] == "registry://judge@1"
    assert stored["judge_model"] == {
        "backend": "local",
        "ref": "registry://judge@1",
        "version_id": v1["id"],
    }
    job = await job_of(sessions, first.json()["evaluation_id"])
    assert job.spec["judge_models"] == {"llm_judge": v1["path"]}
    assert job.spec["judges"][0]["params"]["model"] == "registry://judge@1"
    again = await client.post("/api/evaluations", json=body)
    assert again.status_code == 200 and again.json()["existing"] is True
    assert again.json()["evaluation_id"] == first.json()["evaluation_id"]

    # The alias moves: the same request is a new evaluation judged by version 2.
    assert (await move(client, "judge", "production", version=2)).status_code == 200
    moved = await client.post("/api/evaluations", json=body)
    assert moved.status_code == 201, moved.text
    assert moved.json()["evaluation_id"] != first.json()["evaluation_id"]
    assert moved.json()["judges"][0]["params"]["model"] == "registry://judge@2"
    assert moved.json()["judges"][0]["judge_model"]["version_id"] == v2["id"]
    job = await job_of(sessions, moved.json()["evaluation_id"])
    assert job.spec["judge_models"] == {"llm_judge": v2["path"]}
    # Naming that version directly is the same evaluation: same judge bytes.
    by_version = {**body, "judges": [{**judge, "params": {"model": "registry://judge@2"}}]}
    same = await client.post("/api/evaluations", json=by_version)
    assert same.status_code == 200, same.text
    assert same.json()["evaluation_id"] == moved.json()["evaluation_id"]
    assert await row_count(sessions, EvaluationRow) == 2


async def test_an_unresolvable_judge_model_names_the_judge(client, sessions, app, own_home):
    run_id = await succeeded_run(client, sessions, app)
    await create_model(client, "judge")
    cases = [
        ("registry://judge#production", 404, "judges[0].params.model: registry://judge#prod"),
        ("registry://nope@1", 404, "judges[0].params.model: registry://nope@1: no model"),
        ("registry://judge", 422, "judges[0].params.model: 'registry://judge' names no"),
    ]
    for ref, status, message in cases:
        judge = {"name": "llm_judge", "params": {"model": ref}}
        r = await client.post(
            "/api/evaluations", json={"run_id": run_id, "dataset_key": "ds-v1", "judges": [judge]}
        )
        assert r.status_code == status, (ref, r.text)
        assert message in r.json()["detail"], (ref, r.text)
    assert await row_count(sessions, EvaluationRow) == 0


async def test_an_http_judge_is_identified_by_its_endpoint_and_model_not_its_key(
    client, sessions, app, monkeypatch
):
    settings = app.state.settings
    monkeypatch.setattr(settings, "llm_judge_base_url", "http://judge-a.internal/v1/")
    monkeypatch.setattr(settings, "llm_judge_model", "judge-7b")
    monkeypatch.setattr(settings, "llm_judge_api_key", SecretStr("sk-first"))
    run_id = await evaluated_run(client, sessions, app)
    body = {
        "run_id": run_id,
        "dataset_key": "ds-v1",
        "judges": [{"name": "llm_judge", "params": {"backend": "http"}}],
    }

    first = await client.post("/api/evaluations", json=body)
    assert first.status_code == 201, first.text
    [stored] = first.json()["judges"]
    assert stored["params"]["model"] == "judge-7b"
    assert stored["judge_model"] == {
        "backend": "http",
        "base_url": "http://judge-a.internal/v1",
        "model": "judge-7b",
    }
    job = await job_of(sessions, first.json()["evaluation_id"])
    assert "sk-first" not in json.dumps(job.spec)  # the key reaches the child by env only
    # Another key, or the same URL with a trailing slash: the same judge.
    monkeypatch.setattr(settings, "llm_judge_api_key", SecretStr("sk-rotated"))
    monkeypatch.setattr(settings, "llm_judge_base_url", "http://judge-a.internal/v1")
    again = await client.post("/api/evaluations", json=body)
    assert again.status_code == 200 and again.json()["existing"] is True
    # Another endpoint, or another model behind it: another judge, so another evaluation.
    seen = {first.json()["evaluation_id"]}
    for setting, value in (
        ("llm_judge_base_url", "http://judge-b.internal/v1"),
        ("llm_judge_model", "judge-70b"),
    ):
        monkeypatch.setattr(settings, setting, value)
        r = await client.post("/api/evaluations", json=body)
        assert r.status_code == 201, (setting, r.text)
        assert r.json()["evaluation_id"] not in seen
        seen.add(r.json()["evaluation_id"])
    [last] = r.json()["judges"]
    assert last["judge_model"] == {
        "backend": "http",
        "base_url": "http://judge-b.internal/v1",
        "model": "judge-70b",
    }
    assert await row_count(sessions, EvaluationRow) == 3
