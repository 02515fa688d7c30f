"""Lines a child reports for jobs it started (a search's trial runs) land on those jobs."""

from tests.factories import row_count
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.events import parse_line
from tunix_rt.jobs.models import JobLogRow, JobMetricRow
from tunix_rt.jobs.relay import SubJobRelay


def event(line: str, job: str = ""):
    parsed = parse_line(line.replace("JOB", job))
    assert parsed is not None
    return parsed


async def test_relayed_lines_are_stored_on_the_named_job_and_unknown_jobs_are_noted(
    client, sessions
):
    async with sessions() as s:
        parent = await jobs.create_job(s, "tune", {})
        child = await jobs.create_job(s, "train", {})
    relay = SubJobRelay(parent.id)
    own = event('{"event": "log", "message": "mine"}')
    assert relay.accept(own) is False and relay.pending is False
    lines = [
        '{"event": "log", "message": "step 1", "job": "JOB"}',
        '{"event": "metric", "step": 1, "values": {"loss": 2.5}, "job": "JOB"}',
        '{"event": "progress", "step": 1, "total": 8, "job": "JOB"}',
    ]
    assert all(relay.accept(event(x, child.id)) for x in lines) and relay.pending
    assert relay.accept(event('{"event": "log", "message": "lost", "job": "no-such-job"}'))
    async with sessions() as s:
        notes = await relay.flush(s)
    assert notes == ["dropped events for unknown job no-such-job"]
    assert relay.pending is False
    async with sessions() as s:
        logs = await jobs.logs_since(s, child.id, 0)
        row = await jobs.get_job(s, child.id)
    assert [(r.seq, r.chunk) for r in logs] == [(0, "step 1")]
    assert row.progress == {"step": 1, "total": 8}
    assert await row_count(sessions, JobMetricRow) == 1
    assert await row_count(sessions, JobLogRow) == 1
    # The next flush continues the child's sequence.
    relay.accept(event('{"event": "log", "message": "step 2", "job": "JOB"}', child.id))
    async with sessions() as s:
        await relay.flush(s)
        assert [r.seq for r in await jobs.logs_since(s, child.id, 0)] == [0, 1]
