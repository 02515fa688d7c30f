"""Shapes of the datasets API."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from tunix_rt.traces.filters import META_KEY, TraceFilter

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Scalar = str | int | float | bool


class DatasetSelection(BaseModel):
    """Which traces a dataset takes and how it splits them; shared by build and preview."""

    filters: dict[str, Scalar] = Field(
        default_factory=dict, description="meta key -> value; all must match"
    )
    source: str | None = Field(default=None, max_length=128, description="meta.source equals this")
    tag: str | None = Field(default=None, max_length=128, description="meta.tags contains this")
    q: str | None = Field(default=None, max_length=200, description="Text in prompt or answer")
    created_after: datetime | None = Field(default=None, description="Stored at or after this")
    created_before: datetime | None = Field(default=None, description="Stored before this")
    limit: int = Field(default=100, ge=1, le=1_000_000, description="At most this many items")
    selection_strategy: Literal["latest", "random", "stratified"] = "latest"
    # validate_default: the checks below must run when the field is left out, and a missing
    # seed or stratify_by is then reported on that field (a form shows it beside the input).
    stratify_by: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_\-]{1,64}$",
        validate_default=True,
        description="meta key for stratified",
    )
    seed: int | None = Field(
        default=None,
        ge=-(2**63),
        le=2**63 - 1,
        validate_default=True,
        description="Required for random and stratified; also fixes the split",
    )
    eval_fraction: float = Field(default=0.0, ge=0.0, le=0.9, description="Share tagged eval")

    @field_validator("filters")
    @classmethod
    def _meta_keys(cls, filters: dict[str, Scalar]) -> dict[str, Scalar]:
        # Checked here so a bad key is a 422 on `filters`, not an error deep in the build.
        for key in filters:
            if not META_KEY.match(key):
                raise ValueError(f"meta key {key!r} must match {META_KEY.pattern}")
        return filters

    @field_validator("stratify_by")
    @classmethod
    def _stratified_needs_key(cls, stratify_by: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("selection_strategy") == "stratified" and not stratify_by:
            raise ValueError("selection_strategy 'stratified' requires stratify_by (a meta key)")
        return stratify_by

    @field_validator("seed")
    @classmethod
    def _strategy_needs_seed(cls, seed: int | None, info: ValidationInfo) -> int | None:
        strategy = info.data.get("selection_strategy")
        if strategy in {"random", "stratified"} and seed is None:
            raise ValueError(f"selection_strategy {strategy!r} requires a seed")
        return seed

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


class DatasetBuildRequest(DatasetSelection):
    dataset_name: str = Field(min_length=1, max_length=128, pattern=NAME_PATTERN)
    dataset_version: str = Field(min_length=1, max_length=64, pattern=NAME_PATTERN)
    description: str | None = Field(default=None, max_length=2000)

    @property
    def dataset_key(self) -> str:
        return f"{self.dataset_name}-{self.dataset_version}"


class SplitCounts(BaseModel):
    train: int = Field(description="Items tagged train")
    eval: int = Field(description="Items tagged eval")


class DatasetPreview(BaseModel):
    """What a build with this selection would take, counted without writing anything."""

    matching_count: int = Field(description="Stored traces matching every filter")
    selected_count: int = Field(description="Items a build would take: min(limit, matching)")
    splits: SplitCounts = Field(description="How the selected items would be split")


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


class ValueCount(BaseModel):
    value: int = Field(description="A step count or a length in characters")
    count: int = Field(description="Items with exactly this value")


class SplitValueCounts(BaseModel):
    train: list[ValueCount] = Field(description="Value counts of the train items, by value")
    eval: list[ValueCount] = Field(description="Value counts of the eval items, by value")


class DatasetValueCounts(BaseModel):
    """Exact per-split value counts of a dataset's items, for histograms."""

    dataset_key: str
    step_count: SplitValueCounts = Field(description="Steps per item")
    prompt_chars: SplitValueCounts = Field(description="Prompt length in characters")
    answer_chars: SplitValueCounts = Field(description="Final-answer length in characters")
