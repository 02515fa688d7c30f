"""Shapes of the overview API: what the dashboard's first page shows."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class JobCounts(BaseModel):
    """Jobs of one kind: all of them, and how many are in each status."""

    total: int = Field(description="every job of this kind")
    by_status: dict[str, int] = Field(
        description="every status (queued, running, succeeded, ...) with its count, 0 included"
    )


class OverviewCounts(BaseModel):
    traces: int = Field(description="stored traces")
    datasets: int = Field(description="built datasets")
    runs: JobCounts = Field(description="training runs (trials of tuning jobs included)")
    evaluations: JobCounts = Field(description="evaluations, by the status of their job")
    models: int = Field(description="models in the registry")
    model_versions: int = Field(description="versions over every registered model")
    tuning_jobs: int = Field(description="hyperparameter searches")


class RecentRun(BaseModel):
    run_id: str
    status: str
    model_id: str = Field(description="the `model` the run trained: tiny, small, a path or ref")
    dataset_key: str
    dry_run: bool
    progress: dict[str, Any] | None = Field(description="{step, total, epoch?} while training")
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class Overview(BaseModel):
    counts: OverviewCounts
    recent_runs: list[RecentRun] = Field(description="the most recent training runs, newest first")
