#!/usr/bin/env python
"""Summarize a py-spy raw (collapsed-stack) profile written by `bench/ingest.py --profile`.

    .venv/bin/python bench/profile_summary.py bench/results/profiles/postgres-batch1000.txt

Prints where the server's CPU samples went: by category (first matching rule, see RULES),
by function (inclusive) and by line (self). py-spy only sees Python frames, so time inside
a C extension (pydantic-core, orjson, asyncpg's protocol, hashlib) shows up as self time of
the Python line that called it; the rules use those lines.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

# (category, regex on a frame "func (file:line)"); the first rule that matches any frame
# of a stack, trying rules in order, gets the sample.
IDLE = re.compile(r"(Condition\.wait|Queue\.get) \((threading|queue)\.py")

RULES: list[tuple[str, str]] = [
    (
        "request: parse + validate JSON (pydantic validate_json, Trace validators)",
        r"(TypeAdapter\.validate_json|model_validate_json|_indexed_meta_fields|_unique_step_indices)",
    ),
    (
        "request: JSONL line splitting (numbered_lines)",
        r"numbered_lines \(tunix_rt/traces/jsonl.py",
    ),
    ("request: multipart parsing", r"(multipart|Request\.form|_get_form)"),
    (
        "ingest: Trace.content_hash (model_dump + canonical JSON + sha256)",
        r"content_hash \(tunix_rt/core/trace.py",
    ),
    (
        "ingest: _row() dicts (Trace.payload model_dump + uuid4)",
        r"_row \(tunix_rt/traces/ingest.py",
    ),
    ("datasets: selection / stats / hash (Python)", r"tunix_rt/datasets/(selection|stats)"),
    ("SQL driver: asyncpg (bind encode, protocol, copy)", r"(asyncpg/|AsyncAdapt_asyncpg)"),
    ("SQL driver: aiosqlite / sqlite3", r"(aiosqlite/|AsyncAdapt_aiosqlite|sqlite3)"),
    (
        "SQL: bind values (JSON serialize, TypeDecorators)",
        r"(process_bind_param|dumps_str|bind_processor|_json_serializer)",
    ),
    (
        "SQL: statement params + insertmanyvalues (SQLAlchemy)",
        r"(construct_params|_deliver_insertmanyvalues_batches|_process_parameters|_collect_insert_commands|_bulk_insert\.<locals>)",
    ),
    (
        "SQL: compile / cache key (SQLAlchemy)",
        r"(\.compile|_compiler|_generate_cache_key|_gen_cache_key|visit_)",
    ),
    (
        "SQL: result rows / ORM objects (SQLAlchemy)",
        r"(loading\.py|_instance|_fetchall_impl|_allrows|Result\.all|scalars|process_result_value|_return_orm_returning)",
    ),
    ("SQL: other SQLAlchemy (session, engine, pool)", r"sqlalchemy/"),
    ("response: _created() -> TraceCreated models", r"_created \(tunix_rt/traces/router.py"),
    ("response: list rows -> TraceSummary models", r"list_traces \(tunix_rt/traces/router.py"),
    (
        "response: serialize (FastAPI serialize_response / pydantic dump)",
        r"(serialize_response|_prepare_response_content|jsonable_encoder|dump_json|model_dump_json)",
    ),
    ("response: export lines (export_record + orjson)", r"(export_record|dumps_line|payload_of)"),
    (
        "ingest(): own lines (hash list, dedup dicts, outcomes, metrics)",
        r"ingest \(tunix_rt/traces/ingest.py",
    ),
    ("endpoint: own lines", r"tunix_rt/"),
    ("FastAPI/Starlette: routing, middleware, dependencies", r"(starlette/|fastapi/|pydantic/)"),
    ("HTTP server: uvicorn/httptools", r"uvicorn/"),
    ("asyncio event loop", r"asyncio/"),
]


def parse(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        stacks.append((stack.split(";"), int(count)))
    return stacks


def short(frame: str, with_line: bool) -> str:
    m = FRAME.match(frame)
    if not m:
        return frame
    where = m["file"] + (f":{m['line']}" if with_line and m["line"] else "")
    return f"{m['func']} ({where})"


def categorize(frames: list[str], rules: list[tuple[str, re.Pattern[str]]]) -> str:
    for name, rx in rules:
        if any(rx.search(f) for f in frames):
            return name
    return "other"


def summarize(path: Path, top: int) -> str:
    stacks = parse(path)
    # idle worker threads parked on a queue are sampled too; they are not server CPU
    idle = sum(c for f, c in stacks if IDLE.search(f[-1]))
    stacks = [(f, c) for f, c in stacks if not IDLE.search(f[-1])]
    total = sum(c for _, c in stacks) or 1
    rules = [(n, re.compile(r)) for n, r in RULES]
    cats: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    self_: Counter[str] = Counter()
    for frames, count in stacks:
        cats[categorize(frames, rules)] += count
        for f in {short(f, False) for f in frames}:
            incl[f] += count
        self_[short(frames[-1], True)] += count
    out = [
        f"## {path.name}: {total} samples ({idle} idle worker-thread samples left out)",
        "",
        "By category (% of server CPU samples):",
    ]
    out += [f"  {100 * c / total:5.1f}%  {n}" for n, c in cats.most_common()]
    out += ["", f"Top {top} functions, inclusive:"]
    out += [f"  {100 * c / total:5.1f}%  {n}" for n, c in incl.most_common(top)]
    out += ["", f"Top {top} lines, self:"]
    out += [f"  {100 * c / total:5.1f}%  {n}" for n, c in self_.most_common(top)]
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("profiles", nargs="+", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    for p in args.profiles:
        print(summarize(p, args.top))


if __name__ == "__main__":
    main()
