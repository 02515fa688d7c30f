"""Training runs whose base model is a registry ref: validated and pinned at creation."""

from tests.registry.helpers import create_model, move, promote, succeeded_run
from tests.tunix_runs.helpers import job


async def test_a_run_on_a_registry_alias_is_pinned_to_the_version_it_names(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    v1 = await promote(client, "arith", run_id)
    await promote(client, "arith", run_id)
    await move(client, "arith", "production", version=1)
    r = await client.post(
        "/api/tunix/runs",
        json={"dataset_key": "ds-v1", "config": {"model": "registry://arith#production"}},
    )
    assert r.status_code == 201, r.text
    run = r.json()
    assert run["model_id"] == "registry://arith#production"
    assert run["config"]["model"] == v1["path"]  # what the training child loads
    spec = (await job(sessions, run["run_id"])).spec
    assert spec["model_version"]["pinned"] == "registry://arith@1"
    assert spec["model_version"]["version_id"] == v1["id"]
    assert spec["model_version"]["content_hash"] == v1["content_hash"]


async def test_a_run_on_an_unknown_registry_ref_is_a_422(client, sessions, app):
    await create_model(client, "arith")
    await promote(client, "arith", await succeeded_run(client, sessions, app))
    for model, message in [
        ("registry://arith@4", "has no version 4"),
        ("registry://arith#production", "has no alias 'production'"),
        ("registry://nope@1", "no model named 'nope'"),
        ("registry://arith", "names no version or alias"),
    ]:
        r = await client.post(
            "/api/tunix/runs", json={"dataset_key": "ds-v1", "config": {"model": model}}
        )
        assert r.status_code == 422, (model, r.text)
        assert message in r.json()["detail"]
