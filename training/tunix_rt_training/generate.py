"""Batched generation with Tunix's Sampler (KV cache, left-padded batches, EOS stop).

Input items are JSONL objects with a `prompt` (the user's question; rendered with the
chat template) and optionally `id`; trace lines work as they are. Output lines:
{id, prompt, completion, answer, expected_answer?, num_tokens, finish_reason, latency_s}
(latency_s: wall time of the item's batch).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
from tunix.generate import sampler as tunix_sampler

from tunix_rt.core.answers import extract_answer
from tunix_rt.core.chat_templates import get_template, render_prompt
from tunix_rt_training.config import GenerateConfig, MeshConfig
from tunix_rt_training.devices import describe_devices, make_mesh, select_devices
from tunix_rt_training.events import Reporter
from tunix_rt_training.export import read_metadata
from tunix_rt_training.models import load_checkpoint_model
from tunix_rt_training.signals import StopRequest
from tunix_rt_training.tokenizer import load_tokenizer, stop_token_ids


def read_items(path: Path) -> list[dict[str, Any]]:
    """Items to answer; a line without a string `prompt` fails naming its line number."""
    items = []
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {number}: not JSON: {exc}") from None
        if not isinstance(item, dict) or not isinstance(item.get("prompt"), str):
            raise ValueError(f"{path}: line {number}: needs a string 'prompt'")
        items.append(item)
    return items


def _expected(item: dict[str, Any]) -> str | None:
    if isinstance(item.get("expected_answer"), str):
        return str(item["expected_answer"])
    if isinstance(item.get("final_answer"), str):
        return str(item["final_answer"])
    return None


def _prediction(item: dict[str, Any], text: str, count: int, limit: int) -> dict[str, Any]:
    """One output line for `item` given the generated `text` of `count` tokens."""
    line: dict[str, Any] = {
        "id": item.get("id"),
        "prompt": item["prompt"],
        "completion": text,
        "answer": extract_answer(text),
        "num_tokens": count,
        "finish_reason": "length" if count >= limit else "stop",
    }
    expected = _expected(item)
    if expected is not None:
        line["expected_answer"] = expected
    return line


def _next_power_of_2(n: int) -> int:
    return 1 << max(0, n - 1).bit_length()


def generate(
    config: GenerateConfig,
    items_path: Path,
    out_path: Path,
    reporter: Reporter,
    stop: StopRequest | None = None,
) -> dict[str, Any]:
    """Answer every item of `items_path` into `out_path`; return the run's result dict.

    A stop request (SIGTERM) ends the run after the current batch; `stop.requested` tells.
    """
    started = time.perf_counter()
    model_dir = Path(config.model)
    items = read_items(items_path)
    if not items:
        raise ValueError(f"{items_path}: no items to generate for")
    metadata = read_metadata(model_dir)
    template = config.template or metadata.get("template") or "chatml"
    system = config.system if config.system is not None else metadata.get("system")
    mesh = make_mesh(MeshConfig(), select_devices(config.device))
    with mesh:
        loaded = load_checkpoint_model(model_dir, mesh)
        tokenizer = load_tokenizer(model_dir)
        stops = metadata.get("stop_token_ids") or stop_token_ids(
            tokenizer, get_template(template).end_of_turn if template != "none" else ""
        )
        prompts = [
            item["prompt"]
            if template == "none"
            else render_prompt(item["prompt"], template, system)
            for item in items
        ]
        # One prompt width for every batch (one compilation): the longest, rounded up.
        longest = max(len(tokenizer.encode(p)) + 1 for p in prompts)
        prompt_width = _next_power_of_2(longest)
        model_config = loaded.config
        sampler = tunix_sampler.Sampler(
            loaded.model,
            tokenizer,
            tunix_sampler.CacheConfig(
                cache_size=prompt_width + config.max_new_tokens,
                num_layers=model_config.num_layers,
                num_kv_heads=model_config.num_kv_heads,
                head_dim=model_config.head_dim,
            ),
        )
        greedy = config.temperature == 0
        batches = range(0, len(prompts), config.batch_size)
        generated_tokens = 0
        sampling_started = time.perf_counter()
        first_batch_s = 0.0
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("wb") as out:
            for number, start in enumerate(batches, start=1):
                if stop is not None and stop.requested:
                    reporter.log(f"stopped by signal {stop.signal} after {start} items", "warning")
                    break
                batch_started = time.perf_counter()
                chunk = prompts[start : start + config.batch_size]
                filler = config.batch_size - len(chunk)  # same batch shape: no recompilation
                output = sampler(
                    chunk + [chunk[0]] * filler,
                    max_generation_steps=config.max_new_tokens,
                    max_prompt_length=prompt_width,
                    eos_tokens=stops,
                    temperature=config.temperature if not greedy else 0.0,
                    top_p=None if greedy else (config.top_p or 1.0),
                    top_k=None if greedy else config.top_k,
                    seed=config.seed + start,
                )
                # Every item of a batch waits for the whole batch: that is its latency.
                batch_s = time.perf_counter() - batch_started
                for offset, item in enumerate(items[start : start + config.batch_size]):
                    count = len(output.tokens[offset])
                    generated_tokens += count
                    line = _prediction(item, output.text[offset], count, config.max_new_tokens)
                    line["latency_s"] = batch_s
                    out.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
                if number == 1:
                    first_batch_s = time.perf_counter() - sampling_started
                reporter.progress(number, len(batches))
    sampling_s = time.perf_counter() - sampling_started
    elapsed = time.perf_counter() - started
    rate = generated_tokens / sampling_s
    reporter.metric(len(batches), {"generated_tokens": generated_tokens, "tokens_per_s": rate})
    return {
        "kind": "generate",
        "status": "completed",
        "count": len(items),
        "generated_tokens": generated_tokens,
        "tokens_per_s": rate,  # generated tokens / sampling time (compilation included)
        "first_batch_s": first_batch_s,
        "sampling_s": sampling_s,
        "time_s": elapsed,
        "template": template,
        "config": config.resolved(),
        "devices": describe_devices(mesh),
    }
