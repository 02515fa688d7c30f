"""Small builders of valid request bodies, so tests state only what they vary."""

from typing import Any


def trace(n: int = 0, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "trace_version": "1",
        "prompt": f"What is {n} + {n}?",
        "final_answer": str(2 * n),
        "steps": [
            {"i": 0, "type": "read", "content": f"Read the two numbers {n} and {n}."},
            {"i": 1, "type": "add", "content": f"{n} + {n} = {2 * n}"},
        ],
        "meta": {"source": "tests"},
    }
    body.update(overrides)
    return body
