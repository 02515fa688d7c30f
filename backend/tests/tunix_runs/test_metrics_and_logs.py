"""Metric series and the Server-Sent Events log stream of a run."""

import asyncio
import json
from typing import Any

from sqlalchemy import update

from tests.tunix_runs.helpers import create_run, dataset
from tunix_rt.jobs import service as jobs_service
from tunix_rt.jobs.models import JobMetricRow, JobRow
from tunix_rt.jobs.stream import job_events


def parse_sse(text: str) -> list[dict[str, Any]]:
    """Events as {"event", "id", "data"} (data decoded from JSON), in order."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        event: dict[str, Any] = {"event": "message", "id": None}
        data = []
        for line in block.split("\n"):
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                data.append(value)
            elif field in {"event", "id"}:
                event[field] = value
        event["data"] = json.loads("\n".join(data)) if data else None
        events.append(event)
    return events


async def _finish(sessions, run_id, status="succeeded", **values):
    async with sessions() as s:
        await s.execute(update(JobRow).where(JobRow.id == run_id).values(status=status, **values))
        await s.commit()


async def test_metrics_series_by_name_ordered_last_repeat_wins(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    other = (await create_run(client))["run_id"]
    async with sessions() as s:
        # first attempt reached step 20; the resumed attempt redoes step 20 and goes on
        await jobs_service.append_metrics(
            s,
            run_id,
            [(10, "loss", 2.0), (20, "loss", 1.5), (20, "lr", 0.001), (10, "lr", 0.002)],
        )
        s.add(JobMetricRow(job_id=run_id, step=20, name="loss", value=1.25))
        s.add(JobMetricRow(job_id=run_id, step=5, name="loss", value=3.0))
        s.add(JobMetricRow(job_id=other, step=1, name="loss", value=9.0))
        await s.commit()
        await jobs_service.append_metrics(s, run_id, [(30, "loss", 1.0)])

    r = await client.get(f"/api/tunix/runs/{run_id}/metrics")
    assert r.status_code == 200
    assert r.json() == {
        "run_id": run_id,
        "series": {
            "loss": [
                {"step": 5, "value": 3.0},
                {"step": 10, "value": 2.0},
                {"step": 20, "value": 1.25},
                {"step": 30, "value": 1.0},
            ],
            "lr": [{"step": 10, "value": 0.002}, {"step": 20, "value": 0.001}],
        },
    }


async def test_metrics_of_a_fresh_run_are_empty(client):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    r = await client.get(f"/api/tunix/runs/{run_id}/metrics")
    assert r.json() == {"run_id": run_id, "series": {}}


async def _logged_run(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    async with sessions() as s:
        await jobs_service.append_logs(
            s,
            run_id,
            0,
            [
                ("stdout", "starting"),
                ("stderr", "warn: slow"),
                ("stdout", "step 1"),
                ("stdout", "step 2"),
                ("event", "done"),
            ],
        )
        await jobs_service.append_metrics(s, run_id, [(1, "loss", 2.5), (2, "loss", 2.0)])
    await _finish(sessions, run_id, result={"final_loss": 2.0})
    return run_id


async def test_logs_stream_then_final_status_and_close(client, sessions):
    run_id = await _logged_run(client, sessions)
    r = await client.get(f"/api/tunix/runs/{run_id}/logs")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["cache-control"] == "no-cache"
    events = parse_sse(r.text)
    logs = [e for e in events if e["event"] == "log"]
    assert [e["id"] for e in logs] == ["0", "1", "2", "3", "4"]
    assert [(e["data"]["seq"], e["data"]["stream"], e["data"]["chunk"]) for e in logs] == [
        (0, "stdout", "starting"),
        (1, "stderr", "warn: slow"),
        (2, "stdout", "step 1"),
        (3, "stdout", "step 2"),
        (4, "event", "done"),
    ]
    assert all(set(e["data"]) == {"seq", "stream", "chunk", "created_at"} for e in logs)
    assert all(e["data"]["created_at"] for e in logs)
    metrics = [e["data"] for e in events if e["event"] == "metric"]
    assert metrics == [
        {"step": 1, "name": "loss", "value": 2.5},
        {"step": 2, "name": "loss", "value": 2.0},
    ]
    assert events[-1]["event"] == "status"
    assert events[-1]["data"] == {
        "run_id": run_id,
        "status": "succeeded",
        "error": None,
        "result": {"final_loss": 2.0},
    }
    assert [e["event"] for e in events].count("status") == 1


async def test_since_seq_starts_there(client, sessions):
    run_id = await _logged_run(client, sessions)
    r = await client.get(f"/api/tunix/runs/{run_id}/logs", params={"since_seq": 2})
    events = parse_sse(r.text)
    assert [e["data"]["seq"] for e in events if e["event"] == "log"] == [2, 3, 4]
    assert events[-1]["event"] == "status"


async def test_last_event_id_resumes_after_it(client, sessions):
    run_id = await _logged_run(client, sessions)
    r = await client.get(f"/api/tunix/runs/{run_id}/logs", headers={"Last-Event-ID": "3"})
    events = parse_sse(r.text)
    assert [e["data"]["seq"] for e in events if e["event"] == "log"] == [4]
    assert events[-1]["event"] == "status"
    # an explicit since_seq wins over the header
    r = await client.get(
        f"/api/tunix/runs/{run_id}/logs", params={"since_seq": 1}, headers={"Last-Event-ID": "3"}
    )
    assert [e["data"]["seq"] for e in parse_sse(r.text) if e["event"] == "log"] == [1, 2, 3, 4]


async def test_failed_run_stream_ends_with_its_error(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    await _finish(sessions, run_id, status="failed", error="child exited 3")
    events = parse_sse((await client.get(f"/api/tunix/runs/{run_id}/logs")).text)
    assert [e["event"] for e in events] == ["status"]
    assert events[0]["data"]["status"] == "failed"
    assert events[0]["data"]["error"] == "child exited 3"


async def test_negative_since_seq_is_422(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    r = await client.get(f"/api/tunix/runs/{run_id}/logs", params={"since_seq": -1})
    assert r.status_code == 422


async def test_stream_follows_a_running_run_until_it_ends(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    await _finish(sessions, run_id, status="running")

    async def later():
        await asyncio.sleep(0.2)
        async with sessions() as s:
            await jobs_service.append_logs(s, run_id, 0, [("stdout", "late line")])
        await asyncio.sleep(0.2)
        await _finish(sessions, run_id, status="cancelled")

    writer = asyncio.create_task(later())
    r = await asyncio.wait_for(client.get(f"/api/tunix/runs/{run_id}/logs"), timeout=10)
    await writer
    events = parse_sse(r.text)
    assert [(e["event"], e["data"].get("chunk")) for e in events] == [
        ("log", "late line"),
        ("status", None),
    ]
    assert events[-1]["data"]["status"] == "cancelled"


async def test_heartbeats_while_running(client, sessions):
    await dataset(client)
    run_id = (await create_run(client))["run_id"]
    await _finish(sessions, run_id, status="running", progress={"step": 3, "total": 10})
    seen = []
    async for chunk in job_events(sessions, run_id, 0, poll_s=0.01, heartbeat_s=0.03):
        seen.extend(parse_sse(chunk.decode()))
        if len(seen) == 2:
            await _finish(sessions, run_id, status="succeeded")
    assert [e["event"] for e in seen] == ["heartbeat", "heartbeat", "status"]
    assert seen[0]["data"] == {"status": "running", "progress": {"step": 3, "total": 10}}
