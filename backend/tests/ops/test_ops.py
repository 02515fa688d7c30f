import httpx

from tests.conftest import make_settings
from tests.factories import trace
from tunix_rt.app import create_app


async def test_health_is_healthy(client):
    r = await client.get("/api/health")
    assert r.status_code == 200 and r.json()["status"] == "healthy"


async def test_ready_reports_the_database(client, backend):
    r = await client.get("/api/ready")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ready",
        "database": "postgresql" if backend == "postgres" else "sqlite",
    }


async def test_ready_is_503_with_reason_when_database_is_unreachable(tmp_path):
    bad = make_settings("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere", tmp_path)
    app = create_app(bad)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.get("/api/ready")
        assert (await c.get("/api/health")).status_code == 200
    await app.state.engine.dispose()
    assert r.status_code == 503
    assert "database unreachable" in r.json()["detail"]


async def test_metrics_count_requests_per_route_and_ingested_traces(client):
    await client.post("/api/traces/batch", json=[trace(1), trace(2)])
    await client.get("/api/traces/nope")
    text = (await client.get("/metrics")).text
    assert 'route="/api/traces/{trace_id}"' in text and 'status="404"' in text
    assert 'tunix_rt_traces_ingested_total{outcome="created",path="batch"}' in text
    assert "tunix_rt_http_request_duration_seconds_bucket" in text


async def test_cors_allows_configured_origin(db_url, home):
    app = create_app(make_settings(db_url, home, cors_origins=["http://ui.example"]))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.options(
            "/api/health",
            headers={"Origin": "http://ui.example", "Access-Control-Request-Method": "GET"},
        )
    await app.state.engine.dispose()
    assert r.headers["access-control-allow-origin"] == "http://ui.example"


async def test_unknown_path_is_json_404(client):
    r = await client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
