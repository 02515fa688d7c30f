"""Aliases (`production`, `staging`, ...): moves gated by regression checks, and their history."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core import registry_refs as refs
from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.registry import storage
from tunix_rt.registry.models import (
    ModelAliasEventRow,
    ModelAliasRow,
    ModelVersionRow,
    RegisteredModelRow,
)
from tunix_rt.registry.schemas import AliasEvent, AliasMove, AliasMoveResult, ModelAlias
from tunix_rt.registry.service import get_version, registry_root
from tunix_rt.regression import service as regression
from tunix_rt.settings import Settings

RESERVED_ALIASES = ("history",)


def check_alias_name(alias: str) -> None:
    if not refs.ALIAS_NAME.match(alias):
        raise ApiError(422, f"alias {alias!r} must be {refs.ALIAS_NAME_RULE}, at most 64 long")
    if alias in RESERVED_ALIASES:  # GET .../aliases/history lists the moves
        raise ApiError(422, f"alias {alias!r} is reserved; choose another name")


async def _gate(session: AsyncSession, baseline: str, version: ModelVersionRow) -> dict[str, Any]:
    """The regression check of `version` against `baseline`, as a JSON object.

    The version's own evaluations count first; without one, those of the run it was
    promoted from do, since the version holds exactly that run's exported files.
    """
    try:
        result = await regression.check_model(
            session, baseline, run_id=None, model_version_id=version.id
        )
    except ApiError as exc:
        if exc.status_code != 422 or version.source_run_id is None:
            raise
        result = await regression.check_model(
            session, baseline, run_id=version.source_run_id, model_version_id=None
        )
    return result.model_dump(mode="json")


def _baseline_for(model: RegisteredModelRow, alias: str, requested: str | None) -> str | None:
    """The baseline a move must pass: the model's gate on the alias, else the request's.

    A request cannot swap a gated alias's baseline for an easier one.
    """
    gate = model.alias_gates.get(alias)
    if gate is not None and requested is not None and requested != gate:
        raise ApiError(
            422,
            f"require_baseline: alias {alias!r} of {model.name!r} is gated by baseline "
            f"{gate!r}; give that one or none",
        )
    return gate or requested


async def _current(session: AsyncSession, model_id: str, alias: str) -> ModelAliasRow | None:
    row: ModelAliasRow | None = await session.get(ModelAliasRow, (model_id, alias))
    return row


async def _version_number(session: AsyncSession, version_id: str) -> int:
    return int(
        (
            await session.scalars(
                select(ModelVersionRow.version).where(ModelVersionRow.id == version_id)
            )
        ).one()
    )


def event_out(row: ModelAliasEventRow) -> AliasEvent:
    return AliasEvent(
        id=row.id,
        alias=row.alias,
        from_version=row.from_version,
        to_version=row.to_version,
        forced=row.forced,
        check=row.check_result,
        reason=row.reason,
        created_at=row.created_at,
    )


async def move_alias(
    session: AsyncSession,
    settings: Settings,
    model: RegisteredModelRow,
    alias: str,
    body: AliasMove,
) -> AliasMoveResult:
    """Point `alias` at a version; when the model gates the alias or the request names a
    baseline, only if the version passes it (or the move is forced, which is recorded)."""
    check_alias_name(alias)
    target = await get_version(session, model, body.version)
    baseline = _baseline_for(model, alias, body.require_baseline)
    check: dict[str, Any] | None = None
    forced = False
    if baseline is not None:
        check = await _gate(session, baseline, target)
        if check["verdict"] != "pass":
            if not body.force:
                raise ApiError(
                    409,
                    f"version {target.version} of {model.name!r} fails regression baseline "
                    f"{baseline!r}, so alias {alias!r} was not moved; "
                    "set force=true to move it anyway (recorded as forced)",
                    check=check,
                )
            forced = True
    current = await _current(session, model.id, alias)
    from_version = None if current is None else await _version_number(session, current.version_id)
    now = utcnow()
    if current is None:
        current = ModelAliasRow(model_id=model.id, alias=alias, version_id=target.id)
        session.add(current)
    current.version_id = target.id
    current.updated_at = now
    event = ModelAliasEventRow(
        model_id=model.id,
        alias=alias,
        from_version=from_version,
        to_version=target.version,
        forced=forced,
        check_result=check,
        reason=body.reason,
        created_at=now,
    )
    session.add(event)
    try:
        await session.commit()
    except IntegrityError as exc:  # another request created the alias at the same moment
        await session.rollback()
        raise ApiError(409, f"alias {alias!r} of {model.name!r} changed meanwhile; retry") from exc
    storage.write_alias(registry_root(settings), model.name, alias, target.version)
    return AliasMoveResult(
        alias=alias,
        version=target.version,
        version_id=target.id,
        updated_at=now,
        event=event_out(event),
    )


async def delete_alias(
    session: AsyncSession,
    settings: Settings,
    model: RegisteredModelRow,
    alias: str,
    reason: str | None = None,
) -> AliasEvent:
    check_alias_name(alias)
    current = await _current(session, model.id, alias)
    if current is None:
        raise ApiError(404, f"model {model.name!r} has no alias {alias!r}")
    from_version = await _version_number(session, current.version_id)
    await session.delete(current)
    event = ModelAliasEventRow(
        model_id=model.id,
        alias=alias,
        from_version=from_version,
        to_version=None,
        forced=False,
        check_result=None,
        reason=reason,
        created_at=utcnow(),
    )
    session.add(event)
    await session.commit()
    storage.write_alias(registry_root(settings), model.name, alias, None)
    return event_out(event)


async def list_aliases(session: AsyncSession, model: RegisteredModelRow) -> list[ModelAlias]:
    rows = await session.execute(
        select(ModelAliasRow, ModelVersionRow.version)
        .join(ModelVersionRow, ModelVersionRow.id == ModelAliasRow.version_id)
        .where(ModelAliasRow.model_id == model.id)
        .order_by(ModelAliasRow.alias)
    )
    return [
        ModelAlias(
            alias=row.alias, version=version, version_id=row.version_id, updated_at=row.updated_at
        )
        for row, version in rows
    ]


async def alias_history(
    session: AsyncSession, model: RegisteredModelRow, page: PageParams, alias: str | None = None
) -> tuple[list[ModelAliasEventRow], Pagination]:
    """Every move of the model's aliases (or of one alias), newest first."""
    query = (
        select(ModelAliasEventRow)
        .where(ModelAliasEventRow.model_id == model.id)
        .order_by(ModelAliasEventRow.id.desc())
    )
    if alias is not None:
        query = query.where(ModelAliasEventRow.alias == alias)
    return await offset_page(session, query, page)
