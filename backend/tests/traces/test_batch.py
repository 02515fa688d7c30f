from tests.factories import row_count, trace


async def test_batch_creates_all_in_order(client, sessions):
    r = await client.post("/api/traces/batch", json=[trace(n) for n in range(50)])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created_count"] == 50 and body["duplicate_count"] == 0
    assert len({t["id"] for t in body["traces"]}) == 50
    third = (await client.get(f"/api/traces/{body['traces'][3]['id']}")).json()
    assert third["payload"]["prompt"] == "What is 3 + 3?"
    assert await row_count(sessions) == 50


async def test_batch_reports_duplicates_within_and_across_batches(client, sessions):
    await client.post("/api/traces", json=trace(1))
    r = await client.post("/api/traces/batch", json=[trace(1), trace(2), trace(2)])
    body = r.json()
    assert body["created_count"] == 1 and body["duplicate_count"] == 2
    assert [t["duplicate"] for t in body["traces"]] == [True, False, True]
    assert body["traces"][1]["id"] == body["traces"][2]["id"]
    assert await row_count(sessions) == 2


async def test_invalid_items_reject_whole_batch_listing_each_by_index(client, sessions):
    items = [trace(n) for n in range(10)]
    items[3]["prompt"] = ""
    items[7]["steps"][1]["content"] = ""
    r = await client.post("/api/traces/batch", json=items)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert {(d["index"], d["field"]) for d in detail} == {(3, "prompt"), (7, "steps[1].content")}
    assert "nothing was written" in r.json()["message"]
    assert await row_count(sessions) == 0


async def test_empty_batch_is_400(client):
    r = await client.post("/api/traces/batch", json=[])
    assert r.status_code == 400 and "empty" in r.json()["detail"]


async def test_batch_body_must_be_a_list(client):
    r = await client.post("/api/traces/batch", json=trace(1))
    assert r.status_code == 422 and "list" in r.json()["detail"][0]["msg"]
    r = await client.post(
        "/api/traces/batch", content=b"[{", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422 and "invalid JSON" in r.json()["detail"][0]["msg"]


async def test_batch_of_ten_thousand_is_accepted_and_one_more_is_not(client, sessions):
    items = [trace(n) for n in range(10_000)]
    r = await client.post("/api/traces/batch", json=items)
    assert r.status_code == 201 and r.json()["created_count"] == 10_000
    r = await client.post("/api/traces/batch", json=[trace(n) for n in range(10_001)])
    assert r.status_code == 413 and "10000" in r.json()["detail"]
    assert await row_count(sessions) == 10_000
