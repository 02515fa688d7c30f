"""GET /api/overview: every count matches what is stored, and the newest runs come first."""

import uuid
from typing import Any

from sqlalchemy import event, update

from tests.evaluation_factories import make_evaluation
from tests.factories import trace
from tests.tuning.helpers import search
from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.db import utcnow
from tunix_rt.jobs.models import JobRow
from tunix_rt.registry.models import ModelVersionRow, RegisteredModelRow

OVERVIEW = "/api/overview"
STATUSES = {
    "queued",
    "running",
    "succeeded",
    "failed",
    "cancel_requested",
    "cancelled",
    "timed_out",
}


async def set_status(sessions: Any, run_id: str, status: str) -> None:
    async with sessions() as s:
        await s.execute(update(JobRow).where(JobRow.id == run_id).values(status=status))
        await s.commit()


async def register_model(sessions: Any, name: str, versions: int) -> None:
    model_id = str(uuid.uuid4())
    async with sessions() as s:
        s.add(RegisteredModelRow(id=model_id, name=name, last_version=versions))
        await s.flush()
        for v in range(1, versions + 1):
            s.add(
                ModelVersionRow(
                    id=str(uuid.uuid4()),
                    model_id=model_id,
                    version=v,
                    content_hash=uuid.uuid4().hex * 2,
                    size_bytes=1,
                    files=[],
                    lineage={},
                    created_at=utcnow(),
                )
            )
        await s.commit()


async def test_an_empty_database_counts_zero_everywhere(client):
    r = await client.get(OVERVIEW)
    assert r.status_code == 200, r.text
    counts = r.json()["counts"]
    assert counts["traces"] == counts["datasets"] == counts["models"] == 0
    assert counts["model_versions"] == counts["tuning_jobs"] == 0
    for jobs in (counts["runs"], counts["evaluations"]):
        assert jobs["total"] == 0
        assert jobs["by_status"] == dict.fromkeys(STATUSES, 0)
    assert r.json()["recent_runs"] == []


async def test_counts_match_what_is_stored(client, sessions):
    await client.post("/api/traces/batch", json=[trace(100 + i) for i in range(3)])
    await dataset(client, n=6)  # 6 more traces, one dataset
    await dataset(client, n=6, version="v2")  # the same 6 traces again, a second dataset
    first = await create_run(client)
    second = await create_run(client)
    await create_run(client)
    await set_status(sessions, first["run_id"], "succeeded")
    await set_status(sessions, second["run_id"], "failed")
    await make_evaluation(sessions, model_name="m", mean=0.5)
    await make_evaluation(sessions, model_name="m", mean=None, finished=False)
    await register_model(sessions, "arith", versions=2)
    await register_model(sessions, "duel", versions=1)
    assert (await client.post("/api/tuning/jobs", json=search())).status_code == 201

    counts = (await client.get(OVERVIEW)).json()["counts"]

    assert counts["traces"] == 9
    assert counts["datasets"] == 2
    assert counts["runs"]["total"] == 3
    assert counts["runs"]["by_status"] == {
        **dict.fromkeys(STATUSES, 0),
        "queued": 1,
        "succeeded": 1,
        "failed": 1,
    }
    assert counts["evaluations"]["total"] == 2
    assert counts["evaluations"]["by_status"]["succeeded"] == 1
    assert counts["evaluations"]["by_status"]["running"] == 1
    assert (counts["models"], counts["model_versions"]) == (2, 3)
    assert counts["tuning_jobs"] == 1


async def test_recent_runs_are_the_newest_first_with_their_model_dataset_and_progress(
    client, sessions
):
    await dataset(client, n=6)
    older = await create_run(client)
    newer = await create_run(client, config={"model": "tiny", "max_steps": 40})
    async with sessions() as s:
        await s.execute(
            update(JobRow)
            .where(JobRow.id == newer["run_id"])
            .values(status="running", progress={"step": 10, "total": 40})
        )
        await s.commit()

    runs = (await client.get(OVERVIEW)).json()["recent_runs"]

    assert [r["run_id"] for r in runs] == [newer["run_id"], older["run_id"]]
    latest = runs[0]
    assert latest["status"] == "running"
    assert (latest["model_id"], latest["dataset_key"]) == ("tiny", "ds-v1")
    assert latest["progress"] == {"step": 10, "total": 40}
    assert latest["created_at"] == newer["created_at"]
    assert runs[1]["status"] == "queued"
    assert runs[1]["progress"] is None


async def test_recent_asks_for_fewer_runs_and_is_bounded(client):
    await dataset(client, n=6)
    for _ in range(3):
        await create_run(client)
    assert len((await client.get(OVERVIEW, params={"recent": 2})).json()["recent_runs"]) == 2
    assert (await client.get(OVERVIEW, params={"recent": 0})).json()["recent_runs"] == []
    assert (await client.get(OVERVIEW, params={"recent": 51})).status_code == 422


async def test_counts_are_computed_in_sql_without_reading_rows(client, app):
    await client.post("/api/traces/batch", json=[trace(i) for i in range(5)])
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()).lower())

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert (await client.get(OVERVIEW)).json()["counts"]["traces"] == 5
    finally:
        event.remove(engine, "before_cursor_execute", record)
    touching = [s for s in statements if " from traces" in s]
    assert touching, statements
    assert all(s.startswith("select count(*)") for s in touching), touching
