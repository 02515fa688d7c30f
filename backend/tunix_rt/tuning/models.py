"""Tuning tables: one row per tuning job (a search over training hyperparameters), one per trial."""

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tunix_rt.db import Base, JSONType, UTCDateTime, utcnow


class TuningJobRow(Base):
    """What to search and how; started, it is driven by one `tune` job (`job_id`)."""

    __tablename__ = "tuning_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    dataset_key: Mapped[str] = mapped_column(String(200))
    dataset_id: Mapped[int] = mapped_column(Integer)
    dataset_hash: Mapped[str] = mapped_column(String(64))
    base_model: Mapped[str] = mapped_column(String(1024))  # as given; the spec holds the pin
    # The `tune` job's spec without `tuning_job_id` (docs/tuning.md).
    spec: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status_note: Mapped[str | None] = mapped_column(Text)
    # SET NULL: deleting old jobs must not delete the search and its trials.
    job_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("jobs.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TuningTrialRow(Base):
    """One sampled configuration, its training run, evaluation and metrics."""

    __tablename__ = "tuning_trials"
    __table_args__ = (
        UniqueConstraint(
            "tuning_job_id", "trial_key", name="uq_tuning_trials_tuning_job_id_trial_key"
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tuning_job_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("tuning_jobs.id", ondelete="CASCADE")
    )
    trial_key: Mapped[str] = mapped_column(String(64))  # the search's own id, e.g. Ray's trial id
    params: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(32))  # pending|running|succeeded|stopped|failed
    run_id: Mapped[str | None] = mapped_column(String(36), index=True)  # a `train` job
    evaluation_id: Mapped[str | None] = mapped_column(String(36))
    # [{step, value}] of training's eval_loss, what ASHA compares trials on.
    intermediate: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    final_metric: Mapped[float | None] = mapped_column(Float)  # the objective's value
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
