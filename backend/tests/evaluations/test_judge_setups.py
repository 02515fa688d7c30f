"""Scores name their judge's setup, and two evaluations with different setups of the judge
they are compared by are refused: their scores are not on one scale."""

import pytest

from tests.evaluations.helpers import evaluate_and_finish, evaluated_run, right, wrong
from tests.tunix_runs.helpers import dataset
from tunix_rt.evaluations.judge_setup import judge_key, setup_differences, setup_in

LOOSE = [{"name": "answer_correctness", "params": {"rel_tol": 0.01}}, {"name": "trace_format"}]
STRICT = [{"name": "answer_correctness"}, {"name": "trace_format"}]


async def evaluate(client, sessions, app, run_id, judges, answer=right) -> str:
    return await evaluate_and_finish(client, sessions, app, run_id, "setups-v1", judges, answer)


@pytest.fixture
async def run_id(client, sessions, app):
    run = await evaluated_run(client, sessions, app)
    await dataset(client, n=10, name="setups", eval_fraction=0.5)
    return run


async def test_each_score_carries_the_key_of_the_setup_the_evaluation_stored(
    client, sessions, app, run_id
):
    ev = await evaluate(client, sessions, app, run_id, LOOSE)
    body = (await client.get(f"/api/evaluations/{ev}")).json()
    keys = {s["judge"]: s["judge_key"] for s in body["scores"]}
    stored = {j["name"]: j for j in body["judges"]}
    assert stored["answer_correctness"]["params"] == {"rel_tol": 0.01, "abs_tol": 1e-9}
    assert keys == {
        name: judge_key(stored[name]) for name in ("answer_correctness", "trace_format")
    }
    assert all(len(key) == 16 and int(key, 16) >= 0 for key in keys.values())


async def test_compare_refuses_two_setups_of_the_judge_naming_what_differs(
    client, sessions, app, run_id
):
    strict = await evaluate(client, sessions, app, run_id, STRICT)
    loose = await evaluate(client, sessions, app, run_id, LOOSE, answer=wrong)
    r = await client.post(
        "/api/evaluations/compare", json={"a": strict, "b": loose, "judge": "answer_correctness"}
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["detail"] == (
        "judge: answer_correctness was set up differently in a and b "
        "(params.rel_tol 1e-6 vs 0.01), so their scores are not on one scale; "
        "compare evaluations judged alike"
    )
    assert body["mismatches"] == ["judge_setup"]
    assert body["differences"] == ["params.rel_tol 1e-6 vs 0.01"]


async def test_compare_by_a_judge_set_up_alike_in_both_still_works(client, sessions, app, run_id):
    strict = await evaluate(client, sessions, app, run_id, STRICT)
    loose = await evaluate(client, sessions, app, run_id, LOOSE, answer=wrong)
    r = await client.post(
        "/api/evaluations/compare", json={"a": strict, "b": loose, "judge": "trace_format"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["judge_key"] == judge_key(
        setup_in((await client.get(f"/api/evaluations/{strict}")).json()["judges"], "trace_format")
    )
    assert body["paired_items"] == 5 and body["wins"] == body["losses"] == 0


def test_setup_differences_name_version_params_and_judge_model():
    def llm(version, scale, model):
        return {
            "name": "llm_judge",
            "version": version,
            "params": {"scale": scale, "rubric": "Grade {output} " + "carefully " * 20},
            "judge_model": model,
        }

    local = {"backend": "local", "ref": "registry://judge@3", "version_id": "v3"}
    http = {"backend": "http", "base_url": "http://judge/v1", "model": "judge-7b"}
    assert setup_differences(llm("1.0.0", 10, local), llm("1.1.0", 5, http)) == [
        "version 1.0.0 vs 1.1.0",
        "params.scale 10 vs 5",
        "judge model registry://judge@3 vs judge-7b at http://judge/v1",
    ]
    assert setup_differences(llm("1.0.0", 10, local), llm("1.0.0", 10, local)) == []
    other_rubric = llm("1.0.0", 10, local)
    other_rubric["params"]["rubric"] = "Score {output}"
    (difference,) = setup_differences(llm("1.0.0", 10, local), other_rubric)
    assert difference.startswith("params.rubric Grade {output} carefully") and "…" in difference


def test_a_setup_holds_name_version_params_and_judge_model_only():
    entry = {
        "name": "llm_judge",
        "version": "1.0.0",
        "params": {"scale": 10},
        "judge_model": {"backend": "http", "base_url": "http://judge/v1", "model": "m"},
        "api_key": "sk-never-stored",  # not a field of a setup, so never in its key
    }
    without = {k: v for k, v in entry.items() if k != "api_key"}
    assert judge_key(entry) == judge_key(without)
    assert judge_key(entry) != judge_key({**without, "params": {"scale": 5}})
    # Judges without a model hash as before judge_model existed.
    plain = {"name": "exact_match", "version": "1.0.0", "params": {}}
    assert judge_key(plain) == judge_key({**plain, "judge_model": None})
