"""Which evaluations a baseline can be checked against: same data, split, judge and setup.

A score only means something next to another score of the same judge set up the same way
(version, params, judge model: evaluations/judge_setup.py); anything else is a 422 that
names every difference.
"""

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.errors import ApiError
from tunix_rt.evaluations.judge_setup import describe_params, setup_differences, stored_setup
from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow


def require_finished(evaluation: EvaluationRow) -> None:
    if evaluation.finished_at is None:
        raise ApiError(
            422, f"evaluation {evaluation.id} has not finished; only finished ones have scores"
        )


def setup_text(evaluation: EvaluationRow, score: EvaluationScoreRow) -> str:
    """`version 1.0.0, abs_tol=1e-9, rel_tol=1e-6, judge_key …`: the setup behind `score`."""
    setup = stored_setup(evaluation.judges, score.judge, score.judge_version)
    params = describe_params(setup["params"]) or "no params"
    return f"version {score.judge_version}, {params}, judge_key {score.judge_key}"


async def latest_comparable(
    session: AsyncSession,
    model: ColumnElement[bool],
    base: EvaluationRow,
    base_score: EvaluationScoreRow,
) -> EvaluationRow | None:
    """The model's newest finished evaluation on the baseline's dataset and split, scored by
    the baseline's judge set up as the baseline's was."""
    same_setup = exists().where(
        EvaluationScoreRow.evaluation_id == EvaluationRow.id,
        EvaluationScoreRow.judge == base_score.judge,
        EvaluationScoreRow.judge_key == base_score.judge_key,
    )
    row: EvaluationRow | None = await session.scalar(
        select(EvaluationRow)
        .where(
            model,
            EvaluationRow.dataset_key == base.dataset_key,
            EvaluationRow.split == base.split,
            EvaluationRow.finished_at.is_not(None),
            same_setup,
        )
        .order_by(EvaluationRow.created_at.desc(), EvaluationRow.id.desc())
        .limit(1)
    )
    return row


async def comparable_score(
    session: AsyncSession,
    base: EvaluationRow,
    base_score: EvaluationScoreRow,
    evaluation: EvaluationRow,
) -> EvaluationScoreRow:
    """The evaluation's score for the baseline's judge, or 422 naming every way it is not
    comparable (`mismatches`: dataset_key, dataset_hash, split, judge, judge_setup)."""
    require_finished(evaluation)
    judge = base_score.judge
    differs = {
        field: f"{field} is {getattr(evaluation, field)!r}, "
        f"the baseline's is {getattr(base, field)!r}"
        for field in ("dataset_key", "dataset_hash", "split")
        if getattr(evaluation, field) != getattr(base, field)
    }
    if "dataset_key" in differs:  # another dataset has another hash; saying so adds nothing
        differs.pop("dataset_hash", None)
    score = await session.get(EvaluationScoreRow, (evaluation.id, judge))
    if score is None:
        differs["judge"] = f"it has no score for judge {judge!r}"
    elif score.judge_key != base_score.judge_key:
        differences = setup_differences(
            stored_setup(evaluation.judges, judge, score.judge_version),
            stored_setup(base.judges, judge, base_score.judge_version),
        )
        differs["judge_setup"] = (
            f"its {judge} judge is set up differently from the baseline's "
            f"(this evaluation's vs the baseline's: {'; '.join(differences)})"
        )
    if differs:
        raise ApiError(
            422,
            f"evaluation {evaluation.id} is not comparable with the baseline: "
            + "; ".join(differs.values()),
            mismatches=list(differs),
        )
    assert score is not None
    return score
