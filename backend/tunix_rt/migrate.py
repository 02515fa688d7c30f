"""Apply or roll back schema migrations; `serve`, `migrate` and tests call this."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from tunix_rt.settings import get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite") and ":///" in url:
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def upgrade(url: str | None = None, revision: str = "head") -> None:
    url = url or get_settings().resolved_database_url
    _ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url or get_settings().resolved_database_url), revision)


async def upgrade_async(url: str | None = None) -> None:
    """Alembic's env runs its own event loop, so run it in a thread from async code."""
    await asyncio.to_thread(upgrade, url)


async def downgrade_async(url: str | None = None, revision: str = "base") -> None:
    await asyncio.to_thread(downgrade, url, revision)
