"""Leaderboards in SQL: one judge setup's finished evaluations, one per model, by mean."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.evaluations.schemas import JudgeSetup
from tunix_rt.leaderboard.schemas import (
    Board,
    Boards,
    CountedPagination,
    JudgeRef,
    Leaderboard,
    LeaderboardRow,
    Pick,
)
from tunix_rt.leaderboard.setups import choose, scored, setups_of


class json_list_has(FunctionElement[bool]):
    """`value` is an element of the JSON list in `column`, on both databases."""

    type = Boolean()
    inherit_cache = True


@compiles(json_list_has, "postgresql")
def _json_list_has_pg(element: json_list_has, compiler: SQLCompiler, **kw: Any) -> str:
    column, value = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} @> jsonb_build_array(CAST({value} AS TEXT)))"


@compiles(json_list_has, "sqlite")
def _json_list_has_sqlite(element: json_list_has, compiler: SQLCompiler, **kw: Any) -> str:
    column, value = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"


@dataclass(frozen=True)
class BoardQuery:
    """Which leaderboard: one dataset split and one judge setup, plus optional filters."""

    dataset_key: str
    judge: str
    split: str = "eval"
    judge_key: str | None = None  # None: the setup of the newest evaluation
    pick: Pick = "best"
    model: str | None = None
    model_match: Literal["contains", "exact"] = "contains"
    created_after: datetime | None = None
    created_before: datetime | None = None
    tags: list[str] = field(default_factory=list)
    limit: int = 20
    offset: int = 0


def _filters(q: BoardQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        EvaluationRow.dataset_key == q.dataset_key,
        EvaluationRow.split == q.split,
    ]
    if q.model is not None:
        if q.model_match == "exact":
            conds.append(EvaluationRow.model_name == q.model)
        else:  # case-insensitive on both databases (SQLite's LIKE is, Postgres's is not)
            conds.append(
                func.lower(EvaluationRow.model_name).contains(q.model.lower(), autoescape=True)
            )
    if q.created_after is not None:
        conds.append(EvaluationRow.created_at >= q.created_after)
    if q.created_before is not None:
        conds.append(EvaluationRow.created_at < q.created_before)
    conds.extend(json_list_has(EvaluationRow.tags, tag) for tag in q.tags)
    return conds


async def leaderboard(session: AsyncSession, q: BoardQuery) -> Leaderboard:
    """One row per model_name (its best or latest evaluation), sorted by mean, best first.

    Only evaluations scored by the chosen setup of the judge rank; which setups exist is
    told regardless of the filters, so a filter never hides a setup one could switch to.
    """
    setups = await setups_of(session, q.dataset_key, q.split, q.judge)
    setup = choose(setups, q.judge_key, f"{q.judge} on {q.dataset_key} split {q.split}")
    board = Leaderboard(
        dataset_key=q.dataset_key,
        split=q.split,
        judge=q.judge,
        judge_key=setup.judge_key if setup else None,
        setup=setup,
        setups=setups,
        pick=q.pick,
        data=[],
        pagination=counted_pagination(q.limit, q.offset, 0),
    )
    if setup is None:
        return board
    pick_order: list[ColumnElement[Any]] = (
        [EvaluationScoreRow.mean.desc(), EvaluationRow.created_at.asc(), EvaluationRow.id.asc()]
        if q.pick == "best"
        else [EvaluationRow.created_at.desc(), EvaluationRow.id.desc()]
    )
    ranked = (
        scored(q.judge)
        .add_columns(
            func.row_number()
            .over(partition_by=EvaluationRow.model_name, order_by=pick_order)
            .label("pick_rank")
        )
        .where(EvaluationScoreRow.judge_key == setup.judge_key, *_filters(q))
        .subquery()
    )
    picked = select(ranked).where(ranked.c.pick_rank == 1)
    total = int(await session.scalar(select(func.count()).select_from(picked.subquery())) or 0)
    result = await session.execute(
        picked.order_by(
            ranked.c.mean.desc(), ranked.c.created_at.asc(), ranked.c.evaluation_id.asc()
        )
        .offset(q.offset)
        .limit(q.limit)
    )
    rows = [
        LeaderboardRow(
            rank=q.offset + i + 1,
            model_name=r.model_name,
            model_ref=r.model_ref,
            evaluation_id=r.evaluation_id,
            run_id=r.run_id,
            model_version_id=r.model_version_id,
            mean=r.mean,
            ci_low=r.ci_low,
            ci_high=r.ci_high,
            n=r.n,
            passed=r.passed,
            failed=r.failed,
            unparseable=r.unparseable,
            judge=JudgeRef(name=q.judge, version=r.judge_version),
            tags=list(r.tags or []),
            created_at=r.created_at,
        )
        for i, r in enumerate(result)
    ]
    return board.model_copy(
        update={"data": rows, "pagination": counted_pagination(q.limit, q.offset, total)}
    )


async def boards(session: AsyncSession, *, limit: int, offset: int) -> Boards:
    """Each (dataset, split, judge, judge setup) with scored evaluations, and its best row."""
    score = EvaluationScoreRow
    key = (EvaluationRow.dataset_key, EvaluationRow.split, score.judge, score.judge_key)
    grouped = (
        select(
            *key,
            func.count(func.distinct(EvaluationRow.model_name)).label("models"),
            func.count().label("evaluations"),
            func.max(EvaluationRow.finished_at).label("last_evaluated_at"),
        )
        .join(score, score.evaluation_id == EvaluationRow.id)
        .where(EvaluationRow.finished_at.is_not(None), score.mean.is_not(None))
        .group_by(*key)
    )
    total = int(await session.scalar(select(func.count()).select_from(grouped.subquery())) or 0)
    result = await session.execute(
        grouped.order_by(
            func.max(EvaluationRow.finished_at).desc(), *(column.asc() for column in key)
        )
        .offset(offset)
        .limit(limit)
    )
    data = []
    for r in result.all():
        top = await leaderboard(
            session,
            BoardQuery(
                dataset_key=r.dataset_key,
                judge=r.judge,
                split=r.split,
                judge_key=r.judge_key,
                limit=1,
            ),
        )
        assert top.setup is not None  # the board's setup has scored evaluations
        data.append(
            Board(
                dataset_key=r.dataset_key,
                split=r.split,
                judge=r.judge,
                judge_key=r.judge_key,
                setup=JudgeSetup.model_validate(top.setup.model_dump(include=SETUP_FIELDS)),
                default_setup=top.setups[0].judge_key == r.judge_key,
                models=r.models,
                evaluations=r.evaluations,
                last_evaluated_at=r.last_evaluated_at,
                best=top.data[0] if top.data else None,
            )
        )
    return Boards(data=data, pagination=counted_pagination(limit, offset, total))


SETUP_FIELDS = set(JudgeSetup.model_fields)


def counted_pagination(limit: int, offset: int, total: int) -> CountedPagination:
    return CountedPagination(
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < total else None,
        total=total,
    )
