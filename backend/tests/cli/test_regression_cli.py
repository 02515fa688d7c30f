"""`tunix-rt regression baseline|check|baselines` against a running server."""

import json
import re

import httpx

from tests.cli.helpers import run_cli
from tests.evaluation_factories import make_evaluation


async def test_baseline_records_the_evaluations_value_and_is_listed(server, server_db, source):
    key = f"{source}-v1"
    ev = await make_evaluation(
        server_db, model_name="ref", dataset_key=key, mean=0.8, ci=(0.7, 0.9), n=10
    )

    created = run_cli(
        "regression", "baseline", source, "--evaluation", ev, "--tolerance", "0.1", "--relative",
        "--url", server.url,
    )  # fmt: skip
    listed = run_cli("regression", "baselines", "--json", "--url", server.url)
    table = run_cli("regression", "baselines", "--url", server.url)

    assert created.exit_code == 0, created.output
    assert f"created baseline {source}" in created.stdout
    assert "answer_correctness mean = 0.800, 95% CI [0.700, 0.900]" in created.stdout
    assert "higher is better, tolerance 0.1 (relative)" in created.stdout
    mine = [b for b in json.loads(listed.stdout) if b["name"] == source]
    assert [(b["evaluation_id"], b["tolerance_kind"]) for b in mine] == [(ev, "relative")]
    assert re.search(rf"{source}\s+{key} \(eval\)\s+answer_correctness\s+mean", table.stdout)


async def test_check_exits_0_on_pass_3_on_fail_and_1_when_not_comparable(server, server_db, source):
    key = f"{source}-v1"
    base = await make_evaluation(
        server_db, model_name="ref", dataset_key=key, mean=0.8, ci=(0.7, 0.9), n=10
    )
    close = await make_evaluation(
        server_db, model_name="close", dataset_key=key, mean=0.78, ci=(0.68, 0.88), n=10
    )
    worse = await make_evaluation(
        server_db, model_name="worse", dataset_key=key, mean=0.5, ci=(0.4, 0.6), n=10
    )
    elsewhere = await make_evaluation(
        server_db, model_name="x", dataset_key=f"{source}-v2", mean=0.9
    )
    baseline = run_cli(
        "regression", "baseline", source, "--evaluation", base, "--tolerance", "0.05",
        "--url", server.url,
    )  # fmt: skip
    assert baseline.exit_code == 0, baseline.output

    passed = run_cli("regression", "check", source, "--evaluation", close, "--url", server.url)
    failed = run_cli("regression", "check", source, "--evaluation", worse, "--url", server.url)
    other = run_cli("regression", "check", source, "--evaluation", elsewhere, "--url", server.url)

    assert passed.exit_code == 0, passed.output
    assert passed.stdout.startswith(f"PASS: answer_correctness mean 0.780 vs baseline {source}")
    assert failed.exit_code == 3, failed.output
    assert failed.stdout.startswith(f"FAIL: answer_correctness mean 0.500 vs baseline {source}")
    assert "delta        -0.300 (-37.50%); allowed drop 0.050" in failed.stdout
    assert "the 95% intervals do not overlap" in failed.stdout
    assert other.exit_code == 1
    assert "not comparable with the baseline" in other.stderr
    async with httpx.AsyncClient(base_url=server.url) as client:
        checks = await client.get("/api/regression/checks", params={"baseline_name": source})
    assert [c["verdict"] for c in checks.json()["data"]] == ["fail", "pass"]
