"""`tunix-rt judges`, `eval run|show|list|items|compare` and `leaderboard` against a server.

No worker runs beside the test servers, so queued evaluations stay queued; finished ones
are written to the database as a worker would (tests/cli/fakes.py, evaluation_factories).
"""

import json
import re

import httpx

from tests.cli.fakes import (
    build_dataset,
    finish_when_queued,
    registered_version,
    same_traces,
    succeeded_run,
)
from tests.cli.helpers import Server, run_cli
from tests.evaluation_factories import at, make_evaluation


def evaluation(server: Server, evaluation_id: str) -> dict:
    r = httpx.get(f"{server.url}/api/evaluations/{evaluation_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def queued_id(stdout: str) -> str:
    found = re.search(r"evaluation ([0-9a-f-]{36})", stdout)
    assert found, stdout
    return found.group(1)


def test_judges_lists_every_judge_with_version_and_whether_it_needs_a_model(server):
    table = run_cli("judges", "--url", server.url)
    listed = run_cli("judges", "--json", "--url", server.url)

    assert table.exit_code == 0, table.output
    assert re.search(r"llm_judge\s+1\.0\.0\s+yes\s+backend=\"local\"", table.stdout)
    assert re.search(r"answer_correctness\s+1\.0\.0\s+no\s+rel_tol=1e-06", table.stdout)
    assert [j["name"] for j in json.loads(listed.stdout)] == [
        "answer_correctness", "arithmetic_consistency", "exact_match", "llm_judge", "trace_format",
    ]  # fmt: skip


def test_eval_run_needs_exactly_one_of_run_and_model():
    result = run_cli("eval", "run", "--dataset", "d-v1", "--url", "http://127.0.0.1:9")

    assert result.exit_code == 2
    assert "give exactly one of --run or --model" in result.output


async def test_eval_run_queues_the_evaluation_and_reuses_it_unless_forced(
    server, server_db, source
):
    key = build_dataset(server, source)
    run_id = await succeeded_run(server, server_db, key)
    args = [
        "eval", "run", "--run", run_id, "--dataset", key, "--judge", "answer_correctness",
        "--judge", "trace_format", "--judge-param", "answer_correctness.rel_tol=0.01",
        "--max-new-tokens", "32", "--batch-size", "4", "--limit", "2", "--tag", "nightly",
        "--url", server.url,
    ]  # fmt: skip

    first = run_cli(*args)
    again = run_cli(*args)
    forced = run_cli(*args, "--force")

    assert first.exit_code == 0, first.output
    assert f"queued evaluation {queued_id(first.stdout)}: run:{run_id} on {key} (eval)" in (
        first.stdout
    )
    stored = evaluation(server, queued_id(first.stdout))
    assert stored["status"] == "queued"
    assert [(j["name"], j["params"].get("rel_tol")) for j in stored["judges"]] == [
        ("answer_correctness", 0.01),
        ("trace_format", None),
    ]
    assert stored["generation"]["max_new_tokens"] == 32
    assert stored["generation"]["batch_size"] == 4
    assert stored["generation"]["limit"] == 2
    assert stored["tags"] == ["nightly"]
    assert again.exit_code == 0, again.output
    assert f"evaluation {queued_id(first.stdout)} already exists (queued)" in again.stdout
    assert forced.exit_code == 0, forced.output
    assert queued_id(forced.stdout) != queued_id(first.stdout)


async def test_eval_run_of_a_registry_version_passes_judge_params(server, server_db, source):
    key = build_dataset(server, source)
    run_id = await succeeded_run(server, server_db, key)
    version = await registered_version(server, source, run_id)

    result = run_cli(
        "eval", "run", "--model", f"registry://{source}@1", "--dataset", key, "--judge",
        "llm_judge", "--judge-param", f"llm_judge.model=registry://{source}@1", "--judge-param",
        "llm_judge.scale=5", "--json", "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    queued = json.loads(result.stdout)
    assert queued["model_ref"] == f"registry://{source}@1"
    assert queued["model_version_id"] == version["id"]
    params = queued["judges"][0]["params"]
    assert (params["model"], params["scale"]) == (f"registry://{source}@1", 5)


async def test_eval_run_wait_prints_the_judge_table_when_the_evaluation_succeeds(
    server, server_db, source
):
    key = build_dataset(server, source)
    run_id = await succeeded_run(server, server_db, key)
    worker = finish_when_queued(server, key, "succeeded", mean=0.75)

    result = run_cli(
        "eval", "run", "--run", run_id, "--dataset", key, "--wait", "--poll-interval", "0.1",
        "--url", server.url,
    )  # fmt: skip
    worker.join()

    assert result.exit_code == 0, result.output
    assert re.search(r"status\s+succeeded", result.stdout)
    assert re.search(
        r"answer_correctness\s+1\.0\.0\s+0\.750\s+\[0\.250, 1\.000\]\s+4\s+3\s+1\s+0",
        result.stdout,
    )


async def test_eval_run_wait_exits_1_when_the_evaluation_fails(server, server_db, source):
    key = build_dataset(server, source)
    run_id = await succeeded_run(server, server_db, key)
    worker = finish_when_queued(server, key, "failed", error="generation ran out of memory")

    result = run_cli(
        "eval", "run", "--run", run_id, "--dataset", key, "--wait", "--poll-interval", "0.1",
        "--url", server.url,
    )  # fmt: skip
    worker.join()

    assert result.exit_code == 1
    assert "failed: generation ran out of memory" in result.stderr


async def test_show_list_and_items_of_a_finished_evaluation(server, server_db, source):
    key = f"{source}-v1"
    ev = await make_evaluation(
        server_db, model_name=f"run:{source}", dataset_key=key, scores=[1, 1, 0, None, 1, 0]
    )

    shown = run_cli("eval", "show", ev, "--url", server.url)
    listed = run_cli("eval", "list", "--dataset", key, "--url", server.url)
    failed = run_cli(
        "eval", "items", ev, "--judge", "answer_correctness", "--outcome", "fail", "--url",
        server.url,
    )  # fmt: skip
    failed_json = run_cli(
        "eval", "items", ev, "--judge", "answer_correctness", "--outcome", "fail", "--json",
        "--url", server.url,
    )  # fmt: skip

    assert shown.exit_code == 0, shown.output
    assert re.search(r"status\s+succeeded", shown.stdout)
    assert re.search(
        r"answer_correctness\s+1\s+0\.600\s+\[\S+, \S+\]\s+5\s+3\s+2\s+1", shown.stdout
    )
    assert listed.exit_code == 0, listed.output
    assert re.search(
        rf"{ev}\s+run:{source}\s+{key}\s+eval\s+succeeded\s+answer_correctness 0\.600",
        listed.stdout,
    )
    assert failed.exit_code == 0, failed.output
    assert re.search(r"2\s+4\s+Answer: \?\s+fail 0\.00", failed.stdout)
    assert [item["position"] for item in json.loads(failed_json.stdout)] == [2, 5]


async def test_compare_pairs_items_and_counts_wins_losses_and_ties(server, server_db, source):
    key = f"{source}-v1"
    a = await make_evaluation(
        server_db, model_name="a", dataset_key=key, scores=[0, 0, 1, 0, 1, 0, 0, 1]
    )
    b = await make_evaluation(
        server_db, model_name="b", dataset_key=key, scores=[1, 1, 1, 1, 1, 0, 1, 1]
    )
    await same_traces(server_db, a, b)

    result = run_cli("eval", "compare", a, b, "--url", server.url)

    assert result.exit_code == 0, result.output
    assert re.search(r"b vs a\s+4 wins, 0 losses, 4 ties", result.stdout)
    assert re.search(rf"a\s+{a}  mean 0\.375", result.stdout)
    assert re.search(rf"b\s+{b}  mean 0\.875", result.stdout)
    assert re.search(r"b - a\s+\+0\.500, 95% CI", result.stdout)


async def test_leaderboard_ranks_models_by_the_judge_and_picks_best_or_latest(
    server, server_db, source
):
    key = f"{source}-v1"
    for name, mean, minute in (("alpha", 0.9, 1), ("beta", 0.7, 2), ("beta", 0.5, 3)):
        await make_evaluation(
            server_db, model_name=name, dataset_key=key, mean=mean, ci=(mean - 0.1, mean + 0.05),
            n=10, created_at=at(minute),
        )  # fmt: skip

    best = run_cli(
        "leaderboard", "--dataset", key, "--judge", "answer_correctness", "--url", server.url
    )
    latest = run_cli(
        "leaderboard", "--dataset", key, "--judge", "answer_correctness", "--pick", "latest",
        "--url", server.url,
    )  # fmt: skip

    assert best.exit_code == 0, best.output
    assert f"{key} (eval) by answer_correctness, best pick" in best.stdout
    assert re.search(r"1\s+alpha\s+0\.900\s+\[0\.800, 0\.950\]\s+10\s+9\s+1\s+0", best.stdout)
    assert re.search(r"2\s+beta\s+0\.700\s+\[0\.600, 0\.750\]", best.stdout)
    assert latest.exit_code == 0, latest.output
    assert re.search(r"2\s+beta\s+0\.500", latest.stdout)


async def test_leaderboard_ranks_one_judge_setup_and_names_the_others(server, server_db, source):
    key = f"{source}-v1"
    await make_evaluation(server_db, model_name="strict", dataset_key=key, mean=0.6, n=10,
                          params={"rel_tol": 1e-6}, created_at=at(1))  # fmt: skip
    await make_evaluation(server_db, model_name="loose", dataset_key=key, mean=0.9, n=10,
                          params={"rel_tol": 0.01}, created_at=at(2))  # fmt: skip
    args = ["leaderboard", "--dataset", key, "--judge", "answer_correctness", "--url", server.url]

    newest = run_cli(*args)
    setups = json.loads(run_cli(*args, "--json").stdout)["setups"]
    older = next(s["judge_key"] for s in setups if s["params"] == {"rel_tol": 1e-6})
    switched = run_cli(*args, "--judge-key", older)

    assert newest.exit_code == 0, newest.output
    assert re.search(r"judge setup [0-9a-f]{16}: version 1, rel_tol=0\.01\n", newest.stdout)
    assert f"also judged as {older}: version 1, rel_tol=1e-6 (1 evaluation;" in newest.stdout
    assert re.search(r"1\s+loose\s+0\.900", newest.stdout) and "strict" not in newest.stdout
    assert switched.exit_code == 0, switched.output
    assert re.search(r"1\s+strict\s+0\.600", switched.stdout) and "loose" not in switched.stdout
