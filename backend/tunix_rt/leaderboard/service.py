"""Leaderboards in SQL: filter finished evaluations, pick one per model, rank by mean."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.leaderboard.schemas import (
    Board,
    Boards,
    CompatEvaluation,
    CompatLeaderboard,
    CountedPagination,
    JudgeMetrics,
    JudgeRef,
    Leaderboard,
    LeaderboardRow,
    Pick,
)

# The judge behind the rest-compat `score`.
COMPAT_JUDGE = "answer_correctness"
COMPAT_PASS_MARK = 0.5


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
    """Which leaderboard: one dataset split and one judge, plus optional filters."""

    dataset_key: str
    judge: str
    split: str = "eval"
    pick: Pick = "best"
    model: str | None = None
    model_match: Literal["contains", "exact"] = "contains"
    created_after: datetime | None = None
    created_before: datetime | None = None
    tags: list[str] = field(default_factory=list)
    limit: int = 20
    offset: int = 0


def _scored(judge: str) -> Select[*tuple[Any, ...]]:
    """Finished evaluations joined with `judge`'s aggregate; unscorable ones cannot rank."""
    score = EvaluationScoreRow
    return (
        select(
            EvaluationRow.id.label("evaluation_id"),
            EvaluationRow.model_name,
            EvaluationRow.model_ref,
            EvaluationRow.run_id,
            EvaluationRow.model_version_id,
            EvaluationRow.dataset_key,
            EvaluationRow.split,
            EvaluationRow.tags,
            EvaluationRow.created_at,
            EvaluationRow.finished_at,
            score.judge_version,
            score.mean,
            score.ci_low,
            score.ci_high,
            score.n,
            score.passed,
            score.failed,
            score.unparseable,
        )
        .join(score, and_(score.evaluation_id == EvaluationRow.id, score.judge == judge))
        .where(EvaluationRow.finished_at.is_not(None), score.mean.is_not(None))
    )


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
    """One row per model_name (its best or latest evaluation), sorted by mean, best first."""
    pick_order: list[ColumnElement[Any]] = (
        [EvaluationScoreRow.mean.desc(), EvaluationRow.created_at.asc(), EvaluationRow.id.asc()]
        if q.pick == "best"
        else [EvaluationRow.created_at.desc(), EvaluationRow.id.desc()]
    )
    ranked = (
        _scored(q.judge)
        .add_columns(
            func.row_number()
            .over(partition_by=EvaluationRow.model_name, order_by=pick_order)
            .label("pick_rank")
        )
        .where(*_filters(q))
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
    return Leaderboard(
        dataset_key=q.dataset_key,
        split=q.split,
        judge=q.judge,
        pick=q.pick,
        data=rows,
        pagination=_pagination(q.limit, q.offset, total),
    )


async def boards(session: AsyncSession, *, limit: int, offset: int) -> Boards:
    """Each (dataset, split, judge) with scored evaluations, and its best row."""
    score = EvaluationScoreRow
    key = (EvaluationRow.dataset_key, EvaluationRow.split, score.judge)
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
            session, BoardQuery(dataset_key=r.dataset_key, judge=r.judge, split=r.split, limit=1)
        )
        data.append(
            Board(
                dataset_key=r.dataset_key,
                split=r.split,
                judge=r.judge,
                models=r.models,
                evaluations=r.evaluations,
                last_evaluated_at=r.last_evaluated_at,
                best=top.data[0] if top.data else None,
            )
        )
    return Boards(data=data, pagination=_pagination(limit, offset, total))


async def compat_leaderboard(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    dataset_key: str | None = None,
    split: str | None = None,
) -> CompatLeaderboard:
    """Every finished evaluation of a training run by answer_correctness, ranked per dataset.

    Rows are grouped by (dataset_key, split) and ranked within the group only, so scores of
    different datasets are never ranked against each other.
    """
    group = (EvaluationRow.dataset_key, EvaluationRow.split)
    inner = _scored(COMPAT_JUDGE).where(EvaluationRow.model_ref.startswith("run:"))
    if dataset_key is not None:
        inner = inner.where(EvaluationRow.dataset_key == dataset_key)
    if split is not None:
        inner = inner.where(EvaluationRow.split == split)
    ranked = inner.add_columns(
        func.row_number()
        .over(
            partition_by=group,
            order_by=[
                EvaluationScoreRow.mean.desc(),
                EvaluationRow.created_at.asc(),
                EvaluationRow.id.asc(),
            ],
        )
        .label("rank")
    ).subquery()
    total = int(await session.scalar(select(func.count()).select_from(ranked)) or 0)
    result = await session.execute(
        select(ranked)
        .order_by(ranked.c.dataset_key, ranked.c.split, ranked.c.rank)
        .offset(offset)
        .limit(limit)
    )
    page = list(result)
    metrics = await _metrics_of(session, [r.evaluation_id for r in page])
    rows = [
        CompatEvaluation(
            rank=r.rank,
            evaluation_id=r.evaluation_id,
            run_id=r.run_id,
            model_name=r.model_name,
            dataset_key=r.dataset_key,
            split=r.split,
            score=r.mean,
            verdict="pass" if r.mean >= COMPAT_PASS_MARK else "fail",
            metrics=metrics[r.evaluation_id],
            judge=JudgeRef(name=COMPAT_JUDGE, version=r.judge_version),
            evaluated_at=r.finished_at,
        )
        for r in page
    ]
    return CompatLeaderboard(
        data=rows, evaluations=rows, pagination=_pagination(limit, offset, total)
    )


async def _metrics_of(
    session: AsyncSession, evaluation_ids: list[str]
) -> dict[str, dict[str, JudgeMetrics]]:
    out: dict[str, dict[str, JudgeMetrics]] = {i: {} for i in evaluation_ids}
    if evaluation_ids:
        scores = await session.scalars(
            select(EvaluationScoreRow)
            .where(EvaluationScoreRow.evaluation_id.in_(evaluation_ids))
            .order_by(EvaluationScoreRow.judge)
        )
        for s in scores:
            out[s.evaluation_id][s.judge] = JudgeMetrics.model_validate(s, from_attributes=True)
    return out


def _pagination(limit: int, offset: int, total: int) -> CountedPagination:
    return CountedPagination(
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < total else None,
        total=total,
    )
