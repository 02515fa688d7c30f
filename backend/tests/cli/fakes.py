"""What the evaluation-side CLI tests need without real training: datasets, finished runs
and evaluations, written through the API where it can and straight into the database else."""

import asyncio
import threading
import time
from typing import Any

import httpx
from sqlalchemy import select, update

from tests.cli.helpers import Server
from tests.factories import trace
from tests.registry.helpers import RESULT, write_export
from tunix_rt.db import create_engine, sessionmaker_for, utcnow
from tunix_rt.evaluations.judge_setup import judge_key, setup_in
from tunix_rt.evaluations.models import EvaluationItemRow, EvaluationRow, EvaluationScoreRow
from tunix_rt.jobs.models import JobRow

FINISH_SECONDS = 30


def build_dataset(server: Server, name: str, n: int = 6) -> str:
    """n traces of their own, built into dataset `<name>-v1` with an eval split; its key."""
    bodies = [
        trace(i, prompt=f"[{name}] What is {i} + {i}?", meta={"source": name}) for i in range(n)
    ]
    r = httpx.post(f"{server.url}/api/traces/batch", json=bodies)
    assert r.status_code == 201, r.text
    r = httpx.post(
        f"{server.url}/api/datasets/build",
        json={
            "dataset_name": name,
            "dataset_version": "v1",
            "source": name,
            "limit": n,
            "eval_fraction": 0.34,
            "seed": 7,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["dataset_key"])


async def succeeded_run(server: Server, sessions: Any, dataset_key: str, seed: int = 0) -> str:
    """A training run marked succeeded, with a small fake export where the server looks."""
    async with httpx.AsyncClient(base_url=server.url) as client:
        r = await client.post("/api/tunix/runs", json={"dataset_key": dataset_key})
    assert r.status_code == 201, r.text
    run_id = str(r.json()["run_id"])
    write_export(server.home / "runs" / run_id / "export", seed)
    async with sessions() as s:
        await s.execute(
            update(JobRow)
            .where(JobRow.id == run_id)
            .values(status="succeeded", result=RESULT, finished_at=utcnow())
        )
        await s.commit()
    return run_id


async def registered_version(server: Server, name: str, run_id: str) -> dict[str, Any]:
    """Model `name` with the run promoted into it as version 1; the version."""
    async with httpx.AsyncClient(base_url=server.url) as client:
        r = await client.post("/api/models", json={"name": name})
        assert r.status_code == 201, r.text
        r = await client.post(f"/api/models/{name}/versions", json={"run_id": run_id})
    assert r.status_code == 201, r.text
    return dict(r.json())


def finish_when_queued(
    server: Server, dataset_key: str, status: str, *, mean: float = 0.75, error: str | None = None
) -> threading.Thread:
    """In a thread, as a worker would: finish the next evaluation queued on `dataset_key`.

    A succeeded one gets an answer_correctness score of `mean` over 4 items.
    """

    async def finish() -> None:
        engine = create_engine(server.database_url)
        sessions = sessionmaker_for(engine)
        deadline = time.monotonic() + FINISH_SECONDS
        try:
            while time.monotonic() < deadline:
                async with sessions() as s:
                    query = select(EvaluationRow).where(EvaluationRow.dataset_key == dataset_key)
                    row = (await s.scalars(query)).first()
                    if row is not None:
                        await _finish(s, row, status, mean, error)
                        return
                await asyncio.sleep(0.05)
        finally:
            await engine.dispose()

    thread = threading.Thread(target=lambda: asyncio.run(finish()), daemon=True)
    thread.start()
    return thread


async def _finish(s: Any, row: EvaluationRow, status: str, mean: float, error: str | None) -> None:
    now = utcnow()
    await s.execute(
        update(JobRow)
        .where(JobRow.id == row.id)
        .values(status=status, error=error, finished_at=now)
    )
    if status == "succeeded":
        row.item_count = 4
        row.finished_at = now
        passed = round(mean * 4)
        setup = setup_in(row.judges, "answer_correctness")
        assert setup is not None, "the fake worker scores answer_correctness only"
        s.add(
            EvaluationScoreRow(
                evaluation_id=row.id,
                judge="answer_correctness",
                judge_version=setup["version"],
                judge_key=judge_key(setup),
                mean=mean,
                ci_low=0.25,
                ci_high=1.0,
                n=4,
                passed=passed,
                failed=4 - passed,
                unparseable=0,
            )
        )
    await s.commit()


async def same_traces(sessions: Any, source_id: str, target_id: str) -> None:
    """Give the target evaluation's items the source's trace ids, so the two pair up."""
    async with sessions() as s:
        query = select(EvaluationItemRow.position, EvaluationItemRow.trace_id).where(
            EvaluationItemRow.evaluation_id == source_id
        )
        for position, trace_id in (await s.execute(query)).all():
            await s.execute(
                update(EvaluationItemRow)
                .where(
                    EvaluationItemRow.evaluation_id == target_id,
                    EvaluationItemRow.position == position,
                )
                .values(trace_id=trace_id)
            )
        await s.commit()
