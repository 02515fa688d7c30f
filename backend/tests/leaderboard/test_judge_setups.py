"""A board is one judge *setup*: answer_correctness with rel_tol 1e-6 and with rel_tol 0.01
rank separately, the newest setup by default, the other one by its judge_key."""

from tests.evaluation_factories import at, judge_entry, make_evaluation
from tunix_rt.evaluations.judge_setup import judge_key

BOARD = "/api/leaderboard"
AC = {"dataset_key": "arith-v1", "judge": "answer_correctness"}
STRICT = {"rel_tol": 1e-6, "abs_tol": 1e-9}
LOOSE = {"rel_tol": 0.01, "abs_tol": 1e-9}
STRICT_KEY = judge_key(judge_entry("answer_correctness", "1.0.0", STRICT))
LOOSE_KEY = judge_key(judge_entry("answer_correctness", "1.0.0", LOOSE))


async def two_setups(sessions) -> dict[str, str]:
    """Strict evaluations of a and b, then (newer) loose ones of a and c."""
    ids = {}
    for minute, (name, params, mean) in enumerate(
        [
            ("a-strict", STRICT, 0.6),
            ("b-strict", STRICT, 0.7),
            ("a-loose", LOOSE, 0.9),
            ("c-loose", LOOSE, 0.5),
        ]
    ):
        ids[name] = await make_evaluation(
            sessions,
            model_name=name.split("-")[0],
            judge_version="1.0.0",
            params=params,
            mean=mean,
            created_at=at(minute),
        )
    return ids


async def board(client, **params):
    r = await client.get(BOARD, params={**AC, **params})
    assert r.status_code == 200, r.text
    return r.json()


def rows(body):
    return [(row["model_name"], row["mean"]) for row in body["data"]]


async def test_the_default_board_ranks_only_the_newest_setup(client, sessions):
    await two_setups(sessions)
    body = await board(client)
    assert rows(body) == [("a", 0.9), ("c", 0.5)]
    assert body["pagination"]["total"] == 2
    assert body["judge_key"] == LOOSE_KEY
    assert body["setup"] == {
        "name": "answer_correctness",
        "version": "1.0.0",
        "params": LOOSE,
        "judge_model": None,
        "judge_key": LOOSE_KEY,
        "evaluations": 2,
        "last_evaluated_at": "2025-01-01T12:03:30Z",
    }


async def test_the_board_lists_every_setup_newest_first_so_one_can_switch(client, sessions):
    await two_setups(sessions)
    setups = (await board(client))["setups"]
    assert [(s["judge_key"], s["params"], s["evaluations"]) for s in setups] == [
        (LOOSE_KEY, LOOSE, 2),
        (STRICT_KEY, STRICT, 2),
    ]
    assert setups[1]["last_evaluated_at"] == "2025-01-01T12:01:30Z"


async def test_judge_key_switches_to_another_setups_board(client, sessions):
    ids = await two_setups(sessions)
    body = await board(client, judge_key=STRICT_KEY)
    assert rows(body) == [("b", 0.7), ("a", 0.6)]
    assert [r["evaluation_id"] for r in body["data"]] == [ids["b-strict"], ids["a-strict"]]
    assert body["judge_key"] == STRICT_KEY and body["setup"]["params"] == STRICT
    # The loose evaluations are on neither the strict board nor in its counts.
    assert body["pagination"]["total"] == 2
    latest = await board(client, judge_key=STRICT_KEY, pick="latest", model="a")
    assert [r["evaluation_id"] for r in latest["data"]] == [ids["a-strict"]]


async def test_a_filter_narrows_rows_but_not_the_setup_or_the_setups_listed(client, sessions):
    await two_setups(sessions)
    body = await board(client, model="b")
    assert body["data"] == [] and body["judge_key"] == LOOSE_KEY
    assert len(body["setups"]) == 2


async def test_another_version_of_the_judge_is_another_setup(client, sessions):
    await make_evaluation(
        sessions, model_name="old", judge_version="1.0.0", mean=0.9, created_at=at(0)
    )
    await make_evaluation(
        sessions, model_name="new", judge_version="2.0.0", mean=0.4, created_at=at(5)
    )
    body = await board(client)
    assert rows(body) == [("new", 0.4)]
    assert [s["version"] for s in body["setups"]] == ["2.0.0", "1.0.0"]


async def test_a_model_judges_pinned_model_is_part_of_its_setup(client, sessions):
    def pinned(version: int) -> dict[str, str]:
        return {
            "backend": "local",
            "ref": f"registry://judge@{version}",
            "version_id": f"v{version}",
        }

    params = {"scale": 10}
    for version, mean in [(1, 0.8), (2, 0.3)]:
        await make_evaluation(
            sessions,
            model_name=f"graded-by-{version}",
            judge="llm_judge",
            params={**params, "model": f"registry://judge@{version}"},
            judge_model=pinned(version),
            mean=mean,
            created_at=at(version),
        )
    body = await board(client, judge="llm_judge")
    assert rows(body) == [("graded-by-2", 0.3)]
    assert body["setup"]["judge_model"] == pinned(2)
    assert [s["judge_model"]["ref"] for s in body["setups"]] == [
        "registry://judge@2",
        "registry://judge@1",
    ]


async def test_an_unknown_judge_key_is_a_422_listing_the_setups(client, sessions):
    await two_setups(sessions)
    r = await client.get(BOARD, params={**AC, "judge_key": "0123456789abcdef"})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "judge_key: '0123456789abcdef' is not a setup of answer_correctness" in detail
    assert f"{LOOSE_KEY} (answer_correctness 1.0.0: abs_tol=1e-9, rel_tol=0.01)" in detail
    assert STRICT_KEY in detail


async def test_boards_lists_one_board_per_setup(client, sessions):
    ids = await two_setups(sessions)
    r = await client.get("/api/leaderboard/boards")
    assert r.status_code == 200, r.text
    boards = {b["judge_key"]: b for b in r.json()["data"]}
    assert set(boards) == {LOOSE_KEY, STRICT_KEY}
    assert r.json()["pagination"]["total"] == 2
    loose, strict = boards[LOOSE_KEY], boards[STRICT_KEY]
    assert (loose["default_setup"], strict["default_setup"]) == (True, False)
    assert strict["setup"] == {
        "name": "answer_correctness",
        "version": "1.0.0",
        "params": STRICT,
        "judge_model": None,
        "judge_key": STRICT_KEY,
    }
    assert (strict["models"], strict["evaluations"]) == (2, 2)
    assert strict["best"]["evaluation_id"] == ids["b-strict"]
    assert loose["best"]["evaluation_id"] == ids["a-loose"]
    # Newest activity first.
    assert [b["judge_key"] for b in r.json()["data"]] == [LOOSE_KEY, STRICT_KEY]


async def test_the_compat_list_ranks_the_default_setup_only(client, sessions):
    for minute, (run, params, mean) in enumerate(
        [("r1", STRICT, 0.9), ("r2", LOOSE, 0.4), ("r3", LOOSE, 0.6)]
    ):
        await make_evaluation(
            sessions,
            model_name=f"run:{run}",
            run_id=run,
            judge_version="1.0.0",
            params=params,
            mean=mean,
            created_at=at(minute),
        )
    r = await client.get("/api/tunix/evaluations")
    assert r.status_code == 200, r.text
    assert [(e["run_id"], e["rank"], e["score"]) for e in r.json()["data"]] == [
        ("r3", 1, 0.6),
        ("r2", 2, 0.4),
    ]
    assert r.json()["pagination"]["total"] == 2
