#!/usr/bin/env python
"""Training and generation throughput of tunix-rt (JAX + Tunix) next to PyTorch + transformers.

Ours is the real code path: `tunix_rt_training.train.run_training` (Tunix PeftTrainer) on the
`tiny` and `small` presets, and `tunix_rt_training.generate.generate` (Tunix Sampler) on the
tiny model that run exported. The peer is the same Qwen3 architecture and size in PyTorch
with Hugging Face `transformers` (`Qwen3ForCausalLM` built from the `config.json` tunix-rt
exports for the preset), trained with AdamW on the very same token batches, and
`generate()` (greedy, KV cache) on the same exported weights and the same prompts.

Every measurement runs in a fresh subprocess, so peak RSS is per run and imports do not leak
between the two stacks (the peer never imports JAX; ours never needs torch).

    .venv/bin/python bench/train.py            # full run, ~10 min on 2 cores
    .venv/bin/python bench/train.py --quick    # smoke run, ~2 min
    .venv/bin/python bench/train.py --render bench/results/train.json   # redo the table only

Needs torch in the venv (`.venv/bin/pip install torch==2.13.0`, the CPU wheel; `make
bench-train` installs it). Writes bench/results/train.json and bench/results/train.md
(`train-quick.*` with --quick). See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import importlib.util
import io
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from machine import machine_info as shared_machine_info  # bench/ is sys.path[0]

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
TORCH_PIN = "2.13.0"
TEMPLATE = "chatml"
SEED = 0
WARMUP_STEPS = 2  # training steps left out of the steady-state figures (step 1 compiles)

# What each run measures. Batches and steps are fixed so ours and the peer see the same
# token arrays; the small preset gets fewer steps (its steps are ~10x slower).
PLANS: dict[str, dict[str, Any]] = {
    "full": {
        "train": {
            "tiny": {"batch_size": 32, "seq_len": 128, "steps": 40},
            "small": {"batch_size": 16, "seq_len": 128, "steps": 12},
        },
        "gen": {"batch_sizes": [1, 8, 32], "batches": {1: 6, 8: 4, 32: 3}, "max_new_tokens": 64},
        "traces": 1500,
        "rounds": {"tiny": 3, "small": 2, "gen": 2},
    },
    "quick": {
        "train": {"tiny": {"batch_size": 32, "seq_len": 128, "steps": 8}},
        "gen": {"batch_sizes": [1, 8, 32], "batches": {1: 3, 8: 2, 32: 2}, "max_new_tokens": 64},
        "traces": 400,
        "rounds": {"tiny": 1, "gen": 1},
    },
}


def available_cpus() -> list[int]:
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cpu_ticks() -> list[int]:
    """Aggregate CPU ticks from /proc/stat: user nice system idle iowait irq softirq steal."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return []


def steal_fraction(before: list[int], after: list[int]) -> float | None:
    """Share of CPU time the hypervisor gave to other guests (noisy neighbours) meanwhile."""
    if len(before) < 8 or len(after) < 8:
        return None
    delta = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(delta)
    return delta[7] / total if total else None


def busy_cores(before: list[int], after: list[int], seconds: float) -> float:
    """Cores kept busy on the whole machine between two /proc/stat samples."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    busy = sum(delta) - delta[3] - delta[4] - delta[7]  # all but idle, iowait, steal
    return busy / os.sysconf("SC_CLK_TCK") / seconds


class Quiet:
    """Waits, before each measured process, until other work on the machine has calmed down.

    Other jobs (a CI run, a test suite) share these cores; a process measured next to them
    can lose half its speed. Waiting is capped per process and per benchmark run.
    """

    def __init__(self, threshold: float = 0.25, per_wait: float = 30.0, budget: float = 150.0):
        self.threshold, self.per_wait, self.budget = threshold, per_wait, budget
        self.waited = 0.0

    def wait(self) -> float:
        """Seconds waited; returns once 2 consecutive 1 s samples show < threshold cores busy."""
        if not cpu_ticks():
            return 0.0
        started = time.perf_counter()
        calm = 0
        while calm < 2:
            before = cpu_ticks()
            time.sleep(1.0)
            calm = calm + 1 if busy_cores(before, cpu_ticks(), 1.0) < self.threshold else 0
            spent = time.perf_counter() - started
            if spent > self.per_wait or self.waited + spent > self.budget:
                log(f"  other work keeps the machine busy; measuring anyway (waited {spent:.0f} s)")
                break
        spent = time.perf_counter() - started
        self.waited += spent
        return spent


QUIET = Quiet()


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- data


def make_traces(n: int, seed: int) -> list[dict[str, Any]]:
    """Column-addition traces: 4-6 digit operands, one step per column (~90-128 tokens)."""
    rng = random.Random(seed)
    traces = []
    for k in range(n):
        digits = rng.choice((4, 5, 6))
        a = rng.randrange(10 ** (digits - 1), 10**digits)
        b = rng.randrange(10 ** (digits - 1), 10**digits)
        traces.append(addition_trace(a, b, f"bench-{seed}-{k}"))
    return traces


def addition_trace(a: int, b: int, trace_id: str) -> dict[str, Any]:
    steps = []
    carry = 0
    xs, ys = str(a)[::-1], str(b)[::-1]
    for i in range(max(len(xs), len(ys))):
        x = int(xs[i]) if i < len(xs) else 0
        y = int(ys[i]) if i < len(ys) else 0
        total = x + y + carry
        steps.append(
            {
                "i": i,
                "type": "compute",
                "content": f"{x}+{y}+{carry}={total}",
            }
        )
        carry = total // 10
    if carry:
        steps.append({"i": len(steps), "type": "compute", "content": f"carry {carry}"})
    return {
        "id": trace_id,
        "trace_version": "1",
        "prompt": f"What is {a} + {b}?",
        "final_answer": str(a + b),
        "steps": steps,
        "meta": {"source": "bench"},
    }


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")


def gen_prompts(n: int, seed: int) -> list[str]:
    """Questions for generation: 5-digit operands, so every prompt has the same length."""
    rng = random.Random(seed)
    return [
        f"What is {rng.randrange(10_000, 100_000)} + {rng.randrange(10_000, 100_000)}?"
        for _ in range(n)
    ]


# --------------------------------------------------------------------------- workers
# Each worker runs in its own process: `bench/train.py --worker NAME SPEC.json OUT.json`.


def _quiet_libraries() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)


def _hide_torch() -> None:
    """Make this process see no PyTorch, as in a tunix-rt install (torch is no dependency).

    The benchmark installs torch into the same venv for the peer; transformers (which
    tunix-rt imports for its tokenizers) would then import torch too, adding seconds of
    import time and hundreds of MiB of RSS that a real tunix-rt process does not have.
    `sys.modules[name] = None` is Python's own "not installed" marker: `import torch`
    raises ImportError and `importlib.util.find_spec("torch")` returns None.
    """
    sys.modules["torch"] = None  # type: ignore[assignment]


def worker_ours_train(spec: dict[str, Any]) -> dict[str, Any]:
    """One tunix-rt training run through `run_training`; figures from its metric events."""
    started = time.perf_counter()
    _hide_torch()
    _quiet_libraries()
    from tunix_rt_training.config import TrainConfig, config_from_dict
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.run_dir import RunDir
    from tunix_rt_training.train import run_training

    imported = time.perf_counter()
    config = config_from_dict(
        TrainConfig,
        {
            "model": spec["preset"],
            "template": TEMPLATE,
            "batch_size": spec["batch_size"],
            "max_seq_length": spec["seq_len"],
            "max_steps": spec["steps"],
            "learning_rate": spec["learning_rate"],
            "eval_every_n_steps": 1_000_000,
            "checkpoint_every_n_steps": 1_000_000,  # only the final checkpoint
            "device": "cpu",
            "seed": SEED,
        },
    )
    events = io.BytesIO()
    reporter = Reporter(events, show_progress=False)
    with contextlib.redirect_stdout(sys.stderr):
        outcome = run_training(
            config, Path(spec["data"]), None, RunDir(Path(spec["run_dir"])), reporter
        )
    finished = time.perf_counter()
    if outcome.result is None:
        raise RuntimeError(f"training did not complete: {outcome.status}")
    steps = []
    for line in events.getvalue().splitlines():
        event = json.loads(line)
        values = event.get("values", {})
        if event["event"] == "metric" and "step_time" in values:
            steps.append(
                {
                    "step": event["step"],
                    "step_time_s": values["step_time"],
                    "tokens": round(values["tokens_per_s"] * values["step_time"]),
                    "loss": values["loss"],
                }
            )
    steps.sort(key=lambda s: s["step"])
    result = outcome.result
    return {
        "steps": steps,
        "parameters": result["model"]["parameters"],
        "trainable_parameters": result["model"]["trainable_parameters"],
        "vocab_size_tokenizer": result["data"]["vocab_size"],
        "train_examples": result["data"]["train_examples"],
        "train_truncated": result["data"]["train_truncated"],
        "run_metrics": result["metrics"],
        "import_s": imported - started,
        "run_training_s": finished - imported,
        "peak_rss_mib": peak_rss_mib(),
        "torch_imported": sys.modules.get("torch") is not None,
        "versions": result["versions"],
        "devices": result["devices"],
    }


def worker_ours_gen(spec: dict[str, Any]) -> dict[str, Any]:
    """`generate()` on the exported tiny model, once per batch size (each compiles anew)."""
    started = time.perf_counter()
    _hide_torch()
    _quiet_libraries()
    from tunix_rt_training.config import GenerateConfig, config_from_dict
    from tunix_rt_training.events import Reporter
    from tunix_rt_training.generate import generate

    imported = time.perf_counter()
    work = Path(spec["work_dir"])
    runs = {}
    for batch_size in spec["batch_sizes"]:
        count = batch_size * spec["batches"][str(batch_size)]
        items = work / f"items-{batch_size}.jsonl"
        write_jsonl(items, [{"id": k, "prompt": p} for k, p in enumerate(spec["prompts"][:count])])
        out = work / f"predictions-{batch_size}.jsonl"
        config = config_from_dict(
            GenerateConfig,
            {
                "model": spec["model_dir"],
                "max_new_tokens": spec["max_new_tokens"],
                "temperature": 0.0,
                "batch_size": batch_size,
                "device": "cpu",
            },
        )
        with contextlib.redirect_stdout(sys.stderr):
            result = generate(config, items, out, Reporter(io.BytesIO(), show_progress=False))
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        first = sum(line["num_tokens"] for line in lines[:batch_size])
        steady_tokens = result["generated_tokens"] - first
        steady_s = result["sampling_s"] - result["first_batch_s"]
        runs[str(batch_size)] = {
            "batches": len(lines) // batch_size,
            "first_batch_s": result["first_batch_s"],
            "first_batch_tokens": first,
            "steady_tokens": steady_tokens,
            "steady_s": steady_s,
            "tokens_per_s": steady_tokens / steady_s,
            "tokens_per_s_incl_compile": result["tokens_per_s"],
            "completions": [line["completion"] for line in lines],
            "num_tokens": [line["num_tokens"] for line in lines],
        }
    return {
        "runs": runs,
        "import_s": imported - started,
        "peak_rss_mib": peak_rss_mib(),
        "torch_imported": sys.modules.get("torch") is not None,
    }


def _torch_setup(threads: int) -> Any:
    _quiet_libraries()
    import torch

    torch.set_num_threads(threads)
    return torch


def worker_peer_train(spec: dict[str, Any]) -> dict[str, Any]:
    """PyTorch + transformers Qwen3 of the same dims, AdamW, on the same token batches."""
    started = time.perf_counter()
    torch = _torch_setup(len(spec["cpus"]))
    import numpy as np
    from transformers import Qwen3Config, Qwen3ForCausalLM

    imported = time.perf_counter()
    torch.manual_seed(SEED)
    config = Qwen3Config(**spec["hf_config"])
    model = Qwen3ForCausalLM(config).float()
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    # As tunix-rt's optimizer: AdamW β = 0.9/0.98, decay on matrices only, global-norm
    # clipping at 1.0, linear warmup then cosine to 0.
    groups = [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": spec["weight_decay"]},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=spec["learning_rate"], betas=(0.9, 0.98), eps=1e-8)
    total = spec["steps"]
    warmup = round(spec["warmup_ratio"] * total)

    def lr_factor(step: int) -> float:
        if step < warmup:
            return step / warmup
        progress = (step - warmup) / max(1, total - warmup)
        return 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)
    data = np.load(spec["batches"])
    tokens_all = torch.from_numpy(data["input_tokens"].astype(np.int64))
    loss_mask_all = torch.from_numpy(data["input_mask"].astype(np.float32))
    padding_all = torch.from_numpy(data["padding_mask"].astype(np.int64))
    steps = []
    for step in range(total):
        tokens, loss_mask, padding = tokens_all[step], loss_mask_all[step], padding_all[step]
        t0 = time.perf_counter()
        logits = model(input_ids=tokens, attention_mask=padding, use_cache=False).logits
        # tunix-rt's loss: mean next-token NLL over completion tokens.
        log_probs = torch.log_softmax(logits[:, :-1, :].float(), dim=-1)
        target = torch.gather(log_probs, -1, tokens[:, 1:, None])[..., 0]
        mask = loss_mask[:, 1:]
        loss = -(target * mask).sum() / (mask.sum() + 1e-8)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        loss_value = float(loss.item())
        steps.append(
            {
                "step": step + 1,
                "step_time_s": time.perf_counter() - t0,
                "tokens": int(padding.sum()),
                "loss": loss_value,
            }
        )
    return {
        "steps": steps,
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainable_parameters": sum(p.numel() for p in params),
        "attn_implementation": model.config._attn_implementation,
        "import_s": imported - started,
        "peak_rss_mib": peak_rss_mib(),
        "jax_imported": "jax" in sys.modules,
        "threads": torch.get_num_threads(),
    }


def worker_peer_gen(spec: dict[str, Any]) -> dict[str, Any]:
    """`generate()` (greedy, KV cache) of the exported weights, same prompts and batches."""
    started = time.perf_counter()
    torch = _torch_setup(len(spec["cpus"]))
    from transformers import Qwen3ForCausalLM

    imported = time.perf_counter()
    model = Qwen3ForCausalLM.from_pretrained(
        spec["model_dir"], dtype=torch.float32, local_files_only=True
    )
    model.eval()
    ids_all = torch.tensor(spec["prompt_ids"], dtype=torch.long)
    mask_all = torch.tensor(spec["prompt_mask"], dtype=torch.long)
    stops = set(spec["stop_ids"])
    width = ids_all.shape[1]
    runs = {}
    for batch_size in spec["batch_sizes"]:
        n_batches = spec["batches"][str(batch_size)]
        times, counts, generated = [], [], []
        for number in range(n_batches):
            rows = slice(number * batch_size, (number + 1) * batch_size)
            t0 = time.perf_counter()
            with torch.inference_mode():
                out = model.generate(
                    input_ids=ids_all[rows],
                    attention_mask=mask_all[rows],
                    do_sample=False,
                    max_new_tokens=spec["max_new_tokens"],
                    eos_token_id=spec["stop_ids"],
                    pad_token_id=spec["pad_id"],
                    use_cache=True,
                )
            times.append(time.perf_counter() - t0)
            batch_counts = []
            for row in out[:, width:].tolist():
                ids = []
                for token in row:
                    if token in stops:
                        break
                    ids.append(token)
                generated.append(ids)
                batch_counts.append(len(ids))
            counts.append(sum(batch_counts))
        steady_s, steady_tokens = sum(times[1:]), sum(counts[1:])
        runs[str(batch_size)] = {
            "batches": n_batches,
            "first_batch_s": times[0],
            "first_batch_tokens": counts[0],
            "steady_tokens": steady_tokens,
            "steady_s": steady_s,
            "tokens_per_s": steady_tokens / steady_s,
            "tokens_per_s_incl_compile": sum(counts) / sum(times),
            "generated_ids": generated,
            "num_tokens": [len(g) for g in generated],
        }
    return {
        "runs": runs,
        "parameters": sum(p.numel() for p in model.parameters()),
        "import_s": imported - started,
        "peak_rss_mib": peak_rss_mib(),
        "jax_imported": "jax" in sys.modules,
        "threads": torch.get_num_threads(),
    }


WORKERS = {
    "ours-train": worker_ours_train,
    "ours-gen": worker_ours_gen,
    "peer-train": worker_peer_train,
    "peer-gen": worker_peer_gen,
}


def machine_speed(seconds: float = 0.3) -> float:
    """GFLOP/s of a fixed float32 matmul loop (numpy BLAS) right now.

    The machine is a shared VM: neighbours slow it down by up to 2x for minutes, often
    without any CPU steal showing. Measured before every worker, it tells which runs ran
    on a slowed machine.
    """
    import numpy as np

    a = np.random.default_rng(0).standard_normal((512, 512), dtype=np.float32)
    a @ a
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        a @ a
        count += 1
    return 2 * 512**3 * count / (time.perf_counter() - started) / 1e9


def run_worker(
    name: str, spec: dict[str, Any], work: Path, label: str, cpus: list[int]
) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; its stdout/stderr go to work/TAG.log."""
    tag = f"{name}-{label}"
    waited = QUIET.wait()
    speed = machine_speed()
    spec_path, out_path = work / f"{tag}.spec.json", work / f"{tag}.out.json"
    spec_path.write_text(json.dumps({**spec, "cpus": cpus}))
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TRANSFORMERS_VERBOSITY": "error"}
    if name.startswith("ours"):
        env["JAX_PLATFORMS"] = "cpu"
    started, ticks = time.perf_counter(), cpu_ticks()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with (work / f"{tag}.log").open("w") as handle:
        proc = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                name,
                str(spec_path),
                str(out_path),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            env=env,
        )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        tail = (work / f"{tag}.log").read_text()[-4000:]
        raise RuntimeError(f"worker {tag} failed (exit {proc.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(out_path.read_text())
    result["process_wall_s"] = wall
    ticks_after = cpu_ticks()
    result["cpu_steal"] = steal_fraction(ticks, ticks_after)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = used.ru_utime + used.ru_stime - children.ru_utime - children.ru_stime
    result["cpu_s"] = own
    # Cores used by everything else on the machine while the worker ran (this parent idles).
    result["other_load_cores"] = (
        max(0.0, busy_cores(ticks, ticks_after, wall) - own / wall) if ticks_after else None
    )
    result["waited_for_quiet_s"] = waited
    result["machine_gflops"] = (speed + machine_speed()) / 2
    steal = result["cpu_steal"]
    log(
        f"  {tag}: {wall:.1f} s, peak RSS {result['peak_rss_mib']:.0f} MiB, "
        f"machine {result['machine_gflops']:.0f} GFLOP/s, "
        f"other load {result['other_load_cores'] or 0:.2f} cores"
        + (f", CPU steal {steal:.0%}" if steal is not None else "")
    )
    return result


def worker_main(name: str, spec_path: Path, out_path: Path) -> None:
    spec = json.loads(spec_path.read_text())
    # Before JAX or torch start their thread pools: both size them from the affinity.
    if hasattr(os, "sched_setaffinity"):  # Linux; elsewhere the workers use every core
        os.sched_setaffinity(0, spec["cpus"])
    result = WORKERS[name](spec)
    out_path.write_text(json.dumps(result))


# --------------------------------------------------------------------------- orchestration


def steady(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Steady-state figures: every step after the first WARMUP_STEPS."""
    kept = steps[WARMUP_STEPS:]
    times = [s["step_time_s"] for s in kept]
    tokens = sum(s["tokens"] for s in kept)
    return {
        "measured_steps": len(kept),
        "tokens_per_s": tokens / sum(times),
        "step_time_median_s": statistics.median(times),
        "step_time_min_s": min(times),
        "step_time_max_s": max(times),
        "first_step_s": steps[0]["step_time_s"],
        "tokens_per_step": tokens / len(kept),
        "loss_first": steps[0]["loss"],
        "loss_last": steps[-1]["loss"],
    }


def stream_batches(run_dir: Path, data: Path, plan: dict[str, Any], out: Path) -> dict[str, Any]:
    """The exact micro-batches `run_training` fed the trainer (same tokenizer, same order)."""
    import numpy as np

    from tunix_rt_training.data import TrainStream, encode_set, read_examples
    from tunix_rt_training.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(run_dir / "tokenizer")
    encoded = encode_set(tokenizer, read_examples(data, TEMPLATE), plan["seq_len"])
    stream = TrainStream(encoded, plan["batch_size"], 1, plan["steps"], SEED)
    batches = list(stream)
    arrays = {key: np.stack([b[key] for b in batches]) for key in batches[0]}
    np.savez(out, **arrays)
    padding = arrays["padding_mask"]
    return {
        "real_token_fraction": float(padding.mean()),
        "tokens_per_batch_mean": float(padding.sum(axis=(1, 2)).mean()),
    }


def prompt_arrays(model_dir: Path, prompts: list[str]) -> dict[str, Any]:
    """Left-padded prompt ids as Tunix's Sampler builds them inside `generate()`."""
    from tunix_rt.core.chat_templates import render_prompt
    from tunix_rt_training.tokenizer import load_tokenizer

    tokenizer = load_tokenizer(model_dir)
    metadata = json.loads((model_dir / "tunix_rt.json").read_text())
    rendered = [render_prompt(p, TEMPLATE) for p in prompts]
    # generate(): one prompt width for every batch, the longest + 1 rounded up to 2^k.
    longest = max(len(tokenizer.encode(p)) + 1 for p in rendered)
    width = 1 << max(0, longest - 1).bit_length()
    bos, pad = tokenizer.bos_token_id, tokenizer.pad_token_id
    ids, mask = [], []
    for text in rendered:
        row = tokenizer.encode(text)  # Sampler.tokenize: [bos] + encode(text), BOS deduped
        row = [bos, *row] if bos and (not row or row[0] != bos) else row
        ids.append([pad] * (width - len(row)) + row)
        mask.append([0] * (width - len(row)) + [1] * len(row))
    return {
        "prompt_ids": ids,
        "prompt_mask": mask,
        "width": width,
        "pad_id": pad,
        "stop_ids": metadata["stop_token_ids"],
        "tokenizer": tokenizer,
    }


def machine_info() -> dict[str, Any]:
    info = shared_machine_info(
        (
            "jax",
            "jaxlib",
            "google-tunix",
            "flax",
            "optax",
            "orbax-checkpoint",
            "torch",
            "transformers",
            "tokenizers",
            "numpy",
        )
    )
    info["cpu_affinity"] = len(available_cpus())
    return info


def summary(run: dict[str, Any]) -> dict[str, Any]:
    keys = ("tokens_per_s", "step_time_median_s", "first_step_s", "peak_rss_mib")
    keys += ("process_wall_s", "cpu_steal", "machine_gflops", "other_load_cores", "cpu_s")
    return {k: run.get(k) for k in keys}


def best_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The least disturbed round: the highest steady-state tokens/s."""
    return max(runs, key=lambda run: run["tokens_per_s"])


def train_preset(
    preset: str, sizes: dict[str, Any], rounds: int, data: Path, work: Path, cpus: list[int]
) -> dict[str, Any]:
    learning_rate, warmup_ratio, weight_decay = 1e-3, 0.05, 0.01  # TrainConfig defaults
    log(
        f"[train {preset}] batch {sizes['batch_size']} x seq {sizes['seq_len']}, "
        f"{sizes['steps']} steps, {rounds} round(s)"
    )
    ours_runs: list[dict[str, Any]] = []
    peer_runs: list[dict[str, Any]] = []
    batches = work / f"batches-{preset}.npz"
    entry: dict[str, Any] = {**sizes}
    for number in range(rounds):
        run_dir = work / f"run-{preset}-{number}"
        spec = {
            "preset": preset,
            **sizes,
            "learning_rate": learning_rate,
            "data": str(data),
            "run_dir": str(run_dir),
        }
        ours = run_worker("ours-train", spec, work, f"{preset}-{number}", cpus)
        if number == 0:
            entry.update(stream_batches(run_dir, data, sizes, batches))
            entry["hf_config"] = json.loads((run_dir / "export" / "config.json").read_text())
        spec = {
            "preset": preset,
            **sizes,
            "hf_config": entry["hf_config"],
            "batches": str(batches),
            "learning_rate": learning_rate,
            "warmup_ratio": warmup_ratio,
            "weight_decay": weight_decay,
        }
        peer = run_worker("peer-train", spec, work, f"{preset}-{number}", cpus)
        ours_runs.append({**ours, **steady(ours["steps"])})
        peer_runs.append({**peer, **steady(peer["steps"])})
        log(
            f"  round {number + 1}: ours {ours_runs[-1]['tokens_per_s']:,.0f} tok/s, "
            f"peer {peer_runs[-1]['tokens_per_s']:,.0f} tok/s"
        )
    reference = [s["tokens"] for s in peer_runs[0]["steps"]]
    entry["same_tokens_per_step"] = all(
        [s["tokens"] for s in run["steps"]] == reference for run in ours_runs + peer_runs
    )
    entry["ours"], entry["peer"] = best_of(ours_runs), best_of(peer_runs)
    entry["ours_rounds"] = [summary(run) for run in ours_runs]
    entry["peer_rounds"] = [summary(run) for run in peer_runs]
    o, p = entry["ours"], entry["peer"]
    log(
        f"  best: ours {o['tokens_per_s']:,.0f} tok/s, peer {p['tokens_per_s']:,.0f} tok/s; "
        f"params {o['parameters']:,} vs {p['parameters']:,}"
    )
    return entry


def generation(plan: dict[str, Any], rounds: int, work: Path, cpus: list[int]) -> dict[str, Any]:
    gen = plan["gen"]
    model_dir = work / "run-tiny-0" / "export"
    total_prompts = max(b * gen["batches"][b] for b in gen["batch_sizes"])
    prompts = gen_prompts(total_prompts, SEED + 1)
    arrays = prompt_arrays(model_dir, prompts)
    tokenizer = arrays.pop("tokenizer")
    batches_by_size = {str(b): n for b, n in gen["batches"].items()}
    log(
        f"[generate tiny] batch {gen['batch_sizes']}, {gen['max_new_tokens']} new tokens, "
        f"greedy, {rounds} round(s)"
    )
    common = {
        "model_dir": str(model_dir),
        "batch_sizes": gen["batch_sizes"],
        "batches": batches_by_size,
        "max_new_tokens": gen["max_new_tokens"],
    }
    ours_rounds, peer_rounds = [], []
    for number in range(rounds):
        gen_work = work / f"gen-{number}"
        gen_work.mkdir(exist_ok=True)
        ours_spec = {**common, "prompts": prompts, "work_dir": str(gen_work)}
        ours = run_worker("ours-gen", ours_spec, work, f"tiny-{number}", cpus)
        peer = run_worker("peer-gen", {**common, **arrays}, work, f"tiny-{number}", cpus)
        for size, run in peer["runs"].items():
            texts = [tokenizer.decode(ids) for ids in run.pop("generated_ids")]
            mine = ours["runs"][size]
            completions = mine.pop("completions")
            run["same_completion"] = sum(a == b for a, b in zip(texts, completions, strict=True))
            run["compared"] = len(texts)
            run["example"], mine["example"] = texts[0], completions[0]
            log(
                f"  round {number + 1}, batch {size}: ours {mine['tokens_per_s']:,.0f} tok/s, "
                f"peer {run['tokens_per_s']:,.0f} tok/s, "
                f"same output {run['same_completion']}/{run['compared']}"
            )
        ours_rounds.append(ours)
        peer_rounds.append(peer)

    def best(rounds_: list[dict[str, Any]], size: str) -> dict[str, Any]:
        run = max((r["runs"][size] for r in rounds_), key=lambda run: run["tokens_per_s"])
        return {**run, "rounds_tokens_per_s": [r["runs"][size]["tokens_per_s"] for r in rounds_]}

    sizes = [str(b) for b in gen["batch_sizes"]]
    return {
        "preset": "tiny",
        "model": "the export of the first tiny training run",
        "prompt_width": arrays["width"],
        "stop_ids": arrays["stop_ids"],
        **gen,
        "ours": {size: best(ours_rounds, size) for size in sizes},
        "peer": {size: best(peer_rounds, size) for size in sizes},
        "ours_rounds": ours_rounds,
        "peer_rounds": peer_rounds,
    }


def run_bench(quick: bool, rounds: int | None, threads: int | None, work: Path) -> dict[str, Any]:
    plan = PLANS["quick" if quick else "full"]
    if rounds:
        plan = {**plan, "rounds": dict.fromkeys(plan["rounds"], rounds)}
    available = available_cpus()
    cpus = available[: threads or len(available)]
    data = work / "data" / "train.jsonl"
    write_jsonl(data, make_traces(plan["traces"], SEED))
    report: dict[str, Any] = {
        "quick": quick,
        "rounds": plan["rounds"],
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "plan": plan,
        "threads": len(cpus),
        "cpus": cpus,
        "template": TEMPLATE,
        "machine": machine_info(),
        "train": {},
    }
    for preset, sizes in plan["train"].items():
        rounds_ = plan["rounds"][preset]
        report["train"][preset] = train_preset(preset, sizes, rounds_, data, work, cpus)
    report["generate"] = generation(plan, plan["rounds"]["gen"], work, cpus)
    report["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return report


# --------------------------------------------------------------------------- report


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def ratio(ours: float, peer: float) -> str:
    return f"{ours / peer:.2f}×" if peer else "–"


def per_round(rounds: list[dict[str, Any]]) -> str:
    """tokens/s of every round, with the other processes' CPU use while it ran."""
    return " / ".join(f"{r['tokens_per_s']:,.0f} ({load(r)})" for r in rounds)


def load(run: dict[str, Any]) -> str:
    """Disturbance while a process ran: cores used by other processes, and CPU steal."""
    cores, steal = run.get("other_load_cores"), run.get("cpu_steal")
    return ("?" if cores is None else f"{cores:.2f}") + (
        "" if steal is None else f", steal {steal:.0%}"
    )


def render_md(report: dict[str, Any]) -> str:
    m = report["machine"]
    pk = m["packages"]
    rounds = ", ".join(f"{name} {n}" for name, n in report["rounds"].items())
    lines = [
        f"# tunix-rt training benchmark{' (--quick)' if report['quick'] else ''}",
        "",
        f"{report['started']} · {m['cpu_model']} · {m['cpu_count']} cores · "
        f"{m['memory_gib']} GiB · Python {m['python']} · "
        f"git {str(m.get('git_commit'))[:10]}{' (dirty)' if m.get('git_dirty') else ''}",
        "",
        "**ours**: tunix-rt (`run_training` → Tunix PeftTrainer; `generate` → Tunix Sampler), "
        f"JAX {pk['jax']}, google-tunix {pk['google-tunix']}, flax {pk['flax']}. "
        f"**peer**: PyTorch {pk['torch']} + transformers {pk['transformers']}, "
        f"`Qwen3ForCausalLM` built from the `config.json` tunix-rt exports for the preset, "
        f"{report['threads']} threads. Float32 on CPU for both; identical token batches and "
        "prompts; every run in a fresh process.",
        "",
        f"Each figure is the best of alternating rounds (ours, peer, ours, peer …; {rounds}): "
        "the machine is a shared VM whose speed moves by up to 2× for minutes. "
        "Before each process the benchmark waits (capped) until other work on the machine "
        "has calmed down. *per round* lists every round's tokens/s with, in parentheses, the "
        "cores other processes on this VM kept busy meanwhile and the CPU steal (time the "
        "hypervisor gave to other VMs); 0 and 0 % = undisturbed.",
        "",
        "## Training (full fine-tune, AdamW, loss on completion tokens)",
        "",
    ]
    for preset, t in report["train"].items():
        o, p = t["ours"], t["peer"]
        compile_s = o["first_step_s"] - o["step_time_median_s"]
        lines += [
            f"### `{preset}`: batch {t['batch_size']} × seq {t['seq_len']}, "
            f"{t['steps']} steps ({o['measured_steps']} measured after {WARMUP_STEPS} warm-up), "
            f"{t['real_token_fraction']:.0%} real tokens",
            "",
            "| | ours (tunix-rt) | peer (PyTorch + HF) | ours / peer |",
            "|---|---:|---:|---:|",
            f"| parameters | {o['parameters']:,} | {p['parameters']:,} | "
            f"{ratio(o['parameters'], p['parameters'])} |",
            f"| **tokens/s** (real tokens, steady state) | {o['tokens_per_s']:,.0f} | "
            f"{p['tokens_per_s']:,.0f} | **{ratio(o['tokens_per_s'], p['tokens_per_s'])}** |",
            f"| tokens/s per round (other load) | {per_round(t['ours_rounds'])} | "
            f"{per_round(t['peer_rounds'])} | |",
            f"| step time, median | {o['step_time_median_s'] * 1000:,.0f} ms | "
            f"{p['step_time_median_s'] * 1000:,.0f} ms | "
            f"{ratio(o['step_time_median_s'], p['step_time_median_s'])} |",
            f"| first step (ours: XLA compile ≈ {compile_s:.1f} s of it) | "
            f"{o['first_step_s']:.1f} s | {p['first_step_s']:.2f} s | "
            f"{ratio(o['first_step_s'], p['first_step_s'])} |",
            f"| peak RSS of the process | {o['peak_rss_mib']:,.0f} MiB | "
            f"{p['peak_rss_mib']:,.0f} MiB | {ratio(o['peak_rss_mib'], p['peak_rss_mib'])} |",
            f"| process wall time (ours: + tokenizer, checkpoint, export) | "
            f"{o['process_wall_s']:.1f} s | {p['process_wall_s']:.1f} s | "
            f"{ratio(o['process_wall_s'], p['process_wall_s'])} |",
            f"| loss, first → last step | {o['loss_first']:.2f} → {o['loss_last']:.2f} | "
            f"{p['loss_first']:.2f} → {p['loss_last']:.2f} | |",
            "",
        ]
    g = report["generate"]
    o, p = g["ours"], g["peer"]
    lines += [
        f"## Generation (`tiny`, greedy, max {g['max_new_tokens']} new tokens, KV cache, "
        f"prompt width {g['prompt_width']})",
        "",
        "Both load the weights the first tiny training run exported. tokens/s = generated "
        "tokens (up to the first stop token) / wall time over the batches after the first "
        "(ours compiles in the first). *same output*: completions identical to ours.",
        "",
        "| batch | ours tokens/s | peer tokens/s | ours / peer | ours per round | "
        "peer per round | first batch ours / peer | tokens ours / peer | same output |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in map(str, g["batch_sizes"]):
        a, b = o[size], p[size]
        rounds_a = " / ".join(f"{x:,.0f}" for x in a["rounds_tokens_per_s"])
        rounds_b = " / ".join(f"{x:,.0f}" for x in b["rounds_tokens_per_s"])
        lines.append(
            f"| {size} | {a['tokens_per_s']:,.0f} | {b['tokens_per_s']:,.0f} | "
            f"**{ratio(a['tokens_per_s'], b['tokens_per_s'])}** | {rounds_a} | {rounds_b} | "
            f"{a['first_batch_s']:.2f} s / {b['first_batch_s']:.2f} s | "
            f"{a['steady_tokens']:,} / {b['steady_tokens']:,} | "
            f"{b['same_completion']}/{b['compared']} |"
        )
    rss_o = max(r["peak_rss_mib"] for r in g["ours_rounds"])
    rss_p = max(r["peak_rss_mib"] for r in g["peer_rounds"])
    loads_o = " / ".join(f"({load(r)})" for r in g["ours_rounds"])
    loads_p = " / ".join(f"({load(r)})" for r in g["peer_rounds"])
    lines += [
        "",
        f"Peak RSS of the generation process (all three batch sizes): ours {rss_o:,.0f} MiB, "
        f"peer {rss_p:,.0f} MiB. Other load per round: ours {loads_o}; peer {loads_p}.",
        "",
        "PyTorch is hidden from the tunix-rt processes (`sys.modules['torch'] = None`), as in "
        "a tunix-rt install, where it is no dependency: with torch in the venv, transformers "
        "would import it into every tunix-rt process. The peer process never imports JAX.",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def require_torch() -> None:
    if importlib.util.find_spec("torch") is None:
        sys.exit(
            "error: PyTorch is not installed in this environment; the peer needs it.\n"
            f"  {sys.executable} -m pip install torch=={TORCH_PIN}   (CPU wheel)\n"
            "  or run `make bench-train`, which installs it first."
        )
    installed = importlib.metadata.version("torch")
    if not installed.startswith(TORCH_PIN):
        log(f"warning: torch {installed} is installed; the benchmark is pinned to {TORCH_PIN}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smoke run (~2 min)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="results directory")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument(
        "--rounds", type=int, help="alternating ours/peer rounds per section; the best counts"
    )
    ap.add_argument(
        "--threads", type=int, help="pin every process to this many CPUs (default: all)"
    )
    ap.add_argument("--render", type=Path, help="re-render the Markdown of a results JSON")
    ap.add_argument("--worker", nargs=3, metavar=("NAME", "SPEC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        name, spec, out = args.worker
        worker_main(name, Path(spec), Path(out))
        return
    if args.render:
        print(render_md(json.loads(args.render.read_text())))
        return

    require_torch()
    work = Path(tempfile.mkdtemp(prefix="tunix-rt-bench-train-"))
    started = time.perf_counter()
    try:
        report = run_bench(args.quick, args.rounds, args.threads, work)
    finally:
        if args.keep:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report["total_s"] = time.perf_counter() - started
    suffix = "-quick" if args.quick else ""
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"train{suffix}.json").write_text(json.dumps(report, indent=2) + "\n")
    markdown = render_md(report)
    (args.out / f"train{suffix}.md").write_text(markdown + "\n")
    print(markdown)
    log(f"total {report['total_s']:.0f} s; wrote {args.out}/train{suffix}.json and .md")


if __name__ == "__main__":
    main()
