"""Leaderboards over HTTP: the native board and the rest-compat evaluation list."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import get_session
from tunix_rt.leaderboard import compat, service
from tunix_rt.leaderboard.schemas import Boards, CompatLeaderboard, Leaderboard, Pick

router = APIRouter(tags=["leaderboard"])
SessionDep = Annotated[AsyncSession, Depends(get_session)]
Limit = Annotated[int, Query(ge=1, le=100, description="Page size, 1-100")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/api/leaderboard", response_model=Leaderboard)
async def leaderboard(
    session: SessionDep,
    dataset_key: Annotated[str, Query(min_length=1, max_length=200)],
    judge: Annotated[
        str, Query(min_length=1, max_length=64, description="e.g. answer_correctness")
    ],
    split: Annotated[Literal["train", "eval", "all"], Query()] = "eval",
    judge_key: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=64,
            description="which setup of the judge (from `setups`); default: the newest",
        ),
    ] = None,
    pick: Annotated[Pick, Query(description="which evaluation of each model")] = "best",
    model: Annotated[str | None, Query(max_length=300, description="model_name filter")] = None,
    model_match: Annotated[Literal["contains", "exact"], Query()] = "contains",
    created_after: Annotated[datetime | None, Query()] = None,
    created_before: Annotated[datetime | None, Query()] = None,
    tag: Annotated[list[str] | None, Query(description="repeat: all must be present")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Leaderboard:
    """One row per model on one dataset split and one judge setup, best mean first."""
    query = service.BoardQuery(
        dataset_key=dataset_key,
        judge=judge,
        split=split,
        judge_key=judge_key,
        pick=pick,
        model=model,
        model_match=model_match,
        created_after=created_after,
        created_before=created_before,
        tags=tag or [],
        limit=limit,
        offset=offset,
    )
    return await service.leaderboard(session, query)


@router.get("/api/leaderboard/boards", response_model=Boards)
async def list_boards(session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> Boards:
    """Every leaderboard with scored evaluations (dataset split x judge setup), its leader."""
    return await service.boards(session, limit=limit, offset=offset)


@router.get("/api/tunix/evaluations", response_model=CompatLeaderboard)
async def compat_evaluations(
    session: SessionDep,
    limit: Limit = 20,
    offset: Offset = 0,
    dataset_key: Annotated[str | None, Query(max_length=200)] = None,
    split: Annotated[Literal["train", "eval", "all"] | None, Query()] = None,
) -> CompatLeaderboard:
    """Rest-compat: training runs' evaluations by answer_correctness, ranked per dataset."""
    return await compat.compat_leaderboard(
        session, limit=limit, offset=offset, dataset_key=dataset_key, split=split
    )
