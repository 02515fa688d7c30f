"""The reasoning-trace schema: a prompt, ordered reasoning steps and a final answer."""

import hashlib
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tunix_rt.jsonutil import canonical_bytes

MAX_TEXT = 50_000
MAX_STEP_CONTENT = 20_000
MAX_STEPS = 1_000
MAX_TAGS = 64

ShortStr = Annotated[str, Field(min_length=1, max_length=64)]


class TraceStep(BaseModel):
    """One reasoning step; `i` orders the steps and must be unique within a trace."""

    model_config = ConfigDict(extra="ignore")

    i: int = Field(ge=0)
    type: ShortStr
    content: str = Field(min_length=1, max_length=MAX_STEP_CONTENT)


class Trace(BaseModel):
    """A reasoning trace as users send it. `meta.source` and `meta.tags` are indexed."""

    model_config = ConfigDict(extra="ignore")

    trace_version: ShortStr
    prompt: str = Field(min_length=1, max_length=MAX_TEXT)
    final_answer: str = Field(min_length=1, max_length=MAX_TEXT)
    steps: list[TraceStep] = Field(min_length=1, max_length=MAX_STEPS)
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _unique_step_indices(self) -> "Trace":
        seen: set[int] = set()
        for step in self.steps:
            if step.i in seen:
                raise ValueError(
                    f"step index i={step.i} appears more than once; indices must be unique"
                )
            seen.add(step.i)
        return self

    @field_validator("meta")
    @classmethod
    def _indexed_meta_fields(cls, meta: dict[str, Any]) -> dict[str, Any]:
        source = meta.get("source")
        if source is not None and not (isinstance(source, str) and 0 < len(source) <= 128):
            raise ValueError("meta.source must be a string of 1-128 characters")
        tags = meta.get("tags")
        if tags is not None:
            if not isinstance(tags, list) or len(tags) > MAX_TAGS:
                raise ValueError(f"meta.tags must be a list of at most {MAX_TAGS} strings")
            for tag in tags:
                if not (isinstance(tag, str) and 0 < len(tag) <= 128):
                    raise ValueError("each meta.tags entry must be a string of 1-128 characters")
        return meta

    @property
    def source(self) -> str | None:
        return self.meta.get("source")

    @property
    def tags(self) -> list[str]:
        return sorted(set(self.meta.get("tags") or []))

    def payload(self) -> dict[str, Any]:
        """The trace as stored and returned by GET: the fields the schema knows."""
        return self.model_dump(mode="json")

    def content_hash(self) -> str:
        return content_hash(self.prompt, [s.model_dump() for s in self.steps], self.final_answer)


def content_hash(prompt: str, steps: list[dict[str, Any]], final_answer: str) -> str:
    """sha256 over prompt, steps (ordered by i) and final answer; meta does not count."""
    ordered = sorted(
        ({"i": s["i"], "type": s["type"], "content": s["content"]} for s in steps),
        key=lambda s: s["i"],
    )
    body = {"prompt": prompt, "steps": ordered, "final_answer": final_answer}
    return hashlib.sha256(canonical_bytes(body)).hexdigest()
