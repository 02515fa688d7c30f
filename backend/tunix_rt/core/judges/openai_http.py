"""Replies from an OpenAI-compatible `POST {base_url}/chat/completions` endpoint.

Standard library only (urllib and a thread pool). A failed prompt does not stop the others:
its place in the result holds a `JudgeCallError` saying what went wrong.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

BODY_EXCERPT = 300
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class JudgeCallError(Exception):
    """One prompt's call failed; `status` is the HTTP status when there was a response."""

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def _post(url: str, headers: dict[str, str], payload: bytes, timeout_s: float) -> str:
    request = urllib.request.Request(url, data=payload, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")[:BODY_EXCERPT]
        raise JudgeCallError(f"HTTP {exc.code} from {url}: {body}", exc.code, body) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise JudgeCallError(f"cannot reach {url}: {reason}") from None
    text = raw.decode("utf-8", "replace")
    try:
        content = json.loads(text)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        content = None
    if not isinstance(content, str):
        excerpt = text[:BODY_EXCERPT]
        raise JudgeCallError(
            f"response from {url} has no choices[0].message.content: {excerpt}", 200, excerpt
        )
    return content


def chat_completions(
    base_url: str,
    api_key: str | None,
    model: str,
    prompts: Sequence[str],
    *,
    max_tokens: int,
    temperature: float = 0.0,
    timeout_s: float = 60.0,
    concurrency: int = 4,
    retries: int = 2,
    backoff_s: float = 1.0,
) -> list[str | JudgeCallError]:
    """The reply to each prompt (one user message each), in order, or the error it met.

    Timeouts, connection errors and HTTP 408/429/5xx are retried `retries` times, waiting
    `backoff_s`, then twice that, and so on.
    """
    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"

    def call(prompt: str) -> str | JudgeCallError:
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        payload = json.dumps(body).encode()
        for attempt in range(retries + 1):
            try:
                return _post(url, headers, payload, timeout_s)
            except JudgeCallError as exc:
                retriable = exc.status is None or exc.status in RETRY_STATUSES
                if not retriable or attempt == retries:
                    return exc
                time.sleep(backoff_s * 2**attempt)
        raise AssertionError("unreachable")  # the loop always returns

    if not prompts:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(prompts)))) as pool:
        return list(pool.map(call, prompts))
