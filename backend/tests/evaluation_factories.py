"""Finished (or running) evaluations written straight to the database, for ranking and gates."""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tunix_rt.core.stats import bootstrap_ci
from tunix_rt.db import utcnow
from tunix_rt.evaluations.judge_setup import judge_key
from tunix_rt.evaluations.models import (
    EvaluationItemRow,
    EvaluationItemScoreRow,
    EvaluationRow,
    EvaluationScoreRow,
)
from tunix_rt.jobs.models import JobRow

T0 = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    """A fixed time, `minutes` after T0: tests order evaluations explicitly."""
    return T0 + timedelta(minutes=minutes)


async def make_evaluation(
    sessions: Any,
    *,
    model_name: str,
    dataset_key: str = "arith-v1",
    dataset_hash: str | None = None,
    split: str = "eval",
    judge: str = "answer_correctness",
    judge_version: str = "1",
    params: dict[str, Any] | None = None,
    judge_model: dict[str, Any] | None = None,
    scores: list[float | None] | None = None,
    mean: float | None = None,
    ci: tuple[float, float] | None = None,
    passed: int | None = None,
    failed: int | None = None,
    unparseable: int = 0,
    n: int | None = None,
    run_id: str | None = None,
    model_version_id: str | None = None,
    model_ref: str | None = None,
    tags: Iterable[str] = (),
    created_at: datetime | None = None,
    finished: bool = True,
) -> str:
    """One evaluation scored by `judge`; from per-item `scores` (None: unparseable) or a `mean`.

    With `scores`, items and item scores are stored too, and mean/CI/pass counts derived
    (an item passes when its score is >= 0.5). `params` and `judge_model` set the judge up
    as the evaluation stores it; the score's judge_key is derived from that, as the worker's.
    """
    evaluation_id = str(uuid.uuid4())
    entry = judge_entry(judge, judge_version, params, judge_model)
    created = created_at or utcnow()
    async with sessions() as s:
        s.add(
            JobRow(
                id=evaluation_id,
                kind="evaluate",
                status="succeeded" if finished else "running",
                spec={},
                created_at=created,
            )
        )
        await s.flush()
        s.add(
            EvaluationRow(
                id=evaluation_id,
                identity=uuid.uuid4().hex * 2,
                model_ref=model_ref or (f"run:{run_id}" if run_id else model_name),
                model_name=model_name,
                run_id=run_id,
                model_version_id=model_version_id,
                dataset_key=dataset_key,
                dataset_hash=dataset_hash or f"hash-{dataset_key}",
                split=split,
                judges=[entry],
                generation={},
                tags=list(tags),
                item_count=len(scores) if scores is not None else n,
                created_at=created,
                finished_at=created + timedelta(seconds=30) if finished else None,
            )
        )
        await s.flush()
        if scores is not None:
            await _add_items(s, evaluation_id, judge, scores)
            scored = [v for v in scores if v is not None]
            unparseable = len(scores) - len(scored)
            passed = sum(v >= 0.5 for v in scored)
            failed = len(scored) - passed
            n = len(scored)
            if mean is None and scored:
                mean, low, high = bootstrap_ci(scored, confidence=0.95, resamples=2000, seed=0)
                ci = ci or (low, high)
        if finished:
            s.add(_score_row(evaluation_id, entry, mean, ci, n, passed, failed, unparseable))
        await s.commit()
    return evaluation_id


def judge_entry(
    name: str,
    version: str = "1",
    params: dict[str, Any] | None = None,
    judge_model: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A judge as an evaluation stores it (evaluations.judges)."""
    entry: dict[str, Any] = {"name": name, "version": version, "params": params or {}}
    if judge_model is not None:
        entry["judge_model"] = judge_model
    return entry


def _score_row(
    evaluation_id: str,
    judge: dict[str, Any],
    mean: float | None,
    ci: tuple[float, float] | None,
    n: int | None,
    passed: int | None,
    failed: int | None,
    unparseable: int,
) -> EvaluationScoreRow:
    n = 10 if n is None else n
    if passed is None:
        passed = round((mean or 0.0) * n)
    return EvaluationScoreRow(
        evaluation_id=evaluation_id,
        judge=judge["name"],
        judge_version=judge["version"],
        judge_key=judge_key(judge),
        mean=mean,
        ci_low=ci[0] if ci else None,
        ci_high=ci[1] if ci else None,
        n=n,
        passed=passed,
        failed=n - passed if failed is None else failed,
        unparseable=unparseable,
    )


async def _add_items(s: Any, evaluation_id: str, judge: str, scores: list[float | None]) -> None:
    for position in range(len(scores)):
        s.add(
            EvaluationItemRow(
                evaluation_id=evaluation_id,
                position=position,
                trace_id=str(uuid.uuid4()),
                prompt=f"What is {position} + {position}?",
                expected_answer=str(2 * position),
                output="Answer: ?",
                output_tokens=3,
                finish_reason="stop",
                latency_s=0.1,
            )
        )
    await s.flush()
    for position, value in enumerate(scores):
        s.add(
            EvaluationItemScoreRow(
                evaluation_id=evaluation_id,
                position=position,
                judge=judge,
                outcome="unparseable" if value is None else ("pass" if value >= 0.5 else "fail"),
                score=value,
                details={},
            )
        )


async def add_judge_score(
    sessions: Any,
    evaluation_id: str,
    *,
    judge: str,
    mean: float | None,
    ci: tuple[float, float] | None = None,
    n: int = 10,
    passed: int | None = None,
    failed: int | None = None,
    unparseable: int = 0,
    version: str = "1",
    params: dict[str, Any] | None = None,
) -> None:
    """A second (third, ...) judge on an existing evaluation: its entry and its aggregate."""
    entry = judge_entry(judge, version, params)
    async with sessions() as s:
        evaluation = await s.get(EvaluationRow, evaluation_id)
        evaluation.judges = [*evaluation.judges, entry]
        s.add(_score_row(evaluation_id, entry, mean, ci, n, passed, failed, unparseable))
        await s.commit()
