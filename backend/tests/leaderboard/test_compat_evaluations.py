from tests.evaluation_factories import add_judge_score, at, make_evaluation

COMPAT = "/api/tunix/evaluations"


async def test_lists_training_runs_by_answer_correctness_in_the_compat_shape(client, sessions):
    evaluation_id = await make_evaluation(
        sessions,
        model_name="run:r1",
        run_id="r1",
        mean=0.75,
        ci=(0.6, 0.9),
        n=8,
        passed=6,
        failed=2,
        created_at=at(0),
    )
    await add_judge_score(sessions, evaluation_id, judge="exact_match", mean=0.5, n=8)
    r = await client.get(COMPAT)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["evaluations"] == [
        {
            "rank": 1,
            "evaluation_id": evaluation_id,
            "run_id": "r1",
            "model_name": "run:r1",
            "dataset_key": "arith-v1",
            "split": "eval",
            "score": 0.75,
            "verdict": "pass",
            "metrics": {
                "answer_correctness": {
                    "judge_version": "1",
                    "mean": 0.75,
                    "ci_low": 0.6,
                    "ci_high": 0.9,
                    "n": 8,
                    "passed": 6,
                    "failed": 2,
                    "unparseable": 0,
                },
                "exact_match": {
                    "judge_version": "1",
                    "mean": 0.5,
                    "ci_low": None,
                    "ci_high": None,
                    "n": 8,
                    "passed": 4,
                    "failed": 4,
                    "unparseable": 0,
                },
            },
            "judge": {"name": "answer_correctness", "version": "1"},
            "evaluated_at": "2025-01-01T12:00:30Z",
        }
    ]
    assert body["pagination"]["total"] == 1


async def test_answers_the_rest_compat_list_shape_with_data_and_keeps_evaluations(client, sessions):
    for k in range(3):
        await make_evaluation(
            sessions, model_name=f"run:r{k}", run_id=f"r{k}", mean=k / 4, created_at=at(k)
        )
    body = (await client.get(COMPAT, params={"limit": 2})).json()
    # rest-compat.md: every list endpoint answers {data, pagination: {limit, offset,
    # next_offset}}; `evaluations` stays for scripts written against it.
    assert [e["run_id"] for e in body["data"]] == ["r2", "r1"]
    assert body["evaluations"] == body["data"]
    assert {"limit": 2, "offset": 0, "next_offset": 2}.items() <= body["pagination"].items()
    rest = (await client.get(COMPAT, params={"limit": 2, "offset": 2})).json()
    assert [e["run_id"] for e in rest["data"]] == ["r0"] and rest["evaluations"] == rest["data"]
    assert rest["pagination"]["next_offset"] is None


async def test_only_run_evaluations_scored_by_answer_correctness_are_listed(client, sessions):
    r1 = await make_evaluation(sessions, model_name="run:r1", run_id="r1", mean=0.2)
    await add_judge_score(sessions, r1, judge="exact_match", mean=1.0)
    await make_evaluation(sessions, model_name="run:r2", run_id="r2", judge="exact_match", mean=0.9)
    await make_evaluation(
        sessions, model_name="m@1", run_id="r1", model_ref="registry://m@1", mean=0.95
    )
    await make_evaluation(sessions, model_name="run:r3", run_id="r3", finished=False)

    body = (await client.get(COMPAT)).json()
    assert [(e["run_id"], e["score"], e["verdict"]) for e in body["evaluations"]] == [
        ("r1", 0.2, "fail")
    ]


async def test_rows_are_ranked_within_their_dataset_and_split_only(client, sessions):
    for run_id, dataset_key, mean in [
        ("a", "arith-v1", 0.4),
        ("b", "arith-v1", 0.6),
        ("c", "arith-v2", 0.9),
        ("d", "arith-v2", 0.1),
    ]:
        await make_evaluation(
            sessions, model_name=f"run:{run_id}", run_id=run_id, dataset_key=dataset_key, mean=mean
        )
    body = (await client.get(COMPAT)).json()
    assert [(e["run_id"], e["rank"]) for e in body["evaluations"]] == [
        ("b", 1),
        ("a", 2),
        ("c", 1),
        ("d", 2),
    ]
    only_v2 = (await client.get(COMPAT, params={"dataset_key": "arith-v2"})).json()
    assert [e["run_id"] for e in only_v2["evaluations"]] == ["c", "d"]


async def test_every_evaluation_of_a_run_is_a_row_and_pages_by_limit_offset(client, sessions):
    for k in range(3):
        await make_evaluation(
            sessions, model_name="run:r", run_id="r", mean=k / 4, created_at=at(k)
        )
    page = (await client.get(COMPAT, params={"limit": 2, "offset": 1})).json()
    assert [e["score"] for e in page["evaluations"]] == [0.25, 0.0]
    assert [e["rank"] for e in page["evaluations"]] == [2, 3]
    assert page["pagination"]["total"] == 3 and page["pagination"]["next_offset"] is None
