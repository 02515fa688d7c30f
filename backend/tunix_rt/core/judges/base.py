"""What every judge shares: the item it scores, the verdict it returns, its parameters.

A `Judge` scores an item by itself. A `ModelJudge` needs a language model: it writes the
rubric prompt for an item, someone else gets the model's reply, and `parse` turns that
reply into a verdict. Either way a verdict is "pass", "fail" or "unparseable" (the judge
could not decide: no expected answer, no score in the model's reply); unparseable verdicts
have no score and must never be counted as zeros.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from tunix_rt.core.params import ParamError

Outcome = Literal["pass", "fail", "unparseable"]
ParamType = Literal["number", "integer", "string", "boolean"]


class JudgeError(ParamError):
    """A bad judge name or parameter; `field` names it, e.g. ``params.rel_tol``."""


@dataclass(frozen=True)
class Verdict:
    """One judge's decision on one item; `details` is JSON-serialisable and human-readable."""

    outcome: Outcome
    score: float | None  # in [0, 1]; None iff outcome == "unparseable"
    details: dict[str, Any]

    def __post_init__(self) -> None:
        if (self.score is None) != (self.outcome == "unparseable"):
            raise ValueError(f"a {self.outcome!r} verdict cannot have score {self.score!r}")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be within [0, 1], got {self.score!r}")

    @classmethod
    def unparseable(cls, reason: str, **details: Any) -> Verdict:
        return cls("unparseable", None, {**details, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "score": self.score, "details": self.details}


def decide(passed: bool, score: float, details: dict[str, Any]) -> Verdict:
    """A pass/fail verdict with `score`."""
    return Verdict("pass" if passed else "fail", score, details)


@dataclass(frozen=True)
class JudgeItem:
    """What a judge looks at: the question, the reference answer and the model's output."""

    prompt: str
    expected_answer: str | None
    output: str
    meta: Mapping[str, Any] = field(default_factory=dict)  # the source trace's meta


@dataclass(frozen=True)
class ParamSpec:
    """One accepted parameter: type, default, meaning and optional range or choices."""

    type: ParamType
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-schema-like description served by ``GET /api/judges``."""
        out: dict[str, Any] = {
            "type": self.type,
            "default": self.default,
            "description": self.description,
        }
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.choices:
            out["enum"] = list(self.choices)
        return out

    def check(self, key: str, value: Any) -> Any:
        """`value` if it fits this spec (ints are accepted for numbers); JudgeError if not."""
        name = f"params.{key}"
        if self.type == "boolean":
            if not isinstance(value, bool):
                raise JudgeError(name, f"must be true or false, got {value!r}")
            return value
        if self.type == "string":
            if not isinstance(value, str):
                raise JudgeError(name, f"must be a string, got {value!r}")
            if self.choices and value not in self.choices:
                allowed = ", ".join(self.choices)
                raise JudgeError(name, f"must be one of {allowed}, got {value!r}")
            return value
        if self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise JudgeError(name, f"must be an integer, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise JudgeError(name, f"must be a number, got {value!r}")
        elif not math.isfinite(value):
            raise JudgeError(name, f"must be a finite number, got {value!r}")
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            low = "-inf" if self.minimum is None else f"{self.minimum:g}"
            high = "inf" if self.maximum is None else f"{self.maximum:g}"
            raise JudgeError(name, f"must be between {low} and {high}, got {value!r}")
        return float(value) if self.type == "number" else value


class _JudgeBase:
    name: ClassVar[str]
    version: ClassVar[str]  # semver; bump when verdicts on the same input can change
    description: ClassVar[str]
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}
    requires_model: ClassVar[bool]

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        self.params: dict[str, Any] = self.resolve_params(params)

    @classmethod
    def resolve_params(cls, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """`params` checked, with defaults filled in; JudgeError names the bad one."""
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise JudgeError("params", "must be an object")
        for key in params:
            if key not in cls.param_specs:
                accepted = ", ".join(cls.param_specs) or "none"
                raise JudgeError(
                    f"params.{key}", f"unknown parameter of {cls.name}; accepted: {accepted}"
                )
        resolved = {
            key: spec.check(key, params[key]) if key in params else spec.default
            for key, spec in cls.param_specs.items()
        }
        cls.check_params(resolved)
        return resolved

    @classmethod
    def check_params(cls, params: dict[str, Any]) -> None:
        """Hook for rules a single ParamSpec cannot state; raise JudgeError on failure."""
        return  # most judges have none

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Name, version, description, whether it needs a model, and accepted params."""
        return {
            "name": cls.name,
            "version": cls.version,
            "description": cls.description,
            "requires_model": cls.requires_model,
            "params": {key: spec.to_dict() for key, spec in cls.param_specs.items()},
        }

    def identity(self) -> dict[str, Any]:
        """What to store next to verdicts so they can be traced to this exact judge."""
        return {"name": self.name, "version": self.version, "params": dict(self.params)}


class Judge(_JudgeBase, ABC):
    """A judge that decides from the item alone."""

    requires_model: ClassVar[bool] = False

    @abstractmethod
    def score(self, item: JudgeItem) -> Verdict:
        """The verdict on one item."""


class ModelJudge(_JudgeBase, ABC):
    """A judge that asks a language model: `prompt` for the request, `parse` for the reply."""

    requires_model: ClassVar[bool] = True

    @abstractmethod
    def prompt(self, item: JudgeItem) -> str:
        """The rubric prompt sent to the judge model for `item`."""

    @abstractmethod
    def parse(self, reply: str) -> Verdict:
        """The verdict stated by the judge model's `reply`."""
