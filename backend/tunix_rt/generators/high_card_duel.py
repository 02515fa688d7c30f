"""``high_card_duel``: decide whether to play or fold a single card.

Rules (our own implementation; formerly provided by the UNGAR package):

- A standard 52-card deck: ranks 2-10, J, Q, K, A (values 2..14, ace high) in the suits
  ♣ ♦ ♥ ♠. Two players are each dealt one card without replacement.
- The player sees only their own card and chooses ``play`` or ``fold``.
- At showdown the higher rank wins. Equal ranks tie and the pot is split; suits never
  break ties.

Decision rule (what makes the answer checkable): of the 51 unseen cards, count those of
lower, equal and higher rank. P(win) = lower/51, P(tie) = equal/51, P(lose) = higher/51.
Answer ``play`` if P(win) >= P(lose), else ``fold``. For rank value r this is
lower = 4(r-2), equal = 3, higher = 4(14-r), so ranks 8 and above play.

Difficulty is the distance |r - 8| from the decision boundary: ``hard`` for 7, 8, 9;
``medium`` for 5, 6, 10, J; ``easy`` for 2, 3, 4, Q, K, A.

``meta.result`` is the showdown outcome from the player's side ("win", "loss", "tie")
as if both cards were revealed, whatever the decision.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tunix_rt.generators.base import Generator, ParamSpec, Step, TraceBody

GAME = "high_card_duel"
RANK_LABELS = {r: str(r) for r in range(2, 11)} | {11: "J", 12: "Q", 13: "K", 14: "A"}
# Machine form uses "T" for ten so every card code is two characters, e.g. "TH".
RANK_CODES = RANK_LABELS | {10: "T"}
SUIT_SYMBOLS = {"C": "♣", "D": "♦", "H": "♥", "S": "♠"}
UNSEEN = 51


@dataclass(frozen=True)
class Card:
    """A playing card: rank value 2..14 (ace high) and suit code C, D, H or S."""

    rank: int
    suit: str

    @property
    def label(self) -> str:
        """Human form, e.g. ``Q♠`` or ``10♥``."""
        return RANK_LABELS[self.rank] + SUIT_SYMBOLS[self.suit]

    @property
    def code(self) -> str:
        """Machine form, e.g. ``QS`` or ``TH``."""
        return RANK_CODES[self.rank] + self.suit


DECK: tuple[Card, ...] = tuple(Card(rank, suit) for suit in SUIT_SYMBOLS for rank in range(2, 15))


@dataclass(frozen=True)
class Odds:
    """How many of the 51 unseen cards rank lower, equal and higher than the player's."""

    lower: int
    equal: int
    higher: int


def odds_for_rank(rank: int) -> Odds:
    """Counts of lower/equal/higher unseen cards for a card of rank value ``rank``."""
    if rank not in RANK_LABELS:
        raise ValueError(f"rank must be between 2 and 14, got {rank}")
    return Odds(lower=4 * (rank - 2), equal=3, higher=4 * (14 - rank))


def decide(rank: int) -> str:
    """``play`` if P(win) >= P(lose) for this rank, else ``fold``."""
    odds = odds_for_rank(rank)
    return "play" if odds.lower >= odds.higher else "fold"


def difficulty_for_rank(rank: int) -> str:
    """``hard`` near the decision boundary (7-9), ``easy`` far from it (2-4, Q-A)."""
    odds = odds_for_rank(rank)
    # lower - higher = 8 * (rank - 8), so this is |rank - 8|.
    distance = abs(odds.lower - odds.higher) // 8
    if distance <= 1:
        return "hard"
    return "medium" if distance <= 3 else "easy"


def showdown(mine: Card, theirs: Card) -> str:
    """Outcome for the holder of ``mine``: ``win``, ``loss`` or ``tie`` (suits ignored)."""
    if mine.rank > theirs.rank:
        return "win"
    return "loss" if mine.rank < theirs.rank else "tie"


def episode_preview(trace: Mapping[str, Any]) -> dict[str, str]:
    """The compat preview ``{game, result, my_card}`` of a high_card_duel trace."""
    meta = trace.get("meta") or {}
    if meta.get("game") != GAME:
        raise ValueError(f"not a {GAME} trace (meta.game={meta.get('game')!r})")
    return {"game": GAME, "result": meta["result"], "my_card": meta["my_card_code"]}


def _fraction(n: int) -> str:
    return f"{n}/{UNSEEN} ≈ {n / UNSEEN:.3f}"


def reasoning_steps(card: Card) -> list[Step]:
    """Steps from the observed card to the decision, using only what the player sees."""
    odds = odds_for_rank(card.rank)
    rank = RANK_LABELS[card.rank]
    decision = decide(card.rank)
    relation = "at least" if decision == "play" else "less than"
    return [
        Step(
            "observe",
            f"My card is {card.label}; rank {rank} has value {card.rank} "
            "(2 is lowest, A = 14 is highest).",
        ),
        Step(
            "count",
            f"Of the {UNSEEN} unseen cards, {odds.lower} rank lower "
            f"(4 suits × {card.rank - 2} ranks), {odds.equal} share rank {rank}, and "
            f"{odds.higher} rank higher (4 suits × {14 - card.rank} ranks).",
        ),
        Step(
            "probability",
            f"P(win) = {_fraction(odds.lower)}, P(tie) = {_fraction(odds.equal)}, "
            f"P(lose) = {_fraction(odds.higher)}.",
        ),
        Step(
            "compare",
            f"P(win) = {odds.lower}/{UNSEEN} is {relation} P(lose) = {odds.higher}/{UNSEEN}.",
        ),
        Step("decide", f"Play when P(win) >= P(lose), otherwise fold, so: {decision}."),
    ]


class HighCardDuelGenerator(Generator):
    """Deals one card to each of two players; the trace decides play or fold."""

    name: ClassVar[str] = GAME
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "High Card Duel: from your single card, count the unseen cards that beat, tie and "
        "lose to it, and decide play (if P(win) >= P(lose)) or fold."
    )
    param_specs: ClassVar[Mapping[str, ParamSpec]] = {}

    def build(self, rng: random.Random, params: Mapping[str, Any]) -> TraceBody:
        """Deal two cards without replacement and reason from the player's card."""
        mine, theirs = rng.sample(DECK, 2)
        decision = decide(mine.rank)
        prompt = (
            "High Card Duel: you and one opponent are each dealt one card from a standard "
            "52-card deck (ranks 2-10, J, Q, K, A; ace high). The higher rank wins; equal "
            "ranks tie and suits never break ties. You see only your own card. "
            f"Your card is {mine.label}. Do you play or fold? Play if P(win) >= P(lose). "
            "Answer 'play' or 'fold'."
        )
        return TraceBody(
            prompt=prompt,
            steps=reasoning_steps(mine),
            final_answer=decision,
            difficulty=difficulty_for_rank(mine.rank),
            meta={
                "game": GAME,
                "my_card": mine.label,
                "my_card_code": mine.code,
                "my_rank": mine.rank,
                "opponent_card": theirs.label,
                "opponent_card_code": theirs.code,
                "result": showdown(mine, theirs),
            },
        )
