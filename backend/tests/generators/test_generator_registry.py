"""Looking generators up by name."""

import pytest

from tunix_rt.generators import (
    GENERATORS,
    UnknownGeneratorError,
    get_generator,
    list_generators,
)


def test_registry_holds_the_three_generators_by_name() -> None:
    assert sorted(GENERATORS) == ["arithmetic", "high_card_duel", "reverse_word"]
    for name, generator in GENERATORS.items():
        assert generator.name == name


def test_get_generator_returns_the_named_generator() -> None:
    assert get_generator("high_card_duel").name == "high_card_duel"


def test_unknown_generator_error_lists_available_names() -> None:
    with pytest.raises(UnknownGeneratorError) as error:
        get_generator("sudoku")
    assert error.value.name == "sudoku"
    assert error.value.available == ["arithmetic", "high_card_duel", "reverse_word"]
    assert "sudoku" in str(error.value)


def test_list_generators_is_sorted_by_name() -> None:
    assert [g.name for g in list_generators()] == sorted(GENERATORS)
