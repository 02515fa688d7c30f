#!/usr/bin/env python
"""Evaluation throughput and the accuracy of the trained `tiny` model on held-out arithmetic.

1. Generates two-digit additions with the built-in `arithmetic` generator and holds out
   problems the model never sees in training (split by problem, not by trace).
2. Trains the `tiny` preset on the rest with the real training path (Tunix on JAX, CPU).
3. Runs the real `evaluate` job code (`tunix_rt_training.evaluate.evaluate`: batched Tunix
   generation, then the judges) on the held-out problems and reports items/s for the
   generation and judging phases separately, plus accuracy with bootstrap 95% CIs under
   answer_correctness, arithmetic_consistency and trace_format.
4. Peer for the generation phase: the obvious alternative, answering one item at a time
   (batch size 1, same model, same prompts, same token budget), on a subset.
5. The judges' own throughput on 100,000 synthetic pairs (bench/judges.py, with its peer).

    .venv/bin/python bench/eval.py            # ~6 min on 2 cores
    .venv/bin/python bench/eval.py --quick    # smoke run, ~2 min

Writes bench/results/eval.json and bench/results/eval.md (eval-quick.* with --quick).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
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

import judges as judges_bench  # noqa: E402
import orjson  # noqa: E402
from machine import machine_info, save_report  # noqa: E402

from tunix_rt.core.stats import bootstrap_ci, wilson_interval  # noqa: E402
from tunix_rt.generators.registry import get_generator  # noqa: E402

JUDGES = ["answer_correctness", "arithmetic_consistency", "trace_format"]
PACKAGES = ("jax", "jaxlib", "google-tunix", "flax", "numpy")


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def held_out_problems(n_eval: int, seed: int) -> tuple[list[dict], list[dict]]:
    """(train, eval) traces of distinct two-digit additions; no eval problem is trained on."""
    traces = get_generator("arithmetic").generate(6000, seed, {"digits": 2, "operations": ["add"]})
    unique = list({t["prompt"]: t for t in traces}.values())
    random.Random(seed).shuffle(unique)
    return unique[n_eval:], unique[:n_eval]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def train_tiny(root: Path, train: list[dict], evals: list[dict], steps: int) -> dict[str, Any]:
    from tunix_rt_training.config import TrainConfig, config_from_dict
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.train import run_training

    config = config_from_dict(
        TrainConfig,
        {
            "model": "tiny",
            "max_steps": steps,
            "batch_size": 32,
            "max_seq_length": 160,
            "learning_rate": 3e-3,
            "eval_every_n_steps": steps,
            "checkpoint_every_n_steps": steps,
            "device": "cpu",
            "seed": 0,
        },
    )
    run = RunDir(root / "train")
    started = time.perf_counter()
    outcome = run_training(
        config,
        write_jsonl(root / "train.jsonl", train),
        write_jsonl(root / "heldout.jsonl", evals[:64]),
        run,
        Reporter(io.BytesIO(), show_progress=False),
    )
    assert outcome.result is not None, outcome.status
    return {
        "steps": steps,
        "train_traces": len(train),
        "time_s": time.perf_counter() - started,
        "export": str(run.export),
        "final_loss": outcome.result.get("final_loss") or outcome.result.get("loss"),
        "eval_loss": outcome.result.get("eval_loss"),
    }


def items_of(traces: list[dict]) -> list[dict[str, Any]]:
    return [
        {
            "position": k,
            "id": f"heldout-{k}",
            "prompt": t["prompt"],
            "expected_answer": t["final_answer"],
            "meta": t["meta"],
        }
        for k, t in enumerate(traces)
    ]


def run_evaluation(
    root: Path, export: str, items: list[dict], batch_size: int, name: str
) -> dict[str, Any]:
    from tunix_rt_training.config import GenerateConfig, config_from_dict
    from tunix_rt_training.evaluate import evaluate
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.signals import StopRequest

    run = RunDir(root / f"evaluate-{name}-b{batch_size}")
    write_jsonl(run.items_data, items)
    spec = {"judges": [{"name": name, "params": {}} for name in JUDGES], "judge_models": {}}
    config = config_from_dict(
        GenerateConfig,
        {"model": export, "max_new_tokens": 160, "batch_size": batch_size, "device": "cpu"},
    )
    with StopRequest() as stop:
        result = evaluate(spec, config, run, Reporter(io.BytesIO(), show_progress=False), stop)
    assert result is not None
    verdicts = [orjson.loads(x) for x in (run.root / "judgements.jsonl").read_bytes().splitlines()]
    scores: dict[str, Any] = {}
    for name in JUDGES:
        values = [v["scores"][name]["score"] for v in verdicts]
        scored = [float(x) for x in values if x is not None]
        mean, low, high = bootstrap_ci(scored, confidence=0.95, resamples=2000, seed=0)
        outcomes = [v["scores"][name]["outcome"] for v in verdicts]
        decided = outcomes.count("pass") + outcomes.count("fail")
        pass_low, pass_high = wilson_interval(outcomes.count("pass"), decided)
        scores[name] = {
            "pass_rate_wilson": [pass_low, pass_high],
            "mean": mean,
            "ci_low": low,
            "ci_high": high,
            "n": len(scored),
            "passed": outcomes.count("pass"),
            "failed": outcomes.count("fail"),
            "unparseable": outcomes.count("unparseable"),
        }
    wrong_steps = sum(
        1
        for v in verdicts
        if v["scores"]["arithmetic_consistency"]["details"].get("right_answer_wrong_steps")
    )
    return {**result, "scores": scores, "right_answer_wrong_steps": wrong_steps}


def accuracy_table(evaluation: dict[str, Any]) -> list[str]:
    rows = [
        "| judge | mean | bootstrap 95% CI | pass rate, Wilson 95% | pass / fail / unparseable |",
        "|---|---:|---|---|---|",
    ]
    for name, s in evaluation["scores"].items():
        low, high = s["pass_rate_wilson"]
        rows.append(
            f"| {name} | {s['mean']:.3f} | [{s['ci_low']:.3f}, {s['ci_high']:.3f}] | "
            f"[{low:.3f}, {high:.3f}] | {s['passed']} / {s['failed']} / {s['unparseable']} |"
        )
    return rows


def render(report: dict[str, Any]) -> str:
    m, t, e, p, j = (
        report["machine"],
        report["training"],
        report["evaluation"],
        report["peer_one_at_a_time"],
        report["judges"],
    )
    lines = [
        "# tunix-rt evaluation benchmark",
        "",
        f"{report['started']} · {m['cpu_model']} · {m['cpu_count']} cores · "
        f"{m['memory_gib']} GiB · Python {m['python']} · git {str(m['git_commit'])[:10]}",
        "",
        f"**Model**: the `tiny` preset trained for {t['steps']} steps (batch 32) on "
        f"{t['train_traces']:,} distinct two-digit additions in {t['time_s']:.0f} s. "
        f"**Held out**: {e['count']} other two-digit additions, never trained on.",
        "",
        "## Accuracy on held-out arithmetic",
        "",
        "Mean score with its bootstrap 95% CI (what the API stores), and the pass rate's",
        "Wilson 95% interval, which stays informative when every item passes or fails.",
        "",
        f"### {e['count']} held-out two-digit additions (the trained length)",
        "",
        *accuracy_table(e),
        "",
        f"### {report['evaluation_3_digits']['count']} three-digit additions (longer than any "
        "trained problem)",
        "",
        *accuracy_table(report["evaluation_3_digits"]),
    ]
    lines += [
        "",
        f"Right final answer reached through a wrong stated step: "
        f"{e['right_answer_wrong_steps']} of {e['count']} items.",
        "",
        "## Evaluation throughput (the `evaluate` job's code, in process)",
        "",
        "| phase | ours: batched (batch 32) | peer: one item at a time | ours / peer |",
        "|---|---:|---:|---:|",
        f"| generation, items/s (compile included) | {e['generation']['items_per_s']:.2f} | "
        f"{p['generation']['items_per_s']:.2f} | "
        f"{e['generation']['items_per_s'] / p['generation']['items_per_s']:.1f}× |",
        f"| generation, tokens/s | {e['generation']['tokens_per_s']:.0f} | "
        f"{p['generation']['tokens_per_s']:.0f} | |",
        f"| judging (3 judges), items/s | {e['judging']['items_per_s']:,.0f} | "
        f"{p['judging']['items_per_s']:,.0f} | |",
        "",
        f"The peer answered the first {p['count']} held-out items; ours all {e['count']}.",
        "",
        "## Judges on synthetic pairs",
        "",
        judges_bench.render_table(j),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    steps, n_eval, n_peer, n_pairs = (40, 32, 8, 10_000) if args.quick else (500, 200, 32, 100_000)
    report: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(PACKAGES),
    }
    train, evals = held_out_problems(n_eval, seed=11)
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        root = Path(tmp)
        log(f"training tiny for {steps} steps on {len(train)} problems")
        report["training"] = train_tiny(root, train, evals, steps)
        items = items_of(evals)
        log(f"evaluating {len(items)} held-out items, batched")
        export = report["training"]["export"]
        report["evaluation"] = run_evaluation(root, export, items, 32, "heldout")
        log(f"peer: {n_peer} items one at a time")
        report["peer_one_at_a_time"] = run_evaluation(root, export, items[:n_peer], 1, "peer")
        longer = get_generator("arithmetic").generate(
            n_eval, 12, {"digits": 3, "operations": ["add"]}
        )
        log(f"evaluating {len(longer)} three-digit additions (longer than any trained)")
        report["evaluation_3_digits"] = run_evaluation(root, export, items_of(longer), 32, "3digit")
    log(f"judges on {n_pairs:,} synthetic pairs")
    report["judges"] = judges_bench.run(n_pairs)
    name = "eval-quick" if args.quick else "eval"
    save_report(name, report, render(report))


if __name__ == "__main__":
    main()
