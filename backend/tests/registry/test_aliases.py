from tests.factories import row_count
from tests.registry.helpers import create_model, move, promote, succeeded_run
from tunix_rt.registry.models import ModelAliasEventRow


async def _model_with_versions(client, sessions, app, n: int = 2) -> None:
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    for _ in range(n):
        await promote(client, "arith", run_id)


async def test_an_alias_moves_between_versions_and_its_history_is_kept(client, sessions, app):
    await _model_with_versions(client, sessions, app)
    first = await move(client, "arith", "production", version=1, reason="first release")
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert first.json()["event"]["from_version"] is None
    second = await move(client, "arith", "production", version=2)
    assert second.json()["event"]["from_version"] == 1
    assert second.json()["event"]["to_version"] == 2
    await move(client, "arith", "staging", version=1)
    current = (await client.get("/api/models/arith/aliases")).json()
    assert [(a["alias"], a["version"]) for a in current] == [("production", 2), ("staging", 1)]
    assert (await client.get("/api/models/arith")).json()["aliases"] == {
        "production": 2,
        "staging": 1,
    }
    history = (await client.get("/api/models/arith/aliases/history")).json()["data"]
    assert [(e["alias"], e["from_version"], e["to_version"]) for e in history] == [
        ("staging", None, 1),
        ("production", 1, 2),
        ("production", None, 1),
    ]
    assert history[2]["reason"] == "first release"
    assert not any(e["forced"] for e in history)
    only = (await client.get("/api/models/arith/aliases/history?alias=staging")).json()["data"]
    assert [e["alias"] for e in only] == ["staging"]


async def test_alias_files_follow_each_move_for_the_training_cli(client, sessions, app):
    await _model_with_versions(client, sessions, app)
    alias_file = app.state.settings.registry_dir / "models" / "arith" / "aliases" / "production"
    await move(client, "arith", "production", version=1)
    assert alias_file.read_text().strip() == "1"
    await move(client, "arith", "production", version=2)
    assert alias_file.read_text().strip() == "2"
    r = await client.delete("/api/models/arith/aliases/production")
    assert r.status_code == 200 and r.json()["to_version"] is None
    assert not alias_file.exists()
    assert (await client.get("/api/models/arith/aliases")).json() == []


async def test_an_alias_cannot_point_at_a_missing_version_or_have_a_bad_name(client, sessions, app):
    await _model_with_versions(client, sessions, app, n=1)
    r = await move(client, "arith", "production", version=5)
    assert r.status_code == 404 and "has no version 5" in r.json()["detail"]
    for alias in ["Prod", "1st", "history"]:
        r = await move(client, "arith", alias, version=1)
        assert r.status_code == 422, (alias, r.text)
    r = await move(client, "arith", "production", version=0)
    assert r.status_code == 422
    r = await client.put("/api/models/arith/aliases/production", json={"version": 1, "x": 1})
    assert r.status_code == 422
    assert await row_count(sessions, ModelAliasEventRow) == 0
    assert (await client.delete("/api/models/arith/aliases/production")).status_code == 404


async def test_a_version_is_deletable_once_its_alias_has_moved_away(client, sessions, app):
    await _model_with_versions(client, sessions, app)
    await move(client, "arith", "production", version=1)
    assert (await client.delete("/api/models/arith/versions/1")).status_code == 409
    await move(client, "arith", "production", version=2)
    assert (await client.delete("/api/models/arith/versions/1")).status_code == 204
    versions = (await client.get("/api/models/arith/versions")).json()["data"]
    assert [v["version"] for v in versions] == [2]
