"""`tunix-rt tune create|start|show|list|cancel|best` against a server.

No worker runs beside the test servers, so started searches stay queued; trials are written
to the database as the worker's tune handler would (tunix_rt.tuning.service.record_trial).
Real searches through the worker are in tests/integration/test_tuning_search.py.
"""

import json
import re
from pathlib import Path

import httpx

from tests.cli.fakes import build_dataset, succeeded_run
from tests.cli.helpers import Server, run_cli
from tunix_rt.tuning import service


def search(server: Server, job_id: str) -> dict:
    r = httpx.get(f"{server.url}/api/tuning/jobs/{job_id}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def usage_error(output: str) -> str:
    """Typer's boxed usage error as one line: the box is drawn at the terminal's width."""
    return " ".join(output.replace("│", " ").split())


def created_id(stdout: str) -> str:
    found = re.search(r"created search ([0-9a-f-]{36})", stdout)
    assert found, stdout
    return found.group(1)


def test_a_malformed_space_is_refused_before_anything_is_sent():
    bad_type = run_cli("tune", "create", "--name", "x", "--dataset", "d-v1",
                       "--space", "learning_rate=gauss:0,1", "--url", "http://127.0.0.1:9")  # fmt: skip
    bad_count = run_cli("tune", "create", "--name", "x", "--dataset", "d-v1",
                        "--space", "warmup_ratio=quniform:0,0.3", "--url", "http://127.0.0.1:9")  # fmt: skip
    no_space = run_cli("tune", "create", "--name", "x", "--dataset", "d-v1",
                       "--url", "http://127.0.0.1:9")  # fmt: skip

    assert bad_type.exit_code == 2 and "unknown type 'gauss'" in usage_error(bad_type.output)
    assert bad_count.exit_code == 2
    assert "quniform takes 3 numbers (min, max, q)" in usage_error(bad_count.output)
    assert no_space.exit_code == 2 and "missing --space" in usage_error(no_space.output)


def test_create_sends_space_objective_and_config_as_the_api_stores_them(server, source):
    key = build_dataset(server, source)
    result = run_cli(
        "tune", "create", "--name", "lr-sweep", "--dataset", key,
        "--space", "learning_rate=loguniform:1e-4,1e-2",
        "--space", "batch_size=choice:2,4",
        "--space", "warmup_ratio=quniform:0,0.3,0.05",
        "--objective", "answer_correctness:pass_rate", "--eval-limit", "4",
        "--set", "lora.alpha=16", "--set", "lora.rank=4", "--set", "eval_every_n_steps=2",
        "--steps", "8", "--samples", "3", "--search", "tpe", "--scheduler", "asha",
        "--seed", "5", "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    job = search(server, created_id(result.stdout))
    assert "3 trials of 8 steps on " + key + ", tpe search, asha, max answer_correctness" in (
        result.stdout
    )
    assert job["status"] == "created"
    assert job["search_space"]["batch_size"] == {"type": "choice", "values": [2, 4]}
    assert job["search_space"]["learning_rate"]["min"] == 1e-4
    assert job["search_space"]["warmup_ratio"]["q"] == 0.05
    assert job["objective"]["judge"] == "answer_correctness"
    assert (job["objective"]["metric"], job["objective"]["eval_limit"]) == ("pass_rate", 4)
    assert job["fixed_config"]["lora"]["alpha"] == 16 and job["fixed_config"]["lora"]["rank"] == 4
    assert (job["num_samples"], job["trial_max_steps"], job["seed"]) == (3, 8, 5)
    assert (job["search_alg"], job["scheduler"]["type"]) == ("tpe", "asha")


def test_when_makes_a_space_entry_conditional(server, source):
    key = build_dataset(server, source)
    result = run_cli(
        "tune", "create", "--name", "warmup-if-cosine", "--dataset", key,
        "--space", "schedule=choice:cosine,linear,constant",
        "--space", "warmup_ratio=uniform:0,0.2",
        "--space", "lora.rank=choice:4,8",
        "--when", "warmup_ratio:schedule=cosine,linear",
        "--when", "lora.rank:schedule=constant",
        "--objective", "eval_loss", "--url", server.url,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    space = search(server, created_id(result.stdout))["search_space"]
    assert space["warmup_ratio"] == {
        "type": "uniform",
        "min": 0.0,
        "max": 0.2,
        "when": {"schedule": ["cosine", "linear"]},
    }
    assert space["lora.rank"]["when"] == {"schedule": ["constant"]}
    assert "when" not in space["schedule"]


def test_a_condition_needs_its_space_entry_and_its_parents_values(server, source):
    key = build_dataset(server, source)
    create = ("tune", "create", "--name", "x", "--dataset", key, "--objective", "eval_loss",
              "--space", "schedule=choice:cosine,constant", "--url", server.url)  # fmt: skip
    before = httpx.get(f"{server.url}/api/tuning/jobs", params={"limit": 100}).json()["data"]

    no_entry = run_cli(*create, "--when", "warmup_ratio:schedule=cosine")
    malformed = run_cli(*create, "--space", "warmup_ratio=uniform:0,0.2",
                        "--when", "warmup_ratio=cosine")  # fmt: skip
    refused = run_cli(*create, "--space", "warmup_ratio=uniform:0,0.2",
                      "--when", "warmup_ratio:schedule=linear")  # fmt: skip

    assert no_entry.exit_code == 2
    assert "warmup_ratio has no --space entry" in usage_error(no_entry.output)
    assert malformed.exit_code == 2 and "NAME:PARENT=V1,V2" in usage_error(malformed.output)
    # Shaped by the CLI, checked by the server: linear is not a value of schedule.
    assert refused.exit_code == 1 and "HTTP 422" in refused.stderr
    assert "search_space.warmup_ratio.when: 'linear' not among the values of schedule" in (
        refused.stderr
    )
    after = httpx.get(f"{server.url}/api/tuning/jobs", params={"limit": 100}).json()["data"]
    assert len(after) == len(before)


def test_a_body_file_is_sent_with_the_options_on_top(server, source, tmp_path: Path):
    key = build_dataset(server, source)
    body = {
        "name": "from-file",
        "dataset_key": key,
        "objective": {"metric": "eval_loss"},
        "search_space": {"learning_rate": {"type": "uniform", "min": 0.001, "max": 0.01}},
        "num_samples": 7,
    }
    path = tmp_path / "search.json"
    path.write_text(json.dumps(body))

    result = run_cli("tune", "create", "--file", str(path), "--samples", "2",
                     "--json", "--url", server.url)  # fmt: skip

    assert result.exit_code == 0, result.output
    job = json.loads(result.stdout)
    assert (job["name"], job["num_samples"]) == ("from-file", 2)
    assert job["objective"]["metric"] == "eval_loss" and job["objective"]["direction"] == "min"


def test_the_servers_refusal_is_printed_and_nothing_is_stored(server, source):
    key = build_dataset(server, source)
    before = httpx.get(f"{server.url}/api/tuning/jobs", params={"limit": 100}).json()["data"]

    result = run_cli("tune", "create", "--name", "bad", "--dataset", key,
                     "--space", "dropout=uniform:0,0.5", "--url", server.url)  # fmt: skip

    assert result.exit_code == 1
    assert "HTTP 422" in result.stderr
    assert "unknown hyperparameter(s) dropout" in result.stderr
    assert "learning_rate" in result.stderr  # the tunable ones are listed
    after = httpx.get(f"{server.url}/api/tuning/jobs", params={"limit": 100}).json()["data"]
    assert len(after) == len(before)


def test_start_list_and_cancel(server, source):
    key = build_dataset(server, source)
    created = run_cli("tune", "create", "--name", f"s-{source}", "--dataset", key,
                      "--space", "learning_rate=loguniform:1e-4,1e-2",
                      "--objective", "eval_loss", "--url", server.url)  # fmt: skip
    job_id = created_id(created.stdout)

    started = run_cli("tune", "start", job_id, "--url", server.url)
    again = run_cli("tune", "start", job_id, "--url", server.url)
    listed = run_cli("tune", "list", "--status", "queued", "--url", server.url)
    cancelled = run_cli("tune", "cancel", job_id, "--url", server.url)

    assert started.exit_code == 0, started.output
    assert f"started search {job_id} (queued)" in started.stdout
    assert again.exit_code == 1 and "HTTP 409" in again.stderr
    assert job_id in listed.stdout and f"s-{source}" in listed.stdout
    assert cancelled.exit_code == 0 and f"search {job_id}: cancelled" in cancelled.stdout
    assert search(server, job_id)["status"] == "cancelled"


async def test_show_and_best_with_a_run_and_a_promotion(server, server_db, source):
    key = build_dataset(server, source)
    created = run_cli("tune", "create", "--name", "lr", "--dataset", key,
                      "--space", "learning_rate=loguniform:1e-4,1e-2",
                      "--objective", "eval_loss", "--steps", "12", "--url", server.url)  # fmt: skip
    job_id = created_id(created.stdout)
    trained = await succeeded_run(server, server_db, key)
    async with server_db() as s:
        await service.record_trial(s, job_id, "t1", params={"learning_rate": 0.002},
                                   status="succeeded", run_id=trained, final_metric=0.75,
                                   intermediate_point=(12, 0.75))  # fmt: skip
        await service.record_trial(s, job_id, "t2", params={"learning_rate": 0.0001},
                                   status="stopped", intermediate_point=(6, 2.5))  # fmt: skip
        await service.record_trial(s, job_id, "t3", params={"learning_rate": 0.009},
                                   status="failed", error="loss became NaN")  # fmt: skip

    shown = run_cli("tune", "show", job_id, "--url", server.url)
    best = run_cli("tune", "best", job_id, "--run", "--promote", f"m-{source}",
                   "--url", server.url)  # fmt: skip

    assert shown.exit_code == 0, shown.output
    assert re.search(r"t1\*\s+succeeded\s+0\.002\s+0\.750\s+0\.750\s+" + trained, shown.stdout)
    assert re.search(r"t2\s+stopped\s+0\.0001\s+2\.500\s+-", shown.stdout)
    assert re.search(r"t3\s+failed\s+0\.009\s+-\s+-\s+-\s+loss became NaN", shown.stdout)
    assert best.exit_code == 0, best.output
    assert "objective  eval_loss = 0.750 (min)" in best.stdout
    queued = re.search(r"queued run ([0-9a-f-]{36}) with the best config", best.stdout)
    assert queued, best.stdout
    async with httpx.AsyncClient(base_url=server.url) as client:
        run = (await client.get(f"/api/tunix/runs/{queued.group(1)}")).json()
        versions = (await client.get(f"/api/models/m-{source}/versions")).json()["data"]
    assert run["config"]["learning_rate"] == 0.002 and run["config"]["max_steps"] == 12
    assert f"registered registry://m-{source}@1" in best.stdout
    version = versions[0]
    assert version["source_run_id"] == trained
