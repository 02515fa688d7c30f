"""The reverse_word generator: pseudo-words reversed letter by letter."""

import pytest

from tunix_rt.generators import GeneratorParamError, get_generator

reverse_word = get_generator("reverse_word")


def test_answer_is_the_word_reversed() -> None:
    for trace in reverse_word.generate(100, seed=4):
        word = trace["meta"]["word"]
        assert trace["final_answer"] == word[::-1]
        assert f"'{word}'" in trace["prompt"]


def test_length_stays_within_bounds_and_sets_difficulty() -> None:
    params = {"min_length": 3, "max_length": 7}
    lengths = set()
    for trace in reverse_word.generate(200, seed=6, params=params):
        meta = trace["meta"]
        assert len(meta["word"]) == meta["length"] == meta["difficulty"]
        lengths.add(meta["length"])
    assert lengths == set(range(3, 8))


def test_one_step_per_letter_between_spelling_and_result() -> None:
    trace = reverse_word.generate(1, seed=0, params={"min_length": 5, "max_length": 5})[0]
    word = trace["meta"]["word"]
    assert [s["type"] for s in trace["steps"]] == ["spell"] + ["take_letter"] * 5 + ["result"]
    assert (
        trace["steps"][1]["content"]
        == f"Letter 5 of 5 is '{word[4]}'; reversed so far: '{word[4]}'."
    )
    assert trace["steps"][-1]["content"] == f"'{word}' reversed is '{word[::-1]}'."


def test_words_are_lowercase_letters() -> None:
    for trace in reverse_word.generate(100, seed=8, params={"max_length": 40}):
        assert trace["meta"]["word"].isalpha() and trace["meta"]["word"].islower()


def test_min_length_above_max_length_is_rejected() -> None:
    with pytest.raises(GeneratorParamError) as error:
        reverse_word.validate_params({"min_length": 9, "max_length": 4})
    assert error.value.field == "min_length"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_length": 0}, "min_length"),
        ({"max_length": 41}, "max_length"),
        ({"max_length": 5.5}, "max_length"),
    ],
)
def test_out_of_range_lengths_name_the_field(params: dict[str, object], field: str) -> None:
    with pytest.raises(GeneratorParamError) as error:
        reverse_word.validate_params(params)
    assert error.value.field == field
