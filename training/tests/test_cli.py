"""The CLI and the worker contract: run-job, exit codes, SIGTERM and resume."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from conftest import assert_valid_event_stream, losses, parse_events

from tunix_rt_training.__main__ import main

pytestmark = pytest.mark.slow

JOB_CONFIG = {
    "max_steps": 12,
    "batch_size": 8,
    "max_seq_length": 96,
    "checkpoint_every_n_steps": 3,
    "eval_every_n_steps": 6,
    "device": "cpu",
}


def write_job(run_dir: Path, traces, config, kind="train", attempt=1) -> Path:
    data = run_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    if kind == "train":
        (data / "train.jsonl").write_bytes(traces[0].read_bytes())
        (data / "eval.jsonl").write_bytes(traces[1].read_bytes())
    else:
        (data / "items.jsonl").write_bytes(traces[1].read_bytes())
    spec = run_dir / "SPEC.json"
    spec.write_text(
        json.dumps(
            {
                "job_id": "job-1",
                "kind": kind,
                "attempt": attempt,
                "run_dir": str(run_dir),
                "spec": {"dataset_key": "arith", "config": config},
            }
        )
    )
    return spec


def start_job(spec: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tunix_rt_training", "run-job", str(spec)],
        cwd=spec.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_run_job_stops_on_sigterm_with_a_checkpoint_and_resumes(traces, tmp_path):
    run_dir = tmp_path / "run"
    spec = write_job(run_dir, traces, JOB_CONFIG)
    job = start_job(spec)
    lines = []
    assert job.stdout is not None
    for line in job.stdout:
        lines.append(line)
        event = orjson.loads(line)
        if event["event"] == "checkpoint" and event["step"] == 3:
            job.send_signal(signal.SIGTERM)
    assert job.wait(timeout=60) == 143
    first = assert_valid_event_stream(b"".join(lines))
    stopped_at = max(e["step"] for e in first if e["event"] == "checkpoint")
    assert 3 <= stopped_at < 12 and (run_dir / "checkpoints" / str(stopped_at)).is_dir()
    assert not any(e["event"] == "result" for e in first)
    assert "stopped by signal 15" in first[-1]["message"]

    spec = write_job(run_dir, traces, JOB_CONFIG, attempt=2)
    resumed = subprocess.run(
        [sys.executable, "-m", "tunix_rt_training", "run-job", str(spec)],
        cwd=run_dir,
        capture_output=True,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    second = assert_valid_event_stream(resumed.stdout)
    assert min(losses(second)) == stopped_at + 1 and max(losses(second)) == 12
    assert second[-1]["event"] == "result"
    result = second[-1]["result"]
    assert result["resumed_from_step"] == stopped_at and result["step"] == 12
    assert result["versions"]["google-tunix"] == "0.1.7"
    assert (run_dir / "export" / "model.safetensors").exists()


def test_bad_config_key_exits_2_naming_the_key(traces, tmp_path, capfd):
    spec = write_job(tmp_path, traces, {"lerning_rate": 0.1})
    assert main(["run-job", str(spec)]) == 2
    out, err = capfd.readouterr()
    assert "lerning_rate: unknown key (did you mean 'learning_rate'?)" in err
    assert parse_events(out.encode())[-1]["level"] == "error"


def test_missing_gpu_exits_4_with_a_clear_message(traces, tmp_path, capfd):
    spec = write_job(tmp_path, traces, {**JOB_CONFIG, "device": "gpu"})
    assert main(["run-job", str(spec)]) == 4
    err = capfd.readouterr().err
    assert "device: 'gpu' was requested but JAX has no gpu backend" in err.splitlines()[-1]


def test_generate_job_writes_predictions_and_a_result(trained, traces, tmp_path, capfd):
    spec = write_job(
        tmp_path,
        traces,
        {"model": str(trained.run_dir / "export"), "max_new_tokens": 16, "batch_size": 8},
        kind="generate",
    )
    assert main(["run-job", str(spec)]) == 0
    events = assert_valid_event_stream(capfd.readouterr().out.encode())
    assert {"event": "artifact", "path": "predictions.jsonl", "kind": "predictions"} in events
    assert events[-1]["result"]["count"] == 16
    assert len((tmp_path / "predictions.jsonl").read_bytes().splitlines()) == 16


def test_train_command_reads_a_yaml_config(traces, tmp_path, capfd):
    config = tmp_path / "run.yaml"
    config.write_text("max_steps: 2\nbatch_size: 8\nmax_seq_length: 96\ndevice: cpu\n")
    args = [
        "train",
        "--config",
        str(config),
        "--data",
        str(traces[0]),
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(args) == 0
    events = assert_valid_event_stream(capfd.readouterr().out.encode())
    assert events[-1]["result"]["config"]["max_steps"] == 2
    assert sorted(losses(events)) == [1, 2]
    assert os.path.isdir(tmp_path / "o" / "export")


def test_dry_run_job_reports_token_statistics_and_trains_nothing(traces, tmp_path, capfd):
    spec = write_job(tmp_path, traces, JOB_CONFIG)
    job = json.loads(spec.read_text())
    job["spec"]["dry_run"] = True
    spec.write_text(json.dumps(job))
    assert main(["run-job", str(spec)]) == 0
    events = assert_valid_event_stream(capfd.readouterr().out.encode())
    result = events[-1]["result"]
    assert result["dry_run"] is True and result["total_steps"] > 0
    train = result["tokens"]["train"]
    assert train["examples"] == 48 and train["tokens"] >= train["loss_tokens"] > 0
    assert result["tokens"]["eval"]["examples"] == 16
    assert result["model"]["parameters"] > 0 and result["config"]["batch_size"] > 0
    assert not any(e["event"] == "metric" for e in events)
    assert not (tmp_path / "checkpoints").exists() and not (tmp_path / "export").exists()


def test_bench_command_measures_training_and_generation(capfd):
    argv = ["bench", "--steps", "3", "--batch-size", "8", "--max-seq-length", "96"]
    argv += ["--generate-batches", "2", "--max-new-tokens", "8"]
    assert main(argv) == 0
    result = assert_valid_event_stream(capfd.readouterr().out.encode())[-1]["result"]
    train = result["train"]
    assert train["steps"] == 3 and train["tokens_per_s"] > 0 and train["first_step_s"] > 0
    assert result["generate"]["2"]["generated_tokens"] > 0 and result["peak_rss_mib"] > 0
