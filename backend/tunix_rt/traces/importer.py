"""JSONL import: validate each line, write in chunks inside one transaction.

All-or-nothing by default: the first bad line stops writing, every later line is still
checked so the report lists all problems, and the transaction is rolled back.
"""

from collections.abc import AsyncIterable
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tunix_rt.core.trace import TRACE, Trace
from tunix_rt.errors import field_path
from tunix_rt.traces.ingest import ingest
from tunix_rt.traces.jsonl import numbered_lines
from tunix_rt.traces.schemas import ImportReport, LineError

WRITE_CHUNK = 2000
MAX_REPORTED_ERRORS = 1000
Mode = Literal["all_or_nothing", "skip"]


class _Tally:
    def __init__(self) -> None:
        self.imported = 0
        self.duplicates = 0
        self.failed = 0
        self.lines = 0
        self.errors: list[LineError] = []

    def fail(self, line: int, problems: list[tuple[str | None, str]]) -> None:
        """Count one bad line; list up to five of its problems."""
        self.failed += 1
        for field, message in problems[:5]:
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append(LineError(line=line, field=field, message=message))


async def import_jsonl(
    session: AsyncSession, chunks: AsyncIterable[bytes], mode: Mode, max_line_bytes: int
) -> ImportReport:
    tally = _Tally()
    pending: list[Trace] = []

    async def flush() -> None:
        outcomes = await ingest(session, pending, path="import")
        created = sum(1 for o in outcomes if not o.duplicate)
        tally.imported += created
        tally.duplicates += len(outcomes) - created
        pending.clear()

    async for line in numbered_lines(chunks, max_line_bytes):
        tally.lines = line.number
        if line.data is None:
            tally.fail(
                line.number, [(None, f"line is {line.length} bytes; the limit is {max_line_bytes}")]
            )
            continue
        try:
            trace = TRACE.validate_json(line.data)
        except ValidationError as exc:
            tally.fail(line.number, [_problem(err) for err in exc.errors()])
            continue
        if tally.failed and mode == "all_or_nothing":
            continue  # keep checking the rest, write nothing more
        pending.append(trace)
        if len(pending) >= WRITE_CHUNK:
            await flush()
    if pending and not (tally.failed and mode == "all_or_nothing"):
        await flush()

    if tally.failed and mode == "all_or_nothing":
        await session.rollback()
        tally.imported = tally.duplicates = 0
    else:
        await session.commit()
    return ImportReport(
        mode=mode,
        lines_read=tally.lines,
        imported=tally.imported,
        duplicates=tally.duplicates,
        failed=tally.failed,
        errors=tally.errors,
        errors_truncated=tally.failed > len({e.line for e in tally.errors}),
    )


def _problem(err: Any) -> tuple[str | None, str]:
    if err["type"] == "json_invalid":
        return None, "invalid JSON: " + err["msg"]
    return field_path(err["loc"]), err["msg"]
