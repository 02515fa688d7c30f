"""High Card Duel: the play/fold rule, the dealt cards and the showdown result."""

import pytest

from tunix_rt.generators import GeneratorParamError, episode_preview, get_generator
from tunix_rt.generators.high_card_duel import (
    DECK,
    Card,
    decide,
    difficulty_for_rank,
    odds_for_rank,
    showdown,
)

duel = get_generator("high_card_duel")

# Worked by hand: rank r has 4(r-2) lower and 4(14-r) higher unseen cards, 3 equal.
HAND_TABLE = {
    2: (0, 48, "fold", "easy"),
    3: (4, 44, "fold", "easy"),
    4: (8, 40, "fold", "easy"),
    5: (12, 36, "fold", "medium"),
    6: (16, 32, "fold", "medium"),
    7: (20, 28, "fold", "hard"),
    8: (24, 24, "play", "hard"),
    9: (28, 20, "play", "hard"),
    10: (32, 16, "play", "medium"),
    11: (36, 12, "play", "medium"),
    12: (40, 8, "play", "easy"),
    13: (44, 4, "play", "easy"),
    14: (48, 0, "play", "easy"),
}
CODE_RANKS = {"2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "T": 10}
CODE_RANKS |= {"J": 11, "Q": 12, "K": 13, "A": 14}


@pytest.mark.parametrize("rank", sorted(HAND_TABLE))
def test_decision_for_every_rank_matches_the_hand_table(rank: int) -> None:
    lower, higher, decision, difficulty = HAND_TABLE[rank]
    odds = odds_for_rank(rank)
    assert (odds.lower, odds.equal, odds.higher) == (lower, 3, higher)
    assert odds.lower + odds.equal + odds.higher == 51
    assert decide(rank) == decision
    assert difficulty_for_rank(rank) == difficulty


def test_generated_answers_follow_the_hand_table() -> None:
    seen_ranks = set()
    for trace in duel.generate(400, seed=2024):
        rank = CODE_RANKS[trace["meta"]["my_card_code"][0]]
        seen_ranks.add(rank)
        _, _, decision, difficulty = HAND_TABLE[rank]
        assert trace["final_answer"] == trace["meta"]["expected_answer"] == decision
        assert trace["meta"]["difficulty"] == difficulty
        assert trace["meta"]["my_rank"] == rank
    assert seen_ranks == set(HAND_TABLE)


def test_result_matches_the_dealt_cards() -> None:
    results = set()
    for trace in duel.generate(400, seed=17):
        meta = trace["meta"]
        mine = CODE_RANKS[meta["my_card_code"][0]]
        theirs = CODE_RANKS[meta["opponent_card_code"][0]]
        expected = "win" if mine > theirs else "loss" if mine < theirs else "tie"
        assert meta["result"] == expected
        results.add(meta["result"])
    assert results == {"win", "loss", "tie"}


def test_cards_are_dealt_without_replacement() -> None:
    for trace in duel.generate(400, seed=5):
        assert trace["meta"]["my_card_code"] != trace["meta"]["opponent_card_code"]


def test_equal_ranks_tie_whatever_the_suits() -> None:
    assert showdown(Card(12, "S"), Card(12, "C")) == "tie"
    assert showdown(Card(12, "C"), Card(12, "S")) == "tie"
    assert showdown(Card(14, "C"), Card(2, "S")) == "win"
    assert showdown(Card(2, "S"), Card(3, "C")) == "loss"


def test_deck_has_52_distinct_cards() -> None:
    assert len(DECK) == len({card.code for card in DECK}) == 52
    assert {card.label for card in DECK} >= {"10♥", "A♠", "2♣", "Q♦"}


def test_card_has_human_and_machine_forms() -> None:
    assert (Card(12, "S").label, Card(12, "S").code) == ("Q♠", "QS")
    assert (Card(10, "H").label, Card(10, "H").code) == ("10♥", "TH")


def test_prompt_and_steps_show_only_the_players_card() -> None:
    for trace in duel.generate(50, seed=9):
        meta = trace["meta"]
        assert meta["game"] == "high_card_duel"
        assert meta["my_card"] in trace["prompt"]
        texts = [trace["prompt"]] + [s["content"] for s in trace["steps"]]
        assert not any(meta["opponent_card"] in text for text in texts)
        assert [s["type"] for s in trace["steps"]] == [
            "observe",
            "count",
            "probability",
            "compare",
            "decide",
        ]
        assert trace["steps"][-1]["content"].endswith(f"{trace['final_answer']}.")


def test_count_step_states_lower_equal_higher() -> None:
    trace = next(t for t in duel.generate(100, seed=1) if t["meta"]["my_rank"] == 12)
    assert "40 rank lower" in trace["steps"][1]["content"]
    assert "3 share rank Q" in trace["steps"][1]["content"]
    assert "8 rank higher" in trace["steps"][1]["content"]


def test_episode_preview_gives_game_result_and_card_code() -> None:
    trace = duel.generate(1, seed=42)[0]
    assert episode_preview(trace) == {
        "game": "high_card_duel",
        "result": trace["meta"]["result"],
        "my_card": trace["meta"]["my_card_code"],
    }


def test_episode_preview_rejects_other_traces() -> None:
    trace = get_generator("arithmetic").generate(1, seed=42)[0]
    with pytest.raises(ValueError, match="not a high_card_duel trace"):
        episode_preview(trace)


def test_takes_no_params() -> None:
    assert duel.validate_params({}) == {}
    with pytest.raises(GeneratorParamError) as error:
        duel.validate_params({"include_opponent_in_prompt": True})
    assert error.value.field == "include_opponent_in_prompt"
    assert "accepted: none" in error.value.message
