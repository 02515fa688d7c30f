"""Worker side of `evaluate` jobs: items in before the child, verdicts and aggregates after."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.stats import bootstrap_ci
from tunix_rt.db import utcnow
from tunix_rt.evaluations.judge_setup import judge_key
from tunix_rt.evaluations.models import (
    EvaluationItemRow,
    EvaluationItemScoreRow,
    EvaluationRow,
    EvaluationScoreRow,
)
from tunix_rt.generations.handler import write_items
from tunix_rt.jobs.kinds import BaseHandler
from tunix_rt.jobs.models import JobRow

WRITE_CHUNK = 1000
PREDICTIONS = "predictions.jsonl"
JUDGEMENTS = "judgements.jsonl"


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                yield orjson.loads(line)


class Aggregate:
    """Running per-judge tallies; the CI needs every score, kept as floats."""

    def __init__(self) -> None:
        self.scores: list[float] = []
        self.passed = 0
        self.failed = 0
        self.unparseable = 0

    def add(self, outcome: str, score: float | None) -> None:
        if outcome == "unparseable" or score is None:
            self.unparseable += 1
            return
        self.scores.append(float(score))
        if outcome == "pass":
            self.passed += 1
        else:
            self.failed += 1

    def row(self, evaluation_id: str, judge: dict[str, Any]) -> dict[str, Any]:
        """The evaluation_scores row of `judge` (an entry of the evaluation's judges)."""
        mean = low = high = None
        if self.scores:
            mean, low, high = bootstrap_ci(self.scores, confidence=0.95, resamples=2000, seed=0)
        return {
            "evaluation_id": evaluation_id,
            "judge": judge["name"],
            "judge_version": judge["version"],
            "judge_key": judge_key(judge),
            "mean": mean,
            "ci_low": low,
            "ci_high": high,
            "n": len(self.scores),
            "passed": self.passed,
            "failed": self.failed,
            "unparseable": self.unparseable,
        }


class EvaluateHandler(BaseHandler):
    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None:
        await write_items(session, job, run_dir)

    async def finalize(
        self, session: AsyncSession, job: JobRow, result: dict[str, Any], run_dir: Path
    ) -> dict[str, Any]:
        """Store items, verdicts and per-judge aggregates; a retried job replaces its own."""
        judges = {j["name"]: j for j in job.spec["judges"]}
        tallies = {name: Aggregate() for name in judges}
        for table in (EvaluationItemScoreRow, EvaluationScoreRow, EvaluationItemRow):
            await session.execute(delete(table).where(table.evaluation_id == job.id))
        items_batch: list[dict[str, Any]] = []
        scores_batch: list[dict[str, Any]] = []
        count = 0
        # The child answers and judges the items in order: line k is item k.
        rows = zip(
            _lines(run_dir / "data" / "items.jsonl"),
            _lines(run_dir / PREDICTIONS),
            _lines(run_dir / JUDGEMENTS),
            strict=True,
        )
        for position, (item, pred, verdicts) in enumerate(rows):
            if not (pred.get("id") == item["id"] == verdicts.get("id")):
                raise ValueError(f"item {position}: the child's files disagree on its trace id")
            items_batch.append(
                {
                    "evaluation_id": job.id,
                    "position": position,
                    "trace_id": item["id"],
                    "prompt": item["prompt"],
                    "expected_answer": item.get("expected_answer"),
                    "output": pred["completion"],
                    "output_tokens": int(pred.get("num_tokens", 0)),
                    "finish_reason": pred.get("finish_reason"),
                    "latency_s": float(pred.get("latency_s", 0.0)),
                }
            )
            for name in judges:
                verdict = verdicts["scores"][name]
                tallies[name].add(verdict["outcome"], verdict.get("score"))
                scores_batch.append(
                    {
                        "evaluation_id": job.id,
                        "position": position,
                        "judge": name,
                        "outcome": verdict["outcome"],
                        "score": verdict.get("score"),
                        "details": verdict.get("details") or {},
                    }
                )
            count += 1
            if len(items_batch) >= WRITE_CHUNK:
                await self._write(session, items_batch, scores_batch)
                items_batch, scores_batch = [], []
        await self._write(session, items_batch, scores_batch)
        aggregates = [tallies[name].row(job.id, judge) for name, judge in judges.items()]
        await session.execute(insert(EvaluationScoreRow), aggregates)
        await session.execute(
            update(EvaluationRow)
            .where(EvaluationRow.id == job.id)
            .values(item_count=count, finished_at=utcnow())
        )
        await session.commit()
        return {**result, "items": count, "scores": {a["judge"]: a["mean"] for a in aggregates}}

    @staticmethod
    async def _write(
        session: AsyncSession, items: list[dict[str, Any]], scores: list[dict[str, Any]]
    ) -> None:
        if items:
            await session.execute(insert(EvaluationItemRow), items)
        if scores:
            await session.execute(insert(EvaluationItemScoreRow), scores)
