"""Test fixtures: every database test runs once on SQLite and once on real Postgres."""

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tunix_rt import migrate
from tunix_rt.app import create_app
from tunix_rt.models_registry import metadata
from tunix_rt.settings import Settings

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def _admin_dsn(url: str) -> str:
    u = make_url(url)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty Postgres database for this test session, dropped afterwards."""
    base = os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG)
    try:
        admin = await asyncpg.connect(_admin_dsn(base), timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        reason = f"Postgres not reachable at {base}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (with CI=true Postgres is required)")
        pytest.skip(reason)
    name = f"tunix_rt_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The migrated database of each backend; tests using it run on both."""
    name = "postgres_url" if request.param == "postgres" else "sqlite_url"
    url: str = request.getfixturevalue(name)
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def make_settings(db_url: str, home: Path, **overrides: object) -> Settings:
    return Settings(tunix_rt_home=home, database_url=db_url, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def app(db_url: str, home: Path) -> AsyncIterator[object]:
    application = create_app(make_settings(db_url, home))
    yield application
    await application.state.engine.dispose()


async def _empty_tables(application: object) -> None:
    engine = application.state.engine  # type: ignore[attr-defined]
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on an emptied database."""
    await _empty_tables(app)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
def backend(db_url: str) -> str:
    return "postgres" if db_url.startswith("postgresql") else "sqlite"


@pytest.fixture
def sessions(app: object) -> Iterator[object]:
    yield app.state.sessionmaker  # type: ignore[attr-defined]


@pytest.fixture
def own_home(app: Any, tmp_path: Path) -> Iterator[Path]:
    """A fresh artifacts root per test, so run exports and registry files are this test's
    (the session's `home` is shared by both databases' runs)."""
    settings = app.state.settings
    previous = settings.tunix_rt_home
    settings.tunix_rt_home = tmp_path / "home"
    yield settings.tunix_rt_home
    settings.tunix_rt_home = previous
