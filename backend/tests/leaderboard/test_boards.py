from tests.evaluation_factories import add_judge_score, at, make_evaluation

BOARDS = "/api/leaderboard/boards"


async def test_no_evaluations_means_no_boards(client):
    r = await client.get(BOARDS)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == []
    assert r.json()["pagination"]["total"] == 0


async def test_each_dataset_split_and_judge_is_one_board_with_its_leader(client, sessions):
    weak = await make_evaluation(sessions, model_name="weak", mean=0.25, n=8, created_at=at(0))
    strong = await make_evaluation(sessions, model_name="strong", mean=0.75, n=8, created_at=at(1))
    await add_judge_score(sessions, weak, judge="exact_match", mean=0.5)
    await make_evaluation(
        sessions, model_name="weak", dataset_key="duel-v1", mean=0.4, n=4, created_at=at(2)
    )
    # Unfinished: on no board.
    await make_evaluation(
        sessions, model_name="late", dataset_key="other", mean=0.9, created_at=at(3), finished=False
    )
    r = await client.get(BOARDS)
    assert r.status_code == 200, r.text
    boards = {(b["dataset_key"], b["split"], b["judge"]): b for b in r.json()["data"]}
    assert set(boards) == {
        ("arith-v1", "eval", "answer_correctness"),
        ("arith-v1", "eval", "exact_match"),
        ("duel-v1", "eval", "answer_correctness"),
    }
    arith = boards[("arith-v1", "eval", "answer_correctness")]
    assert (arith["models"], arith["evaluations"]) == (2, 2)
    assert arith["best"]["model_name"] == "strong"
    assert arith["best"]["evaluation_id"] == strong
    assert arith["best"]["mean"] == 0.75
    exact = boards[("arith-v1", "eval", "exact_match")]
    assert (exact["models"], exact["best"]["model_name"]) == (1, "weak")
    assert r.json()["pagination"]["total"] == 3


async def test_boards_are_paged_most_recent_first(client, sessions):
    for minute, key in enumerate(["a", "b", "c"]):
        await make_evaluation(
            sessions, model_name="m", dataset_key=key, mean=0.5, created_at=at(minute)
        )
    first = (await client.get(BOARDS, params={"limit": 2})).json()
    assert [b["dataset_key"] for b in first["data"]] == ["c", "b"]
    assert first["pagination"]["next_offset"] == 2
    rest = (await client.get(BOARDS, params={"limit": 2, "offset": 2})).json()
    assert [b["dataset_key"] for b in rest["data"]] == ["a"]


async def test_a_page_size_out_of_range_is_a_422(client):
    r = await client.get(BOARDS, params={"limit": 0})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "limit"
