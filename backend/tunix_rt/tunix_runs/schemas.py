"""Shapes of the training-runs API (rest-compat.md plus the typed native config)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tunix_rt.core.chat_templates import TEMPLATE_NAMES
from tunix_rt.core.seeds import SEED_MAX
from tunix_rt.evaluations.schemas import EvaluationGeneration, JudgeRequest, default_judges


class LoraConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rank: int = Field(default=8, ge=1, le=1024)
    alpha: float = Field(default=16.0, gt=0)
    target_modules: str = Field(
        default=".*(q_proj|k_proj|v_proj|o_proj).*", description="regex over module paths"
    )


class MeshConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fsdp: int = Field(default=1, ge=1)
    tp: int = Field(default=1, ge=1)


class TrainConfig(BaseModel):
    """Everything a training run needs besides its data; see docs/training.md."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(default="tiny", description="tiny | small | path to a local HF checkpoint")
    template: str = "chatml"
    system: str | None = Field(default=None, max_length=4000, description="system prompt")
    learning_rate: float = Field(default=3e-3, gt=0, le=10)
    warmup_ratio: float = Field(default=0.05, ge=0, lt=1)
    schedule: Literal["cosine", "linear", "constant"] = "cosine"
    weight_decay: float = Field(default=0.0, ge=0)
    max_grad_norm: float | None = Field(default=1.0, gt=0)
    batch_size: int = Field(default=32, ge=1, le=4096)
    gradient_accumulation_steps: int = Field(default=1, ge=1, le=1024)
    max_seq_length: int = Field(default=128, ge=8, le=131_072)
    num_epochs: float = Field(default=1.0, gt=0)
    max_steps: int | None = Field(default=None, ge=1, description="wins over num_epochs")
    seed: int = Field(default=0, ge=0, le=SEED_MAX, description="NumPy and JAX seeds")
    eval_every_n_steps: int = Field(default=100, ge=1)
    checkpoint_every_n_steps: int = Field(default=100, ge=1)
    keep_checkpoints: int = Field(default=2, ge=1)
    lora: LoraConfig | None = None
    mesh: MeshConfig = Field(default_factory=MeshConfig)
    device: Literal["auto", "cpu", "gpu", "tpu"] = "auto"

    @model_validator(mode="after")
    def _length_and_template(self) -> "TrainConfig":
        if self.template not in TEMPLATE_NAMES:
            raise ValueError(f"template must be one of {', '.join(TEMPLATE_NAMES)}")
        if self.batch_size % self.mesh.fsdp:
            raise ValueError(
                f"batch_size {self.batch_size} must divide by mesh.fsdp {self.mesh.fsdp}"
            )
        return self


class AutoEvaluate(BaseModel):
    """The evaluation a run queues for itself on success (docs/evaluation.md)."""

    model_config = ConfigDict(extra="forbid")
    split: Literal["train", "eval", "all"] = "eval"
    limit: int | None = Field(default=None, ge=1)
    judges: list[JudgeRequest] = Field(default_factory=default_judges, min_length=1, max_length=8)
    generation: EvaluationGeneration = Field(default_factory=EvaluationGeneration)
    tags: list[str] = Field(default_factory=list, max_length=20)


class RunCreate(BaseModel):
    """POST /api/tunix/runs."""

    model_config = ConfigDict(extra="forbid")
    dataset_key: str = Field(min_length=1, max_length=200)
    config: TrainConfig = Field(default_factory=TrainConfig)
    dry_run: bool = False
    priority: int = Field(default=0, ge=-100, le=100)
    timeout_s: float | None = Field(default=None, gt=0, description="None: no limit")
    max_attempts: int = Field(default=3, ge=1, le=20)
    auto_evaluate: AutoEvaluate | None = Field(
        default=None, description="queue an evaluation of the model when training succeeds"
    )


class CompatRunCreate(BaseModel):
    """POST /api/tunix/run (the earlier service's flat body)."""

    dataset_key: str = Field(min_length=1, max_length=200)
    model_id: str = Field(default="tiny", min_length=1)
    output_dir: str | None = None
    learning_rate: float = Field(default=3e-3, gt=0)
    num_epochs: float = Field(default=1.0, gt=0)
    batch_size: int = Field(default=32, ge=1)
    max_seq_length: int = Field(default=128, ge=8)
    dry_run: bool = False

    def native(self) -> RunCreate:
        config = TrainConfig(
            model=self.model_id,
            learning_rate=self.learning_rate,
            num_epochs=self.num_epochs,
            batch_size=self.batch_size,
            max_seq_length=self.max_seq_length,
        )
        return RunCreate(dataset_key=self.dataset_key, config=config, dry_run=self.dry_run)


class Run(BaseModel):
    run_id: str
    status: str
    dataset_key: str
    dataset_hash: str
    model_id: str
    dry_run: bool
    config: dict[str, Any]
    progress: dict[str, Any] | None
    result: dict[str, Any] | None
    error: str | None
    attempt: int
    max_attempts: int
    priority: int
    timeout_s: float | None
    last_checkpoint: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class RunStatus(BaseModel):
    run_id: str
    status: str
    progress: dict[str, Any] | None
    error: str | None
    attempt: int


class MetricPoint(BaseModel):
    step: int
    value: float


class RunMetrics(BaseModel):
    run_id: str
    series: dict[str, list[MetricPoint]]
