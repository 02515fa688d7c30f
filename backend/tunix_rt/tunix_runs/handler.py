"""Worker side of `train` jobs: the dataset goes into the run directory before the child."""

from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tunix_rt.datasets.export import export_line
from tunix_rt.datasets.service import stream_items
from tunix_rt.evaluations.schemas import EvaluationCreate
from tunix_rt.evaluations.service import create_evaluation
from tunix_rt.jobs.kinds import BaseHandler
from tunix_rt.jobs.models import JobRow
from tunix_rt.jsonutil import dumps_line
from tunix_rt.settings import Settings


class TrainHandler(BaseHandler):
    async def prepare(self, session: AsyncSession, job: JobRow, run_dir: Path) -> None:
        """data/train.jsonl and data/eval.jsonl in the `trace` export format."""
        data = run_dir / "data"
        if (data / ".complete").exists():
            return  # a resumed attempt trains on exactly the same files
        data.mkdir(parents=True, exist_ok=True)
        sessions = async_sessionmaker(session.bind, expire_on_commit=False)
        files = {s: (data / f"{s}.jsonl").open("wb") for s in ("train", "eval")}
        try:
            async for split, row in stream_items(sessions, job.spec["dataset_id"], "all"):
                files[split].write(dumps_line(export_line("trace", row, split, "chatml", None)))
        finally:
            for handle in files.values():
                handle.close()
        (data / ".complete").write_text(job.spec["dataset_hash"])

    async def finalize(
        self, session: AsyncSession, job: JobRow, result: dict[str, Any], run_dir: Path
    ) -> dict[str, Any]:
        return {
            **result,
            "dataset_key": job.spec["dataset_key"],
            "dataset_hash": job.spec["dataset_hash"],
        }

    async def on_success(self, session: AsyncSession, job: JobRow, settings: Settings) -> None:
        """`auto_evaluate`: queue an evaluation of the new model on the dataset's eval split."""
        auto = job.spec.get("auto_evaluate")
        if not auto or job.spec.get("dry_run"):
            return
        body = EvaluationCreate.model_validate(
            {**auto, "run_id": job.id, "dataset_key": job.spec["dataset_key"]}
        )
        await create_evaluation(session, settings, body)
