"""Contract every generator keeps: trace shape, determinism and parameter validation."""

import subprocess
import sys
from typing import Any

import pytest

from tunix_rt.generators import GeneratorParamError, get_generator, list_generators
from tunix_rt.generators.base import MAX_COUNT

NAMES = [generator.name for generator in list_generators()]
# The heaviest settings each generator accepts, to bound step length.
MAX_PARAMS: dict[str, dict[str, Any]] = {
    "arithmetic": {"digits": 12},
    "high_card_duel": {},
    "reverse_word": {"min_length": 40, "max_length": 40},
}


@pytest.mark.parametrize("name", NAMES)
def test_traces_have_the_rest_api_shape(name: str) -> None:
    generator = get_generator(name)
    for params in ({}, MAX_PARAMS[name]):
        for trace in generator.generate(50, seed=7, params=params):
            assert trace["trace_version"] == "1"
            assert isinstance(trace["prompt"], str) and trace["prompt"].strip()
            assert isinstance(trace["final_answer"], str) and trace["final_answer"].strip()
            assert [step["i"] for step in trace["steps"]] == list(range(len(trace["steps"])))
            for step in trace["steps"]:
                assert set(step) == {"i", "type", "content"}
                assert step["type"] and 0 < len(step["content"]) <= 20_000


@pytest.mark.parametrize("name", NAMES)
def test_meta_records_provenance_and_expected_answer(name: str) -> None:
    generator = get_generator(name)
    traces = generator.generate(5, seed=11)
    for index, trace in enumerate(traces):
        meta = trace["meta"]
        assert meta["source"] == "generator"
        assert meta["generator"] == name
        assert meta["generator_version"] == generator.version
        assert (meta["seed"], meta["index"]) == (11, index)
        assert isinstance(meta["difficulty"], int | str)
        assert meta["expected_answer"] == trace["final_answer"]


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_gives_identical_traces(name: str) -> None:
    generator = get_generator(name)
    assert generator.generate(30, seed=123) == generator.generate(30, seed=123)


@pytest.mark.parametrize("name", NAMES)
def test_different_seeds_give_different_traces(name: str) -> None:
    generator = get_generator(name)
    first = [t["prompt"] for t in generator.generate(30, seed=1)]
    second = [t["prompt"] for t in generator.generate(30, seed=2)]
    assert first != second


@pytest.mark.parametrize("name", NAMES)
def test_trace_at_an_index_does_not_depend_on_count(name: str) -> None:
    generator = get_generator(name)
    short = generator.generate(3, seed=99)
    long = generator.generate(40, seed=99)
    assert long[:3] == short
    assert generator.generate_one(seed=99, index=25) == long[25]


def test_output_is_stable_across_interpreter_processes() -> None:
    # Guards against seeding from hash(), which is salted per process.
    code = (
        "from tunix_rt.generators import GENERATORS;"
        "print([g.generate(3, 5) for _, g in sorted(GENERATORS.items())])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(salt), "PYTHONPATH": ":".join(sys.path)},
        ).stdout
        for salt in (1, 2)
    }
    assert len(outputs) == 1


def test_generators_import_no_web_or_database_framework() -> None:
    code = (
        "import sys, tunix_rt.generators;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'fastapi','sqlalchemy'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", NAMES)
def test_unknown_param_is_rejected_by_name(name: str) -> None:
    with pytest.raises(GeneratorParamError) as error:
        get_generator(name).generate(1, seed=0, params={"colour": "blue"})
    assert error.value.field == "colour"
    assert "unknown parameter" in error.value.message


@pytest.mark.parametrize("count", [0, -1, MAX_COUNT + 1, True, 2.0])
def test_bad_count_is_rejected(count: Any) -> None:
    with pytest.raises(GeneratorParamError) as error:
        get_generator("arithmetic").generate(count, seed=0)
    assert error.value.field == "count"


@pytest.mark.parametrize("seed", [2**63, -(2**63) - 1, "7", None])
def test_bad_seed_is_rejected(seed: Any) -> None:
    with pytest.raises(GeneratorParamError) as error:
        get_generator("arithmetic").generate(1, seed=seed)
    assert error.value.field == "seed"


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(GeneratorParamError) as error:
        get_generator("arithmetic").validate_params(["digits"])  # type: ignore[arg-type]
    assert error.value.field == "params"


@pytest.mark.parametrize("name", NAMES)
def test_describe_lists_every_param_with_type_default_and_description(name: str) -> None:
    generator = get_generator(name)
    description = generator.describe()
    assert description["name"] == name
    assert description["version"] == generator.version
    assert description["description"]
    defaults = generator.validate_params({})
    assert set(description["params"]) == set(defaults)
    for key, spec in description["params"].items():
        assert spec["type"] in {"integer", "boolean", "array"}
        assert spec["default"] == defaults[key]
        assert spec["description"]


def test_meta_params_are_independent_copies_per_trace() -> None:
    first, second = get_generator("arithmetic").generate(2, seed=0)
    first["meta"]["params"]["operations"].append("div")
    assert second["meta"]["params"]["operations"] == ["add", "sub", "mul"]
