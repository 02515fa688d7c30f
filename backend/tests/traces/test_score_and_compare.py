from sqlalchemy import select

from tests.factories import trace
from tunix_rt.traces.models import TraceScoreRow


async def test_baseline_score_is_stored_with_explained_details(client, sessions):
    created = (await client.post("/api/traces", json=trace(4))).json()
    r = await client.post(f"/api/traces/{created['id']}/score", json={"criteria": "baseline"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert 0 <= body["score"] <= 100
    criteria = body["details"]["criteria"]
    assert sum(c["max_points"] for c in criteria.values()) == 100
    assert abs(sum(c["points"] for c in criteria.values()) - body["score"]) < 0.05
    assert all(c["explanation"] for c in criteria.values())
    async with sessions() as s:
        stored = (await s.execute(select(TraceScoreRow.score))).scalars().all()
    assert stored == [body["score"]]


async def test_richer_trace_scores_higher_than_a_bare_one(client):
    bare = trace(1, steps=[{"i": 0, "type": "x", "content": "ok"}])
    rich = trace(
        2,
        steps=[
            {"i": i, "type": "t", "content": f"Reasoning step number {i} explains a part."}
            for i in range(6)
        ],
    )
    ids = [(await client.post("/api/traces", json=t)).json()["id"] for t in (bare, rich)]
    scores = [(await client.post(f"/api/traces/{i}/score", json={})).json()["score"] for i in ids]
    assert scores[1] > scores[0] + 20


async def test_unknown_criteria_is_422_and_unknown_trace_404(client):
    created = (await client.post("/api/traces", json=trace(1))).json()
    r = await client.post(f"/api/traces/{created['id']}/score", json={"criteria": "vibes"})
    assert r.status_code == 422
    r = await client.post("/api/traces/nope/score", json={"criteria": "baseline"})
    assert r.status_code == 404


async def test_compare_returns_both_sides_with_scores(client):
    a = (await client.post("/api/traces", json=trace(1))).json()["id"]
    b = (await client.post("/api/traces", json=trace(2))).json()["id"]
    r = await client.get(f"/api/traces/compare?base={a}&other={b}")
    assert r.status_code == 200
    body = r.json()
    assert body["base"]["id"] == a and body["other"]["id"] == b
    assert body["other"]["payload"]["final_answer"] == "4"
    assert 0 <= body["base"]["score"] <= 100
    r = await client.get(f"/api/traces/compare?base={a}&other=missing")
    assert r.status_code == 404 and "missing" in r.json()["detail"]
    r = await client.get(f"/api/traces/compare?base={a}")
    assert r.status_code == 422
