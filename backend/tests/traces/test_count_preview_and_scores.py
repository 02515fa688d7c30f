from tests.factories import trace


async def test_count_matches_the_list_filters(client):
    for n, source in ((1, "gen"), (2, "gen"), (3, "human")):
        body = trace(n, meta={"source": source, "tags": ["math"] if n < 3 else []})
        assert (await client.post("/api/traces", json=body)).status_code == 201
    assert (await client.get("/api/traces/count")).json() == {"count": 3}
    assert (await client.get("/api/traces/count?source=gen")).json() == {"count": 2}
    assert (await client.get("/api/traces/count?tag=math&q=2 %2B 2")).json() == {"count": 1}
    assert (await client.get("/api/traces/count?source=nobody")).json() == {"count": 0}


async def test_count_rejects_a_malformed_meta_filter(client):
    r = await client.get("/api/traces/count?meta=novalue")
    assert r.status_code == 422 and "key=value" in r.json()["detail"]


async def test_list_rows_carry_a_short_prompt_preview(client):
    long_prompt = "Why? " + "x" * 500
    await client.post("/api/traces", json=trace(1, prompt=long_prompt))
    await client.post("/api/traces", json=trace(2))
    rows = (await client.get("/api/traces")).json()["data"]
    assert rows[0]["prompt_preview"] == "What is 2 + 2?"
    assert rows[1]["prompt_preview"] == long_prompt[:160]


async def test_score_history_is_empty_until_scored_then_newest_first(client):
    trace_id = (await client.post("/api/traces", json=trace(3))).json()["id"]
    r = await client.get(f"/api/traces/{trace_id}/scores")
    assert r.status_code == 200 and r.json() == {"data": []}
    first = (await client.post(f"/api/traces/{trace_id}/score", json={})).json()
    second = (await client.post(f"/api/traces/{trace_id}/score", json={})).json()
    history = (await client.get(f"/api/traces/{trace_id}/scores")).json()["data"]
    assert [s["created_at"] for s in history] == [second["created_at"], first["created_at"]]
    assert history[0]["score"] == first["score"] and history[0]["criteria"] == "baseline"
    assert history[0]["details"]["criteria"]["step_count"]["max_points"] == 25


async def test_score_history_of_an_unknown_trace_is_404(client):
    r = await client.get("/api/traces/missing/scores")
    assert r.status_code == 404 and "missing" in r.json()["detail"]
