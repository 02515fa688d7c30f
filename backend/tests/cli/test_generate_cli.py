"""`tunix-rt generate` against a running server."""

import json

from tests.cli.helpers import read_jsonl, run_cli


def test_generate_stores_traces_and_writes_them_out(server, seed, tmp_path):
    out = tmp_path / "generated.jsonl"

    result = run_cli(
        "generate", "arithmetic", "--count", "6", "--seed", str(seed),
        "--param", "digits=3", "--param", 'operations=["add"]',
        "--out", str(out), "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert f"arithmetic 1.0.0 seed {seed}: 6 traces, 6 created, 0 duplicates" in result.stdout
    traces = read_jsonl(out)
    assert len(traces) == 6
    assert all(
        t["meta"]["params"] == {"digits": 3, "operations": ["add"], "allow_negative": False}
        for t in traces
    )
    assert len(server.traces(meta=f"seed={seed}")) == 6


def test_generating_the_same_run_again_reports_duplicates(server, seed):
    args = ("generate", "reverse_word", "--count", "4", "--seed", str(seed), "--url", server.url)
    run_cli(*args)

    result = run_cli(*args)

    assert result.exit_code == 0, result.output
    assert "4 traces, 0 created, 4 duplicates" in result.stdout


def test_no_persist_stores_nothing(server, seed):
    args = ("--count", "3", "--seed", str(seed), "--no-persist", "--url", server.url)

    result = run_cli("generate", "arithmetic", *args)

    assert result.exit_code == 0, result.output
    assert "not stored (--no-persist)" in result.stdout
    assert server.traces(meta=f"seed={seed}") == []


def test_out_dash_writes_traces_to_stdout_and_the_summary_to_stderr(server, seed):
    result = run_cli(
        "generate", "high_card_duel", "--count", "2", "--seed", str(seed), "--no-persist",
        "--out", "-", "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert [t["meta"]["generator"] for t in map(json.loads, result.stdout.splitlines())] == [
        "high_card_duel",
        "high_card_duel",
    ]
    assert f"high_card_duel 1.0.0 seed {seed}: 2 traces" in result.stderr


def test_invalid_param_names_the_field_and_exits_1(server):
    result = run_cli(
        "generate", "arithmetic", "--count", "1", "--param", "digits=99", "--url", server.url
    )

    assert result.exit_code == 1
    assert "HTTP 422" in result.stderr
    assert "params.digits: must be between 1 and 12, got 99" in result.stderr
