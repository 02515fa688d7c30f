"""The reasoning-trace schema: a prompt, ordered reasoning steps and a final answer.

Traces are validated into plain dicts (TypedDicts), not model instances: ingest handles
tens of thousands per request, and instances would cost allocation and GC time for nothing.
"""

import hashlib
from typing import Annotated, Any, NotRequired

from pydantic import AfterValidator, Field, StringConstraints, TypeAdapter

# pydantic needs typing_extensions' TypedDict on Python < 3.12.
from typing_extensions import TypedDict

from tunix_rt.jsonutil import canonical_bytes

MAX_TEXT = 50_000
MAX_STEP_CONTENT = 20_000
MAX_STEPS = 1_000
MAX_TAGS = 64

ShortStr = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]


class TraceStep(TypedDict):
    """One reasoning step; `i` orders the steps and must be unique within a trace."""

    i: Annotated[int, Field(ge=0)]
    type: ShortStr
    content: Annotated[str, StringConstraints(min_length=1, max_length=MAX_STEP_CONTENT)]


def _unique_indices(steps: list[TraceStep]) -> list[TraceStep]:
    seen: set[int] = set()
    for step in steps:
        if step["i"] in seen:
            raise ValueError(
                f"step index i={step['i']} appears more than once; indices must be unique"
            )
        seen.add(step["i"])
    return steps


def _indexed_meta_fields(meta: dict[str, Any]) -> dict[str, Any]:
    source = meta.get("source")
    if source is not None and not (isinstance(source, str) and 0 < len(source) <= 128):
        raise ValueError("meta.source must be a string of 1-128 characters")
    tags = meta.get("tags")
    if tags is not None:
        if not isinstance(tags, list) or len(tags) > MAX_TAGS:
            raise ValueError(f"meta.tags must be a list of at most {MAX_TAGS} strings")
        for tag in tags:
            if not (isinstance(tag, str) and 0 < len(tag) <= 128):
                raise ValueError("each meta.tags entry must be a string of 1-128 characters")
    return meta


class Trace(TypedDict):
    """A reasoning trace as users send it. `meta.source` and `meta.tags` are indexed."""

    trace_version: ShortStr
    prompt: Text
    final_answer: Text
    steps: Annotated[
        list[TraceStep],
        Field(min_length=1, max_length=MAX_STEPS),
        AfterValidator(_unique_indices),
    ]
    meta: NotRequired[Annotated[dict[str, Any], AfterValidator(_indexed_meta_fields)]]


TRACE = TypeAdapter(Trace)
TRACE_LIST = TypeAdapter(list[Trace])


def source_of(trace: Trace) -> str | None:
    return trace.get("meta", {}).get("source")


def tags_of(trace: Trace) -> list[str]:
    return sorted(set(trace.get("meta", {}).get("tags") or []))


def payload(trace: Trace) -> dict[str, Any]:
    """The trace as stored and returned by GET: known fields only, meta always present."""
    return {
        "trace_version": trace["trace_version"],
        "prompt": trace["prompt"],
        "final_answer": trace["final_answer"],
        "steps": trace["steps"],
        "meta": trace.get("meta", {}),
    }


def content_hash(prompt: str, steps: list[TraceStep], final_answer: str) -> str:
    """sha256 over prompt, steps (ordered by i) and final answer; meta does not count.

    `steps` are validated steps (keys i, type, content only), as stored.
    """
    ordered = steps
    if any(steps[k]["i"] > steps[k + 1]["i"] for k in range(len(steps) - 1)):
        ordered = sorted(steps, key=lambda s: s["i"])
    body = {"prompt": prompt, "steps": ordered, "final_answer": final_answer}
    return hashlib.sha256(canonical_bytes(body)).hexdigest()


def trace_hash(trace: Trace) -> str:
    return content_hash(trace["prompt"], trace["steps"], trace["final_answer"])
