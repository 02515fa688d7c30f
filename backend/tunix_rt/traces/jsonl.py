"""Splitting a byte stream into numbered JSONL lines without holding the whole stream."""

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, counting blank lines, as an editor shows it
    data: bytes | None  # None when the line was longer than the limit
    length: int


async def numbered_lines(chunks: AsyncIterable[bytes], max_line_bytes: int) -> AsyncIterator[Line]:
    """Yield non-blank lines; a line over the limit is yielded with data=None, not buffered."""
    buffer = bytearray()
    number = 0
    overflow = 0  # bytes of the current line dropped because it is too long
    async for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                tail = chunk[start:]
                if overflow or len(buffer) + len(tail) > max_line_bytes:
                    overflow += len(buffer) + len(tail)
                    buffer.clear()
                else:
                    buffer += tail
                break
            piece = chunk[start:end]
            number += 1
            if overflow or len(buffer) + len(piece) > max_line_bytes:
                yield Line(number, None, overflow + len(buffer) + len(piece))
            else:
                buffer += piece
                line = bytes(buffer).rstrip(b"\r")
                if line.strip():
                    yield Line(number, line, len(line))
            buffer.clear()
            overflow = 0
            start = end + 1
    if overflow:
        yield Line(number + 1, None, overflow + len(buffer))
    elif buffer.strip():
        yield Line(number + 1, bytes(buffer).rstrip(b"\r"), len(buffer))
