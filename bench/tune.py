#!/usr/bin/env python
"""A small hyperparameter search with the `tune` job's own code: random search vs TPE.

The `tiny` preset learns two-digit addition; 8 trials per search over learning rate and
warmup ratio, ASHA early stopping on eval loss, and each finished trial judged with
`answer_correctness` on 64 held-out problems. Both searches get the same budget, data and
seed. Reported: wall time, trials stopped early, and the best versus the worst finished
trial's accuracy.

    .venv/bin/python bench/tune.py            # 15-22 min on 2 cores, with the load
    .venv/bin/python bench/tune.py --quick    # smoke run, 3 trials of 16 steps

Writes bench/results/tune.json and bench/results/tune.md (tune-quick.* with --quick).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("JAX_PLATFORMS", "cpu")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import orjson  # noqa: E402
from machine import machine_info, save_report  # noqa: E402

from tunix_rt.generators.registry import get_generator  # noqa: E402

PACKAGES = ("ray", "optuna", "jax", "google-tunix", "flax")


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def write_data(job_dir: Path, n_eval: int) -> None:
    traces = get_generator("arithmetic").generate(4000, 21, {"digits": 2, "operations": ["add"]})
    unique = list({t["prompt"]: t for t in traces}.values())
    random.Random(21).shuffle(unique)
    held_out, train = unique[:n_eval], unique[n_eval:]
    data = job_dir / "data"
    data.mkdir(parents=True)
    (data / "train.jsonl").write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in train))
    (data / "eval.jsonl").write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in held_out))
    items = [
        {
            "position": k,
            "id": f"q{k}",
            "prompt": t["prompt"],
            "expected_answer": t["final_answer"],
            "meta": t["meta"],
        }
        for k, t in enumerate(held_out)
    ]
    (data / "items.jsonl").write_bytes(b"".join(orjson.dumps(i) + b"\n" for i in items))


def search(root: Path, algorithm: str, samples: int, steps: int, n_eval: int) -> dict[str, Any]:
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.tune import run_search

    job_dir = root / "runs" / f"search-{algorithm}"
    write_data(job_dir, n_eval)
    spec = {
        "tuning_job_id": f"bench-{algorithm}",
        "base_model": "tiny",
        "template": "chatml",
        "objective": {
            "kind": "judge",
            "metric": "mean",
            "direction": "max",
            "judge": "answer_correctness",
            "judge_params": {},
            "generation": {"max_new_tokens": 112, "batch_size": 32},
            "eval_limit": None,
        },
        "search_space": {
            "learning_rate": {"type": "loguniform", "min": 3e-4, "max": 3e-2},
            "warmup_ratio": {"type": "uniform", "min": 0.0, "max": 0.3},
        },
        "fixed_config": {
            "batch_size": 32,
            "max_seq_length": 160,
            "eval_every_n_steps": max(1, steps // 4),
            "device": "cpu",
        },
        "trial_max_steps": steps,
        "num_samples": samples,
        "max_concurrent_trials": 1,
        "search_alg": algorithm,
        "seed": 7,
        "scheduler": {"type": "asha", "grace_period": 1, "reduction_factor": 2},
    }
    events_path = root / f"events-{algorithm}.jsonl"
    started = time.perf_counter()
    with events_path.open("wb") as stream:
        result = run_search(spec, RunDir(job_dir), Reporter(stream, show_progress=False))
    wall = time.perf_counter() - started
    trials: dict[str, dict[str, Any]] = {}
    for line in events_path.read_bytes().splitlines():
        event = orjson.loads(line)
        if event.get("event") != "trial" or "status" not in event:
            continue
        trial = trials.setdefault(event["trial_key"], {})
        trial["status"] = event["status"]
        if "params" in event:
            trial["params"] = event["params"]
        if event.get("final_metric") is not None:
            trial["accuracy"] = event["final_metric"]
    finished = [t for t in trials.values() if "accuracy" in t]
    best = max(finished, key=lambda t: t["accuracy"]) if finished else None
    worst = min(finished, key=lambda t: t["accuracy"]) if finished else None
    return {
        "algorithm": algorithm,
        "wall_s": wall,
        "trials": len(trials),
        "stopped_early": sum(t["status"] == "stopped" for t in trials.values()),
        "failed": sum(t["status"] == "failed" for t in trials.values()),
        "finished": len(finished),
        "best": best,
        "worst": worst,
        "all": list(trials.values()),
        "result": result,
    }


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        "# tunix-rt tuning benchmark",
        "",
        f"{report['started']} · {m['cpu_model']} · {m['cpu_count']} cores · "
        f"{m['memory_gib']} GiB · Python {m['python']} · git {str(m['git_commit'])[:10]}",
        "",
        f"`tiny` on two-digit addition, {report['samples']} trials per search of "
        f"{report['steps']} steps (batch 32), one trial at a time on a local Ray; search space "
        "learning_rate loguniform [3e-4, 3e-2] × warmup_ratio uniform [0, 0.3]; ASHA on eval "
        f"loss (grace 1 evaluation, reduction factor 2); objective answer_correctness on "
        f"{report['held_out']} held-out problems. Same data, budget and seed for both.",
        "",
        "| search | wall time | trials stopped early | finished | best accuracy (params) | "
        "worst finished accuracy |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for s in report["searches"]:
        best, worst = s["best"], s["worst"]
        best_text = (
            f"{best['accuracy']:.3f} (lr {best['params']['learning_rate']:.2e}, "
            f"warmup {best['params']['warmup_ratio']:.2f})"
            if best
            else "–"
        )
        worst_text = f"{worst['accuracy']:.3f}" if worst else "–"
        lines.append(
            f"| {s['algorithm']} | {s['wall_s']:.0f} s | {s['stopped_early']} of {s['trials']} | "
            f"{s['finished']} | {best_text} | {worst_text} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    samples, steps, n_eval = (3, 16, 16) if args.quick else (8, 160, 64)
    report: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(PACKAGES),
        "samples": samples,
        "steps": steps,
        "held_out": n_eval,
        "searches": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-tune-") as tmp:
        for algorithm in ("random", "tpe"):
            log(f"{algorithm} search: {samples} trials of {steps} steps")
            report["searches"].append(search(Path(tmp), algorithm, samples, steps, n_eval))
    name = "tune-quick" if args.quick else "tune"
    save_report(name, report, render(report))


if __name__ == "__main__":
    main()
