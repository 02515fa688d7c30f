"""What a version came from: its training run, data, config and code, and its evaluations."""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt import __version__
from tunix_rt.evaluations.models import EvaluationRow, EvaluationScoreRow
from tunix_rt.jobs.models import JobRow
from tunix_rt.registry.models import ModelVersionRow
from tunix_rt.registry.schemas import EvaluationSummary


def run_lineage(run: JobRow) -> dict[str, Any]:
    """What the version came from; evaluations are added when it is read."""
    spec, result = run.spec, run.result or {}
    return {
        "source_run": {
            "id": run.id,
            "status": run.status,
            "created_at": run.created_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "step": result.get("step"),
            "metrics": result.get("metrics"),
        },
        "base_model": spec.get("model_id"),
        "base_model_version": spec.get("model_version"),  # set when the base was a registry ref
        "dataset": {
            "key": spec.get("dataset_key"),
            "hash": spec.get("dataset_hash"),
            "id": spec.get("dataset_id"),
        },
        "config": result.get("config") or spec.get("config"),
        "model": result.get("model"),
        "code_version": {"tunix_rt": __version__, "packages": result.get("versions", {})},
    }


async def evaluations_by_version(
    session: AsyncSession, rows: list[ModelVersionRow]
) -> dict[str, list[EvaluationSummary]]:
    """Finished evaluations of each version or of the run it came from, newest first."""
    by_version: dict[str, list[EvaluationSummary]] = {r.id: [] for r in rows}
    run_ids = {r.source_run_id for r in rows if r.source_run_id}
    version_ids = set(by_version)
    found = (
        await session.scalars(
            select(EvaluationRow)
            .where(
                EvaluationRow.finished_at.is_not(None),
                or_(
                    EvaluationRow.run_id.in_(run_ids),
                    EvaluationRow.model_version_id.in_(version_ids),
                ),
            )
            .order_by(EvaluationRow.finished_at.desc(), EvaluationRow.id)
        )
    ).all()
    means: dict[str, dict[str, float | None]] = {e.id: {} for e in found}
    if found:
        scores = await session.scalars(
            select(EvaluationScoreRow).where(EvaluationScoreRow.evaluation_id.in_(list(means)))
        )
        for score in scores:
            means[score.evaluation_id][score.judge] = score.mean
    for evaluation in found:
        summary = EvaluationSummary(
            evaluation_id=evaluation.id,
            model_ref=evaluation.model_ref,
            dataset_key=evaluation.dataset_key,
            split=evaluation.split,
            means=means[evaluation.id],
            finished_at=evaluation.finished_at,
        )
        for row in rows:
            if evaluation.model_version_id == row.id or (
                row.source_run_id is not None and evaluation.run_id == row.source_run_id
            ):
                by_version[row.id].append(summary)
    return by_version
