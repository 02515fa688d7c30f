"""Shapes of the batched-generation API."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunix_rt.core.seeds import SEED_MAX


class GenerationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_new_tokens: int = Field(default=64, ge=1, le=32_768)
    temperature: float = Field(default=0.0, ge=0, le=10, description="0 means greedy")
    top_p: float | None = Field(default=None, gt=0, le=1)
    top_k: int | None = Field(default=None, ge=1)
    seed: int = Field(default=0, ge=0, le=SEED_MAX)
    batch_size: int = Field(default=32, ge=1, le=4096)


class GenerationCreate(BaseModel):
    """Generate one output per item of a dataset split with a trained model."""

    model_config = ConfigDict(extra="forbid")
    run_id: str | None = Field(default=None, description="a succeeded training run")
    model_dir: str | None = Field(default=None, description="an absolute HF-layout directory")
    template: str | None = Field(default=None, description="default: the run's template")
    dataset_key: str = Field(min_length=1, max_length=200)
    split: Literal["train", "eval", "all"] = "eval"
    limit: int | None = Field(default=None, ge=1, description="only the first N items")
    config: GenerationConfig = Field(default_factory=GenerationConfig)
    priority: int = Field(default=0, ge=-100, le=100)

    @model_validator(mode="after")
    def _one_model(self) -> "GenerationCreate":
        if (self.run_id is None) == (self.model_dir is None):
            raise ValueError("give exactly one of run_id or model_dir")
        return self


class Generation(BaseModel):
    generation_id: str
    status: str
    spec: dict[str, Any]
    progress: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class Prediction(BaseModel):
    position: int
    trace_id: str
    prompt: str
    expected_answer: str
    output: str
    output_tokens: int
    finish_reason: str | None
