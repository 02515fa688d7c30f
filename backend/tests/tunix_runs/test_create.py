"""Creating runs: the typed native body, the compat flat body, and the 422s that queue nothing."""

import uuid
from pathlib import Path

import pytest

from tests.tunix_runs.helpers import create_run, dataset, job, jobs


async def test_create_queues_a_train_job_with_resolved_config(client, sessions):
    ds = await dataset(client)
    run = await create_run(client, config={"learning_rate": 0.01, "batch_size": 4})
    assert str(uuid.UUID(run["run_id"])) == run["run_id"]
    assert run["status"] == "queued"
    assert run["dataset_key"] == "ds-v1"
    assert run["dataset_hash"] == ds["content_hash"]
    assert run["model_id"] == "tiny"
    assert run["dry_run"] is False
    assert (run["attempt"], run["max_attempts"], run["priority"]) == (0, 3, 0)
    assert run["started_at"] is None and run["finished_at"] is None
    cfg = run["config"]
    assert (cfg["learning_rate"], cfg["batch_size"]) == (0.01, 4)
    # defaults are resolved: neither num_epochs nor max_steps given -> one epoch
    assert cfg["num_epochs"] == 1.0 and cfg["max_steps"] is None
    assert cfg["model"] == "tiny" and cfg["template"] == "chatml"
    assert cfg["mesh"] == {"fsdp": 1, "tp": 1}
    assert cfg["lora"] is None and cfg["device"] == "auto"

    rows = await jobs(sessions)
    assert [(r.id, r.kind, r.status) for r in rows] == [(run["run_id"], "train", "queued")]
    spec = rows[0].spec
    assert spec["dataset_hash"] == ds["content_hash"]
    assert spec["config"] == cfg


async def test_max_steps_and_options_are_stored(client):
    await dataset(client)
    run = await create_run(
        client,
        config={"max_steps": 5, "lora": {"rank": 4}},
        priority=5,
        timeout_s=60,
        max_attempts=1,
        dry_run=True,
    )
    assert run["config"]["max_steps"] == 5 and run["config"]["num_epochs"] == 1.0
    assert run["config"]["lora"]["rank"] == 4 and run["config"]["lora"]["alpha"] == 16.0
    assert (run["priority"], run["timeout_s"], run["max_attempts"]) == (5, 60.0, 1)
    assert run["dry_run"] is True


async def test_local_checkpoint_dir_is_accepted(client, tmp_path):
    await dataset(client)
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "model.safetensors").write_bytes(b"\0")
    run = await create_run(client, config={"model": str(tmp_path)})
    assert run["model_id"] == str(tmp_path)


async def _rejected(client, sessions, body, *needles):
    r = await client.post("/api/tunix/runs", json=body)
    assert r.status_code == 422, r.text
    text = r.text
    for needle in needles:
        assert needle in text, (needle, text)
    assert await jobs(sessions) == []
    return r.json()


async def test_unknown_dataset_is_422(client, sessions):
    await dataset(client)
    body = await _rejected(client, sessions, {"dataset_key": "nope-v9"}, "nope-v9", "not exist")
    assert "nope-v9" in body["detail"]


async def test_dataset_without_train_items_is_422(client, sessions):
    # one trace with eval_fraction 0.9 rounds to a single eval item and no train item
    ds = await dataset(client, n=1, eval_fraction=0.9)
    assert ds["splits"] == {"train": 0, "eval": 1}
    await _rejected(client, sessions, {"dataset_key": "ds-v1"}, "no train items")


async def test_unknown_config_key_is_422_naming_it(client, sessions):
    await dataset(client)
    body = await _rejected(
        client, sessions, {"dataset_key": "ds-v1", "config": {"learnig_rate": 0.1}}, "learnig_rate"
    )
    assert any(e["field"] == "config.learnig_rate" for e in body["detail"])


async def test_a_negative_or_too_large_seed_is_422_naming_it(client, sessions):
    await dataset(client)
    for seed in (-1, 2**32):
        body = await _rejected(
            client, sessions, {"dataset_key": "ds-v1", "config": {"seed": seed}}, "config.seed"
        )
        assert [e["field"] for e in body["detail"]] == ["config.seed"]


async def test_unknown_top_level_key_is_422(client, sessions):
    await dataset(client)
    await _rejected(client, sessions, {"dataset_key": "ds-v1", "epochs": 3}, "epochs")


async def test_unknown_lora_key_is_422(client, sessions):
    await dataset(client)
    await _rejected(
        client, sessions, {"dataset_key": "ds-v1", "config": {"lora": {"rnk": 2}}}, "lora.rnk"
    )


async def test_bad_template_is_422(client, sessions):
    await dataset(client)
    await _rejected(
        client,
        sessions,
        {"dataset_key": "ds-v1", "config": {"template": "klingon"}},
        "template must be one of",
        "chatml",
    )


@pytest.mark.parametrize("lr", [-0.1, 0, 11])
async def test_out_of_range_learning_rate_is_422(client, sessions, lr):
    await dataset(client)
    body = await _rejected(
        client, sessions, {"dataset_key": "ds-v1", "config": {"learning_rate": lr}}
    )
    assert [e["field"] for e in body["detail"]] == ["config.learning_rate"]


async def test_model_neither_preset_nor_absolute_is_422(client, sessions):
    await dataset(client)
    await _rejected(
        client,
        sessions,
        {"dataset_key": "ds-v1", "config": {"model": "gpt-7"}},
        "gpt-7",
        "neither a preset",
        "tiny",
    )


async def test_model_dir_without_config_json_is_422(client, sessions, tmp_path):
    await dataset(client)
    (tmp_path / "model.safetensors").write_bytes(b"\0")
    await _rejected(
        client,
        sessions,
        {"dataset_key": "ds-v1", "config": {"model": str(tmp_path)}},
        "config.json",
    )


async def test_model_dir_without_weights_is_422(client, sessions, tmp_path):
    await dataset(client)
    (tmp_path / "config.json").write_text("{}")
    await _rejected(
        client,
        sessions,
        {"dataset_key": "ds-v1", "config": {"model": str(tmp_path)}},
        "safetensors",
    )


async def test_missing_model_dir_is_422(client, sessions, tmp_path):
    await dataset(client)
    missing = str(Path(tmp_path) / "absent")
    await _rejected(
        client, sessions, {"dataset_key": "ds-v1", "config": {"model": missing}}, "config.json"
    )


async def test_unknown_device_is_422(client, sessions):
    await dataset(client)
    body = await _rejected(
        client, sessions, {"dataset_key": "ds-v1", "config": {"device": "quantum"}}, "device"
    )
    assert [e["field"] for e in body["detail"]] == ["config.device"]


async def test_compat_flat_body_creates_a_run(client, sessions):
    ds = await dataset(client)
    r = await client.post(
        "/api/tunix/run",
        params={"mode": "async"},
        json={
            "dataset_key": "ds-v1",
            "model_id": "tiny",
            "learning_rate": 0.002,
            "num_epochs": 2,
            "batch_size": 8,
            "max_seq_length": 64,
            "dry_run": True,
        },
    )
    assert r.status_code == 201, r.text
    run = r.json()
    assert run["status"] == "queued" and run["run_id"]
    assert run["dry_run"] is True
    assert run["dataset_hash"] == ds["content_hash"]
    cfg = run["config"]
    assert (cfg["learning_rate"], cfg["num_epochs"], cfg["batch_size"], cfg["max_seq_length"]) == (
        0.002,
        2.0,
        8,
        64,
    )
    row = await job(sessions, run["run_id"])
    assert row.kind == "train" and row.spec["dry_run"] is True
    got = (await client.get(f"/api/tunix/runs/{run['run_id']}")).json()
    assert got["dry_run"] is True


async def test_compat_validates_like_native(client, sessions):
    await dataset(client)
    r = await client.post("/api/tunix/run", json={"dataset_key": "ds-v1", "model_id": "gpt-7"})
    assert r.status_code == 422 and "gpt-7" in r.json()["detail"]
    r = await client.post("/api/tunix/run?mode=sync", json={"dataset_key": "ds-v1"})
    assert r.status_code == 422
    assert await jobs(sessions) == []


@pytest.mark.parametrize(
    ("field", "value"), [("learning_rate", 50), ("batch_size", 5000), ("max_seq_length", 200_000)]
)
async def test_compat_beyond_native_bounds_is_422_not_500(client, sessions, field, value):
    await dataset(client)
    r = await client.post("/api/tunix/run", json={"dataset_key": "ds-v1", field: value})
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["detail"]] == [field]
    assert await jobs(sessions) == []
