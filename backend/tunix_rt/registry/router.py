"""The model registry over HTTP: models, versions, downloads and aliases."""

from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.errors import ApiError
from tunix_rt.pagination import Page, PageDep
from tunix_rt.registry import aliases, service, storage
from tunix_rt.registry.models import ModelVersionRow, RegisteredModelRow
from tunix_rt.registry.schemas import (
    AliasEvent,
    AliasMove,
    AliasMoveResult,
    CompatVersionPromote,
    ModelAlias,
    ModelCreate,
    ModelUpdate,
    ModelVersion,
    RegisteredModel,
    VersionPromote,
)
from tunix_rt.settings import Settings

router = APIRouter(prefix="/api/models", tags=["model registry"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(_settings)]


async def _model(name: str, session: SessionDep) -> RegisteredModelRow:
    """The model named (or, for compat callers, with the id) in the path, else 404."""
    return await service.get_model(session, name)


ModelDep = Annotated[RegisteredModelRow, Depends(_model)]


async def _version(version: str, model: ModelDep, session: SessionDep) -> ModelVersionRow:
    """The version in the path, by number or alias, else 404."""
    return await service.get_version(session, model, version)


VersionDep = Annotated[ModelVersionRow, Depends(_version)]


async def _zip(
    session: AsyncSession, settings: Settings, model: RegisteredModelRow, row: ModelVersionRow
) -> StreamingResponse:
    directory = await service.version_directory(settings, model, row)
    await session.close()  # the stream reads files only
    name = f"{model.name}-v{row.version}"
    return StreamingResponse(
        storage.zip_stream(directory, row.files, name),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}.zip"'},
    )


# Compat paths first: "versions" is not a model name, so these never shadow a model.


@router.get("/versions/{version_id}", response_model=ModelVersion)
async def get_version_by_id(
    version_id: str, session: SessionDep, settings: SettingsDep
) -> ModelVersion:
    model, row = await service.get_version_by_id(session, version_id)
    return await service.version_out(session, settings, model, row)


@router.get("/versions/{version_id}/download", response_class=StreamingResponse)
async def download_version_by_id(
    version_id: str, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """The version's files as a zip, streamed as it is built."""
    model, row = await service.get_version_by_id(session, version_id)
    return await _zip(session, settings, model, row)


@router.post("", status_code=201, response_model=RegisteredModel)
async def create_model(body: ModelCreate, session: SessionDep) -> RegisteredModel:
    row = await service.create_model(session, body)
    return (await service.models_out(session, [row]))[0]


@router.get("", response_model=Page[RegisteredModel])
async def list_models(
    session: SessionDep,
    page: PageDep,
    tag: Annotated[str | None, Query(max_length=64, description="models with this tag")] = None,
) -> Page[RegisteredModel]:
    rows, pagination = await service.list_models(session, page, tag)
    return Page[RegisteredModel](
        data=await service.models_out(session, rows), pagination=pagination
    )


@router.get("/{name}", response_model=RegisteredModel)
async def get_model(model: ModelDep, session: SessionDep) -> RegisteredModel:
    """A model by name (or by id, as the compat path allows)."""
    return (await service.models_out(session, [model]))[0]


@router.patch("/{name}", response_model=RegisteredModel)
async def update_model(body: ModelUpdate, model: ModelDep, session: SessionDep) -> RegisteredModel:
    row = await service.update_model(session, model, body)
    return (await service.models_out(session, [row]))[0]


@router.post("/{name}/versions", status_code=201, response_model=ModelVersion)
async def promote(
    body: VersionPromote, model: ModelDep, session: SessionDep, settings: SettingsDep
) -> ModelVersion:
    """A new version from a succeeded run's exported model (files stored once by content)."""
    row = await service.promote(session, settings, model, body.run_id, body.label)
    return await service.version_out(session, settings, model, row)


@router.post("/{name}/versions/promote", status_code=201, response_model=ModelVersion)
async def promote_compat(
    body: CompatVersionPromote, model: ModelDep, session: SessionDep, settings: SettingsDep
) -> ModelVersion:
    """The earlier service's body: `{source_run_id, version_label?}`."""
    row = await service.promote(session, settings, model, body.source_run_id, body.version_label)
    return await service.version_out(session, settings, model, row)


@router.get("/{name}/versions", response_model=Page[ModelVersion])
async def list_versions(
    model: ModelDep, session: SessionDep, settings: SettingsDep, page: PageDep
) -> Page[ModelVersion]:
    """Versions, newest first."""
    rows, pagination = await service.list_versions(session, model, page)
    return Page[ModelVersion](
        data=await service.versions_out(session, settings, model, rows), pagination=pagination
    )


@router.get("/{name}/versions/{version}", response_model=ModelVersion)
async def get_version(
    model: ModelDep, row: VersionDep, session: SessionDep, settings: SettingsDep
) -> ModelVersion:
    """`version` is a number or an alias (`production`)."""
    return await service.version_out(session, settings, model, row)


@router.delete("/{name}/versions/{version}", status_code=204)
async def delete_version(
    model: ModelDep, row: VersionDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Refused (409) while an alias points at the version."""
    await service.delete_version(session, settings, model, row)
    return Response(status_code=204)


@router.get("/{name}/versions/{version}/download", response_class=StreamingResponse)
async def download_version(
    model: ModelDep, row: VersionDep, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """The version's files as a zip, streamed as it is built."""
    return await _zip(session, settings, model, row)


@router.get("/{name}/versions/{version}/files/{path:path}", response_class=FileResponse)
async def download_file(
    path: str, model: ModelDep, row: VersionDep, settings: SettingsDep
) -> FileResponse:
    """One file of the version; paths outside it are refused (400)."""
    try:
        storage.check_relative_path(path)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    if path not in {f["path"] for f in row.files}:
        raise ApiError(404, f"{model.name}@{row.version} has no file {path!r}")
    directory = await service.version_directory(settings, model, row)
    return FileResponse(directory / PurePosixPath(path), filename=PurePosixPath(path).name)


@router.get("/{name}/aliases", response_model=list[ModelAlias])
async def list_aliases(model: ModelDep, session: SessionDep) -> list[ModelAlias]:
    return await aliases.list_aliases(session, model)


@router.get("/{name}/aliases/history", response_model=Page[AliasEvent])
async def alias_history(
    model: ModelDep,
    session: SessionDep,
    page: PageDep,
    alias: Annotated[str | None, Query(description="only this alias")] = None,
) -> Page[AliasEvent]:
    """Every alias move, newest first, with forced moves and their failing checks."""
    rows, pagination = await aliases.alias_history(session, model, page, alias)
    return Page[AliasEvent](data=[aliases.event_out(r) for r in rows], pagination=pagination)


@router.put("/{name}/aliases/{alias}", response_model=AliasMoveResult)
async def move_alias(
    alias: str, body: AliasMove, model: ModelDep, session: SessionDep, settings: SettingsDep
) -> AliasMoveResult:
    """Point an alias at a version; `require_baseline` gates the move on a regression check."""
    return await aliases.move_alias(session, settings, model, alias, body)


@router.delete("/{name}/aliases/{alias}", response_model=AliasEvent)
async def delete_alias(
    alias: str, model: ModelDep, session: SessionDep, settings: SettingsDep
) -> AliasEvent:
    return await aliases.delete_alias(session, settings, model, alias)
