"""Deterministic, pure-Python generators of verifiable reasoning traces."""

from tunix_rt.generators.base import Generator, GeneratorParamError, ParamSpec, Step, TraceBody
from tunix_rt.generators.high_card_duel import episode_preview
from tunix_rt.generators.registry import (
    GENERATORS,
    UnknownGeneratorError,
    get_generator,
    list_generators,
)

__all__ = [
    "GENERATORS",
    "Generator",
    "GeneratorParamError",
    "ParamSpec",
    "Step",
    "TraceBody",
    "UnknownGeneratorError",
    "episode_preview",
    "get_generator",
    "list_generators",
]
