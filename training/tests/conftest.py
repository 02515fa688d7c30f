"""Shared fixtures: arithmetic trace files and one trained tiny run reused across tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from tunix_rt.generators.registry import get_generator

# Small enough for 2 CPU cores, long enough for the loss to fall clearly.
TINY_RUN = {
    "max_steps": 24,
    "batch_size": 8,
    "max_seq_length": 96,
    "learning_rate": 3e-3,
    "eval_every_n_steps": 8,
    "checkpoint_every_n_steps": 8,
    "keep_checkpoints": 3,
    "device": "cpu",
}


def write_traces(path: Path, count: int, seed: int, digits: int = 1) -> Path:
    traces = get_generator("arithmetic").generate(
        count, seed, {"digits": digits, "operations": ["add"]}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in traces))
    return path


@pytest.fixture(scope="session")
def traces(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(train.jsonl with 48 one-digit additions, eval.jsonl with 16 others)."""
    root = tmp_path_factory.mktemp("traces")
    return write_traces(root / "train.jsonl", 48, seed=0), write_traces(
        root / "eval.jsonl", 16, seed=1
    )


def parse_events(raw: bytes) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in raw.splitlines() if line.strip()]


def losses(events: list[dict[str, Any]]) -> dict[int, float]:
    return {
        e["step"]: e["values"]["loss"]
        for e in events
        if e["event"] == "metric" and "loss" in e["values"]
    }


@dataclass
class Run:
    run_dir: Path
    events: list[dict[str, Any]]
    outcome: Any


def train_in_process(run_dir: Path, traces: tuple[Path, Path], **overrides: Any) -> Run:
    from tunix_rt_training.config import TrainConfig, config_from_dict
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.train import run_training

    config = config_from_dict(TrainConfig, {**TINY_RUN, **overrides})
    stream = io.BytesIO()
    try:
        outcome = run_training(
            config, traces[0], traces[1], RunDir(run_dir), Reporter(stream, show_progress=False)
        )
    finally:
        events = parse_events(stream.getvalue())
    return Run(run_dir, events, outcome)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory, traces: tuple[Path, Path]) -> Run:
    """A completed 24-step tiny run (checkpoints every 8 steps, eval every 8)."""
    return train_in_process(tmp_path_factory.mktemp("trained") / "run", traces)


@pytest.fixture(scope="session")
def lora_trained(tmp_path_factory: pytest.TempPathFactory, traces: tuple[Path, Path]) -> Run:
    """A 6-step tiny run with rank-4 LoRA adapters on every projection."""
    return train_in_process(
        tmp_path_factory.mktemp("lora") / "run",
        traces,
        max_steps=6,
        lora={"rank": 4, "alpha": 8},
        learning_rate=1e-2,
        checkpoint_every_n_steps=6,
    )


REQUIRED = {
    "log": {"message"},
    "metric": {"step", "values"},
    "progress": {"step", "total"},
    "checkpoint": {"step", "path"},
    "artifact": {"path", "kind"},
    "result": {"result"},
}


def assert_valid_event_stream(raw: bytes) -> list[dict]:
    """Every stdout line is one JSON object with the fields docs/jobs.md requires."""
    events = []
    for line in raw.splitlines():
        event = orjson.loads(line)
        assert event["event"] in REQUIRED, event
        assert REQUIRED[event["event"]] <= event.keys(), event
        if event["event"] == "metric":
            assert isinstance(event["step"], int)
            assert all(isinstance(v, int | float) or v is None for v in event["values"].values())
        if event["event"] in ("checkpoint", "artifact"):
            assert not event["path"].startswith("/"), "paths are relative to run_dir"
        events.append(event)
    return events
