"""Request and response shapes of the traces API (rest-compat.md plus native extras)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

PROMPT_PREVIEW_CHARS = 160


class TraceCreated(BaseModel):
    id: str
    created_at: datetime
    trace_version: str
    duplicate: bool = Field(description="True when an identical trace already existed")
    content_hash: str


class BatchCreated(BaseModel):
    created_count: int = Field(description="Traces newly written")
    duplicate_count: int = Field(description="Traces that already existed (same content hash)")
    traces: list[TraceCreated]


class TraceSummary(BaseModel):
    id: str
    created_at: datetime
    trace_version: str
    source: str | None
    step_count: int
    prompt_preview: str = Field(
        description=f"The prompt's first {PROMPT_PREVIEW_CHARS} characters, for lists"
    )


class TraceCount(BaseModel):
    count: int = Field(description="Traces matching the filters")


class TraceDetail(BaseModel):
    id: str
    created_at: datetime
    trace_version: str
    payload: dict[str, Any]
    content_hash: str
    source: str | None
    tags: list[str]


class ScoreRequest(BaseModel):
    criteria: Literal["baseline"] = "baseline"


class ScoreResult(BaseModel):
    trace_id: str
    criteria: str
    score: float = Field(ge=0, le=100)
    details: dict[str, Any]
    created_at: datetime


class ScoreHistory(BaseModel):
    data: list[ScoreResult] = Field(description="Stored scores of the trace, newest first")


class CompareSide(BaseModel):
    id: str
    created_at: datetime
    score: float
    trace_version: str
    payload: dict[str, Any]


class CompareResult(BaseModel):
    base: CompareSide
    other: CompareSide


class LineError(BaseModel):
    line: int
    field: str | None = None
    message: str


class ImportReport(BaseModel):
    mode: Literal["all_or_nothing", "skip"]
    lines_read: int
    imported: int = Field(description="Traces newly written")
    duplicates: int = Field(description="Valid traces that already existed")
    failed: int = Field(description="Lines rejected")
    errors: list[LineError]
    errors_truncated: bool = Field(description="True when more bad lines exist than are listed")
