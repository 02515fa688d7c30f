"""chat_completions against a local stand-in for an OpenAI-compatible endpoint."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tunix_rt.core.judges.openai_http import JudgeCallError, chat_completions


class FakeEndpoint(BaseHTTPRequestHandler):
    """Answers "Score: <len(prompt) % 11>/10"; prompts starting with a keyword misbehave."""

    requests: ClassVar[list[dict]] = []
    failures_left: ClassVar[dict[str, int]] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][0]["content"]
        FakeEndpoint.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if prompt.startswith("fail-400"):
            return self._reply(400, {"error": {"message": "max_tokens is too large"}})
        if prompt.startswith("flaky") and FakeEndpoint.failures_left.get(prompt, 0) > 0:
            FakeEndpoint.failures_left[prompt] -= 1
            return self._reply(503, {"error": {"message": "overloaded"}})
        if prompt.startswith("malformed"):
            return self._reply(200, {"choices": []})
        content = f"Score: {len(prompt) % 11}/10"
        self._reply(
            200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        )

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def endpoint() -> Iterator[str]:
    FakeEndpoint.requests = []
    FakeEndpoint.failures_left = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoint)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/"
    server.shutdown()
    server.server_close()


def test_replies_come_back_in_prompt_order(endpoint):
    prompts = ["a" * k for k in range(1, 13)]
    replies = chat_completions(
        endpoint, "sk-test", "judge-7b", prompts, max_tokens=32, concurrency=4
    )
    assert replies == [f"Score: {k % 11}/10" for k in range(1, 13)]


def test_request_is_an_openai_chat_completion_with_bearer_auth(endpoint):
    chat_completions(endpoint, "sk-test", "judge-7b", ["grade this"], max_tokens=32)
    [request] = FakeEndpoint.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert request["body"] == {
        "model": "judge-7b",
        "messages": [{"role": "user", "content": "grade this"}],
        "max_tokens": 32,
        "temperature": 0.0,
    }


def test_no_api_key_sends_no_authorization_header(endpoint):
    chat_completions(endpoint, None, "m", ["x"], max_tokens=8)
    assert FakeEndpoint.requests[0]["auth"] is None


def test_an_http_error_is_returned_in_its_place_with_status_and_body(endpoint):
    replies = chat_completions(endpoint, "k", "m", ["ok", "fail-400 please", "ok"], max_tokens=8)
    assert replies[0] == replies[2] == "Score: 2/10"
    error = replies[1]
    assert isinstance(error, JudgeCallError)
    assert error.status == 400
    assert "max_tokens is too large" in error.body
    assert "HTTP 400" in str(error)
    assert len(FakeEndpoint.requests) == 3  # a 400 is not retried


def test_server_errors_are_retried(endpoint):
    FakeEndpoint.failures_left = {"flaky": 2}
    replies = chat_completions(
        endpoint, "k", "m", ["flaky"], max_tokens=8, retries=2, backoff_s=0.01
    )
    assert replies == ["Score: 5/10"]
    assert len(FakeEndpoint.requests) == 3


def test_server_errors_beyond_the_retries_are_returned(endpoint):
    FakeEndpoint.failures_left = {"flaky": 5}
    [error] = chat_completions(
        endpoint, "k", "m", ["flaky"], max_tokens=8, retries=1, backoff_s=0.01
    )
    assert isinstance(error, JudgeCallError) and error.status == 503


def test_a_reply_without_content_is_an_error(endpoint):
    [error] = chat_completions(endpoint, "k", "m", ["malformed"], max_tokens=8)
    assert isinstance(error, JudgeCallError)
    assert "no choices[0].message.content" in str(error)


def test_an_unreachable_endpoint_is_an_error_per_prompt():
    replies = chat_completions(
        "http://127.0.0.1:9", "k", "m", ["a", "b"], max_tokens=8, retries=0, timeout_s=2
    )
    assert all(isinstance(r, JudgeCallError) and r.status is None for r in replies)
    assert "cannot reach http://127.0.0.1:9/chat/completions" in str(replies[0])


def test_no_prompts_no_requests(endpoint):
    assert chat_completions(endpoint, "k", "m", [], max_tokens=8) == []
    assert FakeEndpoint.requests == []
