"""The three export line formats of a dataset item (see docs/formats.md)."""

from typing import Any

from tunix_rt.core.chat_templates import render_reasoning, render_sft
from tunix_rt.traces.models import TraceRow
from tunix_rt.traces.service import export_record, payload_of


def export_line(
    fmt: str, row: TraceRow, split: str, template: str, system: str | None
) -> dict[str, Any]:
    if fmt == "trace":
        return {**export_record(row), "split": split}
    payload = payload_of(row)
    if fmt == "tunix_sft":
        return {
            "id": row.id,
            "split": split,
            "template": template,
            **render_sft(payload, template, system),
        }
    return {
        "id": row.id,
        "split": split,
        "prompt": row.prompt,
        "response": render_reasoning(payload["steps"], row.final_answer),
        "expected_answer": row.final_answer,
        "meta": row.meta,
    }
