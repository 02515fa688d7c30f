from tests.factories import row_count, trace
from tunix_rt.traces.models import TraceTagRow


async def test_create_returns_id_and_get_returns_payload_as_sent(client):
    body = trace(3, meta={"source": "unit", "tags": ["b", "a"], "k": 1})
    r = await client.post("/api/traces", json=body)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["trace_version"] == "1" and created["duplicate"] is False
    got = (await client.get(f"/api/traces/{created['id']}")).json()
    assert got["payload"] == body
    assert got["tags"] == ["a", "b"] and got["source"] == "unit"
    assert got["created_at"] == created["created_at"]


async def test_same_content_again_returns_existing_id_without_new_row(client, sessions):
    first = (await client.post("/api/traces", json=trace(1))).json()
    again = await client.post("/api/traces", json=trace(1, meta={"source": "elsewhere"}))
    assert again.status_code == 201
    assert again.json()["id"] == first["id"] and again.json()["duplicate"] is True
    assert await row_count(sessions) == 1


async def test_unknown_trace_is_404(client):
    r = await client.get("/api/traces/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and "not found" in r.json()["detail"]


async def test_delete_removes_trace_and_its_tags(client, sessions):
    created = (await client.post("/api/traces", json=trace(1, meta={"tags": ["x"]}))).json()
    r = await client.delete(f"/api/traces/{created['id']}")
    assert r.status_code == 204
    assert (await client.get(f"/api/traces/{created['id']}")).status_code == 404
    assert await row_count(sessions) == 0 and await row_count(sessions, TraceTagRow) == 0
    assert (await client.delete(f"/api/traces/{created['id']}")).status_code == 404
