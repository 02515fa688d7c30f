import pytest
from sqlalchemy import select

from tests.evaluations.helpers import evaluated_run, finish, right, wrong
from tests.factories import row_count
from tests.tunix_runs.helpers import dataset
from tunix_rt.core.judges.openai_http import JudgeCallError
from tunix_rt.core.stats import bootstrap_ci
from tunix_rt.evaluations.models import EvaluationItemRow, EvaluationItemScoreRow, EvaluationRow

JUDGES = [{"name": "answer_correctness"}, {"name": "trace_format"}]


async def create(client, run_id, **body):
    r = await client.post(
        "/api/evaluations",
        json={"run_id": run_id, "dataset_key": "big-v1", "judges": JUDGES, **body},
    )
    assert r.status_code == 201, r.text
    return r.json()["evaluation_id"]


@pytest.fixture
async def run_id(client, sessions, app):
    run = await evaluated_run(client, sessions, app)
    await dataset(client, n=40, name="big", eval_fraction=0.5)
    return run


async def test_finished_evaluation_stores_items_verdicts_and_cis(client, sessions, app, run_id):
    ev = await create(client, run_id)
    # Every third item answered wrongly: answer_correctness fails those, format still passes.
    result = await finish(
        sessions, app, ev, lambda k, item: wrong(item) if k % 3 == 0 else right(item)
    )
    body = (await client.get(f"/api/evaluations/{ev}")).json()
    n = body["item_count"]
    assert n == 20 and body["status"] == "succeeded" and body["finished_at"] is not None
    scores = {s["judge"]: s for s in body["scores"]}
    wrong_count = len(range(0, n, 3))
    correct = scores["answer_correctness"]
    assert correct["failed"] == wrong_count and correct["passed"] == n - wrong_count
    assert correct["unparseable"] == 0 and correct["n"] == n
    assert correct["mean"] == pytest.approx((n - wrong_count) / n)
    assert correct["ci_low"] < correct["mean"] < correct["ci_high"]
    assert correct["ci_low"] > 0.4 and correct["ci_high"] <= 1.0
    assert scores["trace_format"]["mean"] == 1.0
    assert scores["trace_format"]["ci_low"] == scores["trace_format"]["ci_high"] == 1.0
    assert result["scores"]["answer_correctness"] == pytest.approx(correct["mean"])
    assert await row_count(sessions, EvaluationItemRow) == n
    assert await row_count(sessions, EvaluationItemScoreRow) == 2 * n


def judge_reply(k: int) -> str | Exception:
    """The judge model's reply to item k: 6 of the 20 give no usable score."""
    if k % 5 == 0:
        return "The response looks reasonable to me."  # no score stated
    if k == 1:
        return JudgeCallError("HTTP 500 from http://judge/v1/chat/completions: boom", 500)
    if k == 2:
        return "Score: 12/10"  # out of range
    return f"Score: {k % 10}/10"


async def test_unparseable_verdicts_are_counted_and_left_out_of_mean_and_ci(
    client, sessions, app, run_id, monkeypatch
):
    monkeypatch.setattr(app.state.settings, "llm_judge_base_url", "http://judge/v1")
    llm = {"name": "llm_judge", "params": {"backend": "http", "model": "judge-7b"}}
    ev = await create(client, run_id, judges=[{"name": "answer_correctness"}, llm])
    result = await finish(sessions, app, ev, lambda k, item: right(item), judge_reply)

    scores = {s["judge"]: s for s in (await client.get(f"/api/evaluations/{ev}")).json()["scores"]}
    judged = scores["llm_judge"]
    unusable = {0, 1, 2, 5, 10, 15}
    parseable = [(k % 10) / 10 for k in range(20) if k not in unusable]
    assert len(parseable) == 14 and sum(parseable) == pytest.approx(7.7)
    assert judged["n"] == 14 and judged["unparseable"] == 6
    assert (judged["passed"], judged["failed"]) == (8, 6)  # 0.6-0.9 twice pass; 0.1-0.4 fail
    assert judged["mean"] == pytest.approx(0.55)  # 7.7 / 14; with the 6 as zeros: 0.385
    _, low, high = bootstrap_ci(parseable, confidence=0.95, resamples=2000, seed=0)
    assert (judged["ci_low"], judged["ci_high"]) == pytest.approx((low, high))
    assert 0.4 < judged["ci_low"] < 0.55 < judged["ci_high"] < 0.7
    assert result["scores"]["llm_judge"] == pytest.approx(0.55)
    # The other judge of the same items is unaffected.
    correct = scores["answer_correctness"]
    assert (correct["n"], correct["unparseable"], correct["mean"]) == (20, 0, 1.0)

    items = (await client.get(f"/api/evaluations/{ev}/items", params={"limit": 100})).json()
    verdicts = [i["scores"]["llm_judge"] for i in items["data"]]
    assert [k for k, v in enumerate(verdicts) if v["outcome"] == "unparseable"] == sorted(unusable)
    assert all(verdicts[k]["score"] is None for k in unusable)
    assert "HTTP 500" in verdicts[1]["details"]["error"]
    assert "outside 0..10" in verdicts[2]["details"]["reason"]
    assert verdicts[0]["details"]["reply"] == "The response looks reasonable to me."
    assert verdicts[3] | {"details": None} == {"outcome": "fail", "score": 0.3, "details": None}
    unparseable = await client.get(
        f"/api/evaluations/{ev}/items",
        params={"judge": "llm_judge", "outcome": "unparseable", "limit": 100},
    )
    assert [i["position"] for i in unparseable.json()["data"]] == sorted(unusable)


async def test_items_filter_by_judge_outcome(client, sessions, app, run_id):
    ev = await create(client, run_id)
    await finish(sessions, app, ev, lambda k, item: wrong(item) if k % 3 == 0 else right(item))
    r = await client.get(
        f"/api/evaluations/{ev}/items",
        params={"judge": "answer_correctness", "outcome": "fail", "limit": 100},
    )
    assert r.status_code == 200, r.text
    failed = r.json()["data"]
    assert [i["position"] for i in failed] == list(range(0, 20, 3))
    first = failed[0]
    verdict = first["scores"]["answer_correctness"]
    assert verdict["outcome"] == "fail" and verdict["score"] == 0.0
    assert verdict["details"]["extracted"] == str(int(first["expected_answer"]) + 1)
    assert first["scores"]["trace_format"]["outcome"] == "pass"
    assert first["latency_s"] == 0.25 and first["output_tokens"] == 9
    everything = (await client.get(f"/api/evaluations/{ev}/items?limit=100")).json()
    assert len(everything["data"]) == 20 and everything["pagination"]["next_offset"] is None
    for params, message in (
        ({"judge": "vibes", "outcome": "fail"}, "judge 'vibes' is not part of"),
        ({"outcome": "fail"}, "outcome filters need a judge"),
    ):
        r = await client.get(f"/api/evaluations/{ev}/items", params=params)
        assert r.status_code == 422 and message in r.text
    assert (await client.get("/api/evaluations/nope/items")).status_code == 404


async def test_a_retried_finalize_replaces_its_rows(client, sessions, app, run_id):
    ev = await create(client, run_id)
    await finish(sessions, app, ev, lambda k, item: wrong(item))
    await finish(sessions, app, ev, lambda k, item: right(item))
    body = (await client.get(f"/api/evaluations/{ev}")).json()
    assert {s["judge"]: s["mean"] for s in body["scores"]}["answer_correctness"] == 1.0
    assert await row_count(sessions, EvaluationItemRow) == 20


async def test_compare_counts_wins_losses_ties_and_tests_significance(
    client, sessions, app, run_id
):
    a = await create(client, run_id)
    b = await create(client, run_id, force=True)
    # a is right on the first 5 items only; b on all but item 0.
    await finish(sessions, app, a, lambda k, item: right(item) if k < 5 else wrong(item))
    await finish(sessions, app, b, lambda k, item: wrong(item) if k == 0 else right(item))
    r = await client.post(
        "/api/evaluations/compare", json={"a": a, "b": b, "judge": "answer_correctness"}
    )
    assert r.status_code == 200, r.text
    c = r.json()
    assert (c["wins"], c["losses"], c["ties"]) == (15, 1, 4)
    assert c["paired_items"] == 20 and c["mean_a"] == 0.25 and c["mean_b"] == 0.95
    assert c["paired_bootstrap"]["mean_difference"] == pytest.approx(0.7)
    assert c["paired_bootstrap"]["ci_low"] > 0.3
    assert c["mcnemar"]["p_value"] < 0.01 and c["significant"] is True and c["better"] == "b"
    same = (
        await client.post(
            "/api/evaluations/compare", json={"a": a, "b": a, "judge": "trace_format"}
        )
    ).json()
    assert same["wins"] == same["losses"] == 0 and same["significant"] is False
    assert same["better"] == "neither"


async def test_compare_refuses_different_data_or_unfinished(client, sessions, app, run_id):
    a = await create(client, run_id)
    other_split = await create(client, run_id, split="train")
    pending = await create(client, run_id, force=True)
    await finish(sessions, app, a, lambda k, item: right(item))
    await finish(sessions, app, other_split, lambda k, item: right(item))
    cases = [
        ({"a": a, "b": other_split, "judge": "trace_format"}, "split: a is on eval, b on train"),
        ({"a": a, "b": pending}, "b: evaluation"),
        ({"a": a, "b": a}, "name one"),
        ({"a": a, "b": a, "judge": "exact_match"}, "did not score both"),
        ({"a": a, "b": a, "seed": -1}, "seed"),
    ]
    for body, message in cases:
        r = await client.post("/api/evaluations/compare", json=body)
        assert r.status_code == 422, (body, r.text)
        assert message in r.text, (message, r.text)
    r = await client.post("/api/evaluations/compare", json={"a": a, "b": "nope"})
    assert r.status_code == 404


async def test_listing_and_the_run_compat_paths(client, sessions, app, run_id):
    r = await client.post(f"/api/tunix/runs/{run_id}/evaluate", json={})
    assert r.status_code == 201, r.text
    queued = r.json()
    assert queued["run_id"] == run_id and queued["verdict"] == "pending"
    assert queued["score"] is None and queued["judge"]["name"] == "answer_correctness"
    got = (await client.get(f"/api/tunix/runs/{run_id}/evaluation")).json()
    assert got["evaluation_id"] == queued["evaluation_id"]
    await finish(sessions, app, queued["evaluation_id"], lambda k, item: right(item))
    done = (await client.get(f"/api/tunix/runs/{run_id}/evaluation")).json()
    assert done["score"] == 1.0 and done["verdict"] == "pass" and done["evaluated_at"]
    assert (
        done["metrics"]["answer_correctness"]["n"]
        == done["metrics"]["answer_correctness"]["passed"]
    )
    listed = (await client.get("/api/evaluations", params={"run_id": run_id})).json()
    assert [e["evaluation_id"] for e in listed["data"]] == [queued["evaluation_id"]]
    r = await client.post(f"/api/tunix/runs/{run_id}/evaluate", json={"judge_override": "vibes"})
    assert r.status_code == 422 and "vibes" in r.text
    async with sessions() as s:
        assert (await s.execute(select(EvaluationRow))).scalars().all()
    assert (await client.get("/api/tunix/runs/nope/evaluation")).status_code == 404
