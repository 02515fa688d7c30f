"""The setups of a judge on a dataset split: a board ranks one of them, the newest by default.

Scores of one judge set up differently (another version, `rel_tol`, rubric or judge model)
are not on one scale, so each setup is its own board (evaluations/judge_setup.py).
"""

from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError
from tunix_rt.evaluations.judge_setup import describe_params, stored_setup
from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.leaderboard.schemas import BoardSetup


def scored(judge: str) -> Select[*tuple[Any, ...]]:
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
            score.judge_key,
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


# The newest finished evaluation first; created_at and id only break ties.
NEWEST_FIRST = (
    EvaluationRow.finished_at.desc(),
    EvaluationRow.created_at.desc(),
    EvaluationRow.id.desc(),
)


async def setups_of(
    session: AsyncSession, dataset_key: str, split: str, judge: str
) -> list[BoardSetup]:
    """Every setup of `judge` that ranks evaluations on the dataset split, newest first.

    A setup is described by its newest evaluation's stored judge entry (all its
    evaluations store the same one: that is what the key hashes).
    """
    score = EvaluationScoreRow
    per_setup = (
        select(
            score.judge_key,
            score.judge_version,
            EvaluationRow.judges,
            func.count().over(partition_by=score.judge_key).label("evaluations"),
            func.row_number()
            .over(partition_by=score.judge_key, order_by=NEWEST_FIRST)
            .label("newest"),
            func.max(EvaluationRow.finished_at)
            .over(partition_by=score.judge_key)
            .label("last_evaluated_at"),
        )
        .join(score, and_(score.evaluation_id == EvaluationRow.id, score.judge == judge))
        .where(
            EvaluationRow.dataset_key == dataset_key,
            EvaluationRow.split == split,
            EvaluationRow.finished_at.is_not(None),
            score.mean.is_not(None),
        )
        .subquery()
    )
    rows = await session.execute(
        select(per_setup)
        .where(per_setup.c.newest == 1)
        .order_by(per_setup.c.last_evaluated_at.desc(), per_setup.c.judge_key)
    )
    return [
        BoardSetup(
            **stored_setup(r.judges, judge, r.judge_version),
            judge_key=r.judge_key,
            evaluations=r.evaluations,
            last_evaluated_at=r.last_evaluated_at,
        )
        for r in rows
    ]


def choose(setups: list[BoardSetup], judge_key: str | None, where: str) -> BoardSetup | None:
    """The asked-for setup, or the newest; None when there is none; 422 for an unknown key."""
    if judge_key is None:
        return setups[0] if setups else None
    for setup in setups:
        if setup.judge_key == judge_key:
            return setup
    known = "; ".join(
        f"{s.judge_key} ({s.name} {s.version}: {describe_params(s.params) or 'no params'})"
        for s in setups
    )
    raise ApiError(
        422,
        f"judge_key: {judge_key!r} is not a setup of {where}; "
        + (f"its setups are {known}" if known else "it has no scored evaluation yet"),
    )
