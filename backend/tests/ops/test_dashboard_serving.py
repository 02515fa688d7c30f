"""The built dashboard is served on the API's port; deep links reach the SPA shell."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_settings
from tunix_rt.app import create_app

INDEX = "<!doctype html><title>tunix-rt</title><div id=root></div>"


@pytest.fixture
async def ui_client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    ui = tmp_path / "dist"
    (ui / "assets").mkdir(parents=True)
    (ui / "index.html").write_text(INDEX)
    (ui / "assets" / "app-1234.js").write_text("console.log('app')")
    db = f"sqlite+aiosqlite:///{tmp_path / 'ui.db'}"
    app = create_app(make_settings(db, tmp_path / "home", tunix_rt_ui_dir=ui))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    await app.state.engine.dispose()


async def test_the_root_serves_the_dashboard_shell_uncached(ui_client):
    r = await ui_client.get("/")
    assert r.status_code == 200
    assert r.text == INDEX
    assert r.headers["cache-control"] == "no-cache"


async def test_a_deep_link_to_a_client_route_answers_the_shell(ui_client):
    for path in ("/runs/0b1c", "/traces/compare", "/leaderboard?dataset_key=a&judge=b"):
        r = await ui_client.get(path)
        assert r.status_code == 200, path
        assert r.text == INDEX, path


async def test_hashed_assets_are_served_with_a_long_cache(ui_client):
    r = await ui_client.get("/assets/app-1234.js")
    assert r.status_code == 200
    assert r.text == "console.log('app')"
    assert "immutable" in r.headers["cache-control"]


async def test_a_missing_asset_is_a_404_not_the_shell(ui_client):
    r = await ui_client.get("/assets/gone-9999.js")
    assert r.status_code == 404


async def test_an_unknown_api_route_stays_a_json_404(ui_client):
    r = await ui_client.get("/api/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()
