"""Shapes of the datasets API."""

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator

from tunix_rt.traces.filters import META_KEY, TraceFilter

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Scalar = str | int | float | bool


class DatasetBuildRequest(BaseModel):
    dataset_name: str = Field(min_length=1, max_length=128, pattern=NAME_PATTERN)
    dataset_version: str = Field(min_length=1, max_length=64, pattern=NAME_PATTERN)
    filters: dict[str, Scalar] = Field(
        default_factory=dict, description="meta key -> value; all must match"
    )
    source: str | None = Field(default=None, max_length=128)
    tag: str | None = Field(default=None, max_length=128)
    q: str | None = Field(default=None, max_length=200)
    created_after: datetime | None = None
    created_before: datetime | None = None
    limit: int = Field(default=100, ge=1, le=1_000_000)
    selection_strategy: Literal["latest", "random", "stratified"] = "latest"
    stratify_by: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9_\-]{1,64}$", description="meta key for stratified"
    )
    seed: int | None = Field(default=None, ge=-(2**63), le=2**63 - 1)
    eval_fraction: float = Field(default=0.0, ge=0.0, le=0.9)
    description: str | None = Field(default=None, max_length=2000)

    @field_validator("filters")
    @classmethod
    def _meta_keys(cls, filters: dict[str, Scalar]) -> dict[str, Scalar]:
        # Checked here so a bad key is a 422 on `filters`, not an error deep in the build.
        for key in filters:
            if not META_KEY.match(key):
                raise ValueError(f"meta key {key!r} must match {META_KEY.pattern}")
        return filters

    @model_validator(mode="after")
    def _strategy_needs(self) -> Self:
        if self.selection_strategy in {"random", "stratified"} and self.seed is None:
            raise ValueError(f"selection_strategy {self.selection_strategy!r} requires a seed")
        if self.selection_strategy == "stratified" and not self.stratify_by:
            raise ValueError("selection_strategy 'stratified' requires stratify_by (a meta key)")
        return self

    @property
    def dataset_key(self) -> str:
        return f"{self.dataset_name}-{self.dataset_version}"

    def trace_filter(self) -> TraceFilter:
        return TraceFilter.model_validate(
            {
                "source": self.source,
                "tag": self.tag,
                "meta": self.filters,
                "q": self.q,
                "created_after": self.created_after,
                "created_before": self.created_before,
            }
        )


class DatasetSummary(BaseModel):
    dataset_key: str
    name: str
    version: str
    build_id: str
    created_at: datetime
    trace_count: int
    selection_strategy: str
    content_hash: str
    splits: dict[str, int]


class DatasetDetail(DatasetSummary):
    seed: int | None
    build_spec: dict[str, Any]
    stats: dict[str, Any]


ExportFormat = Literal["trace", "tunix_sft", "training_example"]
ExportSplit = Literal["train", "eval", "all"]
