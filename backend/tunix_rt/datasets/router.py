"""HTTP layer of datasets."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.chat_templates import TEMPLATE_NAMES
from tunix_rt.datasets import service
from tunix_rt.datasets.export import export_line
from tunix_rt.datasets.models import DatasetRow
from tunix_rt.datasets.schemas import (
    DatasetBuildRequest,
    DatasetDetail,
    DatasetPreview,
    DatasetSelection,
    DatasetSummary,
    DatasetValueCounts,
    ExportFormat,
    ExportSplit,
)
from tunix_rt.db import get_session
from tunix_rt.errors import ApiError
from tunix_rt.jsonutil import dumps_line
from tunix_rt.pagination import Page, PageDep

router = APIRouter(prefix="/api/datasets", tags=["datasets"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]


def _summary(row: DatasetRow) -> dict[str, object]:
    return {
        "dataset_key": row.dataset_key,
        "name": row.name,
        "version": row.version,
        "build_id": row.build_id,
        "created_at": row.created_at,
        "trace_count": row.trace_count,
        "selection_strategy": row.selection_strategy,
        "content_hash": row.content_hash,
        "splits": row.stats.get("splits", {}),
    }


def _detail(row: DatasetRow) -> DatasetDetail:
    return DatasetDetail.model_validate(
        {**_summary(row), "seed": row.seed, "build_spec": row.build_spec, "stats": row.stats}
    )


@router.post("/build", status_code=201, response_model=DatasetDetail)
async def build_dataset(body: DatasetBuildRequest, session: SessionDep) -> DatasetDetail:
    """Select traces in SQL, split them, and store an immutable dataset `<name>-<version>`."""
    return _detail(await service.build_dataset(session, body))


@router.post("/preview", response_model=DatasetPreview)
async def preview_dataset(body: DatasetSelection, session: SessionDep) -> DatasetPreview:
    """Count the traces a build with this selection would match, take and split; writes
    nothing (a form can ask on every change)."""
    return await service.preview_selection(session, body)


@router.get("", response_model=Page[DatasetSummary])
async def list_datasets(
    session: SessionDep, page: PageDep, name: Annotated[str | None, Query()] = None
) -> Page[DatasetSummary]:
    rows, pagination = await service.list_datasets(session, page, name)
    return Page[DatasetSummary](
        data=[DatasetSummary.model_validate(_summary(r)) for r in rows], pagination=pagination
    )


@router.get("/{dataset_key}", response_model=DatasetDetail)
async def get_dataset(dataset_key: str, session: SessionDep) -> DatasetDetail:
    return _detail(await service.get_dataset(session, dataset_key))


@router.get("/{dataset_key}/stats", response_model=DatasetValueCounts)
async def get_dataset_value_counts(dataset_key: str, session: SessionDep) -> DatasetValueCounts:
    """Each split's exact value counts of step count, prompt and answer length (histograms)."""
    dataset = await service.get_dataset(session, dataset_key)
    counts = await service.value_counts(session, dataset)
    return DatasetValueCounts.model_validate({"dataset_key": dataset.dataset_key, **counts})


@router.get("/{dataset_key}/export.jsonl", response_class=StreamingResponse)
async def export_dataset(
    dataset_key: str,
    request: Request,
    session: SessionDep,
    format: Annotated[ExportFormat, Query()] = "trace",
    split: Annotated[ExportSplit, Query()] = "all",
    template: Annotated[str, Query(description=f"One of {', '.join(TEMPLATE_NAMES)}")] = "chatml",
    system: Annotated[str | None, Query(max_length=4000)] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="Only the first `limit` lines")
    ] = None,
) -> StreamingResponse:
    """Stream the dataset's items in order as NDJSON in the chosen format."""
    if template not in TEMPLATE_NAMES:
        raise ApiError(
            422, f"template {template!r} is not known; choose one of {', '.join(TEMPLATE_NAMES)}"
        )
    dataset = await service.get_dataset(session, dataset_key)
    await session.close()  # the stream uses its own short sessions

    async def lines() -> AsyncIterator[bytes]:
        async for item_split, row in service.stream_items(
            request.app.state.sessionmaker, dataset.id, split, limit
        ):
            yield dumps_line(export_line(format, row, item_split, template, system))

    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={"X-Dataset-Content-Hash": dataset.content_hash},
    )
