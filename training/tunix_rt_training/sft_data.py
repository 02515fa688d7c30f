"""Turning exported trace lines into SFT examples with the shared chat-template renderer."""

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from tunix_rt.core.chat_templates import render_sft
from tunix_rt.core.trace import TRACE, payload


def sft_examples(
    lines: Iterable[bytes], template: str, system: str | None = None
) -> Iterator[dict[str, Any]]:
    """Validate each trace line and render it; a bad line raises with its line number."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
            trace = TRACE.validate_python(record)
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from exc
        example = render_sft(payload(trace), template, system)
        yield {"id": record.get("id"), "split": record.get("split", "train"), **example}
