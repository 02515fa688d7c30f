"""Gates stored on a model: every move of a gated alias must pass its baseline, whoever asks."""

from tests.factories import row_count
from tests.registry.helpers import move
from tests.registry.test_gated_aliases import _setup
from tunix_rt.registry.models import ModelAliasEventRow, RegisteredModelRow


async def _gate(client, **gates: str):
    return await client.patch("/api/models/arith", json={"alias_gates": gates})


async def test_a_gated_alias_refuses_a_failing_version_without_being_asked(client, sessions, app):
    await _setup(client, sessions, app)
    r = await _gate(client, production="bar")
    assert r.status_code == 200, r.text
    assert r.json()["alias_gates"] == {"production": "bar"}

    refused = await move(client, "arith", "production", version=2)
    passed = await move(client, "arith", "production", version=1)
    ungated = await move(client, "arith", "staging", version=2)

    assert refused.status_code == 409, refused.text
    assert "fails regression baseline 'bar'" in refused.json()["detail"]
    assert refused.json()["check"]["verdict"] == "fail"
    assert passed.status_code == 200 and passed.json()["event"]["check"]["verdict"] == "pass"
    assert ungated.status_code == 200 and ungated.json()["event"]["check"] is None
    aliases = (await client.get("/api/models/arith/aliases")).json()
    assert [(a["alias"], a["version"]) for a in aliases] == [("production", 1), ("staging", 2)]


async def test_forcing_past_a_gate_is_recorded(client, sessions, app):
    await _setup(client, sessions, app)
    await _gate(client, production="bar")
    r = await move(client, "arith", "production", version=2, force=True, reason="rollback")
    assert r.status_code == 200, r.text
    event = r.json()["event"]
    assert event["forced"] is True and event["check"]["baseline_name"] == "bar"
    assert event["reason"] == "rollback"


async def test_a_request_cannot_swap_the_gates_baseline(client, sessions, app):
    await _setup(client, sessions, app)
    await _gate(client, production="bar")
    r = await move(client, "arith", "production", version=2, require_baseline="other")
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == (
        "require_baseline: alias 'production' of 'arith' is gated by baseline 'bar'; "
        "give that one or none"
    )
    same = await move(client, "arith", "production", version=1, require_baseline="bar")
    assert same.status_code == 200, same.text
    assert await row_count(sessions, ModelAliasEventRow) == 1


async def test_a_gate_needs_an_existing_baseline_and_a_valid_alias(client, sessions, app):
    await _setup(client, sessions, app)
    missing = await _gate(client, production="nope")
    bad_alias = await _gate(client, **{"Prod uction": "bar"})
    at_creation = await client.post(
        "/api/models", json={"name": "other", "alias_gates": {"production": "nope"}}
    )

    assert missing.status_code == 422
    assert missing.json()["detail"] == "alias_gates.production: no regression baseline named 'nope'"
    assert bad_alias.status_code == 422 and "alias 'Prod uction' must be" in bad_alias.text
    assert at_creation.status_code == 422 and "alias_gates.production" in at_creation.text
    async with sessions() as s:
        arith = await s.get(
            RegisteredModelRow, (await client.get("/api/models/arith")).json()["id"]
        )
        assert arith.alias_gates == {}
    assert (await client.get("/api/models/other")).status_code == 404


async def test_a_gate_is_set_at_creation_and_removed_with_an_empty_map(client, sessions, app):
    await _setup(client, sessions, app)
    r = await client.post("/api/models", json={"name": "gated", "alias_gates": {"prod": "bar"}})
    assert r.status_code == 201, r.text
    assert r.json()["alias_gates"] == {"prod": "bar"}
    r = await client.patch("/api/models/gated", json={"alias_gates": {}})
    assert r.status_code == 200 and r.json()["alias_gates"] == {}


async def test_a_baseline_that_gates_an_alias_cannot_be_deleted(client, sessions, app):
    await _setup(client, sessions, app)
    await _gate(client, production="bar")
    r = await client.delete("/api/regression/baselines/bar")
    assert r.status_code == 409, r.text
    assert "baseline 'bar' gates arith#production" in r.json()["detail"]
    assert (await client.get("/api/regression/baselines/bar")).status_code == 200
    await _gate(client)
    assert (await client.delete("/api/regression/baselines/bar")).status_code == 204
