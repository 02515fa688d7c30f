"""A run's files: listed recursively with sizes, downloadable, and never outside its directory."""

import pytest

from tests.tunix_runs.helpers import create_run, dataset


@pytest.fixture
async def run_dir(client, app):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    path = app.state.settings.runs_dir / run_id
    path.mkdir(parents=True)
    (path / "result.json").write_bytes(b'{"ok": true}')
    (path / "checkpoints" / "step_10").mkdir(parents=True)
    (path / "checkpoints" / "step_10" / "params.bin").write_bytes(bytes(range(256)) * 4)
    (path / "data").mkdir()
    (path / "data" / "train.jsonl").write_text("{}\n{}\n")
    return run_id, path


def url(run_id: str, rest: str) -> str:
    return f"/api/tunix/runs/{run_id}/{rest}"


async def test_lists_every_file_recursively_with_sizes(client, run_dir):
    run_id, _ = run_dir
    r = await client.get(url(run_id, "artifacts"))
    assert r.status_code == 200
    assert r.json() == [
        {"path": "checkpoints/step_10/params.bin", "size_bytes": 1024},
        {"path": "data/train.jsonl", "size_bytes": 6},
        {"path": "result.json", "size_bytes": 12},
    ]


async def test_run_without_directory_lists_nothing(client):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    r = await client.get(url(run_id, "artifacts"))
    assert r.status_code == 200 and r.json() == []


async def test_download_returns_the_bytes(client, run_dir):
    run_id, path = run_dir
    r = await client.get(url(run_id, "artifacts/result.json/download"))
    assert r.status_code == 200
    assert r.content == b'{"ok": true}'
    assert "result.json" in r.headers["content-disposition"]
    r = await client.get(url(run_id, "artifacts/checkpoints/step_10/params.bin/download"))
    assert r.status_code == 200
    assert r.content == (path / "checkpoints" / "step_10" / "params.bin").read_bytes()
    # a slash encoded as %2F names the same nested file
    r = await client.get(url(run_id, "artifacts/data%2Ftrain.jsonl/download"))
    assert r.status_code == 200 and r.content == b"{}\n{}\n"


async def test_missing_file_is_404(client, run_dir):
    run_id, _ = run_dir
    r = await client.get(url(run_id, "artifacts/nope.bin/download"))
    assert r.status_code == 404
    assert "nope.bin" in r.json()["detail"]
    # a directory is not a file either
    r = await client.get(url(run_id, "artifacts/checkpoints/download"))
    assert r.status_code == 404


@pytest.mark.parametrize(
    "raw",
    [
        "%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "%2e%2e%2F%2e%2e%2Fsecret.txt",
        "data/%2E%2E/%2E%2E/secret.txt",
        "..%5C..%5Csecret.txt",
        "%2Fetc%2Fpasswd",
        "data%2F%2Ftrain.jsonl",
    ],
)
async def test_paths_leaving_the_run_dir_are_400(client, run_dir, raw):
    run_id, path = run_dir
    (path.parent / "secret.txt").write_text("SECRET-CONTENT")
    r = await client.get(url(run_id, f"artifacts/{raw}/download"))
    assert r.status_code == 400, (raw, r.status_code, r.text)
    assert "artifact path" in r.json()["detail"]
    assert "SECRET-CONTENT" not in r.text


async def test_symlinks_out_of_the_run_dir_are_400_and_not_listed(client, run_dir, tmp_path):
    run_id, path = run_dir
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    (path / "escape.txt").symlink_to(secret)
    (path / "escape_dir").symlink_to(tmp_path, target_is_directory=True)

    r = await client.get(url(run_id, "artifacts/escape.txt/download"))
    assert r.status_code == 400, r.text
    assert "top secret" not in r.text
    r = await client.get(url(run_id, "artifacts/escape_dir/secret.txt/download"))
    assert r.status_code == 400, r.text

    listed = [a["path"] for a in (await client.get(url(run_id, "artifacts"))).json()]
    assert listed == ["checkpoints/step_10/params.bin", "data/train.jsonl", "result.json"]
