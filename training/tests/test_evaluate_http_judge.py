"""`evaluate` jobs with `llm_judge` over HTTP: a local stand-in for an OpenAI-compatible
chat-completions endpoint answers the rubric prompts the child sends."""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import orjson
import pytest
from conftest import assert_valid_event_stream
from pydantic import SecretStr

from tunix_rt.settings import Settings
from tunix_rt.worker.runner import child_env
from tunix_rt_training.__main__ import main
from tunix_rt_training.config import GenerateConfig
from tunix_rt_training.evaluate import API_KEY_ENV, judge_predictions
from tunix_rt_training.events import Reporter
from tunix_rt_training.run_dir import RunDir
from tunix_rt_training.signals import StopRequest

WORKER_KEY = "sk-worker-secret"
# Each item's question says how the endpoint treats the rubric prompt that quotes it.
ITEMS = [
    ("What is 2 + 3? [scored]", "5", "Step 1: 2 + 3 = 5\nAnswer: 5"),
    ("What is 4 + 4? [no-score]", "8", "Step 1: 4 + 4 = 8\nAnswer: 8"),
    ("What is 1 + 6? [http-500]", "7", "Step 1: 1 + 6 = 7\nAnswer: 7"),
    ("What is 3 + 3? [scored-low]", "6", "Step 1: 3 + 3 = 7\nAnswer: 7"),
]


class JudgeEndpoint(BaseHTTPRequestHandler):
    """POST /v1/chat/completions in OpenAI's shape; the reply depends on the prompt's tag."""

    requests: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][0]["content"]
        JudgeEndpoint.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if "[http-500]" in prompt:
            return self._send(500, {"error": {"message": "judge backend crashed"}})
        if "[no-score]" in prompt:
            content = "The reasoning looks fine to me."
        elif "[scored-low]" in prompt:
            content = "The step 3 + 3 = 7 is wrong.\nScore: 2/10"
        else:
            content = "Correct and well reasoned.\nScore: 9/10"
        message = {"role": "assistant", "content": content}
        self._send(200, {"id": "c1", "choices": [{"index": 0, "message": message}]})

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def endpoint() -> Iterator[str]:
    JudgeEndpoint.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), JudgeEndpoint)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def worker_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The key in the child's environment, put there by the worker's own child_env."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, tunix_rt_home=tmp_path, llm_judge_api_key=SecretStr(WORKER_KEY)
    )
    monkeypatch.setenv(API_KEY_ENV, child_env(settings)[API_KEY_ENV])
    return WORKER_KEY


def llm_spec(base_url: str) -> dict[str, Any]:
    """Judges and endpoint as the backend writes them into an evaluate job's spec."""
    llm = {"backend": "http", "model": "judge-7b", "max_new_tokens": 48}
    return {
        "judges": [
            {"name": "answer_correctness", "params": {}},
            {"name": "llm_judge", "params": llm},
        ],
        "judge_models": {},
        "llm_endpoint": {"base_url": base_url, "timeout_s": 5, "concurrency": 4},
    }


def write_items(run: RunDir, with_predictions: bool) -> None:
    run.items_data.parent.mkdir(parents=True, exist_ok=True)
    with run.items_data.open("wb") as items, run.predictions.open("wb") as preds:
        for position, (prompt, expected, output) in enumerate(ITEMS):
            item = {"position": position, "id": f"t{position}", "prompt": prompt}
            items.write(orjson.dumps({**item, "expected_answer": expected, "meta": {}}) + b"\n")
            if with_predictions:
                preds.write(orjson.dumps({"id": f"t{position}", "completion": output}) + b"\n")


def judge(tmp_path: Path, base_url: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The child's judging phase over predictions written by the test."""
    run = RunDir(tmp_path / "run")
    write_items(run, with_predictions=True)
    stream = io.BytesIO()
    summary = judge_predictions(
        llm_spec(base_url),
        GenerateConfig(model=str(tmp_path / "unused")),
        run,
        Reporter(stream, show_progress=False),
        StopRequest(),
    )
    lines = (run.root / "judgements.jsonl").read_bytes().splitlines()
    return summary, [orjson.loads(line)["scores"]["llm_judge"] for line in lines]


def test_replies_are_read_and_a_missing_or_failed_score_is_unparseable(
    endpoint, worker_key, tmp_path
):
    summary, verdicts = judge(tmp_path, endpoint)

    assert summary is not None and summary["count"] == 4
    scored, no_score, failed, low = verdicts
    assert scored["outcome"] == "pass" and scored["score"] == pytest.approx(0.9)
    assert scored["details"]["statement"] == "Score: 9/10"
    assert low["outcome"] == "fail" and low["score"] == pytest.approx(0.2)
    # No score in the reply: recorded as such, not as a 0.
    assert no_score == {
        "outcome": "unparseable",
        "score": None,
        "details": {
            "reason": "no score statement in the reply",
            "reply": "The reasoning looks fine to me.",
        },
    }
    assert failed["outcome"] == "unparseable" and failed["score"] is None
    assert "HTTP 500" in failed["details"]["error"]
    assert "judge backend crashed" in failed["details"]["error"]
    # Every call carried the worker's key; the failing one was tried 3 times (2 retries).
    assert {r["auth"] for r in JudgeEndpoint.requests} == {f"Bearer {worker_key}"}
    assert {r["path"] for r in JudgeEndpoint.requests} == {"/v1/chat/completions"}
    tries = [r for r in JudgeEndpoint.requests if "[http-500]" in str(r["body"])]
    assert len(tries) == 3 and len(JudgeEndpoint.requests) == 6
    body = JudgeEndpoint.requests[0]["body"]
    assert (body["model"], body["max_tokens"], body["temperature"]) == ("judge-7b", 48, 0.0)
    # The rubric prompt quotes the item's question and the model's output.
    sent = tries[0]["body"]["messages"][0]["content"]
    assert "What is 1 + 6?" in sent and "Step 1: 1 + 6 = 7\nAnswer: 7" in sent


def test_without_a_key_in_the_environment_no_authorization_is_sent(endpoint, monkeypatch, tmp_path):
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    judge(tmp_path, endpoint)
    assert {r["auth"] for r in JudgeEndpoint.requests} == {None}


def test_an_unreachable_endpoint_makes_every_verdict_unparseable(worker_key, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    summary, verdicts = judge(tmp_path, f"http://127.0.0.1:{port}/v1")

    assert summary is not None and summary["count"] == 4
    for verdict in verdicts:
        assert verdict["outcome"] == "unparseable" and verdict["score"] is None
        assert (
            f"cannot reach http://127.0.0.1:{port}/v1/chat/completions"
            in (verdict["details"]["error"])
        )


@pytest.mark.slow
def test_an_evaluate_job_judges_over_http_with_the_workers_key(
    trained, endpoint, worker_key, tmp_path, capfd
):
    run = RunDir(tmp_path / "run")
    write_items(run, with_predictions=False)
    export = str(trained.run_dir / "export")
    spec = {**llm_spec(endpoint), "config": {"model": export, "max_new_tokens": 24}}
    job = {"job_id": "e1", "kind": "evaluate", "attempt": 1, "run_dir": str(run.root)}
    (tmp_path / "job.json").write_text(json.dumps({**job, "spec": spec}))

    assert main(["run-job", str(tmp_path / "job.json")]) == 0

    events = assert_valid_event_stream(capfd.readouterr().out.encode())
    result = events[-1]["result"]
    assert result["count"] == 4 and result["judging"]["items_per_s"] > 0
    assert [j["name"] for j in result["judges"]] == ["answer_correctness", "llm_judge"]
    lines = (run.root / "judgements.jsonl").read_bytes().splitlines()
    verdicts = [orjson.loads(line)["scores"]["llm_judge"] for line in lines]
    assert [v["outcome"] for v in verdicts] == ["pass", "unparseable", "unparseable", "fail"]
    assert [v["score"] for v in verdicts] == [pytest.approx(0.9), None, None, pytest.approx(0.2)]
    assert "HTTP 500" in verdicts[2]["details"]["error"]
    assert {r["auth"] for r in JudgeEndpoint.requests} == {f"Bearer {worker_key}"}
    # The rubric quoted the model's own output, from predictions.jsonl.
    outputs = [orjson.loads(x)["completion"] for x in run.predictions.read_bytes().splitlines()]
    sent = [r["body"]["messages"][0]["content"] for r in JudgeEndpoint.requests]
    assert any(outputs[0].strip() in prompt for prompt in sent if "[scored]" in prompt)
