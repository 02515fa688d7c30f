import hashlib
import io
import os
import zipfile
from pathlib import Path

from tests.registry.helpers import create_model, promote, succeeded_run
from tunix_rt.registry import storage


async def _version(client, sessions, app) -> dict:
    await create_model(client, "arith")
    return await promote(client, "arith", await succeeded_run(client, sessions, app))


async def test_a_version_downloads_as_a_zip_whose_files_match_the_manifest(client, sessions, app):
    version = await _version(client, sessions, app)
    r = await client.get("/api/models/arith/versions/1/download")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert 'filename="arith-v1.zip"' in r.headers["content-disposition"]
    assert "content-length" not in r.headers  # streamed, not built whole first
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        got = {
            n.removeprefix("arith-v1/"): hashlib.sha256(archive.read(n)).hexdigest() for n in names
        }
    assert all(n.startswith("arith-v1/") for n in names)
    assert got == {f["path"]: f["sha256"] for f in version["files"]}


async def test_the_zip_is_written_in_pieces_no_bigger_than_a_read_chunk(client, sessions, app):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    big = app.state.settings.runs_dir / run_id / "export" / "model-00002.safetensors"
    big.write_bytes(os.urandom(3 * storage.CHUNK + 123))  # incompressible, several chunks
    version = await promote(client, "arith", run_id)
    pieces = list(storage.zip_stream(Path(version["path"]), version["files"], "arith-v1"))
    assert len(pieces) > 4
    assert max(len(p) for p in pieces) <= storage.CHUNK + 64 * 1024
    r = await client.get("/api/models/arith/versions/1/download")
    assert r.content == b"".join(pieces)
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        assert archive.read("arith-v1/model-00002.safetensors") == big.read_bytes()


async def test_single_files_download_and_paths_out_of_the_version_are_refused(
    client, sessions, app
):
    version = await _version(client, sessions, app)
    r = await client.get("/api/models/arith/versions/1/files/config.json")
    assert r.status_code == 200
    sha = next(f["sha256"] for f in version["files"] if f["path"] == "config.json")
    assert hashlib.sha256(r.content).hexdigest() == sha
    r = await client.get("/api/models/arith/versions/1/files/nope.bin")
    assert r.status_code == 404 and "has no file 'nope.bin'" in r.json()["detail"]
    refused = {
        "..%2F..%2F..%2Fetc%2Fpasswd": "must not contain '..'",
        "a/..%2F..%2Fx": "must not contain '..'",
        "%2Fetc%2Fpasswd": "must be relative",
    }
    for path, message in refused.items():
        r = await client.get(f"/api/models/arith/versions/1/files/{path}")
        assert r.status_code == 400, (path, r.text)
        assert message in r.json()["detail"]
    r = await client.get("/api/models/arith/versions/1/files/..%2F1%2Fconfig.json")
    assert r.status_code == 400 and "must not contain '..'" in r.json()["detail"]


async def test_a_version_directory_missing_from_disk_is_rebuilt_from_blobs(client, sessions, app):
    import shutil

    version = await _version(client, sessions, app)
    shutil.rmtree(version["path"])
    r = await client.get("/api/models/arith/versions/1/files/tokenizer.json")
    assert r.status_code == 200
    assert (app.state.settings.registry_dir / "models" / "arith" / "1" / "config.json").exists()
