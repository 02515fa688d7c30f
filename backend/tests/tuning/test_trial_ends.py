"""How the worker stores a trial's end from the driver's `trial` events: the trial's status
and error, and its training run's own, truthful status."""

from tests.tuning.helpers import create
from tunix_rt.jobs.models import JobRow
from tunix_rt.tuning.handler import STOPPED_EARLY, TuneHandler
from tunix_rt.tuning.service import trials_of


async def store(app, sessions, job_id: str, *events: dict) -> None:
    async with sessions() as s:
        job = await s.get(JobRow, job_id)
        notes = await TuneHandler().on_events(s, job, list(events), app.state.settings)
    assert notes == []


def started(key: str) -> dict:
    return {
        "trial_key": key,
        "status": "running",
        "run_id": f"run-{key}",
        "params": {"learning_rate": 0.01},
        "config": {"learning_rate": 0.01, "max_steps": 8},
    }


async def trial_and_run(sessions, tuning_id: str, key: str):
    async with sessions() as s:
        [trial] = [t for t in await trials_of(s, tuning_id) if t.trial_key == key]
        return trial, await s.get(JobRow, trial.run_id)


async def search(client) -> dict:
    created = await create(client)
    return (await client.post(f"/api/tuning/jobs/{created['id']}/start")).json()


async def test_a_trial_without_an_objective_fails_while_its_finished_run_succeeds(
    app, client, sessions
):
    tuning = await search(client)
    why = "the objective pass_rate of answer_correctness could not be computed: 0 of 4 items"
    end = {
        "trial_key": "t1",
        "status": "failed",
        "run_id": "run-t1",
        "run_status": "succeeded",
        "error": why,
        "train_result": {"kind": "train", "step": 8},
    }
    await store(app, sessions, tuning["job_id"], started("t1"), end)
    trial, run = await trial_and_run(sessions, tuning["id"], "t1")
    assert (trial.status, trial.error, trial.final_metric) == ("failed", why, None)
    assert run.status == "succeeded" and run.error is None
    assert run.result["step"] == 8 and run.result["dataset_key"] == "ds-v1"


async def test_a_trial_that_failed_in_training_fails_its_run_with_the_error(app, client, sessions):
    tuning = await search(client)
    end = {"trial_key": "t1", "status": "failed", "run_id": "run-t1", "error": "boom"}
    await store(app, sessions, tuning["job_id"], started("t1"), end)
    trial, run = await trial_and_run(sessions, tuning["id"], "t1")
    assert (trial.status, trial.error) == ("failed", "boom")
    assert (run.status, run.error) == ("failed", "boom")


async def test_a_stopped_trial_keeps_the_drivers_reason_and_its_run_is_cancelled(
    app, client, sessions
):
    tuning = await search(client)
    why = "stopped at step 2, before the end of its budget"
    await store(
        app,
        sessions,
        tuning["job_id"],
        started("t1"),
        {"trial_key": "t1", "status": "stopped", "run_id": "run-t1", "error": why},
        started("t2"),
        {"trial_key": "t2", "status": "stopped", "run_id": "run-t2"},  # an older driver
    )
    trial, run = await trial_and_run(sessions, tuning["id"], "t1")
    assert (trial.status, trial.error) == ("stopped", why)
    assert (run.status, run.error) == ("cancelled", why)
    older, _ = await trial_and_run(sessions, tuning["id"], "t2")
    assert older.error == STOPPED_EARLY


async def test_a_trial_run_again_after_a_restore_loses_its_earlier_error(app, client, sessions):
    tuning = await search(client)
    await store(app, sessions, tuning["job_id"], started("t1"))
    async with sessions() as s:
        job = await s.get(JobRow, tuning["job_id"])
        await TuneHandler().on_end(s, job, "queued")  # handed back mid-trial
    trial, run = await trial_and_run(sessions, tuning["id"], "t1")
    assert trial.status == "stopped" and "a restore runs this trial again" in trial.error
    assert run.status == "cancelled"
    await store(app, sessions, tuning["job_id"], started("t1"))  # the restore starts it
    trial, run = await trial_and_run(sessions, tuning["id"], "t1")
    assert (trial.status, trial.error) == ("running", None)
    assert (run.status, run.error) == ("running", None)
