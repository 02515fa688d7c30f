"""A 4-device CPU mesh (simulated with XLA_FLAGS) trains like a single device."""

import os
import subprocess
import sys

import orjson
import pytest

pytestmark = pytest.mark.slow

SCRIPT = """
import io, sys, orjson
from pathlib import Path
from tunix_rt_training.config import TrainConfig, config_from_dict
from tunix_rt_training.events import Reporter
from tunix_rt_training.run_dir import RunDir
from tunix_rt_training.train import run_training

train, evals, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
curves = {}
for fsdp, tp in [(1, 1), (2, 2)]:
    config = config_from_dict(TrainConfig, {
        "max_steps": 6, "batch_size": 8, "max_seq_length": 96, "learning_rate": 3e-3,
        "eval_every_n_steps": 6, "checkpoint_every_n_steps": 6, "device": "cpu",
        "mesh": {"fsdp": fsdp, "tp": tp}})
    stream = io.BytesIO()
    outcome = run_training(config, train, evals, RunDir(out / f"{fsdp}x{tp}"),
                           Reporter(stream, show_progress=False))
    events = [orjson.loads(line) for line in stream.getvalue().splitlines()]
    curves[f"{fsdp}x{tp}"] = {
        "loss": [e["values"]["loss"] for e in events if "loss" in e.get("values", {})],
        "devices": outcome.result["devices"],
    }
sys.stdout.write("CURVES " + orjson.dumps(curves).decode() + "\\n")
"""


def test_fsdp_tp_mesh_matches_single_device_loss(traces, tmp_path):
    env = {**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=4"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(traces[0]), str(traces[1]), str(tmp_path)],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith(b"CURVES "))
    curves = orjson.loads(line.removeprefix(b"CURVES "))
    single, mesh = curves["1x1"], curves["2x2"]
    assert single["devices"]["count"] == 1 and single["devices"]["host_device_count"] == 4
    assert mesh["devices"]["count"] == 4 and mesh["devices"]["mesh"] == {"fsdp": 2, "tp": 2}
    assert len(mesh["loss"]) == len(single["loss"]) == 6
    assert mesh["loss"] == pytest.approx(single["loss"], abs=1e-4)
