"""Regression baselines and checks: is a model's evaluation worse than a named baseline?"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.stats import wilson_interval
from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError, not_found
from tunix_rt.evaluations.judge_setup import stored_setup
from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.evaluations.schemas import JudgeSetup
from tunix_rt.pagination import PageParams, Pagination
from tunix_rt.registry.models import RegisteredModelRow
from tunix_rt.regression.comparable import (
    comparable_score,
    latest_comparable,
    require_finished,
    setup_text,
)
from tunix_rt.regression.compare import compare
from tunix_rt.regression.models import BaselineRow, RegressionCheckRow
from tunix_rt.regression.schemas import (
    Baseline,
    BaselineCreate,
    CheckRequest,
    Interval,
    RegressionCheck,
)

# The judge whose mean is the compat `score` of an evaluation.
COMPAT_JUDGE = "answer_correctness"
METRICS = ("mean", "pass_rate")


async def check_model(
    session: AsyncSession,
    baseline_name: str,
    *,
    run_id: str | None,
    model_version_id: str | None,
) -> RegressionCheck:
    """Check a model's latest finished evaluation comparable to the baseline; records the check.

    The model is a registry version when `model_version_id` is given, else a training run.
    Commits, so the check is on record even when the caller then refuses what it gates.
    """
    baseline, base_eval = await _baseline_with_evaluation(session, baseline_name)
    if model_version_id is not None:
        who = f"model version {model_version_id}"
        cond = EvaluationRow.model_version_id == model_version_id
    elif run_id is not None:
        who, cond = f"run {run_id}", _of_run(run_id)
    else:
        raise ApiError(422, "give run_id or model_version_id of the model to check")
    base_score = await _baseline_score(session, baseline, base_eval)
    evaluation = await latest_comparable(session, cond, base_eval, base_score)
    if evaluation is None:
        raise ApiError(
            422,
            f"{who} has no finished evaluation of dataset {base_eval.dataset_key} "
            f"split {base_eval.split} with judge {baseline.judge} set up as the baseline's "
            f"({setup_text(base_eval, base_score)}); evaluate it first",
        )
    return await _check(session, baseline, base_eval, evaluation)


async def check(session: AsyncSession, body: CheckRequest) -> RegressionCheck:
    """Check one evaluation (native) or a run's latest comparable one (compat)."""
    if body.run_id is not None:
        return await check_model(
            session, body.baseline_name, run_id=body.run_id, model_version_id=None
        )
    assert body.evaluation_id is not None
    baseline, base_eval = await _baseline_with_evaluation(session, body.baseline_name)
    evaluation = await _get_evaluation(session, body.evaluation_id)
    return await _check(session, baseline, base_eval, evaluation)


async def create_baseline(session: AsyncSession, body: BaselineCreate) -> Baseline:
    if await _find_baseline(session, body.name) is not None:
        raise ApiError(409, f"baseline {body.name!r} already exists; pick another name")
    if body.run_id is not None:
        evaluation = await _latest_of_run(session, body.run_id)
    else:
        assert body.evaluation_id is not None
        evaluation = await _get_evaluation(session, body.evaluation_id)
    require_finished(evaluation)
    scores = {
        s.judge: s
        for s in (
            await session.scalars(
                select(EvaluationScoreRow).where(EvaluationScoreRow.evaluation_id == evaluation.id)
            )
        )
    }
    judge, metric = _judge_and_metric(body, evaluation.id, list(scores))
    if judge not in scores:
        raise ApiError(
            422,
            f"evaluation {evaluation.id} has no score for judge {judge!r}; "
            f"it has: {', '.join(sorted(scores)) or 'none'}",
        )
    _metric_value(scores[judge], metric)  # 422 now rather than at the first check
    row = BaselineRow(
        id=str(uuid.uuid4()),
        name=body.name,
        description=body.description,
        evaluation_id=evaluation.id,
        judge=judge,
        metric=metric,
        direction=body.direction,
        tolerance=body.tolerance,
        tolerance_kind=body.tolerance_kind,
        created_at=utcnow(),
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError as exc:  # a concurrent create of the same name
        await session.rollback()
        raise ApiError(409, f"baseline {body.name!r} already exists; pick another name") from exc
    return _baseline_view(row, evaluation, scores[judge])


async def get_baseline(session: AsyncSession, name: str) -> Baseline:
    baseline, evaluation = await _baseline_with_evaluation(session, name)
    score = await _baseline_score(session, baseline, evaluation)
    return _baseline_view(baseline, evaluation, score)


async def list_baselines(
    session: AsyncSession, page: PageParams
) -> tuple[list[Baseline], Pagination]:
    query = (
        select(BaselineRow, EvaluationRow, EvaluationScoreRow)
        .join(EvaluationRow, EvaluationRow.id == BaselineRow.evaluation_id)
        .join(
            EvaluationScoreRow,
            and_(
                EvaluationScoreRow.evaluation_id == BaselineRow.evaluation_id,
                EvaluationScoreRow.judge == BaselineRow.judge,
            ),
        )
        .order_by(BaselineRow.created_at.desc(), BaselineRow.id.desc())
    )
    rows = list(await session.execute(query.offset(page.offset).limit(page.limit + 1)))
    return [_baseline_view(*r) for r in rows[: page.limit]], _pagination(page, len(rows))


async def delete_baseline(session: AsyncSession, name: str) -> None:
    """Delete a baseline and (by cascade) its check history."""
    row = await _find_baseline(session, name)
    if row is None:
        raise not_found("baseline", name)
    gating = await _models_gated_by(session, name)
    if gating:
        raise ApiError(
            409,
            f"baseline {name!r} gates {', '.join(gating)}; remove those gates first "
            "(PATCH /api/models/{name} with alias_gates)",
        )
    await session.delete(row)
    await session.commit()


async def _models_gated_by(session: AsyncSession, baseline: str) -> list[str]:
    """`model#alias` for every alias gate on `baseline` (few models have gates: read them)."""
    rows = await session.execute(select(RegisteredModelRow.name, RegisteredModelRow.alias_gates))
    return [
        f"{name}#{alias}"
        for name, gates in rows
        for alias, gated_on in sorted((gates or {}).items())
        if gated_on == baseline
    ]


async def list_checks(
    session: AsyncSession, page: PageParams, baseline_name: str | None = None
) -> tuple[list[RegressionCheck], Pagination]:
    """Past checks, newest first."""
    query = select(RegressionCheckRow).order_by(
        RegressionCheckRow.created_at.desc(), RegressionCheckRow.id.desc()
    )
    if baseline_name is not None:
        baseline = await _find_baseline(session, baseline_name)
        if baseline is None:
            raise not_found("baseline", baseline_name)
        query = query.where(RegressionCheckRow.baseline_id == baseline.id)
    rows = list(await session.scalars(query.offset(page.offset).limit(page.limit + 1)))
    checks = [RegressionCheck.model_validate(r.result) for r in rows[: page.limit]]
    return checks, _pagination(page, len(rows))


# --- helpers ---------------------------------------------------------------------------------


def _pagination(page: PageParams, fetched: int) -> Pagination:
    more = fetched > page.limit
    return Pagination(
        limit=page.limit, offset=page.offset, next_offset=page.offset + page.limit if more else None
    )


def _of_run(run_id: str) -> ColumnElement[bool]:
    """Evaluations of a training run's own export (not of registry versions made from it)."""
    return and_(EvaluationRow.run_id == run_id, EvaluationRow.model_ref == f"run:{run_id}")


async def _find_baseline(session: AsyncSession, name: str) -> BaselineRow | None:
    row: BaselineRow | None = await session.scalar(
        select(BaselineRow).where(BaselineRow.name == name)
    )
    return row


async def _baseline_with_evaluation(
    session: AsyncSession, name: str
) -> tuple[BaselineRow, EvaluationRow]:
    baseline = await _find_baseline(session, name)
    if baseline is None:
        raise not_found("baseline", name)
    evaluation = await session.get(EvaluationRow, baseline.evaluation_id)
    assert evaluation is not None  # the foreign key restricts deleting it
    return baseline, evaluation


async def _baseline_score(
    session: AsyncSession, baseline: BaselineRow, evaluation: EvaluationRow
) -> EvaluationScoreRow:
    """The score the baseline was made from: its judge's value and setup (judge_key)."""
    score = await session.get(EvaluationScoreRow, (evaluation.id, baseline.judge))
    assert score is not None  # checked at creation; scores of a finished evaluation stay
    return score


async def _get_evaluation(session: AsyncSession, evaluation_id: str) -> EvaluationRow:
    evaluation = await session.get(EvaluationRow, evaluation_id)
    if evaluation is None:
        raise not_found("evaluation", evaluation_id)
    return evaluation


async def _latest_of_run(session: AsyncSession, run_id: str) -> EvaluationRow:
    evaluation = await session.scalar(
        select(EvaluationRow)
        .where(_of_run(run_id), EvaluationRow.finished_at.is_not(None))
        .order_by(EvaluationRow.created_at.desc(), EvaluationRow.id.desc())
        .limit(1)
    )
    if evaluation is None:
        raise ApiError(422, f"run {run_id} has no finished evaluation; evaluate it first")
    return evaluation


def _judge_and_metric(
    body: BaselineCreate, evaluation_id: str, judges: list[str]
) -> tuple[str, str]:
    """Map the requested metric (native or compat) and judge to (judge, mean | pass_rate)."""
    judge = body.judge
    if body.metric in ("mean", "score"):
        metric = "mean"
    elif body.metric == "pass_rate":
        metric = "pass_rate"
    elif body.metric in judges and judge in (None, body.metric):
        judge, metric = body.metric, "mean"
    else:
        raise ApiError(
            422,
            f"metric {body.metric!r} is not known: use mean or pass_rate "
            f"(or score, or a judge of evaluation {evaluation_id}: {', '.join(sorted(judges))})",
        )
    if judge is not None:
        return judge, metric
    if len(judges) == 1:
        return judges[0], metric
    if not judges:
        raise ApiError(422, f"evaluation {evaluation_id} has no scores")
    if body.run_id is not None and COMPAT_JUDGE in judges:
        return COMPAT_JUDGE, metric
    raise ApiError(
        422,
        f"evaluation {evaluation_id} has several judges ({', '.join(sorted(judges))}); "
        "say which with judge",
    )


def _metric_value(
    score: EvaluationScoreRow, metric: str
) -> tuple[float, tuple[float, float] | None]:
    """The metric and its 95% interval: the bootstrap CI for mean, Wilson for pass_rate."""
    if metric == "pass_rate":
        total = score.passed + score.failed
        if total == 0:
            raise ApiError(
                422,
                f"evaluation {score.evaluation_id} has no passed or failed item for judge "
                f"{score.judge}, so no pass_rate",
            )
        return score.passed / total, wilson_interval(score.passed, total)
    if score.mean is None:
        raise ApiError(
            422, f"evaluation {score.evaluation_id} has no scored item for judge {score.judge}"
        )
    ci = None if score.ci_low is None or score.ci_high is None else (score.ci_low, score.ci_high)
    return score.mean, ci


def _interval(ci: tuple[float, float] | None) -> Interval | None:
    return None if ci is None else Interval(low=ci[0], high=ci[1])


def _baseline_view(
    row: BaselineRow, evaluation: EvaluationRow, score: EvaluationScoreRow
) -> Baseline:
    value, ci = _metric_value(score, row.metric)
    return Baseline(
        name=row.name,
        description=row.description,
        evaluation_id=evaluation.id,
        run_id=evaluation.run_id,
        model_version_id=evaluation.model_version_id,
        model_name=evaluation.model_name,
        dataset_key=evaluation.dataset_key,
        dataset_hash=evaluation.dataset_hash,
        split=evaluation.split,
        judge=row.judge,
        judge_version=score.judge_version,
        judge_key=score.judge_key,
        judge_setup=JudgeSetup(
            **stored_setup(evaluation.judges, row.judge, score.judge_version),
            judge_key=score.judge_key,
        ),
        metric=row.metric,
        value=value,
        ci=_interval(ci),
        direction=row.direction,
        tolerance=row.tolerance,
        tolerance_kind=row.tolerance_kind,
        created_at=row.created_at,
    )


async def _check(
    session: AsyncSession, baseline: BaselineRow, base: EvaluationRow, evaluation: EvaluationRow
) -> RegressionCheck:
    base_score = await _baseline_score(session, baseline, base)
    score = await comparable_score(session, base, base_score, evaluation)
    base_value, base_ci = _metric_value(base_score, baseline.metric)
    value, ci = _metric_value(score, baseline.metric)
    outcome = compare(
        base_value,
        value,
        direction=baseline.direction,
        tolerance=baseline.tolerance,
        tolerance_kind=baseline.tolerance_kind,
        baseline_ci=base_ci,
        current_ci=ci,
    )
    fields: dict[str, Any] = {
        "check_id": str(uuid.uuid4()),
        "baseline_name": baseline.name,
        "verdict": outcome.verdict,
        "metric": baseline.metric,
        "baseline_value": base_value,
        "current_value": value,
        "delta": outcome.delta,
        "delta_percent": outcome.delta_percent,
        "direction": baseline.direction,
        "tolerance": baseline.tolerance,
        "tolerance_kind": baseline.tolerance_kind,
        "allowed_drop": outcome.allowed_drop,
        "significant": outcome.significant,
        "baseline_ci": _interval(base_ci),
        "current_ci": _interval(ci),
        "baseline_evaluation_id": base.id,
        "evaluation_id": evaluation.id,
        "judge": baseline.judge,
        "baseline_judge_version": base_score.judge_version,
        "judge_version": score.judge_version,
        "judge_key": score.judge_key,
        "dataset_key": base.dataset_key,
        "split": base.split,
        "created_at": utcnow(),
    }
    result = RegressionCheck.model_validate(fields)
    session.add(
        RegressionCheckRow(
            id=result.check_id,
            baseline_id=baseline.id,
            evaluation_id=evaluation.id,
            verdict=result.verdict,
            result=result.model_dump(mode="json"),
            created_at=result.created_at,
        )
    )
    await session.commit()
    return result
