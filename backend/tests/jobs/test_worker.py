import os
import signal
from pathlib import Path

from sqlalchemy import select

from tests.jobs.conftest import wait_for
from tunix_rt.jobs import service
from tunix_rt.jobs.models import JobLogRow, JobMetricRow, JobRow


async def make_job(sessions, **spec):
    options = {k: spec.pop(k) for k in ("timeout_s", "max_attempts", "priority") if k in spec}
    async with sessions() as s:
        job = await service.create_job(s, "worker-test", spec, **options)
    return job.id


async def job(sessions, job_id) -> JobRow:
    async with sessions() as s:
        return await service.get_job(s, job_id)


async def log_lines(sessions, job_id) -> list[str]:
    query = select(JobLogRow.chunk).where(JobLogRow.job_id == job_id).order_by(JobLogRow.seq)
    async with sessions() as s:
        return list((await s.execute(query)).scalars())


async def column_of(sessions, column, ids) -> list:
    async with sessions() as s:
        return list((await s.execute(select(column).where(JobRow.id.in_(ids)))).scalars())


def status_is(sessions, job_id, *statuses):
    async def check():
        row = await job(sessions, job_id)
        return row if row.status in statuses else None

    return check


async def test_job_runs_and_its_events_are_stored(workers, sessions):
    job_id = await make_job(sessions, steps=4)
    workers.start()
    row = await wait_for(status_is(sessions, job_id, "succeeded"))
    assert row.result == {"steps": 4, "resumed_from": 0}
    assert row.attempt == 1 and row.progress == {"step": 4, "total": 4}
    assert row.last_checkpoint == "checkpoint.json" and row.finished_at is not None
    async with sessions() as s:
        logs = (
            (
                await s.execute(
                    select(JobLogRow).where(JobLogRow.job_id == job_id).order_by(JobLogRow.seq)
                )
            )
            .scalars()
            .all()
        )
        metrics = (
            (await s.execute(select(JobMetricRow).where(JobMetricRow.job_id == job_id)))
            .scalars()
            .all()
        )
    assert [log.seq for log in logs] == list(range(len(logs)))
    texts = [log.chunk for log in logs]
    assert "plain line: starting at step 0" in texts and "attempt 1" in texts
    assert sorted((m.step, m.name) for m in metrics if m.name == "loss") == [
        (s, "loss") for s in range(1, 5)
    ]
    assert {m.value for m in metrics if m.name == "loss" and m.step == 2} == {0.5}


async def test_failing_child_fails_the_job_with_its_stderr(workers, sessions):
    job_id = await make_job(sessions, steps=1, fail=3)
    workers.start()
    row = await wait_for(status_is(sessions, job_id, "failed", "succeeded"))
    assert row.status == "failed"
    assert "exited with code 3" in row.error and "something broke in the child" in row.error


async def test_cancel_of_a_running_job_stops_the_child(workers, sessions):
    job_id = await make_job(sessions, steps=1000, step_s=0.05)
    workers.start()
    await wait_for(status_is(sessions, job_id, "running"))
    await wait_for(lambda: Path(workers.home, "runs", job_id, "checkpoint.json").exists())
    async with sessions() as s:
        row = await service.cancel_job(s, await service.get_job(s, job_id))
    assert row.status == "cancel_requested"
    row = await wait_for(status_is(sessions, job_id, "cancelled"))
    async with sessions() as s:
        logs = [
            r.chunk
            for r in (
                await s.execute(select(JobLogRow).where(JobLogRow.job_id == job_id))
            ).scalars()
        ]
    assert any("got SIGTERM, checkpointed" in line for line in logs)
    assert (row.progress or {}).get("step", 0) < 1000


async def test_child_ignoring_sigterm_is_killed_after_the_grace_period(workers, sessions):
    job_id = await make_job(sessions, steps=1000, step_s=0.05, ignore_sigterm=True)
    workers.start()
    await wait_for(status_is(sessions, job_id, "running"))
    async with sessions() as s:
        await service.cancel_job(s, await service.get_job(s, job_id))
    await wait_for(status_is(sessions, job_id, "cancelled"))
    async with sessions() as s:
        logs = [
            r.chunk
            for r in (
                await s.execute(select(JobLogRow).where(JobLogRow.job_id == job_id))
            ).scalars()
        ]
    assert "ignoring SIGTERM" in logs and any("SIGKILL" in line for line in logs)


async def test_cancel_of_a_queued_job_is_immediate(sessions, client):
    job_id = await make_job(sessions, steps=1)
    async with sessions() as s:
        row = await service.cancel_job(s, await service.get_job(s, job_id))
    assert row.status == "cancelled" and row.finished_at is not None


async def test_timeout_ends_the_job_as_timed_out(workers, sessions):
    job_id = await make_job(sessions, steps=1000, step_s=0.05, timeout_s=1.0)
    workers.start()
    row = await wait_for(status_is(sessions, job_id, "timed_out", "succeeded", "failed"))
    assert row.status == "timed_out" and "past its timeout of 1" in row.error


async def test_killed_worker_job_is_reclaimed_and_resumes_from_checkpoint(workers, sessions):
    marker = workers.home / "starts.txt"
    job_id = await make_job(sessions, steps=60, step_s=0.05, marker=str(marker))
    first = workers.start()
    await wait_for(lambda: Path(workers.home, "runs", job_id, "checkpoint.json").exists())
    await wait_for(status_is(sessions, job_id, "running"))
    os.kill(first.pid, signal.SIGKILL)  # the worker dies; its child is orphaned mid-run
    first.wait()
    workers.start()
    row = await wait_for(status_is(sessions, job_id, "succeeded", "failed"), within=60)
    assert row.status == "succeeded" and row.attempt == 2
    assert row.result["steps"] == 60 and row.result["resumed_from"] > 0
    assert [line.split()[1] for line in marker.read_text().splitlines()] == ["1", "2"]


async def test_job_fails_when_its_last_attempt_dies(workers, sessions):
    job_id = await make_job(sessions, steps=1000, step_s=0.05, max_attempts=1)
    first = workers.start()
    await wait_for(status_is(sessions, job_id, "running"))
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    workers.start()
    row = await wait_for(status_is(sessions, job_id, "failed"), within=60)
    assert "lease expired" in row.error and row.attempt == 1


async def test_worker_shutdown_hands_its_job_back_to_the_queue(workers, sessions):
    job_id = await make_job(sessions, steps=1000, step_s=0.05)
    proc = workers.start()
    await wait_for(status_is(sessions, job_id, "running"))
    await wait_for(lambda: Path(workers.home, "runs", job_id, "checkpoint.json").exists())
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    row = await job(sessions, job_id)
    assert row.status == "queued" and row.worker_id is None and row.attempt == 0
    assert row.last_checkpoint == "checkpoint.json"


async def test_three_workers_run_thirty_jobs_each_exactly_once(workers, sessions):
    marker = workers.home / "starts.txt"
    ids = [await make_job(sessions, steps=2, marker=str(marker)) for _ in range(30)]
    for _ in range(3):
        workers.start(concurrency=2)

    async def all_done():
        async with sessions() as s:
            rows = (
                (await s.execute(select(JobRow.status).where(JobRow.id.in_(ids)))).scalars().all()
            )
        return all(r == "succeeded" for r in rows)

    await wait_for(all_done, within=120)
    starts = [line.split() for line in marker.read_text().splitlines()]
    assert sorted(job_id for job_id, _ in starts) == sorted(ids)
    assert {attempt for _, attempt in starts} == {"1"}
    async with sessions() as s:
        workers_used = set(
            (await s.execute(select(JobRow.worker_id).where(JobRow.id.in_(ids)))).scalars()
        )
    assert len(workers_used) >= 2
