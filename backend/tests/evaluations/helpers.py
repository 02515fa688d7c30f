"""An evaluation taken through the worker's handler without a model: the test writes what
the child would (predictions, then the real judges' verdicts on them). A judge that needs a
model gets its replies (or call errors) from the test, as the child gets them from its
judge model."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from tests.generations.test_generations import succeeded_run_with_export
from tunix_rt.core.judges.base import JudgeItem
from tunix_rt.core.judges.registry import make_judge
from tunix_rt.core.judges.runner import judge_all
from tunix_rt.evaluations.handler import EvaluateHandler
from tunix_rt.jobs.models import JobRow


async def evaluated_run(client, sessions, app) -> str:
    """A succeeded run (fake export) on dataset ds-v1 (6 traces `n + n = 2n`)."""
    return await succeeded_run_with_export(client, sessions, app)


def right(item: dict[str, Any]) -> str:
    return f"Step 1: add the two numbers\nAnswer: {item['expected_answer']}"


def wrong(item: dict[str, Any]) -> str:
    return f"Step 1: add the two numbers\nAnswer: {int(item['expected_answer']) + 1}"


Reply = Callable[[int], str | Exception]


async def finish(
    sessions, app, evaluation_id: str, answer, model_reply: Reply | None = None
) -> dict[str, Any]:
    """Run the handler's prepare, write the child's two files, then finalize.

    `model_reply(position)` is the judge model's reply to item `position`'s rubric prompt.
    """
    handler = EvaluateHandler()
    run_dir = make_dir(app.state.settings.runs_dir / evaluation_id)
    async with sessions() as s:
        job = await s.get(JobRow, evaluation_id)
        await handler.prepare(s, job, run_dir)
    write_child_outputs(run_dir, job, answer, model_reply)
    async with sessions() as s:
        job = await s.get(JobRow, evaluation_id)
        result = await handler.finalize(s, job, {"kind": "evaluate"}, run_dir)
        job.status = "succeeded"
        await s.commit()
    return result


async def evaluate_and_finish(
    client, sessions, app, run_id: str, dataset_key: str, judges: list, answer=right
) -> str:
    """POST an evaluation of `run_id` with `judges`, then finish it as the worker would,
    the model answering each item with `answer(item)`; its id."""
    r = await client.post(
        "/api/evaluations",
        json={"run_id": run_id, "dataset_key": dataset_key, "judges": judges},
    )
    assert r.status_code == 201, r.text
    evaluation_id = str(r.json()["evaluation_id"])
    await finish(sessions, app, evaluation_id, lambda k, item: answer(item))
    return evaluation_id


def make_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_child_outputs(
    run_dir: Path, job: JobRow, answer, model_reply: Reply | None = None
) -> None:
    """predictions.jsonl and judgements.jsonl as the child writes them (judge_all)."""
    items = [orjson.loads(x) for x in (run_dir / "data" / "items.jsonl").read_bytes().splitlines()]
    judges = [make_judge(j["name"], j["params"]) for j in job.spec["judges"]]
    outputs = [answer(position, item) for position, item in enumerate(items)]
    judged = [
        JudgeItem(item["prompt"], item["expected_answer"], output, item["meta"])
        for item, output in zip(items, outputs, strict=True)
    ]
    replies = {
        j.name: [model_reply(k) for k in range(len(items))]
        for j in judges
        if j.requires_model and model_reply is not None
    }
    verdicts = judge_all(judges, judged, replies)
    with (
        (run_dir / "predictions.jsonl").open("wb") as preds,
        (run_dir / "judgements.jsonl").open("wb") as out,
    ):
        for position, (item, output) in enumerate(zip(items, outputs, strict=True)):
            preds.write(
                orjson.dumps(
                    {"id": item["id"], "completion": output, "num_tokens": 9, "latency_s": 0.25}
                )
                + b"\n"
            )
            scores = {name: v.to_dict() for name, v in verdicts[position].items()}
            line = {"position": position, "id": item["id"], "scores": scores}
            out.write(orjson.dumps(line) + b"\n")


async def job_of(sessions, job_id: str) -> JobRow:
    async with sessions() as s:
        return (await s.execute(select(JobRow).where(JobRow.id == job_id))).scalar_one()
