"""The best trial of a search, and one call to train it again or register its model."""

import uuid

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import utcnow
from tunix_rt.errors import ApiError
from tunix_rt.evaluations.schemas import EvaluationGeneration, JudgeRequest
from tunix_rt.jobs.models import JobRow
from tunix_rt.registry import service as registry
from tunix_rt.registry.models import ModelVersionRow, RegisteredModelRow
from tunix_rt.settings import Settings
from tunix_rt.tuning.models import TuningJobRow, TuningTrialRow
from tunix_rt.tuning.schemas import BestPromote, BestRunCreate, BestTrial
from tunix_rt.tuning.service import best_of, get_tuning_job, trial_of, trials_of
from tunix_rt.tuning.space import trial_config
from tunix_rt.tunix_runs import service as runs
from tunix_rt.tunix_runs.schemas import AutoEvaluate, RunCreate, TrainConfig


async def best_trial(session: AsyncSession, row: TuningJobRow) -> TuningTrialRow:
    """The trial with the best final metric; 404 while no trial has one."""
    trials = await trials_of(session, row.id)
    best = best_of(trials, row.spec["objective"]["direction"])
    if best is None:
        raise ApiError(
            404,
            f"tuning job {row.id} has no trial with a final metric yet "
            f"({len(trials)} trial(s) recorded); try again when a trial has finished",
        )
    return best


def best_config(row: TuningJobRow, trial: TuningTrialRow) -> dict[str, object]:
    """The trial's training config as a RunCreate config (a registry model by its pinned ref)."""
    spec = row.spec
    pinned = spec.get("model_version")
    model = pinned["pinned"] if pinned else spec["base_model"]
    return trial_config(spec["fixed_config"], trial.params, model, spec["trial_max_steps"])


async def read_best(session: AsyncSession, tuning_job_id: str) -> BestTrial:
    row = await get_tuning_job(session, tuning_job_id)
    trial = await best_trial(session, row)
    objective = row.spec["objective"]
    assert trial.final_metric is not None  # best_of skips trials without one
    return BestTrial(
        tuning_job_id=row.id,
        metric=objective["metric"],
        direction=objective["direction"],
        value=trial.final_metric,
        trial=trial_of(trial),
        config=best_config(row, trial),
    )


def _auto_evaluate(row: TuningJobRow, requested: AutoEvaluate | bool) -> AutoEvaluate | None:
    """`true`: evaluate as the objective did (answer_correctness for loss objectives)."""
    if requested is False:
        return None
    if isinstance(requested, AutoEvaluate):
        return requested
    objective = row.spec["objective"]
    if objective["kind"] != "judge":
        return AutoEvaluate()
    return AutoEvaluate(
        limit=objective["eval_limit"],
        judges=[JudgeRequest(name=objective["judge"], params=objective["judge_params"])],
        generation=EvaluationGeneration(**objective["generation"]),
    )


async def run_best(
    session: AsyncSession, settings: Settings, tuning_job_id: str, body: BestRunCreate
) -> JobRow:
    """A normal training run of the best trial's config (max_steps may be raised)."""
    row = await get_tuning_job(session, tuning_job_id)
    config = best_config(row, await best_trial(session, row))
    if body.max_steps is not None:
        config["max_steps"] = body.max_steps
    try:
        train_config = TrainConfig.model_validate(config)
    except ValidationError as exc:  # checked at creation; a later TrainConfig may differ
        raise ApiError(422, f"the best trial's config is no longer valid: {exc}") from exc
    request = RunCreate(
        dataset_key=row.dataset_key,
        config=train_config,
        priority=body.priority,
        auto_evaluate=_auto_evaluate(row, body.auto_evaluate),
    )
    return await runs.create_run(session, settings, request)


async def promote_best(
    session: AsyncSession, settings: Settings, tuning_job_id: str, body: BestPromote
) -> tuple[RegisteredModelRow, ModelVersionRow]:
    """Promote the best trial's trained model into `model_name` (created when missing)."""
    row = await get_tuning_job(session, tuning_job_id)
    trial = await best_trial(session, row)
    if trial.run_id is None:
        raise ApiError(
            422, f"the best trial {trial.trial_key} has no training run to promote (run_id null)"
        )
    try:
        model = await registry.get_model(session, body.model_name)
    except ApiError:
        model = None
    if model is None or model.name != body.model_name:
        now = utcnow()
        model = RegisteredModelRow(
            id=str(uuid.uuid4()),
            name=body.model_name,
            description=f"from tuning job {row.name} ({row.id})",
            tags=["tuning"],
            last_version=0,
            created_at=now,
            updated_at=now,
        )
        session.add(model)
        try:
            await session.flush()  # committed with the version, or rolled back with it
        except IntegrityError as exc:
            await session.rollback()
            raise ApiError(409, f"model {body.model_name!r} was created concurrently") from exc
    label = body.label or f"tuning {row.name}: trial {trial.trial_key}"[:200]
    try:
        version = await registry.promote(session, settings, model, trial.run_id, label)
    except BaseException:
        await session.rollback()
        raise
    return model, version
