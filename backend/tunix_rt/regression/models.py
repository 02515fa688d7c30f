"""Regression baselines (a named evaluation + metric + tolerance) and the checks made."""

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tunix_rt.db import Base, JSONType, UTCDateTime, utcnow


class BaselineRow(Base):
    __tablename__ = "regression_baselines"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # The evaluation fixes the dataset, split and (with `judge`) what is compared.
    evaluation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("evaluations.id", ondelete="RESTRICT"), index=True
    )
    judge: Mapped[str] = mapped_column(String(64))
    metric: Mapped[str] = mapped_column(String(32))  # mean | pass_rate
    direction: Mapped[str] = mapped_column(String(8))  # higher | lower is better
    tolerance: Mapped[float] = mapped_column(Float)
    tolerance_kind: Mapped[str] = mapped_column(String(16))  # absolute | relative
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RegressionCheckRow(Base):
    """Every check made, so a promotion's gate can be audited later."""

    __tablename__ = "regression_checks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    baseline_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("regression_baselines.id", ondelete="CASCADE"), index=True
    )
    evaluation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[str] = mapped_column(String(8))  # pass | fail
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
