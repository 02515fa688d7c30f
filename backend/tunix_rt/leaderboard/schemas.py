"""Shapes of the leaderboard API (native and rest-compat)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from tunix_rt.evaluations.schemas import JudgeSetup
from tunix_rt.pagination import Pagination

Pick = Literal["best", "latest"]


class JudgeRef(BaseModel):
    name: str
    version: str


class CountedPagination(Pagination):
    total: int = Field(description="rows over all pages")


class LeaderboardRow(BaseModel):
    rank: int = Field(description="1-based position over all pages")
    model_name: str
    model_ref: str
    evaluation_id: str
    run_id: str | None
    model_version_id: str | None
    mean: float = Field(description="mean score over scored items, 0-1")
    ci_low: float | None = Field(description="95% bootstrap confidence interval")
    ci_high: float | None
    n: int = Field(description="items scored (unparseable ones excluded)")
    passed: int
    failed: int
    unparseable: int
    judge: JudgeRef
    tags: list[str]
    created_at: datetime


class BoardSetup(JudgeSetup):
    """One setup of the board's judge on its dataset split, and how much it was used."""

    evaluations: int = Field(description="finished, scored evaluations with this setup")
    last_evaluated_at: datetime | None


class Leaderboard(BaseModel):
    """One row per model on one dataset split, scored by one judge set up one way."""

    dataset_key: str
    split: str
    judge: str
    judge_key: str | None = Field(
        description="the setup ranked here; null when the judge scored nothing on this split"
    )
    setup: BoardSetup | None = Field(description="that setup: version, params, judge model")
    setups: list[BoardSetup] = Field(
        description="every setup of the judge on this dataset split, newest first (the "
        "first is the default); pass one's judge_key to see its board"
    )
    pick: Pick
    data: list[LeaderboardRow]
    pagination: CountedPagination


class Board(BaseModel):
    """A leaderboard that has scored evaluations: one dataset split, one judge setup."""

    dataset_key: str
    split: str
    judge: str
    judge_key: str
    setup: JudgeSetup
    default_setup: bool = Field(
        description="GET /api/leaderboard shows this setup when no judge_key is given"
    )
    models: int = Field(description="distinct models with a scored evaluation")
    evaluations: int = Field(description="scored, finished evaluations")
    last_evaluated_at: datetime | None
    best: LeaderboardRow | None = Field(description="the top row (pick=best)")


class Boards(BaseModel):
    """Every leaderboard there is, most recently evaluated first."""

    data: list[Board]
    pagination: CountedPagination


class JudgeMetrics(BaseModel):
    """One judge's aggregate, as GET /api/tunix/runs/{run_id}/evaluation shows it."""

    judge_version: str
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    passed: int
    failed: int
    unparseable: int


class CompatEvaluation(BaseModel):
    rank: int = Field(description="position among evaluations of the same dataset and split")
    evaluation_id: str
    run_id: str | None
    model_name: str
    dataset_key: str
    split: str
    score: float = Field(description="the answer_correctness mean, 0-1")
    verdict: Literal["pass", "fail"] = Field(description="pass iff score >= 0.5")
    metrics: dict[str, JudgeMetrics] = Field(description="every judge of the evaluation")
    judge: JudgeRef = Field(description="the judge behind score and rank: answer_correctness")
    evaluated_at: datetime | None


class CompatLeaderboard(BaseModel):
    """rest-compat.md's list shape (`data`), plus `evaluations` for scripts that read it."""

    data: list[CompatEvaluation]
    evaluations: list[CompatEvaluation] = Field(description="the same rows as `data`")
    pagination: CountedPagination
