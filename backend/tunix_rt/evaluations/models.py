"""Evaluation tables: one row per evaluation, its per-judge aggregates, items and scores."""

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tunix_rt.db import Base, JSONType, UTCDateTime, utcnow


class EvaluationRow(Base):
    """An evaluation is an `evaluate` job; this row holds what identifies and ranks it."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_board", "dataset_key", "split", "model_name"),)

    id: Mapped[str] = mapped_column(
        String(36), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    # sha256 over (model, dataset content hash, split, judges with versions, generation).
    identity: Mapped[str] = mapped_column(String(64), index=True)
    model_ref: Mapped[str] = mapped_column(String(300))  # run:<id> or registry://name@N
    model_name: Mapped[str] = mapped_column(String(300))  # one leaderboard row per name
    run_id: Mapped[str | None] = mapped_column(String(36), index=True)
    model_version_id: Mapped[str | None] = mapped_column(String(36), index=True)
    dataset_key: Mapped[str] = mapped_column(String(200))
    dataset_hash: Mapped[str] = mapped_column(String(64))
    split: Mapped[str] = mapped_column(String(16))
    judges: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    generation: Mapped[dict[str, Any]] = mapped_column(JSONType)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    item_count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the scores are stored: only finished evaluations rank or gate.
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EvaluationScoreRow(Base):
    """One judge's aggregate over an evaluation's items."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (
        Index("ix_evaluation_scores_judge_mean", "judge", "mean"),
        Index("ix_evaluation_scores_judge_setup", "judge", "judge_key"),
    )

    evaluation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    judge: Mapped[str] = mapped_column(String(64), primary_key=True)
    judge_version: Mapped[str] = mapped_column(String(32))
    # The judge's setup (version, params, judge model: judge_setup.py); scores of different
    # setups are never ranked, compared or checked against each other.
    judge_key: Mapped[str] = mapped_column(String(16))
    mean: Mapped[float | None] = mapped_column(Float)  # None when no item was scorable
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int] = mapped_column(Integer)  # scored items (unparseable ones excluded)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    unparseable: Mapped[int] = mapped_column(Integer)


class EvaluationItemRow(Base):
    """The model's output for one dataset item."""

    __tablename__ = "evaluation_items"

    evaluation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    trace_id: Mapped[str] = mapped_column(String(36))
    prompt: Mapped[str] = mapped_column(Text)
    expected_answer: Mapped[str | None] = mapped_column(Text)
    output: Mapped[str] = mapped_column(Text)
    output_tokens: Mapped[int] = mapped_column(Integer)
    finish_reason: Mapped[str | None] = mapped_column(String(32))
    latency_s: Mapped[float] = mapped_column(Float)  # wall time of the item's batch


class EvaluationItemScoreRow(Base):
    """One judge's verdict on one item."""

    __tablename__ = "evaluation_item_scores"
    __table_args__ = (
        ForeignKeyConstraint(
            ["evaluation_id", "position"],
            ["evaluation_items.evaluation_id", "evaluation_items.position"],
            ondelete="CASCADE",
        ),
        Index("ix_evaluation_item_scores_outcome", "evaluation_id", "judge", "outcome"),
    )

    evaluation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    judge: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))  # pass | fail | unparseable
    score: Mapped[float | None] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType)
