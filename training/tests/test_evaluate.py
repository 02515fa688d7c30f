"""`evaluate` jobs: real generation with the trained tiny model, then every judge."""

import json

import orjson
import pytest
from conftest import assert_valid_event_stream

from tunix_rt_training.__main__ import main

pytestmark = pytest.mark.slow


def test_evaluate_job_generates_then_judges_every_item(trained, traces, tmp_path, capfd):
    export = str(trained.run_dir / "export")
    data = tmp_path / "data"
    data.mkdir()
    with (data / "items.jsonl").open("wb") as out:
        for position, line in enumerate(traces[1].read_bytes().splitlines()):
            trace = orjson.loads(line)
            item = {
                "position": position,
                "id": f"t{position}",
                "prompt": trace["prompt"],
                "expected_answer": trace["final_answer"],
                "meta": trace["meta"],
            }
            out.write(orjson.dumps(item) + b"\n")
    judges = [
        {"name": "answer_correctness", "params": {}},
        {"name": "trace_format", "params": {}},
        {"name": "arithmetic_consistency", "params": {}},
        # The trained model judging its own outputs: real, if not a good judge.
        {"name": "llm_judge", "params": {"backend": "local", "model": "registry://x@1"}},
    ]
    spec = {
        "judges": judges,
        "judge_models": {"llm_judge": export},
        "config": {"model": export, "max_new_tokens": 48, "batch_size": 8},
    }
    job = {"job_id": "e1", "kind": "evaluate", "attempt": 1, "run_dir": str(tmp_path), "spec": spec}
    (tmp_path / "SPEC.json").write_text(json.dumps(job))
    assert main(["run-job", str(tmp_path / "SPEC.json")]) == 0
    events = assert_valid_event_stream(capfd.readouterr().out.encode())
    result = events[-1]["result"]
    assert result["kind"] == "evaluate" and result["count"] == 16
    assert result["generation"]["items_per_s"] > 0 and result["judging"]["items_per_s"] > 0
    assert [j["name"] for j in result["judges"]] == [j["name"] for j in judges]
    preds = [orjson.loads(x) for x in (tmp_path / "predictions.jsonl").read_bytes().splitlines()]
    verdicts = [orjson.loads(x) for x in (tmp_path / "judgements.jsonl").read_bytes().splitlines()]
    assert [v["id"] for v in verdicts] == [p["id"] for p in preds] == [f"t{k}" for k in range(16)]
    assert all(p["latency_s"] > 0 for p in preds)
    for pred, verdict in zip(preds, verdicts, strict=True):
        correct = verdict["scores"]["answer_correctness"]
        assert correct["outcome"] in ("pass", "fail")
        # The judge's verdict agrees with a plain reading of the output.
        said = pred["answer"]
        assert (correct["outcome"] == "pass") == (
            said is not None and said == pred["expected_answer"]
        )
        judged = verdict["scores"]["llm_judge"]
        assert judged["outcome"] in ("pass", "fail", "unparseable")
        if judged["outcome"] == "unparseable":
            assert judged["score"] is None and "reply" in judged["details"]
    replies = (tmp_path / "judge-llm_judge-replies.jsonl").read_bytes().splitlines()
    assert len(replies) == 16
