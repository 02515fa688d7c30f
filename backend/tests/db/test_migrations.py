from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tunix_rt import migrate
from tunix_rt.db import create_engine
from tunix_rt.models_registry import metadata


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(MigrationContext.configure(c), metadata)
        )
    await engine.dispose()
    return diff


async def test_upgrade_downgrade_upgrade_roundtrip(db_url):
    expected = set(metadata.tables)
    assert await _tables(db_url) == expected
    await migrate.downgrade_async(db_url, "base")
    assert await _tables(db_url) == set()
    await migrate.upgrade_async(db_url)
    assert await _tables(db_url) == expected


async def test_migrations_match_the_models(db_url):
    assert await _diff(db_url) == []
