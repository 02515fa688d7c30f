import pytest

from tests.evaluation_factories import add_judge_score, at, make_evaluation

BOARD = "/api/leaderboard"
AC = {"dataset_key": "arith-v1", "judge": "answer_correctness"}


async def board(client, **params):
    r = await client.get(BOARD, params={**AC, **params})
    assert r.status_code == 200, r.text
    return r.json()


def names(body):
    return [row["model_name"] for row in body["data"]]


async def test_each_judge_has_its_own_board_and_scores_are_never_mixed(client, sessions):
    a = await make_evaluation(sessions, model_name="a", mean=0.9, created_at=at(0))
    b = await make_evaluation(sessions, model_name="b", mean=0.3, created_at=at(1))
    await add_judge_score(sessions, a, judge="exact_match", mean=0.2)
    await add_judge_score(sessions, b, judge="exact_match", mean=0.8)

    by_correctness = await board(client)
    by_exact = await board(client, judge="exact_match")

    assert names(by_correctness) == ["a", "b"]
    assert [r["mean"] for r in by_correctness["data"]] == [0.9, 0.3]
    assert names(by_exact) == ["b", "a"]
    assert [r["mean"] for r in by_exact["data"]] == [0.8, 0.2]
    assert {r["judge"]["name"] for r in by_exact["data"]} == {"exact_match"}
    assert by_exact["judge"] == "exact_match" and by_exact["dataset_key"] == "arith-v1"


async def test_a_model_scored_only_by_another_judge_is_not_on_the_board(client, sessions):
    await make_evaluation(sessions, model_name="a", mean=0.9)
    await make_evaluation(sessions, model_name="b", judge="exact_match", mean=0.7)
    assert names(await board(client)) == ["a"]
    assert names(await board(client, judge="exact_match")) == ["b"]
    assert (await board(client, judge="llm_judge"))["data"] == []


async def test_datasets_and_splits_are_separate_boards(client, sessions):
    await make_evaluation(sessions, model_name="on-v1-eval", mean=0.5)
    await make_evaluation(sessions, model_name="on-v2-eval", dataset_key="arith-v2", mean=0.9)
    await make_evaluation(sessions, model_name="on-v1-train", split="train", mean=0.99)

    assert names(await board(client)) == ["on-v1-eval"]
    assert names(await board(client, split="train")) == ["on-v1-train"]
    assert names(await board(client, dataset_key="arith-v2")) == ["on-v2-eval"]
    assert names(await board(client, dataset_key="arith-v3")) == []


async def test_best_pick_takes_each_models_highest_mean(client, sessions):
    await make_evaluation(sessions, model_name="a", mean=0.6, created_at=at(0))
    best_a = await make_evaluation(sessions, model_name="a", mean=0.9, created_at=at(1))
    await make_evaluation(sessions, model_name="a", mean=0.7, created_at=at(2))
    await make_evaluation(sessions, model_name="b", mean=0.8, created_at=at(0))

    body = await board(client)

    assert [(r["model_name"], r["mean"], r["rank"]) for r in body["data"]] == [
        ("a", 0.9, 1),
        ("b", 0.8, 2),
    ]
    assert body["data"][0]["evaluation_id"] == best_a
    assert body["pick"] == "best" and body["pagination"]["total"] == 2


async def test_latest_pick_takes_each_models_newest_evaluation(client, sessions):
    await make_evaluation(sessions, model_name="a", mean=0.6, created_at=at(0))
    await make_evaluation(sessions, model_name="a", mean=0.9, created_at=at(1))
    latest_a = await make_evaluation(sessions, model_name="a", mean=0.7, created_at=at(2))
    await make_evaluation(sessions, model_name="b", mean=0.8, created_at=at(0))

    body = await board(client, pick="latest")

    assert [(r["model_name"], r["mean"]) for r in body["data"]] == [("b", 0.8), ("a", 0.7)]
    assert body["data"][1]["evaluation_id"] == latest_a


async def test_equal_means_rank_the_earlier_evaluation_first(client, sessions):
    await make_evaluation(sessions, model_name="late", mean=0.5, created_at=at(5))
    await make_evaluation(sessions, model_name="early", mean=0.5, created_at=at(1))
    await make_evaluation(sessions, model_name="top", mean=0.75, created_at=at(9))
    assert names(await board(client)) == ["top", "early", "late"]


async def test_unfinished_and_unscorable_evaluations_do_not_rank(client, sessions):
    await make_evaluation(sessions, model_name="running", finished=False)
    await make_evaluation(sessions, model_name="unscorable", scores=[None, None])
    await make_evaluation(sessions, model_name="done", mean=0.1)
    assert names(await board(client)) == ["done"]


async def test_a_row_carries_the_evaluations_score_identity_and_counts(client, sessions):
    evaluation_id = await make_evaluation(
        sessions,
        model_name="registry-model@2",
        mean=0.6,
        ci=(0.5, 0.7),
        n=20,
        passed=12,
        failed=8,
        unparseable=3,
        run_id="run-1",
        model_version_id="version-1",
        model_ref="registry://registry-model@2",
        judge_version="2",
        tags=["nightly"],
        created_at=at(3),
    )
    (row,) = (await board(client))["data"]
    assert row == {
        "rank": 1,
        "model_name": "registry-model@2",
        "model_ref": "registry://registry-model@2",
        "evaluation_id": evaluation_id,
        "run_id": "run-1",
        "model_version_id": "version-1",
        "mean": 0.6,
        "ci_low": 0.5,
        "ci_high": 0.7,
        "n": 20,
        "passed": 12,
        "failed": 8,
        "unparseable": 3,
        "judge": {"name": "answer_correctness", "version": "2"},
        "tags": ["nightly"],
        "created_at": "2025-01-01T12:03:00Z",
    }


async def test_scores_from_items_give_mean_counts_and_interval(client, sessions):
    await make_evaluation(sessions, model_name="a", scores=[1.0, 1.0, 0.0, None, 1.0])
    (row,) = (await board(client))["data"]
    assert row["mean"] == pytest.approx(0.75)
    assert (row["n"], row["passed"], row["failed"], row["unparseable"]) == (4, 3, 1, 1)


async def test_model_filter_matches_a_substring_case_insensitively_or_exactly(client, sessions):
    await make_evaluation(sessions, model_name="qwen-small@1", mean=0.4)
    await make_evaluation(sessions, model_name="Qwen-small@12", mean=0.5)
    await make_evaluation(sessions, model_name="gemma@1", mean=0.9)

    assert names(await board(client, model="QWEN")) == ["Qwen-small@12", "qwen-small@1"]
    assert names(await board(client, model="small@1")) == ["Qwen-small@12", "qwen-small@1"]
    assert names(await board(client, model="qwen-small@1", model_match="exact")) == ["qwen-small@1"]
    assert names(await board(client, model="%")) == []  # LIKE wildcards are escaped


async def test_date_range_filters_on_the_evaluations_creation_time(client, sessions):
    for minute, name in [(0, "m0"), (10, "m10"), (20, "m20")]:
        await make_evaluation(sessions, model_name=name, mean=0.5, created_at=at(minute))

    body = await board(client, created_after=at(5).isoformat(), created_before=at(20).isoformat())
    assert names(body) == ["m10"]
    assert names(await board(client, created_after=at(10).isoformat())) == ["m10", "m20"]


async def test_the_date_range_applies_before_each_model_is_picked(client, sessions):
    await make_evaluation(sessions, model_name="a", mean=0.9, created_at=at(0))
    in_range = await make_evaluation(sessions, model_name="a", mean=0.4, created_at=at(10))
    (row,) = (await board(client, created_after=at(5).isoformat()))["data"]
    assert row["evaluation_id"] == in_range


async def test_tag_filter_keeps_evaluations_carrying_every_tag(client, sessions):
    await make_evaluation(sessions, model_name="a", mean=0.9, tags=["nightly"])
    tagged_a = await make_evaluation(sessions, model_name="a", mean=0.3, tags=["release", "v2"])
    await make_evaluation(sessions, model_name="b", mean=0.5, tags=["release"])
    await make_evaluation(sessions, model_name="c", mean=0.7, tags=["release-candidate"])

    body = await board(client, tag="release")
    assert names(body) == ["b", "a"]
    assert body["data"][1]["evaluation_id"] == tagged_a
    assert names(await board(client, tag=["release", "v2"])) == ["a"]
    assert names(await board(client, tag="absent")) == []


async def test_pages_continue_the_ranking_and_report_the_total(client, sessions):
    for k in range(5):
        await make_evaluation(sessions, model_name=f"m{k}", mean=k / 10)

    first = await board(client, limit=2)
    middle = await board(client, limit=2, offset=2)
    last = await board(client, limit=2, offset=4)

    assert names(first) == ["m4", "m3"]
    assert [(r["model_name"], r["rank"]) for r in middle["data"]] == [("m2", 3), ("m1", 4)]
    assert names(last) == ["m0"]
    assert first["pagination"] == {
        "limit": 2,
        "offset": 0,
        "next_offset": 2,
        "next_cursor": None,
        "total": 5,
    }
    assert last["pagination"]["next_offset"] is None


@pytest.mark.parametrize("missing", ["dataset_key", "judge"])
async def test_dataset_key_and_judge_are_required(client, missing):
    params = {k: v for k, v in AC.items() if k != missing}
    r = await client.get(BOARD, params=params)
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == missing
    assert missing in r.json()["message"]


async def test_unknown_pick_and_split_are_rejected(client):
    for params in ({"pick": "worst"}, {"split": "test"}, {"limit": 0}):
        r = await client.get(BOARD, params={**AC, **params})
        assert r.status_code == 422, params
        assert next(iter(params)) in r.json()["message"]
