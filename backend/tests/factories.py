"""Small builders of valid request bodies, so tests state only what they vary."""

from typing import Any

from sqlalchemy import func, select

from tunix_rt.traces.models import TraceRow


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


async def row_count(sessions: Any, model: Any = TraceRow) -> int:
    """Rows of a table, read straight from the database."""
    async with sessions() as s:
        return int((await s.execute(select(func.count()).select_from(model))).scalar_one())
