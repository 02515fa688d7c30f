"""Trace tables: one row per unique trace, its tags, and stored scores."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tunix_rt.db import Base, BigIntPK, JSONType, UTCDateTime, utcnow


class TraceRow(Base):
    __tablename__ = "traces"

    # seq orders traces (newest first) and backs keyset pagination; id is the public key.
    seq: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    trace_version: Mapped[str] = mapped_column(String(64))
    prompt: Mapped[str] = mapped_column(Text)
    final_answer: Mapped[str] = mapped_column(Text)
    # Plain JSON: steps are never queried inside, and JSONB costs Postgres a parse per row.
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType)
    source: Mapped[str | None] = mapped_column(String(128), index=True)
    step_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)


class TraceTagRow(Base):
    __tablename__ = "trace_tags"

    tag: Mapped[str] = mapped_column(String(128), primary_key=True)
    trace_seq: Mapped[int] = mapped_column(
        BigIntPK, ForeignKey("traces.seq", ondelete="CASCADE"), primary_key=True
    )


class TraceScoreRow(Base):
    __tablename__ = "trace_scores"
    __table_args__ = (Index("ix_trace_scores_trace_criteria", "trace_seq", "criteria"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    trace_seq: Mapped[int] = mapped_column(BigIntPK, ForeignKey("traces.seq", ondelete="CASCADE"))
    criteria: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
