"""`evaluate` jobs: batched generation with the model under test, then every judge.

Reads run_dir/data/items.jsonl ({position, id, prompt, expected_answer, meta}); writes
predictions.jsonl (the generation phase, as `generate` jobs do) and judgements.jsonl
({position, id, scores: {judge: {outcome, score, details}}}, line k = item k). Judges that
need a model get its replies from a second batched generation with the judge model, or
from an OpenAI-compatible endpoint (docs/judges.md).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from tunix_rt.core.judges.base import JudgeItem, ModelJudge
from tunix_rt.core.judges.openai_http import chat_completions
from tunix_rt.core.judges.registry import make_judge
from tunix_rt.core.judges.runner import judge_all
from tunix_rt_training.config import GenerateConfig
from tunix_rt_training.events import Reporter
from tunix_rt_training.generate import generate, read_items
from tunix_rt_training.run_dir import RunDir
from tunix_rt_training.signals import StopRequest

JUDGEMENTS = "judgements.jsonl"
API_KEY_ENV = "LLM_JUDGE_API_KEY"


def _read_lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _model_replies(
    judge: ModelJudge,
    items: Sequence[JudgeItem],
    spec: Mapping[str, Any],
    config: GenerateConfig,
    run: RunDir,
    reporter: Reporter,
    stop: StopRequest,
) -> list[str | Exception]:
    prompts = [judge.prompt(item) for item in items]
    params = judge.params
    if params.get("backend") == "http":
        endpoint = spec.get("llm_endpoint") or {}
        reporter.log(f"{judge.name}: {len(prompts)} prompts to {endpoint.get('base_url')}")
        return list(
            chat_completions(
                str(endpoint["base_url"]),
                os.environ.get(API_KEY_ENV),
                str(params["model"]),
                prompts,
                max_tokens=int(params.get("max_new_tokens", 64)),
                timeout_s=float(endpoint.get("timeout_s", 60)),
                concurrency=int(endpoint.get("concurrency", 4)),
            )
        )
    # A local judge model: the same batched generation, over the rubric prompts.
    requests = run.root / "data" / f"judge-{judge.name}.jsonl"
    with requests.open("wb") as out:
        for position, prompt in enumerate(prompts):
            out.write(orjson.dumps({"id": str(position), "prompt": prompt}) + b"\n")
    replies = run.root / f"judge-{judge.name}-replies.jsonl"
    judge_config = GenerateConfig(
        model=str(spec["judge_models"][judge.name]),
        max_new_tokens=int(params.get("max_new_tokens", 64)),
        batch_size=config.batch_size,
        device=config.device,
    )
    reporter.log(f"{judge.name}: judging with local model {judge_config.model}")
    generate(judge_config, requests, replies, reporter, stop)
    return [str(line["completion"]) for line in _read_lines(replies)]


def evaluate(
    spec: Mapping[str, Any],
    config: GenerateConfig,
    run: RunDir,
    reporter: Reporter,
    stop: StopRequest,
) -> dict[str, Any] | None:
    """Generate, then judge; None when stopped by a signal (the job is handed back)."""
    generation = generate(config, run.items_data, run.predictions, reporter, stop)
    if stop.requested:
        return None
    judging = judge_predictions(spec, config, run, reporter, stop)
    if judging is None:
        return None
    count = judging["count"]
    return {
        "kind": "evaluate",
        "status": "completed",
        "count": count,
        "generation": {
            "time_s": generation["time_s"],
            "sampling_s": generation["sampling_s"],
            "items_per_s": count / generation["time_s"] if generation["time_s"] else None,
            "tokens_per_s": generation["tokens_per_s"],
            "generated_tokens": generation["generated_tokens"],
        },
        "judging": {"time_s": judging["time_s"], "items_per_s": judging["items_per_s"]},
        "judges": judging["judges"],
        "template": generation["template"],
        "config": generation["config"],
        "devices": generation["devices"],
        "predictions": run.predictions.name,
        "judgements": JUDGEMENTS,
    }


def judge_predictions(
    spec: Mapping[str, Any],
    config: GenerateConfig,
    run: RunDir,
    reporter: Reporter,
    stop: StopRequest,
) -> dict[str, Any] | None:
    """The judging phase: every judge over items.jsonl and predictions.jsonl, written to
    judgements.jsonl. {count, time_s, items_per_s, judges}; None when stopped."""
    started = time.perf_counter()
    raw_items = read_items(run.items_data)
    predictions = _read_lines(run.predictions)
    items = [
        JudgeItem(
            prompt=item["prompt"],
            expected_answer=item.get("expected_answer"),
            output=str(pred["completion"]),
            meta=item.get("meta") or {},
        )
        for item, pred in zip(raw_items, predictions, strict=True)
    ]
    judges = [make_judge(j["name"], j.get("params")) for j in spec["judges"]]
    replies: dict[str, Sequence[str | Exception]] = {}
    for judge in judges:
        if isinstance(judge, ModelJudge):
            replies[judge.name] = _model_replies(judge, items, spec, config, run, reporter, stop)
            if stop.requested:
                return None
    verdicts = judge_all(judges, items, replies)
    with (run.root / JUDGEMENTS).open("wb") as out:
        for position, (item, scores) in enumerate(zip(raw_items, verdicts, strict=True)):
            line = {
                "position": position,
                "id": item.get("id"),
                "scores": {name: v.to_dict() for name, v in scores.items()},
            }
            out.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
    judging_s = time.perf_counter() - started
    reporter.artifact(JUDGEMENTS, "judgements")
    return {
        "count": len(items),
        "time_s": judging_s,
        "items_per_s": len(items) / judging_s if judging_s else None,
        "judges": [j.identity() for j in judges],
    }
