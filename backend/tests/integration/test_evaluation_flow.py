"""The whole loop through REST with real training, generation and judges:
train tiny (auto-evaluated) → baseline → promote to production → train a worse model →
evaluate → regression check fails → promotion refused (409) → forced move recorded;
and a registry version evaluated through `registry://` gives the run's own outputs."""

from tests.integration.test_training_jobs import arithmetic_dataset, finished, real_workers  # noqa: F401
from tests.jobs.conftest import wait_for

JUDGES = [{"name": "trace_format"}, {"name": "answer_correctness"}]
GENERATION = {"max_new_tokens": 48, "batch_size": 16}
GOOD = {
    "model": "tiny",
    "max_steps": 80,
    "batch_size": 16,
    "max_seq_length": 96,
    "learning_rate": 0.003,
    "checkpoint_every_n_steps": 80,
    "eval_every_n_steps": 80,
    "seed": 3,
}
# One tiny step: the model still emits noise, so its outputs have no steps and no answer.
WORSE = {**GOOD, "max_steps": 1, "learning_rate": 0.00001}


async def train(client, sessions, key, config, **extra):
    r = await client.post("/api/tunix/runs", json={"dataset_key": key, "config": config, **extra})
    assert r.status_code == 201, r.text
    row = await wait_for(finished(sessions, r.json()["run_id"]), within=400, every=0.5)
    assert row.status == "succeeded", row.error
    return row.id


async def evaluation_done(client, evaluation_id):
    async def check():
        body = (await client.get(f"/api/evaluations/{evaluation_id}")).json()
        return body if body["status"] in ("succeeded", "failed", "cancelled") else None

    body = await wait_for(check, within=400, every=0.5)
    assert body["status"] == "succeeded", body["error"]
    return body


def mean(evaluation, judge):
    return next(s for s in evaluation["scores"] if s["judge"] == judge)["mean"]


async def test_train_evaluate_gate_and_promote(real_workers, client, sessions):  # noqa: F811
    key = await arithmetic_dataset(client)
    real_workers.start()
    auto = {"judges": JUDGES, "generation": GENERATION}
    good_run = await train(client, sessions, key, GOOD, auto_evaluate=auto)

    # auto_evaluate queued an evaluation of the eval split when training succeeded.
    async def auto_evaluation():
        found = (await client.get("/api/evaluations", params={"run_id": good_run})).json()
        return found["data"][0] if found["data"] else None

    queued = await wait_for(auto_evaluation, within=30, every=0.5)
    good = await evaluation_done(client, queued["evaluation_id"])
    assert good["split"] == "eval" and good["item_count"] > 0
    assert mean(good, "trace_format") >= 0.5, good["scores"]
    assert good["result"]["generation"]["items_per_s"] > 0
    items = (await client.get(f"/api/evaluations/{good['evaluation_id']}/items?limit=100")).json()
    assert len(items["data"]) == good["item_count"]
    assert all({"trace_format", "answer_correctness"} == set(i["scores"]) for i in items["data"])

    r = await client.post(
        "/api/regression/baselines",
        json={
            "name": "arith-format",
            "evaluation_id": good["evaluation_id"],
            "judge": "trace_format",
            "tolerance": 0.1,
        },
    )
    assert r.status_code == 201, r.text
    assert (await client.post("/api/models", json={"name": "arith"})).status_code == 201
    v1 = await client.post("/api/models/arith/versions", json={"run_id": good_run})
    assert v1.status_code == 201, v1.text
    moved = await client.put(
        "/api/models/arith/aliases/production",
        json={"version": 1, "require_baseline": "arith-format"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["event"]["check"]["verdict"] == "pass"

    # The registry version evaluates to the very outputs of its source run (same bytes).
    r = await client.post(
        "/api/evaluations",
        json={
            "model": "registry://arith#production",
            "dataset_key": key,
            "judges": JUDGES,
            "generation": GENERATION,
            "limit": 4,
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["model_name"] == "arith@1"
    from_registry = await evaluation_done(client, r.json()["evaluation_id"])
    registry_items = (
        await client.get(f"/api/evaluations/{from_registry['evaluation_id']}/items")
    ).json()["data"]
    assert [i["output"] for i in registry_items] == [i["output"] for i in items["data"][:4]]

    worse_run = await train(client, sessions, key, WORSE)
    r = await client.post(
        "/api/evaluations",
        json={"run_id": worse_run, "dataset_key": key, "judges": JUDGES, "generation": GENERATION},
    )
    assert r.status_code == 201, r.text
    worse = await evaluation_done(client, r.json()["evaluation_id"])
    assert mean(worse, "trace_format") < mean(good, "trace_format") - 0.1

    check = await client.post(
        "/api/regression/check",
        json={"baseline_name": "arith-format", "evaluation_id": worse["evaluation_id"]},
    )
    assert check.status_code == 200, check.text
    assert check.json()["verdict"] == "fail" and check.json()["delta"] < -0.1

    compared = await client.post(
        "/api/evaluations/compare",
        json={"a": good["evaluation_id"], "b": worse["evaluation_id"], "judge": "trace_format"},
    )
    assert compared.status_code == 200, compared.text
    assert compared.json()["losses"] > compared.json()["wins"]

    v2 = await client.post("/api/models/arith/versions", json={"run_id": worse_run})
    assert v2.status_code == 201, v2.text
    refused = await client.put(
        "/api/models/arith/aliases/production",
        json={"version": 2, "require_baseline": "arith-format"},
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["check"]["verdict"] == "fail"
    aliases = (await client.get("/api/models/arith")).json()["aliases"]
    assert aliases["production"] == 1
    forced = await client.put(
        "/api/models/arith/aliases/production",
        json={"version": 2, "require_baseline": "arith-format", "force": True, "reason": "test"},
    )
    assert forced.status_code == 200, forced.text
    history = (await client.get("/api/models/arith/aliases/history")).json()
    events = history["data"] if isinstance(history, dict) else history
    assert any(e["forced"] and e["to_version"] == 2 for e in events)

    board = (
        await client.get("/api/leaderboard", params={"dataset_key": key, "judge": "trace_format"})
    ).json()
    rows = board["data"] if isinstance(board, dict) else board
    names = [row["model_name"] for row in rows]
    assert names.index(f"run:{good_run}") < names.index(f"run:{worse_run}")
