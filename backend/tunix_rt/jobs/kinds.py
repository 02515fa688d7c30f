"""What a worker does around each kind's child: inputs before, stored outputs after.

Domains register a handler for their kind (e.g. training runs write the dataset into the
run directory); kinds without one need no preparation.
"""

from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.jobs.models import JobRow
from tunix_rt.settings import Settings


class KindHandler(Protocol):
    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None: ...

    async def finalize(
        self, session: AsyncSession, job: JobRow, result: dict[str, Any], run_dir: Path
    ) -> dict[str, Any]: ...

    async def on_success(self, session: AsyncSession, job: JobRow, settings: Settings) -> None:
        """After the job is marked succeeded: follow-up work (e.g. auto-evaluation)."""

    async def on_events(
        self, session: AsyncSession, job: JobRow, events: list[dict[str, Any]], settings: Settings
    ) -> list[str]:
        """Kind-specific events (e.g. `trial`) while the job runs; returns notes to log."""

    async def on_end(self, session: AsyncSession, job: JobRow, status: str) -> None:
        """As the job ends in any way (also when handed back to the queue), just before
        its outcome `status` is stored."""


class BaseHandler:
    """Defaults: no inputs to prepare, the child's result stored as is, nothing after."""

    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None:
        return None

    async def finalize(
        self, session: AsyncSession, job: JobRow, result: dict[str, Any], run_dir: Path
    ) -> dict[str, Any]:
        return result

    async def on_success(self, session: AsyncSession, job: JobRow, settings: Settings) -> None:
        return None

    async def on_events(
        self, session: AsyncSession, job: JobRow, events: list[dict[str, Any]], settings: Settings
    ) -> list[str]:
        return [f"ignored {len(events)} events this job kind does not use"] if events else []

    async def on_end(self, session: AsyncSession, job: JobRow, status: str) -> None:
        return None


_HANDLERS: dict[str, KindHandler] = {}


def register(kind: str, handler: KindHandler) -> None:
    _HANDLERS[kind] = handler


def handler_for(kind: str) -> KindHandler:
    return _HANDLERS.get(kind, BaseHandler())
