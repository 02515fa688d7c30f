"""Run configuration: `TrainConfig` and `GenerateConfig`, loaded from YAML/JSON with clear errors.

Both are dataclasses validated by pydantic; a bad or unknown key raises `ConfigError`
naming the key (dotted for nested keys, e.g. `lora.rank`) and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import pydantic
import yaml
from pydantic import ConfigDict, Field, field_validator
from pydantic.dataclasses import dataclass

from tunix_rt.core.chat_templates import TEMPLATE_NAMES
from tunix_rt.core.registry_refs import is_registry_ref, registry_root, resolve_dir
from tunix_rt.core.seeds import SEED_MAX

PRESETS = ("tiny", "small")
SCHEDULES = ("cosine", "linear", "constant")
DEVICES = ("auto", "cpu", "gpu", "tpu")
# Every linear projection of the supported decoder families.
DEFAULT_LORA_TARGETS = r".*(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj).*"

_STRICT = ConfigDict(extra="forbid")


class ConfigError(ValueError):
    """A run configuration is invalid; the message names every bad key."""


def resolve_model_source(model: str) -> str:
    """`registry://name@N` or `registry://name#alias`: the version's directory in the registry
    under $TUNIX_RT_HOME (default ./var); any other value unchanged."""
    if not is_registry_ref(model):
        return model
    return str(resolve_dir(registry_root().resolve(), model))


@dataclass(frozen=True, config=_STRICT)
class LoraConfig:
    """Low-rank adapters on the modules whose path matches `target_modules` (a regex)."""

    rank: int = Field(default=8, gt=0)
    alpha: float = Field(default=16.0, gt=0)
    target_modules: str | None = DEFAULT_LORA_TARGETS


@dataclass(frozen=True, config=_STRICT)
class MeshConfig:
    """Device mesh shape: batch and weights over `fsdp`, weights over `tp`."""

    fsdp: int = Field(default=1, gt=0)
    tp: int = Field(default=1, gt=0)


@dataclass(frozen=True, config=_STRICT)
class TrainConfig:
    """Everything that determines a fine-tuning run (the data and run directory aside)."""

    # A preset name, a local Hugging Face checkpoint directory or a registry:// ref.
    model: str = "tiny"
    template: str = "chatml"
    system: str | None = None
    learning_rate: float = Field(default=1e-3, gt=0)
    warmup_ratio: float = Field(default=0.05, ge=0, lt=1)
    schedule: Literal["cosine", "linear", "constant"] = "cosine"
    weight_decay: float = Field(default=0.01, ge=0)
    max_grad_norm: float | None = Field(default=1.0, gt=0)
    batch_size: int = Field(default=16, gt=0)  # examples per micro-batch
    gradient_accumulation_steps: int = Field(default=1, gt=0)
    max_seq_length: int = Field(default=256, ge=8)
    num_epochs: float = Field(default=3.0, gt=0)
    max_steps: int | None = Field(default=None, gt=0)  # optimizer updates; wins over num_epochs
    seed: int = Field(default=0, ge=0, le=SEED_MAX)
    eval_every_n_steps: int = Field(default=50, gt=0)
    checkpoint_every_n_steps: int = Field(default=100, gt=0)
    keep_checkpoints: int = Field(default=2, gt=0)
    lora: LoraConfig | None = None
    mesh: MeshConfig = MeshConfig()
    device: Literal["auto", "cpu", "gpu", "tpu"] = "auto"

    @field_validator("model")
    @classmethod
    def _registry_model(cls, value: str) -> str:
        return resolve_model_source(value)

    def __post_init__(self) -> None:
        if self.template not in TEMPLATE_NAMES:
            raise ValueError(
                f"template: unknown chat template {self.template!r}; "
                f"allowed: {', '.join(TEMPLATE_NAMES)}"
            )
        if self.batch_size % self.mesh.fsdp:
            raise ValueError(
                f"batch_size: {self.batch_size} must be divisible by mesh.fsdp={self.mesh.fsdp}"
            )
        if not self.model:
            raise ValueError("model: must be a preset (tiny, small) or a checkpoint directory")

    @property
    def full_finetune(self) -> bool:
        return self.lora is None or self.lora.target_modules is None

    @property
    def effective_batch_size(self) -> int:
        return self.batch_size * self.gradient_accumulation_steps

    def total_steps(self, num_train_examples: int) -> int:
        """Optimizer updates in the run: `max_steps` if set, else `num_epochs` of the data."""
        if self.max_steps is not None:
            return self.max_steps
        examples = math.ceil(self.num_epochs * num_train_examples)
        return max(1, math.ceil(examples / self.effective_batch_size))

    def resolved(self) -> dict[str, Any]:
        """All fields with defaults filled in, as plain JSON values."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, config=_STRICT)
class GenerateConfig:
    """Batched sampling from an exported model directory."""

    model: str  # an exported model directory or a registry:// ref
    template: str | None = None  # None: the template recorded with the model, else chatml
    system: str | None = None
    max_new_tokens: int = Field(default=128, gt=0)
    temperature: float = Field(default=0.0, ge=0)  # 0: greedy
    top_p: float | None = Field(default=None, gt=0, le=1)
    top_k: int | None = Field(default=None, gt=0)
    seed: int = Field(default=0, ge=0, le=SEED_MAX)
    batch_size: int = Field(default=16, gt=0)
    device: Literal["auto", "cpu", "gpu", "tpu"] = "auto"

    @field_validator("model")
    @classmethod
    def _registry_model(cls, value: str) -> str:
        return resolve_model_source(value)

    def __post_init__(self) -> None:
        if self.template is not None and self.template not in (*TEMPLATE_NAMES, "none"):
            raise ValueError(
                f"template: unknown chat template {self.template!r}; "
                f"allowed: {', '.join((*TEMPLATE_NAMES, 'none'))}"
            )

    @property
    def sampling(self) -> bool:
        """True for stochastic sampling, False for greedy decoding."""
        return self.temperature > 0 or self.top_p is not None or self.top_k is not None

    def resolved(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


ConfigT = TypeVar("ConfigT", TrainConfig, GenerateConfig)


def _allowed_keys(cls: type[Any], loc: tuple[Any, ...]) -> list[str]:
    for part in loc:
        field = {f.name: f for f in dataclasses.fields(cls)}.get(str(part))
        if field is None:
            break
        nested = {"lora": LoraConfig, "mesh": MeshConfig}.get(field.name)
        if nested is None:
            break
        cls = nested
    return [f.name for f in dataclasses.fields(cls)]


def _describe(cls: type[Any], error: Mapping[str, Any]) -> str:
    loc = tuple(part for part in error["loc"] if part != "__post_init__")
    key = ".".join(str(part) for part in loc)
    if error["type"] == "unexpected_keyword_argument":
        allowed = _allowed_keys(cls, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return f"{key}: unknown key{suggestion}; allowed: {', '.join(allowed)}"
    if error["type"] == "missing":
        return f"{key}: required"
    message = str(error["msg"]).removeprefix("Value error, ")
    if not key:
        return message
    if message.startswith(f"{key}:"):
        return message
    return f"{key}: {message}, got {error.get('input')!r}"


def config_from_dict(cls: type[ConfigT], data: Mapping[str, Any] | None) -> ConfigT:
    """Validate `data` into `cls`; raise `ConfigError` listing every bad key."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"config must be a mapping of keys to values, got {type(data).__name__}")
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(f"config keys must be strings, got {key!r}")
    try:
        return cls(**data)
    except pydantic.ValidationError as exc:
        problems = [_describe(cls, error) for error in exc.errors()]
        raise ConfigError("invalid config: " + "; ".join(problems)) from None


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse a YAML or JSON file into a dict (validation is `config_from_dict`'s job)."""
    try:
        text = path.read_text()
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping, got {type(data).__name__}")
    return data


def load_train_config(path: Path) -> TrainConfig:
    return config_from_dict(TrainConfig, read_config_file(path))
