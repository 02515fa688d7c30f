"""Shared pieces of the task generators: parameter specs, validation and trace assembly.

A generator turns ``(count, seed, params)`` into verifiable reasoning traces. Each item
draws from its own RNG seeded by ``(generator name, seed, index)``, so item ``k`` is the
same whatever ``count`` was asked for, and runs are reproducible across processes.
"""

from __future__ import annotations

import copy
import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from tunix_rt.core.params import ParamError

TRACE_VERSION = "1"
MAX_COUNT = 10_000
# Seeds are stored in signed 64-bit database columns.
MIN_SEED = -(2**63)
MAX_SEED = 2**63 - 1

ParamType = Literal["integer", "boolean", "array"]
ParamValue = int | bool | list[str]


class GeneratorParamError(ParamError):
    """A generator argument is invalid; ``field`` names it so the API can point at it."""


@dataclass(frozen=True)
class ParamSpec:
    """One accepted parameter: its JSON type, default, allowed values and meaning."""

    type: ParamType
    default: int | bool | tuple[str, ...]
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-schema-like description served by ``GET /api/generators``."""
        default = list(self.default) if isinstance(self.default, tuple) else self.default
        out: dict[str, Any] = {
            "type": self.type,
            "default": default,
            "description": self.description,
        }
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.choices:
            out["items"] = {"type": "string", "enum": list(self.choices)}
        return out

    def normalize(self, name: str, value: Any) -> ParamValue:
        """Check ``value`` against this spec; ``None`` means the default."""
        if value is None:
            value = list(self.default) if isinstance(self.default, tuple) else self.default
        if self.type == "integer":
            return check_int(name, value, self.minimum, self.maximum)
        if self.type == "boolean":
            if not isinstance(value, bool):
                raise GeneratorParamError(name, f"must be true or false, got {value!r}")
            return value
        return self._normalize_choices(name, value)

    def _normalize_choices(self, name: str, value: Any) -> list[str]:
        allowed = ", ".join(self.choices)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise GeneratorParamError(name, f"must be a list of strings from: {allowed}")
        if not value:
            raise GeneratorParamError(name, f"must not be empty; choose from: {allowed}")
        unknown = [v for v in value if v not in self.choices]
        if unknown:
            raise GeneratorParamError(name, f"unknown value {unknown[0]!r}; allowed: {allowed}")
        # Canonical order, so ["mul", "add"] and ["add", "mul"] generate the same traces.
        return [c for c in self.choices if c in value]


def check_int(name: str, value: Any, minimum: int | None, maximum: int | None) -> int:
    """Return ``value`` if it is an integer (not a bool) within the inclusive range."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise GeneratorParamError(name, f"must be an integer, got {value!r}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise GeneratorParamError(name, f"must be between {minimum} and {maximum}, got {value}")
    return value


@dataclass(frozen=True)
class Step:
    """One reasoning step; ``type`` is a short kind such as ``digit_add`` or ``decide``."""

    type: str
    content: str


@dataclass(frozen=True)
class TraceBody:
    """The generator-specific part of a trace; the base class adds the common fields."""

    prompt: str
    steps: list[Step]
    final_answer: str
    difficulty: int | str
    meta: dict[str, Any] = field(default_factory=dict)


class Generator(ABC):
    """A named, versioned, deterministic producer of verifiable reasoning traces."""

    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str]
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}

    def describe(self) -> dict[str, Any]:
        """Name, version, description and accepted params, as served by the API."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "params": {key: spec.to_dict() for key, spec in self.param_specs.items()},
        }

    def validate_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Return ``params`` with defaults filled in; raise ``GeneratorParamError`` if bad."""
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise GeneratorParamError("params", "must be an object")
        for key in params:
            if key not in self.param_specs:
                accepted = ", ".join(self.param_specs) or "none"
                raise GeneratorParamError(str(key), f"unknown parameter; accepted: {accepted}")
        normalized: dict[str, Any] = {
            key: spec.normalize(key, params.get(key)) for key, spec in self.param_specs.items()
        }
        self.check_params(normalized)
        return normalized

    def check_params(self, params: dict[str, Any]) -> None:
        """Hook for rules that span several params (e.g. min <= max); raise on failure."""
        return  # Most generators have no cross-field rules.

    def generate(
        self, count: int, seed: int, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Return traces ``0..count-1`` for ``seed``; identical inputs give identical output."""
        check_int("count", count, 1, MAX_COUNT)
        check_int("seed", seed, MIN_SEED, MAX_SEED)
        normalized = self.validate_params(params)
        return [self._trace(seed, index, normalized) for index in range(count)]

    def generate_one(
        self, seed: int, index: int, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return the single trace at ``index``; equal to ``generate(n, seed)[index]``."""
        check_int("seed", seed, MIN_SEED, MAX_SEED)
        check_int("index", index, 0, MAX_COUNT - 1)
        return self._trace(seed, index, self.validate_params(params))

    @abstractmethod
    def build(self, rng: random.Random, params: Mapping[str, Any]) -> TraceBody:
        """Build one item from its private RNG and validated params."""

    def _trace(self, seed: int, index: int, params: dict[str, Any]) -> dict[str, Any]:
        # A string seed is hashed with SHA-512 by random.Random: stable across processes,
        # unlike hash(), which is salted per interpreter.
        rng = random.Random(f"{self.name}:{seed}:{index}")
        body = self.build(rng, params)
        meta: dict[str, Any] = {
            "source": "generator",
            "generator": self.name,
            "generator_version": self.version,
            "seed": seed,
            "index": index,
            "difficulty": body.difficulty,
            "expected_answer": body.final_answer,
            "params": copy.deepcopy(params),
        }
        clashes = meta.keys() & body.meta.keys()
        if clashes:
            raise ValueError(f"{self.name} meta overrides reserved keys: {sorted(clashes)}")
        meta.update(body.meta)
        return {
            "trace_version": TRACE_VERSION,
            "prompt": body.prompt,
            "final_answer": body.final_answer,
            "steps": [
                {"i": i, "type": step.type, "content": step.content}
                for i, step in enumerate(body.steps)
            ],
            "meta": meta,
        }
