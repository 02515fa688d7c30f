"""Dataset tables: an immutable dataset row and its ordered, split-tagged items."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tunix_rt.db import Base, BigIntPK, JSONType, UTCDateTime, utcnow


class DatasetRow(Base):
    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    dataset_key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[str] = mapped_column(String(64))
    build_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    selection_strategy: Mapped[str] = mapped_column(String(32))
    seed: Mapped[int | None] = mapped_column(Integer)
    # The full build request (filters, limit, eval_fraction, ...) so a build can be explained.
    build_spec: Mapped[dict[str, Any]] = mapped_column(JSONType)
    trace_count: Mapped[int] = mapped_column(Integer)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONType)
    content_hash: Mapped[str] = mapped_column(String(64))


class DatasetItemRow(Base):
    __tablename__ = "dataset_items"

    dataset_id: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    # RESTRICT: a trace that belongs to a dataset cannot be deleted, or the dataset would change.
    trace_seq: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("traces.seq", ondelete="RESTRICT"), index=True
    )
    split: Mapped[str] = mapped_column(String(8))
