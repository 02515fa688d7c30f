"""`python -m tunix_rt_training bench`: this package's own throughput on this machine.

Trains a preset for a few steps on generated 2-digit additions, then generates with the
export at several batch sizes, all through the real code paths. It needs no server and
no PyTorch; `make bench-train` (bench/train.py) adds the PyTorch peer and the ratios.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from tunix_rt.generators.registry import get_generator
from tunix_rt_training.config import GenerateConfig, TrainConfig
from tunix_rt_training.events import Reporter
from tunix_rt_training.run_dir import EXPORT, RunDir


def _write_traces(path: Path, count: int) -> None:
    traces = get_generator("arithmetic").generate(count, 0, {"digits": 2, "operations": ["add"]})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in traces))


def run_benchmark(
    preset: str,
    steps: int,
    batch_size: int,
    max_seq_length: int,
    generate_batches: list[int],
    max_new_tokens: int,
    reporter: Reporter,
) -> dict[str, Any]:
    from tunix_rt_training.generate import generate
    from tunix_rt_training.train import run_training

    with tempfile.TemporaryDirectory(prefix="tunix-rt-bench-") as tmp:
        root = Path(tmp)
        data = root / "data" / "train.jsonl"
        _write_traces(data, max(batch_size * steps, 256))
        config = TrainConfig(
            model=preset,
            max_steps=steps,
            batch_size=batch_size,
            max_seq_length=max_seq_length,
            eval_every_n_steps=steps,
            checkpoint_every_n_steps=steps,
        )
        started = time.perf_counter()
        outcome = run_training(config, data, None, RunDir(root / "run"), reporter)
        assert outcome.result is not None
        metrics = outcome.result["metrics"]
        train = {
            "preset": preset,
            "parameters": outcome.result["model"]["parameters"],
            "batch_size": batch_size,
            "max_seq_length": max_seq_length,
            "steps": steps,
            "tokens_per_s": metrics.get("tokens_per_s"),
            "step_time_s": metrics.get("step_time_s"),
            "first_step_s": metrics.get("first_step_s"),
            "wall_s": round(time.perf_counter() - started, 2),
        }
        items = root / "data" / "items.jsonl"
        items.write_bytes(data.read_bytes())
        generation = {}
        for size in generate_batches:
            gen_config = GenerateConfig(
                model=str(root / "run" / EXPORT),
                max_new_tokens=max_new_tokens,
                batch_size=size,
            )
            sample = root / "data" / f"items-{size}.jsonl"
            sample.write_bytes(b"".join(items.read_bytes().splitlines(keepends=True)[: size * 3]))
            result = generate(gen_config, sample, root / f"preds-{size}.jsonl", reporter)
            generation[str(size)] = {
                # Includes the first batch, which compiles the sampler (see first_batch_s).
                "tokens_per_s_incl_compile": result["tokens_per_s"],
                "first_batch_s": result["first_batch_s"],
                "generated_tokens": result["generated_tokens"],
            }
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"train": train, "generate": generation, "peak_rss_mib": round(peak_rss_mib, 1)}
