"""The rest-compat leaderboard: training runs' evaluations by answer_correctness."""

from typing import Any

from sqlalchemy import Select, Subquery, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.leaderboard.schemas import (
    CompatEvaluation,
    CompatLeaderboard,
    JudgeMetrics,
    JudgeRef,
)
from tunix_rt.leaderboard.service import counted_pagination
from tunix_rt.leaderboard.setups import NEWEST_FIRST, scored

# The judge behind the rest-compat `score`.
COMPAT_JUDGE = "answer_correctness"
COMPAT_PASS_MARK = 0.5


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
    different datasets are never ranked against each other. In each group only the default
    judge setup ranks: that of the group's newest listed evaluation.
    """
    group = (EvaluationRow.dataset_key, EvaluationRow.split)
    listed = scored(COMPAT_JUDGE).where(EvaluationRow.model_ref.startswith("run:"))
    if dataset_key is not None:
        listed = listed.where(EvaluationRow.dataset_key == dataset_key)
    if split is not None:
        listed = listed.where(EvaluationRow.split == split)
    defaults = _default_setups(listed)
    inner = listed.join(
        defaults,
        and_(
            defaults.c.dataset_key == EvaluationRow.dataset_key,
            defaults.c.split == EvaluationRow.split,
            defaults.c.judge_key == EvaluationScoreRow.judge_key,
        ),
    )
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
        data=rows, evaluations=rows, pagination=counted_pagination(limit, offset, total)
    )


def _default_setups(listed: Select[*tuple[Any, ...]]) -> Subquery:
    """(dataset_key, split, judge_key) of the newest evaluation in each group of `listed`."""
    newest = listed.add_columns(
        func.row_number()
        .over(partition_by=(EvaluationRow.dataset_key, EvaluationRow.split), order_by=NEWEST_FIRST)
        .label("newest")
    ).subquery()
    return (
        select(newest.c.dataset_key, newest.c.split, newest.c.judge_key)
        .where(newest.c.newest == 1)
        .subquery()
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
