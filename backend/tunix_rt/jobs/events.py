"""Parsing the child's JSON-lines event protocol (docs/jobs.md). Pure, no I/O."""

from dataclasses import dataclass, field
from typing import Any

import orjson

# `trial`: a search reports one of its trials (docs/tuning.md); handled by the kind's handler.
EVENT_KINDS = frozenset({"log", "metric", "progress", "checkpoint", "artifact", "result", "trial"})


@dataclass(frozen=True)
class Event:
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


def parse_line(line: str) -> Event | None:
    """An Event for a protocol line; None for anything else (kept as a plain log line)."""
    text = line.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("event") not in EVENT_KINDS:
        return None
    return Event(data["event"], data)


def metric_points(event: Event) -> list[tuple[int, str, float]]:
    """(step, name, value) rows of a metric event; non-numeric values are skipped."""
    step = event.data.get("step")
    values = event.data.get("values")
    if not isinstance(step, int) or not isinstance(values, dict):
        return []
    return [
        (step, str(name)[:64], float(value))
        for name, value in values.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
