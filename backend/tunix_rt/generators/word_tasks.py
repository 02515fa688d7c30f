"""``reverse_word``: reverse a pseudo-word letter by letter.

Pseudo-words are built from a fixed list of syllables (no word lists are downloaded), then
cut to the drawn length, so every length in the allowed range is possible.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar

from tunix_rt.generators.base import Generator, GeneratorParamError, ParamSpec, Step, TraceBody

SYLLABLES = (
    "ka", "lo", "mi", "ren", "tor", "ba", "shi", "qua", "zel", "pu",
    "dan", "vi", "sor", "ne", "gal", "tem", "ri", "fo", "ju", "mar",
    "esk", "ol", "wyn", "thi", "bro", "ax", "cel", "dru", "im", "yo",
)  # fmt: skip
MIN_LENGTH = 1
MAX_LENGTH = 40


def pseudo_word(rng: random.Random, length: int) -> str:
    """A lowercase pseudo-word of exactly ``length`` letters built from ``SYLLABLES``."""
    word = ""
    while len(word) < length:
        word += rng.choice(SYLLABLES)
    return word[:length]


def reversal_steps(word: str) -> list[Step]:
    """Spell the word, then take its letters from last to first, one step per letter."""
    n = len(word)
    steps = [Step("spell", f"The word '{word}' has {n} letters: {'-'.join(word)}.")]
    reversed_so_far = ""
    for position in range(n, 0, -1):
        letter = word[position - 1]
        reversed_so_far += letter
        steps.append(
            Step(
                "take_letter",
                f"Letter {position} of {n} is '{letter}'; reversed so far: '{reversed_so_far}'.",
            )
        )
    steps.append(Step("result", f"'{word}' reversed is '{reversed_so_far}'."))
    return steps


class ReverseWordGenerator(Generator):
    """Reverse a generated pseudo-word; difficulty is the word's length."""

    name: ClassVar[str] = "reverse_word"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Reverse a generated pseudo-word letter by letter; the answer is the reversed word."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {
        "min_length": ParamSpec(
            type="integer",
            default=4,
            minimum=MIN_LENGTH,
            maximum=MAX_LENGTH,
            description="Shortest word length in letters (inclusive).",
        ),
        "max_length": ParamSpec(
            type="integer",
            default=10,
            minimum=MIN_LENGTH,
            maximum=MAX_LENGTH,
            description="Longest word length in letters (inclusive); must be >= min_length.",
        ),
    }

    def check_params(self, params: dict[str, Any]) -> None:
        """Require ``min_length <= max_length``."""
        if params["min_length"] > params["max_length"]:
            raise GeneratorParamError(
                "min_length",
                f"must be <= max_length ({params['max_length']}), got {params['min_length']}",
            )

    def build(self, rng: random.Random, params: Mapping[str, Any]) -> TraceBody:
        """Draw a length, build a pseudo-word of that length and reverse it."""
        length = rng.randint(params["min_length"], params["max_length"])
        word = pseudo_word(rng, length)
        answer = word[::-1]
        return TraceBody(
            prompt=f"Reverse the word '{word}' letter by letter.",
            steps=reversal_steps(word),
            final_answer=answer,
            difficulty=length,
            meta={"task": "reverse_word", "word": word, "length": length},
        )
