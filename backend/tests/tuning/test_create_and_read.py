"""Creating a search stores it resolved (status `created`); it can be read and listed."""

from sqlalchemy import update

from tests.registry.helpers import create_model, promote, succeeded_run
from tests.tuning.helpers import create, record, search
from tunix_rt.jobs.models import JobRow
from tunix_rt.tuning.space import TUNABLE, trial_config


async def test_a_new_search_is_stored_resolved_and_not_started(client):
    job = await create(client)
    assert job["status"] == "created" and job["job_id"] is None
    assert job["name"] == "lr-sweep" and job["dataset_key"] == "ds-v1"
    assert job["base_model"] == "tiny" and job["model_version"] is None
    assert job["objective"] == {
        "kind": "loss",
        "metric": "eval_loss",
        "direction": "min",
        "judge": None,
        "judge_version": None,
        "judge_params": {},
        "generation": None,
        "eval_limit": None,
    }
    assert job["search_space"]["batch_size"] == {"type": "choice", "values": [8, 16]}
    assert job["search_space"]["learning_rate"]["type"] == "loguniform"
    assert job["trials"] == [] and job["best_trial_id"] is None and job["trial_counts"] == {}
    assert (job["num_samples"], job["max_concurrent_trials"], job["trial_max_steps"]) == (4, 1, 40)
    assert job["search_alg"] == "random" and job["seed"] == 0
    assert job["scheduler"] == {"type": "fifo", "grace_period": 1, "reduction_factor": 4.0}


async def test_the_fixed_config_is_the_training_config_without_searched_keys(client):
    job = await create(client)
    fixed = job["fixed_config"]
    assert fixed["warmup_ratio"] == 0.1 and fixed["eval_every_n_steps"] == 10
    assert fixed["template"] == "chatml" and fixed["weight_decay"] == 0.0  # defaults filled
    for absent in ("learning_rate", "batch_size", "model", "max_steps"):
        assert absent not in fixed


async def test_a_trial_evaluates_four_times_unless_told_otherwise(client):
    job = await create(client, fixed_config={}, trial_max_steps=200)
    assert job["fixed_config"]["eval_every_n_steps"] == 50


async def test_tuning_lora_keeps_the_other_lora_fields_fixed(client):
    space = {"lora.rank": {"type": "choice", "values": [4, 16]}}
    job = await create(client, search_space=space, fixed_config={"lora": {"alpha": 32}})
    assert job["fixed_config"]["lora"]["alpha"] == 32.0
    assert "rank" not in job["fixed_config"]["lora"]
    assert job["fixed_config"]["lora"]["target_modules"]


async def test_a_judge_objective_has_its_version_params_and_generation(client):
    objective = {"judge": "answer_correctness", "metric": "pass_rate", "eval_limit": 50}
    job = await create(client, objective=objective)
    resolved = job["objective"]
    assert resolved["kind"] == "judge" and resolved["direction"] == "max"
    assert resolved["judge"] == "answer_correctness" and resolved["judge_version"]
    assert resolved["judge_params"]["rel_tol"] > 0  # defaults filled
    assert resolved["generation"] == {"max_new_tokens": 160, "batch_size": 32}
    assert resolved["eval_limit"] == 50


async def test_every_distribution_and_tpe_with_asha_are_accepted(client):
    space = {
        "learning_rate": {"type": "loguniform", "min": 1e-4, "max": 1e-2},
        "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.2},
        "weight_decay": {"type": "quniform", "min": 0.0, "max": 0.1, "q": 0.01},
        "gradient_accumulation_steps": {"type": "quniform", "min": 1, "max": 4, "q": 1},
        "seed": {"type": "randint", "min": 0, "max": 1000},
        "schedule": {"type": "choice", "values": ["cosine", "linear", "constant"]},
        "max_grad_norm": {"type": "choice", "values": [None, 1.0]},
    }
    job = await create(
        client,
        search_space=space,
        fixed_config={"eval_every_n_steps": 10},
        search_alg="tpe",
        scheduler={"type": "asha", "grace_period": 2, "reduction_factor": 2},
        max_concurrent_trials=2,
        seed=7,
    )
    assert set(job["search_space"]) == set(space)
    # An integer hyperparameter's quniform stays in whole numbers.
    assert job["search_space"]["gradient_accumulation_steps"] == {
        "type": "quniform",
        "min": 1,
        "max": 4,
        "q": 1,
    }
    assert job["search_alg"] == "tpe" and job["seed"] == 7
    assert job["scheduler"] == {"type": "asha", "grace_period": 2, "reduction_factor": 2.0}


async def test_a_search_may_replace_a_default_the_fixed_config_conflicts_with(client):
    # The default batch_size 32 does not divide by fsdp 3; every searched value does.
    space = {"batch_size": {"type": "choice", "values": [12, 24]}}
    job = await create(client, search_space=space, fixed_config={"mesh": {"fsdp": 3}})
    assert job["fixed_config"]["mesh"]["fsdp"] == 3
    r = await client.post(
        "/api/tuning/jobs",
        json=search(
            search_space={"batch_size": {"type": "choice", "values": [12, 16]}},
            fixed_config={"mesh": {"fsdp": 3}},
        ),
    )
    assert r.status_code == 422 and "search_space.batch_size: value 16" in r.json()["detail"]


async def test_a_registry_base_model_is_pinned_to_its_version_directory(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    version = await promote(client, "arith", run_id)
    r = await client.put("/api/models/arith/aliases/production", json={"version": 1})
    assert r.status_code == 200, r.text
    job = await create(client, base_model="registry://arith#production")
    assert job["base_model"] == "registry://arith#production"
    pinned = job["model_version"]
    assert pinned["pinned"] == "registry://arith@1" and pinned["version_id"] == version["id"]
    assert pinned["path"] == version["path"]


async def test_a_search_is_read_with_its_trials(client, sessions):
    job = await create(client)
    await record(sessions, job["id"], "t1", params={"learning_rate": 0.001}, status="running")
    await record(sessions, job["id"], "t1", intermediate_point=(10, 2.5))
    r = await client.get(f"/api/tuning/jobs/{job['id']}")
    assert r.status_code == 200
    got = r.json()
    assert got["trial_counts"] == {"running": 1}
    (trial,) = got["trials"]
    assert trial["trial_key"] == "t1" and trial["params"] == {"learning_rate": 0.001}
    assert trial["intermediate"] == [{"step": 10, "value": 2.5}]
    assert trial["final_metric"] is None and trial["run_id"] is None
    assert (await client.get("/api/tuning/jobs/nope")).status_code == 404
    assert "tuning job nope not found" in (await client.get("/api/tuning/jobs/nope")).text


async def test_searches_are_listed_newest_first_and_filtered_by_status(client, sessions):
    first = await create(client, name="first")
    second = await create(client, name="second")
    await record(sessions, first["id"], "a", status="succeeded", final_metric=1.0)
    await record(sessions, first["id"], "b", status="failed")
    r = await client.get("/api/tuning/jobs", params={"limit": 1})
    page = r.json()
    assert [j["id"] for j in page["data"]] == [second["id"]]
    assert page["pagination"]["next_offset"] == 1
    assert "trials" not in page["data"][0]
    listed = {j["name"]: j for j in (await client.get("/api/tuning/jobs")).json()["data"]}
    assert listed["first"]["trial_counts"] == {"succeeded": 1, "failed": 1}
    await client.post(f"/api/tuning/jobs/{first['id']}/start")
    created = (await client.get("/api/tuning/jobs?status=created")).json()["data"]
    queued = (await client.get("/api/tuning/jobs?status=queued")).json()["data"]
    assert [j["id"] for j in created] == [second["id"]]
    assert [j["id"] for j in queued] == [first["id"]]
    async with sessions() as s:
        await s.execute(update(JobRow).values(status="running"))
        await s.commit()
    running = (await client.get("/api/tuning/jobs?status=running")).json()["data"]
    assert [j["status"] for j in running] == ["running"]
    assert (await client.get("/api/tuning/jobs?status=bogus")).status_code == 422


def test_every_tunable_name_is_a_training_config_field():
    from tunix_rt.tunix_runs.schemas import LoraConfig, TrainConfig

    for name in TUNABLE:
        head, _, rest = name.partition(".")
        assert head in TrainConfig.model_fields, name
        if rest:
            assert rest in LoraConfig.model_fields, name


def test_a_trials_config_sets_dotted_params_in_nested_keys():
    fixed = {"learning_rate": 0.003, "lora": {"alpha": 16.0}}
    config = trial_config(fixed, {"lora.rank": 4, "batch_size": 8}, "tiny", 40)
    assert config == {
        "learning_rate": 0.003,
        "lora": {"alpha": 16.0, "rank": 4},
        "batch_size": 8,
        "model": "tiny",
        "max_steps": 40,
    }
    assert fixed == {"learning_rate": 0.003, "lora": {"alpha": 16.0}}  # not changed
