"""Worker side of `generate` jobs: items in before the child, predictions stored after."""

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.datasets.service import stream_items
from tunix_rt.generations.models import PredictionRow
from tunix_rt.generations.service import predictions_file
from tunix_rt.jobs.kinds import BaseHandler
from tunix_rt.jobs.models import JobRow
from tunix_rt.jsonutil import dumps_line

WRITE_CHUNK = 1000


async def write_items(session: AsyncSession, job: JobRow, run_dir: Path) -> int:
    """data/items.jsonl of the job's dataset split (spec: dataset_id, split, limit)."""
    return await write_split_items(
        session, job.spec["dataset_id"], job.spec["split"], job.spec.get("limit"), run_dir
    )


async def write_split_items(
    session: AsyncSession, dataset_id: int, split: str, limit: int | None, run_dir: Path
) -> int:
    """data/items.jsonl: {position, id, prompt, expected_answer, meta} per item, in order."""
    data = run_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    sessions = async_sessionmaker(session.bind, expire_on_commit=False)
    count = 0
    with (data / "items.jsonl").open("wb") as out:
        async for _, row in stream_items(sessions, dataset_id, split):
            if limit is not None and count >= limit:
                break
            out.write(
                dumps_line(
                    {
                        "position": count,
                        "id": row.id,
                        "prompt": row.prompt,
                        "expected_answer": row.final_answer,
                        "meta": row.meta,
                    }
                )
            )
            count += 1
    return count


class GenerateHandler(BaseHandler):
    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None:
        await write_items(session, job, run_dir)

    async def finalize(
        self, session: AsyncSession, job: JobRow, result: dict[str, Any], run_dir: Path
    ) -> dict[str, Any]:
        """Store one prediction row per item; a retried job replaces nothing twice."""
        items = {}
        with (run_dir / "data" / "items.jsonl").open("rb") as handle:
            for line in handle:
                item = orjson.loads(line)
                items[item["position"]] = item
        stored = 0
        batch: list[dict[str, Any]] = []
        with predictions_file(run_dir).open("rb") as handle:
            # The child answers the items in order: line k is item k (docs/training.md).
            for position, line in enumerate(handle):
                pred = orjson.loads(line)
                item = items[position]
                if pred.get("id") != item["id"]:
                    raise ValueError(
                        f"prediction {position} is for {pred.get('id')}, not {item['id']}"
                    )
                batch.append(
                    {
                        "job_id": job.id,
                        "position": position,
                        "trace_id": item["id"],
                        "prompt": item["prompt"],
                        "expected_answer": item["expected_answer"],
                        "output": pred["completion"],
                        "output_tokens": int(pred.get("num_tokens", 0)),
                        "finish_reason": pred.get("finish_reason"),
                    }
                )
                if len(batch) >= WRITE_CHUNK:
                    await session.execute(insert(PredictionRow), batch)
                    stored += len(batch)
                    batch = []
        if batch:
            await session.execute(insert(PredictionRow), batch)
            stored += len(batch)
        await session.commit()
        if stored != len(items):
            raise ValueError(f"the child wrote {stored} predictions for {len(items)} items")
        return {**result, "predictions": stored}
