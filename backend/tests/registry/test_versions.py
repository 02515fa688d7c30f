import hashlib

import pytest
from sqlalchemy import update

from tests.factories import row_count
from tests.registry.helpers import blobs, create_model, move, promote, succeeded_run
from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.jobs.models import JobRow
from tunix_rt.registry import service, storage
from tunix_rt.registry.models import ModelVersionRow


async def test_promoting_a_succeeded_run_stores_its_export_as_version_1(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    version = await promote(client, "arith", run_id, label="first")
    assert version["version"] == 1 and version["label"] == "first"
    assert version["ref"] == "registry://arith@1" and version["source_run_id"] == run_id
    export = app.state.settings.runs_dir / run_id / "export"
    expected = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(export.iterdir())
    }
    assert {f["path"]: f["sha256"] for f in version["files"]} == expected
    assert version["size_bytes"] == sum(p.stat().st_size for p in export.iterdir())
    manifest = "".join(f"{expected[p]}  {p}\n" for p in sorted(expected))
    assert version["content_hash"] == hashlib.sha256(manifest.encode()).hexdigest()
    directory = app.state.settings.registry_dir.resolve() / "models" / "arith" / "1"
    assert version["path"] == str(directory)
    for name, sha in expected.items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == sha
    model = (await client.get("/api/models/arith")).json()
    assert model["version_count"] == 1 and model["latest_version"] == 1


async def test_a_version_records_its_lineage(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    lineage = (await promote(client, "arith", run_id))["lineage"]
    ds = (await client.get("/api/datasets/ds-v1")).json()
    assert lineage["source_run"]["id"] == run_id and lineage["source_run"]["step"] == 24
    assert lineage["dataset"]["key"] == "ds-v1" and lineage["dataset"]["hash"] == ds["content_hash"]
    assert lineage["config"]["learning_rate"] == 0.003
    assert lineage["base_model"] == "tiny"
    assert lineage["code_version"]["tunix_rt"]
    assert lineage["code_version"]["packages"]["tunix-rt-training"] == "0.1.0"
    assert lineage["evaluations"] == []


async def test_promoting_the_same_bytes_twice_stores_them_once(client, sessions, app):
    await create_model(client, "arith")
    await create_model(client, "other")
    run_id = await succeeded_run(client, sessions, app, seed=11)
    first = await promote(client, "arith", run_id)
    count, size = blobs(app)
    assert count == 4 and size == first["size_bytes"]
    second = await promote(client, "arith", run_id)
    third = await promote(client, "other", run_id)
    assert (second["version"], third["version"]) == (2, 1)
    assert first["content_hash"] == second["content_hash"] == third["content_hash"]
    assert blobs(app) == (count, size)
    assert await row_count(sessions, ModelVersionRow) == 3
    # Each version's directory holds hardlinks to the one stored copy.
    one = app.state.settings.registry_dir / "models" / "arith" / "1" / "model.safetensors"
    two = app.state.settings.registry_dir / "models" / "arith" / "2" / "model.safetensors"
    assert one.stat().st_ino == two.stat().st_ino


async def test_a_different_export_adds_only_the_files_that_changed(client, sessions, app):
    await create_model(client, "arith")
    await promote(client, "arith", await succeeded_run(client, sessions, app, seed=21))
    count, _ = blobs(app)
    await promote(client, "arith", await succeeded_run(client, sessions, app, seed=22))
    # config.json and model.safetensors differ; tokenizer.json and tunix_rt.json are shared.
    assert blobs(app)[0] == count + 2


async def test_only_succeeded_runs_with_an_export_can_be_promoted(client, sessions, app):
    await create_model(client, "arith")
    await dataset(client)
    queued = (await create_run(client))["run_id"]
    dry = (await create_run(client, dry_run=True))["run_id"]
    no_export = (await create_run(client))["run_id"]
    async with sessions() as s:
        await s.execute(
            update(JobRow).where(JobRow.id.in_([dry, no_export])).values(status="succeeded")
        )
        await s.commit()
    cases = [
        (queued, 422, f"run {queued} is queued; only a succeeded training run"),
        (dry, 422, f"run {dry} is a dry run"),
        (no_export, 422, "has no exported model"),
        ("nope", 404, "run nope not found"),
    ]
    for run_id, status, message in cases:
        r = await client.post("/api/models/arith/versions", json={"run_id": run_id})
        assert r.status_code == status, r.text
        assert message in r.json()["detail"]
    assert await row_count(sessions, ModelVersionRow) == 0
    assert (await client.get("/api/models/arith")).json()["version_count"] == 0


async def test_versions_are_listed_newest_first_and_read_by_number_or_alias(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    for _ in range(3):
        await promote(client, "arith", run_id)
    page = (await client.get("/api/models/arith/versions")).json()
    assert [v["version"] for v in page["data"]] == [3, 2, 1]
    assert page["pagination"]["next_offset"] is None
    assert (await move(client, "arith", "production", version=2)).status_code == 200
    by_number = (await client.get("/api/models/arith/versions/2")).json()
    by_alias = (await client.get("/api/models/arith/versions/production")).json()
    assert by_number == by_alias and by_alias["aliases"] == ["production"]
    missing = await client.get("/api/models/arith/versions/9")
    assert missing.status_code == 404 and "has no version 9" in missing.json()["detail"]
    no_alias = await client.get("/api/models/arith/versions/staging")
    assert no_alias.status_code == 404 and "has no alias 'staging'" in no_alias.json()["detail"]
    bad = await client.get("/api/models/arith/versions/Bad!")
    assert bad.status_code == 422


async def test_deleting_a_version_removes_its_files_and_never_reuses_its_number(
    client, sessions, app
):
    await create_model(client, "arith")
    await promote(client, "arith", await succeeded_run(client, sessions, app, seed=31))
    count, _ = blobs(app)
    v2 = await promote(client, "arith", await succeeded_run(client, sessions, app, seed=32))
    assert blobs(app)[0] == count + 2
    r = await client.delete("/api/models/arith/versions/2")
    assert r.status_code == 204, r.text
    assert not (app.state.settings.registry_dir / "models" / "arith" / "2").exists()
    assert blobs(app)[0] == count  # the two blobs only version 2 used are gone
    assert (await client.get(f"/api/models/versions/{v2['id']}")).status_code == 404
    v3 = await promote(client, "arith", await succeeded_run(client, sessions, app, seed=33))
    assert v3["version"] == 3
    assert (await client.get("/api/models/arith/versions/1")).status_code == 200


async def test_deleting_a_version_an_alias_points_at_is_refused(client, sessions, app):
    await create_model(client, "arith")
    await promote(client, "arith", await succeeded_run(client, sessions, app))
    assert (await move(client, "arith", "production", version=1)).status_code == 200
    assert (await move(client, "arith", "staging", version=1)).status_code == 200
    r = await client.delete("/api/models/arith/versions/1")
    assert r.status_code == 409
    assert r.json()["aliases"] == ["production", "staging"]
    assert "production, staging" in r.json()["detail"]
    assert await row_count(sessions, ModelVersionRow) == 1
    assert (app.state.settings.registry_dir / "models" / "arith" / "1" / "config.json").exists()


async def test_a_promotion_that_fails_midway_leaves_no_version_behind(
    client, sessions, app, monkeypatch
):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "materialize_version", broken)
    async with sessions() as s:
        model = await service.get_model(s, "arith")
        with pytest.raises(OSError, match="disk full"):
            await service.promote(s, app.state.settings, model, run_id)
    assert await row_count(sessions, ModelVersionRow) == 0
    assert not (app.state.settings.registry_dir / "models" / "arith").exists()
    monkeypatch.undo()
    assert (await promote(client, "arith", run_id))["version"] == 1
