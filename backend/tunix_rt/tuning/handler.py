"""Worker side of `tune` jobs: data in before the child; each trial's run and evaluation
stored as the child reports them (docs/tuning.md)."""

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.db import utcnow
from tunix_rt.evaluations.handler import EvaluateHandler
from tunix_rt.evaluations.identity import evaluation_identity
from tunix_rt.evaluations.models import EvaluationRow
from tunix_rt.generations.handler import write_split_items
from tunix_rt.jobs.kinds import BaseHandler
from tunix_rt.jobs.models import JobRow
from tunix_rt.jobs.status import JobKind, JobStatus
from tunix_rt.settings import Settings
from tunix_rt.tuning.models import TuningJobRow, TuningTrialRow
from tunix_rt.tuning.service import record_trial, tuning_job_of_job
from tunix_rt.tunix_runs.handler import TrainHandler

# What a stopped trial's event says, or this for a driver that did not say.
STOPPED_EARLY = "stopped early by the ASHA scheduler: its eval loss trailed other trials"


class TuneHandler(BaseHandler):
    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None:
        """data/{train,eval}.jsonl for training, data/items.jsonl (eval split) for judging."""
        await TrainHandler().prepare(session, job, run_dir)
        limit = (job.spec.get("objective") or {}).get("eval_limit")
        await write_split_items(session, job.spec["dataset_id"], "eval", limit, run_dir)

    async def on_events(
        self, session: AsyncSession, job: JobRow, events: list[dict[str, Any]], settings: Settings
    ) -> list[str]:
        tuning = await tuning_job_of_job(session, job.id)
        if tuning is None:
            return [f"no tuning job is driven by job {job.id}; {len(events)} trial events dropped"]
        notes: list[str] = []
        for event in events:
            key = str(event.get("trial_key"))
            point = event.get("intermediate")
            if isinstance(point, list) and len(point) == 2:
                await record_trial(
                    session, tuning.id, key, intermediate_point=(int(point[0]), float(point[1]))
                )
            status = event.get("status")
            if status == "running":
                await self._trial_started(session, tuning, key, event)
            elif status == "succeeded":
                await self._trial_succeeded(session, tuning, key, event, settings)
            elif status in ("stopped", "failed"):
                await self._trial_ended(session, tuning, key, event)
            elif status is not None:
                notes.append(f"trial {key}: unknown status {status!r}")
        return notes

    async def _trial_started(
        self, session: AsyncSession, tuning: TuningJobRow, key: str, event: dict[str, Any]
    ) -> None:
        """The trial's run appears as a training run of its own (restored trials reuse it)."""
        run_id = str(event["run_id"])
        now = utcnow()
        run = await session.get(JobRow, run_id)
        if run is None:
            run = JobRow(
                id=run_id,
                kind=JobKind.train,
                priority=0,
                attempt=1,
                max_attempts=1,
                created_at=now,
                spec={
                    "dataset_key": tuning.dataset_key,
                    "dataset_hash": tuning.dataset_hash,
                    "dataset_id": tuning.dataset_id,
                    "model_id": tuning.base_model,
                    "config": event.get("config") or {},
                    "dry_run": False,
                    "tuning_job_id": tuning.id,
                    "trial_key": key,
                },
            )
            session.add(run)
        run.status = JobStatus.running
        run.started_at = now
        run.finished_at = None
        run.error = None
        await session.commit()
        trial = await record_trial(
            session,
            tuning.id,
            key,
            params=event.get("params") or {},
            status="running",
            run_id=run_id,
        )
        if trial.error is not None:  # a restored trial's earlier end no longer holds
            trial.error = None
            await session.commit()

    async def _trial_succeeded(
        self,
        session: AsyncSession,
        tuning: TuningJobRow,
        key: str,
        event: dict[str, Any],
        settings: Settings,
    ) -> None:
        run_id = str(event["run_id"])
        await self._finish_run(
            session, run_id, JobStatus.succeeded, result=self._run_result(tuning, event)
        )
        evaluation_id = None
        if event.get("evaluation"):
            evaluation_id = await self._store_evaluation(session, tuning, run_id, event)
        await record_trial(
            session,
            tuning.id,
            key,
            status="succeeded",
            final_metric=event.get("final_metric"),
            evaluation_id=evaluation_id,
        )

    async def _trial_ended(
        self, session: AsyncSession, tuning: TuningJobRow, key: str, event: dict[str, Any]
    ) -> None:
        """A failed or stopped trial. Its run's own status comes with the event: a trial
        whose training finished but whose objective could not be computed failed, while
        its run succeeded (and its evaluation, if any, is stored to show why)."""
        failed = event["status"] == "failed"
        error = str(event.get("error") or ("the trial failed" if failed else STOPPED_EARLY))
        run_status = event.get("run_status")
        if run_status not in (JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled):
            run_status = JobStatus.failed if failed else JobStatus.cancelled
        evaluation_id = None
        if event.get("run_id"):
            run_id = str(event["run_id"])
            if run_status == JobStatus.succeeded:
                result = self._run_result(tuning, event)
                await self._finish_run(session, run_id, JobStatus.succeeded, result=result)
                if event.get("evaluation"):
                    evaluation_id = await self._store_evaluation(session, tuning, run_id, event)
            else:
                await self._finish_run(session, run_id, run_status, error=error)
        await record_trial(
            session,
            tuning.id,
            key,
            status=event["status"],
            error=error,
            evaluation_id=evaluation_id,
        )

    @staticmethod
    def _run_result(tuning: TuningJobRow, event: dict[str, Any]) -> dict[str, Any]:
        return {
            **(event.get("train_result") or {}),
            "dataset_key": tuning.dataset_key,
            "dataset_hash": tuning.dataset_hash,
        }

    @staticmethod
    async def _finish_run(
        session: AsyncSession,
        run_id: str,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        await session.execute(
            update(JobRow)
            .where(JobRow.id == run_id)
            .values(status=status, result=result, error=error, finished_at=utcnow())
        )
        await session.commit()

    async def _store_evaluation(
        self, session: AsyncSession, tuning: TuningJobRow, run_id: str, event: dict[str, Any]
    ) -> str:
        """The trial's evaluation, stored like any other (an `evaluate` job + its rows)."""
        eval_dir = Path(event["evaluation"]["dir"])
        result_file = eval_dir / "result.json"
        result = orjson.loads(result_file.read_bytes()) if result_file.is_file() else {}
        objective = tuning.spec["objective"]
        judges = [
            {
                "name": objective["judge"],
                "version": objective.get("judge_version", ""),
                "params": objective.get("judge_params") or {},
            }
        ]
        generation = objective.get("generation") or {}
        evaluation_id = eval_dir.name
        now = utcnow()
        job = await session.get(JobRow, evaluation_id)
        if job is None:
            job = JobRow(
                id=evaluation_id,
                kind=JobKind.evaluate,
                status=JobStatus.succeeded,
                priority=0,
                attempt=1,
                max_attempts=1,
                spec={"judges": judges, "tuning_job_id": tuning.id, "run_id": run_id},
                result=result,
                created_at=now,
                started_at=now,
                finished_at=now,
            )
            session.add(job)
            await session.commit()  # the evaluation row refers to it
            ref = f"run:{run_id}"
            session.add(
                EvaluationRow(
                    id=evaluation_id,
                    identity=evaluation_identity(
                        ref,
                        tuning.dataset_hash,
                        "eval",
                        objective.get("eval_limit"),
                        judges,
                        generation,
                    ),
                    model_ref=ref,
                    model_name=ref,
                    run_id=run_id,
                    dataset_key=tuning.dataset_key,
                    dataset_hash=tuning.dataset_hash,
                    split="eval",
                    judges=judges,
                    generation={**generation, "limit": objective.get("eval_limit")},
                    tags=[f"tuning:{tuning.id}"],
                    created_at=now,
                )
            )
            await session.commit()
        await EvaluateHandler().finalize(session, job, result, eval_dir)
        return evaluation_id

    async def on_end(self, session: AsyncSession, job: JobRow, status: str) -> None:
        """Trials still running when the search ended are marked; a restore restarts them."""
        tuning = await tuning_job_of_job(session, job.id)
        if tuning is None:
            return
        why = f"the search ended as {status} while this trial ran"
        if status == JobStatus.queued:
            why = "the search was handed back to the queue; a restore runs this trial again"
        rows = (
            (
                await session.execute(
                    update(TuningTrialRow)
                    .where(
                        TuningTrialRow.tuning_job_id == tuning.id,
                        TuningTrialRow.status == "running",
                    )
                    .values(status="stopped", error=why, updated_at=utcnow())
                    .returning(TuningTrialRow.run_id)
                )
            )
            .scalars()
            .all()
        )
        for run_id in rows:
            if run_id:
                await session.execute(
                    update(JobRow)
                    .where(JobRow.id == run_id, JobRow.status == JobStatus.running)
                    .values(status=JobStatus.cancelled, error=why, finished_at=utcnow())
                )
        await session.commit()
