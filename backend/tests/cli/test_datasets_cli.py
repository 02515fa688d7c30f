"""`tunix-rt datasets build|list|show|export` against a running server."""

import json

import pytest
from typer.testing import Result

from tests.cli.helpers import Server, read_jsonl, run_cli, write_traces


@pytest.fixture
def imported(server, source, tmp_path):
    """Ten traces with a source of their own."""
    result = run_cli(
        "traces",
        "import",
        str(write_traces(tmp_path / "in.jsonl", source, 10)),
        "--url",
        server.url,
    )
    assert result.exit_code == 0, result.output
    return source


def build(server: Server, name: str, source: str, *extra: str) -> Result:
    return run_cli(
        "datasets", "build", name, "v1", "--source", source, "--strategy", "random", "--seed", "7",
        "--eval-fraction", "0.2", *extra, "--url", server.url,
    )  # fmt: skip


def test_build_prints_key_counts_and_splits(server, imported):
    result = build(server, imported, imported)

    assert result.exit_code == 0, result.output
    assert f"built dataset {imported}-v1: 10 traces" in result.stdout
    assert "splits:   train 8, eval 2" in result.stdout
    assert "random (seed 7)" in result.stdout


def test_build_with_meta_filter_and_limit_takes_the_newest_matches(server, imported):
    result = run_cli(
        "datasets", "build", imported, "v2", "--filter", f"source={imported}", "--limit", "4",
        "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert f"built dataset {imported}-v2: 4 traces" in result.stdout
    assert "strategy: latest" in result.stdout


def test_build_that_matches_nothing_exits_1_with_the_reason(server, imported):
    result = build(server, imported, imported, "--filter", "source=nobody")

    assert result.exit_code == 1
    assert "no trace matches the filters" in result.stderr


def test_building_an_existing_version_exits_1_with_the_conflict(server, imported):
    build(server, imported, imported)

    result = build(server, imported, imported)

    assert result.exit_code == 1
    assert "HTTP 409" in result.stderr
    assert "already exists" in result.stderr


def test_list_and_show_include_the_built_dataset(server, imported):
    build(server, imported, imported)

    listed = run_cli("datasets", "list", "--name", imported, "--json", "--url", server.url)
    shown = run_cli("datasets", "show", f"{imported}-v1", "--url", server.url)

    assert listed.exit_code == 0, listed.output
    assert [d["dataset_key"] for d in json.loads(listed.stdout)] == [f"{imported}-v1"]
    assert shown.exit_code == 0, shown.output
    assert "traces      10" in shown.stdout
    assert "splits      train 8, eval 2" in shown.stdout


def test_export_of_one_split_writes_that_many_lines(server, imported, tmp_path):
    build(server, imported, imported)
    out = tmp_path / "sft.jsonl"

    result = run_cli(
        "datasets", "export", f"{imported}-v1", "--format", "tunix_sft", "--split", "train",
        "--template", "gemma", "--out", str(out), "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert len(read_jsonl(out)) == 8
    assert f"wrote 8 tunix_sft lines of {imported}-v1 (split train)" in result.stderr


def test_show_of_unknown_dataset_exits_1_with_not_found(server):
    result = run_cli("datasets", "show", "no-such-dataset", "--url", server.url)

    assert result.exit_code == 1
    assert "HTTP 404" in result.stderr
    assert "dataset no-such-dataset not found" in result.stderr


def test_filter_without_equals_sign_is_a_usage_error(server):
    result = run_cli("datasets", "build", "x", "v1", "--filter", "nokey", "--url", server.url)

    assert result.exit_code == 2
    assert "must look like key=value" in result.output
