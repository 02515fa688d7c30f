"""Reading runs back: the list (newest first, filtered, paged), one run, its status; cancel."""

import pytest
from sqlalchemy import update

from tests.tunix_runs.helpers import create_run, dataset, job
from tunix_rt.jobs.models import JobRow


async def _set_status(sessions, run_id, status):
    async with sessions() as s:
        await s.execute(update(JobRow).where(JobRow.id == run_id).values(status=status))
        await s.commit()


async def test_list_is_newest_first_filtered_and_paged(client, sessions):
    await dataset(client, name="a")
    await dataset(client, name="b")
    ids = []
    for key in ("a-v1", "b-v1", "a-v1", "a-v1"):
        ids.append((await create_run(client, key))["run_id"])
    await _set_status(sessions, ids[2], "succeeded")
    # a generate job is not a run
    async with sessions() as s:
        from tunix_rt.jobs.service import create_job

        await create_job(s, "generate", {"dataset_key": "a-v1"})

    r = await client.get("/api/tunix/runs")
    assert r.status_code == 200
    body = r.json()
    assert [x["run_id"] for x in body["data"]] == ids[::-1]
    assert body["pagination"]["next_offset"] is None

    page = (await client.get("/api/tunix/runs", params={"limit": 2})).json()
    assert [x["run_id"] for x in page["data"]] == [ids[3], ids[2]]
    assert page["pagination"]["next_offset"] == 2
    page = (await client.get("/api/tunix/runs", params={"limit": 2, "offset": 2})).json()
    assert [x["run_id"] for x in page["data"]] == [ids[1], ids[0]]
    assert page["pagination"]["next_offset"] is None

    by_key = (await client.get("/api/tunix/runs", params={"dataset_key": "a-v1"})).json()
    assert [x["run_id"] for x in by_key["data"]] == [ids[3], ids[2], ids[0]]
    by_status = (await client.get("/api/tunix/runs", params={"status": "queued"})).json()
    assert [x["run_id"] for x in by_status["data"]] == [ids[3], ids[1], ids[0]]
    both = await client.get("/api/tunix/runs", params={"status": "queued", "dataset_key": "a-v1"})
    assert [x["run_id"] for x in both.json()["data"]] == [ids[3], ids[0]]
    none = await client.get("/api/tunix/runs", params={"dataset_key": "zzz-v1"})
    assert none.json()["data"] == []


async def test_list_rejects_unknown_status(client):
    r = await client.get("/api/tunix/runs", params={"status": "exploded"})
    assert r.status_code == 422


async def test_get_and_status(client):
    ds = await dataset(client)
    run = await create_run(client)
    got = await client.get(f"/api/tunix/runs/{run['run_id']}")
    assert got.status_code == 200
    assert got.json() == run
    assert got.json()["dataset_hash"] == ds["content_hash"]
    st = await client.get(f"/api/tunix/runs/{run['run_id']}/status")
    assert st.status_code == 200
    assert st.json() == {
        "run_id": run["run_id"],
        "status": "queued",
        "progress": None,
        "error": None,
        "attempt": 0,
    }


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", ""),
        ("GET", "/status"),
        ("POST", "/cancel"),
        ("GET", "/logs"),
        ("GET", "/metrics"),
        ("GET", "/artifacts"),
        ("GET", "/artifacts/a.txt/download"),
    ],
)
async def test_unknown_run_is_404_everywhere(client, method, suffix):
    r = await client.request(method, f"/api/tunix/runs/no-such-run{suffix}")
    assert r.status_code == 404, (suffix, r.text)
    assert "no-such-run" in r.json()["detail"]


async def test_a_generate_job_is_not_a_run(client, sessions):
    async with sessions() as s:
        from tunix_rt.jobs.service import create_job

        other = await create_job(s, "generate", {})
    r = await client.get(f"/api/tunix/runs/{other.id}")
    assert r.status_code == 404


async def test_cancel_queued_run_then_again_is_409(client, sessions):
    await dataset(client)
    run = await create_run(client)
    r = await client.post(f"/api/tunix/runs/{run['run_id']}/cancel")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert r.json()["finished_at"] is not None
    row = await job(sessions, run["run_id"])
    assert row.status == "cancelled" and row.finished_at is not None
    st = (await client.get(f"/api/tunix/runs/{run['run_id']}/status")).json()
    assert st["status"] == "cancelled"

    again = await client.post(f"/api/tunix/runs/{run['run_id']}/cancel")
    assert again.status_code == 409
    assert "cancelled" in again.json()["detail"]


async def test_cancel_running_run_requests_cancellation(client, sessions):
    await dataset(client)
    run = await create_run(client)
    await _set_status(sessions, run["run_id"], "running")
    r = await client.post(f"/api/tunix/runs/{run['run_id']}/cancel")
    assert r.status_code == 200
    assert r.json()["status"] == "cancel_requested"
    assert (await job(sessions, run["run_id"])).status == "cancel_requested"
