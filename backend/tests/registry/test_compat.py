"""The rest-compat paths of the earlier service (rest-compat.md, "registry")."""

import io
import zipfile

from tests.registry.helpers import succeeded_run


async def test_the_compat_flow_creates_promotes_reads_and_downloads(client, sessions, app):
    r = await client.post("/api/models", json={"name": "arith", "description": "sums"})
    assert r.status_code == 201, r.text
    model_id = r.json()["id"]
    assert [m["id"] for m in (await client.get("/api/models")).json()["data"]] == [model_id]
    by_id = (await client.get(f"/api/models/{model_id}")).json()
    assert by_id["name"] == "arith" and by_id["description"] == "sums"

    run_id = await succeeded_run(client, sessions, app)
    r = await client.post(
        f"/api/models/{model_id}/versions/promote",
        json={"source_run_id": run_id, "version_label": "v-one"},
    )
    assert r.status_code == 201, r.text
    version = r.json()
    assert version["version"] == 1 and version["label"] == "v-one"
    assert version["source_run_id"] == run_id and version["model_id"] == model_id

    got = await client.get(f"/api/models/versions/{version['id']}")
    assert got.status_code == 200 and got.json()["content_hash"] == version["content_hash"]
    download = await client.get(f"/api/models/versions/{version['id']}/download")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert sorted(n.split("/", 1)[1] for n in archive.namelist()) == sorted(
            f["path"] for f in version["files"]
        )


async def test_compat_paths_answer_404_for_unknown_ids(client):
    assert (await client.get("/api/models/versions/nope")).status_code == 404
    assert (await client.get("/api/models/versions/nope/download")).status_code == 404
    r = await client.post("/api/models/nope/versions/promote", json={"source_run_id": "x"})
    assert r.status_code == 404
