"""Registered models and their versions: create, promote a run, read, resolve refs, delete."""

import asyncio
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, exists, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core import registry_refs as refs
from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError
from tunix_rt.jobs import service as jobs
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.registry import storage
from tunix_rt.registry.lineage import evaluations_by_version, run_lineage
from tunix_rt.registry.models import ModelAliasRow, ModelVersionRow, RegisteredModelRow
from tunix_rt.registry.schemas import (
    ModelCreate,
    ModelFile,
    ModelUpdate,
    ModelVersion,
    RegisteredModel,
)
from tunix_rt.regression import service as regression
from tunix_rt.settings import Settings

EXPORT_DIR = "export"  # where a training run exports its HF-layout model


def registry_root(settings: Settings) -> Path:
    # Absolute: job children run in their own directories and get these paths in specs.
    return settings.registry_dir.resolve()


# --- models -------------------------------------------------------------------------------


async def _check_gates(session: AsyncSession, gates: dict[str, str]) -> None:
    """Every gate names a baseline that exists, so no alias is gated on nothing."""
    for alias, baseline in gates.items():
        try:
            await regression.get_baseline(session, baseline)
        except ApiError as exc:
            if exc.status_code != 404:
                raise
            raise ApiError(
                422, f"alias_gates.{alias}: no regression baseline named {baseline!r}"
            ) from exc


async def create_model(session: AsyncSession, body: ModelCreate) -> RegisteredModelRow:
    await _check_gates(session, body.alias_gates)
    now = utcnow()
    row = RegisteredModelRow(
        id=str(uuid.uuid4()),
        name=body.name,
        description=body.description,
        tags=body.tags,
        alias_gates=body.alias_gates,
        last_version=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise ApiError(409, f"a model named {body.name!r} already exists") from exc
    return row


async def get_model(session: AsyncSession, key: str) -> RegisteredModelRow:
    """A model by name or, for the compat paths, by id; 404 if neither matches."""
    rows = (
        await session.scalars(
            select(RegisteredModelRow).where(
                or_(RegisteredModelRow.name == key, RegisteredModelRow.id == key)
            )
        )
    ).all()
    if not rows:
        raise ApiError(404, f"model {key!r} not found")
    return next((r for r in rows if r.name == key), rows[0])


async def update_model(
    session: AsyncSession, model: RegisteredModelRow, body: ModelUpdate
) -> RegisteredModelRow:
    if body.description is not None:
        model.description = body.description
    if body.tags is not None:
        model.tags = body.tags
    if body.alias_gates is not None:
        await _check_gates(session, body.alias_gates)
        model.alias_gates = body.alias_gates
    model.updated_at = utcnow()
    await session.commit()
    return model


def _has_tag(session: AsyncSession, tag: str) -> ColumnElement[bool]:
    """tags contains `tag`, in SQL on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return RegisteredModelRow.tags.op("@>")(func.jsonb_build_array(cast(literal(tag), Text)))
    each = func.json_each(RegisteredModelRow.tags).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == tag))


async def list_models(
    session: AsyncSession, page: PageParams, tag: str | None = None
) -> tuple[list[RegisteredModelRow], Pagination]:
    query = select(RegisteredModelRow).order_by(RegisteredModelRow.name)
    if tag is not None:
        query = query.where(_has_tag(session, tag))
    return await offset_page(session, query, page)


async def models_out(
    session: AsyncSession, rows: list[RegisteredModelRow]
) -> list[RegisteredModel]:
    """The API view of models, with version counts and aliases read in two queries."""
    ids = [r.id for r in rows]
    counts: dict[str, tuple[int, int | None]] = {}
    aliases: dict[str, dict[str, int]] = {i: {} for i in ids}
    if ids:
        stats = await session.execute(
            select(ModelVersionRow.model_id, func.count(), func.max(ModelVersionRow.version))
            .where(ModelVersionRow.model_id.in_(ids))
            .group_by(ModelVersionRow.model_id)
        )
        counts = {model_id: (n, latest) for model_id, n, latest in stats}
        pointed = await session.execute(
            select(ModelAliasRow.model_id, ModelAliasRow.alias, ModelVersionRow.version)
            .join(ModelVersionRow, ModelVersionRow.id == ModelAliasRow.version_id)
            .where(ModelAliasRow.model_id.in_(ids))
            .order_by(ModelAliasRow.alias)
        )
        for model_id, alias, version in pointed:
            aliases[model_id][alias] = version
    return [
        RegisteredModel(
            id=r.id,
            name=r.name,
            description=r.description,
            tags=r.tags,
            latest_version=counts.get(r.id, (0, None))[1],
            version_count=counts.get(r.id, (0, None))[0],
            aliases=aliases[r.id],
            alias_gates=r.alias_gates,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


# --- promotion ----------------------------------------------------------------------------


async def _succeeded_export(session: AsyncSession, settings: Settings, run_id: str) -> JobRow:
    run = await jobs.get_job(session, run_id, JobKind.train)
    if run.status != JobStatus.succeeded or run.spec.get("dry_run"):
        state = "a dry run" if run.spec.get("dry_run") else run.status
        raise ApiError(
            422, f"run {run_id} is {state}; only a succeeded training run can be promoted"
        )
    export = settings.runs_dir.resolve() / run_id / EXPORT_DIR
    if not (export / "config.json").is_file():
        raise ApiError(422, f"run {run_id} has no exported model (no {EXPORT_DIR}/config.json)")
    if not any(export.glob("*.safetensors")):
        raise ApiError(422, f"run {run_id} has no weights in {EXPORT_DIR}/ (no *.safetensors)")
    return run


async def promote(
    session: AsyncSession,
    settings: Settings,
    model: RegisteredModelRow,
    run_id: str,
    label: str | None = None,
) -> ModelVersionRow:
    """A new version of `model` holding the run's export; identical files are stored once."""
    run = await _succeeded_export(session, settings, run_id)
    root = registry_root(settings)
    export = settings.runs_dir.resolve() / run_id / EXPORT_DIR
    files = await asyncio.to_thread(storage.store_directory, root, export)
    # Take the next number under the model's row lock: concurrent promotions queue here.
    number = (
        await session.execute(
            update(RegisteredModelRow)
            .where(RegisteredModelRow.id == model.id)
            .values(last_version=RegisteredModelRow.last_version + 1, updated_at=utcnow())
            .returning(RegisteredModelRow.last_version)
        )
    ).scalar_one()
    row = ModelVersionRow(
        id=str(uuid.uuid4()),
        model_id=model.id,
        version=number,
        label=label,
        content_hash=storage.content_hash(files),
        size_bytes=sum(f.size for f in files),
        files=[f.manifest() for f in files],
        source_run_id=run.id,
        lineage=run_lineage(run),
        created_at=utcnow(),
    )
    session.add(row)
    materialized = False
    try:
        await session.flush()
        await asyncio.to_thread(storage.materialize_version, root, model.name, number, files)
        materialized = True
        await session.commit()
    except BaseException:
        await session.rollback()
        if materialized:
            storage.remove_version(root, model.name, number)
        raise
    await session.refresh(model)
    return row


# --- versions -----------------------------------------------------------------------------


async def _version_number(session: AsyncSession, model: RegisteredModelRow, selector: str) -> int:
    """`3` is version 3; anything else must be an alias of the model."""
    if selector.isdigit():
        return int(selector)
    if not refs.ALIAS_NAME.match(selector):
        raise ApiError(
            422,
            f"version {selector!r} must be a version number or an alias ({refs.ALIAS_NAME_RULE})",
        )
    number = await session.scalar(
        select(ModelVersionRow.version)
        .join(ModelAliasRow, ModelAliasRow.version_id == ModelVersionRow.id)
        .where(ModelAliasRow.model_id == model.id, ModelAliasRow.alias == selector)
    )
    if number is None:
        raise ApiError(404, f"model {model.name!r} has no alias {selector!r}")
    return int(number)


async def get_version(
    session: AsyncSession, model: RegisteredModelRow, selector: str | int
) -> ModelVersionRow:
    """A version of `model` by number or alias; 404 when there is none."""
    number = (
        selector if isinstance(selector, int) else await _version_number(session, model, selector)
    )
    row = await session.scalar(
        select(ModelVersionRow).where(
            ModelVersionRow.model_id == model.id, ModelVersionRow.version == number
        )
    )
    if row is None:
        raise ApiError(404, f"model {model.name!r} has no version {number}")
    return row


async def get_version_by_id(
    session: AsyncSession, version_id: str
) -> tuple[RegisteredModelRow, ModelVersionRow]:
    row = await session.get(ModelVersionRow, version_id)
    if row is None:
        raise ApiError(404, f"model version {version_id!r} not found")
    model = await session.get(RegisteredModelRow, row.model_id)
    assert model is not None  # the foreign key cascades deletes
    return model, row


async def list_versions(
    session: AsyncSession, model: RegisteredModelRow, page: PageParams
) -> tuple[list[ModelVersionRow], Pagination]:
    query = (
        select(ModelVersionRow)
        .where(ModelVersionRow.model_id == model.id)
        .order_by(ModelVersionRow.version.desc())
    )
    return await offset_page(session, query, page)


async def versions_out(
    session: AsyncSession,
    settings: Settings,
    model: RegisteredModelRow,
    rows: list[ModelVersionRow],
) -> list[ModelVersion]:
    """The API view of versions: aliases pointing at each, and lineage with evaluations."""
    aliases: dict[str, list[str]] = {r.id: [] for r in rows}
    if rows:
        pointed = await session.execute(
            select(ModelAliasRow.version_id, ModelAliasRow.alias)
            .where(ModelAliasRow.version_id.in_(list(aliases)))
            .order_by(ModelAliasRow.alias)
        )
        for version_id, alias in pointed:
            aliases[version_id].append(alias)
    evaluations = await evaluations_by_version(session, rows)
    root = registry_root(settings)
    return [
        ModelVersion(
            id=r.id,
            model_id=model.id,
            model_name=model.name,
            version=r.version,
            label=r.label,
            ref=str(refs.RegistryRef(model.name, version=r.version)),
            path=str(refs.version_dir(root, model.name, r.version)),
            content_hash=r.content_hash,
            size_bytes=r.size_bytes,
            files=[ModelFile(**f) for f in r.files],
            aliases=aliases[r.id],
            source_run_id=r.source_run_id,
            lineage={
                **r.lineage,
                "evaluations": [e.model_dump(mode="json") for e in evaluations[r.id]],
            },
            created_at=r.created_at,
        )
        for r in rows
    ]


async def version_out(
    session: AsyncSession, settings: Settings, model: RegisteredModelRow, row: ModelVersionRow
) -> ModelVersion:
    return (await versions_out(session, settings, model, [row]))[0]


async def version_directory(
    settings: Settings, model: RegisteredModelRow, row: ModelVersionRow
) -> Path:
    """The version's directory, rebuilt from its blobs if it went missing from disk."""
    root = registry_root(settings)
    path = refs.version_dir(root, model.name, row.version)
    if all((path / f["path"]).is_file() for f in row.files):
        return path
    files = [storage.StoredFile(f["path"], f["size"], f["sha256"]) for f in row.files]
    missing = [f.path for f in files if not storage.blob_path(root, f.sha256).is_file()]
    if missing:
        raise ApiError(
            500,
            f"files of {model.name}@{row.version} are missing from the registry at {root}: "
            f"{', '.join(missing[:5])}",
        )
    return await asyncio.to_thread(
        storage.materialize_version, root, model.name, row.version, files
    )


async def delete_version(
    session: AsyncSession, settings: Settings, model: RegisteredModelRow, row: ModelVersionRow
) -> None:
    """Remove a version no alias points at, and the blobs no other version uses."""
    pointing = (
        await session.scalars(select(ModelAliasRow.alias).where(ModelAliasRow.version_id == row.id))
    ).all()
    if pointing:
        raise ApiError(
            409,
            f"version {row.version} of model {model.name!r} is the target of alias(es) "
            f"{', '.join(sorted(pointing))}; move or delete them first",
            aliases=sorted(pointing),
        )
    hashes = {f["sha256"] for f in row.files}
    await session.delete(row)
    try:
        await session.commit()
    except IntegrityError as exc:  # an alias moved onto it meanwhile
        await session.rollback()
        raise ApiError(
            409, f"version {row.version} of model {model.name!r} gained an alias; try again"
        ) from exc
    root = registry_root(settings)
    storage.remove_version(root, model.name, row.version)
    referenced: set[str] = set()
    for files in await session.scalars(select(ModelVersionRow.files)):
        referenced.update(f["sha256"] for f in files)
    await asyncio.to_thread(storage.remove_unreferenced_blobs, root, hashes, referenced)


# --- refs ---------------------------------------------------------------------------------


async def resolve_ref(
    session: AsyncSession, settings: Settings, ref: str
) -> tuple[Path, ModelVersionRow]:
    """The loadable directory and version row of `registry://name@N` or `registry://name#alias`."""
    try:
        parsed = refs.parse_ref(ref)
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc
    try:
        model = await get_model(session, parsed.name)
    except ApiError as exc:
        raise ApiError(404, f"{ref}: no model named {parsed.name!r} in the registry") from exc
    if model.name != parsed.name:
        raise ApiError(404, f"{ref}: no model named {parsed.name!r} in the registry")
    selector: str | int = parsed.version if parsed.version is not None else str(parsed.alias)
    try:
        row = await get_version(session, model, selector)
    except ApiError as exc:
        raise ApiError(exc.status_code, f"{ref}: {exc.detail}") from exc
    return await version_directory(settings, model, row), row


async def pin_ref(session: AsyncSession, settings: Settings, ref: str) -> dict[str, Any]:
    """For a job spec: the version `ref` names now (an alias may move later) and its files."""
    try:
        path, row = await resolve_ref(session, settings, ref)
    except ApiError as exc:
        raise ApiError(422, f"model: {exc.detail}") from exc
    return {
        "ref": ref,
        "pinned": str(refs.RegistryRef(refs.parse_ref(ref).name, version=row.version)),
        "version_id": row.id,
        "version": row.version,
        "path": str(path),
        "content_hash": row.content_hash,
    }
