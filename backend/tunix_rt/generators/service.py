"""Running a generator and, optionally, storing its traces."""

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.trace import TRACE
from tunix_rt.errors import ApiError
from tunix_rt.generators.base import Generator, GeneratorParamError
from tunix_rt.generators.registry import UnknownGeneratorError, get_generator
from tunix_rt.traces.ingest import Ingested, ingest


@dataclass(frozen=True)
class Generated:
    generator: Generator
    seed: int
    params: dict[str, Any]
    traces: list[dict[str, Any]]
    stored: list[Ingested] | None


def find_generator(name: str) -> Generator:
    try:
        return get_generator(name)
    except UnknownGeneratorError as exc:
        raise ApiError(
            404, f"generator {name!r} does not exist; available: {', '.join(exc.available)}"
        ) from exc


async def generate(
    session: AsyncSession,
    name: str,
    count: int,
    seed: int | None,
    params: dict[str, Any],
    persist: bool,
) -> Generated:
    generator = find_generator(name)
    seed = seed if seed is not None else secrets.randbits(31)
    try:
        normalized = generator.validate_params(params)
        traces = generator.generate(count, seed, normalized)
    except GeneratorParamError as exc:
        raise ApiError(
            422,
            [
                {
                    "loc": ["body", "params", exc.field],
                    "field": f"params.{exc.field}",
                    "msg": exc.message,
                }
            ],
            message=f"params.{exc.field}: {exc.message}",
        ) from exc
    stored = None
    if persist:
        stored = await ingest(session, [TRACE.validate_python(t) for t in traces], path="generator")
        await session.commit()
    return Generated(generator, seed, normalized, traces, stored)
