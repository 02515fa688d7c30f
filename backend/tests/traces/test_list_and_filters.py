from datetime import UTC, datetime, timedelta

from tests.factories import trace


async def seed(client):
    items = [
        trace(1, meta={"source": "gen", "tags": ["math"], "level": 1, "hard": False}),
        trace(2, meta={"source": "gen", "tags": ["math", "easy"], "level": 2, "hard": True}),
        trace(3, meta={"source": "human", "tags": ["chat"], "level": 1}, final_answer="six 100%"),
    ]
    for item in items:  # one request each so created order is fixed
        assert (await client.post("/api/traces", json=item)).status_code == 201


async def ids(client, query: str) -> list[str]:
    r = await client.get(f"/api/traces?{query}")
    assert r.status_code == 200, r.text
    return [t["id"] for t in r.json()["data"]]


async def prompts(client, query: str) -> list[str]:
    out = []
    for trace_id in await ids(client, query):
        out.append((await client.get(f"/api/traces/{trace_id}")).json()["payload"]["prompt"])
    return out


async def test_list_is_newest_first_with_compat_pagination(client):
    await seed(client)
    r = (await client.get("/api/traces?limit=2")).json()
    assert [t["trace_version"] for t in r["data"]] == ["1", "1"]
    assert r["pagination"] == {
        "limit": 2,
        "offset": 0,
        "next_offset": 2,
        "next_cursor": r["pagination"]["next_cursor"],
    }
    assert await prompts(client, "limit=2") == ["What is 3 + 3?", "What is 2 + 2?"]
    last = (await client.get("/api/traces?limit=2&offset=2")).json()
    assert len(last["data"]) == 1 and last["pagination"]["next_offset"] is None


async def test_filters_by_source_tag_meta_and_text(client):
    await seed(client)
    assert await prompts(client, "source=human") == ["What is 3 + 3?"]
    assert await prompts(client, "tag=easy") == ["What is 2 + 2?"]
    assert len(await ids(client, "tag=math")) == 2
    assert await prompts(client, "meta=level=1&source=gen") == ["What is 1 + 1?"]
    assert await prompts(client, "meta=hard=true") == ["What is 2 + 2?"]
    assert await prompts(client, "q=SIX") == ["What is 3 + 3?"]
    assert await prompts(client, "q=100%25") == ["What is 3 + 3?"]  # % is literal, not a wildcard
    assert await ids(client, "q=_") == []
    assert await ids(client, "meta=level=9") == []


async def test_created_range_filter(client):
    await seed(client)
    now = datetime.now(UTC)
    past = (now - timedelta(hours=1)).isoformat()
    future = (now + timedelta(hours=1)).isoformat()
    params = {"created_after": past, "created_before": future}
    r = await client.get("/api/traces", params=params)
    assert len(r.json()["data"]) == 3
    r = await client.get("/api/traces", params={"created_after": future})
    assert r.json()["data"] == []


async def test_bad_meta_filter_is_422(client):
    r = await client.get("/api/traces?meta=novalue")
    assert r.status_code == 422 and "key=value" in r.json()["detail"]


async def test_cursor_pages_walk_everything_once(client):
    await client.post("/api/traces/batch", json=[trace(n) for n in range(45)])
    seen: list[str] = []
    url = "/api/traces?limit=10"
    while True:
        page = (await client.get(url)).json()
        seen += [t["id"] for t in page["data"]]
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            break
        url = f"/api/traces?limit=10&cursor={cursor}"
    assert len(seen) == 45 and len(set(seen)) == 45
    offset_ids = [t["id"] for t in (await client.get("/api/traces?limit=100")).json()["data"]]
    assert seen == offset_ids


async def test_cursor_with_offset_is_400(client):
    r = await client.get("/api/traces?limit=10&offset=5&cursor=czox")
    assert r.status_code == 400


async def test_export_streams_filtered_ndjson(client):
    await seed(client)
    r = await client.get("/api/traces/export.jsonl?source=gen")
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = [line for line in r.text.splitlines() if line]
    assert len(lines) == 2
    import orjson

    first = orjson.loads(lines[0])
    assert set(first) >= {"id", "created_at", "prompt", "steps", "final_answer", "meta"}
    assert first["prompt"] == "What is 2 + 2?"
    r = await client.get("/api/traces/export.jsonl?limit=1")
    assert len(r.text.splitlines()) == 1
