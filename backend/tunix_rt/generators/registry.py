"""The registry of available generators, looked up by name."""

from __future__ import annotations

from tunix_rt.generators.arithmetic import ArithmeticGenerator
from tunix_rt.generators.base import Generator
from tunix_rt.generators.high_card_duel import HighCardDuelGenerator
from tunix_rt.generators.word_tasks import ReverseWordGenerator


class UnknownGeneratorError(LookupError):
    """No generator has this name; ``available`` lists the names that exist."""

    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(f"unknown generator {name!r}; available: {', '.join(available)}")
        self.name = name
        self.available = available


GENERATORS: dict[str, Generator] = {
    generator.name: generator
    for generator in (ArithmeticGenerator(), HighCardDuelGenerator(), ReverseWordGenerator())
}


def get_generator(name: str) -> Generator:
    """The generator called ``name``; raises ``UnknownGeneratorError`` if there is none."""
    try:
        return GENERATORS[name]
    except KeyError:
        raise UnknownGeneratorError(name, sorted(GENERATORS)) from None


def list_generators() -> list[Generator]:
    """All generators, sorted by name."""
    return [GENERATORS[name] for name in sorted(GENERATORS)]
