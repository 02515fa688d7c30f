from tests.factories import trace


async def test_create_and_get(client):
    r = await client.post("/api/traces", json=trace(1))
    assert r.status_code == 201, r.text
    got = await client.get(f"/api/traces/{r.json()['id']}")
    assert got.status_code == 200
    assert got.json()["payload"]["final_answer"] == "2"
