"""What the worker records about trials: one row per (search, trial_key), updated in place."""

import pytest

from tests.factories import row_count
from tests.tuning.helpers import create, record
from tunix_rt.tuning import service
from tunix_rt.tuning.models import TuningTrialRow


async def test_recording_a_trial_twice_updates_one_row(client, sessions):
    job = await create(client)
    first = await record(sessions, job["id"], "t1", params={"learning_rate": 0.001})
    assert first.status == "pending" and first.intermediate == []
    second = await record(sessions, job["id"], "t1", status="running", run_id="run-1")
    assert second.id == first.id
    assert second.params == {"learning_rate": 0.001}  # fields not given stay as they were
    assert (second.status, second.run_id) == ("running", "run-1")
    done = await record(
        sessions, job["id"], "t1", status="succeeded", final_metric=0.75, evaluation_id="ev-1"
    )
    assert (done.final_metric, done.evaluation_id, done.run_id) == (0.75, "ev-1", "run-1")
    assert await row_count(sessions, TuningTrialRow) == 1


async def test_intermediate_points_are_kept_by_step(client, sessions):
    job = await create(client)
    for point in [(20, 2.0), (10, 3.0), (20, 1.5), (30, 1.0)]:
        row = await record(sessions, job["id"], "t1", intermediate_point=point)
    assert row.intermediate == [
        {"step": 10, "value": 3.0},
        {"step": 20, "value": 1.5},  # a point at a step already recorded replaces it
        {"step": 30, "value": 1.0},
    ]
    got = (await client.get(f"/api/tuning/jobs/{job['id']}")).json()
    assert got["trials"][0]["intermediate"] == row.intermediate


async def test_trial_keys_are_per_search(client, sessions):
    a = await create(client, name="a")
    b = await create(client, name="b")
    await record(sessions, a["id"], "t1", status="running")
    await record(sessions, b["id"], "t1", status="failed", error="out of memory")
    trials_b = (await client.get(f"/api/tuning/jobs/{b['id']}")).json()["trials"]
    assert [(t["status"], t["error"]) for t in trials_b] == [("failed", "out of memory")]
    assert await row_count(sessions, TuningTrialRow) == 2


async def test_an_unknown_trial_status_is_refused(client, sessions):
    job = await create(client)
    with pytest.raises(ValueError, match="not one of pending, running"):
        await record(sessions, job["id"], "t1", status="done")


async def test_the_search_of_a_tune_job_is_found(client, sessions):
    job = await create(client)
    started = (await client.post(f"/api/tuning/jobs/{job['id']}/start")).json()
    async with sessions() as s:
        found = await service.tuning_job_of_job(s, started["job_id"])
        missing = await service.tuning_job_of_job(s, "no-such-job")
    assert found is not None and found.id == job["id"]
    assert missing is None


async def test_deleting_a_search_deletes_its_trials(client, sessions):
    job = await create(client)
    await record(sessions, job["id"], "t1")
    async with sessions() as s:
        await s.delete(await s.get(service.TuningJobRow, job["id"]))
        await s.commit()
    assert await row_count(sessions, TuningTrialRow) == 0
