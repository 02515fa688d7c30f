"""Building immutable datasets from filtered traces, listing and reading them."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.datasets.models import DatasetItemRow, DatasetRow
from tunix_rt.datasets.schemas import (
    DatasetBuildRequest,
    DatasetPreview,
    DatasetSelection,
    SplitCounts,
    SplitValueCounts,
    ValueCount,
)
from tunix_rt.datasets.selection import (
    assign_splits,
    eval_count,
    select_random,
    select_stratified,
)
from tunix_rt.datasets.stats import Candidate, dataset_stats, items_hash
from tunix_rt.errors import ApiError, not_found
from tunix_rt.pagination import PageParams, Pagination, offset_page
from tunix_rt.traces.filters import meta_text
from tunix_rt.traces.models import TraceRow

EXPORT_CHUNK = 1000
# What the histograms of a dataset count, per item (lengths in characters, as in `stats`).
MEASURES: dict[str, Any] = {
    "step_count": TraceRow.step_count,
    "prompt_chars": func.length(TraceRow.prompt),
    "answer_chars": func.length(TraceRow.final_answer),
}


async def _candidates(session: AsyncSession, req: DatasetSelection) -> list[Candidate]:
    """Light facts of every matching trace, newest first (LIMIT in SQL for 'latest')."""
    stratum = meta_text(TraceRow.meta, req.stratify_by) if req.stratify_by else None
    columns: list[Any] = [
        TraceRow.seq,
        TraceRow.content_hash,
        TraceRow.step_count,
        func.length(TraceRow.prompt),
        func.length(TraceRow.final_answer),
        TraceRow.source,
    ]
    if stratum is not None:
        columns.append(stratum)
    query = select(*columns).where(req.trace_filter().where()).order_by(TraceRow.seq.desc())
    if req.selection_strategy == "latest":
        query = query.limit(req.limit)
    rows = await session.execute(query)
    return [Candidate(*row) for row in rows.all()]


async def preview_selection(session: AsyncSession, selection: DatasetSelection) -> DatasetPreview:
    """Count what a build with `selection` would take and how it would split, in SQL only;
    every strategy takes min(limit, matching) items."""
    query = select(func.count()).select_from(TraceRow).where(selection.trace_filter().where())
    matching = (await session.execute(query)).scalar_one()
    selected = min(selection.limit, matching)
    n_eval = eval_count(selected, selection.eval_fraction)
    return DatasetPreview(
        matching_count=matching,
        selected_count=selected,
        splits=SplitCounts(train=selected - n_eval, eval=n_eval),
    )


async def build_dataset(session: AsyncSession, req: DatasetBuildRequest) -> DatasetRow:
    key = req.dataset_key
    if await _find(session, key) is not None:
        raise ApiError(409, f"dataset {key} already exists and is immutable; use a new version")
    candidates = await _candidates(session, req)
    if not candidates:
        raise ApiError(422, "no trace matches the filters; nothing was built")
    if req.selection_strategy == "random":
        assert req.seed is not None
        chosen = select_random(candidates, req.limit, req.seed)
    elif req.selection_strategy == "stratified":
        assert req.seed is not None
        chosen = select_stratified(candidates, req.limit, req.seed)
    else:
        chosen = candidates
    splits = assign_splits(len(chosen), req.eval_fraction, req.seed)
    items = list(zip(chosen, splits, strict=True))

    dataset = DatasetRow(
        dataset_key=key,
        name=req.dataset_name,
        version=req.dataset_version,
        build_id=str(uuid.uuid4()),
        selection_strategy=req.selection_strategy,
        seed=req.seed,
        build_spec=req.model_dump(mode="json"),
        trace_count=len(items),
        stats=dataset_stats(items),
        content_hash=items_hash(items),
    )
    session.add(dataset)
    try:
        await session.flush()
        await session.execute(
            insert(DatasetItemRow),
            [
                {"dataset_id": dataset.id, "position": i, "trace_seq": c.seq, "split": split}
                for i, (c, split) in enumerate(items)
            ],
        )
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise ApiError(409, f"dataset {key} was built concurrently; it is immutable") from exc
    return dataset


async def _find(session: AsyncSession, key: str) -> DatasetRow | None:
    query = select(DatasetRow).where(DatasetRow.dataset_key == key)
    return (await session.execute(query)).scalar_one_or_none()


async def get_dataset(session: AsyncSession, key: str) -> DatasetRow:
    dataset = await _find(session, key)
    if dataset is None:
        raise not_found("dataset", key)
    return dataset


async def dataset_with_items(session: AsyncSession, key: str, split: str) -> DatasetRow:
    """A dataset that has items in `split` ("all" for any), for jobs that read them; 422s
    (not 404s) because the dataset is a field of the request body."""
    dataset = await _find(session, key)
    if dataset is None:
        raise ApiError(422, f"dataset_key {key!r} does not exist")
    available = dataset.trace_count if split == "all" else dataset.stats["splits"][split]
    if available == 0:
        raise ApiError(422, f"dataset {dataset.dataset_key} has no {split} items")
    return dataset


async def list_datasets(
    session: AsyncSession, page: PageParams, name: str | None
) -> tuple[list[DatasetRow], Pagination]:
    query = select(DatasetRow).order_by(DatasetRow.id.desc())
    if name is not None:
        query = query.where(DatasetRow.name == name)
    return await offset_page(session, query, page)


async def value_counts(session: AsyncSession, dataset: DatasetRow) -> dict[str, SplitValueCounts]:
    """Per measure (step_count, prompt_chars, answer_chars), each split's exact value counts,
    grouped in SQL so the answer grows with distinct values, not with items."""
    out: dict[str, SplitValueCounts] = {}
    for name, measure in MEASURES.items():
        query = (
            select(DatasetItemRow.split, measure, func.count())
            .join(TraceRow, TraceRow.seq == DatasetItemRow.trace_seq)
            .where(DatasetItemRow.dataset_id == dataset.id)
            .group_by(DatasetItemRow.split, measure)
            .order_by(DatasetItemRow.split, measure)
        )
        by_split: dict[str, list[ValueCount]] = {"train": [], "eval": []}
        for split, value, count in (await session.execute(query)).all():
            by_split[split].append(ValueCount(value=value, count=count))
        out[name] = SplitValueCounts.model_validate(by_split)
    return out


async def stream_items(
    sessions: async_sessionmaker[AsyncSession],
    dataset_id: int,
    split: str,
    limit: int | None = None,
) -> AsyncIterator[tuple[str, TraceRow]]:
    """(split, trace) in dataset order, in chunks, each chunk in a short-lived session;
    at most `limit` items when given."""
    after = -1
    remaining = limit
    while remaining is None or remaining > 0:
        chunk = EXPORT_CHUNK if remaining is None else min(EXPORT_CHUNK, remaining)
        query = (
            select(DatasetItemRow.position, DatasetItemRow.split, TraceRow)
            .join(TraceRow, TraceRow.seq == DatasetItemRow.trace_seq)
            .where(DatasetItemRow.dataset_id == dataset_id, DatasetItemRow.position > after)
            .order_by(DatasetItemRow.position)
            .limit(chunk)
        )
        if split != "all":
            query = query.where(DatasetItemRow.split == split)
        async with sessions() as session:
            rows = (await session.execute(query)).all()
        for _, item_split, trace in rows:
            yield item_split, trace
        if len(rows) < chunk:
            return
        after = rows[-1][0]
        if remaining is not None:
            remaining -= len(rows)
