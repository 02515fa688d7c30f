"""`tunix-rt models create|list|promote|versions|alias|gate|download` against a running server."""

import json
import re
import zipfile

import httpx

from tests.cli.fakes import build_dataset, registered_version, succeeded_run
from tests.cli.helpers import run_cli
from tests.evaluation_factories import make_evaluation
from tests.registry.helpers import write_export


def test_create_then_list_shows_the_model_with_its_tags(server, source):
    created = run_cli(
        "models", "create", source, "--description", "two-digit sums", "--tag", source,
        "--url", server.url,
    )  # fmt: skip
    listed = run_cli("models", "list", "--tag", source, "--url", server.url)
    again = run_cli("models", "create", source, "--url", server.url)

    assert created.exit_code == 0, created.output
    assert created.stdout == f"created model {source} (tags {source})\n"
    assert listed.exit_code == 0, listed.output
    assert re.search(rf"{source}\s+0\s+-\s+-\s+{source}\s+two-digit sums", listed.stdout)
    assert again.exit_code == 1
    assert "HTTP 409" in again.stderr


async def test_promote_adds_a_version_that_versions_lists(server, server_db, source):
    run_id = await succeeded_run(server, server_db, build_dataset(server, source))
    assert run_cli("models", "create", source, "--url", server.url).exit_code == 0

    promoted = run_cli(
        "models", "promote", source, "--run", run_id, "--label", "lr 3e-3", "--url", server.url
    )
    table = run_cli("models", "versions", source, "--url", server.url)
    listed = run_cli("models", "versions", source, "--json", "--url", server.url)

    assert promoted.exit_code == 0, promoted.output
    assert f"promoted run {run_id} to {source} version 1" in promoted.stdout
    assert re.search(rf"ref\s+registry://{source}@1", promoted.stdout)
    assert re.search(r"files\s+4 \(", promoted.stdout)
    assert re.search(rf"1\s+lr 3e-3\s+-\s+\S+ \S+\s+{run_id}", table.stdout)
    versions = json.loads(listed.stdout)
    assert [(v["version"], v["label"], v["source_run_id"]) for v in versions] == [
        (1, "lr 3e-3", run_id)
    ]


async def test_gated_alias_move_is_refused_with_the_check_and_forced_moves_are_recorded(
    server, server_db, source
):
    key = f"{source}-v1"
    run_id = await succeeded_run(server, server_db, build_dataset(server, source))
    version = await registered_version(server, source, run_id)
    bar = await make_evaluation(
        server_db, model_name="ref", dataset_key=key, mean=0.8, ci=(0.7, 0.9), n=10
    )
    await make_evaluation(
        server_db, model_name=f"{source}@1", dataset_key=key, model_version_id=version["id"],
        mean=0.5, ci=(0.4, 0.6), n=10,
    )  # fmt: skip
    baseline = run_cli("regression", "baseline", source, "--evaluation", bar, "--url", server.url)
    assert baseline.exit_code == 0, baseline.output
    gated = ["models", "alias", source, "production", "1", "--require-baseline", source]

    async with httpx.AsyncClient(base_url=f"{server.url}/api/models/{source}") as api:
        refused = run_cli(*gated, "--url", server.url)
        aliases_after_refusal = (await api.get("/aliases")).json()
        forced = run_cli(*gated, "--force", "--reason", "hotfix", "--url", server.url)
        history = (await api.get("/aliases/history")).json()["data"]

    assert refused.exit_code == 1
    assert "HTTP 409" in refused.stderr
    assert f"fails regression baseline '{source}'" in refused.stderr
    assert f"FAIL: answer_correctness mean 0.500 vs baseline {source} 0.800" in refused.stderr
    assert "delta        -0.300 (-37.50%)" in refused.stderr
    assert aliases_after_refusal == []
    assert forced.exit_code == 0, forced.output
    assert f"{source}#production -> version 1" in forced.stdout
    assert "moved despite the failing check" in forced.stdout
    assert [(e["to_version"], e["forced"], e["reason"]) for e in history] == [(1, True, "hotfix")]


async def test_a_gated_alias_is_checked_without_being_asked_until_ungated(
    server, server_db, source
):
    key = f"{source}-v1"
    run_id = await succeeded_run(server, server_db, build_dataset(server, source))
    version = await registered_version(server, source, run_id)
    bar = await make_evaluation(server_db, model_name="ref", dataset_key=key, mean=0.8, n=10)
    await make_evaluation(
        server_db, model_name=f"{source}@1", dataset_key=key, model_version_id=version["id"],
        mean=0.5, n=10,
    )  # fmt: skip
    assert run_cli("regression", "baseline", source, "--evaluation", bar,
                   "--url", server.url).exit_code == 0  # fmt: skip
    move = ["models", "alias", source, "production", "1", "--url", server.url]

    gated = run_cli("models", "gate", source, "production", source, "--url", server.url)
    refused = run_cli(*move)
    ungated = run_cli("models", "gate", source, "production", "--remove", "--url", server.url)
    moved = run_cli(*move)
    again = run_cli("models", "gate", source, "production", "--remove", "--url", server.url)

    assert gated.exit_code == 0, gated.output
    assert gated.stdout == (
        f"{source}#production is gated: every move must pass baseline {source}\n"
    )
    assert refused.exit_code == 1 and "HTTP 409" in refused.stderr
    assert f"fails regression baseline '{source}'" in refused.stderr
    assert ungated.stdout == f"{source}#production is no longer gated\n"
    assert moved.exit_code == 0 and f"{source}#production -> version 1" in moved.stdout
    assert again.exit_code == 1 and "is not gated" in again.stderr


async def test_download_by_alias_writes_the_versions_zip(
    server, server_db, source, tmp_path, monkeypatch
):
    run_id = await succeeded_run(server, server_db, build_dataset(server, source), seed=3)
    await registered_version(server, source, run_id)
    expected = write_export(tmp_path / "expected", seed=3)
    monkeypatch.chdir(tmp_path)

    moved = run_cli("models", "alias", source, "staging", "1", "--url", server.url)
    downloaded = run_cli("models", "download", source, "staging", "--url", server.url)
    named = run_cli(
        "models", "download", source, "1", "--out", str(tmp_path / "m.zip"), "--url", server.url
    )

    assert moved.exit_code == 0, moved.output
    assert moved.stdout == f"{source}#staging -> version 1\n"
    assert downloaded.exit_code == 0, downloaded.output
    assert f"wrote {source}-v1.zip" in downloaded.stderr
    for path in (tmp_path / f"{source}-v1.zip", tmp_path / "m.zip"):
        with zipfile.ZipFile(path) as archive:
            assert sorted(archive.namelist()) == sorted(f"{source}-v1/{f}" for f in expected)
            config = archive.read(f"{source}-v1/config.json")
        assert json.loads(config)["seed"] == 3
    assert named.exit_code == 0, named.output
    assert not list(tmp_path.glob("*.part"))
