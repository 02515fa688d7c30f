"""Training behaviour on a tiny model: learning, determinism, resume, LoRA, devices."""

import json

import jax
import numpy as np
import pytest
from conftest import TINY_RUN, losses, train_in_process
from flax import nnx

from tunix_rt_training import train as train_module
from tunix_rt_training.config import MeshConfig
from tunix_rt_training.devices import DeviceUnavailableError, make_mesh, select_devices
from tunix_rt_training.models import create_model

pytestmark = pytest.mark.slow


def test_loss_decreases_on_arithmetic_traces(trained):
    curve = losses(trained.events)
    assert sorted(curve) == list(range(1, 25))
    first, last = np.mean([curve[s] for s in (1, 2, 3)]), np.mean([curve[s] for s in (22, 23, 24)])
    assert last < 0.5 * first
    evals = [e["values"]["eval_loss"] for e in trained.events if "eval_loss" in e.get("values", {})]
    assert len(evals) == 4 and evals[-1] < 0.5 * evals[0]  # steps 0, 8, 16, 24


def test_every_step_streams_its_metrics_and_progress(trained):
    metrics = [e for e in trained.events if e["event"] == "metric" and "loss" in e["values"]]
    for event in metrics:
        assert {"loss", "learning_rate", "grad_norm", "tokens_per_s", "step_time"} <= set(
            event["values"]
        )
        assert event["values"]["tokens_per_s"] > 0 and event["values"]["grad_norm"] > 0
    progress = [e for e in trained.events if e["event"] == "progress"]
    assert [p["step"] for p in progress] == list(range(1, 25))
    assert progress[-1]["total"] == 24 and progress[-1]["epoch"] == 4.0
    # Warmup then cosine decay: the peak is the configured rate, the end near zero.
    rates = [m["values"]["learning_rate"] for m in metrics]
    assert max(rates) == pytest.approx(TINY_RUN["learning_rate"], rel=0.05)
    assert rates[-1] < 0.01 * TINY_RUN["learning_rate"]


def test_checkpoints_are_reported_and_only_the_newest_kept(trained):
    reported = [(e["step"], e["path"]) for e in trained.events if e["event"] == "checkpoint"]
    assert reported == [(8, "checkpoints/8"), (16, "checkpoints/16"), (24, "checkpoints/24")]
    on_disk = sorted(int(p.name) for p in (trained.run_dir / "checkpoints").iterdir())
    assert on_disk == [8, 16, 24]


def test_result_holds_metrics_config_versions_and_devices(trained):
    result = trained.outcome.result
    assert result["step"] == result["total_steps"] == 24
    assert result["metrics"]["loss"] == losses(trained.events)[24]
    assert result["metrics"]["eval_perplexity"] > 1 and result["metrics"]["tokens_per_s"] > 0
    assert result["config"]["max_steps"] == 24 and result["config"]["schedule"] == "cosine"
    assert result["versions"]["google-tunix"] == "0.1.7" and result["versions"]["jax"]
    assert result["devices"]["platform"] == "cpu" and result["devices"]["mesh"] == {
        "fsdp": 1,
        "tp": 1,
    }
    assert json.loads((trained.run_dir / "result.json").read_text())["step"] == 24
    assert [e for e in trained.events if e["event"] == "artifact"] == [
        {"event": "artifact", "path": "export", "kind": "model"}
    ]


def test_same_seed_and_config_give_an_identical_loss_curve(trained, traces, tmp_path):
    again = train_in_process(tmp_path / "again", traces)
    assert losses(again.events) == losses(trained.events)


def test_a_killed_run_resumes_from_its_checkpoint_to_the_same_curve(
    trained, traces, tmp_path, monkeypatch
):
    class KilledAfter19Batches(train_module.TrainStream):
        def __iter__(self):
            for index, batch in enumerate(super().__iter__()):
                if index == 19:
                    raise KeyboardInterrupt("simulated kill")  # no close(), no final save
                yield batch

    monkeypatch.setattr(train_module, "TrainStream", KilledAfter19Batches)
    with pytest.raises(KeyboardInterrupt):
        train_in_process(tmp_path / "run", traces)
    assert sorted(p.name for p in (tmp_path / "run" / "checkpoints").iterdir()) == ["16", "8"]
    monkeypatch.undo()

    resumed = train_in_process(tmp_path / "run", traces)
    assert resumed.outcome.result["resumed_from_step"] == 16
    curve = losses(resumed.events)
    assert sorted(curve) == list(range(17, 25))
    reference = losses(trained.events)
    assert all(curve[step] == pytest.approx(reference[step], abs=1e-6) for step in curve)


def test_a_changed_config_does_not_resume_foreign_checkpoints(trained, traces):
    from tunix_rt_training.run_dir import RunDirConflictError

    with pytest.raises(RunDirConflictError, match="changed: learning_rate"):
        train_in_process(trained.run_dir, traces, learning_rate=1e-4)


def test_lora_trains_only_the_adapters(lora_trained):
    loaded = lora_trained.outcome.model
    trainable = lora_trained.outcome.result["model"]["trainable_parameters"]
    assert trainable == nnx_size(loaded.model, nnx.LoRAParam) > 0
    fresh = create_model("tiny", 0, make_mesh(MeshConfig(), select_devices("cpu")))
    base_after, base_before = base_params(loaded.model), base_params(fresh.model)
    assert base_after.keys() == base_before.keys()
    assert all(np.array_equal(base_after[k], base_before[k]) for k in base_before)
    adapters_b = [
        np.asarray(v.value)
        for p, v in nnx.iter_graph(loaded.model)
        if isinstance(v, nnx.LoRAParam) and str(p[-1]).endswith("lora_b")
    ]
    assert adapters_b and all(np.abs(b).max() > 0 for b in adapters_b)  # B starts at zero
    # Only the adapters are checkpointed.
    saved = lora_trained.run_dir / "checkpoints" / "6" / "model_params" / "_METADATA"
    assert "lora_a" in saved.read_text() and "input_embedding" not in saved.read_text()


def test_requested_gpu_that_is_missing_fails_clearly(traces, tmp_path):
    with pytest.raises(
        DeviceUnavailableError, match="device: 'gpu' was requested but JAX has no gpu"
    ):
        train_in_process(tmp_path / "gpu", traces, device="gpu")


def base_params(model):
    return {
        ".".join(map(str, p)): np.asarray(v.value)
        for p, v in nnx.iter_graph(model)
        if isinstance(v, nnx.Param) and not isinstance(v, nnx.LoRAParam)
    }


def nnx_size(model, kind):
    return sum(x.size for x in jax.tree.leaves(nnx.state(model, kind)))


def test_data_with_no_completion_token_left_is_refused_not_trained_on(traces, tmp_path):
    # At 8 tokens every prompt is cut before its answer: the loss would be a meaningless 0.
    with pytest.raises(
        train_module.DataError,
        match=r"none of the 48 train examples has a completion token left after cutting "
        r"to max_seq_length=8; raise max_seq_length",
    ):
        train_in_process(tmp_path / "short", traces, max_seq_length=8)
    assert not (tmp_path / "short" / "checkpoints").exists()
