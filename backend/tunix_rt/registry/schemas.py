"""Shapes of the model-registry API (native paths and the rest-compat ones)."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from tunix_rt.core.registry_refs import ALIAS_NAME, ALIAS_NAME_RULE, MODEL_NAME

TAG = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


def _tags(value: list[str]) -> list[str]:
    """Tags without duplicates, in the order given."""
    return list(dict.fromkeys(value))


def _gate_aliases(value: dict[str, str]) -> dict[str, str]:
    for alias in value:
        if not ALIAS_NAME.match(alias):
            raise ValueError(f"alias {alias!r} must be {ALIAS_NAME_RULE}, at most 64 long")
    return value


AliasGates = Annotated[
    dict[str, Annotated[str, Field(min_length=1, max_length=200)]],
    AfterValidator(_gate_aliases),
    Field(
        max_length=20,
        description="alias -> regression baseline: every move of that alias must pass it "
        "(or be forced, which is recorded)",
    ),
]


class ModelCreate(BaseModel):
    """POST /api/models: a named model that versions are promoted into."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(
        pattern=MODEL_NAME.pattern,
        description="lowercase letters, digits, '.', '_' or '-'; used in registry:// refs",
    )
    description: str = Field(default="", max_length=10_000)
    tags: list[str] = Field(default_factory=list, max_length=50)
    alias_gates: AliasGates = Field(default_factory=dict)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str]) -> list[str]:
        return _tags(value)

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == "versions":  # GET /api/models/versions/{id} is a compat path
            raise ValueError("'versions' is reserved; choose another model name")
        return value


class ModelUpdate(BaseModel):
    """PATCH /api/models/{name}: only the fields given change."""

    model_config = ConfigDict(extra="forbid")
    description: str | None = Field(default=None, max_length=10_000)
    tags: list[str] | None = Field(default=None, max_length=50)
    alias_gates: AliasGates | None = Field(
        default=None, description="replaces every gate; {} removes them all"
    )

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _tags(value)


class RegisteredModel(BaseModel):
    id: str
    name: str
    description: str
    tags: list[str]
    latest_version: int | None = Field(description="the newest version still in the registry")
    version_count: int
    aliases: dict[str, int] = Field(description="alias -> version number")
    alias_gates: dict[str, str] = Field(description="alias -> baseline its moves must pass")
    created_at: datetime
    updated_at: datetime


class VersionPromote(BaseModel):
    """POST /api/models/{name}/versions: promote a succeeded run's exported model."""

    model_config = ConfigDict(extra="forbid")
    run_id: str = Field(min_length=1, max_length=36, description="a succeeded training run")
    label: str | None = Field(default=None, max_length=200, description="free text, e.g. 'lr3e-3'")


class CompatVersionPromote(BaseModel):
    """POST /api/models/{id}/versions/promote (the earlier service's body)."""

    source_run_id: str = Field(min_length=1, max_length=36)
    version_label: str | None = Field(default=None, max_length=200)


class ModelFile(BaseModel):
    path: str
    size: int
    sha256: str


class EvaluationSummary(BaseModel):
    evaluation_id: str
    model_ref: str
    dataset_key: str
    split: str
    means: dict[str, float | None] = Field(description="judge -> mean score")
    finished_at: datetime | None


class ModelVersion(BaseModel):
    id: str
    model_id: str
    model_name: str
    version: int
    label: str | None
    ref: str = Field(description="registry://name@version, loadable by training and evaluation")
    path: str = Field(description="the version's HF-layout directory on the server")
    content_hash: str
    size_bytes: int
    files: list[ModelFile]
    aliases: list[str]
    source_run_id: str | None
    lineage: dict[str, Any] = Field(
        description="source run, dataset, resolved config, code version and evaluations"
    )
    created_at: datetime


class AliasMove(BaseModel):
    """PUT /api/models/{name}/aliases/{alias}: point the alias at a version."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1)
    require_baseline: str | None = Field(
        default=None,
        max_length=200,
        description="refuse the move (409) unless the version passes this regression baseline; "
        "an alias gated on the model is checked against its gate anyway",
    )
    force: bool = Field(default=False, description="move even if the check fails; recorded")
    reason: str | None = Field(default=None, max_length=2000)


class ModelAlias(BaseModel):
    alias: str
    version: int
    version_id: str
    updated_at: datetime


class AliasEvent(BaseModel):
    id: int
    alias: str
    from_version: int | None
    to_version: int | None
    forced: bool
    check: dict[str, Any] | None = Field(description="the regression check that gated the move")
    reason: str | None
    created_at: datetime


class AliasMoveResult(ModelAlias):
    event: AliasEvent


ALIAS_PATTERN = ALIAS_NAME.pattern
