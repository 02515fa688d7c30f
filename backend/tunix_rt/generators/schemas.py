"""Shapes of the generators API and the High Card Duel compatibility paths."""

from typing import Any

from pydantic import BaseModel, Field


class GenerateRequest(BaseModel):
    count: int = Field(ge=1, le=10_000)
    seed: int | None = Field(
        default=None, ge=-(2**63), le=2**63 - 1, description="Omit for a random seed (reported)"
    )
    params: dict[str, Any] = Field(default_factory=dict)
    persist: bool = True


class GeneratedTrace(BaseModel):
    id: str | None = Field(description="Stored trace id; null when persist=false")
    duplicate: bool = Field(description="An identical trace was already stored")
    trace: dict[str, Any]


class GenerateResponse(BaseModel):
    generator: str
    version: str
    seed: int
    params: dict[str, Any]
    created_count: int
    duplicate_count: int
    traces: list[GeneratedTrace]


class DuelGenerateRequest(BaseModel):
    count: int = Field(ge=1, le=100)
    seed: int | None = Field(default=None, ge=-(2**63), le=2**63 - 1)
    persist: bool = True


class DuelPreview(BaseModel):
    trace_id: str | None
    game: str
    result: str
    my_card: str


class DuelGenerateResponse(BaseModel):
    trace_ids: list[str]
    preview: list[DuelPreview]
    seed: int


class UngarStatus(BaseModel):
    available: bool
    version: str | None
