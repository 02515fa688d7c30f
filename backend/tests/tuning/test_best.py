"""The best trial by the objective, and one call to train or promote it."""

from sqlalchemy import update

from tests.factories import row_count
from tests.registry.helpers import create_model, succeeded_run
from tests.tuning.helpers import create, record
from tunix_rt.jobs.models import JobRow
from tunix_rt.registry.models import ModelVersionRow, RegisteredModelRow


async def three_trials(sessions, tuning_job_id: str) -> None:
    await record(sessions, tuning_job_id, "a", params={"learning_rate": 0.001, "batch_size": 8})
    await record(sessions, tuning_job_id, "a", status="succeeded", final_metric=0.5)
    await record(sessions, tuning_job_id, "b", params={"learning_rate": 0.004, "batch_size": 16})
    await record(sessions, tuning_job_id, "b", status="stopped", final_metric=0.9)
    await record(sessions, tuning_job_id, "c", params={"learning_rate": 0.002, "batch_size": 8})
    await record(sessions, tuning_job_id, "c", status="running")  # no final metric yet


async def test_there_is_no_best_trial_before_one_has_a_final_metric(client, sessions):
    job = await create(client)
    r = await client.get(f"/api/tuning/jobs/{job['id']}/best")
    assert r.status_code == 404 and "no trial with a final metric yet" in r.json()["detail"]
    await record(sessions, job["id"], "a", status="running", intermediate_point=(10, 2.0))
    assert (await client.get(f"/api/tuning/jobs/{job['id']}/best")).status_code == 404
    assert (await client.get("/api/tuning/jobs/nope/best")).status_code == 404


async def test_the_best_trial_of_a_loss_has_the_lowest_value(client, sessions):
    job = await create(client)  # eval_loss: min
    await three_trials(sessions, job["id"])
    r = await client.get(f"/api/tuning/jobs/{job['id']}/best")
    assert r.status_code == 200, r.text
    best = r.json()
    assert best["trial"]["trial_key"] == "a" and best["value"] == 0.5
    assert (best["metric"], best["direction"]) == ("eval_loss", "min")
    detail = (await client.get(f"/api/tuning/jobs/{job['id']}")).json()
    assert detail["best_trial_id"] == best["trial"]["id"]


async def test_the_best_trial_of_a_judge_has_the_highest_value(client, sessions):
    job = await create(client, objective={"judge": "answer_correctness", "metric": "mean"})
    await three_trials(sessions, job["id"])
    best = (await client.get(f"/api/tuning/jobs/{job['id']}/best")).json()
    assert best["trial"]["trial_key"] == "b" and best["value"] == 0.9
    assert (best["metric"], best["direction"]) == ("mean", "max")


async def test_a_direction_can_be_chosen(client, sessions):
    objective = {"judge": "answer_correctness", "metric": "mean", "direction": "min"}
    job = await create(client, objective=objective)
    await three_trials(sessions, job["id"])
    best = (await client.get(f"/api/tuning/jobs/{job['id']}/best")).json()
    assert best["trial"]["trial_key"] == "a"


async def test_the_best_config_is_the_fixed_config_with_the_trials_params(client, sessions):
    job = await create(client)
    await three_trials(sessions, job["id"])
    config = (await client.get(f"/api/tuning/jobs/{job['id']}/best")).json()["config"]
    assert config["learning_rate"] == 0.001 and config["batch_size"] == 8
    assert config["model"] == "tiny" and config["template"] == "chatml"
    assert config["max_steps"] == 40 and config["warmup_ratio"] == 0.1


async def test_best_run_trains_the_best_config(client, sessions):
    job = await create(client)
    await three_trials(sessions, job["id"])
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/run")
    assert r.status_code == 201, r.text
    run = r.json()
    assert run["status"] == "queued" and run["dataset_key"] == "ds-v1"
    assert run["config"]["learning_rate"] == 0.001 and run["config"]["batch_size"] == 8
    assert run["config"]["max_steps"] == 40 and run["config"]["warmup_ratio"] == 0.1
    async with sessions() as s:
        train = await s.get(JobRow, run["run_id"])
    assert train.kind == "train" and train.spec["auto_evaluate"] is None


async def test_best_run_may_train_longer_and_evaluate_like_the_objective(client, sessions):
    objective = {"judge": "exact_match", "metric": "mean", "eval_limit": 3}
    job = await create(client, objective=objective)
    await three_trials(sessions, job["id"])
    body = {"max_steps": 400, "auto_evaluate": True}
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/run", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["config"]["max_steps"] == 400
    async with sessions() as s:
        auto = (await s.get(JobRow, r.json()["run_id"])).spec["auto_evaluate"]
    assert [j["name"] for j in auto["judges"]] == ["exact_match"]
    assert auto["limit"] == 3 and auto["split"] == "eval"
    assert auto["generation"]["max_new_tokens"] == 160


async def test_best_run_before_a_best_trial_is_404_and_queues_nothing(client, sessions):
    job = await create(client)
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/run")
    assert r.status_code == 404
    assert await row_count(sessions, JobRow) == 0


async def test_best_run_of_a_registry_base_uses_the_pinned_version(client, sessions, app):
    await create_model(client, "arith")
    source = await succeeded_run(client, sessions, app)
    r = await client.post("/api/models/arith/versions", json={"run_id": source})
    assert r.status_code == 201, r.text
    job = await create(client, base_model="registry://arith@1")
    await three_trials(sessions, job["id"])
    best = (await client.get(f"/api/tuning/jobs/{job['id']}/best")).json()
    assert best["config"]["model"] == "registry://arith@1"
    run = (await client.post(f"/api/tuning/jobs/{job['id']}/best/run")).json()
    async with sessions() as s:
        spec = (await s.get(JobRow, run["run_id"])).spec
    assert spec["model_version"]["pinned"] == "registry://arith@1"


async def test_promoting_the_best_trial_registers_its_run(client, sessions, app):
    job = await create(client)
    run_id = await succeeded_run(client, sessions, app)
    await record(sessions, job["id"], "a", params={"learning_rate": 0.001}, final_metric=0.4)
    await record(sessions, job["id"], "a", status="succeeded", run_id=run_id)
    await record(sessions, job["id"], "b", params={"learning_rate": 0.01}, final_metric=0.8)
    r = await client.post(
        f"/api/tuning/jobs/{job['id']}/best/promote", json={"model_name": "arith-tuned"}
    )
    assert r.status_code == 201, r.text
    version = r.json()
    assert version["model_name"] == "arith-tuned" and version["version"] == 1
    assert version["source_run_id"] == run_id
    assert version["label"] == "tuning lr-sweep: trial a"
    model = (await client.get("/api/models/arith-tuned")).json()
    assert model["version_count"] == 1 and "tuning" in model["tags"]
    # Into an existing model, with a label.
    again = await client.post(
        f"/api/tuning/jobs/{job['id']}/best/promote",
        json={"model_name": "arith-tuned", "label": "best lr"},
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    assert again.json()["label"] == "best lr"


async def test_promoting_into_an_existing_model(client, sessions, app):
    await create_model(client, "arith")
    job = await create(client)
    run_id = await succeeded_run(client, sessions, app)
    await record(sessions, job["id"], "a", run_id=run_id, final_metric=0.4)
    r = await client.post(
        f"/api/tuning/jobs/{job['id']}/best/promote", json={"model_name": "arith"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["model_name"] == "arith"


async def test_a_best_trial_without_a_finished_run_is_not_promoted(client, sessions, app):
    job = await create(client)
    await record(sessions, job["id"], "a", final_metric=0.4)
    body = {"model_name": "arith-tuned"}
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/promote", json=body)
    assert r.status_code == 422 and "has no training run" in r.json()["detail"]
    run_id = await succeeded_run(client, sessions, app)
    async with sessions() as s:
        await s.execute(update(JobRow).where(JobRow.id == run_id).values(status="failed"))
        await s.commit()
    await record(sessions, job["id"], "a", run_id=run_id)
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/promote", json=body)
    assert r.status_code == 422 and "only a succeeded training run" in r.json()["detail"]
    assert await row_count(sessions, RegisteredModelRow) == 0
    assert await row_count(sessions, ModelVersionRow) == 0


async def test_a_bad_model_name_is_refused(client, sessions):
    job = await create(client)
    body = {"model_name": "Not A Name"}
    r = await client.post(f"/api/tuning/jobs/{job['id']}/best/promote", json=body)
    assert r.status_code == 422
